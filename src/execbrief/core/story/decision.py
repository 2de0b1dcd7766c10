"""A decision put to the CEO, and the small words every kind of ask shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from execbrief.core.exposure import Obligation

SOON = timedelta(hours=24)  # "needs you now": overdue, or due within a day


@dataclass(frozen=True)
class Decision:
    decision: str
    deadline: date | datetime | None
    if_no_decision: str | None
    recommendation: str | None
    source: str  # "file", or the fact the decision follows from
    # What a file's ask left out, in plain words ("a deadline", "a recommendation"): the
    # brief never invents these, it says they are missing.
    missing: tuple[str, ...] = ()
    # Follows from a notice clock, which "Needs you now" lists itself: not listed twice.
    from_clock: bool = False


def listed(items: Sequence[str], last: str = "and") -> str:
    """'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def mentioned(asks: Sequence[Decision], words: Sequence[str]) -> bool:
    return any(word in ask.decision.lower() for ask in asks for word in words)


def obligation_fact(o: Obligation) -> str:
    """The fact an obligation follows from, as a path: 'exposure.personal_data_breach'."""
    if o.clock_fact:
        return o.clock_fact.rsplit(".", 1)[0] if o.clock_fact.count(".") > 1 else o.clock_fact
    return "exposure"
