"""Check a text for language a CEO should not hear: one pass per sentence, patterns
compiled once at import (phrase rules) or once per glossary (jargon)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from execbrief.core.language import actors
from execbrief.core.language.findings import Finding, Report, Severity, Stats
from execbrief.core.language.lexicon import Lexicon, Term
from execbrief.core.language.phrases import PHRASE_RULES, fold, has_number
from execbrief.core.language.sentences import (
    Measure,
    Sentence,
    grade_of,
    measure,
    seconds_to_say,
    split_sentences,
)
from execbrief.core.language.windows import Windows

TOP_SEVERITIES = frozenset({"sev0", "sev1", "p0", "p1", "critical", "sev-1", "s1"})


@dataclass(frozen=True)
class CheckContext:
    """What the checker knows beyond the text: the incident's facts and the targets."""

    cause_status: str | None = None  # "suspected" | "confirmed" | None (plain text)
    severity: str | None = None
    budget_seconds: int | None = None  # spoken time the text may take; None: no limit
    grade_target: float = 12.0
    long_sentence_words: int = 32


_ACRONYM = re.compile(r"(?<![\w&-])(?P<acr>[A-Z][A-Z0-9&]*[A-Z][A-Z0-9]*)(?:s|'s|’s)?(?![\w-])")
_DEFINED_AFTER = re.compile(r"\(\s*(?P<acr>[A-Z][A-Z0-9&]*[A-Z][A-Z0-9]*)s?\s*\)")
_DEFINED_BEFORE = re.compile(r"(?P<acr>[A-Z][A-Z0-9&]*[A-Z][A-Z0-9]*)s?\s*\(\s*[A-Za-z][^)]{3,}\)")
_SEVERITY_LABEL = re.compile(r"^(?:SEV|P|S)\d$")


def _jargon(text: str, found: list[tuple[int, int, Term]]) -> Iterator[Finding]:
    for start, end, term in found:
        yield Finding(
            rule="jargon-glossary",
            category="jargon",
            severity="warning",
            start=start,
            end=end,
            text=text[start:end],
            message=f"'{term.term}' is jargon ({term.why}); a CEO may not know it.",
            suggestion=term.plain,
        )


def _acronyms(text: str, lexicon: Lexicon, taken: list[tuple[int, int]]) -> Iterator[Finding]:
    defined: dict[str, int] = {}
    for pattern in (_DEFINED_AFTER, _DEFINED_BEFORE):
        for match in pattern.finditer(text):
            acr = match.group("acr")
            defined[acr] = min(defined.get(acr, match.start()), match.start())
    reported: set[str] = set()
    for match in _ACRONYM.finditer(text):
        acr = match.group("acr")
        start, end = match.span("acr")
        if (
            acr in reported
            or acr in lexicon.business_acronyms
            or acr.lower() in lexicon.allowed
            or _SEVERITY_LABEL.match(acr)
            or (acr in defined and defined[acr] <= start)
            or any(s <= start < e for s, e in taken)
            or len(acr) > 6
        ):
            continue
        reported.add(acr)
        yield Finding(
            rule="acronym-undefined",
            category="acronym",
            severity="warning",
            start=start,
            end=end,
            text=acr,
            message=f"'{acr}' is not spelled out; a CEO may not know it and will not ask.",
            suggestion=f"spell it out the first time, 'Full Words ({acr})', or say it plainly",
        )


def _phrase_findings(
    text: str, low: str, windows: Windows, context: CheckContext
) -> Iterator[Finding]:
    top = (context.severity or "").strip().lower() in TOP_SEVERITIES
    numbers: dict[int, bool] = {}
    for rule in PHRASE_RULES:
        for (begin, end), match in windows.find(rule.id, low):
            if rule.unless_number:
                if begin not in numbers:
                    numbers[begin] = has_number(text[begin:end])
                if numbers[begin]:
                    continue
            if rule.unless_before is not None and rule.unless_before.search(
                low, begin, match.start()
            ):
                continue
            severity: Severity = "error" if rule.raise_on_sev1 and top else rule.severity
            yield Finding(
                rule.id,
                rule.category,
                severity,
                match.start(),
                match.end(),
                text[match.start() : match.end()],
                rule.message,
                rule.suggestion,
            )


def _actor_findings(
    text: str,
    low: str,
    windows: Windows,
    lexicon: Lexicon,
    context: CheckContext,
    pending: bool,
) -> Iterator[Finding]:
    hits = [
        *actors.blame(text, low, lexicon.known, windows.find),
        *actors.passive(low, windows.find),
        *actors.certainty(low, windows.find, cause_status=context.cause_status, pending=pending),
    ]
    for hit in hits:
        yield Finding(
            hit.rule,
            hit.category,
            hit.severity,
            hit.start,
            hit.end,
            text[hit.start : hit.end],
            hit.message,
            hit.suggestion,
        )


def _readability(sentence: Sentence, measured: Measure, context: CheckContext) -> Iterator[Finding]:
    count = measured.words
    if count >= 8 and (
        count > context.long_sentence_words or grade_of([measured]) > context.grade_target + 4
    ):
        yield Finding(
            "readability-sentence",
            "readability",
            "warning",
            sentence.start,
            sentence.end,
            sentence.text,
            f"This sentence has {count} words and is hard to follow when heard once.",
            "split it into two or three short sentences, one fact each",
        )


def _length(sentences: list[Sentence], measures: list[Measure], budget: int) -> Iterator[Finding]:
    total = seconds_to_say(sum(m.said for m in measures))
    if total <= budget:
        return
    said = 0
    for sentence, measured in zip(sentences, measures, strict=True):
        said += seconds_to_say(measured.said)
        if said > budget:
            yield Finding(
                "length-spoken",
                "length",
                "warning",
                sentence.start,
                sentence.end,  # the first sentence past the budget
                sentence.text,
                f"Said aloud this takes about {total} s; the CEO gives you about {budget} s. "
                "From here on you are over time.",
                "cut to what happened, the impact in numbers, the fix and the next update",
            )
            return


def _positioned(text: str, findings: Iterable[Finding], field: str | None) -> list[Finding]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: list[Finding] = []
    for f in findings:
        line = bisect_right(line_starts, f.start)  # 1-based: starts at or before f.start
        out.append(
            Finding(
                f.rule,
                f.category,
                f.severity,
                f.start,
                f.end,
                f.text,
                f.message,
                f.suggestion,
                line,
                f.start - line_starts[line - 1] + 1,
                field,
            )
        )
    return out


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """One finding per span and category; jargon wins over acronym on the same words."""
    kept: list[Finding] = []
    reach: dict[str, int] = {}  # per category: the furthest end of a finding kept so far
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        owners = ("jargon", f.category) if f.category == "acronym" else (f.category,)
        if any(reach.get(c, -1) >= f.end for c in owners):
            continue
        kept.append(f)
        reach[f.category] = max(reach.get(f.category, -1), f.end)
    return kept


def check_text(
    text: str, lexicon: Lexicon, context: CheckContext | None = None, *, field: str | None = None
) -> Report:
    """Every finding in `text`, with offsets into it, and its words, length and grade."""
    context = context or CheckContext()
    sentences = split_sentences(text)
    low = fold(text)
    jargon, anchored = lexicon.scan(text, low)
    windows = Windows(sentences, anchored)
    pending = any(True for _ in windows.find("pending", low))
    findings: list[Finding] = list(_jargon(text, jargon))
    taken = [(f.start, f.end) for f in findings]
    findings += _acronyms(text, lexicon, taken)
    findings += _phrase_findings(text, low, windows, context)
    findings += _actor_findings(text, low, windows, lexicon, context, pending)
    measures = [measure(s.text) for s in sentences]
    for sentence, measured in zip(sentences, measures, strict=True):
        findings += _readability(sentence, measured, context)
    if context.budget_seconds is not None:
        findings += _length(sentences, measures, context.budget_seconds)
    stats = Stats(
        sum(m.words for m in measures),
        len(sentences),
        seconds_to_say(sum(m.said for m in measures)),
        grade_of(measures),
    )
    return Report(_positioned(text, _without_overlaps(findings), field), stats)
