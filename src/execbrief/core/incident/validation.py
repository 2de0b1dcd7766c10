"""Checking incident facts, and saying what is wrong in words an engineer can act on at 2 a.m."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from execbrief.core.incident.model import Incident
from execbrief.core.incident.times import TIME_EXAMPLE, TimeValueError, is_local_time, load_zone

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the incident facts, at a field path such as ('timeline', 'started')."""

    path: Path
    message: str
    hint: str | None = None

    @property
    def field(self) -> str:
        return dotted(self.path)


class IncidentInvalid(ValueError):
    """The facts do not make a valid incident; `problems` lists each reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


def dotted(path: Path) -> str:
    """('timeline', 'events', 0, 'at') -> 'timeline.events[0].at'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top level)"


_MESSAGES: dict[str, tuple[str, str | None]] = {
    "missing": ("this field is required", None),
    "int_type": ("expected a whole number", "write digits only, e.g. 48200 (no commas or units)"),
    "int_parsing": ("expected a whole number", "write digits only, e.g. 48200"),
    "decimal_parsing": ("expected a number", "write digits only, e.g. 2400 or 0.62"),
    "decimal_type": ("expected a number", "write digits only, e.g. 2400 or 0.62"),
    "finite_number": ("expected a finite number", None),
    "bool_type": ("expected true or false", None),
    "bool_parsing": ("expected true or false", None),
    "string_type": ("expected text", "put the text in quotes if it looks like a number"),
    "list_type": ("expected a list", "start each item on its own line with '- '"),
    "model_type": ("expected a group of fields (key: value lines)", None),
    "dict_type": ("expected a group of fields (key: value lines)", None),
    "model_attributes_type": ("expected a group of fields (key: value lines)", None),
    "string_too_short": ("must not be empty", None),
    "union_tag_invalid": ("has an unexpected shape", None),
    "extra_forbidden": ("unknown key", "check its spelling against the documented keys"),
}


def _message(error: Mapping[str, Any], path: Path) -> tuple[str, str | None]:
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    if error.get("input", "") is None and kind.endswith("_type"):
        return "this field is empty but required", "fill it in"
    if path and path[-1] == "users_affected" and kind in {"int_type", "union_tag_invalid"}:
        return (
            "expected a number of people",
            "write 48200, or {low: 40000, high: 55000}, "
            "or {fraction_of_active: 0.2, active_users: 240000}",
        )
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")))
    if kind == "greater_than_equal":
        return ("must not be negative", None) if str(ctx.get("ge")) == "0" else (error["msg"], None)
    if kind == "less_than_equal":
        if str(ctx.get("le")) == "1":
            return (
                "must be a share between 0 and 1",
                "write 62% as 0.62",
            )
        if str(ctx.get("le")) == "100":
            return ("must be at most 100", "percentages are written as 99.95")
        return (f"is larger than any real incident (at most {ctx.get('le'):,})", None)
    if kind == "literal_error":
        return (f"must be one of {ctx.get('expected')}", None)
    if kind == "value_error":
        cause = ctx.get("error")
        text = str(cause) if cause is not None else str(error["msg"])
        hint = None
        if isinstance(cause, TimeValueError) and ("offset" in text or "required" in text):
            hint = f"write it as {TIME_EXAMPLE}"
        return text, hint
    hint = ctx.get("hint")
    return str(error["msg"]), str(hint) if hint else None


def _pattern_message(pattern: str) -> tuple[str, str | None]:
    if pattern == r"^[A-Z]{3}$":
        return "expected a three-letter currency code", "for example USD or EUR"
    if pattern.startswith(r"^[A-Z]{2}(-"):
        return "expected a place code", "for example EU, UK, US-TX (country, then state)"
    return "does not have the expected form", f"it must match {pattern}"


def _data_path(loc: Sequence[str | int], data: object) -> Path:
    """Keep only the parts of pydantic's location that index the user's data.

    Pydantic adds the names of union members (e.g. 'range') to a location; the user
    never wrote those, and they would break the look-up of the line number.
    """
    path: list[str | int] = []
    node = data
    for part in loc:
        in_mapping = isinstance(node, Mapping) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            path.append(part)
            node = node[part]  # type: ignore[index]
        elif isinstance(node, Mapping) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing field: name it even though the user did not write it
            node = None
    return tuple(path)


def _is_tag(part: str) -> bool:
    return part in {"count", "range", "share"} or part[:1].isupper() or "[" in part


def problems_from(error: ValidationError, data: object) -> list[Problem]:
    """Plain-word problems from a pydantic ValidationError on `data`."""
    problems: list[Problem] = []
    seen: set[tuple[Path, str]] = set()
    for item in error.errors(include_url=False):
        path = _data_path(item["loc"], data)
        ctx = item.get("ctx") or {}
        at = ctx.get("at")  # where in the model the problem is: a field, or a path below it
        if at is not None:
            below = tuple(at) if isinstance(at, list | tuple) else (str(at),)
            if path[-len(below) :] != below:
                path = (*path, *below)
        message, hint = _message(item, path)
        if ctx.get("hint") and hint is None:
            hint = str(ctx["hint"])
        if (path, message) not in seen:
            seen.add((path, message))
            problems.append(Problem(path, message, hint))
    return problems


def audience_zone(data: Mapping[str, Any]) -> ZoneInfo | None:
    """The time zone raw incident data names for its audience; None when it names none or
    one that does not exist (the model's own check of audience.timezone reports that)."""
    audience = data.get("audience")
    if not (isinstance(audience, Mapping) and isinstance(audience.get("timezone"), str)):
        return None
    try:
        return load_zone(audience["timezone"])
    except TimeValueError:
        return None


def read_incident(data: object) -> Incident:
    """Validate parsed incident facts (a mapping from YAML or JSON) into an Incident."""
    if not isinstance(data, Mapping):
        raise IncidentInvalid(
            [
                Problem(
                    (),
                    "the file must hold incident fields (key: value lines), "
                    f"not a {type(data).__name__}",
                    "start from `execbrief init`, which writes a template to fill in",
                )
            ]
        )
    try:
        incident = Incident.model_validate(data, context={"zone": audience_zone(data)})
    except ValidationError as exc:
        raise IncidentInvalid(problems_from(exc, data)) from None
    incident._local_times = tuple(dotted(path) for path in _local_times(data, ()))
    return incident


def _local_times(node: object, path: Path) -> list[Path]:
    """Where the data holds a time of day without an offset. The model accepted the file,
    so each was read as a time, in the audience's zone (free text is never only a time)."""
    if isinstance(node, str):
        return [path] if is_local_time(node) else []
    if isinstance(node, Mapping):
        return [p for key, value in node.items() for p in _local_times(value, (*path, str(key)))]
    if isinstance(node, list):
        return [p for i, value in enumerate(node) for p in _local_times(value, (*path, i))]
    return []


def dated_after(incident: Incident, now: datetime) -> list[Problem]:
    """Facts dated after `now`: what happened cannot be later than the moment of the brief
    (a wrong date or offset, or a --now too early). Planned dates (due dates, ETAs) are
    not facts and may lie ahead."""
    zone = incident.zone
    t = incident.timeline
    dated: list[tuple[Path, datetime | None]] = [
        (("timeline", name), getattr(t, name)) for name in ("detected", "mitigated", "resolved")
    ]
    dated += [(("timeline", "events", i, "at"), e.at) for i, e in enumerate(t.events)]
    dated.append((("fix", "immediate_at"), incident.fix.immediate_at))
    dated += [
        (("commitments", i, "done_at"), c.done_at) for i, c in enumerate(incident.commitments)
    ]
    return [
        Problem(
            path,
            f"{moment.astimezone(zone).isoformat()} is after the moment of the brief "
            f"({now.astimezone(zone).isoformat()}): a fact cannot be dated in the future",
            "check the date and its offset, or give a later --now",
        )
        for path, moment in dated
        if moment is not None and moment > now
    ]
