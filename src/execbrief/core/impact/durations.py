"""How long: customer impact, time to detect, time to mitigate, in exact minutes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from execbrief.core.incident import (
    Timeline,
)


def minutes_between(start: datetime, end: datetime) -> Decimal:
    """Minutes from start to end (never negative), exact to the second."""
    seconds = Decimal(int((end - start).total_seconds()))
    return max(seconds, Decimal(0)) / Decimal(60)


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
