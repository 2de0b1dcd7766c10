"""Which past incidents resemble this one: the same service, the same cause class, or a
safeguard gap said in much the same words. Scored, most similar first, each with why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


def _same_service(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().casefold() == b.strip().casefold())


def similar(
    target: PastIncident, history: Iterable[PastIncident], *, limit: int = DEFAULT_LIMIT
) -> list[Match]:
    """Past incidents (begun before `target`) that share its service, its cause class or
    its safeguard gap; most similar first, the more recent first among equals."""
    from rapidfuzz import fuzz

    found: list[Match] = []
    gap = (target.safeguard_gap or "").lower()
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
        if _same_service(target.service, past.service):
            score += SAME_SERVICE
            why.append(f"same service: {past.service}")
        if gap and past.safeguard_gap:
            ratio = fuzz.token_set_ratio(
                gap, past.safeguard_gap.lower(), score_cutoff=GAP_SIMILAR_ENOUGH
            )
            if ratio:
                score += SIMILAR_GAP * ratio / 100
                why.append(f"similar safeguard gap ({round(ratio)}% alike)")
                same_failure = True
        if why:
            found.append(Match(past, round(score, 3), tuple(why), same_failure))
    found.sort(key=lambda m: (-m.score, -m.past.started.timestamp(), m.past.id))
    return found[:limit]
