"""A ledger event as the `commitment_events` table holds it, written and read back (the
full store and the driver-only history reads share the reading)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from execbrief.core.followup.events import Event
from execbrief.core.incident.times import parse_due


def due_text(value: date | datetime) -> str:
    return value.isoformat()


def event_row(incident_id: str, seq: int, e: Event) -> dict[str, Any]:
    return {
        "incident_id": incident_id,
        "seq": seq,
        "number": e.number,
        "kind": e.kind,
        "at": e.at,
        "who": e.who,
        "what": e.what,
        "owner": e.owner,
        "source": e.source,
        "due": None if e.due is None else due_text(e.due),
        "old_due": None if e.old_due is None else due_text(e.old_due),
        "reason": e.reason,
        "note": e.note,
        "link": e.link,
        "done_at": e.done_at,
        "state": e.state,
    }


def read_due(text: str) -> date | datetime:
    return parse_due(text, None)


def _maybe_due(text: str | None) -> date | datetime | None:
    return None if text is None else read_due(text)


def event_from_row(row: Any) -> Event:
    """The event of a row whose times are already aware datetimes."""
    return Event(
        number=row.number,
        kind=row.kind,
        at=row.at,
        who=row.who,
        what=row.what,
        owner=row.owner,
        source=row.source,
        due=_maybe_due(row.due),
        old_due=_maybe_due(row.old_due),
        reason=row.reason,
        note=row.note,
        link=row.link,
        done_at=row.done_at,
        state=row.state,
    )
