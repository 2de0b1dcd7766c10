"""The brief's saved versions: what a save answers, the refusal of a save based on an old
version, and the versions read back (one whole, or the list of them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from execbrief.errors import InputError
from execbrief.store.history_query import unknown_incident
from execbrief.store.models import incidents, versions


class VersionMoved(Exception):
    """A save based on an older version than the latest: nothing was written. The caller
    shows what changed instead of overwriting it."""

    def __init__(self, incident_id: str, expected: int, latest: int) -> None:
        super().__init__(f"'{incident_id}' is at version {latest}, not {expected}")
        self.incident_id, self.expected, self.latest = incident_id, expected, latest


@dataclass(frozen=True)
class SaveResult:
    incident_id: str
    version: int
    created: bool  # False: the facts were the same as the latest version


@dataclass(frozen=True)
class Version:
    number: int
    saved_at: datetime
    facts: dict[str, Any]
    document: dict[str, Any]
    saved_by: str | None = None
    source: str | None = None  # the text the web editor saved; None for a file's save


@dataclass(frozen=True)
class VersionInfo:
    number: int
    saved_at: datetime
    saved_by: str | None


def latest_version(connection: Connection, incident_id: str) -> int:
    """The number of the incident's latest version; a user error when it is not saved."""
    latest = connection.execute(
        select(incidents.c.latest_version).where(incidents.c.id == incident_id)
    ).scalar()
    if latest is None:
        raise unknown_incident(incident_id)
    return int(latest)


def version(connection: Connection, incident_id: str, number: int) -> Version:
    latest = latest_version(connection, incident_id)
    row = connection.execute(
        select(versions)
        .where(versions.c.incident_id == incident_id)
        .where(versions.c.number == number)
    ).first()
    if row is None:
        raise InputError.single(
            f"incident '{incident_id}' has versions 1 to {latest}, not {number}",
            field="version",
        )
    return Version(row.number, row.saved_at, row.facts, row.document, row.saved_by, row.source)


def version_list(connection: Connection, incident_id: str) -> list[VersionInfo]:
    """Every saved version of the incident, newest first."""
    latest_version(connection, incident_id)
    rows = connection.execute(
        select(versions.c.number, versions.c.saved_at, versions.c.saved_by)
        .where(versions.c.incident_id == incident_id)
        .order_by(versions.c.number.desc())
    )
    return [VersionInfo(r.number, r.saved_at, r.saved_by) for r in rows]
