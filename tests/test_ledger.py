"""The ledger (issue 13): events in, state out. Random sequences of save, slip, done and
reopen never make `update`, `brief` and `due` disagree, and never lose an event; the
migration carries the old rows over as events."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from execbrief.core.followup import TrackedCommitment
from execbrief.core.followup.commitments import mark_kept, move, reopen
from execbrief.core.followup.ledger import as_planned, events_between, replay, stamped
from execbrief.core.story.promise_state import promise_status, status_words
from execbrief.errors import InputError
from followup_support import db_url

__all__ = ["db_url"]

ZONE_NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def test_states_and_their_words():
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/New_York")
    due = date(2026, 11, 23)
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)

    def state(**given):
        args = {"kept": False, "slipped": False, "due": due, "done_at": None} | given
        return promise_status(zone=zone, now=now, **args)

    assert state() == "missed"
    assert state(due=date(2026, 11, 25)) == "open"
    assert state(due=date(2026, 11, 25), slipped=True) == "slipped"
    assert state(kept=True, done_at=datetime(2026, 11, 23, 20, tzinfo=UTC)) == "kept"
    assert state(kept=True, done_at=datetime(2026, 11, 24, 9, tzinfo=UTC)) == "kept_late"
    words = status_words(
        "slipped",
        due=date(2026, 11, 25),
        done_at=None,
        reason="Parts are late?",
        zone=zone,
        now=now,
    )
    assert words == "slipped to tomorrow because Parts are late, in about 1 and a half days"
    assert status_words("missed", due=due, done_at=None, reason=None, zone=zone, now=now) == (
        "missed: due yesterday, about 7 hours ago, no new date"
    )


def _ops():
    base = TrackedCommitment(1, "Report", "SRE team", date(2026, 11, 27))
    kept = mark_kept(base, ZONE_NOW, "sent")
    moved = move(base, date(2026, 12, 2), "vendor late", ZONE_NOW)
    return base, kept, moved


def test_replaying_the_events_between_two_lists_gives_the_second():
    base, kept, moved = _ops()
    for old, new in [([], [base]), ([base], [kept]), ([kept], [reopen(kept)]), ([base], [moved])]:
        history = events_between([], old, at=ZONE_NOW, who="a")
        recorded = events_between(old, new, at=ZONE_NOW, who="b", reason="why")
        assert replay(history + recorded) == stamped(new, ZONE_NOW)
    assert [e.kind for e in events_between([kept], [reopen(kept)], at=ZONE_NOW, who=None)] == [
        "reopened"
    ]
    planned = as_planned(replay(events_between([], [moved], at=ZONE_NOW, who="a")))
    assert planned[0].status == "slipped" and planned[0].reason == "vendor late"
    assert [h["event"] for h in planned[0].history] == ["made", "slipped"]


def test_the_migration_turns_old_rows_into_events(tmp_path):
    from sqlalchemy import text

    from execbrief.store import open_store
    from execbrief.store.database import make_engine, migrate

    url = f"sqlite+pysqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrate(engine, "0001")
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO incidents VALUES ('INC-1', 'T', 'resolved', 'UTC', 1, 3, "
                "'2026-11-21 12:00:00.000000')"
            )
        )
        c.execute(
            text(
                "INSERT INTO brief_versions VALUES ('INC-1', 1, '2026-11-21 12:00:00.000000', "
                "'d', '{}', '{}')"
            )
        )
        rows = [
            "(1, 'Report', 'SRE', 'file', 'slipped', '2026-11-25', '2026-12-02', "
            "'2026-12-02 23:59:59.000000', NULL, NULL)",
            "(2, 'Fix', NULL, 'file', 'kept', '2026-11-27', '2026-11-27', "
            "'2026-11-27 23:59:59.000000', '2026-11-26 10:00:00.000000', 'shipped')",
            "(3, 'Next update to you', NULL, 'default', 'withdrawn', '2026-11-22T12:00:00+00:00',"
            " '2026-11-22T12:00:00+00:00', '2026-11-22 12:00:00.000000', NULL, NULL)",
        ]
        for row in rows:
            c.execute(text(f"INSERT INTO commitments VALUES ('INC-1', {row[1:]}"))
        c.execute(
            text(
                "INSERT INTO commitment_slips VALUES ('INC-1', 1, 1, '2026-11-25', '2026-12-02', "
                "'vendor late', '2026-11-22 09:00:00.000000')"
            )
        )
    engine.dispose()
    store = open_store(str(tmp_path / "old.db"))
    report, fix, update = store.commitments("INC-1")
    assert (report.state, report.due, report.current_due, report.reason) == (
        "slipped",
        date(2026, 11, 25),
        date(2026, 12, 2),
        "vendor late",
    )
    assert (fix.state, fix.done_at, fix.note) == (
        "kept",
        datetime(2026, 11, 26, 10, tzinfo=UTC),
        "shipped",
    )
    assert update.state == "withdrawn"
    assert [e.kind for e in store.events("INC-1")] == [
        "made",
        "slipped",
        "made",
        "done",
        "made",
        "withdrawn",
    ]
    store.close()
    engine = make_engine(url)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "execbrief.store:migrations")
    with engine.begin() as c:  # and back: the moves table again, with the move
        config.attributes["connection"] = c
        command.downgrade(config, "0001")
    with engine.connect() as c:
        assert c.execute(text("SELECT new_due, reason FROM commitment_slips")).all() == [
            ("2026-12-02", "vendor late")
        ]
    engine.dispose()


# --- random sequences through the app, on a real store ---------------------------------

FILE = """\
execbrief: 1
id: INC-9
title: Checkout payments failing
audience: {{timezone: America/New_York}}
timeline: {{started: 2026-11-20T14:02:00Z, mitigated: 2026-11-20T14:49:00Z,
            resolved: 2026-11-20T16:30:00Z}}
commitments:
  - {{what: Root cause report, owner: SRE team, due: {report}}}
  - {{what: Lasting fix in place, owner: Platform team, due: 2026-11-27{fix}}}
"""
VARIANTS = [
    {"report": "2026-11-25", "fix": ""},
    {"report": "2026-11-30", "fix": ""},
    {"report": "2026-11-25", "fix": ", status: kept, done_at: 2026-11-21T18:00:00Z"},
]

steps = st.lists(
    st.tuples(
        st.sampled_from(["save", "slip", "done", "reopen"]),
        st.integers(1, 2),  # which promise
        st.integers(1, 60),  # hours since the step before
        st.integers(-3, 6),  # days for a new date, or a file variant
        st.booleans(),  # with a reason / --earlier
    ),
    min_size=1,
    max_size=7,
)


def _states(db: str, file: Path, now: datetime) -> dict[str, dict[int, str]]:
    from execbrief.app.followup import due_items
    from execbrief.app.updates import UpdateFormat, draft_update
    from execbrief.core.story import compose, document
    from execbrief.sources.incident_file import load_incident
    from execbrief.store import open_store

    at = now.isoformat()
    store = open_store(db)
    ledger = as_planned(store.commitments("INC-9"))
    store.close()
    brief = document(compose(load_incident(file), now, rules=[], ledger=ledger))
    update = json.loads(draft_update("INC-9", UpdateFormat.json, at, db)[0])
    return {
        "brief": {c["number"]: c["status"] for c in brief["commitments"]},
        "update": {c["number"]: c["status"] for c in update["commitments"]},
        "due": {i["number"]: i["state"] for i in due_items(at, True, db)},
        "brief_words": {c["number"]: c["status_text"] for c in brief["commitments"]},
        "update_words": {c["number"]: c["status_text"] for c in update["commitments"]},
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_random_histories_never_contradict_or_lose_an_event(sequence):
    from execbrief.app import followup
    from execbrief.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "p.db")
        file = Path(folder) / "incident.yaml"
        file.write_text(FILE.format(**VARIANTS[0]))
        now = datetime(2026, 11, 21, 12, tzinfo=UTC)
        followup.save_incident(file, now.isoformat(), db)
        seen: list = []
        for op, n, hours, days, flag in sequence:
            now += timedelta(hours=hours)
            at = now.isoformat()
            try:
                if op == "save":
                    file.write_text(FILE.format(**VARIANTS[abs(days) % len(VARIANTS)]))
                    followup.save_incident(file, at, db, "the plan changed" if flag else None)
                elif op == "slip":
                    to = (now + timedelta(days=days)).date().isoformat()
                    followup.move_commitment(
                        "INC-9", n, to, "the vendor is late", db, earlier=flag, now=at
                    )
                elif op == "done":
                    done_at = (now - timedelta(hours=days % 5)).isoformat()
                    followup.mark_kept("INC-9", n, done_at, "sent", db, now=at)
                else:
                    followup.reopen_commitment("INC-9", n, "not done after all", db, now=at)
            except InputError:
                pass  # refused: exit 2 at the command line; checked below that nothing changed
            store = open_store(db)
            events = store.events("INC-9")
            store.close()
            assert events[: len(seen)] == seen  # append-only: nothing lost or rewritten
            seen = events
            found = _states(db, file, now)
            assert found["brief"] == found["update"] == found["due"]
            assert found["brief_words"] == found["update_words"]


def test_the_random_histories_test_can_fail():
    """The comparison above is not vacuous: states at different moments differ."""
    with tempfile.TemporaryDirectory() as folder:
        from execbrief.app import followup

        db = str(Path(folder) / "p.db")
        file = Path(folder) / "incident.yaml"
        file.write_text(FILE.format(**VARIANTS[0]))
        followup.save_incident(file, "2026-11-21T12:00:00+00:00", db)
        early = _states(db, file, datetime(2026, 11, 21, 13, tzinfo=UTC))
        late = _states(db, file, datetime(2026, 11, 29, 13, tzinfo=UTC))
        assert early["brief"] == {1: "open", 2: "open"}
        assert late["due"] == {1: "missed", 2: "missed"} != early["due"]


@pytest.mark.parametrize("kind", ["slip", "done"])
def test_a_refused_change_records_nothing(db_url, tmp_path, kind):
    from execbrief.app import followup
    from execbrief.store import open_store

    file = tmp_path / "incident.yaml"
    file.write_text(FILE.format(**VARIANTS[0]))
    followup.save_incident(file, "2026-11-21T12:00:00+00:00", db_url)
    before = open_store(db_url).events("INC-9")
    with pytest.raises(InputError):
        if kind == "slip":
            followup.move_commitment(
                "INC-9", 1, "2026-11-21", "late", db_url, now="2026-11-22T12:00:00+00:00"
            )
        else:
            followup.mark_kept(
                "INC-9", 1, "2026-11-20T12:00:00+00:00", None, db_url,
                now="2026-11-22T12:00:00+00:00",
            )  # fmt: skip
    assert open_store(db_url).events("INC-9") == before
