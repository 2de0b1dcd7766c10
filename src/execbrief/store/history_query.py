"""History's reads (`similar`, `report`) through the database driver alone.

Like `due` (due_query.py), these commands read and never write, and importing SQLAlchemy
cost more than their queries: this module asks the driver (sqlite3 or psycopg) for
exactly what Store.past_incident, Store.past_incidents and Store.ledgers return (a test
checks they agree on both backends), plus the few columns `similar` compares of every
past incident (`likenesses`), so that it builds whole rows only for the ones it shows.
All the reads of one command run in one read-only transaction. When the schema is not
at the newest migration, `history_reader` gives None and the caller opens the full
store, which migrates first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from execbrief.errors import InputError, OutsideSystemError
from execbrief.store.database import BUSY_TIMEOUT_MS, HEAD_REVISION

if TYPE_CHECKING:
    from execbrief.core.followup.events import Event
    from execbrief.core.history import Likeness, PastIncident
    from execbrief.core.history.similar import Comparable

# The columns of incident_history and commitment_events, in the tables' order (a test
# checks them against store/models.py).
HISTORY_COLUMNS = (
    "incident_id",
    "title",
    "started",
    "severity",
    "service",
    "cause_text",
    "safeguard_gap",
    "cause_class",
    "evidence",
    "impact_minutes",
    "detect_minutes",
    "restore_minutes",
    "users_low",
    "users_high",
    "users_unit",
    "revenue_low",
    "revenue_high",
    "currency",
    "credits",
    "credits_currency",
    "response_cost",
    "response_currency",
)
EVENT_COLUMNS = (
    "incident_id",
    "seq",
    "number",
    "kind",
    "at",
    "who",
    "what",
    "owner",
    "source",
    "due",
    "old_due",
    "reason",
    "note",
    "link",
    "done_at",
    "state",
)
# The scale of each Numeric column: SQLite keeps numbers as REAL or INTEGER, and
# SQLAlchemy reads them back as Decimal(f"{value:.{scale}f}"); so do we.
SCALES = {
    "impact_minutes": 4,
    "detect_minutes": 4,
    "restore_minutes": 4,
    "revenue_low": 2,
    "revenue_high": 2,
    "credits": 2,
    "response_cost": 2,
}
TIMES = ("started",)
EVENT_TIMES = ("at", "done_at")
MANY = 500  # more alike services and gaps than this: `similar` reads every past incident
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's layout of a DateTime in SQLite

HistoryRow = NamedTuple("HistoryRow", [(c, Any) for c in HISTORY_COLUMNS])  # type: ignore[misc]
EventRow = NamedTuple("EventRow", [(c, Any) for c in EVENT_COLUMNS])  # type: ignore[misc]


def unknown_incident(incident_id: str) -> InputError:
    return InputError.single(
        f"no saved incident '{incident_id}'",
        field="INCIDENT",
        hint="`execbrief list` shows the saved incidents; `execbrief save FILE` adds one",
    )


def no_history(incident_id: str) -> InputError:
    return InputError.single(
        f"incident '{incident_id}' was saved before history was kept",
        field="INCIDENT",
        hint=f"save its file again (`execbrief save FILE`) to add '{incident_id}'",
    )


def _when(value: Any) -> datetime:
    """A stored time (naive UTC: text in SQLite, a datetime from PostgreSQL) made aware."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC)


def _moment(value: Any) -> datetime | None:
    return None if value is None else _when(value)


class HistoryReader:
    """History's reads over one driver connection, in one read-only transaction."""

    def __init__(self, connection: Any, sqlite: bool) -> None:
        self._connection = connection
        self._sqlite = sqlite
        self._mark = "?" if sqlite else "%s"

    def _bound(self, moment: datetime) -> Any:
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        return naive.strftime(SQLITE_TIME) if self._sqlite else naive

    def _marks(self, n: int) -> str:
        return ", ".join([self._mark] * n)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._connection.execute(sql, tuple(params)).fetchall()
        return rows

    def _history(self, raw: list[tuple[Any, ...]]) -> list[PastIncident]:
        from execbrief.store.history_rows import past_from_row

        numbers = [(HISTORY_COLUMNS.index(c), s) for c, s in SCALES.items()]
        started = HISTORY_COLUMNS.index("started")
        out = []
        for row in raw:
            values = list(row)
            values[started] = _when(values[started])
            if self._sqlite:
                for i, scale in numbers:
                    if values[i] is not None:
                        values[i] = Decimal(f"{values[i]:.{scale}f}")
            out.append(past_from_row(HistoryRow(*values)))
        return out

    def past_incident(self, incident_id: str) -> PastIncident:
        """What Store.past_incident gives: the incident's history row, or exit 2."""
        columns = ", ".join(f"h.{c}" for c in HISTORY_COLUMNS)
        found = self._rows(
            f"SELECT i.id, {columns} FROM incidents i LEFT JOIN incident_history h "
            f"ON h.incident_id = i.id WHERE i.id = {self._mark}",
            [incident_id],
        )
        if not found:
            raise unknown_incident(incident_id)
        if found[0][1] is None:  # incident_history.incident_id: no row
            raise no_history(incident_id)
        return self._history([found[0][1:]])[0]

    def past_incidents(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[PastIncident]:
        """What Store.past_incidents(since, until) gives, oldest first; only `ids` when given."""
        where, params = self._where(since, until)
        if ids is not None:
            if not ids:
                return []
            where.append(f"incident_id IN ({self._marks(len(ids))})")
            params += list(ids)
        sql = f"SELECT {', '.join(HISTORY_COLUMNS)} FROM incident_history"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY started, incident_id"
        return self._history(self._rows(sql, params))

    def likenesses(self, until: datetime) -> list[Likeness]:
        """What `similar` compares of each incident begun before `until`, oldest first."""
        where, params = self._where(None, until, most=True)
        return self._likenesses(
            self._rows(
                "SELECT incident_id, started, service, cause_class, evidence, safeguard_gap "
                f"FROM incident_history WHERE {where[0]} ORDER BY started, incident_id",
                params,
            )
        )

    def _likenesses(self, rows: list[tuple[Any, ...]]) -> list[Likeness]:
        from execbrief.core.history import Likeness

        return [
            Likeness(
                key,
                _when(started),
                service,
                cause_class,
                tuple(w for w in evidence.split(",") if w),
                gap,
            )
            for key, started, service, cause_class, evidence, gap in rows
        ]

    def candidates(self, target: Comparable, limit: int) -> list[Likeness]:
        """Enough of the incidents begun before `target` for `ranked(target, ..., limit)`
        to rank them exactly as it ranks them all, read in three small queries.

        A past incident's score depends only on whether it has the target's cause class,
        whether it has the target's service, and which safeguard gap it names. The
        services and gaps said before the target are few: they are read, and the target's
        own rules (core.history.similar) pick the ones that count. Of each group of
        incidents alike in those three, only the `limit` latest can be among the `limit`
        best; SQL keeps those (ROW_NUMBER) and leaves out the incidents that share nothing.
        With very many alike services or gaps, it reads them all (`likenesses`)."""
        from execbrief.core.history.similar import gap_ratio, same_service

        before, params = self._where(None, target.started, most=True)
        m = self._mark
        said = self._rows(
            f"SELECT DISTINCT service, safeguard_gap FROM incident_history WHERE {before[0]}",
            params,
        )
        services = sorted(s for s in {s for s, _ in said} if same_service(target, s))
        gaps = sorted(g for g in {g for _, g in said if g} if gap_ratio(target, g))
        if len(services) + len(gaps) > MANY:
            return self.likenesses(target.started)
        same_class = f"cause_class = {m}" if target.cause_class != "other" else "1 = 0"
        same_service_sql = f"service IN ({self._marks(len(services))})" if services else "1 = 0"
        alike_gap = f"safeguard_gap IN ({self._marks(len(gaps))})" if gaps else "1 = 0"
        conditions = [same_class, same_service_sql, alike_gap]
        values: list[Any] = [target.cause_class] if target.cause_class != "other" else []
        values += [*services, *gaps]
        key = "incident_id" if self._sqlite else 'incident_id COLLATE "C"'  # code point order
        # The window sorts only the ids (narrow rows sort faster); the few kept are read whole.
        sql = (
            "SELECT incident_id, started, service, cause_class, evidence, safeguard_gap "
            "FROM incident_history WHERE incident_id IN (SELECT incident_id FROM ("
            f"SELECT incident_id, ROW_NUMBER() OVER (PARTITION BY {same_class}, "
            f"{same_service_sql}, CASE WHEN {alike_gap} THEN safeguard_gap END "
            f"ORDER BY started DESC, {key}) AS place "
            f"FROM incident_history WHERE {before[0]} AND ({' OR '.join(conditions)})"
            f") AS alike WHERE place <= {m})"
        )
        # The conditions appear twice (partition and filter), their values with them.
        return self._likenesses(self._rows(sql, [*values, *params, *values, limit]))

    def _where(
        self, since: datetime | None, until: datetime | None, *, most: bool = False
    ) -> tuple[list[str], list[Any]]:
        """The condition on `started`; `most` when it keeps most of the table, as all the
        incidents before one do: SQLite then reads the table straight through instead of
        the index on `started` (a row at a time: 15 ms instead of 5 for 10,000 incidents).
        PostgreSQL's planner weighs that itself."""
        where: list[str] = []
        params: list[Any] = []
        column = "+started" if most and self._sqlite else "started"
        if since is not None:
            where.append(f"{column} >= {self._mark}")
            params.append(self._bound(since))
        if until is not None:
            where.append(f"{column} < {self._mark}")
            params.append(self._bound(until))
        return where, params

    def ledgers(self, incident_ids: Sequence[str]) -> dict[str, tuple[str, list[Event]]]:
        """What Store.ledgers gives: each named incident's zone and ledger."""
        from execbrief.store.event_rows import event_from_row

        if not incident_ids:
            return {}
        marks = self._marks(len(incident_ids))
        zones = self._rows(
            f"SELECT id, zone FROM incidents WHERE id IN ({marks}) ORDER BY id", incident_ids
        )
        found: dict[str, tuple[str, list[Event]]] = {k: (z, []) for k, z in zones}
        at, done_at = EVENT_COLUMNS.index("at"), EVENT_COLUMNS.index("done_at")
        rows = self._rows(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM commitment_events "
            f"WHERE incident_id IN ({marks}) ORDER BY incident_id, seq",
            incident_ids,
        )
        for row in rows:
            values = list(row)
            values[at], values[done_at] = _moment(values[at]), _moment(values[done_at])
            found[row[0]][1].append(event_from_row(EventRow(*values)))
        return found


@contextmanager
def _sqlite(path: str) -> Iterator[HistoryReader | None]:
    import sqlite3
    from pathlib import Path

    if not Path(path).exists():
        yield None  # a new database: the full store creates it
        return
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise OutsideSystemError(f"the database at {path} failed: {exc}") from None
    try:
        try:
            connection.execute("BEGIN")  # one snapshot for all the reads (WAL)
            found = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            revision = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if found is not None
                else None
            )
        except sqlite3.Error as exc:
            raise OutsideSystemError(f"the database at {path} failed: {exc}") from None
        if revision is None or revision[0] != HEAD_REVISION:
            yield None
            return
        try:
            yield HistoryReader(connection, sqlite=True)
        except sqlite3.Error as exc:
            raise OutsideSystemError(f"the database at {path} failed: {exc}") from None
    finally:
        connection.close()


@contextmanager
def _postgresql(uri: str, shown: str) -> Iterator[HistoryReader | None]:
    import psycopg

    def failed(exc: Exception) -> OutsideSystemError:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return OutsideSystemError(f"the database at {shown} failed: {first}")

    try:
        connection = psycopg.connect(uri, connect_timeout=10)
    except psycopg.Error as exc:
        raise failed(exc) from None
    try:
        # One snapshot for all the reads, as the full store's single transaction gives.
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        try:
            has_table = connection.execute(
                "SELECT to_regclass('alembic_version') IS NOT NULL"
            ).fetchone()
            revision = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if has_table and has_table[0]
                else None
            )
        except psycopg.Error as exc:
            raise failed(exc) from None
        if revision is None or revision[0] != HEAD_REVISION:
            yield None
            return
        try:
            yield HistoryReader(connection, sqlite=False)
        except psycopg.Error as exc:
            raise failed(exc) from None
    finally:
        connection.close()


@contextmanager
def history_reader(url: str) -> Iterator[HistoryReader | None]:
    """A reader for the database at `url` (from store.database_url), or None when the
    full store must open it first (a new database, an older schema, another driver)."""
    if url.startswith("sqlite+pysqlite:///"):
        path = url.removeprefix("sqlite+pysqlite:///")
        if path in ("", ":memory:"):
            yield None
            return
        with _sqlite(path) as reader:
            yield reader
        return
    if url.startswith("postgresql+psycopg://"):
        from urllib.parse import urlsplit

        uri = "postgresql://" + url.removeprefix("postgresql+psycopg://")
        parts = urlsplit(uri)  # shown without the password
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        shown = f"postgresql://{user}{parts.hostname or ''}{port}{parts.path}"
        with _postgresql(uri, shown) as reader:
            yield reader
        return
    yield None
