"""The history behind "Will it happen again?": how often the same failure struck in the
year before, when last, and whether the fix promised after it was kept. Only what the
store holds is said; with nothing on record, the sentence says so. Never a guarantee."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from execbrief.core.history.classes import CLASS_NAMES
from execbrief.core.history.records import PastIncident
from execbrief.core.history.similar import Match
from execbrief.core.speech.times import day

WINDOW = timedelta(days=365)
_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)

# How the state of the fix promised after the last one is said (promise_state's states).
FIX_WORDS = {
    "kept": "the fix we promised after it was delivered on time",
    "kept_late": "the fix we promised after it was delivered late",
    "missed": "the fix we promised after it was not delivered by its date",
    "slipped": "the fix we promised after it has been moved to a later date",
    "open": "the fix we promised after it is not due yet",
    None: "we have no record of a fix promised after it",
}


def _ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if n <= len(_ORDINALS) else f"{n}th"


def same_failures(target: PastIncident, matches: Sequence[Match]) -> list[Match]:
    """The matches of the same kind of failure begun in the year before `target`."""
    since = target.started - WINDOW
    return [m for m in matches if m.same_failure and m.past.started >= since]


def recurrence_evidence(
    target: PastIncident,
    matches: Sequence[Match],
    fix_states: Mapping[str, str | None],
    zone: ZoneInfo,
) -> str:
    """One or two sentences for "Will it happen again?" from the incidents on record.

    `matches` come from `similar` over the whole history (not cut to a few);
    `fix_states` has the state of the fix promised after each (None: none promised)."""
    recent = same_failures(target, matches)
    if not recent:
        return "We have no similar incident on record in the year before this one."
    last = max(recent, key=lambda m: m.past.started).past
    when = day(last.started.astimezone(zone).date(), target.started.astimezone(zone).date())
    same_class = target.cause_class != "other" and all(
        m.past.cause_class == target.cause_class for m in recent
    )
    kind = CLASS_NAMES[target.cause_class] if same_class else "failure of this kind"
    count = len(recent)
    opening = (
        f"Our records show {count} similar {'incident' if count == 1 else 'incidents'} "
        f"in the year before this one: this is our {_ordinal(count + 1)} {kind} in that time."
    )
    fix = FIX_WORDS.get(fix_states.get(last.id), FIX_WORDS[None])
    return f"{opening} The last was on {when}, and {fix}."
