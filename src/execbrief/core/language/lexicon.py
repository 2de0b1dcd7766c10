"""The glossary as data: jargon terms with plain words, and the acronyms a CEO knows.

The shipped glossary and the user's own files are read by an edge module and handed in
here as plain data; this module validates them and compiles every term into one regular
expression, once, so that checking a text never loads or compiles anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

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


@dataclass(frozen=True)
class Term:
    term: str
    plain: str  # what to say instead
    why: str  # one line: what it means
    area: str = "software"
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    allow: tuple[str, ...] = ()  # terms and acronyms this audience knows
    business_acronyms: tuple[str, ...] = ()


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
    return sorted(forms, key=len, reverse=True)


_TOKEN = re.compile(r"[A-Za-z0-9_]+|[^\sA-Za-z0-9_-]")


def _key(tokens: list[str]) -> str:
    return " ".join(tokens)


def tokens_of(form: str) -> list[str]:
    return _TOKEN.findall(form)


@dataclass(frozen=True)
class Lexicon:
    """Compiled glossary: an index from each form's first word to its lengths, so that a
    text is scanned once, word by word, with dictionary look-ups only (no per-call setup)."""

    terms: dict[str, Term]  # lower-cased form (words joined by spaces) -> its term
    exact: dict[str, Term]  # acronym forms, matched in capitals only
    starts: dict[str, tuple[int, ...]]  # first word (lower case) -> form lengths, longest first
    business_acronyms: frozenset[str]
    allowed: frozenset[str]  # lower-cased
    known: frozenset[str]  # every term and allowed word, lower-cased: not a person's name

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) for every glossary term in `text`, longest match first."""
        spans = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        found: list[tuple[int, int, Term]] = []
        i = 0
        while i < len(spans):
            lengths = self.starts.get(spans[i][2].lower())
            matched = 0
            if lengths:
                for n in lengths:
                    if i + n > len(spans):
                        continue
                    window = spans[i : i + n]
                    if not _joined(text, window):
                        continue
                    words = [w for _, _, w in window]
                    term = self.exact.get(_key(words)) or self.terms.get(_key(words).lower())
                    if term is not None and not _continues(text, window[-1][1]):
                        found.append((window[0][0], window[-1][1], term))
                        matched = n
                        break
            i += matched or 1
        return found


def _joined(text: str, window: list[tuple[int, int, str]]) -> bool:
    """The words sit next to each other, apart from spaces and hyphens."""
    return all(
        text[a[1] : b[0]].strip(" -\t\n") == "" and b[0] - a[1] <= 3 for a, b in pairwise(window)
    )


def _continues(text: str, end: int) -> bool:
    """'pod' must not match inside 'pod-level': a hyphen joined to a word continues it."""
    return end < len(text) - 1 and text[end] == "-" and text[end + 1].isalnum()


# An acronym matches only in capitals: "DR" is disaster recovery, "Dr" is a doctor.
_ACRONYM_FORM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z0-9&/.-]+s?")


def _fold(text: str) -> str:
    return _key(tokens_of(text)).lower()


def build_lexicon(*files: Glossary) -> Lexicon:
    """Merge glossary files in order (later files add terms, allow terms, add acronyms)."""
    allowed = {_fold(a) for f in files for a in f.allow}
    folded: dict[str, Term] = {}
    exact: dict[str, Term] = {}
    starts: dict[str, set[int]] = {}
    for glossary in files:
        for term in glossary.terms:
            if _fold(term.term) in allowed:
                continue
            for form in _forms(term):
                if _fold(form) in allowed:
                    continue
                words = tokens_of(form)
                if not words:
                    continue
                if term.case_sensitive or _ACRONYM_FORM.fullmatch(form):
                    exact[_key(words)] = term
                else:
                    folded[_key(words).lower()] = term
                starts.setdefault(words[0].lower(), set()).add(len(words))
    acronyms = frozenset(a for f in files for a in f.business_acronyms) | frozenset(
        a for f in files for a in f.allow if a.isupper()
    )
    return Lexicon(
        folded,
        exact,
        {first: tuple(sorted(n, reverse=True)) for first, n in starts.items()},
        acronyms,
        frozenset(allowed),
        frozenset(folded) | frozenset(k.lower() for k in exact) | frozenset(allowed),
    )
