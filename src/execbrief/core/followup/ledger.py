"""The ledger of promises: an append-only history per commitment, and the state derived
from it.

The store keeps events only; what a commitment is now (its date, kept or not, its note)
is `replay`ed from them, so there is one record of each fact and no second copy to drift.
A change made the usual way (reconcile a saved file, keep, move) produces a new list of
TrackedCommitment; `events_between` says which events turn the old list into the new, and
replaying old events plus those must give the new list back (the store checks it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Literal

from execbrief.core.followup.commitments import Slip, State, TrackedCommitment
from execbrief.core.followup.events import Event
from execbrief.core.story.planned_commitments import PlannedCommitment


class LedgerError(ValueError):
    """Events that cannot be replayed (a bug, or a database edited by hand)."""


def _pending_state(slips: tuple[Slip, ...]) -> State:
    return "slipped" if slips else "open"


def _apply(c: TrackedCommitment | None, e: Event) -> TrackedCommitment:
    if e.kind == "made":
        if c is not None:
            raise LedgerError(f"commitment {e.number} is made twice")
        if e.what is None or e.due is None:
            raise LedgerError(f"commitment {e.number} is made without what or due")
        source: Literal["file", "default"] = "default" if e.source == "default" else "file"
        return TrackedCommitment(
            e.number, e.what, e.owner, e.due, "open", source, made_at=e.at, history=(e,)
        )
    if c is None:
        raise LedgerError(f"commitment {e.number} has a {e.kind} event before it was made")
    history = (*c.history, e)
    if e.kind == "changed":
        return replace(
            c,
            owner=e.owner if e.owner is not None else c.owner,
            due=e.due if e.due is not None and not c.slips else c.due,
            history=history,
        )
    if e.kind == "slipped":
        assert e.due is not None
        old = e.old_due if e.old_due is not None else c.current_due
        slips = (*c.slips, Slip(old, e.due, e.reason or "", e.at))
        state = c.state if c.state in ("kept", "withdrawn") else "slipped"
        return replace(c, slips=slips, state=state, history=history)
    if e.kind == "done":
        return replace(
            c, state="kept", done_at=e.done_at or e.at, note=e.note, link=e.link, history=history
        )
    if e.kind == "reopened":
        return replace(
            c, state=_pending_state(c.slips), done_at=None, note=None, link=None, history=history
        )
    if e.kind == "withdrawn":
        return replace(c, state="withdrawn", history=history)
    # reminded: no change of state, only a record that the owner was told
    key = reminder_key(e.state or "", e.due) if e.due is not None else e.state or ""
    return replace(c, reminded=(*c.reminded, key), history=history)


def replay(events: list[Event]) -> list[TrackedCommitment]:
    """Each commitment as its events leave it, in number order."""
    found: dict[int, TrackedCommitment] = {}
    for e in events:
        found[e.number] = _apply(found.get(e.number), e)
    return [found[n] for n in sorted(found)]


def events_between(
    old: list[TrackedCommitment],
    new: list[TrackedCommitment],
    *,
    at: datetime,
    who: str | None,
    reason: str | None = None,
) -> list[Event]:
    """The events that turn `old` into `new` (made, changed, slipped, done, reopened,
    withdrawn), recorded at `at` by `who`."""
    before = {c.number: c for c in old}
    out: list[Event] = []
    for c in new:
        previous = before.get(c.number)
        if previous is None:
            out.append(
                Event(
                    c.number,
                    "made",
                    at,
                    who,
                    what=c.what,
                    owner=c.owner,
                    source=c.source,
                    due=c.due,
                )
            )
            base = TrackedCommitment(c.number, c.what, c.owner, c.due, "open", c.source)
            out += _moves(base, c, at, who, reason)
            continue
        out += _moves(previous, c, at, who, reason)
    return out


def _moves(
    old: TrackedCommitment,
    new: TrackedCommitment,
    at: datetime,
    who: str | None,
    reason: str | None,
) -> list[Event]:
    out: list[Event] = []
    n = new.number
    if old.state == "kept" and new.state != "kept":
        out.append(Event(n, "reopened", at, who, reason=reason))
    elif old.state == "withdrawn" and new.state != "withdrawn":
        out.append(Event(n, "reopened", at, who, reason=reason or "listed again"))
    owner = new.owner if new.owner != old.owner else None
    due = new.due if new.due != old.due and not old.slips else None
    if owner is not None or due is not None:
        out.append(Event(n, "changed", at, who, owner=owner, due=due, reason=reason))
    if new.slips[: len(old.slips)] != old.slips:
        raise LedgerError(f"commitment {n}: a recorded move would be rewritten")
    for s in new.slips[len(old.slips) :]:
        out.append(
            Event(n, "slipped", s.at or at, who, due=s.new_due, old_due=s.old_due, reason=s.reason)
        )
    if new.state == "kept" and (
        old.state != "kept" or (new.done_at, new.note) != (old.done_at, old.note)
    ):
        out.append(
            Event(n, "done", at, who, done_at=new.done_at or at, note=new.note, link=new.link)
        )
    if new.state == "withdrawn" and old.state != "withdrawn":
        out.append(Event(n, "withdrawn", at, who, reason=reason or "no longer needed"))
    return out


def same_state(a: list[TrackedCommitment], b: list[TrackedCommitment]) -> bool:
    """Whether two lists say the same of every promise (history aside)."""
    return a == b


def reminder_key(state: str, due: date | datetime) -> str:
    """One reminder per commitment per state: the state and the date it was about."""
    return f"{state}@{due.isoformat()}"


def as_planned(
    tracked: list[TrackedCommitment], *, with_history: bool = True
) -> list[PlannedCommitment]:
    """The ledger's promises as the brief lists them (withdrawn ones left out), with their
    numbers in the ledger, so `done N` and the brief's #N are the same promise. Without
    `with_history`, their events are left out (the history report reads only states)."""
    return [
        PlannedCommitment(
            c.number,
            c.what,
            c.owner,
            c.current_due,
            "kept" if c.state == "kept" else ("slipped" if c.slips else "open"),
            c.source,
            done_at=c.done_at,
            reason=c.reason,
            note=c.note,
            history=tuple(e.document() for e in c.history if e.kind != "reminded")
            if with_history
            else (),
        )
        for c in tracked
        if c.state != "withdrawn"
    ]


def stamped(commitments: list[TrackedCommitment], at: datetime) -> list[TrackedCommitment]:
    """`commitments` with every move not yet timed (one a file records) timed at `at`, as
    the ledger records it."""
    return [
        replace(c, slips=tuple(s if s.at is not None else replace(s, at=at) for s in c.slips))
        for c in commitments
    ]
