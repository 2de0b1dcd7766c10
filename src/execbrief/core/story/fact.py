"""A fact as every output states it, and the situation: every fact of a brief, by key.

A fact is known (counted or given), estimated (a range, with the method that produced it)
or unknown (with who finds out). situation.py decides each one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

FactState = Literal["known", "estimated", "unknown"]

# Who finds out a fact the CEO will ask about while it is unknown.
FINDS_OUT = {
    "users": "incident lead",
    "lost_sales": "finance team",
    "cause": "incident lead",
    "data_loss": "incident lead",
    "lasted": "incident lead",
}


@dataclass(frozen=True)
class Fact:
    """One fact as every output states it."""

    key: str  # "users", "lost_sales", "lasted", ...
    label: str  # what it is, in the CEO's words: "Who was affected"
    state: FactState
    phrase: str  # the one phrase: "between 8,500 and 11,000 customers", "about $54,000"
    value: Decimal | int | str | None = None  # the exact value (JSON, presenter pack)
    low: Decimal | int | None = None
    high: Decimal | int | None = None
    unit: str = ""  # a currency code, the file's people unit, or "minutes"
    spread: str = ""  # the range as said, when the estimate has one: "between $39,000 and ..."
    method: str = ""  # how it was estimated, in plain words
    owner: str = ""  # who finds out, while unknown

    @property
    def known(self) -> bool:
        return self.state != "unknown"

    def document(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "state": self.state,
            "phrase": self.phrase,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "range": self.spread or None,
            "method": self.method or None,
            "owner": self.owner or None,
        }


@dataclass(frozen=True)
class Situation:
    """Every fact of the brief, by key, in the order the CEO hears them."""

    facts: tuple[Fact, ...]

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def get(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def __getitem__(self, key: str) -> Fact:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def phrase(self, key: str) -> str | None:
        """The fact's phrase when it is known or estimated; None when unknown or absent."""
        found = self.get(key)
        return found.phrase if found is not None and found.known else None

    def phrases(self) -> set[str]:
        """Every phrase and range the brief may say a figure with."""
        said = {f.phrase for f in self.facts if f.known}
        return said | {f.spread for f in self.facts if f.spread}


def noun(label: str) -> str:
    """A label inside a sentence: 'Lost sales' -> 'lost sales'; 'EU fines' stays."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]
