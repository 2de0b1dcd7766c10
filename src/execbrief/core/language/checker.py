"""Check a text for language a CEO should not hear.

Each paragraph is read on its own (paragraphs.py: sentences, measures, and every rule that
looks no further than its sentence); what needs the whole text is decided here: acronyms
spelled out earlier, a pending analysis said anywhere, the spoken length against a budget.
Patterns are compiled once at import, the glossary once per lexicon."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import date  # only named in annotations: checking a draft skips the import

from execbrief.core.language.findings import Finding, Hit, Report, Stats
from execbrief.core.language.lexicon import Lexicon
from execbrief.core.language.paragraphs import CAUSE_AS_FACT, Settings, paragraphs, read_paragraph
from execbrief.core.language.sentences import (
    Measure,
    grade_of,
    measure,
    new_tuple,
    seconds_to_say,
    split_sentences,
)

TOP_SEVERITIES = frozenset({"sev0", "sev1", "p0", "p1", "critical", "sev-1", "s1"})


class CheckContext(NamedTuple):
    """What the checker knows beyond the text: the incident's facts and the targets."""

    cause_status: str | None = None  # "suspected" | "confirmed" | None (plain text)
    severity: str | None = None
    budget_seconds: int | None = None  # spoken time the text may take; None: no limit
    grade_target: float = 12.0
    long_sentence_words: int = 32
    audience_zone: str | None = None  # IANA zone of the listener, for times said in UTC
    on: date | None = None  # the day the text's times fall on (daylight saving)


# Every pattern here runs in time linear in the text, whatever it holds (a hostile 2 kB line
# once took a minute): an acronym is one possessive run of capitals, digits and "&", and
# what an acronym must be (two capitals, no "&" after the last) is decided in Python, not
# by backtracking. The acronym pattern starts with a capital letter (the look-behind after
# it) so that the engine skips straight from one capital to the next.
_ACRONYM = re.compile(r"(?P<acr>[A-Z](?<![\w&-][A-Z])[A-Z0-9&]*+)(?:s|'s|’s)?+(?![\w-])")
_DEFINED_AFTER = re.compile(r"\(\s*+(?P<acr>[A-Z][A-Z0-9&]*+)s?+\s*+\)")
# An acronym, then its words in brackets: "RPO (recovery point objective)"; the words are
# at most 300 characters, so that each "(" costs a bounded look ahead. Like _ACRONYM, it
# starts with a capital and looks behind it, so that the engine skips to the next capital.
_DEFINED_BEFORE = re.compile(
    r"(?P<acr>[A-Z](?<![\w&-][A-Z])[A-Z0-9&]*+)s?+\s*+\(\s*+[A-Za-z][^)]{3,300}+\)"
)


def acronym_in(run: str) -> str:
    """The acronym a run of capitals, digits and "&" starts with: up to its last capital
    and the digits after it ("AT&T", "H2O2", "AB" of "AB&"); empty when it holds fewer
    than two capitals."""
    last = -1
    capitals = 0
    for i, c in enumerate(run):
        if "A" <= c <= "Z":
            last = i
            capitals += 1
    if capitals < 2:
        return ""
    end = last + 1
    while end < len(run) and run[end].isdigit():
        end += 1
    return run[:end]


_SEVERITY_LABEL = re.compile(r"^(?:SEV|P|S)\d$")


def _acronyms(text: str, lexicon: Lexicon, taken: list[tuple[int, int]]) -> Iterator[Hit]:
    """Acronyms not spelled out before; `taken` are the glossary's spans (sorted, apart)."""
    taken_starts = [start for start, _ in taken]

    def in_glossary_term(offset: int) -> bool:
        i = bisect_right(taken_starts, offset) - 1
        return i >= 0 and offset < taken[i][1]

    defined: dict[str, int] = {}
    for pattern in (_DEFINED_AFTER, _DEFINED_BEFORE) if "(" in text else ():
        for match in pattern.finditer(text):
            acr = match.group("acr")
            if acronym_in(acr) != acr:
                continue  # fewer than two capitals, or "&" after the last
            defined[acr] = min(defined.get(acr, match.start()), match.start())
    reported: set[str] = set()
    for match in _ACRONYM.finditer(text):
        run = match.group("acr")
        acr = acronym_in(run)
        if not acr:
            continue
        start = match.start("acr")
        end = start + len(acr)
        if (
            acr in reported
            or acr in lexicon.business_acronyms
            or acr.lower() in lexicon.allowed
            or _SEVERITY_LABEL.match(acr)
            or (acr in defined and defined[acr] <= start)
            or in_glossary_term(start)
            or len(acr) > 6
        ):
            continue
        reported.add(acr)
        yield Hit(
            "acronym-undefined",
            "acronym",
            "warning",
            start,
            end,
            f"'{acr}' is not spelled out; a CEO may not know it and will not ask.",
            f"spell it out the first time, 'Full Words ({acr})', or say it plainly",
        )


def _length(spans: list[tuple[int, int]], measures: list[Measure], budget: int) -> Iterator[Hit]:
    total = seconds_to_say(sum(m.said for m in measures))
    if total <= budget:
        return
    said = 0
    for (start, end), measured in zip(spans, measures, strict=True):
        said += seconds_to_say(measured.said)
        if said > budget:
            yield Hit(
                "length-spoken",
                "length",
                "warning",
                start,
                end,  # the first sentence past the budget
                f"Said aloud this takes about {total} s; the CEO gives you about {budget} s. "
                "From here on you are over time.",
                "cut to what happened, the impact in numbers, the fix and the next update",
            )
            return


Placed = tuple[int, int, Hit]  # offsets into the whole text, and the hit


def _without_overlaps(placed: list[Placed]) -> list[Placed]:
    """One finding per span and category; jargon wins over acronym on the same words."""
    kept: list[Placed] = []
    reach: dict[str, int] = {}  # per category: the furthest end of a finding kept so far
    for item in sorted(placed, key=lambda p: (p[0], p[0] - p[1])):
        end, category = item[1], item[2].category
        if reach.get(category, -1) >= end or (
            category == "acronym" and reach.get("jargon", -1) >= end
        ):
            continue
        kept.append(item)
        if end > reach.get(category, -1):
            reach[category] = end
    return kept


def _findings(text: str, placed: list[Placed], field: str | None) -> list[Finding]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: list[Finding] = []
    for start, end, hit in placed:
        line = bisect_right(line_starts, start)  # 1-based: starts at or before `start`
        rule, category, severity, _, _, message, suggestion = hit
        column = start - line_starts[line - 1] + 1
        fields = (rule, category, severity, start, end, text[start:end], message, suggestion)
        out.append(new_tuple(Finding, (*fields, line, column, field)))
    return out


def check_text(
    text: str, lexicon: Lexicon, context: CheckContext | None = None, *, field: str | None = None
) -> Report:
    """Every finding in `text`, with offsets into it, and its words, length and grade."""
    context = context or CheckContext()
    settings = Settings(
        unconfirmed=context.cause_status != "confirmed",
        top_severity=(context.severity or "").strip().lower() in TOP_SEVERITIES,
        grade_target=context.grade_target,
        long_sentence_words=context.long_sentence_words,
        audience_zone=context.audience_zone,
        on=context.on,
    )
    read = [(at, read_paragraph(part, lexicon, settings)) for at, part in paragraphs(text)]
    placed: list[Placed] = [(at + h.start, at + h.end, h) for at, p in read for h in p.jargon]
    placed += [(h.start, h.end, h) for h in _acronyms(text, lexicon, [p[:2] for p in placed])]
    keep_cause = context.cause_status == "suspected" or any(p.pending for _, p in read)
    placed += [
        (at + h.start, at + h.end, h)
        for at, p in read
        for h in p.hits
        if keep_cause or h.rule != CAUSE_AS_FACT
    ]
    measures = [m for _, p in read for m in p.measures]
    if context.budget_seconds is not None:
        spans = [(at + s.start, at + s.end) for at, p in read for s in p.sentences]
        placed += [(h.start, h.end, h) for h in _length(spans, measures, context.budget_seconds)]
    return Report(_findings(text, _without_overlaps(placed), field), _stats(measures))


def text_stats(text: str) -> Stats:
    """The words, sentences, spoken length and grade of `text`, with no rules run: what
    check_text reports as its stats."""
    return _stats([measure(s.text) for s in split_sentences(text)])


def _stats(measures: list[Measure]) -> Stats:
    return Stats(
        sum(m.words for m in measures),
        len(measures),
        seconds_to_say(sum(m.said for m in measures)),
        grade_of(measures),
    )
