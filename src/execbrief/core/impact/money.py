"""Money lost, by the first method that has its inputs, as a Decimal range with its method.

Unknown stays None, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from execbrief.core.incident import (
    Impact,
    Revenue,
    ShareRange,
)

CENT = Decimal("0.01")
_TWO = Decimal(2)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


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
