"""Everything the impact math knows about an incident at a given `now`, in one object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from execbrief.core.impact.credits import SlaCredits, sla_credits
from execbrief.core.impact.durations import (
    customer_impact_minutes,
    time_to_detect_minutes,
    time_to_mitigate_minutes,
)
from execbrief.core.impact.money import RevenueLoss, revenue_lost
from execbrief.core.impact.response import ResponseCost, response_cost
from execbrief.core.impact.users import UsersEstimate, users_affected
from execbrief.core.incident import (
    Incident,
)


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
