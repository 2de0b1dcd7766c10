"""How many people were affected: a count, a range, or a share of the active users."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP

from execbrief.core.incident import (
    Impact,
    UsersRange,
    UsersShare,
)


@dataclass(frozen=True)
class UsersEstimate:
    low: int
    likely: int | None  # None for a range whose method gives no likely figure: never invented
    high: int
    method: str


def users_affected(impact: Impact) -> UsersEstimate | None:
    given = impact.users_affected
    if given is None:
        return None
    if isinstance(given, UsersRange):
        method = "range given" if given.likely is None else "range given, with its likely figure"
        return UsersEstimate(given.low, given.likely, given.high, method)
    if isinstance(given, UsersShare):
        count = int(
            (given.fraction_of_active * given.active_users).to_integral_value(ROUND_HALF_UP)
        )
        return UsersEstimate(count, count, count, "share of active users")
    return UsersEstimate(given, given, given, "count given")
