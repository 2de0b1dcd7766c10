"""The "keep me informed" update as plain text (for an email or chat) and Markdown."""

from __future__ import annotations

import json

from execbrief.core.followup import Update, update_document


def text(update: Update) -> str:
    out = [update.title, ""]
    for title, items in update.lines():
        out.append(f"{title}:")
        out.extend(f"- {item}" for item in items)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def markdown(update: Update) -> str:
    out = [f"# {update.title}", ""]
    for title, items in update.lines():
        out.append(f"## {title}")
        out.append("")
        out.extend(f"- {item}" for item in items)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def as_json(update: Update) -> str:
    return json.dumps(update_document(update), indent=2, ensure_ascii=False) + "\n"
