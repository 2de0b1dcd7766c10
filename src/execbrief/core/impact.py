"""Impact math: how long, how many people, how much money. Pure functions.

Every money figure is a Decimal range (low, likely, high) with the method that made it,
so the brief can say how sure we are and how we know. Unknown stays None, never 0.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from execbrief.core.incident import (
    Contract,
    Impact,
    Incident,
    Revenue,
    ShareRange,
    Timeline,
    UsersRange,
    UsersShare,
)

CENT = Decimal("0.01")
_TWO = Decimal(2)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def minutes_between(start: datetime, end: datetime) -> Decimal:
    """Minutes from start to end (never negative), exact to the second."""
    seconds = Decimal(int((end - start).total_seconds()))
    return max(seconds, Decimal(0)) / Decimal(60)


# --- durations -------------------------------------------------------------------------


def impact_end(timeline: Timeline, now: datetime) -> datetime:
    """When customer impact ended, or `now` while it goes on."""
    return timeline.mitigated if timeline.mitigated is not None else max(now, timeline.started)


def customer_impact_minutes(timeline: Timeline, now: datetime) -> Decimal:
    return minutes_between(timeline.started, impact_end(timeline, now))


def time_to_detect_minutes(timeline: Timeline) -> Decimal | None:
    if timeline.detected is None:
        return None
    return minutes_between(timeline.started, timeline.detected)


def time_to_mitigate_minutes(timeline: Timeline) -> Decimal | None:
    """From the moment we knew to the moment customers were fine again."""
    if timeline.mitigated is None:
        return None
    return minutes_between(timeline.detected or timeline.started, timeline.mitigated)


# --- people ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UsersEstimate:
    low: int
    likely: int
    high: int
    method: str


def users_affected(impact: Impact) -> UsersEstimate | None:
    given = impact.users_affected
    if given is None:
        return None
    if isinstance(given, UsersRange):
        likely = int((Decimal(given.low + given.high) / _TWO).to_integral_value(ROUND_HALF_UP))
        return UsersEstimate(given.low, likely, given.high, "range given; likely is its midpoint")
    if isinstance(given, UsersShare):
        count = int(
            (given.fraction_of_active * given.active_users).to_integral_value(ROUND_HALF_UP)
        )
        return UsersEstimate(count, count, count, "share of active users")
    return UsersEstimate(given, given, given, "count given")


# --- money -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyEstimate:
    low: Decimal
    likely: Decimal
    high: Decimal
    currency: str
    method: str  # "finance" | "observed" | "estimated"
    basis: str  # the formula with its inputs, in words


def _recapture(revenue: Revenue) -> ShareRange:
    return revenue.recapture or ShareRange(low=Decimal(0), high=Decimal(0))


def _kept_shares(revenue: Revenue) -> tuple[Decimal, Decimal, Decimal]:
    """Share of the lost purchases that stay lost: for the low, likely and high loss."""
    share = _recapture(revenue)
    middle = (share.low + share.high) / _TWO
    return 1 - share.high, 1 - middle, 1 - share.low


def _recapture_words(revenue: Revenue) -> str:
    share = _recapture(revenue)
    if revenue.recapture is None:
        return "no recapture assumed"
    if share.low == share.high:
        return f"{_pct(share.low)} bought later anyway"
    return f"{_pct(share.low)}–{_pct(share.high)} bought later anyway"


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _amount(value: Decimal) -> str:
    return f"{value.normalize():,f}"


def finance_loss(revenue: Revenue) -> MoneyEstimate | None:
    """Finance's own figure, used exactly as given."""
    if revenue.lost is None:
        return None
    low, high = revenue.lost.low, revenue.lost.high
    return MoneyEstimate(
        cents(low),
        cents((low + high) / _TWO),
        cents(high),
        revenue.currency,
        "finance",
        "figure supplied by finance",
    )


def _after_recapture(gross: Decimal, revenue: Revenue, method: str, basis: str) -> MoneyEstimate:
    """Low, likely and high loss: the high loss assumes the least recapture."""
    low, likely, high = (cents(gross * kept) for kept in _kept_shares(revenue))
    return MoneyEstimate(low, likely, high, revenue.currency, method, basis)


def observed_loss(revenue: Revenue, failed_transactions: int | None) -> MoneyEstimate | None:
    """Failed transactions × average order value × (1 − recapture)."""
    if failed_transactions is None or revenue.average_order_value is None:
        return None
    gross = failed_transactions * revenue.average_order_value
    return _after_recapture(
        gross,
        revenue,
        "observed",
        f"{failed_transactions:,} failed purchases × {_amount(revenue.average_order_value)} "
        f"{revenue.currency} average order ({_recapture_words(revenue)})",
    )


def estimated_loss(
    revenue: Revenue, minutes: Decimal, traffic_failing: Decimal | None
) -> MoneyEstimate | None:
    """Revenue per minute × impact minutes × share failing × (1 − recapture)."""
    if revenue.per_minute is None:
        return None
    failing = Decimal(1) if traffic_failing is None else traffic_failing
    gross = revenue.per_minute * minutes * failing
    return _after_recapture(
        gross,
        revenue,
        "estimated",
        f"{_amount(revenue.per_minute)} {revenue.currency} per minute × "
        f"{_amount(minutes.quantize(CENT))} minutes × {_pct(failing)} failing "
        f"({_recapture_words(revenue)})",
    )


@dataclass(frozen=True)
class RevenueLoss:
    primary: MoneyEstimate
    cross_check: MoneyEstimate | None


def revenue_lost(impact: Impact, minutes: Decimal) -> RevenueLoss | None:
    """The first method that has its inputs, with the next one as a cross-check."""
    revenue = impact.revenue
    if revenue is None:
        return None
    candidates = [
        finance_loss(revenue),
        observed_loss(revenue, impact.failed_transactions),
        estimated_loss(revenue, minutes, impact.traffic_failing),
    ]
    found = [c for c in candidates if c is not None]
    if not found:
        return None
    return RevenueLoss(found[0], found[1] if len(found) > 1 else None)


# --- contracts -------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractCredit:
    name: str
    customers: int
    monthly_uptime_percent: Decimal
    credit_percent: Decimal
    amount: Decimal
    currency: str
    target_met: bool | None


@dataclass(frozen=True)
class SlaCredits:
    total: Decimal
    currency: str
    by_contract: tuple[ContractCredit, ...]


def minutes_in_month(moment: datetime) -> int:
    """Minutes in the calendar month (UTC) that `moment` falls in."""
    utc = moment.astimezone(UTC)
    return calendar.monthrange(utc.year, utc.month)[1] * 24 * 60


def monthly_uptime_percent(downtime_minutes: Decimal, started: datetime) -> Decimal:
    return (1 - downtime_minutes / minutes_in_month(started)) * 100


def contract_credit(
    contract: Contract, downtime_minutes: Decimal, started: datetime, currency: str
) -> ContractCredit:
    """Credit owed: the percent of the lowest threshold the month's uptime falls below."""
    uptime = monthly_uptime_percent(downtime_minutes, started)
    breached = [tier for tier in contract.credits if uptime < tier.below]
    percent = min(breached, key=lambda tier: tier.below).percent if breached else Decimal(0)
    amount = cents(percent / 100 * contract.monthly_fee * contract.customers)
    target_met = None if contract.uptime_target is None else uptime >= contract.uptime_target
    return ContractCredit(
        contract.name,
        contract.customers,
        uptime.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
        percent,
        amount,
        contract.currency or currency,
        target_met,
    )


def sla_credits(incident: Incident, downtime_minutes: Decimal) -> SlaCredits | None:
    if not incident.contracts:
        return None
    credits = tuple(
        contract_credit(c, downtime_minutes, incident.timeline.started, incident.currency)
        for c in incident.contracts
    )
    return SlaCredits(sum((c.amount for c in credits), Decimal(0)), incident.currency, credits)


# --- response --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseCost:
    amount: Decimal
    currency: str
    hours: Decimal
    responders: int


def response_hours(timeline: Timeline, now: datetime) -> Decimal:
    start = timeline.detected or timeline.started
    end = timeline.resolved or timeline.mitigated or max(now, start)
    return minutes_between(start, end) / 60


def response_cost(incident: Incident, now: datetime) -> ResponseCost | None:
    """Responders × hours from detection to resolution × hourly cost."""
    response = incident.response
    if response.responders is None or response.hourly_cost is None:
        return None
    hours = response_hours(incident.timeline, now)
    amount = cents(response.responders * hours * response.hourly_cost)
    return ResponseCost(amount, incident.currency, hours, response.responders)


# --- the whole picture -----------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """Everything the impact math knows about an incident at a given `now`."""

    now: datetime
    ongoing: bool
    impact_minutes: Decimal
    detect_minutes: Decimal | None
    mitigate_minutes: Decimal | None
    users: UsersEstimate | None
    revenue: RevenueLoss | None
    credits: SlaCredits | None
    response: ResponseCost | None


def assess(incident: Incident, now: datetime) -> Assessment:
    timeline = incident.timeline
    minutes = customer_impact_minutes(timeline, now)
    return Assessment(
        now=now,
        ongoing=timeline.mitigated is None,
        impact_minutes=minutes,
        detect_minutes=time_to_detect_minutes(timeline),
        mitigate_minutes=time_to_mitigate_minutes(timeline),
        users=users_affected(incident.impact),
        revenue=revenue_lost(incident.impact, minutes),
        credits=sla_credits(incident, minutes),
        response=response_cost(incident, now),
    )
