"""Reading an incident file (YAML or JSON) into an Incident, with line numbers for errors."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from execbrief.core.incident import (
    Incident,
    IncidentInvalid,
    Problem,
    dated_after,
    dotted,
    read_incident,
)
from execbrief.errors import InputError, InputProblem, Place
from execbrief.sources.text_file import MAX_BYTES, decode, read_capped
from execbrief.sources.text_spans import Spans, value_spans_of

__all__ = ["MAX_BYTES", "decode", "incident_from_text", "load_incident", "parse_json", "parse_yaml"]


Lines = dict[tuple[str | int, ...], int]


class _FactsLoader(yaml.SafeLoader):
    """Safe YAML that keeps times as text, so that our own rules read them (offsets, zones)."""


_FactsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Unsupported(Exception):
    """YAML that is valid but has no place in an incident file, at a line."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        self.line, self.message, self.hint = line, message, hint


def _repeated_block(node: yaml.Node) -> _Unsupported:
    return _Unsupported(
        node.start_mark.line + 1,
        "the file reuses a block with a YAML alias (*name)",
        "write the values out in full; incident files do not support & and * aliases",
    )


def _complex_key(node: yaml.Node) -> _Unsupported:
    return _Unsupported(
        node.start_mark.line + 1,
        "a key here is a list or a group; keys must be plain names",
        "write keys as 'name: value'; a '?' at the start of a line starts a complex key",
    )


def _line_map(
    node: yaml.Node, path: tuple[str | int, ...], lines: Lines, seen: set[int] | None = None
) -> None:
    """Record the line of every field path. Refuses YAML aliases (&a ... *a): an incident
    file has no use for them, and nested aliases can blow up to billions of values."""
    seen = set() if seen is None else seen
    if isinstance(node, yaml.CollectionNode):
        if id(node) in seen:
            raise _repeated_block(node)
        seen.add(id(node))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _complex_key(key_node)
            key = key_node.value
            _line_map(value_node, (*path, key), lines, seen)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines, seen)


def parse_yaml(text: str, name: str, spans: Spans | None = None) -> tuple[Any, Lines]:
    """The data and the line of each field path; with `spans`, also fills in where each
    value is in the text (sources.text_spans), from the same parse."""
    lines: Lines = {}
    loader: _FactsLoader | None = None
    try:
        loader = _FactsLoader(text)  # checks for characters YAML does not allow
        node = loader.get_single_node()
        if node is None:
            raise InputError.single(
                "the file is empty", file=name, hint="run `execbrief init` for a template"
            )
        _line_map(node, (), lines)
        if spans is not None:
            value_spans_of(node, spans)
        data = loader.construct_document(node)
    except _Unsupported as exc:
        raise InputError.single(exc.message, file=name, line=exc.line, hint=exc.hint) from None
    except RecursionError:
        raise InputError.single(
            "the file is nested too deeply to be an incident file", file=name
        ) from None
    except yaml.reader.ReaderError as exc:
        raise InputError.single(
            f"the file holds a character YAML does not allow ({exc.character!r} at position "
            f"{exc.position})",
            file=name,
            hint="remove control characters; they are invisible in most editors",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "not valid YAML"
        raise InputError.single(
            f"not valid YAML: {problem}",
            file=name,
            line=line,
            hint="check the indentation and that each line is 'key: value'; "
            "quote text that contains ': ' or starts with a symbol",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError.single(f"not valid YAML: {exc}", file=name) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def _json_lines(text: str, spans: Spans | None = None) -> Lines:
    # JSON is (nearly) a subset of YAML, so the YAML composer finds JSON's line numbers too.
    lines: Lines = {}
    try:
        node = yaml.compose(text, Loader=_FactsLoader)
        if node is not None:
            _line_map(node, (), lines)
            if spans is not None:
                value_spans_of(node, spans)
    except (yaml.YAMLError, RecursionError, _Unsupported):
        return lines
    return lines


def parse_json(text: str, name: str, spans: Spans | None = None) -> tuple[Any, Lines]:
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError.single(
            "the file is nested too deeply to be an incident file", file=name
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError.single(
            f"not valid JSON: {exc.msg}",
            file=name,
            line=exc.lineno,
            hint="check for a missing comma or quote near that line",
        ) from None
    return data, _json_lines(text, spans)


def _line_for(path: tuple[str | int, ...], lines: Lines) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def problems_to_error(problems: list[Problem], name: str, lines: Lines) -> InputError:
    return InputError(
        [
            InputProblem(Place(name, _line_for(p.path, lines), dotted(p.path)), p.message, p.hint)
            for p in problems
        ]
    )


def incident_from_text(
    text: str,
    name: str,
    *,
    json_first: bool = False,
    now: datetime | None = None,
    spans: Spans | None = None,
) -> Incident:
    """Parse and validate incident text; `name` is used in messages. With `now`, a fact
    dated after it (or a `now` before the incident began) is an InputError too. With
    `spans`, fills in where each field's value is in the text (one parse for both)."""
    stripped = text.lstrip()
    if json_first or stripped.startswith(("{", "[")):
        data, lines = parse_json(text, name, spans)
    else:
        data, lines = parse_yaml(text, name, spans)
    data, lines = unwrap_draft(data, lines)
    try:
        incident = read_incident(data)
    except IncidentInvalid as exc:
        raise problems_to_error(exc.problems, name, lines) from None
    if now is not None:
        if now < incident.timeline.started:
            raise InputError.single(
                "--now is before the incident started",
                field="--now",
                hint="give a time after timeline.started, or leave --now out",
            )
        late = dated_after(incident, now)
        if late:
            raise problems_to_error(late, name, lines)
    return incident


DRAFT_KEYS = {
    "execbrief_draft",
    "incident",
    "provenance",
    "still_needed",
    "problems",
    "unknown",
    "notes",
    "conflicts",
}


def unwrap_draft(data: Any, lines: Lines) -> tuple[Any, Lines]:
    """A JSON draft from `execbrief import --format json` wraps the incident with its
    provenance (the model refuses unknown keys); read the incident inside."""
    if not isinstance(data, dict) or "execbrief_draft" not in data:
        return data, lines
    extra = [str(key) for key in data if key not in DRAFT_KEYS]
    if extra or data.get("execbrief_draft") != 1:
        raise InputError.single(
            "an import draft with unknown parts: " + (", ".join(extra) or "execbrief_draft"),
            hint="a draft has execbrief_draft: 1, incident, provenance and notes",
        )
    inner = {path[1:]: line for path, line in lines.items() if path[:1] == ("incident",)}
    return data.get("incident"), inner


def load_incident(path: Path, now: datetime | None = None) -> Incident:
    """Read and validate an incident file; every failure is an InputError naming the file.
    With `now`, facts dated after it are refused (see incident_from_text)."""
    name = str(path)
    if not path.exists():
        raise InputError.single(
            "no such file", file=name, hint="check the path, or run `execbrief init` to start one"
        )
    if path.is_dir():
        raise InputError.single("this is a folder, not an incident file", file=name)
    try:
        raw = read_capped(path, MAX_BYTES)
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror}", file=name) from None
    text = decode(raw, name)
    return incident_from_text(text, name, json_first=path.suffix.lower() == ".json", now=now)
