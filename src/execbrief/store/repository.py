"""Reading and writing incidents, brief versions and commitments, in transactions.

Every change runs in one transaction and passes a version check on the incident row
(`row_version`): the change is computed from what was read, and written only if nobody
changed the incident in between; otherwise it is computed again from the new state.
So two writers never lose each other's update, and a killed process leaves the last
committed state whole (the database rolls back what was not committed).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from execbrief.core.followup import Slip, TrackedCommitment
from execbrief.core.incident import parse_due
from execbrief.errors import InputError, OutsideSystemError
from execbrief.store.database import READ_ONLY, guarded
from execbrief.store.due_query import DueRow
from execbrief.store.models import commitments, incidents, slips, versions

T = TypeVar("T")
MAX_TRIES = 50


Change = Callable[[list[TrackedCommitment]], list[TrackedCommitment]]
# An edit also learns whether the incident is still open (ongoing or mitigated).
Edit = Callable[[list[TrackedCommitment], bool], list[TrackedCommitment]]


# The columns of a DueRow, in its field order: `due` and `incidents` both read them.
_DUE_ROW = (
    commitments.c.incident_id,
    commitments.c.number,
    commitments.c.what,
    commitments.c.owner,
    commitments.c.current_due,
    commitments.c.state,
    commitments.c.due_at,
)


class _Conflict(Exception):
    """Someone else changed the incident since we read it."""


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


@dataclass(frozen=True)
class IncidentSummary:
    id: str
    title: str
    state: str
    latest_version: int
    updated_at: datetime
    next: DueRow | None


def _due_text(value: date | datetime) -> str:
    return value.isoformat()


def _read_due(text: str) -> date | datetime:
    return parse_due(text, None)


def _unknown_incident(incident_id: str) -> InputError:
    return InputError.single(
        f"no saved incident '{incident_id}'",
        field="INCIDENT",
        hint="`execbrief list` shows the saved incidents; `execbrief save FILE` adds one",
    )


class Store:
    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in a transaction; again from the start when another writer won."""
        with guarded(self.url):
            for attempt in range(MAX_TRIES):
                try:
                    with self.engine.begin() as connection:
                        return work(connection)
                except (_Conflict, IntegrityError):
                    time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
        raise OutsideSystemError(
            "the incident kept changing while we tried to save; nothing was written, try again"
        )

    def _read(self, work: Callable[[Connection], T]) -> T:
        with guarded(self.url), self.engine.connect() as connection:
            connection = connection.execution_options(**{READ_ONLY: True})
            with connection.begin():
                return work(connection)

    # -- commitments -------------------------------------------------------------------

    def _commitments(self, connection: Connection, incident_id: str) -> list[TrackedCommitment]:
        moves: dict[int, list[Slip]] = {}
        rows = connection.execute(
            select(slips).where(slips.c.incident_id == incident_id).order_by(slips.c.seq)
        )
        for s in rows:
            moves.setdefault(s.number, []).append(
                Slip(_read_due(s.old_due), _read_due(s.new_due), s.reason, s.at)
            )
        result = []
        query = select(commitments).where(commitments.c.incident_id == incident_id)
        for r in connection.execute(query.order_by(commitments.c.number)):
            result.append(
                TrackedCommitment(
                    number=r.number,
                    what=r.what,
                    owner=r.owner,
                    due=_read_due(r.first_due),
                    state=r.state,
                    source=r.source,
                    done_at=r.done_at,
                    note=r.note,
                    slips=tuple(moves.get(r.number, ())),
                )
            )
        return result

    def _write_commitments(
        self,
        connection: Connection,
        incident_id: str,
        zone_name: str,
        old: list[TrackedCommitment],
        new: list[TrackedCommitment],
    ) -> None:
        from execbrief.core.incident import load_zone

        zone = load_zone(zone_name)
        before = {c.number: c for c in old}
        for c in new:
            row = {
                "what": c.what,
                "owner": c.owner,
                "source": c.source,
                "state": c.state,
                "first_due": _due_text(c.due),
                "current_due": _due_text(c.current_due),
                "due_at": c.due_at(zone),
                "done_at": c.done_at,
                "note": c.note,
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
            known = len(previous.slips) if previous else 0
            for seq, s in enumerate(c.slips[known:], start=known + 1):
                connection.execute(
                    insert(slips).values(
                        incident_id=incident_id,
                        number=c.number,
                        seq=seq,
                        old_due=_due_text(s.old_due),
                        new_due=_due_text(s.new_due),
                        reason=s.reason,
                        at=s.at,
                    )
                )

    def _claim(self, connection: Connection, incident_id: str, seen: int, **values: Any) -> None:
        """The version check: move the incident from the version we read to the next."""
        claimed = connection.execute(
            update(incidents)
            .where(incidents.c.id == incident_id)
            .where(incidents.c.row_version == seen)
            .values(row_version=seen + 1, **values)
        )
        if claimed.rowcount != 1:
            raise _Conflict

    # -- writes ------------------------------------------------------------------------

    def save(
        self,
        incident_id: str,
        *,
        title: str,
        state: str,
        zone: str,
        facts: dict[str, Any],
        document: dict[str, Any],
        digest: str,
        plan: Change,
        saved_at: datetime,
        before_commit: Callable[[], None] | None = None,
    ) -> SaveResult:
        """A new version of the brief, unless the facts are the latest version's."""

        def work(connection: Connection) -> SaveResult:
            head = connection.execute(
                select(incidents.c.row_version, incidents.c.latest_version).where(
                    incidents.c.id == incident_id
                )
            ).first()
            if head is None:
                connection.execute(
                    insert(incidents).values(
                        id=incident_id,
                        title=title,
                        state=state,
                        zone=zone,
                        latest_version=0,
                        row_version=0,
                        updated_at=saved_at,
                    )
                )
                seen, latest = 0, 0
            else:
                seen, latest = head.row_version, head.latest_version
                last_digest = connection.execute(
                    select(versions.c.digest)
                    .where(versions.c.incident_id == incident_id)
                    .where(versions.c.number == latest)
                ).scalar()
                if last_digest == digest:
                    return SaveResult(incident_id, latest, created=False)
            stored = self._commitments(connection, incident_id)
            wanted = plan(stored)
            number = latest + 1
            self._claim(
                connection,
                incident_id,
                seen,
                title=title,
                state=state,
                zone=zone,
                latest_version=number,
                updated_at=saved_at,
            )
            connection.execute(
                insert(versions).values(
                    incident_id=incident_id,
                    number=number,
                    saved_at=saved_at,
                    digest=digest,
                    facts=facts,
                    document=document,
                )
            )
            self._write_commitments(connection, incident_id, zone, stored, wanted)
            if before_commit is not None:
                before_commit()
            return SaveResult(incident_id, number, created=True)

        return self._write(work)

    def change_commitments(
        self, incident_id: str, change: Edit, at: datetime
    ) -> list[TrackedCommitment]:
        """Apply `change` to the incident's commitments, with the version check."""

        def work(connection: Connection) -> list[TrackedCommitment]:
            head = connection.execute(
                select(incidents.c.row_version, incidents.c.zone, incidents.c.state).where(
                    incidents.c.id == incident_id
                )
            ).first()
            if head is None:
                raise _unknown_incident(incident_id)
            stored = self._commitments(connection, incident_id)
            changed = change(stored, head.state != "resolved")
            self._claim(connection, incident_id, head.row_version, updated_at=at)
            self._write_commitments(connection, incident_id, head.zone, stored, changed)
            return changed

        return self._write(work)

    # -- reads -------------------------------------------------------------------------

    def commitments(self, incident_id: str) -> list[TrackedCommitment]:
        def work(connection: Connection) -> list[TrackedCommitment]:
            self._require(connection, incident_id)
            return self._commitments(connection, incident_id)

        return self._read(work)

    def _require(self, connection: Connection, incident_id: str) -> int:
        latest = connection.execute(
            select(incidents.c.latest_version).where(incidents.c.id == incident_id)
        ).scalar()
        if latest is None:
            raise _unknown_incident(incident_id)
        return int(latest)

    def latest_version(self, incident_id: str) -> int:
        return self._read(lambda connection: self._require(connection, incident_id))

    def version(self, incident_id: str, number: int) -> Version:
        def work(connection: Connection) -> Version:
            latest = self._require(connection, incident_id)
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
            return Version(row.number, row.saved_at, row.facts, row.document)

        return self._read(work)

    def due(self, horizon: datetime | None) -> list[DueRow]:
        """Commitments not yet kept that fall before `horizon` (all of them when None),
        soonest first; with no horizon, kept ones too."""
        query = select(*_DUE_ROW)
        if horizon is None:
            query = query.where(commitments.c.state != "withdrawn")
        else:
            query = query.where(commitments.c.state.in_(("open", "slipped"))).where(
                commitments.c.due_at <= horizon
            )
        query = query.order_by(
            commitments.c.due_at, commitments.c.incident_id, commitments.c.number
        )
        return self._read(lambda connection: [DueRow(*row) for row in connection.execute(query)])

    def incidents(self) -> list[IncidentSummary]:
        def work(connection: Connection) -> list[IncidentSummary]:
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
                IncidentSummary(
                    r.id, r.title, r.state, r.latest_version, r.updated_at, first.get(r.id)
                )
                for r in listed
            ]

        return self._read(work)
