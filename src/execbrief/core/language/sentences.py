"""Sentences, words, syllables: length in spoken seconds and a readability grade.

The splitter is ours because the text SREs write is full of full stops that end nothing:
times ("9:02 a.m."), decimals ("99.95%"), versions ("v2.3.1"), hosts ("db-1.prod") and
abbreviations ("e.g."). benchmarks/sentence_splitting.py measures it against pysbd and
textstat on labelled tricky text; the numbers are in docs/language.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

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

# Where a sentence may end: . ! or ? before a space (with the next word, if any, captured),
# a blank line, or a line break before a bullet. It starts with a character set so that the
# engine skips quickly to the next candidate. Linear in the text: a run of "!!!!" is read
# once, from its first mark (possessive repeats; the look-behind skips the rest of the run).
_END = re.compile(
    r"[.!?\n](?<![.!?][.!?])(?:(?<=[.!?])[.!?]*+[\"')\]’”]*+(?=\s(?:\s*[\"'(“‘]?(?P<next>\w+))?)"
    r"|(?<=\n)(?:\s*\n|(?=\s*(?:[-*•]|\d+[.)])\s)))"
)


# The word before a full stop, when short enough to be an abbreviation or "a.m.".
_SHORT_WORD_BEFORE = re.compile(r"(?<![\w.])[\w.]{1,7}\Z")
_HAS_WORD = re.compile(r"[A-Za-z0-9$€£%]")
_WORD = re.compile(r"[A-Za-z0-9$€£%][\w$€£%.,'’:/-]*")
_SPOKEN_TOKEN = re.compile(r"[A-Za-z0-9$€£%][\w$€£%.,'’:-]*")
_ACRONYM = re.compile(r"^[A-Z]{2,6}s?$")
_VOWELS = re.compile(r"[aeiouy]+")


class Sentence(NamedTuple):  # a tuple: built for every sentence, cheaper than a dataclass
    start: int
    end: int
    text: str


# Builds a NamedTuple from a tuple of its fields in C, skipping the class's __new__ written
# in Python: a third of the time, for the tuples made for every sentence and word.
new_tuple = tuple.__new__


_VERSION = re.compile(r"v\d")
# Letters enough to be longer than every abbreviation, "a.m." and "p.m.".
_PAST_ABBREVIATIONS = max(map(len, (*_ABBREVIATIONS, "a.m", "p.m"))) + 1


def _is_boundary(text: str, stop: int, following: str | None) -> bool:
    """Whether the full stop at `stop`, followed by the word `following`, ends a sentence."""
    if following is None:
        return True
    last_letters = text[stop - _PAST_ABBREVIATIONS : stop] if stop >= _PAST_ABBREVIATIONS else ""
    if last_letters.islower() and last_letters.isalpha():
        # After a word longer than any abbreviation, in lower case ("...the outage."), a
        # full stop always ends the sentence: the checks below all say so. Most stops.
        return True
    short = _SHORT_WORD_BEFORE.search(text, max(0, stop - 8), stop)
    word = short.group().lower().rstrip(".") if short else ""
    before = text[stop - 1 : stop]
    if before in ("m", "M") and word in ("a.m", "p.m", "am", "pm"):
        return following[0].isupper() and following.lower() not in _TIME_TAIL
    if ("A" <= before <= "Z" and (stop < 2 or not text[stop - 2].isalnum())) or (
        word in _ABBREVIATIONS
    ):
        return False  # "e.g.", "Dr.", an initial as in "J. Smith"
    if _VERSION.match(following):
        return True  # a version opens the next sentence: "... failed. v2.3.1 shipped"
    if following[0].islower():
        # "Checkout failed. the team rolled back": a plain word before the stop ends the
        # sentence even when the next starts in lower case; "v2. then", "40. then" do not.
        return text[max(0, stop - 2) : stop].isalpha()
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a heading or bullet line stays its own sentence."""
    pieces: list[Sentence] = []
    begin = 0
    ends = [(m.start(), m.end(), m.group("next")) for m in _END.finditer(text)]
    for stop, after, following in (*ends, (len(text), len(text), None)):
        if text[stop : stop + 1] == "\n":  # a blank line, or a line break before a bullet
            end = stop
        elif text[stop : stop + 1] != "." or _is_boundary(text, stop, following):
            end = after
        else:
            continue
        chunk = text[begin:end]
        stripped = chunk.strip()
        if stripped and _HAS_WORD.search(stripped):
            start = begin + len(chunk) - len(chunk.lstrip())
            pieces.append(new_tuple(Sentence, (start, start + len(stripped), stripped)))
        begin = after
    return pieces


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in an English word, by vowel groups (good to about one in ten words)."""
    w = word.lower().strip(".,:;'’")
    if not w.isalpha():
        return 2 if any(ch.isdigit() for ch in w) else 1  # "$54,000": said as a few short words
    return _letters_syllables(w)


# Vowels to "a", other ASCII letters to a space: a word's vowel groups are then the runs
# that str.split finds, counted in C (a third of the time of a regular expression).
_VOWEL_RUNS = str.maketrans(
    {c: ("a" if c in "aeiouy" else " ") for c in "abcdefghijklmnopqrstuvwxyz"}
)


def _letters_syllables(w: str) -> int:
    """syllables() of a word of lower-case letters only."""
    if len(w) <= 3:
        return 1
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        w = w[:-1]
    elif w.endswith(("es", "ed")) and not w.endswith(("ted", "ded", "ses", "zes", "ces", "ges")):
        w = w[:-2]
    if w.isascii():
        return len(w.translate(_VOWEL_RUNS).split()) or 1
    return max(1, len(_VOWELS.findall(w)))


class Measure(NamedTuple):
    words: int
    syllables: int
    said: int  # words as said aloud: an acronym counts once per letter


def _measure_piece(piece: str) -> Measure:
    """The measure of a piece of text without whitespace."""
    word = piece.rstrip(".,:;")
    if word.isalpha() and word.isascii():
        # One plain word, perhaps with a stop or comma after it: most pieces. Both token
        # patterns read it as one token, said once unless it is an acronym (two capitals
        # first: the pattern runs only then).
        said = len(word.rstrip("s")) if word[:2].isupper() and _ACRONYM.match(word) else 1
        return new_tuple(Measure, (1, _letters_syllables(word.lower()), said))
    tokens = _WORD.findall(piece)
    said = 0
    for token in _SPOKEN_TOKEN.findall(piece):
        bare = token.strip(".,:;'’")
        said += len(bare.rstrip("s")) if _ACRONYM.match(bare) else 1
    return new_tuple(Measure, (len(tokens), sum(map(syllables, tokens)), said))


# Pieces of text already measured. Words never span whitespace, so a text measures as the
# sum of its whitespace-free pieces, and the pieces of running prose repeat a great deal.
_MEASURED: dict[str, Measure] = {}
_MEASURED_MOST = 65536


def forget() -> None:
    """Forget every piece measured (for benchmarks of a process that has measured nothing)."""
    _MEASURED.clear()
    syllables.cache_clear()


def measure(text: str) -> Measure:
    """Words, syllables and words said aloud in `text`."""
    words = syllable_count = said = 0
    known = _MEASURED.get
    for piece in text.split():
        found = known(piece)
        if found is None:
            if len(_MEASURED) >= _MEASURED_MOST:
                _MEASURED.clear()
            found = _MEASURED[piece] = _measure_piece(piece)
        words += found[0]
        syllable_count += found[1]
        said += found[2]
    return new_tuple(Measure, (words, syllable_count, said))


def grade(text: str) -> float:
    """Flesch-Kincaid grade of `text` (0 when it has no words)."""
    return grade_of(measure(s.text) for s in split_sentences(text))


def grade_of(sentences: Iterable[Measure]) -> float:
    """Flesch-Kincaid grade from the measures of each sentence."""
    measured = [m for m in sentences if m.words]
    total = sum(m.words for m in measured)
    if not total:
        return 0.0
    per_sentence = total / len(measured)
    per_word = sum(m.syllables for m in measured) / total
    return round(max(0.0, 0.39 * per_sentence + 11.8 * per_word - 15.59), 1)


def spoken_words(text: str) -> int:
    """Words as said aloud: an acronym is said letter by letter (SLA = 3 words)."""
    return measure(text).said


def spoken_seconds(text: str) -> int:
    return seconds_to_say(spoken_words(text))


def seconds_to_say(words_said: int) -> int:
    seconds = Decimal(words_said) * 60 / WORDS_PER_MINUTE
    return int(seconds.to_integral_value(ROUND_HALF_UP))
