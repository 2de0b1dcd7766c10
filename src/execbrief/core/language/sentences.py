"""Sentences, words, syllables: length in spoken seconds and a readability grade.

The splitter is ours because the text SREs write is full of full stops that end nothing:
times ("9:02 a.m."), decimals ("99.95%"), versions ("v2.3.1"), hosts ("db-1.prod") and
abbreviations ("e.g."). benchmarks/sentence_splitting.py measures it against pysbd and
textstat on labelled tricky text; the numbers are in docs/language.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

WORDS_PER_MINUTE = 150

# Abbreviations whose full stop does not end a sentence (lower case, without the final dot).
_ABBREVIATIONS = frozenset(
    " ".join(
        (
            "e.g i.e etc vs approx esp incl dept est mr mrs ms dr st no jan feb mar apr jun",
            "jul aug sep sept oct nov dec mon tue wed thu fri sat sun fig inc ltd corp co u.s",
            "u.k cf min max avg sec hr hrs art bus com para",
        )
    ).split()
)
# After "a.m." or "p.m." a capitalised word usually starts a new sentence, unless it belongs
# to the time (a zone) or the date.
_TIME_TAIL = frozenset(
    " ".join(
        (
            "eastern pacific central mountain utc gmt et est edt ct cst cdt mt mst mdt",
            "pt pst pdt cet cest bst ist jst aest on",
            "monday tuesday wednesday thursday friday saturday sunday",
        )
    ).split()
)

_END = re.compile(r"[.!?]+[\"')\]’”]*(?=\s)|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_WORD = re.compile(r"[A-Za-z0-9$€£%][\w$€£%.,'’:/-]*")
_SPOKEN_TOKEN = re.compile(r"[A-Za-z0-9$€£%][\w$€£%.,'’:-]*")
_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
_LAST_WORD = re.compile(r"([\w.]+)[.!?]*$")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _last_word(text: str, stop: int) -> str:
    match = _LAST_WORD.search(text, max(0, stop - 40), stop)
    return match.group(1).lower().rstrip(".") if match else ""


def _next_word(text: str, start: int) -> str:
    match = re.match(r"\s*[\"'(“‘]?([\w]+)", text[start:])
    return match.group(1) if match else ""


def _is_boundary(text: str, mark: re.Match[str]) -> bool:
    stop = mark.start()
    if text[stop] != ".":
        return True
    following = _next_word(text, mark.end())
    if not following:
        return True
    word = _last_word(text, stop + 1)
    if word in ("a.m", "p.m", "am", "pm") and text[stop - 1 : stop] in ("m", "M"):
        return following[0].isupper() and following.lower() not in _TIME_TAIL
    if word in _ABBREVIATIONS or (
        re.fullmatch(r"[A-Z]", text[stop - 1 : stop]) and (stop < 2 or not text[stop - 2].isalnum())
    ):
        return False  # "e.g.", "Dr.", an initial as in "J. Smith"
    if re.match(r"v\d", following):
        return True  # a version opens the next sentence: "... failed. v2.3.1 shipped"
    # "v2." or "approx. 40" style: a lower-case word after the dot continues the sentence
    return not following[0].islower()


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a heading or bullet line stays its own sentence."""
    pieces: list[Sentence] = []
    begin = 0
    for mark in _END.finditer(text):
        if mark.group().strip() == "" or "\n" in mark.group() or _is_boundary(text, mark):
            end = mark.end() if mark.group().strip() else mark.start()
            _add(pieces, text, begin, end)
            begin = mark.end()
    _add(pieces, text, begin, len(text))
    return pieces


def _add(pieces: list[Sentence], text: str, begin: int, end: int) -> None:
    chunk = text[begin:end]
    stripped = chunk.strip()
    if not _WORD.search(stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    start = begin + lead
    pieces.append(Sentence(start, start + len(stripped), stripped))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in an English word, by vowel groups (good to about one in ten words)."""
    w = word.lower().strip(".,:;'’")
    if not w.isalpha():
        return 2 if any(ch.isdigit() for ch in w) else 1  # "$54,000": said as a few short words
    if len(w) <= 3:
        return 1
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        w = w[:-1]
    elif w.endswith(("es", "ed")) and not w.endswith(("ted", "ded", "ses", "zes", "ces", "ges")):
        w = w[:-2]
    return max(1, len(_VOWELS.findall(w)))


def grade(text: str) -> float:
    """Flesch-Kincaid grade of `text` (0 when it has no words)."""
    return grade_of_words([words(s.text) for s in split_sentences(text)])


def grade_of_words(sentences: list[list[str]]) -> float:
    """Flesch-Kincaid grade from the words of each sentence."""
    tokens = [w for s in sentences for w in s]
    if not tokens:
        return 0.0
    per_sentence = len(tokens) / len([s for s in sentences if s])
    per_word = sum(syllables(t) for t in tokens) / len(tokens)
    return round(max(0.0, 0.39 * per_sentence + 11.8 * per_word - 15.59), 1)


def spoken_words(text: str) -> int:
    """Words as said aloud: an acronym is said letter by letter (SLA = 3 words)."""
    total = 0
    for token in _SPOKEN_TOKEN.findall(text):
        bare = token.strip(".,:;'’")
        total += len(bare.rstrip("s")) if _ACRONYM.match(bare) else 1
    return total


def spoken_seconds(text: str) -> int:
    words_said = Decimal(spoken_words(text))
    seconds = words_said * 60 / WORDS_PER_MINUTE
    return int(seconds.to_integral_value(ROUND_HALF_UP))
