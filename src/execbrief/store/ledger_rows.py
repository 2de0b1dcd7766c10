"""An incident's ledger in the database, inside the caller's transaction: its events read
and appended, its commitments replayed from them, and the `commitments` table rewritten
from the replay (that table is a copy kept for the due list, never written on its own)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from execbrief.core.followup import TrackedCommitment
from execbrief.core.followup.events import Event
from execbrief.core.followup.ledger import events_between, replay, stamped
from execbrief.errors import OutsideSystemError
from execbrief.store.event_rows import due_text, event_from_row, event_row
from execbrief.store.models import commitments, events


def ledger(connection: Connection, incident_id: str) -> list[Event]:
    """The incident's events, oldest first."""
    rows = connection.execute(
        select(events).where(events.c.incident_id == incident_id).order_by(events.c.seq)
    )
    return [event_from_row(r) for r in rows]


def replayed(connection: Connection, incident_id: str) -> list[TrackedCommitment]:
    """The incident's commitments, replayed from the ledger."""
    return replay(ledger(connection, incident_id))


def append(connection: Connection, incident_id: str, new: list[Event]) -> None:
    if not new:
        return
    last = connection.execute(
        select(func.max(events.c.seq)).where(events.c.incident_id == incident_id)
    ).scalar()
    start = int(last or 0) + 1
    connection.execute(
        insert(events), [event_row(incident_id, start + i, e) for i, e in enumerate(new)]
    )


def write_commitments(
    connection: Connection,
    incident_id: str,
    zone_name: str,
    old: list[TrackedCommitment],
    new: list[TrackedCommitment],
    *,
    at: datetime,
    who: str | None,
    reason: str | None = None,
) -> list[TrackedCommitment]:
    """Record the events that turn `old` into `new`, then rewrite each changed row of
    the `commitments` table from the replayed ledger (same transaction)."""
    from execbrief.core.incident import load_zone

    recorded = events_between(old, new, at=at, who=who, reason=reason)
    append(connection, incident_id, recorded)
    now = replayed(connection, incident_id)
    if now != stamped(new, at):  # the ledger must say exactly what the change meant
        raise OutsideSystemError(
            f"the ledger of '{incident_id}' does not replay to the change; nothing was saved"
        )
    zone = load_zone(zone_name)
    before = {c.number: c for c in old}
    for c in now:
        row = {
            "what": c.what,
            "owner": c.owner,
            "source": c.source,
            "state": c.state,
            "current_due": due_text(c.current_due),
            "due_at": c.due_at(zone),
        }
        previous = before.get(c.number)
        if previous is None:
            connection.execute(
                insert(commitments).values(incident_id=incident_id, number=c.number, **row)
            )
        elif previous != c:
            connection.execute(
                update(commitments)
                .where(commitments.c.incident_id == incident_id)
                .where(commitments.c.number == c.number)
                .values(**row)
            )
    return now
