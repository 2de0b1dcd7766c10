"""The pure core of follow-through: reconciling promises, due status, fact diffs, updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import NOW, incident
from execbrief.core.followup.changes import Change, changes, flatten, label
from execbrief.core.followup.tracking import (
    CommitmentChangeError,
    Slip,
    TrackedCommitment,
    due_status,
    incident_key,
    mark_kept,
    move,
    next_commitment,
    reconcile,
    wanted,
)
from execbrief.core.followup.update import compose_update, update_document

UTC_ZONE = incident().zone
REPORT = {"what": "Root cause report", "owner": "Priya", "due": "2026-11-27"}
FIX = {"what": "Lasting fix", "due": "2026-12-01T17:00:00Z"}


def test_incident_key_is_the_files_id_or_title_and_start_day():
    assert incident_key(incident(id="INC-42")) == "INC-42"
    assert incident_key(incident()) == "checkout-payments-failing-2026-11-20"


def test_wanted_takes_the_files_commitments_with_their_moves():
    moved = {**REPORT, "status": "slipped", "slipped_to": "2026-11-30", "reason": "logs late"}
    first, second = wanted(incident(commitments=[moved, FIX]), NOW)
    assert (first.state, first.due, first.current_due, first.reason) == (
        "slipped",
        date(2026, 11, 27),
        date(2026, 11, 30),
        "logs late",
    )
    assert (second.number, second.state, second.source) == (2, "open", "file")


def test_wanted_falls_back_to_the_defaults():
    ongoing = incident(timeline={"resolved": None})
    names = [c.what for c in wanted(ongoing, NOW)]
    assert names == ["Root cause report", "Next update to you"]
    assert all(c.source == "default" for c in wanted(ongoing, NOW))


def test_reconcile_keeps_numbers_records_and_withdraws_defaults_no_longer_needed():
    ongoing = incident(timeline={"resolved": None})
    stored = reconcile([], wanted(ongoing, NOW))
    stored = [mark_kept(stored[0], NOW, None), stored[1]]
    resolved = incident()  # the daily update is no longer needed once resolved
    after = reconcile(stored, wanted(resolved, NOW))
    assert [(c.number, c.what, c.state) for c in after] == [
        (1, "Root cause report", "kept"),
        (2, "Next update to you", "withdrawn"),
    ]
    with_fix = incident(fix={"permanent": "we will add a check", "permanent_eta": "2026-12-04"})
    again = reconcile(after, wanted(with_fix, NOW))
    assert [(c.number, c.what) for c in again][-1] == (3, "Lasting fix in place")


def test_reconcile_keeps_a_recorded_move_when_the_file_still_gives_the_first_date():
    stored = reconcile([], wanted(incident(commitments=[REPORT]), NOW))
    moved = [move(stored[0], date(2026, 12, 2), "vendor logs late", NOW)]
    same_file = reconcile(moved, wanted(incident(commitments=[REPORT]), NOW))
    assert same_file == moved
    later = {**REPORT, "due": "2026-12-09"}
    further = reconcile(moved, wanted(incident(commitments=[later]), NOW))[0]
    assert [(s.old_due, s.new_due) for s in further.slips] == [
        (date(2026, 11, 27), date(2026, 12, 2)),
        (date(2026, 12, 2), date(2026, 12, 9)),
    ]


def test_reconcile_lets_the_file_set_a_date_not_yet_moved_in_public():
    stored = reconcile([], wanted(incident(commitments=[REPORT]), NOW))
    changed = reconcile(
        stored, wanted(incident(commitments=[{**REPORT, "due": "2026-11-26"}]), NOW)
    )
    assert changed[0].due == date(2026, 11, 26) and changed[0].slips == ()


def test_marking_and_moving_refuse_what_makes_no_sense():
    c = TrackedCommitment(1, "Report", None, date(2026, 11, 27))
    kept = mark_kept(c, NOW, "sent")
    with pytest.raises(CommitmentChangeError, match="already"):
        mark_kept(kept, NOW, None)
    with pytest.raises(CommitmentChangeError, match="only open ones move"):
        move(kept, date(2026, 12, 1), "late", NOW)
    with pytest.raises(CommitmentChangeError, match="already due then"):
        move(c, date(2026, 11, 27), "no change", NOW)
    moved = move(move(c, date(2026, 12, 1), "a", NOW), date(2026, 12, 3), "b", NOW)
    assert moved.due == date(2026, 11, 27) and moved.current_due == date(2026, 12, 3)
    assert moved.slips == (
        Slip(date(2026, 11, 27), date(2026, 12, 1), "a", NOW),
        Slip(date(2026, 12, 1), date(2026, 12, 3), "b", NOW),
    )


@pytest.mark.parametrize(
    ("state", "due_in", "expected"),
    [
        ("open", timedelta(hours=-1), "overdue"),
        ("slipped", timedelta(seconds=-1), "overdue"),
        ("open", timedelta(0), "due"),
        ("open", timedelta(hours=24), "due"),
        ("open", timedelta(hours=24, seconds=1), "open"),
        ("kept", timedelta(hours=-100), "kept"),
        ("withdrawn", timedelta(hours=-1), None),
    ],
)
def test_due_status(state, due_in, expected):
    assert due_status(state, NOW + due_in, NOW) == expected


def test_next_commitment_is_the_soonest_pending_one():
    a = TrackedCommitment(1, "A", None, date(2026, 12, 1))
    b = TrackedCommitment(2, "B", None, date(2026, 11, 25))
    c = TrackedCommitment(3, "C", None, date(2026, 11, 21), state="kept")
    assert next_commitment([a, b, c], UTC_ZONE) == b
    assert next_commitment([c], UTC_ZONE) is None


def test_changes_name_each_fact_old_to_new():
    old = {"impact": {"support_tickets": 85}, "timeline": {"events": [{"what": "alarm"}]}}
    new = {
        "impact": {"support_tickets": 140},
        "timeline": {"events": [{"what": "alarm"}, {"what": "rollback"}], "mitigated": "x"},
    }
    found = changes(old, new)
    assert found == [
        Change("impact.support_tickets", "Support tickets", 85, 140),
        Change("timeline.events[1].what", "What", None, "rollback"),
        Change("timeline.mitigated", "Service back for customers", None, "x"),
    ]
    assert [c.kind for c in found] == ["changed", "added", "added"]
    assert changes(new, old)[1].kind == "removed"
    assert label("impact.revenue.lost.low") == "Revenue lost"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(
    st.dictionaries(st.text(max_size=3), json_values, max_size=4),
    st.dictionaries(st.text(max_size=3), json_values, max_size=4),
)
def test_changes_are_empty_exactly_when_the_facts_agree(a, b):
    assert (changes(a, b) == []) == (flatten(a) == flatten(b))
    assert changes(a, a) == []
    for change in changes(a, b):
        assert flatten(a).get(change.field) == change.old
        assert flatten(b).get(change.field) == change.new


def _tracked(inc, now=NOW):
    return reconcile([], wanted(inc, now))


def test_update_says_what_was_kept_moved_late_and_coming():
    inc = incident(commitments=[REPORT, FIX, {"what": "Customer email", "due": "2026-11-20"}])
    report, fix, email = _tracked(inc)
    at = datetime(2026, 11, 21, 15, tzinfo=UTC)
    tracked = [
        mark_kept(report, at, None),
        move(fix, date(2026, 12, 8), "the vendor's patch is late", at),
        email,
    ]
    before = incident().model_dump(mode="json")
    after = incident(impact={"support_tickets": 140}).model_dump(mode="json")
    update = compose_update("INC-1", inc, 2, changes(before, after), tracked, at)
    parts = dict(update.lines())
    assert parts["What changed since our last update"] == ["Support tickets: 140 (new)."]
    assert parts["Our promises"] == [
        "Of our three promises, one is kept, one moved to a new date, one is missed and "
        "none are still open."
    ]
    assert parts["Done"][0].startswith("Root cause report (Priya): kept on time, done at ")
    assert parts["Moved, and why"] == [
        "Lasting fix: moved from 12:00 p.m. EST on Tuesday, December 1 to Tuesday, "
        "December 8, because the vendor's patch is late."
    ]
    assert parts["Missed"] == [
        "Customer email: missed: due yesterday, about 10 hours ago, no new date. "
        "We owe you a new date for it."
    ]
    assert parts["Coming next"] == [
        "Lasting fix: slipped to Tuesday, December 8 because the vendor's patch is late, "
        "in about 18 days."
    ]
    assert "closed" not in update.next_update and "December 8" in update.next_update
    document = update_document(update)
    assert [c["status"] for c in document["commitments"]] == ["kept", "slipped", "missed"]
    assert document["commitments"][1]["slips"][0]["why"] == "the vendor's patch is late"


def test_update_for_an_open_incident_promises_the_next_one_within_a_day():
    inc = incident(timeline={"resolved": None, "mitigated": None})
    update = compose_update("INC-1", inc, 1, [], _tracked(inc), NOW)
    assert update.changes == ["This is our first update since the brief."]
    assert update.status.startswith("Still ongoing.")
    assert update.next_update.startswith("By 12:30 p.m. EST on Saturday, November 21")


def test_update_with_nothing_left_says_so():
    inc = incident(commitments=[{**REPORT, "status": "kept"}])
    update = compose_update("INC-1", inc, 3, [], _tracked(inc), NOW)
    assert update.changes == ["No new facts since our last update."]
    assert update.next_update.startswith("No more regular updates")


whats = st.sampled_from(["Report", "Fix", "Email", "Review"])
days = st.dates(min_value=date(2026, 11, 21), max_value=date(2026, 12, 31))
fact_lists = st.lists(
    st.builds(lambda what, due: TrackedCommitment(0, what, None, due), whats, days),
    max_size=4,
    unique_by=lambda c: c.what,
).map(lambda cs: [replace(c, number=n) for n, c in enumerate(cs, start=1)])


@given(fact_lists, fact_lists)
def test_reconcile_is_stable_and_never_loses_a_promise(first, second):
    stored = reconcile([], first)
    after = reconcile(stored, second)
    assert reconcile(after, second) == after  # saving the same facts again changes nothing
    assert [c.number for c in after] == list(range(1, len(after) + 1))
    assert {c.what for c in stored} <= {c.what for c in after}
    for old in stored:  # a promise keeps its number for good
        assert next(c for c in after if c.what == old.what).number == old.number


def test_keeping_the_daily_update_promises_the_next_while_the_incident_is_open():
    from execbrief.core.followup.commitments import RECURRING_EVERY, RECURRING_UPDATE, keep
    from execbrief.core.story.planned_commitments import UPDATE_EVERY

    assert (RECURRING_UPDATE, RECURRING_EVERY) == ("Next update to you", UPDATE_EVERY)
    ongoing = incident(timeline={"resolved": None, "mitigated": None})
    stored = _tracked(ongoing)
    assert stored[1].what == RECURRING_UPDATE
    sent = datetime(2026, 11, 21, 15, tzinfo=UTC)
    after = keep(stored, 2, sent, "sent", incident_open=True)
    assert [(c.number, c.what, c.state) for c in after] == [
        (1, "Root cause report", "open"),
        (2, "Next update to you", "kept"),
        (3, "Next update to you", "open"),
    ]
    assert after[2].due == sent + UPDATE_EVERY and after[2].source == "default"
    closed = keep(stored, 2, sent, None, incident_open=False)
    assert len(closed) == 2
    assert len(keep(stored, 1, sent, None, incident_open=True)) == 2  # only the update repeats
    with pytest.raises(CommitmentChangeError, match="no commitment 9"):
        keep(stored, 9, sent, None, incident_open=True)
    # A later save matches the newest daily update, and leaves the kept one kept.
    again = reconcile(after, wanted(ongoing, sent))
    assert [c.state for c in again] == ["open", "kept", "open"]


def test_an_overdue_daily_update_is_followed_by_one_a_day_after_this_one():
    ongoing = incident(timeline={"resolved": None, "mitigated": None})
    tracked = _tracked(ongoing)  # the daily update is due at NOW + 24 h
    late = NOW + timedelta(days=3)
    update = compose_update("INC-1", ongoing, 1, [], tracked, late)
    assert update.next_update.startswith("By 12:30 p.m. EST on Tuesday, November 24")
    assert update.late[0].startswith("Next update to you: missed: due 12:30 p.m. EST on")
