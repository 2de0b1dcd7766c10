"""`execbrief check`: the executive-language checker over a draft or an incident file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from execbrief.cli_support import reports_errors
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


def _read(file: str) -> tuple[str, str]:
    from execbrief.sources.text_file import MAX_BYTES, decode

    if file == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(file)
        name = file
        if not path.is_file():
            raise InputError.single(
                "no such file", file=name, hint="give a text file, or - for stdin"
            )
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError.single(f"cannot read the file: {exc.strerror}", file=name) from None
    if len(raw) > MAX_BYTES:
        raise InputError.single("the text is larger than 5 MB", file=name)
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
    findings: list[Finding], report: Report | None, texts: dict[str | None, str], name: str
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
    if report is not None:
        s = report.stats
        out.append(
            f"{len(findings)} findings · {s.words} words · {s.sentences} sentences · "
            f"about {s.spoken_seconds} s to say · grade {s.grade}"
        )
    else:
        out.append(f"{len(findings)} findings")
    return "\n".join(out) + "\n"


def register(app: typer.Typer) -> None:
    @app.command()
    @reports_errors
    def check(
        file: Annotated[
            str, typer.Argument(help="A draft (text), an incident file, or - for stdin.")
        ],
        fmt: Annotated[
            CheckFormat, typer.Option("--format", "-f", help="text or json.")
        ] = CheckFormat.text,
        fail_on: Annotated[
            FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")
        ] = FailOn.error,
        glossary: Annotated[
            list[Path] | None,
            typer.Option("--glossary", help="Your own glossary file (terms to add or allow)."),
        ] = None,
        budget: Annotated[
            int | None,
            typer.Option("--budget", help="Seconds the text may take to say aloud (plain text)."),
        ] = None,
    ) -> None:
        """Check a draft or an incident file for language a CEO should not hear."""
        import json

        from execbrief.core.language import SEVERITY_RANK, CheckContext, check_text
        from execbrief.sources.glossary_file import load_lexicon

        text, name = _read(file)
        lexicon = load_lexicon(glossary or [])
        report: Report | None = None
        if _looks_like_incident(text):
            from execbrief.core.language.incident_text import check_incident, free_text_fields
            from execbrief.sources.incident_file import incident_from_text

            incident = incident_from_text(text, name, json_first=file.endswith(".json"))
            findings = check_incident(incident, lexicon)
            texts: dict[str | None, str] = dict(free_text_fields(incident))
            whole = "\n\n".join(t for _, t in free_text_fields(incident))
            stats = check_text(whole, lexicon).stats
            document = {"findings": [f.as_dict() for f in findings], "stats": stats.as_dict()}
        else:
            report = check_text(text, lexicon, CheckContext(budget_seconds=budget))
            findings = report.findings
            texts = {None: text}
            document = report.as_dict()
        if fmt is CheckFormat.json:
            sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(_render_text(findings, report, texts, name))
        if fail_on is not FailOn.never and any(
            SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on.value] for f in findings
        ):
            raise typer.Exit(1)
