"""Databases for the storage tests: a fresh SQLite file, and a fresh schema in the local
PostgreSQL (127.0.0.1:5432, trust auth, database `test`; user postgres, else root).
When no PostgreSQL answers, its tests are skipped with a reason that says so."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_DATABASE = "test"
PG_USERS = ("postgres", "root")
RUN = uuid.uuid4().hex[:8]  # one prefix per test run, so parallel runs never collide


@cache
def postgres_user() -> str | None:
    """The first user the local PostgreSQL lets in, or None when none answers."""
    try:
        import psycopg
    except ImportError:
        return None
    for user in PG_USERS:
        for database in (PG_DATABASE, "postgres"):
            try:
                with psycopg.connect(
                    host=PG_HOST,
                    port=PG_PORT,
                    dbname=database,
                    user=user,
                    connect_timeout=3,
                    autocommit=True,
                ) as connection:
                    if database != PG_DATABASE:  # a fresh server: make the test database
                        connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')
                    return user
            except psycopg.Error:
                continue
    return None


def _admin(user: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        host=PG_HOST, port=PG_PORT, dbname=PG_DATABASE, user=user, autocommit=True
    ) as connection:
        connection.execute(sql)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL (or path) for an empty database, on each backend in turn."""
    if request.param == "sqlite":
        yield str(tmp_path / "execbrief.db")
        return
    user = postgres_user()
    if user is None:
        pytest.skip(
            f"PostgreSQL storage tests skipped: no server answered on {PG_HOST}:{PG_PORT} "
            f"(database {PG_DATABASE}, users {', '.join(PG_USERS)})"
        )
    schema = f"execbrief_test_{RUN}_{uuid.uuid4().hex[:8]}"
    _admin(user, f'CREATE SCHEMA "{schema}"')
    try:
        yield (
            f"postgresql://{user}@{PG_HOST}:{PG_PORT}/{PG_DATABASE}"
            f"?options=-csearch_path%3D{schema}"
        )
    finally:
        _admin(user, f'DROP SCHEMA "{schema}" CASCADE')
