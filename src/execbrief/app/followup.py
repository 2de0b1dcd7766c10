"""Follow-through on a brief (SPEC section 6): save briefs, track the commitments made in
them, draft the "keep me informed" update, compare saved versions.

Each use case opens the store (a file path or a postgresql:// URL, else
$EXECBRIEF_DATABASE_URL, else a file in the user's data folder), asks the core what to do,
and returns what it found or made. SQLAlchemy, Alembic and icalendar are imported inside
the functions, so that `execbrief --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from execbrief.app.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.followup import TrackedCommitment, Update
    from execbrief.core.followup.changes import Change
    from execbrief.core.incident import Incident
    from execbrief.store.repository import SaveResult, Store


class UpdateFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


class Changes(NamedTuple):
    """The facts that changed from one saved version to another."""

    from_version: int
    to_version: int
    found: list[Change]


def _store(db: str | None) -> Store:
    from execbrief.store import open_store

    return open_store(db)


def _state(incident: Incident) -> str:
    if incident.timeline.resolved is not None:
        return "resolved"
    return "mitigated" if incident.timeline.mitigated is not None else "ongoing"


def save_incident(file: Path, now: str | None, db: str | None) -> SaveResult:
    """Store the incident in `file` and a new version of its brief at `now`, unless its
    facts are the same as the latest version's; the commitments it makes are reconciled
    with those already tracked."""
    import hashlib
    import json

    from execbrief.app.briefing import brief_for
    from execbrief.core.followup import incident_key, reconcile, wanted
    from execbrief.core.story import document
    from execbrief.render.json_document import plain
    from execbrief.sources.incident_file import load_incident

    incident = load_incident(file)
    moment = parse_now(now)
    facts = incident.model_dump(mode="json")
    digest = hashlib.sha256(
        json.dumps(facts, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    promised = wanted(incident, moment)
    return _store(db).save(
        incident_key(incident),
        title=incident.title,
        state=_state(incident),
        zone=incident.zone.key,
        facts=facts,
        document=plain(document(brief_for(incident, moment))),
        digest=digest,
        plan=lambda stored: reconcile(stored, promised),
        saved_at=moment,
    )


def due_items(now: str | None, show_all: bool, db: str | None) -> list[dict[str, Any]]:
    """Commitments due within a day or overdue, across incidents (with `show_all`, also
    those not due yet and the kept ones), each with its status at `now`."""
    from execbrief.core.followup import due_horizon, due_status
    from execbrief.store.database import database_url
    from execbrief.store.due_query import due_rows

    moment = parse_now(now)
    horizon = None if show_all else due_horizon(moment)
    rows = due_rows(database_url(db), horizon)  # the driver alone: quick from cron
    if rows is None:  # a new or older database: open the store, which migrates it
        rows = _store(db).due(horizon)
    items: list[dict[str, Any]] = []
    for row in rows:
        status = due_status(row.state, row.due_at, moment)
        if status is not None:
            items.append(
                {
                    "incident": row.incident,
                    "number": row.number,
                    "what": row.what,
                    "owner": row.owner,
                    "due": row.due,
                    "status": status,
                }
            )
    return items


def _only(number: int) -> Callable[[list[TrackedCommitment]], TrackedCommitment]:
    def pick(commitments: list[TrackedCommitment]) -> TrackedCommitment:
        for c in commitments:
            if c.number == number:
                return c
        raise InputError.single(
            f"there is no commitment {number}; this incident has "
            f"{len(commitments)} (numbered from 1)",
            field="N",
            hint="`execbrief update INCIDENT` lists them with their numbers",
        )

    return pick


def mark_kept(incident: str, number: int, at: str | None, note: str | None, db: str | None) -> None:
    """Mark commitment `number` of `incident` kept, at `at` (else now), with a note."""
    from execbrief.core.followup import CommitmentChangeError, keep

    moment = parse_now(at, "--at")

    def change(commitments: list[TrackedCommitment], still_open: bool) -> list[TrackedCommitment]:
        _only(number)(commitments)
        try:
            return keep(commitments, number, moment, note, incident_open=still_open)
        except CommitmentChangeError as exc:
            raise InputError.single(str(exc), field="N") from None

    _store(db).change_commitments(incident, change, moment)


def _read_to(value: str) -> date | datetime:
    from execbrief.core.incident import TimeValueError, parse_due

    try:
        return parse_due(value, None)
    except TimeValueError as exc:
        raise InputError.single(
            str(exc), field="--to", hint="a date (2026-12-02) or a time with an offset"
        ) from None


def move_commitment(
    incident: str, number: int, to: str, why: str, db: str | None
) -> date | datetime:
    """Move commitment `number` of `incident` to `to`, keeping the old date and `why`;
    returns the new due date (or time)."""
    from execbrief.core.followup import CommitmentChangeError, move

    new_due = _read_to(to)
    if not why.strip():
        raise InputError.single("say why it moved", field="--why")
    moment = parse_now(None)

    def change(commitments: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        target = _only(number)(commitments)
        try:
            moved = move(target, new_due, why.strip(), moment)
        except CommitmentChangeError as exc:
            raise InputError.single(str(exc), field="N") from None
        return [moved if c.number == number else c for c in commitments]

    _store(db).change_commitments(incident, change, moment)
    return new_due


def draft_update(
    incident: str, fmt: UpdateFormat, now: str | None, db: str | None
) -> tuple[str, list[str]]:
    """The "keep me informed" update for `incident` at `now`, rendered in `fmt`, and the
    language checker's notes on its own sentences (ours to fix before the CEO sees it)."""
    from execbrief.core.followup import changes, compose_update
    from execbrief.core.incident import read_incident
    from execbrief.render import update as render_update

    moment = parse_now(now)
    store = _store(db)
    latest = store.latest_version(incident)
    current = store.version(incident, latest)
    previous = store.version(incident, latest - 1).facts if latest > 1 else None
    facts = read_incident(current.facts)
    draft = compose_update(
        incident,
        facts,
        latest,
        changes(previous, current.facts),
        store.commitments(incident),
        moment,
    )
    notes = _language_notes(draft, facts)
    show = {
        UpdateFormat.text: render_update.text,
        UpdateFormat.md: render_update.markdown,
        UpdateFormat.json: render_update.as_json,
    }[fmt]
    return show(draft), notes


def _language_notes(draft: Update, facts: Incident) -> list[str]:
    """The executive-language checker over the draft's sentences. Words quoted from the
    incident file are reported under their own fields by `execbrief check`, not here."""
    from execbrief.core.story.incident_text import check_generated
    from execbrief.sources.glossary_file import load_lexicon

    texts = [
        (f"update.{title}[{n}]", item)
        for title, items in draft.lines()
        for n, item in enumerate(items)
    ]
    return [
        f"{finding.field}: {finding.message} ('{finding.text}')"
        + (f"; say instead: {finding.suggestion}" if finding.suggestion else "")
        for finding in check_generated(texts, facts, load_lexicon())
    ]


def write_calendar(incident: str, out: Path, db: str | None, *, force: bool = False) -> int:
    """Write the incident's commitments as calendar events with reminders (.ics) to
    `out`; returns how many are open. InputError when `out` is a file execbrief may not
    replace (app/files.py), unless `force`."""
    from execbrief.app.files import record_written, refuse_others, write_atomic
    from execbrief.render.calendar import calendar as ics

    refuse_others([out], force=force)
    store = _store(db)
    facts = store.version(incident, store.latest_version(incident)).facts
    commitments = store.commitments(incident)
    data = ics(incident, str(facts.get("title", incident)), commitments, datetime.now(UTC))
    try:
        write_atomic(out, data.decode("utf-8"))
        record_written([out])
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror}", file=str(out)) from None
    return sum(1 for c in commitments if c.pending)


def version_changes(
    incident: str, old: int | None, new: int | None, db: str | None
) -> Changes | None:
    """The facts that changed between two saved versions (default: the last two); None
    when only version 1 is saved and no version was asked for."""
    from execbrief.core.followup import changes

    store = _store(db)
    latest = store.latest_version(incident)
    if latest == 1 and old is None and new is None:
        return None
    to_version = new if new is not None else latest
    from_version = old if old is not None else max(to_version - 1, 1)
    before = store.version(incident, from_version).facts
    after = store.version(incident, to_version).facts
    return Changes(from_version, to_version, changes(before, after))


def incident_list(db: str | None) -> list[dict[str, Any]]:
    """The saved incidents with their status, versions and next open commitment."""
    return [
        {
            "incident": s.id,
            "title": s.title,
            "status": s.state,
            "versions": s.latest_version,
            "next": None
            if s.next is None
            else {"number": s.next.number, "what": s.next.what, "due": s.next.due},
        }
        for s in _store(db).incidents()
    ]
