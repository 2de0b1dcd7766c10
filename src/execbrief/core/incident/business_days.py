"""Business days: weekdays that are not public holidays, as a regulator counts them.

The calendars come from the `holidays` package (pure data and date arithmetic, no I/O).
Observed dates count: in the US a holiday on a Saturday is observed on the Friday and
one on a Sunday on the Monday, and federal offices are closed on the observed day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

SATURDAY = 5


@lru_cache(maxsize=64)
def _closed_days(country: str, year: int) -> frozenset[date]:
    import holidays  # here, not at the top: ~100 ms, paid only when business days are counted

    # Next year too: an observed New Year's Day can fall on 31 December of this year.
    calendar = holidays.country_holidays(country, years=[year, year + 1], observed=True)
    return frozenset(calendar.keys())


def has_holiday_calendar(country: str) -> bool:
    """Whether the `holidays` package knows `country`'s public holidays (ISO 3166 code)."""
    if len(country) != 2 or not country.isalpha():
        return False  # without importing holidays (~100 ms) for what cannot be a code
    import holidays

    return country in holidays.list_supported_countries()


def is_business_day(day: date, country: str = "US") -> bool:
    """A weekday that is not a public holiday (or its observed day) in `country`."""
    return day.weekday() < SATURDAY and day not in _closed_days(country, day.year)


def add_business_days(start: date, days: int, country: str = "US") -> date:
    """The `days`-th business day after `start` (`start` itself is never counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if is_business_day(current, country):
            left -= 1
    return current


def business_days_between(start: date, end: date, country: str = "US") -> int:
    """How many business days fall after `start` up to and including `end`."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current, country):
            count += 1
    return count
