"""History read through SQLAlchemy: what is kept of past incidents, and the ledgers of the
ones a report names (history_query.py reads the same through the driver alone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from execbrief.core.followup.events import Event
from execbrief.core.history import PastIncident
from execbrief.store.brief_versions import latest_version
from execbrief.store.event_rows import event_from_row
from execbrief.store.history_query import no_history
from execbrief.store.history_rows import past_from_row
from execbrief.store.models import events, history, incidents


def past_incidents(
    connection: Connection, since: datetime | None = None, until: datetime | None = None
) -> list[PastIncident]:
    """What history keeps of each incident begun in [since, until), oldest first."""
    query = select(history).order_by(history.c.started, history.c.incident_id)
    if since is not None:
        query = query.where(history.c.started >= since)
    if until is not None:
        query = query.where(history.c.started < until)
    return [past_from_row(r) for r in connection.execute(query)]


def past_incident(connection: Connection, incident_id: str) -> PastIncident:
    latest_version(connection, incident_id)
    row = connection.execute(select(history).where(history.c.incident_id == incident_id)).first()
    if row is None:
        raise no_history(incident_id)
    return past_from_row(row)


def ledgers(connection: Connection, incident_ids: list[str]) -> dict[str, tuple[str, list[Event]]]:
    """Each incident's zone and ledger, for the incidents named (one query each way)."""
    zones = dict(
        connection.execute(
            select(incidents.c.id, incidents.c.zone)
            .where(incidents.c.id.in_(incident_ids))
            .order_by(incidents.c.id)
        ).all()
    )
    found: dict[str, tuple[str, list[Event]]] = {k: (z, []) for k, z in zones.items()}
    rows = connection.execute(
        select(events)
        .where(events.c.incident_id.in_(incident_ids))
        .order_by(events.c.incident_id, events.c.seq)
    )
    for row in rows:
        found[row.incident_id][1].append(event_from_row(row))
    return found
