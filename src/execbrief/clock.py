"""Reading --now: the moment a command works from, given by the user or read from the clock.

Typer-free, so that the fast `brief` path (execbrief.entry) and every Typer command read
--now the same way and report a bad value with the same words.
"""

from __future__ import annotations

from datetime import UTC, datetime

from execbrief.errors import InputError


def parse_now(value: str | None) -> datetime:
    """--now: a time with an offset, or the current time when not given."""
    if value is None or value == "now":
        return datetime.now(UTC)
    from execbrief.core.incident import TimeValueError, parse_moment

    try:
        return parse_moment(value, None)
    except TimeValueError as exc:
        raise InputError.single(
            str(exc), field="--now", hint="for example --now 2026-11-20T18:00:00Z"
        ) from None
