"""Reading obligation rules: the bundled legal rules, plus the user's own files.

A user's file has the bundled file's shape (`rules:` and a list); a rule with the same
id as a bundled one replaces it, so a company can adjust a regime as its counsel reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import ValidationError

from execbrief.core.exposure import Rule, RuleBook, merge_rules
from execbrief.core.incident import Problem, problems_from
from execbrief.errors import InputError
from execbrief.sources.incident_file import decode, parse_yaml, problems_to_error
from execbrief.sources.text_file import read_capped

BUNDLED = "obligations.yaml"
MAX_BYTES = 2_000_000


def rules_from_text(text: str, name: str) -> list[Rule]:
    """Parse and validate a rules file's text; `name` is used in messages."""
    data, lines = parse_yaml(text, name)
    if not isinstance(data, Mapping):
        raise InputError.single(
            "a rules file holds `rules:` followed by a list of rules",
            file=name,
            hint="see the bundled rules in the README for the shape",
        )
    try:
        return RuleBook.model_validate(data).rules
    except ValidationError as exc:
        problems = [Problem(p.path, p.message, p.hint) for p in problems_from(exc, data)]
        raise problems_to_error(problems, name, lines) from None


def bundled_rules() -> list[Rule]:
    """The legal rules shipped with execbrief.

    Our own file is read with the C YAML parser when present (ten times faster, and it
    runs on every brief); users' files go through the careful parser with line numbers.
    The tests check the bundled file with the careful parser too.
    """
    text = files("execbrief").joinpath("rules", BUNDLED).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return RuleBook.model_validate(yaml.load(text, Loader=loader)).rules
    except ValidationError:
        return rules_from_text(text, BUNDLED)  # to report the problem with its line


def read_rules_file(path: Path) -> list[Rule]:
    name = str(path)
    if not path.is_file():
        raise InputError.single(
            "no such rules file", file=name, field="--rules", hint="check the path"
        )
    try:
        raw = read_capped(path, MAX_BYTES, what="a rules file", field="--rules")
    except OSError as exc:
        raise InputError.single(f"cannot read the file: {exc.strerror}", file=name) from None
    return rules_from_text(decode(raw, name), name)


def load_rules(extra: Sequence[Path] = ()) -> list[Rule]:
    """The bundled rules, then each user file in order (later files win on the same id)."""
    rules = bundled_rules()
    for path in extra:
        rules = merge_rules(rules, read_rules_file(path))
    return rules
