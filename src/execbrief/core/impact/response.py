"""What the response itself cost: responders x hours x hourly cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from execbrief.core.impact.durations import minutes_between
from execbrief.core.impact.money import cents
from execbrief.core.incident import (
    Incident,
    Timeline,
)


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
