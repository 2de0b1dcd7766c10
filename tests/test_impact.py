"""Worked examples for every impact formula (SPEC section 4), computed by hand."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from conftest import NOW, incident
from execbrief.core import impact
from execbrief.core.impact import assess

D = Decimal


def test_durations_from_the_timeline():
    a = assess(incident(), NOW)
    assert a.impact_minutes == 47  # 14:02 -> 14:49
    assert a.detect_minutes == 3  # 14:02 -> 14:05
    assert a.mitigate_minutes == 44  # detected 14:05 -> mitigated 14:49
    assert a.ongoing is False


def test_durations_are_exact_to_the_second():
    inc = incident(timeline={"mitigated": "2026-11-20T14:49:30Z"})
    assert assess(inc, NOW).impact_minutes == D("47.5")


def test_ongoing_incident_runs_to_now():
    inc = incident(timeline={"mitigated": None, "resolved": None})
    a = assess(inc, datetime.fromisoformat("2026-11-20T16:02:00+00:00"))
    assert a.ongoing is True
    assert a.impact_minutes == 120
    assert a.mitigate_minutes is None


def test_mitigation_time_without_detection_counts_from_start():
    inc = incident(timeline={"detected": None})
    a = assess(inc, NOW)
    assert a.detect_minutes is None
    assert a.mitigate_minutes == 47


def test_users_count_range_and_share():
    assert impact.users_affected(incident(impact={"users_affected": 48200}).impact) == (
        impact.UsersEstimate(48200, 48200, 48200, "count given")
    )
    ranged = impact.users_affected(
        incident(impact={"users_affected": {"low": 40000, "high": 55001}}).impact
    )
    assert (ranged.low, ranged.likely, ranged.high) == (40000, None, 55001)  # no midpoint made up
    share = impact.users_affected(
        incident(
            impact={"users_affected": {"fraction_of_active": 0.2, "active_users": 240000}}
        ).impact
    )
    assert (share.low, share.likely, share.high) == (48000, 48000, 48000)
    assert impact.users_affected(incident().impact) is None


REVENUE = {
    "currency": "USD",
    "per_minute": 2400,
    "average_order_value": 86,
    "recapture": {"low": 0.3, "high": 0.6},
}


def test_revenue_observed_from_failed_transactions():
    inc = incident(
        impact={"failed_transactions": 1150, "traffic_failing": 0.62, "revenue": REVENUE}
    )
    loss = assess(inc, NOW).revenue
    assert loss is not None
    # 1150 × 86 = 98,900; kept share 0.4 / 0.55 / 0.7
    assert loss.primary.method == "observed"
    assert (loss.primary.low, loss.primary.likely, loss.primary.high) == (
        D("39560.00"),
        D("54395.00"),
        D("69230.00"),
    )
    # cross-check: 2400 × 47 × 0.62 = 69,936; × 0.4 / 0.55 / 0.7
    check = loss.cross_check
    assert check is not None and check.method == "estimated"
    assert (check.low, check.likely, check.high) == (D("27974.40"), D("38464.80"), D("48955.20"))


def test_revenue_estimated_per_minute_without_traffic_share_means_all_failing():
    revenue = {"per_minute": 1000}
    loss = assess(incident(impact={"revenue": revenue}), NOW).revenue
    assert loss is not None
    assert loss.primary.method == "estimated"
    assert loss.primary.likely == D("47000.00")  # 1000 × 47 × 1 × (1 − 0)
    assert loss.primary.low == loss.primary.high == loss.primary.likely
    assert loss.cross_check is None


def test_revenue_finance_figure_wins_and_is_used_as_given():
    revenue = {**REVENUE, "lost": {"low": 20000, "high": 45000}}
    inc = incident(impact={"failed_transactions": 1150, "revenue": revenue})
    loss = assess(inc, NOW).revenue
    assert loss is not None
    assert loss.primary.method == "finance"
    assert (loss.primary.low, loss.primary.likely, loss.primary.high) == (
        D("20000.00"),
        D("32500.00"),
        D("45000.00"),
    )
    assert loss.cross_check is not None and loss.cross_check.method == "observed"


def test_single_finance_figure_and_single_recapture():
    inc = incident(impact={"revenue": {"lost": 98000, "per_minute": 100, "recapture": 0.5}})
    loss = assess(inc, NOW).revenue
    assert loss is not None
    assert loss.primary.low == loss.primary.high == D("98000.00")
    assert loss.cross_check is not None
    assert loss.cross_check.likely == D("2350.00")  # 100 × 47 × 0.5


def test_revenue_unknown_without_inputs():
    assert assess(incident(impact={"revenue": {"currency": "EUR"}}), NOW).revenue is None
    assert assess(incident(), NOW).revenue is None


CONTRACT = {
    "name": "Enterprise plan",
    "customers": 42,
    "monthly_fee": 12000,
    "uptime_target": 99.95,
    "credits": [
        {"below": 99.95, "percent": 10},
        {"below": 99.0, "percent": 25},
        {"below": 95.0, "percent": 100},
    ],
}


def test_sla_credit_for_47_minutes_in_november():
    credits = assess(incident(contracts=[CONTRACT]), NOW).credits
    assert credits is not None
    (only,) = credits.by_contract
    # November has 30 × 1440 = 43,200 minutes; 1 − 47/43200 = 99.8912%
    assert only.monthly_uptime_percent == D("99.891")
    assert only.credit_percent == 10
    assert only.amount == D("50400.00")  # 10% × 12,000 × 42
    assert only.target_met is False
    assert credits.total == D("50400.00")


def test_sla_credit_picks_the_lowest_threshold_crossed():
    # 10 hours down in November: 1 − 600/43200 = 98.61% -> below 99.0 -> 25%
    inc = incident(
        contracts=[CONTRACT],
        timeline={"mitigated": "2026-11-21T00:02:00Z", "resolved": None},
    )
    credits = assess(inc, NOW).credits
    assert credits is not None
    assert credits.by_contract[0].monthly_uptime_percent == D("98.611")
    assert credits.by_contract[0].credit_percent == 25
    assert credits.total == D("126000.00")  # 25% × 12,000 × 42


def test_sla_no_credit_when_uptime_stays_above_every_threshold():
    inc = incident(
        contracts=[{**CONTRACT, "credits": [{"below": 99.0, "percent": 25}]}],
    )
    credits = assess(inc, NOW).credits
    assert credits is not None
    assert credits.total == 0
    assert credits.by_contract[0].credit_percent == 0


def test_minutes_in_month_uses_utc_month_of_the_start():
    # 2026-02-28T23:30-05:00 is already March 1 in UTC.
    moment = datetime.fromisoformat("2026-02-28T23:30:00-05:00")
    assert impact.minutes_in_month(moment) == 31 * 1440
    assert impact.minutes_in_month(datetime.fromisoformat("2028-02-10T00:00:00Z")) == 29 * 1440


def test_response_cost_from_detection_to_resolution():
    inc = incident(response={"responders": 9, "hourly_cost": 120})
    cost = assess(inc, NOW).response
    assert cost is not None
    # 14:05 -> 16:30 = 145 minutes; 9 × 145/60 × 120 = 2,610
    assert cost.amount == D("2610.00")
    assert cost.responders == 9


def test_response_cost_falls_back_to_mitigation_then_now():
    inc = incident(response={"responders": 2, "hourly_cost": 60}, timeline={"resolved": None})
    cost = assess(inc, NOW).response
    assert cost is not None and cost.amount == D("88.00")  # 14:05 -> 14:49 = 44 min × 2 × 60/60
    ongoing = incident(
        response={"responders": 2, "hourly_cost": 60},
        timeline={"mitigated": None, "resolved": None},
    )
    later = datetime.fromisoformat("2026-11-20T15:05:00+00:00")
    assert assess(ongoing, later).response.amount == D("120.00")  # 60 min × 2 × 60/60


def test_response_cost_unknown_without_inputs():
    assert assess(incident(response={"responders": 3}), NOW).response is None
