"""A promise as tracked after the meeting, and what can happen to it: kept, moved, due,
overdue. Only dataclasses and dates here (no pydantic), so that `execbrief due` starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from execbrief.core.incident import due_moment

if TYPE_CHECKING:
    from execbrief.core.followup.events import Event

DUE_WINDOW = timedelta(hours=24)  # "due" means due within the next day

State = Literal["open", "kept", "slipped", "withdrawn"]
DueStatus = Literal["open", "due", "overdue", "kept"]


class CommitmentChangeError(ValueError):
    """A change that cannot apply (kept twice, moved after it was kept ...); `field` names
    what the user gave that is wrong (N, --to, --at, --why)."""

    def __init__(self, message: str, field: str = "N") -> None:
        super().__init__(message)
        self.field = field


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
    link: str | None = None  # evidence that it was done
    # From the ledger: when it was made, every event, and the reminders already sent.
    # They describe the record, not the promise: two lists compare equal without them.
    made_at: datetime | None = field(default=None, compare=False)
    history: tuple[Event, ...] = field(default=(), compare=False)
    reminded: tuple[str, ...] = field(default=(), compare=False)

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


def mark_kept(
    c: TrackedCommitment, at: datetime, note: str | None, link: str | None = None
) -> TrackedCommitment:
    if c.state == "kept":
        raise CommitmentChangeError(f"commitment {c.number} is already marked kept")
    if c.state == "withdrawn":
        raise CommitmentChangeError(f"commitment {c.number} was withdrawn")
    if c.made_at is not None and at < c.made_at:
        raise CommitmentChangeError(
            f"commitment {c.number} cannot be done at {at.isoformat(timespec='seconds')}: it "
            f"was only made at {c.made_at.isoformat(timespec='seconds')}",
            field="--at",
        )
    return replace(c, state="kept", done_at=at, note=note, link=link)


def move(
    c: TrackedCommitment,
    to: date | datetime,
    why: str,
    at: datetime,
    *,
    zone: ZoneInfo | None = None,
    earlier: bool = False,
) -> TrackedCommitment:
    """Move a pending promise to `to`, a date after `at` (now) and after its current date;
    an earlier date only with `earlier` (the reason says why it comes forward)."""
    if not c.pending:
        raise CommitmentChangeError(f"commitment {c.number} is {c.state}; only open ones move")
    if to == c.current_due:
        raise CommitmentChangeError(f"commitment {c.number} is already due then", field="--to")
    new_at = due_moment(to, zone)
    if new_at <= at:
        raise CommitmentChangeError(
            f"the new date {to.isoformat()} has already passed (now is "
            f"{at.isoformat(timespec='seconds')}); a new date must be ahead",
            field="--to",
        )
    if new_at < due_moment(c.current_due, zone) and not earlier:
        raise CommitmentChangeError(
            f"{to.isoformat()} is before the date it moves from, "
            f"{c.current_due.isoformat()}; say --earlier if it comes forward on purpose",
            field="--to",
        )
    return replace(c, state="slipped", slips=(*c.slips, Slip(c.current_due, to, why, at)))


def reopen(c: TrackedCommitment) -> TrackedCommitment:
    """A kept promise found not kept after all: pending again, its date as before."""
    if c.state != "kept":
        raise CommitmentChangeError(f"commitment {c.number} is {c.state}; only kept ones reopen")
    return replace(c, state="slipped" if c.slips else "open", done_at=None, note=None, link=None)


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


# The default promise that repeats while the incident is open (core.followup makes the
# first one; a test keeps the two names and intervals the same).
RECURRING_UPDATE = "Next update to you"
RECURRING_EVERY = timedelta(hours=24)


def keep(
    commitments: list[TrackedCommitment],
    number: int,
    at: datetime,
    note: str | None,
    *,
    incident_open: bool,
    link: str | None = None,
) -> list[TrackedCommitment]:
    """Mark commitment `number` kept. Keeping the daily update while the incident is still
    open promises the next one, 24 hours after this one was sent."""
    target = next((c for c in commitments if c.number == number), None)
    if target is None:
        raise CommitmentChangeError(
            f"there is no commitment {number}; this incident has {len(commitments)}"
        )
    kept = mark_kept(target, at, note, link)
    result = [kept if c.number == number else c for c in commitments]
    if incident_open and target.source == "default" and target.what == RECURRING_UPDATE:
        following = max(c.number for c in commitments) + 1
        result.append(
            TrackedCommitment(
                following, RECURRING_UPDATE, target.owner, at + RECURRING_EVERY, source="default"
            )
        )
    return result
