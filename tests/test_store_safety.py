"""Safety under real processes, on SQLite and PostgreSQL: several processes opening an
empty database at once all succeed, two writers at once lose nothing, and a writer killed
in the middle of a save leaves the previous state whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta

from execbrief.store import open_store
from execbrief.store.database import HEAD_REVISION, current_revision

SAVES_PER_WRITER = 5

SETUP = """
import sys, time, hashlib, json
from datetime import UTC, date, datetime, timedelta
from execbrief.core.followup.tracking import move, reconcile, wanted
from execbrief.core.incident.validation import read_incident
from execbrief.store import open_store

def incident(tickets):
    return read_incident({
        "id": "INC-9", "title": "Checkout down",
        "timeline": {"started": "2026-11-20T14:02:00Z", "resolved": "2026-11-20T16:00:00Z"},
        "impact": {"support_tickets": tickets},
        "commitments": [{"what": "Root cause report", "due": "2026-11-27"}],
    })

def save(store, tickets, before_commit=None):
    inc = incident(tickets)
    facts = inc.model_dump(mode="json")
    now = datetime(2026, 11, 20, 17, tzinfo=UTC)
    return store.save(
        "INC-9", title=inc.title, state="resolved", zone="UTC", facts=facts,
        document={"tickets": tickets},
        digest=hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest(),
        plan=lambda stored: reconcile(stored, wanted(inc, now)),
        saved_at=now, before_commit=before_commit,
    )
"""

WRITER = """
store = open_store(sys.argv[1])
writer = int(sys.argv[2])
start = datetime.fromisoformat(sys.argv[3])
while datetime.now(UTC) < start:
    time.sleep(0.005)
for i in range(int(sys.argv[4])):
    # The two writers' dates interleave, so a move may come forward (earlier=True).
    to = date(2027, 1, 1) + timedelta(days=2 * i + writer)
    why = f"writer {writer} move {i}"
    at = datetime.now(UTC)
    store.change_commitments(
        "INC-9", lambda cs, _open: [move(c, to, why, at, earlier=True) for c in cs], at
    )
    save(store, 1000 * (writer + 1) + i)
"""

KILLED = """
store = open_store(sys.argv[1])

def hang():
    print("in the middle of the save", flush=True)
    time.sleep(120)

save(store, 999, before_commit=hang)
"""


def _python(body: str, *args: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(SETUP) + textwrap.dedent(body), *args]


def _in_process() -> dict:
    namespace: dict = {}
    exec(textwrap.dedent(SETUP), namespace)
    return namespace


def _first_save(db_url: str) -> None:
    here = _in_process()
    store = open_store(db_url)
    here["save"](store, 1)
    store.close()


OPENER = """
start = datetime.fromisoformat(sys.argv[2])
while datetime.now(UTC) < start:
    time.sleep(0.002)
open_store(sys.argv[1]).close()
"""


def test_processes_opening_an_empty_database_at_once_all_migrate_it(db_url):
    # Each open migrates an empty database; started together, only one may create the
    # tables and the others must wait for it, not fail on tables that appeared meanwhile.
    for _ in range(3):  # the race is narrow: try it a few times
        start = (datetime.now(UTC) + timedelta(seconds=1.5)).isoformat()
        openers = [subprocess.Popen(_python(OPENER, db_url, start)) for _ in range(4)]
        assert [p.wait(timeout=120) for p in openers] == [0, 0, 0, 0]
        store = open_store(db_url)
        assert current_revision(store.engine) == HEAD_REVISION
        _empty(store)


def _empty(store) -> None:
    """Back to a database with no tables at all, for the next round."""
    from sqlalchemy import MetaData

    with store.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        tables.drop_all(connection)
    store.close()


def test_two_writers_at_once_lose_no_update(db_url):
    _first_save(db_url)
    start = (datetime.now(UTC) + timedelta(seconds=1.5)).isoformat()
    writers = [
        subprocess.Popen(_python(WRITER, db_url, str(w), start, str(SAVES_PER_WRITER)))
        for w in (0, 1)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]

    store = open_store(db_url)
    (report,) = store.commitments("INC-9")
    # Every move landed, and each started from the date the one before it set.
    assert len(report.slips) == 2 * SAVES_PER_WRITER
    assert report.slips[0].old_due == date(2026, 11, 27)
    for earlier, later in zip(report.slips, report.slips[1:], strict=False):
        assert later.old_due == earlier.new_due
    reasons = {s.reason for s in report.slips}
    assert reasons == {f"writer {w} move {i}" for w in (0, 1) for i in range(SAVES_PER_WRITER)}
    # Every save made its own version: none overwrote another.
    assert store.latest_version("INC-9") == 1 + 2 * SAVES_PER_WRITER
    saved = {
        store.version("INC-9", n).document["tickets"] for n in range(2, 2 + 2 * SAVES_PER_WRITER)
    }
    assert saved == {1000 * (w + 1) + i for w in (0, 1) for i in range(SAVES_PER_WRITER)}
    from sqlalchemy import text

    with store.engine.connect() as connection:
        row_version = connection.execute(
            text("SELECT row_version FROM incidents WHERE id = 'INC-9'")
        ).scalar()
    assert row_version == 1 + 4 * SAVES_PER_WRITER  # first save, then a move and a save each
    store.close()


def test_a_save_killed_midway_leaves_the_previous_state_whole(db_url):
    _first_save(db_url)
    before = open_store(db_url)
    commitments_before = before.commitments("INC-9")
    before.close()

    victim = subprocess.Popen(_python(KILLED, db_url), stdout=subprocess.PIPE, text=True)
    assert victim.stdout is not None
    assert victim.stdout.readline().strip() == "in the middle of the save"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL

    store = open_store(db_url)
    assert store.latest_version("INC-9") == 1
    assert store.version("INC-9", 1).document == {"tickets": 1}
    assert store.commitments("INC-9") == commitments_before
    if store.url.startswith("sqlite"):
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    store.close()
    # The database is not left locked: the next save goes through as version 2.
    subprocess.run(
        _python("assert save(open_store(sys.argv[1]), 2).version == 2", db_url), check=True
    )
