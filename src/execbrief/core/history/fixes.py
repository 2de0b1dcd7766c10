"""Whether the fix promised after an incident was kept: read from its ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from execbrief.core.followup.events import Event
from execbrief.core.followup.ledger import as_planned, replay
from execbrief.core.story.promise_state import commitment_state

# Worst first: when an incident promised several fixes, the worst state is the answer.
_WORST_FIRST = ("missed", "kept_late", "slipped", "open", "kept")


def is_fix(what: str) -> bool:
    """A promise of a fix: 'Lasting fix in place', 'Fix the release check', ..."""
    lowered = what.lower()
    return "fix" in lowered or "remediat" in lowered


def fix_state(ledger: list[Event], zone: ZoneInfo, now: datetime) -> str | None:
    """kept, kept_late, slipped, open or missed for the fix promised in `ledger`; None when
    no fix was promised."""
    states = {
        commitment_state(c, zone, now)
        for c in as_planned(replay(ledger), with_history=False)
        if is_fix(c.what)
    }
    return next((s for s in _WORST_FIRST if s in states), None)


@dataclass(frozen=True)
class Outcome:
    """One promise of an incident and its state as of the report."""

    incident_id: str
    number: int
    what: str
    due: date | datetime
    state: str  # open, kept, kept_late, slipped, missed


def outcomes(incident_id: str, ledger: list[Event], zone: ZoneInfo, now: datetime) -> list[Outcome]:
    """Each promise in `ledger` (withdrawn ones left out) with its state at `now`."""
    return [
        Outcome(incident_id, c.number, c.what, c.due, commitment_state(c, zone, now))
        for c in as_planned(replay(ledger), with_history=False)
    ]


def is_notice(what: str) -> bool:
    """A promise to notify someone outside (a regulator, customers, a partner)."""
    lowered = what.lower()
    return any(w in lowered for w in ("notice", "notif", "letter to", "report to the"))
