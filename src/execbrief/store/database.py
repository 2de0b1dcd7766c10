"""Opening the database: which one (--db, EXECBRIEF_DATABASE_URL, or a file in the user's
data directory), SQLite in WAL mode with one writer at a time, and migrations on open."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from execbrief.errors import OutsideSystemError

if TYPE_CHECKING:
    from sqlalchemy import Engine


ENV_URL = "EXECBRIEF_DATABASE_URL"
# The newest migration. A test checks it is the head of migrations/versions, so that the
# usual open (already up to date) costs one small query instead of loading Alembic.
HEAD_REVISION = "0004"
BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "execbrief_read_only"  # execution option: this transaction only reads
MIGRATION_LOCK = 0x657865636272  # PostgreSQL advisory lock held while migrating ("execbr")


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("execbrief", appauthor=False)) / "execbrief.db"


def database_url(db: str | None) -> str:
    """The SQLAlchemy URL for --db (a path or a URL), else the environment, else the default."""
    given = db or os.environ.get(ENV_URL) or None
    if given is None:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite+pysqlite:///{path}"
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg://"):
        if given.startswith(prefix):
            return "postgresql+psycopg://" + given[len(prefix) :]
    if given.startswith("sqlite"):
        return given
    if "://" in given:
        raise OutsideSystemError(
            f"unsupported database '{given.split('://')[0]}': use a file path or postgresql://"
        )
    return f"sqlite+pysqlite:///{Path(given).expanduser().resolve()}"


def shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def guarded(url: str) -> Iterator[None]:
    """Database failures become OutsideSystemError (exit 3) with a clear message."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        raise OutsideSystemError(f"the database at {shown_url(url)} failed: {first}") from None


def _sqlite_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the write lock at the start, so two of them queue instead of one
        # failing midway; readers do not take it (WAL lets them read while one writes).
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        database = make_url(url).database
        if database and database != ":memory:" and not Path(database).parent.is_dir():
            raise OutsideSystemError(f"cannot open the database: no folder {Path(database).parent}")
        return _sqlite_engine(url)
    from sqlalchemy import create_engine

    return create_engine(url, connect_args={"connect_timeout": 10}, pool_pre_ping=False)


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` with Alembic, in one transaction."""
    from alembic import command
    from alembic.config import Config
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", "execbrief.store:migrations")
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Two processes opening an empty database at once would both create the
                # tables, and one would fail. The lock makes the second wait; it then sees
                # the first one's tables and finds nothing left to do. SQLite needs no lock:
                # a writer takes the write lock at BEGIN (see _sqlite_engine).
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            config.attributes["connection"] = connection
            if revision == "base":
                command.downgrade(config, "base")
            else:
                command.upgrade(config, revision)
    except CommandError as exc:
        raise OutsideSystemError(f"cannot bring the database up to date: {exc}") from None
