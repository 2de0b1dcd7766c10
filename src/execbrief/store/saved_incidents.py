"""The saved incidents: whether one is saved, its audience's time zone, every id, the list
with each one's soonest promise not yet kept, and the promises due before a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from execbrief.store.brief_versions import latest_version
from execbrief.store.due_query import DueRow
from execbrief.store.models import commitments, incidents

# The columns of a DueRow, in its field order: `due` and `summaries` both read them.
_DUE_ROW = (
    commitments.c.incident_id,
    commitments.c.number,
    commitments.c.what,
    commitments.c.owner,
    commitments.c.current_due,
    commitments.c.state,
    commitments.c.due_at,
    incidents.c.zone,
)


@dataclass(frozen=True)
class IncidentSummary:
    id: str
    title: str
    state: str
    latest_version: int
    updated_at: datetime
    next: DueRow | None


def has_incident(connection: Connection, incident_id: str) -> bool:
    found = connection.execute(select(incidents.c.id).where(incidents.c.id == incident_id)).first()
    return found is not None


def zone(connection: Connection, incident_id: str) -> str:
    """The audience's time zone saved with the incident."""
    latest_version(connection, incident_id)
    found = connection.execute(
        select(incidents.c.zone).where(incidents.c.id == incident_id)
    ).scalar()
    return str(found)


def incident_ids(connection: Connection) -> list[tuple[str, str]]:
    """Every saved incident's id and the audience's zone."""
    return [
        (r.id, r.zone)
        for r in connection.execute(
            select(incidents.c.id, incidents.c.zone).order_by(incidents.c.id)
        )
    ]


def due(connection: Connection, horizon: datetime | None) -> list[DueRow]:
    """Commitments not yet kept that fall before `horizon` (all of them when None),
    soonest first; with no horizon, kept ones too."""
    query = (
        select(*_DUE_ROW)
        .select_from(commitments)
        .join(incidents, incidents.c.id == commitments.c.incident_id)
    )
    if horizon is None:
        query = query.where(commitments.c.state != "withdrawn")
    else:
        query = query.where(commitments.c.state.in_(("open", "slipped"))).where(
            commitments.c.due_at <= horizon
        )
    query = query.order_by(commitments.c.due_at, commitments.c.incident_id, commitments.c.number)
    return [DueRow(*row) for row in connection.execute(query)]


def summaries(connection: Connection) -> list[IncidentSummary]:
    """Every saved incident, last changed first, with its soonest promise not yet kept."""
    pending = commitments.c.state.in_(("open", "slipped"))
    soonest = (
        select(commitments.c.incident_id, func.min(commitments.c.due_at).label("due_at"))
        .where(pending)
        .group_by(commitments.c.incident_id)
        .subquery()
    )
    first: dict[str, DueRow] = {}
    rows = connection.execute(
        select(*_DUE_ROW)
        .select_from(commitments)
        .join(incidents, incidents.c.id == commitments.c.incident_id)
        .join(
            soonest,
            (soonest.c.incident_id == commitments.c.incident_id)
            & (soonest.c.due_at == commitments.c.due_at),
        )
        .where(pending)
        .order_by(commitments.c.number)
    )
    for row in rows:
        first.setdefault(row.incident_id, DueRow(*row))
    listed = connection.execute(select(incidents).order_by(incidents.c.updated_at.desc()))
    return [
        IncidentSummary(r.id, r.title, r.state, r.latest_version, r.updated_at, first.get(r.id))
        for r in listed
    ]
