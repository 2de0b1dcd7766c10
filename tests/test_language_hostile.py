"""Hostile text never hangs the checker (issue 19, item 1): every pattern runs in time
linear in the text. "Call (x) " followed by 2,000 capitals once took over a minute (the
acronym patterns backtracked over every way to split the run); a run of 2,000 "!" took
time growing with its square in the sentence splitter.

These are not speed tests: each budget is hundreds of times what a linear pattern needs
on this input, and what backtracking needs is minutes to hours. The growth from 1 kB to
1 MB is measured by benchmarks/language_hostile.py."""

from __future__ import annotations

import re
import time
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from execbrief.core.language import (
    CheckContext,
    actors,
    check_text,
    checker,
    lexicon,
    paragraphs,
    phrases,
    sentences,
    times,
)
from execbrief.core.language.anchors import ANCHORS
from execbrief.core.language.patterns import PATTERNS
from execbrief.sources.glossary_file import load_lexicon

LEXICON = load_lexicon(use_config=False)
SUSPECTED = CheckContext(cause_status="suspected", severity="SEV1")


def hostile(n: int) -> dict[str, str]:
    """Shapes that make a backtracking pattern try every split of a long run."""
    return {
        "issue 19": "Call (x) " + "A" * n,
        "bracket, capitals": "(" + "A" * n,
        "capitals, bracket": "The " + "A" * n + "b (",
        "capitals then words in an open bracket": "ABC (" + "a" * n,
        "capitals and brackets": "A (" * (n // 3),
        "capitals and ampersands": "A&" * (n // 2) + "x",
        "acronym then open words": "RCA (root " + "x " * (n // 2),
        "exclamations": "!" * n + "x",
        "full stops": "." * n + "x",
        "full stops and quotes": '."' * (n // 2) + "x",
        "line break, spaces": "\n" + " " * n + "x",
        "line breaks and digits": "\n 1" * (n // 3) + "x",
        "one long word": "a" * n,
        "digits": "1" * n + "x",
        "digits and colons": "1:" * (n // 2),
        "names": "Aa " * (n // 3) + "x",
        "hyphenated capitals": "A-" * (n // 2),
        "apostrophes": "A's " * (n // 4),
        "spaces": "some" + " " * n + "users",
        "words then no noun": "some " + "a " * (n // 2),
        "utc times": "09:47 " * (n // 6) + "UTC",
    }


# Each pattern's anchors, each followed by long runs: what gets a pattern to run at all in
# check_text (a pattern runs only in sentences holding its anchors).
def anchored(n: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, parts in ANCHORS.items():
        words = " ".join(anchor for part in parts for anchor in part)
        out[f"{name}: anchors, spaces"] = words + " " * n + "x"
        out[f"{name}: anchors, a long word"] = words + " " + "a" * n + " " + words
        out[f"{name}: anchors repeated"] = (words + " ") * (n // max(1, len(words)))
    return out


def _every_pattern() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern the checker holds: its rules, and each module's own."""
    found: dict[str, re.Pattern[str]] = {name: PATTERNS[name] for name in PATTERNS}
    modules: list[ModuleType] = [actors, checker, lexicon, paragraphs, phrases, sentences, times]
    for module in modules:
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{module.__name__}.{attr}"] = value
    for rule in phrases.PHRASE_RULES:
        if rule.unless_before is not None:
            found[f"{rule.id}.unless_before"] = rule.unless_before
    return found


EVERY_PATTERN = _every_pattern()


def _seconds(run) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def test_the_pattern_list_is_complete():
    # A new module-level pattern is picked up without being listed here.
    assert len(EVERY_PATTERN) >= 40
    assert "execbrief.core.language.checker._DEFINED_BEFORE" in EVERY_PATTERN
    assert "execbrief.core.language.sentences._END" in EVERY_PATTERN
    assert "execbrief.core.language.times._UTC_TIME" in EVERY_PATTERN


@pytest.mark.parametrize(("shape", "text"), sorted(hostile(2400).items()))
def test_a_hostile_line_of_2_kb_checks_well_under_a_second(shape, text):
    assert len(text) >= 2000
    LEXICON.memory.clear()
    took = _seconds(lambda: check_text(text, LEXICON, SUSPECTED))
    assert took < 1.0, f"{shape}: {took:.2f} s"


@pytest.mark.parametrize(("shape", "text"), sorted(anchored(2400).items()))
def test_each_rule_on_its_own_anchors_with_long_runs_checks_quickly(shape, text):
    LEXICON.memory.clear()
    took = _seconds(lambda: check_text(text, LEXICON, SUSPECTED))
    assert took < 1.0, f"{shape}: {took:.2f} s"


def _best_of(runs: int, pattern: re.Pattern[str], string: str) -> float:
    return min(_seconds(lambda: sum(1 for _ in pattern.finditer(string))) for _ in range(runs))


def test_every_pattern_alone_is_linear_on_every_hostile_shape():
    # Growth, not a time budget (a shared machine can stall any one run for a quarter of a
    # second): ten times the text must cost about ten times as much. At 20,000 characters
    # a pattern that backtracks quadratically costs a hundred times its 2,000-character
    # time, and one that backtracks over splits of a run (the bug) takes hours. Only runs
    # that take long enough to measure (50 ms) are compared, each timed at its best of 3.
    small = {**hostile(2_000), **anchored(2_000)}
    large = {**hostile(20_000), **anchored(20_000)}
    slow: list[str] = []
    for name, pattern in EVERY_PATTERN.items():
        for shape, text in large.items():
            for fold in (False, True):
                string = phrases.fold(text) if fold else text
                if _best_of(1, pattern, string) < 0.05:
                    continue
                took = _best_of(3, pattern, string)
                short = small[shape]
                base = _best_of(3, pattern, phrases.fold(short) if fold else short)
                growth = took / max(base, 1e-4)
                if took > 0.05 and growth > 40:
                    slow.append(f"{name} on {shape!r}: {took:.2f} s, x{growth:.0f} for x10 text")
    assert slow == []


PIECES = st.sampled_from(["A", "(", ")", " ", "x", "!", ".", "&", "-", "'", "\n", "1", ":", "s"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=8), st.integers(min_value=2000, max_value=6000))
def test_any_short_pattern_repeated_to_kilobytes_checks_quickly(pieces, size):
    unit = "".join(pieces)
    text = (unit * (size // len(unit) + 1))[:size]
    LEXICON.memory.clear()
    took = _seconds(lambda: check_text(text, LEXICON, SUSPECTED))
    assert took < 1.0, f"{unit!r} x {size}: {took:.2f} s"


def test_acronyms_are_still_found_and_spelled_out_as_before():
    def acronyms(text: str) -> list[str]:
        found = check_text(text, LEXICON).findings
        return [f.text for f in found if f.category == "acronym"]

    assert acronyms("The ZQX failed.") == ["ZQX"]
    assert acronyms("The ZQXs failed.") == ["ZQX"]
    assert acronyms("The Zonal Quota Exchange (ZQX) failed. ZQX is back.") == []
    assert acronyms("ZQX (Zonal Quota Exchange) failed. ZQX is back.") == []
    assert acronyms("ZQX failed. The Zonal Quota Exchange (ZQX) is back.") == ["ZQX"]
    assert acronyms("The QZ&T team met at 9.") == ["QZ&T"]
    assert acronyms("Call (x) " + "A" * 7) == []  # longer than six letters: a word shouted
    assert acronyms("Call (x) ZQW now.") == ["ZQW"]
