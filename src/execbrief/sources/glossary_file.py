"""Glossaries from disk: the one shipped in the package, the user's config file and any
--glossary FILE, read once and compiled into one Lexicon for the pure checker."""

from __future__ import annotations

import json
import os
import zlib
from functools import lru_cache
from pathlib import Path

from execbrief.core.language import (
    Glossary,
    GlossaryInvalid,
    Lexicon,
    build_lexicon,
    trusted_glossary,
)
from execbrief.core.language import read_glossary as validate
from execbrief.errors import InputError
from execbrief.sources.text_file import decode, read_capped

CONFIG_NAME = "glossary.yaml"
MAX_GLOSSARY_BYTES = 5_000_000  # the shipped glossary, hundreds of terms, is under 0.1 MB
PACKAGE = Path(__file__).resolve().parent.parent


def config_path() -> Path:
    """$XDG_CONFIG_HOME/execbrief/glossary.yaml (default ~/.config/...): terms a team adds
    or allows everywhere, without passing --glossary each time."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "execbrief" / CONFIG_NAME


def _from_text(text: str, name: str) -> Glossary:
    from execbrief.sources.incident_file import parse_yaml

    data, lines = parse_yaml(text, name)
    try:
        return validate(data)
    except GlossaryInvalid as exc:
        path, message = exc.problems[0]
        top = path.split(".")[0]
        line = lines.get((top,)) if top else None
        raise InputError.single(
            f"not a glossary file: {message}",
            file=name,
            line=line,
            field=path,
            hint="a glossary has 'terms:' (each with term, plain, why), 'allow:' and "
            "'business_acronyms:'",
        ) from None


GLOSSARY = PACKAGE / "language" / "glossary.json"
KEYS = PACKAGE / "language" / "glossary_keys.json"  # generated: tools/glossary_index.py


@lru_cache(maxsize=1)
def shipped_glossary() -> Glossary:
    """The package's own glossary, validated by tests/test_language_glossary.py; read here
    without a schema pass (pydantic would add a fifth of a second to every run), with the
    forms of its terms worked out ahead of time when the index matches it."""
    # A plain path beside this package (importlib.resources costs ~10 ms to import, on
    # every run); execbrief is always installed as files, never zipped.
    raw = GLOSSARY.read_bytes()
    glossary = trusted_glossary(json.loads(raw))
    try:
        index = json.loads(KEYS.read_bytes())
    except (OSError, ValueError):
        return glossary
    keys = index.get("keys")
    if index.get("glossary_crc32") != zlib.crc32(raw) or len(keys) != len(glossary.terms):
        return glossary  # made from another glossary.json: work the forms out instead
    return glossary._replace(keys=tuple(tuple((k, bool(c)) for k, c in term) for term in keys))


def read_glossary_file(path: Path) -> Glossary:
    name = str(path)
    if not path.is_file():
        raise InputError.single("no such glossary file", file=name, field="--glossary")
    try:
        raw = read_capped(path, MAX_GLOSSARY_BYTES, what="a glossary", field="--glossary")
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror}", file=name) from None
    return _from_text(decode(raw, name), name)


def read_allow_file(path: Path) -> Glossary:
    """A company's allow-list (--allow FILE): one term or acronym per line that its CEO
    knows ("Kubernetes", "SRE", "Falcon"); blank lines and lines starting with # are
    skipped. The glossary stays whole: only this audience hears the terms unflagged."""
    name = str(path)
    if not path.is_file():
        raise InputError.single("no such allow-list file", file=name, field="--allow")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror}", file=name) from None
    terms: list[str] = []
    for number, line in enumerate(decode(raw, name).splitlines(), start=1):
        term = line.strip()
        if not term or term.startswith("#"):
            continue
        if len(term) > 80:
            raise InputError.single(
                "a term longer than 80 characters",
                file=name,
                line=number,
                hint="one term or acronym per line",
            )
        terms.append(term)
    return Glossary(allow=tuple(terms))


def load_lexicon(
    extra: list[Path] | None = None,
    *,
    use_config: bool = True,
    allow: list[Path] | None = None,
) -> Lexicon:
    """The shipped glossary, then the config file if present, then each --glossary, then
    each --allow list."""
    glossaries = [shipped_glossary()]
    config = config_path()
    if use_config and config.is_file():
        glossaries.append(read_glossary_file(config))
    glossaries += [read_glossary_file(p) for p in extra or []]
    glossaries += [read_allow_file(p) for p in allow or []]
    return _compiled(tuple(glossaries))


# Keyed by the glossaries' identities (hashing 400 terms on every call costs more than
# the look-up saves). The entry keeps the glossaries themselves alive: once an object is
# freed, Python may give its id to a new one, and a stale lexicon would be returned.
_cache: dict[tuple[int, ...], tuple[tuple[Glossary, ...], Lexicon]] = {}


def _compiled(glossaries: tuple[Glossary, ...]) -> Lexicon:
    key = tuple(id(g) for g in glossaries)
    if key not in _cache:
        _cache.clear()
        _cache[key] = (glossaries, build_lexicon(*glossaries))
    return _cache[key][1]
