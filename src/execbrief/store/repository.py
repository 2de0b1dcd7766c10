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

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from execbrief.core.followup import TrackedCommitment
from execbrief.core.followup.events import Event
from execbrief.core.followup.ledger import events_between, replay, stamped
from execbrief.core.history import PastIncident
from execbrief.errors import InputError, OutsideSystemError
from execbrief.store.database import READ_ONLY, guarded
from execbrief.store.due_query import DueRow
from execbrief.store.event_rows import event_from_row
from execbrief.store.history_query import no_history, unknown_incident
from execbrief.store.history_rows import history_row, past_from_row
from execbrief.store.models import commitments, events, history, incidents, versions

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
    incidents.c.zone,
)


class _Conflict(Exception):
    """Someone else changed the incident since we read it."""


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


def _event_row(incident_id: str, seq: int, e: Event) -> dict[str, Any]:
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
        "due": None if e.due is None else _due_text(e.due),
        "old_due": None if e.old_due is None else _due_text(e.old_due),
        "reason": e.reason,
        "note": e.note,
        "link": e.link,
        "done_at": e.done_at,
        "state": e.state,
    }


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

    def _events(self, connection: Connection, incident_id: str) -> list[Event]:
        rows = connection.execute(
            select(events).where(events.c.incident_id == incident_id).order_by(events.c.seq)
        )
        return [event_from_row(r) for r in rows]

    def _commitments(self, connection: Connection, incident_id: str) -> list[TrackedCommitment]:
        """The incident's commitments, replayed from the ledger."""
        return replay(self._events(connection, incident_id))

    def _append(self, connection: Connection, incident_id: str, new: list[Event]) -> None:
        if not new:
            return
        last = connection.execute(
            select(func.max(events.c.seq)).where(events.c.incident_id == incident_id)
        ).scalar()
        start = int(last or 0) + 1
        connection.execute(
            insert(events), [_event_row(incident_id, start + i, e) for i, e in enumerate(new)]
        )

    def _write_commitments(
        self,
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
        self._append(connection, incident_id, recorded)
        now = self._commitments(connection, incident_id)
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
                "current_due": _due_text(c.current_due),
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
        who: str | None = None,
        reason: str | None = None,
        before_commit: Callable[[], None] | None = None,
        past: PastIncident | None = None,
        expected_version: int | None = None,
        source: str | None = None,
    ) -> SaveResult:
        """A new version of the brief, unless the facts are the latest version's; the
        commitments `plan` makes of the stored ones are recorded in the ledger either way
        (a file saved again after `slip` or `done` is checked against them). With
        `expected_version` (0: a new incident), VersionMoved when the latest version is
        another: the check and the write are one transaction, so no save is lost."""

        def work(connection: Connection) -> SaveResult:
            head = connection.execute(
                select(incidents.c.row_version, incidents.c.latest_version).where(
                    incidents.c.id == incident_id
                )
            ).first()
            same = False
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
            if expected_version is not None and expected_version != latest:
                raise VersionMoved(incident_id, expected_version, latest)
            if head is not None:
                last_digest = connection.execute(
                    select(versions.c.digest)
                    .where(versions.c.incident_id == incident_id)
                    .where(versions.c.number == latest)
                ).scalar()
                same = last_digest == digest
            stored = self._commitments(connection, incident_id)
            wanted = plan(stored)
            if same and wanted == stored:
                return SaveResult(incident_id, latest, created=False)
            number = latest if same else latest + 1
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
            if not same and past is not None:
                connection.execute(delete(history).where(history.c.incident_id == incident_id))
                connection.execute(insert(history).values(**history_row(past)))
            if not same:
                connection.execute(
                    insert(versions).values(
                        incident_id=incident_id,
                        number=number,
                        saved_at=saved_at,
                        digest=digest,
                        facts=facts,
                        document=document,
                        saved_by=who,
                        source=source,
                    )
                )
            self._write_commitments(
                connection, incident_id, zone, stored, wanted, at=saved_at, who=who, reason=reason
            )
            if before_commit is not None:
                before_commit()
            return SaveResult(incident_id, number, created=not same)

        return self._write(work)

    def change_commitments(
        self,
        incident_id: str,
        change: Edit,
        at: datetime,
        *,
        who: str | None = None,
        reason: str | None = None,
    ) -> list[TrackedCommitment]:
        """Apply `change` to the incident's commitments, with the version check; each
        difference is recorded in the ledger at `at`, by `who`."""

        def work(connection: Connection) -> list[TrackedCommitment]:
            head = connection.execute(
                select(incidents.c.row_version, incidents.c.zone, incidents.c.state).where(
                    incidents.c.id == incident_id
                )
            ).first()
            if head is None:
                raise unknown_incident(incident_id)
            stored = self._commitments(connection, incident_id)
            changed = change(stored, head.state != "resolved")
            self._claim(connection, incident_id, head.row_version, updated_at=at)
            return self._write_commitments(
                connection, incident_id, head.zone, stored, changed, at=at, who=who, reason=reason
            )

        return self._write(work)

    def record_events(self, incident_id: str, recorded: list[Event]) -> None:
        """Append events that change no promise (a reminder sent), with the version check."""

        def work(connection: Connection) -> None:
            head = connection.execute(
                select(incidents.c.row_version).where(incidents.c.id == incident_id)
            ).first()
            if head is None:
                raise unknown_incident(incident_id)
            self._claim(connection, incident_id, head.row_version)
            self._append(connection, incident_id, recorded)

        self._write(work)

    # -- reads -------------------------------------------------------------------------

    def commitments(self, incident_id: str) -> list[TrackedCommitment]:
        def work(connection: Connection) -> list[TrackedCommitment]:
            self._require(connection, incident_id)
            return self._commitments(connection, incident_id)

        return self._read(work)

    def has_incident(self, incident_id: str) -> bool:
        def work(connection: Connection) -> bool:
            found = connection.execute(
                select(incidents.c.id).where(incidents.c.id == incident_id)
            ).first()
            return found is not None

        return self._read(work)

    def zone(self, incident_id: str) -> str:
        """The audience's time zone saved with the incident."""

        def work(connection: Connection) -> str:
            self._require(connection, incident_id)
            found = connection.execute(
                select(incidents.c.zone).where(incidents.c.id == incident_id)
            ).scalar()
            return str(found)

        return self._read(work)

    def events(self, incident_id: str) -> list[Event]:
        """The incident's ledger, oldest first."""

        def work(connection: Connection) -> list[Event]:
            self._require(connection, incident_id)
            return self._events(connection, incident_id)

        return self._read(work)

    def incident_ids(self) -> list[tuple[str, str]]:
        """Every saved incident's id and the audience's zone."""
        return self._read(
            lambda connection: [
                (r.id, r.zone)
                for r in connection.execute(
                    select(incidents.c.id, incidents.c.zone).order_by(incidents.c.id)
                )
            ]
        )

    # -- history -----------------------------------------------------------------------

    def past_incidents(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[PastIncident]:
        """What history keeps of each incident begun in [since, until), oldest first."""
        query = select(history).order_by(history.c.started, history.c.incident_id)
        if since is not None:
            query = query.where(history.c.started >= since)
        if until is not None:
            query = query.where(history.c.started < until)
        return self._read(lambda connection: [past_from_row(r) for r in connection.execute(query)])

    def past_incident(self, incident_id: str) -> PastIncident:
        def work(connection: Connection) -> PastIncident:
            self._require(connection, incident_id)
            row = connection.execute(
                select(history).where(history.c.incident_id == incident_id)
            ).first()
            if row is None:
                raise no_history(incident_id)
            return past_from_row(row)

        return self._read(work)

    def ledgers(self, incident_ids: list[str]) -> dict[str, tuple[str, list[Event]]]:
        """Each incident's zone and ledger, for the incidents named (one query each way)."""
        if not incident_ids:
            return {}

        def work(connection: Connection) -> dict[str, tuple[str, list[Event]]]:
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

        return self._read(work)

    def _require(self, connection: Connection, incident_id: str) -> int:
        latest = connection.execute(
            select(incidents.c.latest_version).where(incidents.c.id == incident_id)
        ).scalar()
        if latest is None:
            raise unknown_incident(incident_id)
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
            return Version(
                row.number, row.saved_at, row.facts, row.document, row.saved_by, row.source
            )

        return self._read(work)

    def versions(self, incident_id: str) -> list[VersionInfo]:
        """Every saved version of the incident, newest first."""

        def work(connection: Connection) -> list[VersionInfo]:
            self._require(connection, incident_id)
            rows = connection.execute(
                select(versions.c.number, versions.c.saved_at, versions.c.saved_by)
                .where(versions.c.incident_id == incident_id)
                .order_by(versions.c.number.desc())
            )
            return [VersionInfo(r.number, r.saved_at, r.saved_by) for r in rows]

        return self._read(work)

    def due(self, horizon: datetime | None) -> list[DueRow]:
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
                IncidentSummary(
                    r.id, r.title, r.state, r.latest_version, r.updated_at, first.get(r.id)
                )
                for r in listed
            ]

        return self._read(work)
