"""Reading the times written in an incident file.

Every time in an incident must say which moment it means. A time with an offset
("2026-11-20T14:02:00Z", "...-05:00") is taken as written. A time without one is
read in the audience's time zone when the file names one (and the brief says so), and
refused otherwise: guessing the zone would shift every duration and deadline in the brief.
A date without a year is refused: which year is meant is a guess too.

The forms a time may take are written once, as the patterns below: the loader checks a
time against them before reading it, and the JSON Schema (`execbrief schema`) publishes
the same patterns, so an editor and execbrief accept exactly the same times.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# ASCII classes only ([0-9], not \d): JSON Schema patterns are ECMA-262, where \d and \s
# mean something else than in Python; written this way both read them alike.
_DAY = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,9})?)?"
_OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])"
_SPACE = r"[ \t\r\n]*"
# A time: date, "T" or a space, hours and minutes (seconds and a fraction optional), and
# an offset (optional: without one the audience's zone is used).
MOMENT_PATTERN = rf"^{_SPACE}{_DAY}[T ]{_CLOCK}{_OFFSET}?{_SPACE}$"
# A due date: a date alone (by the end of that day), or a time as above.
DUE_PATTERN = rf"^{_SPACE}{_DAY}(?:[T ]{_CLOCK}{_OFFSET}?)?{_SPACE}$"
_MOMENT = re.compile(MOMENT_PATTERN)
_DUE = re.compile(DUE_PATTERN)
_LOCAL = re.compile(rf"^{_SPACE}{_DAY}[T ]{_CLOCK}{_SPACE}$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
_DAY_MONTH = re.compile(r"^-{0,2}\d{1,2}[-/.]\d{1,2}(?:$|[T ,])")

When = TypeVar("When", bound=date)

TIME_EXAMPLE = "2026-11-20T14:02:00Z or 2026-11-20T09:02:00-05:00"

# The years execbrief works in. Python's datetime ends at year 9999 and starts at year 1:
# a time near either end overflows when moved to another zone or a day is added, so a
# time outside these years is refused where it is read, with the field named.
FIRST_YEAR = 1970
LAST_YEAR = 2200

# Abbreviations people write for a zone, and cities that have none of their own: the IANA
# zone they most often mean. Offered as a suggestion, never applied silently.
_ZONE_WORDS = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "PACIFIC": "America/Los_Angeles",
    "MDT": "America/Denver",
    "MT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "CT": "America/Chicago",
    "CENTRAL": "America/Chicago",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "EASTERN": "America/New_York",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "HAST": "Pacific/Honolulu",
    "BST": "Europe/London",
    "IST": "Asia/Kolkata",
    "CEST": "Europe/Berlin",
    "EEST": "Europe/Helsinki",
    "WEST": "Europe/Lisbon",
    "MSK": "Europe/Moscow",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "PHT": "Asia/Manila",
    "WIB": "Asia/Jakarta",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "ACST": "Australia/Adelaide",
    "AWST": "Australia/Perth",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "BRT": "America/Sao_Paulo",
    "ART": "America/Argentina/Buenos_Aires",
    "SAST": "Africa/Johannesburg",
    "SAN_FRANCISCO": "America/Los_Angeles",
    "SEATTLE": "America/Los_Angeles",
    "SAN_DIEGO": "America/Los_Angeles",
    "PORTLAND": "America/Los_Angeles",
    "SAN_JOSE": "America/Los_Angeles",
    "BOSTON": "America/New_York",
    "WASHINGTON": "America/New_York",
    "MIAMI": "America/New_York",
    "ATLANTA": "America/New_York",
    "AUSTIN": "America/Chicago",
    "DALLAS": "America/Chicago",
    "HOUSTON": "America/Chicago",
    "MUMBAI": "Asia/Kolkata",
    "BANGALORE": "Asia/Kolkata",
    "BENGALURU": "Asia/Kolkata",
    "DELHI": "Asia/Kolkata",
    "NEW_DELHI": "Asia/Kolkata",
    "BEIJING": "Asia/Shanghai",
    "MUNICH": "Europe/Berlin",
    "FRANKFURT": "Europe/Berlin",
}


class TimeValueError(ValueError):
    """A time or date that cannot be read; the message says why in plain words."""


def load_zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, or TimeValueError with a did-you-mean."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: "America" is a folder
        close = suggest_zone(name)
        advice = f"did you mean {close}?" if close else "use an IANA name such as America/New_York"
        raise TimeValueError(f"'{name}' is not a known time zone; {advice}") from exc


def suggest_zone(name: str) -> str | None:
    """The IANA zone someone writing `name` most likely meant: an abbreviation (PST), a city
    without a zone of its own (America/San_Francisco), or a misspelling (Europe/Lodnon)."""
    word = name.strip().replace(" ", "_")
    last = word.rsplit("/", 1)[-1].upper()
    for key in (word.upper(), last):
        if key in _ZONE_WORDS:
            return _ZONE_WORDS[key]
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    by_lower = {z.lower(): z for z in zones}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.75)
    if close:
        return by_lower[close[0]]
    # The city alone (Lodnon), matched against the last part of each zone's name.
    cities = {z.rsplit("/", 1)[-1].lower(): z for z in zones}
    close = difflib.get_close_matches(last.lower(), list(cities), n=1, cutoff=0.75)
    return cities[close[0]] if close else None


def is_local_time(text: str) -> bool:
    """Whether `text` is a time of day written without a UTC offset."""
    return bool(_LOCAL.match(text))


def _no_year(text: str) -> bool:
    if re.search(r"[0-9]{4}", text):
        return False
    return bool(_MONTH_NAME.search(text) or _DAY_MONTH.match(text))


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
        if _no_year(text):
            raise TimeValueError(
                f"'{text}' has no year; write the full date and time ({TIME_EXAMPLE})"
            )
        if not _MOMENT.match(value):
            raise TimeValueError(f"'{text}' is not a time written as {TIME_EXAMPLE}")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            _read_date(text[:10])  # names an impossible date precisely
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
    if isinstance(value, str) and _DUE.match(value) and _DATE_ONLY.match(value.strip()):
        return in_supported_years(_read_date(value.strip()))
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        raise TimeValueError(f"'{value.strip()}' is not a date written as 2026-11-25")
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
