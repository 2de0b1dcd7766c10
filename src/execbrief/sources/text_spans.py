"""Where each field's value is in an incident's text (YAML or JSON), so that a language
finding in a field can be shown at its place in the text the user typed.

A finding's offsets are into the field's value as read (a folded YAML block joins its
lines, quotes and escapes are gone), so the flagged words are looked for again inside the
value's span of the text, with any run of spaces and line breaks matching any other.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from execbrief.core.incident import dotted

Spans = dict[str, tuple[int, int]]


class Position(NamedTuple):
    start: int  # character offsets into the whole text
    end: int
    line: int  # 1-based
    column: int  # 1-based


def _walk(node: yaml.Node, path: tuple[str | int, ...], spans: Spans, depth: int = 0) -> None:
    if depth > 64:  # the reader refused deeper files already; stay safe anyway
        return
    if isinstance(node, yaml.ScalarNode):
        spans[dotted(path)] = (node.start_mark.index, node.end_mark.index)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk(value, (*path, key.value), spans, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), spans, depth + 1)


def value_spans_of(node: yaml.Node, spans: Spans) -> None:
    """Fill `spans` with the [start, end) of each scalar value of the composed document
    `node`, by dotted field path ('cause.summary', 'timeline.events[2].what'). An import
    draft's fields are named as the incident inside it names them."""
    found: Spans = {}
    _walk(node, (), found)
    if "execbrief_draft" in found:
        found = {k[len("incident.") :]: v for k, v in found.items() if k.startswith("incident.")}
    spans.update(found)


def _pattern(words: str) -> re.Pattern[str] | None:
    parts = words.split()
    if not parts:
        return None
    return re.compile(r"\s+".join(re.escape(p) for p in parts), re.IGNORECASE)


def locate(text: str, spans: Spans, finding: dict[str, Any]) -> Position | None:
    """Where `finding` (a Finding.as_dict() with its field) is in `text`: the flagged
    words inside the field's value, else the value itself; None for a field not in the
    text (the brief's own sentences)."""
    field = finding.get("field")
    if not isinstance(field, str) or field not in spans:
        return None
    lo, hi = spans[field]
    start, end = lo, hi
    pattern = _pattern(str(finding.get("text") or ""))
    if pattern is not None:
        matches = list(pattern.finditer(text, lo, hi))
        if matches:
            # the value's n-th occurrence of the words, as near the field offset as we can
            offset = int(finding.get("start") or 0)
            best = min(matches, key=lambda m: abs((m.start() - lo) - offset))
            start, end = best.start(), best.end()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Position(start, end, line, column)
