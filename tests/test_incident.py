"""The incident model: every field of SPEC section 1, and the consistency rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import yaml

from conftest import BASE, EXAMPLES, merge
from execbrief.core.incident.model import Incident, UsersRange, UsersShare
from execbrief.core.incident.validation import IncidentInvalid, read_incident


def problems(data):
    with pytest.raises(IncidentInvalid) as caught:
        read_incident(data)
    return {p.field: p for p in caught.value.problems}


def test_minimal_incident_needs_only_title_and_start():
    inc = read_incident({"title": "x", "timeline": {"started": "2026-11-20T14:02:00Z"}})
    assert inc.impact.users_affected is None
    assert inc.cause.status == "suspected"
    assert inc.zone.key == "UTC"
    assert inc.currency == "USD"


def test_every_example_is_valid_and_uses_the_whole_spec():
    seen: set[str] = set()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        inc = read_incident(yaml.safe_load(path.read_text()))
        seen |= {k for k, v in inc.model_dump().items() if v not in (None, [], {})}
    assert {"contracts", "exposure", "commitments", "asks", "response", "recurrence"} <= seen


def test_spec_example_round_trips_through_json():
    inc = read_incident(yaml.safe_load((EXAMPLES / "checkout-outage.yaml").read_text()))
    again = read_incident(inc.model_dump(mode="json"))
    assert again == inc


def test_users_affected_shapes():
    def users(value):
        return read_incident(
            merge(BASE, {"impact": {"users_affected": value}})
        ).impact.users_affected

    assert users(100) == 100
    assert isinstance(users({"low": 1, "high": 2}), UsersRange)
    assert isinstance(users({"fraction_of_active": 0.1, "active_users": 50}), UsersShare)


def test_times_need_an_offset_unless_the_audience_zone_is_given():
    naive = {"title": "x", "timeline": {"started": "2026-11-20T09:02:00"}}
    found = problems(naive)
    assert "timeline.started" in found
    assert "offset" in found["timeline.started"].message
    zoned = read_incident({**naive, "audience": {"timezone": "America/New_York"}})
    assert zoned.timeline.started == datetime.fromisoformat("2026-11-20T14:02:00+00:00")


def test_due_dates_may_be_plain_dates():
    inc = read_incident(merge(BASE, {"commitments": [{"what": "Report", "due": "2026-11-25"}]}))
    assert inc.commitments[0].due == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"timeline": {"mitigated": "2026-11-20T13:00:00Z"}}, "timeline.mitigated", "before"),
        ({"timeline": {"detected": "2026-11-20T13:00:00Z"}}, "timeline.detected", "before"),
        (
            {"timeline": {"resolved": "2026-11-20T14:30:00Z"}},
            "timeline.resolved",
            "before timeline.mitigated",
        ),
        ({"impact": {"users_affected": -5}}, "impact.users_affected", "negative"),
        ({"impact": {"users_affected": "lots"}}, "impact.users_affected", "number of people"),
        ({"impact": {"support_tickets": -1}}, "impact.support_tickets", "negative"),
        ({"impact": {"failed_transactions": "many"}}, "impact.failed_transactions", "whole number"),
        ({"impact": {"traffic_failing": 1.5}}, "impact.traffic_failing", "between 0 and 1"),
        (
            {"impact": {"revenue": {"recapture": {"low": 0.7, "high": 0.2}}}},
            "impact.revenue.recapture.low",
            "above high",
        ),
        (
            {"impact": {"revenue": {"recapture": {"low": -0.1, "high": 0.2}}}},
            "impact.revenue.recapture.low",
            "negative",
        ),
        (
            {"impact": {"users_affected": {"low": 9, "high": 3}}},
            "impact.users_affected.low",
            "above high",
        ),
        ({"cause": {"status": "confirmed"}}, "cause.summary", "confirmed"),
        ({"cause": {"status": "definite"}}, "cause.status", "suspected"),
        ({"timeline": {"started": "2026-02-30T10:00:00Z"}}, "timeline.started", "real calendar"),
        ({"timeline": {"started": "yesterday"}}, "timeline.started", "not a time"),
        ({"audience": {"timezone": "Mars/Base"}}, "audience.timezone", "time zone"),
        ({"audience": {"country": "Narnia"}}, "audience.country", "public holidays"),
        ({"audience": {"country": "ZZ"}}, "audience.country", "public holidays"),
        ({"impact": {"revenue": {"currency": "dollars"}}}, "impact.revenue.currency", "currency"),
        ({"execbrief": 2}, "execbrief", "one of"),
        ({"title": ""}, "title", "empty"),
    ],
)
def test_bad_facts_are_named_by_field(changes, field, words):
    found = problems(merge(BASE, changes))
    assert field in found, found
    assert words in found[field].message


def test_unknown_keys_get_a_did_you_mean_hint():
    found = problems(merge(BASE, {"timline": {}}))
    assert found["timline"].hint == "did you mean 'timeline'?"
    nested = problems(merge(BASE, {"impact": {"users_afected": 3}}))
    assert nested["impact.users_afected"].hint == "did you mean 'users_affected'?"
    far = problems(merge(BASE, {"zzz": 1}))
    assert "known keys here" in (far["zzz"].hint or "")


def test_missing_required_fields():
    found = problems({"timeline": {}})
    assert "title" in found and "timeline.started" in found


def test_not_a_mapping():
    found = problems(["a", "list"])
    assert "(top level)" in found


def test_money_is_decimal_and_exact():
    inc = read_incident(merge(BASE, {"response": {"responders": 2, "hourly_cost": 120.1}}))
    assert inc.response.hourly_cost == Decimal("120.1")


def test_schema_lists_every_top_level_field():
    schema = Incident.model_json_schema()
    assert set(schema["properties"]) >= {
        "execbrief",
        "id",
        "title",
        "severity",
        "service",
        "customer_facing",
        "audience",
        "timeline",
        "impact",
        "contracts",
        "exposure",
        "cause",
        "fix",
        "recurrence",
        "response",
        "asks",
        "commitments",
    }
    assert schema["required"] == ["title", "timeline"]


def test_credit_tiers_must_grow_as_uptime_falls():
    contract = {
        "name": "Gold",
        "customers": 1,
        "monthly_fee": 100,
        "credits": [{"below": 99.9, "percent": 25}, {"below": 99.0, "percent": 10}],
    }
    found = problems(merge(BASE, {"contracts": [contract]}))
    assert "contracts[0].credits" in found
    assert "disagree" in found["contracts[0].credits"].message
    twice = {**contract, "credits": [{"below": 99.9, "percent": 5}, {"below": 99.9, "percent": 9}]}
    assert "contracts[0].credits" in problems(merge(BASE, {"contracts": [twice]}))


def test_the_time_the_fix_went_in_is_a_fact_after_the_start():
    from execbrief.core.incident import dated_after

    base = {"title": "x", "timeline": {"started": "2026-11-20T14:02:00Z"}}
    found = problems({**base, "fix": {"immediate_at": "2026-11-20T13:00:00Z"}})
    assert "fix.immediate_at" in found
    assert "before timeline.started" in found["fix.immediate_at"].message
    inc = read_incident({**base, "fix": {"immediate_at": "2026-11-20T15:00:00Z"}})
    early = datetime.fromisoformat("2026-11-20T14:30:00+00:00")
    assert [".".join(map(str, p.path)) for p in dated_after(inc, early)] == ["fix.immediate_at"]
