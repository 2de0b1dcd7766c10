"""Times said only in UTC on a 24-hour clock ("09:47 UTC"): a CEO in another zone has to
convert them in their head, or does not. The suggestion gives the time in the audience's
zone when the checker knows it (and the day, for daylight saving)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from execbrief.core.language.findings import Hit
from execbrief.core.language.sentences import Sentence

if TYPE_CHECKING:
    from datetime import date

# Linear: fixed-width digits, one optional space, a fixed word.
_UTC_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::[0-5]\d)?\s?"
    r"(?:UTC|GMT|Z|utc|gmt)(?![\w+-])"
)
_ZONES = ("UTC", "GMT", "Z", "utc", "gmt")  # every match of _UTC_TIME ends in one
# The same sentence also gives the time the listener's way: "10:20 a.m. Eastern (14:20 UTC)"
_SAID_LOCALLY = re.compile(
    r"\b[ap]\.m\.|\d\s?[ap]m\b|\b(?:eastern|pacific|central|mountain|local|ET|PT|CT|MT|EST|EDT|"
    r"PST|PDT|CST|CDT|CET|CEST|BST|IST|JST|AEST|AEDT)\b",
    re.IGNORECASE,
)


def utc_times(
    text: str, sentences: list[Sentence], zone: str | None, on: date | None
) -> Iterator[Hit]:
    """24-hour UTC times in sentences that give no local time beside them."""
    if not any(word in text for word in _ZONES):
        return iter(())  # no match possible; the pattern has no first character to skip to
    return _search(text, sentences, zone, on)


def _search(
    text: str, sentences: list[Sentence], zone: str | None, on: date | None
) -> Iterator[Hit]:
    starts = [s.start for s in sentences]
    for match in _UTC_TIME.finditer(text):
        i = bisect_right(starts, match.start()) - 1
        if i < 0 or match.start() >= sentences[i].end:
            continue
        sentence = sentences[i]
        if _SAID_LOCALLY.search(text, sentence.start, sentence.end):
            continue
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        yield Hit(
            "jargon-utc-time",
            "jargon",
            "warning",
            *match.span(),
            f"'{match.group()}' is a 24-hour time in UTC; the CEO thinks in their own time "
            "zone and has to convert it, or does not.",
            _in_zone(hour, minute, zone, on),
        )


def _in_zone(hour: int, minute: int, zone: str | None, on: date | None) -> str:
    if zone is None:
        return "give the time in the CEO's time zone, 12-hour: '9:47 a.m. Eastern'"
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    from datetime import UTC, datetime
    from datetime import date as day_of

    try:
        from zoneinfo import ZoneInfo

        where = ZoneInfo(zone)
    except (ValueError, KeyError, OSError):
        return "give the time in the CEO's time zone, 12-hour: '9:47 a.m. Eastern'"
    days = [on] if on is not None else [day_of(2026, 1, 15), day_of(2026, 7, 15)]
    said: list[str] = []
    for day in days:
        local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).astimezone(where)
        twelve = local.hour % 12 or 12
        spoken = f"{twelve}:{local.minute:02d} {'a.m.' if local.hour < 12 else 'p.m.'}"
        if spoken not in said:
            said.append(spoken)
    if len(said) == 1:
        return f"say it in the CEO's time: '{said[0]} {place} time'"
    # No day known: the offset depends on daylight saving.
    return f"say it in the CEO's time: '{said[0]} {place} time' ({said[1]} in summer)"
