"""Reading --now: the moment a command works from, given by the user or read from the clock.

Every command that takes --now (and `done --at`) reads it here, so a bad value is
reported with the same words everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime

from execbrief.errors import InputError


def parse_now(value: str | None, option: str = "--now") -> datetime:
    """--now (or `option`, e.g. --at): a time with an offset, or the current time when not
    given; a time outside the years execbrief works with is refused here, at the edge."""
    if value is None or value == "now":
        return datetime.now(UTC)
    from execbrief.core.incident import TimeValueError, parse_moment

    try:
        return parse_moment(value, None)
    except TimeValueError as exc:
        raise InputError.single(
            str(exc), field=option, hint=f"for example {option} 2026-11-20T18:00:00Z"
        ) from None
