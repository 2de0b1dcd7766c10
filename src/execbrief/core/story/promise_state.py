"""A promise's state, decided once and said once: kept on time, kept late, slipped to a new
date, missed, or open. The brief, the update, `due`, `list` and the reminders all read
these two functions, so no output can call a promise open while another calls it missed.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.incident import due_moment

if TYPE_CHECKING:
    from execbrief.core.story.planned_commitments import PlannedCommitment

Status = Literal["open", "kept", "kept_late", "slipped", "missed"]
STATUSES: tuple[Status, ...] = ("open", "kept", "kept_late", "slipped", "missed")


def promise_status(
    *,
    kept: bool,
    slipped: bool,
    due: date | datetime,
    done_at: datetime | None,
    zone: ZoneInfo,
    now: datetime,
) -> Status:
    """The state at `now` of a promise due `due` (its date now, after any moves)."""
    due_at = due_moment(due, zone)
    if kept:
        return "kept_late" if done_at is not None and done_at > due_at else "kept"
    if due_at < now:
        return "missed"
    return "slipped" if slipped else "open"


def reason_words(reason: str) -> str:
    """A user's reason placed after 'because': no closing punctuation of its own."""
    return speech.clause(reason).rstrip(" .!?;:,")


def _span(later: datetime, earlier: datetime) -> str:
    return speech.duration(Decimal((later - earlier).total_seconds()) / 60)


def status_words(
    status: Status,
    *,
    due: date | datetime,
    done_at: datetime | None,
    reason: str | None,
    zone: ZoneInfo,
    now: datetime,
) -> str:
    """The state in words: 'kept on time, done Monday, November 23', 'kept 2 days late',
    'slipped to Friday, December 4 because parts are late', 'missed: due Tuesday,
    December 1, no new date', 'open: due Thursday, December 3, in 2 days'."""
    when = speech.due(due, zone, now)
    due_at = due_moment(due, zone)
    if status in ("kept", "kept_late"):
        done = "" if done_at is None else f", done at {speech.clock_time(done_at, zone, now=now)}"
        if status == "kept":
            return f"kept on time{done}"
        assert done_at is not None
        return f"kept {_span(done_at, due_at)} late{done}"
    if status == "missed":
        return f"missed: due {when}, {_span(now, due_at)} ago, no new date"
    ahead = f"in {_span(due_at, now)}"
    if status == "slipped":
        because = f" because {reason_words(reason)}" if reason and reason.strip() else ""
        return f"slipped to {when}{because}, {ahead}"
    return f"open: due {when}, {ahead}"


def commitment_state(commitment: PlannedCommitment, zone: ZoneInfo, now: datetime) -> Status:
    """open, kept, kept_late, slipped (to a date still ahead) or missed (past its date, not
    kept): see promise_status."""
    return promise_status(
        kept=commitment.status == "kept",
        slipped=commitment.status == "slipped",
        due=commitment.due,
        done_at=commitment.done_at,
        zone=zone,
        now=now,
    )
