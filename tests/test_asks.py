"""The decisions asked of the CEO are chosen and worded by the incident's facts: no two
incidents hear the same three sentences."""

from __future__ import annotations

from datetime import date, datetime

import yaml

from conftest import EXAMPLES
from execbrief.core.incident.validation import read_incident
from execbrief.core.story.brief import compose
from execbrief.sources.obligation_rules import load_rules

RULES = load_rules([])


def _brief(name: str, now: str):
    inc = read_incident(yaml.safe_load((EXAMPLES / name).read_text()))
    return compose(inc, datetime.fromisoformat(now), rules=RULES)


def _by(brief, source: str):
    found = [d for d in brief.asks if d.source == source]
    assert len(found) == 1, [d.decision for d in brief.asks]
    return found[0]


def test_counsel_twelve_days_on_asks_what_passed_and_what_is_still_to_file():
    brief = _brief("faulty-update.yaml", "2026-11-17T14:00:00-06:00")
    d = _by(brief, "exposure")
    assert d.decision == (
        "Ask counsel which notice duties ran out since this began on Thursday, November 5, "
        "and what we must still file"
    )
    assert "has run out already" in (d.if_no_decision or "")
    assert "Enterprise protection plan contracts set notice terms" in (d.recommendation or "")
    assert d.deadline == date(2026, 11, 17)


def test_counsel_names_the_regulator_asking_and_answers_before_the_market_opens():
    brief = _brief("runaway-orders.yaml", "2026-11-18T19:00:00-05:00")
    d = _by(brief, "exposure")
    assert (
        d.decision
        == "Ask counsel what we owe the market regulator, which is already asking questions"
    )
    # the file's own clock for the open: its lenders ask is due 8:00 a.m. tomorrow
    assert d.deadline == datetime.fromisoformat("2026-11-19T08:00:00-05:00")
    assert "the market opens before counsel has answered" in (d.if_no_decision or "")
    assert "$290 million trading loss" in (d.recommendation or "")


def test_the_pause_names_the_changes_and_is_not_asked_when_the_fix_is_hours_away():
    faulty = _brief("faulty-update.yaml", "2026-11-17T14:00:00-06:00")
    assert _by(faulty, "cause.summary").decision.startswith("Agree that content updates wait")
    orders = _brief("runaway-orders.yaml", "2026-11-18T19:00:00-05:00")
    assert "releases to stock order routing" in _by(orders, "cause.summary").decision
    checkout = _brief("checkout-outage.yaml", "2026-11-27T10:00:00-05:00")  # fix due today
    assert all(d.source != "cause.summary" for d in checkout.asks)


def test_front_page_news_gets_a_statement_today_that_fits_the_promised_public_review():
    brief = _brief("faulty-update.yaml", "2026-11-17T14:00:00-06:00")
    d = _by(brief, "impact.public_attention")
    assert d.decision.startswith("Approve a public statement")
    assert d.deadline == date(2026, 11, 17)
    assert "front-page news worldwide, airlines and hospitals" in (d.if_no_decision or "")
    advice = d.recommendation or ""
    assert "press statement only if journalists ask" not in advice
    assert "the public review of what went wrong, due Tuesday, November 24, says why" in advice
    press = {q.question: q.answer for q in brief.qa}["Will this be in the press?"]
    assert "We ask you to approve a public statement" in press


def test_the_regulator_and_the_press_asking_get_the_same_facts_before_the_open():
    brief = _brief("runaway-orders.yaml", "2026-11-18T19:00:00-05:00")
    d = _by(brief, "impact.public_attention")
    assert d.deadline == datetime.fromisoformat("2026-11-19T08:00:00-05:00")
    assert "the client firms hit and the market regulator" in (d.recommendation or "")


def test_a_status_page_outage_a_week_old_is_not_a_public_statement_to_decide():
    brief = _brief("checkout-outage.yaml", "2026-11-27T10:00:00-05:00")
    assert all("public" not in d.decision for d in brief.asks)
    same_day = _brief("checkout-outage.yaml", "2026-11-20T13:30:00-05:00")
    assert any("say more in public" in d.decision for d in same_day.asks)


def test_a_file_ask_without_its_parts_says_so_and_gets_none_made_up():
    brief = _brief("checkout-outage.yaml", "2026-11-27T10:00:00-05:00")
    first = next(ask for ask in brief.asks if ask.source == "file")
    assert brief.asks[-1] == first  # no deadline: after every ask that has one
    assert first.deadline is None and first.if_no_decision is None
    assert first.recommendation is None
    assert first.decision == "Approve service credits for the 42 enterprise customers"
    assert len(first.missing) == 3
    assert brief.readiness.verdict != "ready"
    assert any(
        '"Approve service credits for the 42 enterprise customers" lacks a deadline' in r
        for r in brief.readiness.reasons
    )


def test_what_falls_due_first_is_listed_first_and_says_how_long_is_left():
    # At 7 p.m., "by the end of today" (5 hours) comes before 8 a.m. tomorrow (13 hours),
    # in "Needs you now" and in the decisions in full alike: one order everywhere.
    brief = _brief("runaway-orders.yaml", "2026-11-18T19:00:00-05:00")
    urgent = [u.told for u in brief.needs_you_now]
    assert urgent[0].startswith("Your decision: Agree that releases")
    assert urgent[0].endswith("by the end of today, about 5 hours from now.")
    assert all("13 hours from now" in told for told in urgent[1:])
    in_full = [d.decision for d in brief.asks]
    assert [f"Your decision: {d}" for d in in_full[: len(urgent)]] == [
        told.split(": by ")[0].split(": due ")[0] for told in urgent
    ]
