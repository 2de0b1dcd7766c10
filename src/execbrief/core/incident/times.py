"""Reading the times written in an incident file.

Every time in an incident must say which moment it means. A time with an offset
("2026-11-20T14:02:00Z", "...-05:00") is taken as written. A time without one is
read in the audience's time zone when the file names one, and refused otherwise:
guessing the zone would shift every duration and deadline in the brief.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)

When = TypeVar("When", bound=date)

TIME_EXAMPLE = "2026-11-20T14:02:00Z or 2026-11-20T09:02:00-05:00"

# The years execbrief works in. Python's datetime ends at year 9999 and starts at year 1:
# a time near either end overflows when moved to another zone or a day is added, so a
# time outside these years is refused where it is read, with the field named.
FIRST_YEAR = 1970
LAST_YEAR = 2200


class TimeValueError(ValueError):
    """A time or date that cannot be read; the message says why in plain words."""


def load_zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, or TimeValueError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: "America" is a folder
        raise TimeValueError(
            f"'{name}' is not a known time zone; use an IANA name such as America/New_York"
        ) from exc


def _read_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise TimeValueError(f"'{text}' is not a real calendar date") from exc


def parse_moment(value: object, zone: ZoneInfo | None) -> datetime:
    """A timezone-aware datetime from a string (or datetime) written by a user."""
    if value is None:
        raise TimeValueError("this field is empty but required")
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if _DATE_ONLY.match(text):
            raise TimeValueError(
                f"'{text}' is a date; a time of day is needed here ({TIME_EXAMPLE})"
            )
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            head = text[:10]
            if _DATE_ONLY.match(head):
                _read_date(head)  # names an impossible date precisely
            raise TimeValueError(f"'{text}' is not a time written as {TIME_EXAMPLE}") from exc
    else:
        raise TimeValueError(f"expected a time written as {TIME_EXAMPLE}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        if zone is None:
            raise TimeValueError(
                f"'{value}' has no UTC offset; add one (…Z or …-05:00) or set audience.timezone"
            )
        moment = moment.replace(tzinfo=zone)
    return in_supported_years(moment)


def parse_due(value: object, zone: ZoneInfo | None) -> date | datetime:
    """A due date or a due time. A bare date stays a date: it means "by the end of that day"."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return in_supported_years(value)
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        return in_supported_years(_read_date(value.strip()))
    return parse_moment(value, zone)


def in_supported_years(when: When) -> When:
    """`when` itself, or TimeValueError when it lies outside FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise TimeValueError(
            f"'{when.isoformat()}' is outside the years {FIRST_YEAR} to {LAST_YEAR} "
            "that execbrief works with; check the year"
        )
    return when


def end_of_day(day: date, zone: ZoneInfo | None) -> datetime:
    """The last moment of `day` in `zone` (UTC when no zone is known)."""
    tz = zone if zone is not None else ZoneInfo("UTC")
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz) - timedelta(seconds=1)


def due_moment(due: date | datetime, zone: ZoneInfo | None) -> datetime:
    """When a due date or time falls, as an aware datetime."""
    if isinstance(due, datetime):
        return due
    return end_of_day(due, zone)


def has_offset(text: str) -> bool:
    """Whether a written time carries its own UTC offset."""
    return bool(_HAS_OFFSET.search(text.strip()))
