"""A past incident as history reads it: the few facts that compare incidents and sum a
period, taken once from the incident and its impact math when it is saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from execbrief.core.history.classes import classify

if TYPE_CHECKING:
    from execbrief.core.impact import Assessment
    from execbrief.core.incident import Incident


@dataclass(frozen=True)
class PastIncident:
    id: str
    title: str
    started: datetime
    severity: str | None
    service: str | None
    cause_text: str | None
    safeguard_gap: str | None
    cause_class: str
    evidence: tuple[str, ...]
    impact_minutes: Decimal | None  # None while it is still going on
    detect_minutes: Decimal | None
    restore_minutes: Decimal | None
    users_low: int | None = None
    users_high: int | None = None
    users_unit: str | None = None
    revenue_low: Decimal | None = None
    revenue_high: Decimal | None = None
    currency: str | None = None
    credits: Decimal | None = None
    credits_currency: str | None = None
    response_cost: Decimal | None = None
    response_currency: str | None = None


def past_incident(key: str, incident: Incident, assessment: Assessment) -> PastIncident:
    """What history keeps of `incident` (saved under `key`)."""
    cause = incident.cause
    classified = classify(" ".join(t for t in (cause.summary, cause.safeguard_gap) if t))
    a = assessment
    money = a.revenue.primary if a.revenue is not None else None
    return PastIncident(
        id=key,
        title=incident.title,
        started=incident.timeline.started,
        severity=incident.severity,
        service=incident.service,
        cause_text=cause.summary,
        safeguard_gap=cause.safeguard_gap,
        cause_class=classified.cause_class,
        evidence=classified.evidence,
        impact_minutes=None if a.ongoing else a.impact_minutes,
        detect_minutes=a.detect_minutes,
        restore_minutes=a.mitigate_minutes,
        users_low=None if a.users is None else a.users.low,
        users_high=None if a.users is None else a.users.high,
        users_unit=incident.impact.users_unit if a.users is not None else None,
        revenue_low=None if money is None else money.low,
        revenue_high=None if money is None else money.high,
        currency=None if money is None else money.currency,
        credits=None if a.credits is None else a.credits.total,
        credits_currency=None if a.credits is None else a.credits.currency,
        response_cost=None if a.response is None else a.response.amount,
        response_currency=None if a.response is None else a.response.currency,
    )
