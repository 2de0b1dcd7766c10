"""What needs the CEO now: notice clocks and decisions overdue or due within a day, most
urgent first, each said against `now`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.exposure import Obligation
from execbrief.core.incident import due_moment
from execbrief.core.story.decision import SOON, Decision, obligation_fact


@dataclass(frozen=True)
class Urgent:
    """Something overdue or due within a day that needs the audience."""

    what: str
    due: datetime
    overdue: bool
    source: str
    told: str  # the line every output shows: what, and when, said against `now`


def needs_you_now(
    found: Sequence[Obligation],
    wanted: Sequence[Decision],
    now: datetime,
    zone: ZoneInfo,
) -> list[Urgent]:
    """What is overdue or due within 24 hours of `now` and needs the audience, most
    urgent first: notice clocks (law, contract, policy) and decisions with a deadline."""
    # (what, due, source, who acts on it, due by a day rather than a time)
    out: list[tuple[str, datetime, str, str, bool]] = [
        (
            f"{o.regime}, to {o.recipient}",
            o.deadline,
            obligation_fact(o),
            _SENDS.get(o.kind, "Counsel to send it"),
            False,
        )
        for o in found
        if o.deadline is not None and o.status in ("overdue", "due within 24 hours")
    ]
    for d in wanted:  # the decisions we derive from notices are the notices: listed once
        if d.from_clock or d.deadline is None:
            continue
        moment = due_moment(d.deadline, zone)
        if moment - now <= SOON:
            whole_day = not isinstance(d.deadline, datetime)
            out.append((f"Your decision: {d.decision}", moment, d.source, "", whole_day))
    urgent = []
    today = now.astimezone(zone).date()
    # Overdue first, then in the order things fall due: "by the end of today" at 8 p.m. is
    # sooner than 8 a.m. tomorrow; at one moment, a set time before the end of a day.
    first = sorted(out, key=lambda item: (item[1] >= now, item[1], item[4]))
    for what, due, source, who, whole_day in first:
        when = speech.clock_time(due, zone, now=now)
        late = speech.duration(Decimal(int((now - due).total_seconds())) / 60)
        left = speech.duration(Decimal(int((due - now).total_seconds())) / 60)
        if due < now:
            act = f" {who} now." if who else " Decide now."
            since = (
                f"since {speech.day(due.astimezone(zone).date(), today)}"
                if whole_day
                else (f"by {late}, since {when}")
            )
            told = f"{what}: overdue {since}.{act}"
        elif whole_day:  # how long is left is said too: "the end of today" at 8 p.m. is 4 hours
            told = (
                f"{what}: by the end of {speech.day(due.astimezone(zone).date(), today)}, "
                f"{left} from now."
            )
        else:
            act = f" {who} by then." if who else ""
            told = f"{what}: due {when}, {left} from now.{act}"
        urgent.append(Urgent(what, due, due < now, source, told))
    return urgent


# Who sends a notice once its clock runs: said with each item of "Needs you now".
_SENDS = {
    "law": "Counsel to send it",
    "contract": "Counsel and the account team to send it",
    "policy": "Counsel to send it",
}
