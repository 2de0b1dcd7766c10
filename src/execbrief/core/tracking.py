"""Commitments as they are tracked after the meeting: kept, slipped, due, overdue.

The store keeps one TrackedCommitment per promise, numbered 1, 2, 3 ... in its incident
for good. Saving a new version of the facts reconciles the stored promises with the ones
the facts call for (`reconcile`); marking one done or moving it makes a new record
(`mark_kept`, `move`). Nothing here reads the clock or the database: `now` comes in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from execbrief.core.followup import default_commitments
from execbrief.core.incident import Incident
from execbrief.core.times import due_moment

DUE_WINDOW = timedelta(hours=24)  # "due" means due within the next day

State = Literal["open", "kept", "slipped", "withdrawn"]
DueStatus = Literal["open", "due", "overdue", "kept"]


class CommitmentChangeError(ValueError):
    """A change that cannot apply (kept twice, moved after it was kept ...)."""


@dataclass(frozen=True)
class Slip:
    """One move of a due date: from, to, why, and when we decided it."""

    old_due: date | datetime
    new_due: date | datetime
    reason: str
    at: datetime | None = None


@dataclass(frozen=True)
class TrackedCommitment:
    number: int
    what: str
    owner: str | None
    due: date | datetime  # the date first promised
    state: State = "open"
    source: Literal["file", "default"] = "file"
    done_at: datetime | None = None
    note: str | None = None
    slips: tuple[Slip, ...] = ()

    @property
    def current_due(self) -> date | datetime:
        return self.slips[-1].new_due if self.slips else self.due

    @property
    def reason(self) -> str | None:
        return self.slips[-1].reason if self.slips else None

    def due_at(self, zone: ZoneInfo) -> datetime:
        return due_moment(self.current_due, zone)

    @property
    def pending(self) -> bool:
        return self.state in ("open", "slipped")


def incident_key(incident: Incident) -> str:
    """The incident's id: the file's own, or one made from its title and start date."""
    if incident.id:
        return incident.id
    words = re.sub(r"[^a-z0-9]+", "-", incident.title.lower()).strip("-")[:48].strip("-")
    started = incident.timeline.started.astimezone(incident.zone).date().isoformat()
    return f"{words or 'incident'}-{started}"


def _same(what: str) -> str:
    return " ".join(what.lower().split())


def wanted(incident: Incident, now: datetime) -> list[TrackedCommitment]:
    """The commitments the facts call for: the file's own, or the defaults."""
    if incident.commitments:
        result = []
        for n, c in enumerate(incident.commitments, start=1):
            slips: tuple[Slip, ...] = ()
            if c.slipped_to is not None:
                slips = (Slip(c.due, c.slipped_to, c.reason or "no reason given"),)
            state: State = "kept" if c.status == "kept" else ("slipped" if slips else "open")
            result.append(
                TrackedCommitment(n, c.what, c.owner, c.due, state, "file", c.done_at, None, slips)
            )
        return result
    return [
        TrackedCommitment(n, what, None, due, "open", "default")
        for n, (what, due) in enumerate(default_commitments(incident, now), start=1)
    ]


def _merge(old: TrackedCommitment, new: TrackedCommitment) -> TrackedCommitment:
    owner = new.owner or old.owner
    if old.state == "kept":
        return replace(old, owner=owner)  # a kept promise stays kept
    if new.state == "kept":
        return replace(old, owner=owner, state="kept", done_at=new.done_at or old.done_at)
    slips = old.slips
    due = old.due
    if old.slips:
        # The file may still give the first date: the recorded moves stand. Only a date
        # that is neither the first nor the current one is a further move.
        if new.current_due not in (old.due, old.current_due):
            why = new.reason or "the plan changed"
            slips = (*old.slips, Slip(old.current_due, new.current_due, why))
    elif new.slips:
        slips = new.slips
        due = new.due
    else:
        due = new.due  # not yet moved in public: the facts may still set the date
    state: State = "slipped" if slips else "open"
    return replace(old, owner=owner, due=due, slips=slips, state=state)


def reconcile(
    stored: list[TrackedCommitment], facts: list[TrackedCommitment]
) -> list[TrackedCommitment]:
    """Stored promises updated by a new version of the facts.

    A promise keeps its number for good. One the facts no longer list stays as it was,
    except a default (e.g. the daily update once the incident is resolved): it is
    withdrawn. A new one gets the next free number.
    """
    by_what = {_same(c.what): c for c in stored}
    result = {c.number: c for c in stored}
    matched: set[int] = set()
    next_number = max((c.number for c in stored), default=0) + 1
    for new in facts:
        old = by_what.get(_same(new.what))
        if old is None:
            result[next_number] = replace(new, number=next_number)
            matched.add(next_number)
            next_number += 1
            continue
        matched.add(old.number)
        if old.state == "withdrawn":
            old = replace(old, state="open")
        result[old.number] = _merge(old, new)
    for number, c in result.items():
        if number not in matched and c.source == "default" and c.pending:
            result[number] = replace(c, state="withdrawn")
    return [result[n] for n in sorted(result)]


def mark_kept(c: TrackedCommitment, at: datetime, note: str | None) -> TrackedCommitment:
    if c.state == "kept":
        raise CommitmentChangeError(f"commitment {c.number} is already marked kept")
    if c.state == "withdrawn":
        raise CommitmentChangeError(f"commitment {c.number} was withdrawn")
    return replace(c, state="kept", done_at=at, note=note)


def move(c: TrackedCommitment, to: date | datetime, why: str, at: datetime) -> TrackedCommitment:
    if not c.pending:
        raise CommitmentChangeError(f"commitment {c.number} is {c.state}; only open ones move")
    if to == c.current_due:
        raise CommitmentChangeError(f"commitment {c.number} is already due then")
    return replace(c, state="slipped", slips=(*c.slips, Slip(c.current_due, to, why, at)))


def due_status(state: str, due_at: datetime, now: datetime) -> DueStatus | None:
    """open, due (within a day), overdue or kept; None for withdrawn promises."""
    if state == "kept":
        return "kept"
    if state == "withdrawn":
        return None
    if due_at < now:
        return "overdue"
    if due_at - now <= DUE_WINDOW:
        return "due"
    return "open"


def due_horizon(now: datetime) -> datetime:
    """Everything due before this moment is due or overdue at `now`."""
    return now + DUE_WINDOW


def next_commitment(
    commitments: list[TrackedCommitment], zone: ZoneInfo
) -> TrackedCommitment | None:
    pending = [c for c in commitments if c.pending]
    return min(pending, key=lambda c: c.due_at(zone)) if pending else None
