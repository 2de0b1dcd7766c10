"""Dates are told against `now` (issue 12): a date already past is never a promise, the
year is said when it is not now's, and a promise dated before the incident is refused."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, incident
from execbrief.core import speech
from execbrief.core.incident import IncidentInvalid, due_moment
from execbrief.core.incident.validation import read_incident
from execbrief.core.story.brief import compose, generated_texts

PROMISES = {
    "fix": {
        "permanent": "make the release check mandatory",
        "permanent_eta": "2026-11-27",
    },
    "commitments": [
        {"what": "Root cause report", "owner": "SRE team", "due": "2026-11-25"},
        {"what": "Letter to affected customers", "owner": "Support", "due": "2026-11-21"},
        {"what": "Status page note", "owner": "Comms", "due": "2026-11-20", "status": "kept"},
    ],
}


def _texts(brief) -> str:
    return "\n".join(text for _, text in generated_texts(brief))


def _past_promises(brief, now: datetime) -> list[str]:
    """Every 'by <date>' in the brief's own text where <date> names a date before `now`."""
    zone = brief.incident.zone
    dues: list[date | datetime] = [c.due for c in brief.commitments]
    if brief.incident.fix.permanent_eta is not None:
        dues.append(brief.incident.fix.permanent_eta)
    text = _texts(brief)
    found = []
    for due in dues:
        if due_moment(due, zone) >= now:
            continue
        for said in {speech.due(due, zone), speech.due(due, zone, now)}:
            found += re.findall(rf"\bby {re.escape(said)}\b", text)
    return found


def test_a_date_that_has_passed_is_told_as_missed_not_promised():
    now = datetime.fromisoformat("2026-11-26T15:00:00+00:00")  # report and letter are past
    brief = compose(incident(**PROMISES), now)
    steps = brief.section("next_steps").text
    assert "Root cause report from SRE team: was due yesterday: missed." in steps
    assert "Letter to affected customers from Support: was due Saturday, November 21" in steps
    assert "Status page note from Comms: done." in steps
    assert "by tomorrow" in brief.section("fix").text  # the fix on Nov 27 is still ahead
    assert _past_promises(brief, now) == []


def test_when_every_date_has_passed_the_fix_is_late_and_answers_wait_for_the_next_update():
    now = datetime.fromisoformat("2027-01-10T15:00:00+00:00")
    brief = compose(incident(**PROMISES), now)
    fix = brief.section("fix").text
    assert "was due Friday, November 27, 2026: missed" in fix  # another year: the year is said
    assert "we will make" not in fix
    assert "No update to you is scheduled yet." in brief.section("next_steps").text
    assert _past_promises(brief, now) == []


def test_a_day_in_now_s_year_carries_no_year_and_today_is_said_as_today():
    now = datetime.fromisoformat("2026-11-25T14:00:00+00:00")
    brief = compose(incident(**PROMISES), now)
    steps = brief.section("next_steps").text
    assert "Root cause report from SRE team: by the end of today." in steps
    assert "2026" not in _texts(brief)


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(sorted(p.name for p in EXAMPLES.glob("*.yaml"))),
    days_later=st.integers(min_value=0, max_value=800),
)
def test_no_example_promises_a_date_already_past(name, days_later):
    data = yaml.safe_load((EXAMPLES / name).read_text())
    facts = read_incident(data)
    t = facts.timeline
    now = (t.resolved or t.mitigated or t.started) + timedelta(days=days_later, hours=1)
    brief = compose(facts, now)
    assert _past_promises(brief, now) == []


def test_the_check_itself_finds_a_past_promise():
    now = datetime.fromisoformat("2026-11-26T15:00:00+00:00")
    brief = compose(incident(**PROMISES), now)
    zone = brief.incident.zone
    said = speech.due(date(2026, 11, 25), zone)
    lying = type(brief.section("fix"))("fix", "Fix", f"We will send it by {said}.")
    bad = type(brief)(**{**brief.__dict__, "sections": [lying]})
    assert _past_promises(bad, now) == [f"by {said}"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"commitments": [{"what": "Report", "due": "2026-11-19"}]}, "commitments[0].due"),
        (
            {"commitments": [{"what": "Report", "due": "2026-11-25", "slipped_to": "2025-11-30"}]},
            "commitments[0].slipped_to",
        ),
        ({"fix": {"permanent": "add a check", "permanent_eta": "2025-11-27"}}, "fix.permanent_eta"),
    ],
)
def test_a_promise_dated_before_the_incident_began_is_refused(changes, field):
    with pytest.raises(IncidentInvalid) as caught:
        incident(**changes)
    problem = caught.value.problems[0]
    assert problem.field == field
    assert "before the incident began" in problem.message
    assert problem.hint


def test_a_promise_due_on_the_day_the_incident_began_is_accepted():
    facts = incident(commitments=[{"what": "Status page note", "due": "2026-11-20"}])
    assert facts.commitments[0].due == date(2026, 11, 20)


def test_the_spoken_closing_owns_missed_dates_and_promises_only_what_is_ahead():
    now = datetime.fromisoformat("2026-11-26T15:00:00+00:00")
    closing = compose(incident(**PROMISES), now).script[-1].text
    assert "We have missed two dates: Root cause report, due yesterday; Letter to" in closing
    assert "customers, due Saturday, November 21. You will have new dates from me today." in closing
    assert "I will." not in closing  # nothing left ahead to promise
    later = compose(incident(**PROMISES), datetime.fromisoformat("2026-11-20T17:30:00+00:00"))
    assert later.script[-1].text.startswith("I will. Root cause report from SRE team: by ")


def test_an_incident_that_ran_into_the_next_day_is_told_by_when_it_ended():
    overnight = {
        "timeline": {
            "started": "2026-11-20T03:10:00Z",  # 10:10 p.m. EST the day before
            "detected": "2026-11-20T11:45:00Z",
            "mitigated": "2026-11-20T12:30:00Z",  # 7:30 a.m. EST
            "resolved": None,
        }
    }
    brief = compose(incident(**overnight), datetime.fromisoformat("2026-11-20T18:00:00+00:00"))
    assert "for about 9 hours and 15 minutes until 7:30 a.m. EST today" in brief.headline
    assert "yesterday" not in brief.headline


def test_an_ask_without_deadline_consequence_or_recommendation_is_a_gap_to_fill():
    asks = [
        "Approve service credits",
        {
            "decision": "Approve the refund budget",
            "deadline": "2026-11-21T20:00:00Z",
            "if_no_decision": "refunds wait until Monday",
            "recommendation": "approve up to $20,000",
        },
    ]
    brief = compose(incident(asks=asks), datetime.fromisoformat("2026-11-20T18:00:00+00:00"))
    reasons = " ".join(brief.readiness.reasons)
    # the ask named by its words, what it lacks in plain words
    assert (
        'the CEO cannot weigh every ask: "Approve service credits" lacks a deadline, what '
        "happens if you wait and a recommendation. Add these" in reasons
    )
    assert "Approve the refund budget" not in reasons
    assert "asks[" not in reasons and "{" not in reasons
    told = brief.section("asks").text
    # the handout shows the ask as given, with no tool's note; the engineer is told above
    # in the order they fall due, the ask with no deadline last
    assert "2. Approve service credits." in told and "given yet" not in told
    assert "1. Approve the refund budget, by 3:00 p.m. EST tomorrow. Without it, refunds" in told
    assert "We recommend: approve up to $20,000." in told


def test_facts_dated_after_now_are_named_and_planned_dates_are_not():
    from execbrief.core.incident import dated_after

    facts = incident(
        commitments=[
            {
                "what": "Report",
                "due": "2026-12-01",
                "status": "kept",
                "done_at": "2026-11-22T10:00:00Z",
            }
        ],
        fix={"permanent": "add a check", "permanent_eta": "2026-12-20"},
    )
    at_start = datetime.fromisoformat("2026-11-20T14:30:00+00:00")  # before it was mitigated
    found = {".".join(map(str, p.path)): p.message for p in dated_after(facts, at_start)}
    assert set(found) == {"timeline.mitigated", "timeline.resolved", "commitments.0.done_at"}
    assert "is after the moment of the brief" in found["timeline.mitigated"]
    assert dated_after(facts, datetime.fromisoformat("2026-11-23T00:00:00+00:00")) == []
