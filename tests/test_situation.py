"""The situation (core/story/situation.py): each fact decided once, with its state, and
every section reading its phrase from there."""

from __future__ import annotations

import json

from conftest import NOW, incident
from execbrief.core.story import compose, document


def test_a_counted_fact_is_known_a_range_estimated_a_missing_one_unknown_with_its_owner():
    brief = compose(
        incident(impact={"users_affected": {"low": 700, "high": 5000}, "revenue": {"lost": 57961}}),
        NOW,
    )
    users = brief.situation["users"]
    assert users.state == "estimated"
    assert users.phrase == "between 700 and 5,000 customers"
    assert users.value is None  # no likely figure invented between 700 and 5,000
    loss = brief.situation["lost_sales"]
    assert (loss.state, loss.phrase, loss.value) == ("known", "about $58,000", 57961)
    assert brief.situation["data_loss"].state == "unknown"
    assert brief.situation["data_loss"].owner == "incident lead"
    assert brief.situation["cause"].state == "unknown"

    bare = compose(incident(), NOW)
    assert bare.situation["users"].state == "unknown"
    assert bare.situation["users"].owner == "incident lead"
    assert bare.situation["lost_sales"].owner == "finance team"
    assert bare.situation.phrase("users") is None  # an unknown is never said as a figure


def test_every_section_says_a_figure_with_the_situation_s_phrase():
    brief = compose(
        incident(
            impact={"users_affected": 48213, "revenue": {"lost": 57961}},
            response={"responders": 4, "hourly_cost": 150},
        ),
        NOW,
    )
    facts = brief.situation
    assert facts["users"].phrase == "about 48,000 customers"
    assert facts["lasted"].phrase == "47 minutes"
    assert facts["users"].phrase in brief.headline
    assert facts["lost_sales"].phrase in brief.headline
    impact = brief.section("impact").text
    assert facts["users"].phrase.capitalize() in impact
    assert facts["response_cost"].phrase in impact
    cost = next(q.answer for q in brief.qa if "cost" in q.question)
    total = facts["total_cost"]
    assert cost.startswith(f"{total.phrase.capitalize()}: ")  # over: never "so far"
    assert total.method in cost  # its parts, each in its own phrase


def test_a_cost_with_one_part_is_that_part_not_a_total_beside_itself():
    brief = compose(incident(response={"responders": 4, "hourly_cost": 150}), NOW)
    assert brief.situation.get("total_cost") is None
    cost = next(q.answer for q in brief.qa if "cost" in q.question)
    staff = brief.situation["response_cost"].phrase
    assert cost.startswith(f"{staff.capitalize()}, all of it staff time.")
    assert cost.count(staff.removeprefix("about ")) == 1


def test_the_json_carries_the_situation_with_states_and_phrases():
    brief = compose(incident(impact={"users_affected": 48200}), NOW)
    doc = json.loads(json.dumps(document(brief), default=str))
    by_key = {fact["key"]: fact for fact in doc["situation"]}
    assert by_key["users"]["state"] == "known"
    assert by_key["users"]["phrase"] == "48,200 customers"
    assert by_key["lost_sales"]["state"] == "unknown"
    assert by_key["lost_sales"]["owner"] == "finance team"
    assert by_key["lasted"]["phrase"] == "47 minutes"


def test_low_risk_is_not_told_as_settled_while_the_lasting_fix_is_still_to_come():
    pending = compose(
        incident(
            recurrence={"risk": "low", "why": "the change is rolled back"},
            cause={"summary": "a release skipped its check", "status": "confirmed"},
            fix={"permanent": "add a check before each release", "permanent_eta": "2026-11-27"},
        ),
        NOW,
    )
    text = pending.section("recurrence").text
    assert "low for now" in text
    assert "Some risk remains until the lasting fix is in, by Friday, November 27." in text


def test_low_risk_on_a_cause_not_yet_confirmed_says_what_it_rests_on():
    first_look = compose(
        incident(
            recurrence={"risk": "low"},
            cause={"summary": "a release skipped its check", "status": "suspected"},
        ),
        NOW,
    )
    assert "low for now, if our first finding on the cause holds" in (
        first_look.section("recurrence").text
    )
    unknown = compose(incident(recurrence={"risk": "low"}), NOW)
    assert "but we do not know the cause yet" in unknown.section("recurrence").text


def test_our_missed_promises_are_near_the_top_of_the_handout_in_date_order():
    from datetime import timedelta

    from execbrief.render import render

    promised = incident(
        commitments=[
            {"what": "Root cause report", "owner": "SRE team", "due": "2026-11-25"},
            {"what": "Next update to you", "owner": "Incident lead", "due": "2026-11-21"},
            {"what": "Lasting fix in place", "owner": "Platform team", "due": "2026-12-20"},
        ]
    )
    md = render("md", compose(promised, NOW + timedelta(days=7)))
    late = md.index("## Late from us")
    assert late < md.index("## At a glance")
    block = md[late : md.index("## At a glance")]
    assert block.count(": missed.") == 2 and "Lasting fix" not in block
    assert block.index("Next update") < block.index("Root cause report")
    fresh = render("md", compose(promised, NOW))
    assert "Late from us" not in fresh


def test_a_second_money_method_outside_the_range_is_said_to_be_so():
    brief = compose(
        incident(
            impact={
                "failed_transactions": 1200,
                "revenue": {
                    "currency": "USD",
                    "average_order_value": 45,
                    "per_minute": 300,
                    "recapture": {"low": 0.2, "high": 0.4},
                },
            }
        ),
        NOW,
    )
    text = brief.section("impact").text
    assert "A second method" in text
    assert "our range; finance will settle the figure." in text


def test_a_utc_time_in_the_engineer_s_text_is_suggested_in_the_ceo_s_zone():
    from execbrief.core.story.incident_text import check_incident
    from execbrief.sources.glossary_file import load_lexicon

    facts = incident(cause={"summary": "The database failed at 14:02 UTC after a change."})
    found = [f for f in check_incident(facts, load_lexicon(use_config=False)) if "UTC" in f.text]
    assert found and "9:02 a.m. New York time" in found[0].suggestion


def test_so_far_only_while_the_incident_is_ongoing():
    changes = {
        "impact": {"revenue": {"lost": 57961}},
        "response": {"responders": 4, "hourly_cost": 150},
    }
    over = compose(incident(**changes), NOW)
    ongoing = compose(incident(**changes, timeline={"mitigated": None, "resolved": None}), NOW)
    cost = next(q.answer for q in over.qa if "cost" in q.question)
    assert "so far" not in cost and over.situation["total_cost"].label == "Cost in all"
    cost = next(q.answer for q in ongoing.qa if "cost" in q.question)
    assert "so far" in cost and ongoing.situation["total_cost"].label == "Cost so far"


def test_the_prompt_for_missing_money_fits_the_business():
    shop = compose(incident(), NOW)
    trading = compose(incident(impact={"revenue": {"kind": "trading_loss"}}), NOW)
    ask = {u.field: u.action for u in shop.unknowns}["impact.revenue"]
    assert "average order value" in ask
    ask = {u.field: u.action for u in trading.unknowns}["impact.revenue"]
    assert "average order value" not in ask and "revenue.lost" in ask
