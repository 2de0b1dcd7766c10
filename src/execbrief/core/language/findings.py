"""What the checker reports: findings with where, why and what to say instead."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal, NamedTuple

Severity = Literal["info", "warning", "error"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

Span = tuple[int, int]
# How a rule looks for a pattern: (pattern name, string to search) -> each match with the
# (start, end) of its sentence. windows.Windows.find is the one the checker passes in.
Find = Callable[[str, str], Iterable[tuple[Span, re.Match[str]]]]

CATEGORIES = (
    "jargon",
    "acronym",
    "blame",
    "certainty",
    "vague-impact",
    "hedging",
    "promise",
    "minimizing",
    "alarmist",
    "passive-voice",
    "length",
    "readability",
)


class Hit(NamedTuple):
    """A finding before it is placed: offsets only, no line, column or field yet."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None


class Finding(NamedTuple):
    rule: str
    category: str
    severity: Severity
    start: int  # character offsets into the checked text (or into the field's text)
    end: int
    text: str
    message: str
    suggestion: str | None
    line: int = 1
    column: int = 1
    field: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.field is not None:
            out["field"] = self.field
        return out


class Stats(NamedTuple):
    words: int
    sentences: int
    spoken_seconds: int
    grade: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "spoken_seconds": self.spoken_seconds,
            "grade": self.grade,
        }


class Report(NamedTuple):
    findings: list[Finding]
    stats: Stats

    def as_dict(self) -> dict[str, Any]:
        return {"findings": [f.as_dict() for f in self.findings], "stats": self.stats.as_dict()}

    def worst(self) -> int:
        """Rank of the most severe finding; -1 when clean."""
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=-1)
