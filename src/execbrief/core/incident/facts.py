"""What every part of an incident file is made of: the base that refuses unknown keys,
and the field types (times read in the audience's zone, counts, shares, money)."""

from __future__ import annotations

import difflib
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from execbrief.core.incident.times import DUE_PATTERN, MOMENT_PATTERN, parse_due, parse_moment
from execbrief.core.speech.untrusted import printable


def _zone(info: ValidationInfo) -> ZoneInfo | None:
    context = info.context or {}
    zone = context.get("zone")
    return zone if isinstance(zone, ZoneInfo) else None


def _moment(value: object, info: ValidationInfo) -> datetime:
    return parse_moment(value, _zone(info))


def _due(value: object, info: ValidationInfo) -> date | datetime:
    return parse_due(value, _zone(info))


# The same patterns the loader checks (times.py), not "format": "date-time": RFC 3339
# demands an offset, and the loader also reads a time without one in audience.timezone.
_TIME_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": MOMENT_PATTERN,
    "description": "ISO 8601 with a UTC offset, e.g. 2026-11-20T14:02:00Z; "
    "without an offset it is read in audience.timezone (and the brief says so)",
}
_DUE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": DUE_PATTERN,
    "description": "a date (2026-11-25, meaning by the end of that day) or a time with an offset",
}

Moment = Annotated[datetime, BeforeValidator(_moment), WithJsonSchema(_TIME_SCHEMA)]
Due = Annotated[date | datetime, BeforeValidator(_due), WithJsonSchema(_DUE_SCHEMA)]
# Upper bounds far above any real incident keep the Decimal arithmetic exact.
MAX_COUNT = 10**10  # more people than there are on Earth
MAX_MONEY = 10**13  # ten trillion in any currency
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
Share = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
Money = Annotated[Decimal, Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1)]


class Facts(BaseModel):
    """Base for every part of the file: unknown keys are refused with a suggestion."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_keys(cls, data: Any) -> Any:
        if data is None:
            return {}  # a group left empty in the file ("fix:" with nothing under it)
        if isinstance(data, dict):
            known = list(cls.model_fields)
            for key in data:
                if key not in cls.model_fields:
                    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                    hint = (
                        f"did you mean '{close[0]}'?"
                        if close
                        else "known keys here: " + ", ".join(known)
                    )
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key '{key}'",
                        {"key": str(key), "hint": hint, "at": str(key)},
                    )
            return {key: _printable(value) for key, value in data.items()}
        return data


def _printable(value: Any) -> Any:
    """Text from the file, cleaned where it enters (ARCHITECTURE.md, "Untrusted text"):
    every part of the file is a Facts, so every string and list of strings passes here."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [printable(item) if isinstance(item, str) else item for item in value]
    return value


def ordered(low: Any, high: Any, what: str) -> None:
    """Refuse a range whose low end is above its high end."""
    if low is not None and high is not None and low > high:
        raise PydanticCustomError(
            "range_order",
            "{what}: low ({low}) is above high ({high})",
            {"what": what, "low": str(low), "high": str(high), "at": "low"},
        )


def as_range(value: Any) -> Any:
    """A single figure means we are sure of it: low and high are the same."""
    if isinstance(value, int | float | str | Decimal) and not isinstance(value, bool):
        return {"low": value, "high": value}
    return value
