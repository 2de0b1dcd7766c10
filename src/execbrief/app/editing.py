"""What the web editor and follow-through pages need beyond app/workspace.py: a pager or
monitoring export dropped on the editor turned into (or merged into) the incident's
text, and which ways of sending the update the server is set up for. Heavy modules are
imported inside the functions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from execbrief.app.importing import Imported, ImportOptions, Source
from execbrief.errors import InputError

# A dropped file: the payload readers' own caps apply too; this bounds the request.
MAX_DROPPED_BYTES = 5_000_000
# The sources a dropped file may come from: a saved payload, read without options.
DROPPABLE = (Source.pagerduty, Source.opsgenie, Source.alertmanager, Source.statuspage)


def guess_source(data: Any) -> Source | None:
    """Which tool an export came from, by its shape (the shapes of tests/fixtures/import)."""
    if isinstance(data, list):
        first = data[0] if data and isinstance(data[0], dict) else {}
        if "labels" in first or "alerts" in first:
            return Source.alertmanager
        return None
    if not isinstance(data, dict):
        return None
    inner = data.get("data")
    if ("meta" in data and "page" in data) or "incident_updates" in data:
        return Source.statuspage
    if "incidents" in data and "page" in data:
        return Source.statuspage
    if "alert" in data and "action" in data:
        return Source.opsgenie
    if isinstance(inner, dict) and ("tinyId" in inner or "alias" in inner):
        return Source.opsgenie
    if isinstance(inner, list) and inner and isinstance(inner[0], dict):
        if "tinyId" in inner[0]:
            return Source.opsgenie
        if "labels" in inner[0]:
            return Source.alertmanager
    if isinstance(inner, dict) and "resultType" in inner:
        return Source.prometheus
    if "event" in data or "incident" in data or "incidents" in data:
        return Source.pagerduty
    if "alerts" in data and ("receiver" in data or "groupKey" in data):
        return Source.alertmanager
    return None


class Dropped(NamedTuple):
    source: Source
    imported: Imported


def import_dropped(name: str, content: bytes, source: str | None, current: str | None) -> Dropped:
    """A pager or monitoring export dropped on the editor: its draft, merged into the
    editor's `current` text when that is an incident already (values written there by
    hand win), as YAML with where each value came from. `source` names the tool; without
    it the export's shape says. InputError for a file that is not a known export."""
    import tempfile

    from execbrief.app.importing import DraftFormat, import_drafts, write_draft

    if len(content) > MAX_DROPPED_BYTES:
        raise InputError.single(
            f"the file is larger than {MAX_DROPPED_BYTES // 1_000_000} megabytes", file=name
        )
    chosen = _chosen(name, content, source)
    with tempfile.TemporaryDirectory(prefix="execbrief-drop-") as folder:
        payload = Path(folder) / "export.json"
        payload.write_bytes(content)
        try:
            drafts = import_drafts(chosen, [payload], ImportOptions())
        except InputError as exc:
            raise _named(exc, name) from None
        existing = None
        if current and current.strip() and _has_facts(current):
            existing = Path(folder) / "your-text.yaml"
            existing.write_text(current, encoding="utf-8")
        try:
            imported = write_draft(drafts, [name], DraftFormat.yaml, None, existing)
        except InputError as exc:
            raise _named(exc, "the editor's text" if existing else name) from None
    return Dropped(chosen, imported)


def _chosen(name: str, content: bytes, source: str | None) -> Source:
    droppable = ", ".join(s.value for s in DROPPABLE)
    if source:
        try:
            picked = Source(source)
        except ValueError:
            raise InputError.single(
                f"no source '{source}'", field="source", hint=f"one of {droppable}"
            ) from None
    else:
        try:
            data = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise InputError.single(
                "this file is not an export execbrief can read",
                file=name,
                hint=f"drop a saved payload of {droppable}",
            ) from None
        found = guess_source(data)
        if found is None:
            raise InputError.single(
                "execbrief cannot tell which tool this export is from",
                file=name,
                hint=f"pick the tool by hand: {droppable}",
            )
        picked = found
    if picked not in DROPPABLE:
        raise InputError.single(
            f"a {picked.value} export needs options the page does not offer",
            file=name,
            hint=f"use `execbrief import {picked.value}` on the command line",
        )
    return picked


def _has_facts(text: str) -> bool:
    """Whether the editor holds an incident already (a title), not the blank template."""
    import re

    return bool(re.search(r"^title:[ \t]*[^\s#]", text, re.MULTILINE))


def _named(error: InputError, name: str) -> InputError:
    """The error with the dropped file's name in place of our temporary file's path."""
    problems = [
        p._replace(place=p.place._replace(file=name))
        if p.place.file and "execbrief-drop-" in p.place.file
        else p
        for p in error.problems
    ]
    return InputError(problems)


def delivery_channels() -> list[str]:
    """The ways the update can be sent from the web: Slack when its webhook is set
    (EXECBRIEF_SLACK_WEBHOOK), e-mail when an SMTP server is set (EXECBRIEF_SMTP_HOST)."""
    import os

    found = []
    if os.environ.get("EXECBRIEF_SMTP_HOST"):
        found.append("email")
    if os.environ.get("EXECBRIEF_SLACK_WEBHOOK"):
        found.append("slack")
    return found
