"""What the web editor needs beyond SPEC 8's routes: the text of a saved version, the
facts that changed between two versions, the brief's files to download, and a
pager or monitoring export dropped on the page turned into (or merged into) the text.

Each takes the open store of the server process; heavy modules are imported inside.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from execbrief.app.importing import Imported, ImportOptions, Source
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.app.followup import Changes
    from execbrief.store.repository import Store

# What can be downloaded: format name -> (file name suffix, media type).
DOWNLOADS = {
    "md": ("brief.md", "text/markdown; charset=utf-8"),
    "pdf": ("brief.pdf", "application/pdf"),
    "pptx": (
        "brief.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "presenter": ("presenter.md", "text/markdown; charset=utf-8"),
}
# A dropped file: the payload readers' own caps apply too; this bounds the request.
MAX_DROPPED_BYTES = 5_000_000
# The sources a dropped file may come from: a saved payload, read without options.
DROPPABLE = (Source.pagerduty, Source.opsgenie, Source.alertmanager, Source.statuspage)


class SavedText(NamedTuple):
    version: int
    title: str
    text: str
    saved_by: str | None


def saved_text(store: Store, incident_id: str, version: int | None = None) -> SavedText | None:
    """The text of a saved version (the latest by default) as the editor shows it: what
    the editor saved, or, for a version saved from a file, its facts as YAML. None when
    the incident or the version is not in the store."""
    if not store.has_incident(incident_id):
        return None
    latest = store.latest_version(incident_id)
    number = latest if version is None else version
    if not 1 <= number <= latest:
        return None
    found = store.version(incident_id, number)
    text = found.source if found.source is not None else _as_yaml(found.facts)
    return SavedText(number, str(found.facts.get("title") or incident_id), text, found.saved_by)


def _as_yaml(facts: dict[str, Any]) -> str:
    import yaml

    head = "# saved from a file with `execbrief save`; its comments are not kept\n"
    return head + yaml.safe_dump(facts, sort_keys=False, allow_unicode=True, width=92)


def compare(store: Store, incident_id: str, old: int, new: int) -> Changes:
    """The facts that changed from version `old` to version `new` (SPEC 6's versions)."""
    from execbrief.app.followup import Changes
    from execbrief.core.followup import changes

    latest = store.latest_version(incident_id)
    for number, name in ((old, "from"), (new, "to")):
        if not 1 <= number <= latest:
            raise InputError.single(
                f"there is no version {number}; this incident has 1 to {latest}", field=name
            )
    before = store.version(incident_id, old).facts
    after = store.version(incident_id, new).facts
    return Changes(old, new, changes(before, after))


def download(store: Store, incident_id: str, fmt: str, now: datetime) -> tuple[str, str, bytes]:
    """The brief of the latest version at `now` as a file: (file name, media type, bytes).
    The commitments are the ledger's, as `execbrief brief --db` shows them."""
    from execbrief.app.briefing import brief_for
    from execbrief.core.followup.ledger import as_planned
    from execbrief.core.incident import read_incident
    from execbrief.render import render

    if fmt not in DOWNLOADS:
        raise InputError.single(
            f"no download '{fmt}'", field="format", hint="one of " + ", ".join(DOWNLOADS)
        )
    latest = store.latest_version(incident_id)
    incident = read_incident(store.version(incident_id, latest).facts)
    brief = brief_for(incident, now, ledger=as_planned(store.commitments(incident_id)))
    content = render(fmt, brief)
    data = content.encode("utf-8") if isinstance(content, str) else content
    suffix, media = DOWNLOADS[fmt]
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in incident_id)[:80]
    return f"{safe}-{suffix}", media, data


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
            f"the file is larger than {MAX_DROPPED_BYTES // 1_000_000} MB", file=name
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
                "this is not a JSON export", file=name, hint=f"drop a saved payload of {droppable}"
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


def commitment_rows(store: Store, incident_id: str, now: datetime) -> list[dict[str, Any]]:
    """The incident's commitments from the ledger, each with its state at `now` (open,
    kept, kept_late, slipped, missed) and that state in words in the audience's zone."""
    from execbrief.core.incident import load_zone
    from execbrief.core.story.promise_state import promise_status, status_words

    zone = load_zone(store.zone(incident_id))
    rows = []
    for c in store.commitments(incident_id):
        if c.state == "withdrawn":
            continue
        state = promise_status(
            kept=c.state == "kept",
            slipped=c.state == "slipped",
            due=c.current_due,
            done_at=c.done_at,
            zone=zone,
            now=now,
        )
        rows.append(
            {
                "number": c.number,
                "what": c.what,
                "owner": c.owner,
                "due": c.current_due.isoformat(),
                "first_due": c.due.isoformat(),
                "state": state,
                "pending": c.pending,
                "when": status_words(
                    state,
                    due=c.current_due,
                    done_at=c.done_at,
                    reason=c.reason,
                    zone=zone,
                    now=now,
                ),
                "note": c.note,
            }
        )
    return rows


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
