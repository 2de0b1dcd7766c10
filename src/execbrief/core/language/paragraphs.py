"""What one paragraph holds on its own: its sentences, their measures, and the findings of
every rule that looks no further than its sentence.

A blank line always ends a sentence, so a text's sentences are its paragraphs' sentences.
Each paragraph's result is kept with the lexicon (for the same rule settings), so that
checking a text again after an edit, as an editor does on every keystroke, redoes only the
paragraphs that changed. The result does not depend on what is kept: a test checks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import date  # only named in annotations: checking a draft skips the import

from execbrief.core.language import actors
from execbrief.core.language.findings import Hit, Severity
from execbrief.core.language.lexicon import Lexicon, Term
from execbrief.core.language.phrases import FUTURE, PHRASE_RULES, WHEN, fold, has_number
from execbrief.core.language.sentences import Measure, Sentence, measure, split_sentences
from execbrief.core.language.times import utc_times
from execbrief.core.language.windows import Windows

CAUSE_AS_FACT = "certainty-cause-as-fact"  # kept only while the cause is not confirmed
_BREAK = re.compile(r"\n\s*\n")
_KEPT_PARAGRAPHS = 4096  # per lexicon; then the memory starts again


class Settings(NamedTuple):
    """What a paragraph's findings depend on besides its text and the lexicon."""

    unconfirmed: bool  # the cause is not confirmed: certainty words are flagged
    top_severity: bool  # SEV1 or worse: playing it down is an error, not a warning
    grade_target: float
    long_sentence_words: int
    audience_zone: str | None = None  # for times said in UTC (times.py)
    on: date | None = None


class Paragraph(NamedTuple):
    """One paragraph's findings, with offsets from the paragraph's start."""

    sentences: list[Sentence]
    measures: list[Measure]
    jargon: list[Hit]
    hits: list[Hit]  # in rule order; CAUSE_AS_FACT hits are kept only when it applies
    pending: bool  # it says the analysis is not finished


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each run of text between blank lines."""
    begin = 0
    for gap in _BREAK.finditer(text):
        yield begin, text[begin : gap.start()]
        begin = gap.end()
    yield begin, text[begin:]


def read_paragraph(text: str, lexicon: Lexicon, settings: Settings) -> Paragraph:
    """The paragraph's findings, from the lexicon's memory when it has seen it before."""
    memory = lexicon.memory
    key = (text, settings)
    found = memory.get(key)
    if found is None:
        if len(memory) >= _KEPT_PARAGRAPHS:
            memory.clear()
        found = memory[key] = _read(text, lexicon, settings)
    return found


_BLAME = frozenset(
    {"blame-label", "blame-role", "blame-person", "blame-possessive", "blame-fault-of-name"}
) | frozenset(actors.FAULT_OF_NAMES)
_CERTAINTY = frozenset({"certainty-absolute", "certainty-cause-as-fact"}) | frozenset(
    actors.CLAIMED_NAMES
)


def _read(text: str, lexicon: Lexicon, settings: Settings) -> Paragraph:
    sentences = split_sentences(text)
    measures = [measure(s.text) for s in sentences]
    low = fold(text)
    terms, held_parts = lexicon.scan(text, low, sentences)
    windows = Windows(sentences, held_parts)
    held = windows.holding.keys()  # the patterns that may match somewhere here
    hits: list[Hit] = []
    if held:  # most paragraphs of a plain draft hold nothing: skip every rule
        hits += _phrases(text, low, windows, settings)
        if not held.isdisjoint(_BLAME):
            hits += actors.blame(text, low, lexicon.known, windows.find)
        if "passive-hidden-actor" in held:
            hits += actors.passive(low, windows.find)
        if not held.isdisjoint(_CERTAINTY):
            hits += actors.certainty(low, windows.find, unconfirmed=settings.unconfirmed)
    if ":" in text:  # a time: "09:47 UTC"
        hits += utc_times(text, sentences, settings.audience_zone, settings.on)
    hits += _readability(sentences, measures, settings)
    pending = "pending" in held and any(True for _ in windows.find("pending", low))
    return Paragraph(sentences, measures, _jargon(text, terms), hits, pending)


def _jargon(text: str, terms: list[tuple[int, int, Term]]) -> list[Hit]:
    # The message names the words highlighted ("bad config"), not the glossary entry they
    # are a form of ("config push"): the reader sees one term, not two.
    return [
        Hit(
            "jargon-glossary",
            "jargon",
            "warning",
            start,
            end,
            f"'{' '.join(text[start:end].split())}' is jargon ({term.why}); a CEO may not know it.",
            term.plain,
        )
        for start, end, term in terms
    ]


_RULE_AT = {rule.id: at for at, rule in enumerate(PHRASE_RULES)}


def _phrases(text: str, low: str, windows: Windows, settings: Settings) -> Iterator[Hit]:
    numbers: dict[int, bool] = {}
    held = windows.holding
    top = settings.top_severity
    for at in sorted(_RULE_AT[name] for name in held if name in _RULE_AT):  # in rule order
        rule = PHRASE_RULES[at]
        if rule.only_unconfirmed and not settings.unconfirmed:
            continue
        for (begin, end), match in windows.find(rule.id, low):
            if rule.unless_number:
                if begin not in numbers:
                    numbers[begin] = has_number(text[begin:end])
                if numbers[begin]:
                    continue
            if rule.unless_when and WHEN.search(text, begin, end):
                continue
            if rule.needs_future and not FUTURE.search(text, begin, end):
                continue
            if rule.unless_before is not None and rule.unless_before.search(
                low, begin, match.start()
            ):
                continue
            severity: Severity = "error" if rule.raise_on_sev1 and top else rule.severity
            yield Hit(
                rule.id,
                rule.category,
                severity,
                match.start(),
                match.end(),
                rule.message,
                rule.suggestion,
            )


def _readability(
    sentences: list[Sentence], measures: list[Measure], settings: Settings
) -> Iterator[Hit]:
    for sentence, measured in zip(sentences, measures, strict=True):
        count = measured.words
        if count < 8:
            continue
        # Flesch-Kincaid grade of the one sentence (sentences.grade_of, written out), worked
        # out only for a sentence not already too long
        if count > settings.long_sentence_words or (
            round(max(0.0, 0.39 * count + 11.8 * measured.syllables / count - 15.59), 1)
            > settings.grade_target + 4
        ):
            yield Hit(
                "readability-sentence",
                "readability",
                "warning",
                sentence.start,
                sentence.end,
                f"This sentence has {count} words and is hard to follow when heard once.",
                "split it into two or three short sentences, one fact each",
            )
