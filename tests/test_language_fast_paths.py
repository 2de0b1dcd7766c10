"""The checker's faster paths give exactly what the plain ones they replaced give: each old
algorithm is kept here as the oracle, and hypothesis draws the texts."""

from __future__ import annotations

import re
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from execbrief.core.language import checker, times
from execbrief.core.language import sentences as sentences_module
from execbrief.core.language.anchors import ANCHORS
from execbrief.core.language.lexicon import (
    _AS_SPACE,
    _WORD_CHARS,
    PARTS,
    _continues,
    _leftmost_longest,
    part_code,
    tokens_of,
)
from execbrief.core.language.patterns import PATTERN_NAMES
from execbrief.core.language.phrases import fold
from execbrief.core.language.sentences import Measure, split_sentences, syllables
from execbrief.core.language.windows import Windows
from execbrief.sources.glossary_file import load_lexicon

LEXICON = load_lexicon(use_config=False)

# Words the rules and the glossary look for, and everyday ones, with what sits between them.
_ANCHOR_WORDS = sorted({a for parts in ANCHORS.values() for part in parts for a in part})
_WORDS = st.sampled_from(
    [
        *_ANCHOR_WORDS,
        *list(LEXICON.terms)[:200],
        *LEXICON.exact,
        "John",
        "the",
        "was",
        "we",
        "9:47",
        "UTC",
        "e.g.",
        "SLA",
        "customers",
    ]
)
_GAPS = st.sampled_from(
    [" ", " ", " ", ". ", ", ", "\n", "\n\n", "! ", "? ", "-", "\t", ".\n- ", "\xa0", "\u2028"]
)
TEXTS = st.lists(st.tuples(_WORDS, _GAPS), max_size=40).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)


def _old_holding(sentences, anchored) -> dict[str, list[int]]:
    """windows.Windows before issue 14's speed work: a set of sentences per part code."""
    starts = [s.start for s in sentences]
    holding: dict[int, set[int]] = {}
    for last, codes in anchored:
        i = bisect_right(starts, last) - 1
        if i < 0 or last >= sentences[i].end:
            continue
        for code in codes:
            holding.setdefault(code, set()).add(i)
    found_in: dict[str, list[int]] = {}
    for code, found in holding.items():
        pattern, part = divmod(code, PARTS)
        if part:
            continue
        name = PATTERN_NAMES[pattern]
        for other in range(1, len(ANCHORS.get(name, ()))):
            found = found & holding.get(part_code(pattern, other), set())
        if found:
            found_in[name] = sorted(found)
    return found_in


def _codes(bits: int) -> tuple[int, ...]:
    return tuple(code for code in range(bits.bit_length()) if bits >> code & 1)


def _old_scan(text: str, low: str):
    """Lexicon.scan before: str.translate, and every anchor's offset and part codes."""
    norm = low.translate(_AS_SPACE)
    size = len(norm)
    found, anchored = [], []
    for last, (key, length, bits) in LEXICON.automaton.iter(norm):
        if bits:
            anchored.append((last, _codes(bits)))
        if key is None:
            continue
        start, end = last - length + 1, last + 1
        if (start > 0 and key[0] in _WORD_CHARS and norm[start - 1] in _WORD_CHARS) or (
            end < size and key[-1] in _WORD_CHARS and norm[end] in _WORD_CHARS
        ):
            continue
        if _continues(text, end):
            continue
        term = LEXICON.terms.get(key)
        if key in LEXICON.exact_lower:
            term = LEXICON.exact.get(" ".join(tokens_of(text[start:end]))) or term
        if term is not None:
            found.append((start, end, term))
    return _leftmost_longest(found), anchored


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_windows_hold_the_sentences_the_old_sets_held(text):
    sentences = split_sentences(text)
    low = fold(text)
    terms, held = LEXICON.scan(text, low, sentences)
    old_terms, anchored = _old_scan(text, low)
    assert terms == old_terms
    assert Windows(sentences, held).holding == _old_holding(sentences, anchored)


def test_windows_find_what_the_old_sets_found_in_a_long_text():
    text = " ".join(_ANCHOR_WORDS) + ". " + ". ".join(_ANCHOR_WORDS) + "."
    sentences = split_sentences(text)
    low = fold(text)
    _, held = LEXICON.scan(text, low, sentences)
    _, anchored = _old_scan(text, low)
    holding = Windows(sentences, held).holding
    assert len(holding) == len(ANCHORS)  # every pattern may match somewhere here
    assert holding == _old_holding(sentences, anchored)


def _old_measure_piece(piece: str) -> Measure:
    """sentences._measure_piece before its one-plain-word shortcut."""
    tokens = sentences_module._WORD.findall(piece)
    said = 0
    for token in sentences_module._SPOKEN_TOKEN.findall(piece):
        bare = token.strip(".,:;'’")
        said += len(bare.rstrip("s")) if sentences_module._ACRONYM.match(bare) else 1
    return Measure(len(tokens), sum(map(syllables, tokens)), said)


PIECES = st.text(
    st.sampled_from("abcdeisyzAEISZ09$%.,:;'’-/&()éÉß\u0130"), min_size=1, max_size=12
) | st.sampled_from(["SLA", "SLAs", "SLA.", "APIs,", "Go.", "rolled", "e.g.", "a.m.", "OK:"])


@settings(max_examples=2000, deadline=None)
@given(PIECES)
def test_a_piece_measures_as_before(piece):
    assert sentences_module._measure_piece(piece) == _old_measure_piece(piece)


def _old_measure(text: str) -> Measure:
    """sentences.measure written plainly: each piece measured, field by field."""
    pieces = [_old_measure_piece(piece) for piece in text.split()]
    return (
        Measure(*(sum(field) for field in zip(*pieces, strict=True)))
        if pieces
        else Measure(0, 0, 0)
    )


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(PIECES | st.sampled_from([" ", "\n", "\t"]), max_size=30).map(" ".join),
    st.booleans(),
)
def test_a_text_measures_as_the_sum_of_its_pieces(text, seen_before):
    """With its pieces remembered from before or not: the memory changes nothing."""
    sentences_module.forget()
    if seen_before:
        sentences_module.measure(text)
    assert sentences_module.measure(text) == _old_measure(text)


_OLD_DEFINED_BEFORE = re.compile(
    r"(?<![\w&-])(?P<acr>[A-Z][A-Z0-9&]*+)s?+\s*+\(\s*+[A-Za-z][^)]{3,300}+\)"
)
_BITS = ["A", "RPO", "Bs", "&", "-", "_", "x", "1", " ", "\n", "(", ")", "(word)", " (a b c)", "’"]
BRACKETED = st.lists(st.sampled_from(_BITS), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(BRACKETED)
def test_an_acronym_before_its_words_is_found_as_before(text):
    """checker._DEFINED_BEFORE looks behind its first capital, not before it."""
    new = [(m.span(), m.group("acr")) for m in checker._DEFINED_BEFORE.finditer(text)]
    assert new == [(m.span(), m.group("acr")) for m in _OLD_DEFINED_BEFORE.finditer(text)]


def _old_utc_times(text: str) -> list:
    """times.utc_times before it skipped texts without a zone word: the search, always."""
    return list(times._search(text, split_sentences(text), None, None))


_TIME_BITS = [
    "09:47",
    "9:05",
    "23:59",
    ":",
    " ",
    "UTC",
    "Z",
    "z",
    "gmt",
    "GM",
    "U",
    "T",
    "C",
    "+",
    ".",
]
TIMES = st.lists(st.sampled_from(_TIME_BITS), max_size=10).map("".join)


@settings(max_examples=1500, deadline=None)
@given(TIMES)
def test_utc_times_are_found_as_before(text):
    sentences = split_sentences(text)
    assert list(times.utc_times(text, sentences, None, None)) == _old_utc_times(text)


def _old_syllables(word: str) -> int:
    """sentences.syllables before it counted vowel runs with str.translate."""
    w = word.lower().strip(".,:;'’")
    if not w.isalpha():
        return 2 if any(ch.isdigit() for ch in w) else 1
    if len(w) <= 3:
        return 1
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        w = w[:-1]
    elif w.endswith(("es", "ed")) and not w.endswith(("ted", "ded", "ses", "zes", "ces", "ges")):
        w = w[:-2]
    return max(1, len(re.findall(r"[aeiouy]+", w)))


WORDS = st.text(st.sampled_from("aeiouybcdglstzAEYBZéß.,:;'’1$"), min_size=1, max_size=14)


@settings(max_examples=3000, deadline=None)
@given(WORDS)
def test_a_word_has_as_many_syllables_as_before(word):
    sentences_module.syllables.cache_clear()
    assert syllables(word) == _old_syllables(word)


def _old_is_boundary(text: str, stop: int, following: str | None) -> bool:
    """sentences._is_boundary before its shortcut for a long lower-case word."""
    if following is None:
        return True
    short = sentences_module._SHORT_WORD_BEFORE.search(text, max(0, stop - 8), stop)
    word = short.group().lower().rstrip(".") if short else ""
    before = text[stop - 1 : stop]
    if before in ("m", "M") and word in ("a.m", "p.m", "am", "pm"):
        return following[0].isupper() and following.lower() not in sentences_module._TIME_TAIL
    if ("A" <= before <= "Z" and (stop < 2 or not text[stop - 2].isalnum())) or (
        word in sentences_module._ABBREVIATIONS
    ):
        return False
    if sentences_module._VERSION.match(following):
        return True
    if following[0].islower():
        return text[max(0, stop - 2) : stop].isalpha()
    return True


_STOP_BITS = ["approx", "etc", "a.m", "p.m", "outage", "available", "Dr", "J", "v2", "40", " "]
_STOP_BITS += ["é", "ß", "x", "eastern", "Then", "then", "v3", "e.g", "x.y", "PM", "am"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_STOP_BITS), min_size=1, max_size=6), st.sampled_from(_STOP_BITS))
def test_a_full_stop_ends_a_sentence_as_before(before, after):
    text = "".join(before) + ". " + after
    stop = len("".join(before))
    following = after.split()[0] if after.split() else None
    assert sentences_module._is_boundary(text, stop, following) == _old_is_boundary(
        text, stop, following
    )
