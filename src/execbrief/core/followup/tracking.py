"""Reconciling tracked commitments with a new version of the facts.

The store keeps one TrackedCommitment per promise, numbered 1, 2, 3 ... in its incident
for good. Saving a new version of the facts reconciles the stored promises with the ones
the facts call for (`reconcile`). Nothing here reads the clock or the database.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from execbrief.core.followup.commitments import (
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
    "DueStatus",
    "Slip",
    "State",
    "TrackedCommitment",
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
