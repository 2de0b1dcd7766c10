"""`execbrief check`: read a draft or an incident file, check its language, and render
the findings as text or JSON, with the exit decision --fail-on asks for.

Keep this module's top-level imports light: a plain-text draft must not load YAML or the
incident model, and the command line imports it for the enums on every run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.language import Finding, Report


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Checked(NamedTuple):
    """What a check found, and the findings rendered as `--format` asks."""

    output: str
    findings: list[Finding]

    def exit_code(self, fail_on: FailOn) -> int:
        """1 when a finding is at least as severe as `fail_on` (never: none is), else 0."""
        if fail_on is FailOn.never:
            return 0
        from execbrief.core.language import SEVERITY_RANK

        rank = SEVERITY_RANK[fail_on.value]
        return 1 if any(SEVERITY_RANK[f.severity] >= rank for f in self.findings) else 0


def check_file(
    file: str,
    fmt: CheckFormat = CheckFormat.text,
    glossaries: Sequence[Path] = (),
    budget: int | None = None,
    allow: Sequence[Path] = (),
) -> Checked:
    """Check a draft or an incident file (`-`: stdin) with the bundled glossary, the
    user's own and `glossaries`, letting through what the `allow` lists name; `budget` is
    the seconds a plain text may take to say. InputError for a file that cannot be read or
    an incident file that is not valid."""
    output, findings = _check(file, fmt, glossaries, budget, allow)
    return Checked(output, findings)


def _check(
    file: str,
    fmt: CheckFormat,
    glossaries: Sequence[Path],
    budget: int | None,
    allow: Sequence[Path] = (),
) -> tuple[str, list[Finding]]:
    """The text to print and the findings, for a draft or an incident file."""
    from execbrief.core.language import CheckContext, check_text, text_stats
    from execbrief.sources import pattern_cache
    from execbrief.sources.glossary_file import load_lexicon

    text, name = _read(file)
    pattern_cache.load()  # patterns compiled by an earlier run: about 12 ms saved
    lexicon = load_lexicon(list(glossaries), allow=list(allow))
    result: Report | None = None
    document: dict[str, Any]
    if _looks_like_incident(text):
        from execbrief.core.story.incident_text import check_incident, free_text_fields
        from execbrief.sources.incident_file import incident_from_text

        incident = incident_from_text(text, name, json_first=file.endswith(".json"))
        findings = check_incident(incident, lexicon)
        texts: dict[str | None, str] = dict(free_text_fields(incident))
        stats = text_stats("\n\n".join(texts.values()))
        document = {"findings": [f.as_dict() for f in findings], "stats": stats.as_dict()}
    else:
        result = check_text(text, lexicon, CheckContext(budget_seconds=budget))
        findings = result.findings
        texts = {None: text}
        document = result.as_dict()
    pattern_cache.save()  # when this run compiled patterns the cache did not hold
    if fmt is CheckFormat.json:
        import json

        return json.dumps(document, indent=2, ensure_ascii=False) + "\n", findings
    return _render_text(findings, result, texts, name), findings


def _read(file: str) -> tuple[str, str]:
    from execbrief.sources.text_file import MAX_BYTES, decode, read_capped, read_stream_capped

    what = "a draft or an incident file"
    if file == "-":
        name = "<stdin>"
        raw = read_stream_capped(sys.stdin.buffer, MAX_BYTES, name=name, what=what)
    else:
        path = Path(file)
        name = file
        if not path.exists() or path.is_dir():
            raise InputError.single(
                "no such file", file=name, hint="give a text file, or - for stdin"
            )
        try:
            raw = read_capped(path, MAX_BYTES, what=what)
        except OSError as exc:
            raise InputError.single(f"cannot read the file: {exc.strerror}", file=name) from None
    return decode(raw, name), name


def _looks_like_incident(text: str) -> bool:
    """An incident file is a YAML or JSON mapping with the incident's own top-level keys."""
    import re

    if text.lstrip().startswith("{"):
        return bool(re.search(r'"(?:execbrief|timeline)"\s*:', text))
    return bool(re.search(r"^\"?(?:execbrief|timeline)\"?\s*:", text, re.MULTILINE))


def _in_context(source: str, sentences: list[tuple[int, int]], start: int, end: int) -> str:
    """The sentence around [start, end) with the flagged words in [brackets]."""
    from bisect import bisect_right

    i = bisect_right(sentences, (start, len(source) + 1)) - 1
    lo, hi = sentences[i] if i >= 0 and start < sentences[i][1] else (start, end)
    lo, hi = min(lo, start), max(hi, end)
    if hi - lo > 240:  # a very long sentence: keep some words either side
        lo, hi = max(lo, start - 100), min(hi, end + 100)
    text = source[lo:start] + "[" + source[start:end] + "]" + source[end:hi]
    return " ".join(text.split())


def _render_text(
    findings: list[Finding], result: Report | None, texts: dict[str | None, str], name: str
) -> str:
    from execbrief.core.language import split_sentences

    spans = {key: [(s.start, s.end) for s in split_sentences(text)] for key, text in texts.items()}
    out: list[str] = []
    for f in findings:
        where = f"{name}:{f.field}" if f.field else f"{name}:{f.line}:{f.column}"
        out.append(f"{where}: {f.severity} {f.category} ({f.rule})")
        source = texts.get(f.field, "")
        out.append("  " + _in_context(source, spans.get(f.field, []), f.start, f.end))
        out.append(f"  why: {f.message}")
        if f.suggestion:
            out.append(f"  instead: {f.suggestion}")
    if result is not None:
        s = result.stats
        out.append(
            f"{len(findings)} findings · {s.words} words · {s.sentences} sentences · "
            f"about {s.spoken_seconds} s to say · grade {s.grade}"
        )
    else:
        out.append(f"{len(findings)} findings")
    return "\n".join(out) + "\n"
