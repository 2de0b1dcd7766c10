"""Obligations: a worked example for every bundled regime and deadline, checked by hand.

The expected deadlines below are computed by hand from the rule's period and the facts,
so a change to the rules file or the arithmetic shows up here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import incident
from execbrief.core.exposure.obligations import (
    Obligation,
    add_months,
    obligations,
    status_at,
    time_left,
)
from execbrief.core.exposure.rules import Rule, RuleBook
from execbrief.core.incident.validation import IncidentInvalid
from execbrief.sources.obligation_rules import bundled_rules

RULES = bundled_rules()
NOW = datetime.fromisoformat("2026-11-20T17:30:00+00:00")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def clocks(exposure: dict[str, Any], now: datetime = NOW, **more: Any) -> dict[str, Obligation]:
    found = obligations(incident(exposure=exposure, **more), RULES, now)
    return {o.regime: o for o in found}


def test_no_exposure_no_obligations():
    assert obligations(incident(), RULES, NOW) == []


# --- GDPR and UK GDPR ---------------------------------------------------------------------

EU_BREACH = {"aware_at": "2026-11-20T15:10:00Z", "people": 1200, "jurisdictions": ["EU"]}


def test_gdpr_art_33_is_72_calendar_hours_from_awareness():
    o = clocks({"personal_data_breach": EU_BREACH})["GDPR Art. 33: notification"]
    assert o.deadline == at("2026-11-23T15:10:00+00:00")  # over the weekend: calendar time
    assert o.clock_started == at("2026-11-20T15:10:00+00:00")
    assert o.status == "running"
    assert o.seconds_left == 72 * 3600 - (2 * 3600 + 20 * 60)
    assert "supervisory authority" in o.recipient
    assert o.source.url == "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


def test_gdpr_art_34_waits_on_the_high_risk_decision():
    o = clocks({"personal_data_breach": EU_BREACH})["GDPR Art. 34: telling the people affected"]
    assert o.status == "clock not started" and o.deadline is None
    assert o.decision == "whether the breach is likely to put the people affected at high risk"


def test_gdpr_art_34_runs_without_a_fixed_deadline_once_high_risk_is_decided():
    found = clocks({"personal_data_breach": {**EU_BREACH, "likely_high_risk": True}})
    o = found["GDPR Art. 34: telling the people affected"]
    assert o.status == "running" and o.deadline is None and o.decision is None
    assert o.timing == "without undue delay"


def test_gdpr_art_34_drops_out_when_counsel_decides_the_risk_is_not_high():
    found = clocks({"personal_data_breach": {**EU_BREACH, "likely_high_risk": False}})
    assert "GDPR Art. 34: telling the people affected" not in found
    assert "GDPR Art. 33: notification" in found


def test_gdpr_needs_people_in_the_eu():
    found = clocks({"personal_data_breach": {**EU_BREACH, "jurisdictions": ["US-NY"]}})
    assert not any(name.startswith("GDPR") for name in found)


def test_uk_gdpr_art_33_is_72_hours_to_the_ico():
    breach = {"aware_at": "2026-10-06T09:30:00+01:00", "people": 310, "jurisdictions": ["UK"]}
    found = clocks({"personal_data_breach": breach}, now=at("2026-10-06T20:00:00+01:00"))
    o = found["UK GDPR Art. 33: notification"]
    assert o.deadline == at("2026-10-09T09:30:00+01:00")
    assert "Information Commissioner" in o.recipient
    assert "UK GDPR Art. 34: telling the people affected" in found
    assert "GDPR Art. 33: notification" not in found


# --- NIS2 and DORA ------------------------------------------------------------------------


def test_nis2_early_warning_notification_and_final_report():
    nis2 = {"entity": "essential", "aware_at": "2026-11-20T10:00:00Z"}
    found = clocks({"nis2_significant_incident": nis2})
    assert found["NIS2 Art. 23: early warning"].deadline == at("2026-11-21T10:00:00+00:00")
    assert found["NIS2 Art. 23: incident notification"].deadline == at("2026-11-23T10:00:00+00:00")
    # one month after the (latest allowed) notification
    assert found["NIS2 Art. 23: final report"].deadline == at("2026-12-23T10:00:00+00:00")
    assert found["NIS2 Art. 23: early warning"].status == "due within 24 hours"


def test_nis2_without_awareness_time_has_no_clock_yet():
    found = clocks({"nis2_significant_incident": {"entity": "important"}})
    assert {o.status for o in found.values()} == {"clock not started"}
    assert all(o.deadline is None for o in found.values())


def test_dora_initial_is_4_hours_after_classification_when_that_comes_first():
    dora = {"classified_at": "2026-11-20T12:00:00Z", "aware_at": "2026-11-20T02:00:00Z"}
    found = clocks({"dora_major_incident": dora})
    assert found["DORA Art. 19: initial notification"].deadline == at("2026-11-20T16:00:00+00:00")
    assert found["DORA Art. 19: intermediate report"].deadline == at("2026-11-23T16:00:00+00:00")
    assert found["DORA Art. 19: final report"].deadline == at("2026-12-23T16:00:00+00:00")
    assert found["DORA Art. 19: initial notification"].status == "overdue"


def test_dora_initial_is_capped_at_24_hours_after_awareness():
    dora = {"classified_at": "2026-11-21T00:00:00Z", "aware_at": "2026-11-20T02:00:00Z"}
    found = clocks({"dora_major_incident": dora})
    assert found["DORA Art. 19: initial notification"].deadline == at("2026-11-21T02:00:00+00:00")
    assert found["DORA Art. 19: intermediate report"].deadline == at("2026-11-24T02:00:00+00:00")


def test_dora_before_classification_still_runs_the_24_hour_limit():
    found = clocks({"dora_major_incident": {"aware_at": "2026-11-20T02:00:00Z"}})
    o = found["DORA Art. 19: initial notification"]
    assert o.deadline == at("2026-11-21T02:00:00+00:00")
    assert o.clock_started == at("2026-11-20T02:00:00+00:00")
    assert o.clock_fact == "exposure.dora_major_incident.aware_at"


# --- SEC ----------------------------------------------------------------------------------


def test_sec_8k_is_4_business_days_skipping_thanksgiving():
    found = clocks(
        {"sec_registrant": True, "material_cyber_incident_determined_at": "2026-11-24T15:00:00Z"},
        kind="security",
    )
    o = found["SEC Form 8-K Item 1.05: Form 8-K filing"]
    # Tue 24 Nov: Wed 25 (1), Thu 26 Thanksgiving, Fri 27 (2), Mon 30 (3), Tue 1 Dec (4)
    assert o.deadline == at("2026-12-01T17:30:00-05:00")
    assert o.status == "running"


def test_sec_8k_waits_on_the_materiality_decision():
    found = clocks({"sec_registrant": True}, kind="security")
    o = found["SEC Form 8-K Item 1.05: Form 8-K filing"]
    assert o.status == "clock not started" and o.deadline is None
    assert o.decision == "whether the incident is material to investors"


def test_sec_8k_needs_a_registrant():
    assert clocks({"sec_registrant": False}, kind="security") == {}


# --- scope and dates: a rule covers only its kind of incident, from the day it applies ----

SEC = "SEC Form 8-K Item 1.05: Form 8-K filing"


def _started(day: str) -> dict[str, Any]:
    return {
        "timeline": {
            "started": f"{day}T14:02:00Z",
            "detected": None,
            "mitigated": None,
            "resolved": None,
        }
    }


def test_sec_item_1_05_covers_cybersecurity_incidents_only():
    registrant = {"sec_registrant": True}
    assert SEC not in clocks(registrant)  # an outage from our own defect is no cyber incident
    assert SEC in clocks(registrant, kind="security")
    assert SEC in clocks(registrant, cause={"summary": "ransomware", "attack": True})


def test_a_2012_software_defect_at_a_listed_firm_lists_no_rule():
    old = clocks({"sec_registrant": True}, now=at("2012-08-01T20:00:00Z"), **_started("2012-08-01"))
    assert old == {}
    hacked = clocks(
        {"sec_registrant": True},
        now=at("2012-08-01T20:00:00Z"),
        kind="security",
        **_started("2012-08-01"),
    )
    assert hacked == {}  # Item 1.05 did not exist yet


@pytest.mark.parametrize(
    ("exposure", "kind", "regime", "first_day"),
    [
        (
            {"personal_data_breach": {**EU_BREACH, "aware_at": None}},
            "security",
            "GDPR Art. 33: notification",
            "2018-05-25",
        ),
        ({"sec_registrant": True}, "security", SEC, "2023-12-18"),
        (
            {"nis2_significant_incident": {"entity": "essential"}},
            "outage",
            "NIS2 Art. 23: early warning",
            "2024-10-18",
        ),
        ({"dora_major_incident": {}}, "outage", "DORA Art. 19: initial notification", "2025-01-17"),
    ],
)
def test_a_rule_applies_from_the_day_it_took_effect(exposure, kind, regime, first_day):
    from datetime import date, timedelta

    day = date.fromisoformat(first_day)
    before = (day - timedelta(days=1)).isoformat()
    now = at(f"{first_day}T23:00:00Z")
    assert regime not in clocks(exposure, now=now, kind=kind, **_started(before))
    assert regime in clocks(exposure, now=now, kind=kind, **_started(first_day))


def test_a_rule_with_an_end_date_stops_applying():
    from datetime import date

    gdpr = next(r for r in RULES if r.id == "gdpr-art-33")
    repealed = gdpr.model_copy(update={"until": date(2026, 1, 1)})
    inc = incident(exposure={"personal_data_breach": EU_BREACH}, kind="security")
    assert obligations(inc, [gdpr], NOW)
    assert obligations(inc, [repealed], NOW) == []


# --- HIPAA --------------------------------------------------------------------------------

HEALTH = {"discovered_at": "2026-11-20T15:00:00Z", "people": 600, "residents": {"US-NY": 520}}


def test_hipaa_individuals_hhs_and_media_within_60_days_of_discovery():
    found = clocks({"health_data_breach": HEALTH})
    due = at("2027-01-19T15:00:00+00:00")
    assert found["HIPAA 45 CFR 164.404: notice to individuals"].deadline == due
    assert found["HIPAA 45 CFR 164.408: notice to HHS"].deadline == due
    assert found["HIPAA 45 CFR 164.406: notice to the media"].deadline == due


def test_hipaa_thresholds_hhs_500_or_more_media_more_than_500_in_one_state():
    found = clocks({"health_data_breach": {**HEALTH, "people": 499, "residents": {"US-NY": 499}}})
    assert set(found) == {"HIPAA 45 CFR 164.404: notice to individuals"}
    found = clocks({"health_data_breach": {**HEALTH, "people": 500, "residents": {"US-NY": 500}}})
    assert "HIPAA 45 CFR 164.408: notice to HHS" in found
    assert "HIPAA 45 CFR 164.406: notice to the media" not in found


def test_hipaa_unknown_counts_keep_the_rule_with_a_condition():
    found = clocks({"health_data_breach": {"discovered_at": "2026-11-20T15:00:00Z"}})
    hhs = found["HIPAA 45 CFR 164.408: notice to HHS"]
    assert hhs.condition is not None and "500 or more" in hhs.condition
    assert "one place" in (found["HIPAA 45 CFR 164.406: notice to the media"].condition or "")


# --- US bank regulators and states ----------------------------------------------------------


def test_bank_regulators_36_hours_after_determination():
    found = clocks({"bank_notification_incident_determined_at": "2026-11-20T15:00:00Z"})
    o = found["US bank regulators: computer-security incident notice"]
    assert o.deadline == at("2026-11-22T03:00:00+00:00")


def us_breach(**residents: int) -> dict[str, Any]:
    places = [key.replace("_", "-") for key in residents]
    return {
        "personal_data_breach": {
            "aware_at": "2026-11-20T15:00:00Z",
            "determined_at": "2026-11-21T15:00:00Z",
            "jurisdictions": places,
            "residents": {key.replace("_", "-"): n for key, n in residents.items()},
        }
    }


def test_texas_attorney_general_30_days_from_determination_at_250_residents():
    found = clocks(us_breach(US_TX=250))
    ag = found["Texas Bus. & Com. Code 521.053: notice to the attorney general"]
    assert ag.deadline == at("2026-12-21T15:00:00+00:00")
    assert ag.clock_fact == "exposure.personal_data_breach.determined_at"
    people = found["Texas Bus. & Com. Code 521.053: notice to individuals"]
    assert people.deadline == at("2027-01-20T15:00:00+00:00")
    below = clocks(us_breach(US_TX=249))
    assert "Texas Bus. & Com. Code 521.053: notice to the attorney general" not in below
    assert "Texas Bus. & Com. Code 521.053: notice to individuals" in below


def test_texas_counts_from_awareness_when_no_determination_is_given():
    exposure = us_breach(US_TX=300)
    del exposure["personal_data_breach"]["determined_at"]
    ag = clocks(exposure)["Texas Bus. & Com. Code 521.053: notice to the attorney general"]
    assert ag.deadline == at("2026-12-20T15:00:00+00:00")
    assert ag.clock_fact == "exposure.personal_data_breach.aware_at"


def test_florida_30_days_and_the_state_at_500_residents():
    found = clocks(us_breach(US_FL=500))
    due = at("2026-12-21T15:00:00+00:00")
    assert found["Florida Stat. 501.171: notice to individuals"].deadline == due
    assert found["Florida Stat. 501.171: notice to the state"].deadline == due
    assert "Florida Stat. 501.171: notice to the state" not in clocks(us_breach(US_FL=499))


def test_washington_30_days_from_discovery_and_the_attorney_general_above_500():
    found = clocks(us_breach(US_WA=501))
    due = at("2026-12-20T15:00:00+00:00")  # discovery, i.e. awareness
    assert found["Washington RCW 19.255.010: notice to individuals"].deadline == due
    assert found["Washington RCW 19.255.010: notice to the attorney general"].deadline == due
    assert "Washington RCW 19.255.010: notice to the attorney general" not in clocks(
        us_breach(US_WA=500)
    )


def test_a_state_listed_without_a_count_keeps_its_threshold_rule_with_a_condition():
    exposure = {
        "personal_data_breach": {"aware_at": "2026-11-20T15:00:00Z", "jurisdictions": ["US-TX"]}
    }
    ag = clocks(exposure)["Texas Bus. & Com. Code 521.053: notice to the attorney general"]
    assert ag.condition == (
        "only if the number of residents of US-TX is 250 or more; that is not known yet"
    )


# --- status, time left, ordering ----------------------------------------------------------


def test_statuses_at_the_edges():
    deadline = at("2026-11-21T12:00:00+00:00")
    assert status_at(None, False, NOW) == "clock not started"
    assert status_at(None, True, NOW) == "running"
    assert status_at(deadline, True, deadline - timedelta(hours=24)) == "due within 24 hours"
    assert status_at(deadline, True, deadline - timedelta(hours=24, seconds=1)) == "running"
    assert status_at(deadline, True, deadline) == "due within 24 hours"
    assert status_at(deadline, True, deadline + timedelta(seconds=1)) == "overdue"


def test_overdue_says_by_how_long():
    late = clocks({"personal_data_breach": EU_BREACH}, now=at("2026-11-23T18:10:00+00:00"))
    o = late["GDPR Art. 33: notification"]
    assert o.status == "overdue"
    assert time_left(o) == "overdue by 3 hours"


def test_soonest_deadline_first_and_waiting_ones_last():
    found = obligations(
        incident(
            exposure={
                "personal_data_breach": EU_BREACH,
                "sec_registrant": True,
                "bank_notification_incident_determined_at": "2026-11-20T15:00:00Z",
            }
        ),
        RULES,
        NOW,
    )
    deadlines = [o.deadline for o in found if o.deadline is not None]
    assert deadlines == sorted(deadlines)
    assert all(o.deadline is None for o in found[len(deadlines) :])


def test_one_month_later_keeps_the_day_or_ends_the_month():
    utc = ZoneInfo("UTC")
    assert add_months(at("2026-01-31T10:00:00+00:00"), 1, utc) == at("2026-02-28T10:00:00+00:00")
    assert add_months(at("2026-12-15T10:00:00+00:00"), 1, utc) == at("2027-01-15T10:00:00+00:00")
    assert add_months(at("2028-01-31T00:00:00+00:00"), 1, utc).date().day == 29  # leap year


def test_hours_are_elapsed_time_across_a_clock_change():
    # New York falls back on 1 Nov 2026; a time without offset is read in the audience's zone.
    breach = {"aware_at": "2026-10-31T12:00:00", "jurisdictions": ["EU"]}
    o = clocks({"personal_data_breach": breach})["GDPR Art. 33: notification"]
    assert o.deadline == at("2026-11-03T11:00:00-05:00")
    assert o.deadline - at("2026-10-31T12:00:00-04:00") == timedelta(hours=72)


def test_days_and_months_keep_the_local_time_across_a_clock_change():
    breach = {"aware_at": "2026-10-20T12:00:00-04:00", "jurisdictions": ["US-WA"]}
    o = clocks({"personal_data_breach": breach})["Washington RCW 19.255.010: notice to individuals"]
    assert o.deadline == at("2026-11-19T12:00:00-05:00")
    nis2 = {"entity": "essential", "aware_at": "2026-09-28T12:00:00-04:00"}
    final = clocks({"nis2_significant_incident": nis2})["NIS2 Art. 23: final report"]
    assert final.deadline == at("2026-11-01T12:00:00-05:00")  # 1 Oct + 1 month, after fall-back


# --- user rules ---------------------------------------------------------------------------


def policy(**changes: Any) -> Rule:
    rule = {
        "id": "top-customers",
        "regime": "Top-customer promise",
        "kind": "policy",
        "trigger": {"equals": [{"path": "severity", "value": "SEV1"}], "describe": "a SEV1"},
        "clock": ["timeline.detected"],
        "recipient": "account managers of our top 20 customers",
        "deadlines": [{"name": "first call", "after": "4 hours"}],
        "source": {"citation": "Customer communication policy"},
        **changes,
    }
    return RuleBook.model_validate({"rules": [rule]}).rules[0]


def test_a_policy_rule_on_any_incident_fact():
    sev1 = incident(severity="SEV1")
    [o] = obligations(sev1, [policy()], NOW)
    assert o.regime == "Top-customer promise: first call"
    assert o.deadline == at("2026-11-20T18:05:00+00:00")  # detected 14:05 + 4 hours
    assert o.status == "due within 24 hours" and o.kind == "policy"
    assert obligations(incident(severity="SEV2"), [policy()], NOW) == []


def test_seconds_left_count_from_now():
    moment = datetime(2026, 11, 20, 14, 5, tzinfo=UTC)
    [o] = obligations(incident(severity="SEV1"), [policy()], moment)
    assert o.seconds_left == 4 * 3600


def test_exposure_given_means_some_fact_is_set():
    assert not incident().exposure.given
    assert not incident(exposure={"sec_registrant": False}).exposure.given
    assert incident(exposure={"sec_registrant": True}).exposure.given


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {
                "exposure": {
                    "personal_data_breach": {"jurisdictions": ["US-TX"], "residents": {"texas": 5}}
                }
            },
            "exposure.personal_data_breach.residents.texas",
            "place code",
        ),
        (
            {
                "exposure": {
                    "personal_data_breach": {"jurisdictions": ["EU"], "residents": {"US-TX": 5}}
                }
            },
            "exposure.personal_data_breach.residents",
            "not in personal_data_breach.jurisdictions",
        ),
        (
            {
                "impact": {
                    "churn": {
                        "paying_customers": 5,
                        "yearly_value": 3,
                        "added_churn": {"low": 0.5, "high": 0.1},
                    }
                }
            },
            "impact.churn.added_churn.low",
            "above high",
        ),
        (
            {"impact": {"churn": {"paying_customers": 5, "yearly_value": 3, "added_churn": 1.5}}},
            "impact.churn.added_churn",
            "between 0 and 1",
        ),
    ],
)
def test_new_exposure_facts_are_validated(changes, field, words):
    with pytest.raises(IncidentInvalid) as caught:
        incident(**changes)
    problem = caught.value.problems[0]
    assert problem.field == field and words in problem.message, problem


def test_old_incident_files_still_read():
    old = incident(
        exposure={
            "personal_data_breach": {
                "aware_at": "2026-11-20T15:10:00Z",
                "people": 1,
                "jurisdictions": ["EU"],
            }
        }
    )
    breach = old.exposure.personal_data_breach
    assert breach is not None and breach.residents == {} and breach.likely_high_risk is None
