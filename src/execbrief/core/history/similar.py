"""Which past incidents resemble this one: the same service, the same cause class, or a
safeguard gap said in much the same words. Scored, most similar first, each with why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from execbrief.core.history.classes import CLASS_NAMES
from execbrief.core.history.records import PastIncident

# What each kind of likeness weighs; a cause of the same class counts most, since it is
# the same failure again, wherever it struck.
SAME_CLASS = 0.45
SAME_SERVICE = 0.3
SIMILAR_GAP = 0.25
GAP_SIMILAR_ENOUGH = 70.0  # rapidfuzz token_set_ratio, 0..100
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class Match:
    past: PastIncident
    score: float  # 0..1
    why: tuple[str, ...]
    same_failure: bool  # the same cause class or safeguard gap, not only the same service


class Comparable(Protocol):
    """What `similar` compares of an incident: a PastIncident, or only these facts of it
    (`Likeness`, what the store reads of every past incident before it picks the few)."""

    @property
    def id(self) -> str: ...
    @property
    def started(self) -> datetime: ...
    @property
    def service(self) -> str | None: ...
    @property
    def cause_class(self) -> str: ...
    @property
    def evidence(self) -> tuple[str, ...]: ...
    @property
    def safeguard_gap(self) -> str | None: ...


@dataclass(frozen=True)
class Likeness:
    """The facts of a past incident that `similar` compares, and no others."""

    id: str
    started: datetime
    service: str | None
    cause_class: str
    evidence: tuple[str, ...]
    safeguard_gap: str | None


C = TypeVar("C", bound=Comparable)


def same_service(target: Comparable, service: str | None) -> bool:
    """Whether `service` is the target's, written alike or not ("Checkout " is "checkout")."""
    return bool(
        target.service
        and service
        and service.strip().casefold() == target.service.strip().casefold()
    )


def gap_ratio(target: Comparable, gap: str | None) -> float:
    """How alike `gap` and the target's safeguard gap are said (0..100), or 0 when not
    alike enough to count."""
    from rapidfuzz import fuzz

    mine = (target.safeguard_gap or "").lower()
    if not mine or not gap:
        return 0.0
    ratio: float = fuzz.token_set_ratio(mine, gap.lower(), score_cutoff=GAP_SIMILAR_ENOUGH)
    return ratio


def ranked(
    target: Comparable, history: Iterable[C], *, limit: int | None = DEFAULT_LIMIT
) -> list[tuple[C, float, tuple[str, ...], bool]]:
    """(past, score, why, same failure) for the past incidents (begun before `target`)
    that share its service, its cause class or its safeguard gap; most similar first, the
    more recent first among equals; all of them when `limit` is None.

    The score depends only on (same class, same service, the gap's words): the store may
    hand in, of each group of incidents alike in those three, only the `limit` latest
    (history_query.HistoryReader.candidates) and the ranking is the same."""
    found: list[tuple[C, float, tuple[str, ...], bool]] = []
    ratios: dict[str, float] = {}  # a history says the same few gaps many times
    for past in history:
        if past.id == target.id or past.started >= target.started:
            continue
        score = 0.0
        why: list[str] = []
        same_failure = False
        if target.cause_class != "other" and past.cause_class == target.cause_class:
            score += SAME_CLASS
            words = ", ".join(past.evidence)
            why.append(f"same cause class: {CLASS_NAMES[past.cause_class]} ({words})")
            same_failure = True
        if same_service(target, past.service):
            score += SAME_SERVICE
            why.append(f"same service: {past.service}")
        if past.safeguard_gap:
            ratio = ratios.get(past.safeguard_gap)
            if ratio is None:
                ratio = ratios[past.safeguard_gap] = gap_ratio(target, past.safeguard_gap)
            if ratio:
                score += SIMILAR_GAP * ratio / 100
                why.append(f"similar safeguard gap ({round(ratio)}% alike)")
                same_failure = True
        if why:
            found.append((past, round(score, 3), tuple(why), same_failure))
    found.sort(key=lambda m: (-m[1], -m[0].started.timestamp(), m[0].id))
    return found if limit is None else found[:limit]


def similar(
    target: PastIncident, history: Iterable[PastIncident], *, limit: int = DEFAULT_LIMIT
) -> list[Match]:
    """Past incidents (begun before `target`) that share its service, its cause class or
    its safeguard gap; most similar first, the more recent first among equals."""
    return [Match(*found) for found in ranked(target, history, limit=limit)]
