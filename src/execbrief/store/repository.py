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
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from execbrief.core.followup import TrackedCommitment
from execbrief.core.followup.events import Event
from execbrief.core.history import PastIncident
from execbrief.errors import OutsideSystemError
from execbrief.store import brief_versions, past_incidents, saved_incidents
from execbrief.store.brief_versions import SaveResult, Version, VersionInfo, VersionMoved
from execbrief.store.database import READ_ONLY, guarded
from execbrief.store.due_query import DueRow
from execbrief.store.history_query import unknown_incident
from execbrief.store.history_rows import history_row
from execbrief.store.ledger_rows import append, ledger, replayed, write_commitments
from execbrief.store.models import history, incidents, versions
from execbrief.store.saved_incidents import IncidentSummary

T = TypeVar("T")
MAX_TRIES = 50


Change = Callable[[list[TrackedCommitment]], list[TrackedCommitment]]
# An edit also learns whether the incident is still open (ongoing or mitigated).
Edit = Callable[[list[TrackedCommitment], bool], list[TrackedCommitment]]


class _Conflict(Exception):
    """Someone else changed the incident since we read it."""


class Store:
    """Every read and write of the incidents' briefs, commitments and history. Each one is
    a transaction; the queries themselves are in the modules named for what they read."""

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
            stored = replayed(connection, incident_id)
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
            write_commitments(
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
            stored = replayed(connection, incident_id)
            changed = change(stored, head.state != "resolved")
            self._claim(connection, incident_id, head.row_version, updated_at=at)
            return write_commitments(
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
            append(connection, incident_id, recorded)

        self._write(work)

    # -- reads -------------------------------------------------------------------------

    def commitments(self, incident_id: str) -> list[TrackedCommitment]:
        def work(connection: Connection) -> list[TrackedCommitment]:
            brief_versions.latest_version(connection, incident_id)
            return replayed(connection, incident_id)

        return self._read(work)

    def has_incident(self, incident_id: str) -> bool:
        return self._read(lambda connection: saved_incidents.has_incident(connection, incident_id))

    def zone(self, incident_id: str) -> str:
        """The audience's time zone saved with the incident."""
        return self._read(lambda connection: saved_incidents.zone(connection, incident_id))

    def events(self, incident_id: str) -> list[Event]:
        """The incident's ledger, oldest first."""

        def work(connection: Connection) -> list[Event]:
            brief_versions.latest_version(connection, incident_id)
            return ledger(connection, incident_id)

        return self._read(work)

    def incident_ids(self) -> list[tuple[str, str]]:
        """Every saved incident's id and the audience's zone."""
        return self._read(saved_incidents.incident_ids)

    def latest_version(self, incident_id: str) -> int:
        return self._read(lambda connection: brief_versions.latest_version(connection, incident_id))

    def version(self, incident_id: str, number: int) -> Version:
        return self._read(
            lambda connection: brief_versions.version(connection, incident_id, number)
        )

    def versions(self, incident_id: str) -> list[VersionInfo]:
        """Every saved version of the incident, newest first."""
        return self._read(lambda connection: brief_versions.version_list(connection, incident_id))

    def due(self, horizon: datetime | None) -> list[DueRow]:
        """Commitments not yet kept that fall before `horizon` (all of them when None),
        soonest first; with no horizon, kept ones too."""
        return self._read(lambda connection: saved_incidents.due(connection, horizon))

    def incidents(self) -> list[IncidentSummary]:
        return self._read(saved_incidents.summaries)

    # -- history -----------------------------------------------------------------------

    def past_incidents(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[PastIncident]:
        """What history keeps of each incident begun in [since, until), oldest first."""
        return self._read(
            lambda connection: past_incidents.past_incidents(connection, since, until)
        )

    def past_incident(self, incident_id: str) -> PastIncident:
        return self._read(lambda connection: past_incidents.past_incident(connection, incident_id))

    def ledgers(self, incident_ids: list[str]) -> dict[str, tuple[str, list[Event]]]:
        """Each incident's zone and ledger, for the incidents named (one query each way)."""
        if not incident_ids:
            return {}
        return self._read(lambda connection: past_incidents.ledgers(connection, incident_ids))
