"""A ledger event as the `commitment_events` table holds it, read back (the full store
and the driver-only history reads share it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from execbrief.core.followup.events import Event
from execbrief.core.incident.times import parse_due


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
