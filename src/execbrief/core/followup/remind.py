"""Reminders to owners: what is due within a window or already missed, once per promise
per state. The ledger records each reminder sent ("reminded" events), so a second run
finds nothing new to say until a promise's state or date changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.followup.commitments import TrackedCommitment
from execbrief.core.followup.events import Event
from execbrief.core.followup.ledger import reminder_key
from execbrief.core.followup.update import status_of, words_of

REMIND_WITHIN = timedelta(hours=24)


@dataclass(frozen=True)
class Reminder:
    incident: str
    number: int
    what: str
    owner: str | None
    state: str  # due_soon or missed
    key: str  # what the ledger records, so the same reminder is never sent twice
    line: str  # the sentence the owner reads
    due: str  # ISO 8601, for JSON

    def event(self, at: datetime, who: str | None) -> Event:
        from execbrief.core.incident import parse_due

        return Event(
            self.number, "reminded", at, who, due=parse_due(self.due, None), state=self.state
        )


def reminders_due(
    incident: str,
    title: str,
    commitments: list[TrackedCommitment],
    zone: ZoneInfo,
    now: datetime,
    within: timedelta = REMIND_WITHIN,
) -> list[Reminder]:
    """The reminders owed at `now`: each pending promise due within `within`, or missed,
    that its owner has not yet been told of in that state and for that date."""
    out = []
    for c in commitments:
        if not c.pending:
            continue
        status = status_of(c, zone, now)
        if status == "missed":
            state = "missed"
        elif c.due_at(zone) - now <= within:
            state = "due_soon"
        else:
            continue
        key = reminder_key(state, c.current_due)
        if key in c.reminded:
            continue
        what = speech.capital(speech.sentence(c.what))
        line = f"{what}, for {speech.sentence(title)} ({incident} #{c.number}): "
        line += words_of(c, zone, now) + "."
        if state == "missed":
            line += " Please mark it done or give it a new date."
        out.append(
            Reminder(
                incident, c.number, c.what, c.owner, state, key, line, c.current_due.isoformat()
            )
        )
    return out


def reminder_subject(owner: str | None, reminders: list[Reminder]) -> str:
    missed = sum(1 for r in reminders if r.state == "missed")
    count = speech.number(len(reminders))
    noun = "promise" if len(reminders) == 1 else "promises"
    who = speech.sentence(owner) if owner else "no owner named yet"
    if missed == len(reminders):
        return f"Reminder for {who}: {count} {noun} missed"
    late = f", {speech.number(missed)} of them missed" if missed else ""
    return f"Reminder for {who}: {count} {noun} to keep{late}"
