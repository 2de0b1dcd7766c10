"""An incident draft imported from the SRE's tools, each fact carrying where it came from.

A draft is what a source (a pager, an alerting tool, a status page, a chat export) says
about an incident, nothing more: what a source does not say stays missing. Several drafts
merge into one with fixed, reported rules: the earliest start and detection, the latest
mitigation and resolution, events in time order, and any other disagreement kept as the
first source said it and listed as a conflict. Facts an engineer wrote by hand always win.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

# The incident fields an importer may fill, in the order a draft file shows them.
IMPORTABLE: tuple[str, ...] = (
    "id",
    "title",
    "severity",
    "service",
    "timeline.started",
    "timeline.detected",
    "timeline.mitigated",
    "timeline.resolved",
    "impact.public_attention",
)
EARLIEST = frozenset({"timeline.started", "timeline.detected"})
LATEST = frozenset({"timeline.mitigated", "timeline.resolved"})
# Two sources about one incident see it within hours of each other: a status page posts
# after the page, a chat channel runs on into the evening. Further apart than this, they
# are about different incidents, and merging them would tell the CEO a story that never was.
MERGE_WINDOW = timedelta(hours=12)
REQUIRED: dict[str, str] = {
    "title": "a short name for what broke, in words the CEO knows",
    "timeline.started": "when customer impact began, with a UTC offset (e.g. 2026-11-20T14:02:00Z)",
}


@dataclass(frozen=True)
class Fact:
    """One value for an incident field and where it came from (or 'written by hand')."""

    value: Any
    source: str
    by_hand: bool = False


@dataclass(frozen=True)
class DraftEvent:
    at: datetime
    what: str
    source: str
    by_hand: bool = False


@dataclass(frozen=True)
class Conflict:
    """Two sources disagreeing on a field, and which value the draft kept."""

    field: str
    kept: Fact
    other: Fact
    rule: str

    def sentence(self) -> str:
        return (
            f"{self.field}: kept {_show(self.kept.value)} ({self.kept.source}) "
            f"over {_show(self.other.value)} ({self.other.source}): {self.rule}"
        )


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else repr(value)


@dataclass(frozen=True)
class Draft:
    facts: dict[str, Fact] = field(default_factory=dict)
    events: tuple[DraftEvent, ...] = ()
    notes: tuple[str, ...] = ()
    unknown: dict[str, str] = field(default_factory=dict)  # field -> why the source cannot say
    conflicts: tuple[Conflict, ...] = ()

    def missing_required(self) -> dict[str, str]:
        """Required fields no source gave, with what the engineer must add."""
        return {name: hint for name, hint in REQUIRED.items() if name not in self.facts}


def _pick(name: str, mine: Fact, theirs: Fact) -> tuple[Fact, Conflict | None]:
    if mine.by_hand or theirs.by_hand:
        hand, other = (mine, theirs) if mine.by_hand else (theirs, mine)
        if _same(hand.value, other.value):
            return hand, None
        return hand, Conflict(name, hand, other, "facts written by hand always win")
    if _same(mine.value, theirs.value):
        return mine, None
    if name in EARLIEST or name in LATEST:
        earliest = name in EARLIEST
        try:
            mine_first = mine.value <= theirs.value
        except TypeError:
            mine_first = True
        keep_mine = mine_first if earliest else not mine_first
        kept, other = (mine, theirs) if keep_mine else (theirs, mine)
        return kept, Conflict(name, kept, other, "the earliest" if earliest else "the latest")
    return mine, Conflict(name, mine, theirs, "the first source's value; check which is right")


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except TypeError:
        return False


def merge(first: Draft, second: Draft) -> Draft:
    """Combine two drafts; `first` wins ties, hand-written facts always win."""
    facts = dict(first.facts)
    conflicts = list(first.conflicts) + list(second.conflicts)
    for name, theirs in second.facts.items():
        mine = facts.get(name)
        if mine is None:
            facts[name] = theirs
            continue
        kept, conflict = _pick(name, mine, theirs)
        facts[name] = kept
        if conflict is not None:
            conflicts.append(conflict)
    seen: set[tuple[datetime, str]] = set()
    events: list[DraftEvent] = []
    for event in (*first.events, *second.events):
        key = (event.at, event.what)
        if key not in seen:
            seen.add(key)
            events.append(event)
    events.sort(key=lambda e: e.at)
    unknown: dict[str, str] = {}
    for name, why in (*first.unknown.items(), *second.unknown.items()):
        if name in facts:
            continue
        known = unknown.get(name)
        unknown[name] = why if known is None or why in known else f"{known}; {why}"
    notes = tuple(dict.fromkeys((*first.notes, *second.notes)))
    return Draft(facts, tuple(events), notes, unknown, tuple(conflicts))


def merge_all(drafts: list[Draft]) -> Draft:
    result = Draft()
    for draft in drafts:
        result = merge(result, draft)
    return result


def with_note(draft: Draft, note: str) -> Draft:
    return replace(draft, notes=(*draft.notes, note))


def span(draft: Draft) -> tuple[datetime, datetime] | None:
    """The first and last moment a draft speaks of (timeline facts and events)."""
    times = [
        fact.value
        for name, fact in draft.facts.items()
        if name.startswith("timeline.") and isinstance(fact.value, datetime)
    ]
    times += [event.at for event in draft.events]
    aware = [t for t in times if t.tzinfo is not None]
    return (min(aware), max(aware)) if aware else None


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _service(draft: Draft) -> Fact | None:
    fact = draft.facts.get("service")
    # A service written by hand is the business's name for it, which a tool's name for
    # the same service rarely matches; and hand-written facts win anyway.
    if fact is None or fact.by_hand or not isinstance(fact.value, str):
        return None
    return fact


def differences(drafts: list[tuple[str, Draft]], window: timedelta = MERGE_WINDOW) -> list[str]:
    """Why these labelled drafts may not be about one incident: time spans further apart
    than `window`, or services that differ. Empty when they may be merged."""
    found: list[str] = []
    for i, (first_label, first) in enumerate(drafts):
        for second_label, second in drafts[i + 1 :]:
            a, b = span(first), span(second)
            if a is not None and b is not None and (a[0] > b[1] + window or b[0] > a[1] + window):
                gap = max(a[0] - b[1], b[0] - a[1])
                found.append(
                    f"times do not overlap: {first_label} speaks of {_when(a[0])} to "
                    f"{_when(a[1])}, {second_label} of {_when(b[0])} to {_when(b[1])} "
                    f"({_gap(gap)} apart; more than {_gap(window)} means two incidents)"
                )
            mine, theirs = _service(first), _service(second)
            if mine and theirs and mine.value.strip().casefold() != theirs.value.strip().casefold():
                found.append(
                    f"services differ: {first_label} says '{mine.value}' ({mine.source}), "
                    f"{second_label} says '{theirs.value}' ({theirs.source})"
                )
    return found


def _gap(length: timedelta) -> str:
    hours = length.total_seconds() / 3600
    if hours < 48:
        return f"{hours:.0f} hours"
    return f"{hours / 24:.0f} days"
