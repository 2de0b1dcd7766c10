"""The "keep me informed" update as plain text (for an email or chat) and Markdown."""

from __future__ import annotations

import json

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
