"""The "keep me informed" update: what changed since the last version, each promise kept,
moved or coming, and when the next update comes. Plain words, in the audience's zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.followup.changes import Change
from execbrief.core.followup.commitments import RECURRING_UPDATE, TrackedCommitment, due_status
from execbrief.core.incident import Incident
from execbrief.core.story import UPDATE_EVERY

_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Facts that the update shows in their own part, or that a CEO does not need to read.
_NOT_NEWS = ("commitments", "execbrief", "id", "audience")


@dataclass(frozen=True)
class Update:
    incident_id: str
    title: str
    version: int
    now: datetime
    zone: ZoneInfo
    status: str
    changes: list[str]
    kept: list[str]
    moved: list[str]
    late: list[str]
    coming: list[str]
    next_update: str
    facts_changed: list[Change]
    commitments: list[TrackedCommitment]

    def lines(self) -> list[tuple[str, list[str]]]:
        """The update's parts, titled, leaving out the empty ones."""
        parts = [
            ("Where we are", [self.status]),
            ("What changed since our last update", self.changes),
            ("Done as promised", self.kept),
            ("Moved, and why", self.moved),
            ("Late", self.late),
            ("Coming next", self.coming),
            ("Next update", [self.next_update]),
        ]
        return [(title, items) for title, items in parts if items]


def shown(value: Any, zone: ZoneInfo) -> str:
    """A saved fact as a CEO reads it: times in their zone, lists joined, yes/no."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(shown(item, zone) for item in value)
    text = str(value)
    if _ISO_TIME.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is not None:
            return speech.clock_time(moment, zone)
    if _ISO_DATE.match(text):
        try:
            return speech.day(date.fromisoformat(text))
        except ValueError:
            return text
    return speech.sentence(text)


def change_line(change: Change, zone: ZoneInfo) -> str:
    if change.kind == "added":
        return f"{change.label}: {shown(change.new, zone)} (new)."
    if change.kind == "removed":
        return f"{change.label}: no longer {shown(change.old, zone)}."
    return f"{change.label}: now {shown(change.new, zone)} (was {shown(change.old, zone)})."


def _status(incident: Incident, zone: ZoneInfo) -> str:
    t = incident.timeline
    if t.resolved is not None:
        return f"Resolved at {speech.clock_time(t.resolved, zone)}."
    if t.mitigated is not None:
        return (
            f"Service has been back for customers since {speech.clock_time(t.mitigated, zone)}. "
            "The team is still working on it."
        )
    return f"Still ongoing. It started at {speech.clock_time(t.started, zone)}."


def _owner(c: TrackedCommitment) -> str:
    return f" ({speech.sentence(c.owner)})" if c.owner else ""


def _commitment_parts(
    commitments: list[TrackedCommitment], zone: ZoneInfo, now: datetime
) -> tuple[list[str], list[str], list[str], list[str]]:
    kept, moved, late, coming = [], [], [], []
    for c in commitments:
        what = speech.sentence(c.what)
        if c.state == "withdrawn":
            continue
        if c.state == "kept":
            when = f" at {speech.clock_time(c.done_at, zone)}" if c.done_at else ""
            kept.append(f"{what}{_owner(c)}: done{when}.")
            continue
        for slip in c.slips:
            moved.append(
                f"{what}: moved from {speech.due(slip.old_due, zone)} to "
                f"{speech.due(slip.new_due, zone)}, because {speech.clause(slip.reason)}."
            )
        status = due_status(c.state, c.due_at(zone), now)
        if status == "overdue":
            late.append(
                f"{what}{_owner(c)} was due {speech.due(c.current_due, zone)} and is not done yet. "
                "We owe you a new date for it."
            )
        else:
            coming.append(f"{what}{_owner(c)}, by {speech.due(c.current_due, zone)}.")
    return kept, moved, late, coming


def _next_update(
    incident: Incident, commitments: list[TrackedCommitment], zone: ZoneInfo, now: datetime
) -> str:
    if incident.timeline.resolved is None:
        # The daily update already promised, if it is still ahead; else a day from this one.
        promised = [
            c.due_at(zone)
            for c in commitments
            if c.pending and c.what == RECURRING_UPDATE and c.due_at(zone) > now
        ]
        when = min(promised) if promised else now + UPDATE_EVERY
        return f"By {speech.clock_time(when, zone)}, or sooner if anything changes."
    ahead = [c for c in commitments if c.pending and c.due_at(zone) >= now]
    if ahead:
        first = min(ahead, key=lambda c: c.due_at(zone))
        return f"With the {speech.clause(first.what)}, by {speech.due(first.current_due, zone)}."
    return "No more regular updates: the incident is closed and every promise is settled."


def compose_update(
    incident_id: str,
    incident: Incident,
    version: int,
    facts_changed: list[Change],
    commitments: list[TrackedCommitment],
    now: datetime,
) -> Update:
    """The update for the latest version, given the changes since the one before."""
    zone = incident.zone
    news = [c for c in facts_changed if c.field.split(".")[0].split("[")[0] not in _NOT_NEWS]
    changes = [change_line(c, zone) for c in news]
    if version == 1:
        changes = ["This is our first update since the brief."]
    elif not changes:
        changes = ["No new facts since our last update."]
    kept, moved, late, coming = _commitment_parts(commitments, zone, now)
    return Update(
        incident_id=incident_id,
        title=f"Update: {speech.sentence(incident.title)}",
        version=version,
        now=now,
        zone=zone,
        status=_status(incident, zone),
        changes=changes,
        kept=kept,
        moved=moved,
        late=late,
        coming=coming,
        next_update=_next_update(incident, commitments, zone, now),
        facts_changed=news,
        commitments=commitments,
    )


def _due_text(value: date | datetime) -> str:
    return value.isoformat()


def update_document(update: Update) -> dict[str, Any]:
    """The update as JSON: the sentences and the facts behind them."""
    return {
        "incident": update.incident_id,
        "title": update.title,
        "version": update.version,
        "generated_for": update.now.isoformat(),
        "timezone": update.zone.key,
        "parts": [{"title": title, "lines": items} for title, items in update.lines()],
        "changes": [
            {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
            for c in update.facts_changed
        ],
        "commitments": [
            {
                "number": c.number,
                "what": c.what,
                "owner": c.owner,
                "due": _due_text(c.current_due),
                "first_due": _due_text(c.due),
                "state": c.state,
                "status": due_status(c.state, c.due_at(update.zone), update.now),
                "done_at": c.done_at.isoformat() if c.done_at else None,
                "slips": [
                    {"from": _due_text(s.old_due), "to": _due_text(s.new_due), "why": s.reason}
                    for s in c.slips
                ],
            }
            for c in update.commitments
            if c.state != "withdrawn"
        ],
        "next_update": update.next_update,
    }
