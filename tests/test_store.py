"""The store, run alike on SQLite and PostgreSQL: migrations, versions, commitments."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from conftest import incident
from execbrief.core.followup.tracking import TrackedCommitment, mark_kept, move, reconcile, wanted
from execbrief.errors import InputError
from execbrief.store import open_store
from execbrief.store.database import HEAD_REVISION, current_revision, migrate
from execbrief.store.repository import Store

NOW = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)


def save(store: Store, facts_changes: dict[str, Any] | None = None, now: datetime = NOW):
    inc = incident(**(facts_changes or {}))
    facts = inc.model_dump(mode="json")
    promised = wanted(inc, now)
    return store.save(
        "INC-1",
        title=inc.title,
        state="resolved",
        zone=inc.zone.key,
        facts=facts,
        document={"headline": inc.title},
        digest=str(hash(repr(sorted(facts.items())))),
        plan=lambda stored: reconcile(stored, promised),
        saved_at=now,
    )


def test_migrations_build_the_schema_from_an_empty_database(db_url):
    store = open_store(db_url)
    assert current_revision(store.engine) == HEAD_REVISION
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from execbrief.store.models import metadata

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, metadata) == []
    migrate(store.engine, "base")
    assert current_revision(store.engine) is None
    migrate(store.engine)
    assert current_revision(store.engine) == HEAD_REVISION
    store.close()


def test_head_revision_constant_is_the_migrations_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "execbrief.store:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = open_store(str(tmp_path / "w.db"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_versions_are_appended_and_unchanged_facts_add_none(db_url):
    store = open_store(db_url)
    first = save(store)
    again = save(store)
    assert (first.version, first.created) == (1, True)
    assert (again.version, again.created) == (1, False)
    second = save(store, {"impact": {"support_tickets": 40}})
    assert (second.version, second.created) == (2, True)
    assert store.latest_version("INC-1") == 2
    assert store.version("INC-1", 1).facts["impact"]["support_tickets"] is None
    assert store.version("INC-1", 2).facts["impact"]["support_tickets"] == 40
    assert store.version("INC-1", 2).document == {"headline": "Checkout payments failing"}
    with pytest.raises(InputError, match="versions 1 to 2"):
        store.version("INC-1", 3)
    store.close()


def test_commitments_are_kept_and_moved_with_their_history(db_url):
    store = open_store(db_url)
    save(
        store,
        {
            "commitments": [
                {"what": "Report", "due": "2026-11-27"},
                {"what": "Fix", "due": "2026-12-01"},
            ]
        },
    )
    at = datetime(2026, 11, 21, 12, tzinfo=UTC)

    def keep_first(cs: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        return [mark_kept(c, at, "sent") if c.number == 1 else c for c in cs]

    def move_second(cs: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        return [
            move(c, date(2026, 12, 5), "parts are late", at) if c.number == 2 else c for c in cs
        ]

    store.change_commitments("INC-1", keep_first, at)
    store.change_commitments("INC-1", move_second, at)
    report, fix = store.commitments("INC-1")
    assert (report.state, report.done_at, report.note) == ("kept", at, "sent")
    assert fix.state == "slipped"
    assert fix.due == date(2026, 12, 1) and fix.current_due == date(2026, 12, 5)
    assert fix.slips[0].reason == "parts are late" and fix.slips[0].at == at
    # A new version of the facts keeps what was recorded.
    save(
        store,
        {
            "impact": {"support_tickets": 3},
            "commitments": [
                {"what": "Report", "due": "2026-11-27"},
                {"what": "Fix", "due": "2026-12-01"},
            ],
        },
    )
    assert [c.state for c in store.commitments("INC-1")] == ["kept", "slipped"]
    store.close()


def test_due_lists_pending_commitments_before_the_horizon(db_url):
    store = open_store(db_url)
    save(
        store,
        {
            "commitments": [
                {"what": "Report", "due": "2026-11-21T12:00:00Z"},
                {"what": "Fix", "due": "2026-12-01T12:00:00Z"},
            ]
        },
    )
    soon = store.due(datetime(2026, 11, 22, tzinfo=UTC))
    assert [(r.incident, r.number, r.what) for r in soon] == [("INC-1", 1, "Report")]
    assert soon[0].due_at == datetime(2026, 11, 21, 12, tzinfo=UTC)
    assert len(store.due(None)) == 2
    summary = store.incidents()[0]
    assert (summary.id, summary.latest_version, summary.next.number) == ("INC-1", 1, 1)
    store.close()


def test_unknown_incident_is_a_user_error(db_url):
    store = open_store(db_url)
    with pytest.raises(InputError, match="no saved incident"):
        store.commitments("nope")
    with pytest.raises(InputError, match="no saved incident"):
        store.change_commitments("nope", lambda cs, _open: cs, NOW)
    store.close()


def test_a_stale_version_is_refused_and_the_change_computed_again(db_url):
    """The version check itself: a writer that read an old row_version does not write."""
    from execbrief.store.repository import _Conflict

    store = open_store(db_url)
    save(store)
    with store.engine.begin() as connection, pytest.raises(_Conflict):
        store._claim(connection, "INC-1", seen=0)  # the save already moved it to 1
    calls = []

    def change(cs: list[TrackedCommitment], _open: bool) -> list[TrackedCommitment]:
        calls.append(1)
        if len(calls) == 1:  # another writer wins between our read and our write
            with store.engine.begin() as other:
                store._claim(other, "INC-1", seen=1)
        return cs

    if store.url.startswith("sqlite"):
        pytest.skip("SQLite takes the write lock at BEGIN: a second writer cannot interleave")
    store.change_commitments("INC-1", change, NOW)
    assert len(calls) == 2
    store.close()


def test_the_quick_due_query_agrees_with_the_store(db_url):
    from execbrief.store.database import database_url
    from execbrief.store.due_query import due_rows

    url = database_url(db_url)
    assert due_rows(url, None) is None or due_rows(url, None) == []  # nothing migrated yet
    store = open_store(db_url)
    commitments = [
        {"what": "Report", "due": "2026-11-21T12:00:00Z"},
        {"what": "Fix", "due": "2026-12-01"},
        {"what": "Email", "due": "2026-11-20T09:05:00-05:00"},
    ]
    save(store, {"commitments": commitments})
    store.change_commitments("INC-1", lambda cs, _open: [mark_kept(cs[0], NOW, None), *cs[1:]], NOW)
    exactly = datetime(2026, 11, 20, 14, 5, tzinfo=UTC)  # the email is due at this very moment
    for horizon in (
        None,
        exactly,
        datetime(2026, 11, 22, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    ):
        assert due_rows(url, horizon) == store.due(horizon)
    assert [r.what for r in due_rows(url, datetime(2027, 1, 1, tzinfo=UTC))] == ["Email", "Fix"]
    assert [r.what for r in due_rows(url, exactly)] == ["Email"]
    store.close()


def test_sqlite_readers_are_not_blocked_by_a_writer(tmp_path):
    db = str(tmp_path / "r.db")
    store = open_store(db)
    save(store)
    reader = open_store(db)
    with store.engine.begin() as writing:  # holds the write lock (BEGIN IMMEDIATE)
        writing.exec_driver_sql("UPDATE incidents SET title = 'changing'")
        assert reader.latest_version("INC-1") == 1  # reads the last committed state
        assert reader.commitments("INC-1") == store.commitments("INC-1")
    reader.close()
    store.close()
