"""Money at risk beyond the lost sales: service credits owed, and customers who may leave.

Churn exposure = affected paying customers × extra share expected to leave × yearly value
of one customer, as a range from the low to the high churn estimate. Shown with its
method, added to the credits in one summary with a total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from execbrief.core import speech
from execbrief.core.impact.assessment import Assessment
from execbrief.core.impact.money import cents
from execbrief.core.incident import Incident


@dataclass(frozen=True)
class ChurnExposure:
    low: Decimal
    likely: Decimal
    high: Decimal
    currency: str
    method: str  # the formula with its inputs, for the presenter pack
    share: str  # the extra share who may leave, as said: "0.5% to 2%"


@dataclass(frozen=True)
class MoneyAtRisk:
    """Credits owed plus yearly revenue at risk from leavers; None parts are unknown."""

    credits: Decimal | None
    churn: ChurnExposure | None
    currency: str
    total_low: Decimal
    total_high: Decimal


def churn_exposure(incident: Incident) -> ChurnExposure | None:
    churn = incident.impact.churn
    if churn is None:
        return None
    low = cents(churn.paying_customers * churn.added_churn.low * churn.yearly_value)
    high = cents(churn.paying_customers * churn.added_churn.high * churn.yearly_value)
    share = f"{_pct(churn.added_churn.low)}–{_pct(churn.added_churn.high)}"
    if churn.added_churn.low == churn.added_churn.high:
        share = _pct(churn.added_churn.low)
    method = (
        f"{churn.paying_customers:,} paying customers affected × {share} extra churn × "
        f"{speech.money_exact(churn.yearly_value, incident.currency)} yearly value each"
    )
    said = speech.percent(churn.added_churn.low)
    if churn.added_churn.low != churn.added_churn.high:
        said += f" to {speech.percent(churn.added_churn.high)}"
    return ChurnExposure(low, cents((low + high) / 2), high, incident.currency, method, said)


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def money_at_risk(incident: Incident, assessment: Assessment) -> MoneyAtRisk | None:
    """Credits and churn in one summary; None when neither is known."""
    churn = churn_exposure(incident)
    credits = assessment.credits
    if churn is None and credits is None:
        return None
    currency = credits.currency if credits is not None else incident.currency
    owed = credits.total if credits is not None else None
    low = high = owed if owed is not None else Decimal(0)
    if churn is not None and churn.currency == currency:
        low, high = low + churn.low, high + churn.high
    return MoneyAtRisk(owed, churn, currency, low, high)


def money_at_risk_document(risk: MoneyAtRisk | None) -> dict[str, Any] | None:
    """The `exposure` summary of the Brief's JSON: credits, churn range and the total."""
    if risk is None:
        return None
    churn = risk.churn
    return {
        "currency": risk.currency,
        "sla_credits": risk.credits,
        "churn": None
        if churn is None
        else {
            "low": churn.low,
            "likely": churn.likely,
            "high": churn.high,
            "currency": churn.currency,
            "method": churn.method,
        },
        "total": {"low": risk.total_low, "high": risk.total_high, "currency": risk.currency},
    }
