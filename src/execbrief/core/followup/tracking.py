"""Reconciling tracked commitments with a new version of the facts.

The store keeps one TrackedCommitment per promise, numbered 1, 2, 3 ... in its incident
for good. Saving a new version of the facts reconciles the stored promises with the ones
the facts call for (`reconcile`). Nothing here reads the clock or the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from execbrief.core.followup.commitments import (
    RECURRING_UPDATE,
    CommitmentChangeError,
    DueStatus,
    Slip,
    State,
    TrackedCommitment,
    due_horizon,
    due_status,
    mark_kept,
    move,
    next_commitment,
)
from execbrief.core.incident import Incident
from execbrief.core.story import default_commitments

__all__ = [
    "CommitmentChangeError",
    "Difference",
    "DueStatus",
    "Slip",
    "State",
    "TrackedCommitment",
    "differences",
    "due_horizon",
    "due_status",
    "incident_key",
    "mark_kept",
    "move",
    "next_commitment",
    "reconcile",
    "wanted",
]


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


def _merge(old: TrackedCommitment, new: TrackedCommitment, reason: str | None) -> TrackedCommitment:
    """`old` as the new facts leave it. Without a `reason` the ledger's record stands (kept
    stays kept, a recorded move stays); with one, the file's word is recorded over it."""
    owner = new.owner or old.owner
    if old.state == "kept":
        if new.state == "kept" or reason is None:
            done_at = new.done_at if reason and new.done_at else old.done_at
            return replace(old, owner=owner, done_at=done_at)  # a kept promise stays kept
        old = replace(old, state="slipped" if old.slips else "open", done_at=None, note=None)
    if new.state == "kept":
        return replace(old, owner=owner, state="kept", done_at=new.done_at or old.done_at)
    slips = old.slips
    due = old.due
    why = new.reason if new.slips and new.reason else reason
    if why is not None and old.source == "file":
        if new.current_due != old.current_due:
            slips = (*old.slips, Slip(old.current_due, new.current_due, why))
    elif old.slips:
        # The file may still give the first date: the recorded moves stand. Only a date
        # that is neither the first nor the current one is a further move.
        if new.current_due not in (old.due, old.current_due):
            slips = (*old.slips, Slip(old.current_due, new.current_due, "the plan changed"))
    elif new.slips:
        slips = new.slips
        due = new.due
    elif not (old.source == "default" and old.what == RECURRING_UPDATE):
        due = new.due  # not yet moved in public: the facts may still set the date
    state: State = "slipped" if slips else "open"
    return replace(old, owner=owner, due=due, slips=slips, state=state)


def reconcile(
    stored: list[TrackedCommitment],
    facts: list[TrackedCommitment],
    reason: str | None = None,
) -> list[TrackedCommitment]:
    """Stored promises updated by a new version of the facts.

    A promise keeps its number for good. One the facts no longer list stays as it was,
    except a default (e.g. the daily update once the incident is resolved), which is
    withdrawn, and, with a `reason`, one the file no longer lists. A new one gets the next
    free number. The recurring daily update keeps the ledger's date (only keeping it moves
    it on).
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
            old = replace(old, state="slipped" if old.slips else "open")
        result[old.number] = _merge(old, new, reason)
    for number, c in result.items():
        if number in matched or c.state == "withdrawn":
            continue
        if (c.source == "default" and c.pending) or (reason is not None and c.source == "file"):
            result[number] = replace(c, state="withdrawn")
    return [result[n] for n in sorted(result)]


@dataclass(frozen=True)
class Difference:
    """Where the file and the ledger disagree about a promise. `blocking`: saving needs a
    reason (--reason) before the file's word is recorded; else it is only shown."""

    number: int | None
    what: str
    field: str  # due, status, owner, done_at, listed
    ledger: str
    file: str
    blocking: bool
    agree: str = ""  # what to write in the file to agree with the ledger

    def text(self) -> str:
        which = f"#{self.number} " if self.number is not None else ""
        return f"{which}'{self.what}' {self.field}: ledger has {self.ledger}; file has {self.file}"


def _due_said(c: TrackedCommitment) -> str:
    return c.current_due.isoformat() + (f" (moved from {c.due.isoformat()})" if c.slips else "")


def differences(
    stored: list[TrackedCommitment], facts: list[TrackedCommitment]
) -> list[Difference]:
    """What saving `facts` over the ledger's `stored` promises would change or leave out,
    matched the way `reconcile` matches them (by what is promised)."""
    if not stored:
        return []
    by_what = {_same(c.what): c for c in stored}
    out: list[Difference] = []
    matched: set[int] = set()
    for new in facts:
        old = by_what.get(_same(new.what))
        if old is None:
            out.append(Difference(None, new.what, "listed", "nothing", "a new promise", False))
            continue
        matched.add(old.number)
        if new.source != "file":
            continue  # our own proposals: the ledger's record of them stands
        d = partial(Difference, old.number, old.what)
        if old.state == "withdrawn":
            out.append(d("listed", "it withdrawn", "it listed again", False))
            continue
        if old.state == "kept" and new.state != "kept":
            done = f" at {old.done_at.isoformat()}" if old.done_at else ""
            kept_at = f", done_at: {old.done_at.isoformat()}" if old.done_at else ""
            out.append(d("status", f"kept{done}", new.state, True, f"status: kept{kept_at}"))
        elif old.state != "kept" and new.state == "kept":
            done = f" at {new.done_at.isoformat()}" if new.done_at else ""
            out.append(d("status", old.state, f"kept{done}", True))
        elif (
            old.state == "kept"
            and new.done_at is not None
            and old.done_at is not None
            and new.done_at != old.done_at
        ):
            out.append(d("done_at", old.done_at.isoformat(), new.done_at.isoformat(), True))
        if old.state != "kept" and new.state != "kept" and new.current_due != old.current_due:
            explained = bool(new.slips and new.reason and new.reason != "no reason given")
            agree = (
                f"due: {old.due.isoformat()}, slipped_to: {old.current_due.isoformat()}, "
                f"reason: {old.reason}"
                if old.slips
                else f"due: {old.current_due.isoformat()}"
            )
            out.append(d("due", _due_said(old), _due_said(new), not explained, agree))
        if new.owner and old.owner and _same(new.owner) != _same(old.owner):
            out.append(d("owner", old.owner, new.owner, True, f"owner: {old.owner}"))
        elif new.owner and not old.owner:
            out.append(d("owner", "no owner", new.owner, False))
    for c in stored:
        if c.number in matched or c.state == "withdrawn":
            continue
        if c.source == "file":
            out.append(Difference(c.number, c.what, "listed", c.state, "it left out", True))
        elif c.pending:
            out.append(Difference(c.number, c.what, "listed", c.state, "withdrawn", False))
    return out
