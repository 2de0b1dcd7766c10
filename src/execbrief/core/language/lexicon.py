"""The glossary as data: jargon terms with plain words, and the acronyms a CEO knows.

The shipped glossary and the user's own files are read by an edge module and handed in
here as plain data; this module validates them and compiles every term into one regular
expression, once, so that checking a text never loads or compiles anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any, NamedTuple

from execbrief.core.language.anchors import ANCHORS
from execbrief.core.language.patterns import PATTERN_NAMES
from execbrief.core.language.sentences import Sentence

GLOSSARY_AREAS = (
    "infrastructure",
    "networks",
    "databases",
    "releases",
    "monitoring",
    "security",
    "cloud",
    "software",
)


class Term(NamedTuple):
    term: str
    plain: str  # what to say instead
    why: str  # one line: what it means
    area: str = "software"
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False


FormKey = tuple[str, bool]  # a form's words joined by spaces; True: matched in capitals only


class Glossary(NamedTuple):
    terms: tuple[Term, ...] = ()
    allow: tuple[str, ...] = ()  # terms and acronyms this audience knows
    business_acronyms: tuple[str, ...] = ()
    # Per term, what `term_keys` gives, worked out ahead of time (the shipped glossary's
    # index, tools/glossary_index.py); None: work it out while building the lexicon.
    keys: tuple[tuple[FormKey, ...], ...] | None = None


class GlossaryInvalid(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems  # (field path, message)
        super().__init__("; ".join(f"{path}: {msg}" for path, msg in problems))


def trusted_glossary(data: dict[str, Any]) -> Glossary:
    """The shipped glossary, already validated by the test suite: no schema pass at run time."""
    return Glossary(
        tuple(
            Term(
                t["term"],
                t["plain"],
                t["why"],
                t.get("area", "software"),
                tuple(t.get("variants", ())),
                bool(t.get("case_sensitive", False)),
            )
            for t in data.get("terms") or ()
        ),
        tuple(data.get("allow") or ()),
        tuple(data.get("business_acronyms") or ()),
    )


def read_glossary(data: Any) -> Glossary:
    """Validate parsed glossary data against the schema; GlossaryInvalid names each bad field."""
    from pydantic import ValidationError

    from execbrief.core.language.glossary_schema import GlossaryFile

    try:
        valid = GlossaryFile.model_validate(data)
    except ValidationError as exc:
        raise GlossaryInvalid(
            [(".".join(str(p) for p in e["loc"]) or "(top)", e["msg"]) for e in exc.errors()]
        ) from None
    return trusted_glossary(valid.model_dump())


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"  # query -> queries
    return word + ("es" if word.endswith(("x", "sh", "ch")) else "s")


def _forms(term: Term) -> list[str]:
    """The term, its variants, and the plural, hyphen and space spellings of each."""
    forms: set[str] = set()
    for base in (term.term, *term.variants):
        for spelled in {base, base.replace("-", " "), base.replace(" ", "-")}:
            forms.add(spelled)
            last = spelled[-1]
            if last.isalpha() and last.islower() and not spelled.endswith("s"):
                forms.add(_plural(spelled))
            elif last.isupper():
                forms.add(spelled + "s")
    return sorted(forms, key=lambda f: (-len(f), f))


_TOKEN = re.compile(r"[A-Za-z0-9_]+|[^\sA-Za-z0-9_-]")
# Text is searched lower-cased with line breaks, tabs and hyphens read as spaces, so that
# "OOM-killed" and "load\nbalancer" meet the forms "oom killed" and "load balancer".
_SPACES = "\t\n\r\f\v\x85\xa0\u2028\u2029-"
_AS_SPACE = str.maketrans(dict.fromkeys(_SPACES, " "))
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_WORDS_ONLY = re.compile(r"[a-z0-9_ ]+")


def _key(tokens: list[str]) -> str:
    return " ".join(tokens)


def tokens_of(form: str) -> list[str]:
    return _TOKEN.findall(form)


def _spellings(key: str) -> set[str]:
    """How a form's words may sit in text: words apart by a space, and punctuation either
    joined to its neighbours ("ci/cd", "node.js", "n+1") or spaced ("ci / cd")."""
    if _WORDS_ONLY.fullmatch(key):
        return {key}  # the usual case
    tokens = key.split(" ")
    joints = [
        (" ",) if a[-1] in _WORD_CHARS and b[0] in _WORD_CHARS else (" ", "")
        for a, b in pairwise(tokens)
    ]
    spelled = {tokens[0]}
    for joint, token in zip(joints, tokens[1:], strict=True):
        spelled = {s + j + token for s in spelled for j in joint}
    return spelled


class Lexicon(NamedTuple):
    """Compiled glossary and rule anchors in one Aho-Corasick automaton, so that a text is
    read once, in C, whatever the size of the glossary (no per-call set-up)."""

    terms: dict[str, Term]  # lower-cased form (tokens joined by spaces) -> its term
    exact: dict[str, Term]  # acronym forms, matched in capitals only
    business_acronyms: frozenset[str]
    allowed: frozenset[str]  # lower-cased
    known: frozenset[str]  # every term and allowed word, lower-cased: not a person's name
    exact_lower: frozenset[str]  # the keys of `exact`, lower-cased
    # ahocorasick.Automaton: spelling -> (form key | None, length, bits of its part codes)
    automaton: Any
    # What the checker found in paragraphs it has read with this lexicon (paragraphs.py)
    memory: dict[Any, Any]

    def scan(
        self, text: str, low: str, sentences: Sequence[Sentence]
    ) -> tuple[list[tuple[int, int, Term]], list[int]]:
        """Glossary terms in `text` (leftmost, longest, whole words) and, per sentence,
        the pattern parts whose anchors it holds, as the bits of one number (bit
        `part_code(pattern, part)`). `sentences` are in order and apart; `low` is `text`
        folded to lower case with its offsets kept."""
        norm = low
        for space in _SPACES:
            if space in norm:  # str.replace is C speed; str.translate is per character
                norm = norm.replace(space, " ")
        size = len(norm)
        found: list[tuple[int, int, Term]] = []
        held = [0] * len(sentences)
        count = len(sentences)
        at = 0  # the first sentence that ends after the last anchor seen
        ends = [s.end for s in sentences]
        # The automaton reports every word in order of where it ends: each anchor falls in
        # the sentence `at` reaches, or between two sentences.
        for last, (key, length, parts) in self.automaton.iter(norm):
            if parts:
                while at < count and ends[at] <= last:
                    at += 1
                if at < count and sentences[at].start <= last:
                    held[at] |= parts
            if key is None:
                continue
            start, end = last - length + 1, last + 1
            if (start > 0 and key[0] in _WORD_CHARS and norm[start - 1] in _WORD_CHARS) or (
                end < size and key[-1] in _WORD_CHARS and norm[end] in _WORD_CHARS
            ):
                continue  # inside a longer word
            if _continues(text, end):
                continue
            term = self.terms.get(key)
            if key in self.exact_lower:
                term = self.exact.get(_key(tokens_of(text[start:end]))) or term
            if term is not None:
                found.append((start, end, term))
        return _leftmost_longest(found), held


PARTS = 2  # required parts per pattern at most (tools/rule_anchors.py)


def part_code(pattern: int, part: int) -> int:
    """One number for a pattern's required part: its bit in the automaton's values."""
    return pattern * PARTS + part


def _leftmost_longest(found: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    kept: list[tuple[int, int, Term]] = []
    reach = -1
    for hit in sorted(found, key=lambda f: (f[0], -f[1])):
        if hit[0] >= reach:
            kept.append(hit)
            reach = hit[1]
    return kept


def _continues(text: str, end: int) -> bool:
    """'pod' must not match inside 'pod-level': a hyphen joined to a word continues it."""
    return end < len(text) - 1 and text[end] == "-" and text[end + 1].isalnum()


# An acronym matches only in capitals: "DR" is disaster recovery, "Dr" is a doctor.
_ACRONYM_FORM = re.compile(r"[A-Z0-9&/.-]++s?")  # and two capitals at least: _is_acronym


def _is_acronym(form: str) -> bool:
    return bool(_ACRONYM_FORM.fullmatch(form)) and sum("A" <= c <= "Z" for c in form) >= 2


def _fold(text: str) -> str:
    return _key(tokens_of(text)).lower()


def term_keys(term: Term) -> tuple[FormKey, ...]:
    """Every form of `term` as the lexicon looks it up, longest first."""
    keys: list[FormKey] = []
    for form in _forms(term):
        words = tokens_of(form)
        if not words:
            continue
        if term.case_sensitive or _is_acronym(form):
            keys.append((_key(words), True))
        else:
            keys.append((_key(words).lower(), False))
    return tuple(keys)


def build_lexicon(*files: Glossary) -> Lexicon:
    """Merge glossary files in order (later files add terms, allow terms, add acronyms)."""
    allowed = {_fold(a) for f in files for a in f.allow}
    folded: dict[str, Term] = {}
    exact: dict[str, Term] = {}
    for glossary in files:
        for index, term in enumerate(glossary.terms):
            if allowed and _fold(term.term) in allowed:
                continue
            keys = glossary.keys[index] if glossary.keys is not None else term_keys(term)
            for key, capitals_only in keys:
                if allowed and key.lower() in allowed:
                    continue
                if capitals_only:
                    exact[key] = term
                else:
                    folded[key] = term
    acronyms = frozenset(a for f in files for a in f.business_acronyms) | frozenset(
        a for f in files for a in f.allow if a.isupper()
    )
    exact_lower = frozenset(k.lower() for k in exact)
    return Lexicon(
        folded,
        exact,
        acronyms,
        frozenset(allowed),
        frozenset(folded) | exact_lower | frozenset(allowed),
        exact_lower,
        _automaton(frozenset(folded) | exact_lower),
        {},
    )


def _automaton(keys: frozenset[str]) -> Any:
    """One automaton for every spelling of every form and every pattern's anchors."""
    import ahocorasick

    entries: dict[str, tuple[str | None, int, int]] = {}
    for key in keys:
        for spelled in _spellings(key):
            entries[spelled] = (key, len(spelled), 0)
    for index, name in enumerate(PATTERN_NAMES):
        for part, anchors in enumerate(ANCHORS.get(name, ())):
            for anchor in anchors:
                spelled = anchor.translate(_AS_SPACE)
                term_key, length, parts = entries.get(spelled, (None, len(spelled), 0))
                entries[spelled] = (term_key, length, parts | 1 << part_code(index, part))
    automaton = ahocorasick.Automaton()
    for spelled, value in entries.items():
        automaton.add_word(spelled, value)
    automaton.make_automaton()
    return automaton
