"""How many people were affected: a count, a range, or a share of the active users."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from execbrief.core.incident import (
    Impact,
    UsersRange,
    UsersShare,
)

_TWO = Decimal(2)


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
