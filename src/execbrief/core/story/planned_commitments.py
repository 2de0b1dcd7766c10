"""Commitments made in the meeting: the ones the file lists, or sensible defaults.

When the file lists none, the brief proposes the three a CEO expects: the root cause
report 5 working days after service came back (skipping the public holidays of
`audience.country` when given), the lasting fix on its date, and the next update within
24 hours while the incident is still open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from execbrief.core.incident import add_business_days, due_moment

if TYPE_CHECKING:
    from execbrief.core.incident import Incident

REPORT_WORKING_DAYS = 5
UPDATE_EVERY = timedelta(hours=24)


@dataclass(frozen=True)
class PlannedCommitment:
    number: int  # 1-based, in the order the brief lists them
    what: str
    owner: str | None
    due: date | datetime
    status: Literal["open", "kept", "slipped"]
    source: Literal["file", "default"]
    done_at: datetime | None = None
    reason: str | None = None  # why it last moved
    note: str | None = None  # what was done, when kept
    # Every event, as the JSON shows it: the ledger's when the incident is in the store,
    # else what the file says (made, moved, done).
    history: tuple[dict[str, Any], ...] = ()

    def due_at(self, zone: ZoneInfo) -> datetime:
        return due_moment(self.due, zone)


def add_working_days(start: date, days: int, country: str | None = None) -> date:
    """`days` working days after `start`: weekdays, and with a `country`, not its public
    holidays either."""
    if country is not None:
        return add_business_days(start, days, country)
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def report_due(incident: Incident, now: datetime) -> date:
    """When the root cause report is due by default: 5 working days after mitigation, in
    the audience's country when the file names it."""
    anchor = incident.timeline.mitigated or now
    return add_working_days(
        anchor.astimezone(incident.zone).date(), REPORT_WORKING_DAYS, incident.audience.country
    )


def default_commitments(incident: Incident, now: datetime) -> list[tuple[str, date | datetime]]:
    planned: list[tuple[str, date | datetime]] = [("Root cause report", report_due(incident, now))]
    if incident.fix.permanent and incident.fix.permanent_eta is not None:
        planned.append(("Lasting fix in place", incident.fix.permanent_eta))
    if incident.timeline.resolved is None:
        planned.append(("Next update to you", now + UPDATE_EVERY))
    return planned


def planned_commitments(incident: Incident, now: datetime) -> list[PlannedCommitment]:
    """The commitments the brief makes, numbered in the order the file gives them."""
    if incident.commitments:
        return [
            PlannedCommitment(
                n,
                c.what,
                c.owner,
                c.slipped_to or c.due,
                "kept" if c.status == "kept" else ("slipped" if c.slipped_to else c.status),
                "file",
                done_at=c.done_at,
                reason=c.reason if c.slipped_to else None,
                history=_file_history(c),
            )
            for n, c in enumerate(incident.commitments, start=1)
        ]
    return [
        PlannedCommitment(n, what, None, due, "open", "default")
        for n, (what, due) in enumerate(default_commitments(incident, now), start=1)
    ]


def _file_history(c: Any) -> tuple[dict[str, Any], ...]:
    """What the file says happened to a commitment, as ledger events."""
    out: list[dict[str, Any]] = [{"event": "made", "what": c.what, "due": c.due.isoformat()}]
    if c.slipped_to is not None:
        moved = {"event": "slipped", "old_due": c.due.isoformat(), "due": c.slipped_to.isoformat()}
        out.append(moved | ({"reason": c.reason} if c.reason else {}))
    if c.status == "kept":
        out.append({"event": "done"} | ({"done_at": c.done_at.isoformat()} if c.done_at else {}))
    return tuple(out)


def open_commitments(
    commitments: list[PlannedCommitment], zone: ZoneInfo
) -> list[PlannedCommitment]:
    """Commitments not yet kept, soonest first."""
    pending = [c for c in commitments if c.status != "kept"]
    return sorted(pending, key=lambda c: c.due_at(zone))


def next_contact(
    commitments: list[PlannedCommitment], zone: ZoneInfo, now: datetime
) -> PlannedCommitment | None:
    """When the CEO hears from us next: the soonest update, call, briefing or report still
    ahead of `now`; None when no such contact is planned."""
    ahead = [c for c in open_commitments(commitments, zone) if c.due_at(zone) >= now]
    contacts = [c for c in ahead if any(w in c.what.lower() for w in _CONTACT_WORDS)]
    return contacts[0] if contacts else None


# A notice to a regulator due in an hour, or a fix due next week, is not when the CEO next
# hears from us.
_CONTACT_WORDS = ("update", "brief", "call", "meeting", "check-in", "report", "review")


def report_commitment(commitments: list[PlannedCommitment]) -> PlannedCommitment | None:
    """The commitment that will settle the cause: a report, review or analysis."""
    words = ("report", "review", "analysis", "postmortem", "post-mortem", "rca")
    for commitment in commitments:
        if commitment.status != "kept" and any(w in commitment.what.lower() for w in words):
            return commitment
    return None
