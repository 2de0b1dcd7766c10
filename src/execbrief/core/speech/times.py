"""Durations, clock times and days as a person says them ("about an hour and a half",
"9:02 a.m. EST on Friday, November 20")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in annotations: `execbrief check` imports this module's package
    from zoneinfo import ZoneInfo

from execbrief.core.speech.numbers import _about

_QUARTERS = {0: "", 15: " and 15 minutes", 30: " and a half", 45: " and 45 minutes"}


def duration(minutes: Decimal) -> str:
    """'under a minute', '47 minutes', '3 hours and 10 minutes', 'about 7 hours and 15
    minutes', 'about 20 hours', 'about 3 and a half days', 'about 46 days'. Precise enough to
    check against the times it was made from: five minutes under 6 hours, quarter hours
    under 12 hours, half hours under a day and a half, half days under 10 days, then whole
    days."""
    if minutes < 1:
        return "under a minute"
    if minutes < 100:
        whole = minutes.to_integral_value(ROUND_HALF_UP)
        unit = "minute" if whole == 1 else "minutes"
        return f"{_about(whole, minutes)}{int(whole)} {unit}"
    if minutes < 12 * 60:
        # Five minutes under 6 hours: "3 hours and 10 minutes" checks against 11:20 to
        # 2:30, where a quarter hour ("about 3 hours and 15 minutes") reads as a second value.
        step = 5 if minutes < 6 * 60 else 15
        rounded = int((minutes / step).to_integral_value(ROUND_HALF_UP)) * step
        hours, rest = divmod(rounded, 60)
        if hours >= 2 and rest == 30:
            text = f"{hours} and a half hours"
        else:
            text = ("an hour" if hours == 1 else f"{hours} hours") + _QUARTERS.get(
                rest, f" and {rest} minutes"
            )
        return f"{_about(Decimal(rounded), minutes)}{text}"
    if minutes < 36 * 60:
        halves = int((minutes / 30).to_integral_value(ROUND_HALF_UP))
        hours, half = divmod(halves, 2)
        text = f"{hours} and a half hours" if half else f"{hours} hours"
        return _about(Decimal(halves * 30), minutes) + text
    if minutes < 10 * 1440:
        days = (minutes / 1440 * 2).to_integral_value(ROUND_HALF_UP) / 2
    else:
        days = (minutes / 1440).to_integral_value(ROUND_HALF_UP)
    whole_days = int(days)
    text = f"{whole_days} and a half days" if days != whole_days else f"{whole_days} days"
    return _about(days * 1440, minutes) + text


def clock_time(
    moment: datetime, zone: ZoneInfo, *, with_day: bool = True, now: datetime | None = None
) -> str:
    """'9:02 a.m. EST on Friday, November 20' (or just '9:02 a.m. EST'). With `now`: 'today'
    and 'tomorrow' where they are true, and the year when it is not `now`'s year."""
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    half = "a.m." if local.hour < 12 else "p.m."
    label = local.tzname() or ""
    if label.startswith(("+", "-")):
        label = f"UTC{label}"
    said = f"{hour}:{local.minute:02d} {half} {label}".strip()
    if not with_day:
        return said
    today = None if now is None else now.astimezone(zone).date()
    told = day(local.date(), today)
    return f"{said} {told}" if told in _NEAR else f"{said} on {told}"


_NEAR = ("yesterday", "today", "tomorrow")


def zone_words(zone: ZoneInfo) -> str:
    """The zone as people say it: 'Chicago time', 'New York time', 'UTC'."""
    key = zone.key
    if "/" not in key:
        return key
    return key.rsplit("/", 1)[-1].replace("_", " ") + " time"


def day(value: date, today: date | None = None) -> str:
    """'Friday, November 20'. With `today`: 'yesterday', 'today' or 'tomorrow' where true,
    and 'Tuesday, October 6, 2025' when the year is not today's."""
    if today is not None:
        offset = (value - today).days
        if -1 <= offset <= 1:
            return _NEAR[offset + 1]
        if value.year != today.year:
            return f"{value:%A}, {value:%B} {value.day}, {value.year}"
    return f"{value:%A}, {value:%B} {value.day}"


def due(value: date | datetime, zone: ZoneInfo, now: datetime | None = None) -> str:
    """A due date as said aloud: 'Wednesday, November 25' or a clock time with its day;
    with `now`, told against it as `day` and `clock_time` are."""
    if isinstance(value, datetime):
        return clock_time(value, zone, now=now)
    return day(value, None if now is None else now.astimezone(zone).date())
