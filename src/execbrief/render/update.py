"""The "keep me informed" update as plain text (for an email or chat) and Markdown."""

from __future__ import annotations

import json
from typing import Any

from execbrief.core.followup import Update, update_document
from execbrief.render.markdown_text import text as md


def text(update: Update) -> str:
    out = [update.title, ""]
    for title, items in update.lines():
        out.append(f"{title}:")
        out.extend(f"- {item}" for item in items)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def markdown(update: Update) -> str:
    """The update in Markdown; its text holds the incident's words, so each line is
    escaped: nothing from the incident becomes a link, an image or markup."""
    out = [f"# {md(update.title)}", ""]
    for title, items in update.lines():
        out.append(f"## {md(title)}")
        out.append("")
        out.extend(f"- {md(item)}" for item in items)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def as_json(update: Update) -> str:
    return json.dumps(update_document(update), indent=2, ensure_ascii=False) + "\n"


def subject(update: Update) -> str:
    return update.title


def _slack_text(text: str) -> str:
    """Slack mrkdwn treats &, < and > as markup: text from the incident is escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_blocks(title: str, parts: list[tuple[str, list[str]]]) -> dict[str, Any]:
    """A Slack incoming-webhook message (Block Kit): a header, then one section per part.
    `text` is the plain fallback shown in notifications."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}}
    ]
    for heading, items in parts:
        body = f"*{_slack_text(heading)}*\n" + "\n".join(f"• {_slack_text(i)}" for i in items)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": body[:3000]}})
    return {"text": title, "blocks": blocks}


def slack(update: Update) -> dict[str, Any]:
    return slack_blocks(update.title, update.lines())
