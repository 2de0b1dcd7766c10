"""The `execbrief due` query through the database driver alone.

`due` is the command that runs from cron across every incident, so it must start fast;
importing SQLAlchemy costs more than the query. This module asks the driver (sqlite3 or
psycopg) for exactly what Store.due asks (a test checks the two agree on both backends).
When the schema is not at the newest migration it answers None, and the caller opens
the full store, which migrates first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from execbrief.errors import OutsideSystemError
from execbrief.store.database import BUSY_TIMEOUT_MS, HEAD_REVISION

COLUMNS = "c.incident_id, c.number, c.what, c.owner, c.current_due, c.state, c.due_at, i.zone"
FROM = " FROM commitments c JOIN incidents i ON i.id = c.incident_id"
ORDER = " ORDER BY c.due_at, c.incident_id, c.number"
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


@dataclass(frozen=True)
class DueRow:
    incident: str
    number: int
    what: str
    owner: str | None
    due: str
    state: str
    due_at: datetime
    zone: str  # the audience's time zone, for saying the time in words


def _query(horizon: datetime | None, mark: str) -> tuple[str, tuple[Any, ...]]:
    if horizon is None:
        return f"SELECT {COLUMNS}{FROM} WHERE c.state <> 'withdrawn'{ORDER}", ()
    naive = horizon.astimezone(UTC).replace(tzinfo=None)
    where = f"c.state IN ('open', 'slipped') AND c.due_at <= {mark}"
    # SQLite keeps the UTC times as text in SQLAlchemy's layout (always with microseconds):
    # compare text with text in that same layout.
    bound = naive.strftime(SQLITE_TIME) if mark == "?" else naive
    return f"SELECT {COLUMNS}{FROM} WHERE {where}{ORDER}", (bound,)


def _rows(raw: list[tuple[Any, ...]]) -> list[DueRow]:
    out = []
    for incident, number, what, owner, due, state, due_at, zone in raw:
        moment = due_at if isinstance(due_at, datetime) else datetime.fromisoformat(due_at)
        out.append(
            DueRow(incident, number, what, owner, due, state, moment.replace(tzinfo=UTC), zone)
        )
    return out


def _sqlite(path: str, horizon: datetime | None) -> list[DueRow] | None:
    import sqlite3
    from pathlib import Path

    if not Path(path).exists():
        return None  # a new database: the full store creates it
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            found = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if found is None:
                return None
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] != HEAD_REVISION:
                return None
            sql, params = _query(horizon, "?")
            return _rows(connection.execute(sql, params).fetchall())
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise OutsideSystemError(f"the database at {path} failed: {exc}") from None


def _postgresql(uri: str, shown: str, horizon: datetime | None) -> list[DueRow] | None:
    import psycopg

    try:
        with psycopg.connect(uri, connect_timeout=10) as connection:
            has_table = connection.execute(
                "SELECT to_regclass('alembic_version') IS NOT NULL"
            ).fetchone()
            if not has_table or not has_table[0]:
                return None
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] != HEAD_REVISION:
                return None
            sql, params = _query(horizon, "%s")
            return _rows(connection.execute(sql, params).fetchall())
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OutsideSystemError(f"the database at {shown} failed: {first}") from None


def due_rows(url: str, horizon: datetime | None) -> list[DueRow] | None:
    """What Store.due(horizon) returns, or None when the full store must open first."""
    if url.startswith("sqlite+pysqlite:///"):
        path = url.removeprefix("sqlite+pysqlite:///")
        return None if path in ("", ":memory:") else _sqlite(path, horizon)
    if url.startswith("postgresql+psycopg://"):
        from urllib.parse import urlsplit

        uri = "postgresql://" + url.removeprefix("postgresql+psycopg://")
        parts = urlsplit(uri)  # shown without the password
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        shown = f"postgresql://{user}{parts.hostname or ''}{port}{parts.path}"
        return _postgresql(uri, shown, horizon)
    return None
