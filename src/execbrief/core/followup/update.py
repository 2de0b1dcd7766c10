"""The "keep me informed" update: what changed since the last version, each promise kept,
moved or coming, and when the next update comes. Plain words, in the audience's zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.followup.changes import Change, label
from execbrief.core.followup.commitments import RECURRING_UPDATE, TrackedCommitment
from execbrief.core.incident import Incident
from execbrief.core.story import UPDATE_EVERY
from execbrief.core.story.promise_state import (
    STATUSES,
    Status,
    promise_status,
    reason_words,
    status_words,
)

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
    summary: str  # one sentence computed from the counts of each state
    kept: list[str]
    moved: list[str]
    late: list[str]
    coming: list[str]
    next_update: str
    counts: dict[str, int]
    facts_changed: list[Change]
    commitments: list[TrackedCommitment]

    def lines(self) -> list[tuple[str, list[str]]]:
        """The update's parts, titled, leaving out the empty ones."""
        parts = [
            ("Where we are", [self.status]),
            ("What changed since our last update", self.changes),
            ("Our promises", [self.summary]),
            ("Done", self.kept),
            ("Moved, and why", self.moved),
            ("Missed", self.late),
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
    if isinstance(value, int):
        return speech.number(value)
    if isinstance(value, dict):  # a range: {low, likely, high}
        low, high = value.get("low"), value.get("high")
        if low is not None and high is not None and low != high:
            return f"between {shown(low, zone)} and {shown(high, zone)}"
        one = next((v for v in (value.get("likely"), low, high) if v is not None), None)
        return shown(one, zone)
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


def status_of(c: TrackedCommitment, zone: ZoneInfo, now: datetime) -> Status:
    """The promise's state at `now`, decided as the brief decides it (promise_state)."""
    return promise_status(
        kept=c.state == "kept",
        slipped=bool(c.slips),
        due=c.current_due,
        done_at=c.done_at,
        zone=zone,
        now=now,
    )


def words_of(c: TrackedCommitment, zone: ZoneInfo, now: datetime) -> str:
    """The state in words, the same words the brief uses."""
    return status_words(
        status_of(c, zone, now),
        due=c.current_due,
        done_at=c.done_at,
        reason=c.reason,
        zone=zone,
        now=now,
    )


def _range_changes(found: list[Change]) -> list[Change]:
    """A range's ends (`users_affected.low`, `.high`) told as one change of the range."""
    out: list[Change] = []
    ranges: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for c in found:
        parent, _, end = c.field.rpartition(".")
        if end in ("low", "likely", "high") and parent:
            old, new = ranges.setdefault(parent, ({}, {}))
            if c.old is not None:
                old[end] = c.old
            if c.new is not None:
                new[end] = c.new
            if parent not in [o.field for o in out]:
                out.append(Change(parent, label(parent), None, None))
            continue
        out.append(c)
    return [
        Change(c.field, c.label, ranges[c.field][0] or None, ranges[c.field][1] or None)
        if c.field in ranges
        else c
        for c in out
    ]


def facts_news(facts_changed: list[Change]) -> list[Change]:
    """The changed facts a CEO hears of (a range's ends told as one change); the update
    and the CEO's share page ("What changed since you last looked") say them."""
    return _range_changes(
        [c for c in facts_changed if c.field.split(".")[0].split("[")[0] not in _NOT_NEWS]
    )


def news_lines(facts_changed: list[Change], zone: ZoneInfo) -> list[str]:
    """Each changed fact a CEO hears of, in one plain line."""
    return [change_line(c, zone) for c in facts_news(facts_changed)]


def _count(n: int) -> str:
    return "none" if n == 0 else speech.number(n)


def summary(counts: dict[str, int]) -> str:
    """One sentence from the counts alone, so it can never say more or less than they do:
    'Of our 4 promises, 2 are kept (1 of them late), 1 moved to a new date, 1 is missed
    and none is still open.'"""
    total = sum(counts.values())
    if total == 0:
        return "We have no promises open with you on this incident."
    kept = counts["kept"] + counts["kept_late"]
    late = f" ({_count(counts['kept_late'])} of them late)" if counts["kept_late"] else ""
    parts = [
        f"{_count(kept)} {'is' if kept == 1 else 'are'} kept{late}",
        f"{_count(counts['slipped'])} moved to a new date",
        f"{_count(counts['missed'])} {'is' if counts['missed'] == 1 else 'are'} missed",
        f"{_count(counts['open'])} {'is' if counts['open'] == 1 else 'are'} still open",
    ]
    said = ", ".join(parts[:-1]) + " and " + parts[-1]
    noun = "promise" if total == 1 else "promises"
    return f"Of our {speech.number(total)} {noun}, {said}."


def _commitment_parts(
    commitments: list[TrackedCommitment], zone: ZoneInfo, now: datetime
) -> tuple[list[str], list[str], list[str], list[str], dict[str, int]]:
    kept, moved, late, coming = [], [], [], []
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for c in commitments:
        if c.state == "withdrawn":
            continue
        what = speech.capital(speech.sentence(c.what))
        status = status_of(c, zone, now)
        counts[status] += 1
        words = words_of(c, zone, now)
        if status in ("kept", "kept_late"):
            note = f" What was done: {speech.sentence(c.note)}." if c.note else ""
            link = f" Evidence: {c.link}." if c.link else ""
            kept.append(f"{what}{_owner(c)}: {words}.{note}{link}")
            continue
        for slip in c.slips:
            moved.append(
                f"{what}: moved from {speech.due(slip.old_due, zone)} to "
                f"{speech.due(slip.new_due, zone)}, because {reason_words(slip.reason)}."
            )
        if status == "missed":
            late.append(f"{what}{_owner(c)}: {words}. We owe you a new date for it.")
        else:
            coming.append(f"{what}{_owner(c)}: {words}.")
    return kept, moved, late, coming, counts


def _next_update(
    incident: Incident,
    commitments: list[TrackedCommitment],
    zone: ZoneInfo,
    now: datetime,
    counts: dict[str, int],
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
    if counts["missed"]:
        return (
            "When we have new dates for what we missed: the incident is closed, but not every "
            "promise is kept."
        )
    return "No more regular updates: the incident is closed and every promise is kept."


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
    news = facts_news(facts_changed)
    changes = [change_line(c, zone) for c in news]
    if version == 1:
        changes = ["This is our first update since the brief."]
    elif not changes:
        changes = ["No new facts since our last update."]
    kept, moved, late, coming, counts = _commitment_parts(commitments, zone, now)
    return Update(
        incident_id=incident_id,
        title=f"Update: {speech.sentence(incident.title)}",
        version=version,
        now=now,
        zone=zone,
        status=_status(incident, zone),
        changes=changes,
        summary=summary(counts),
        kept=kept,
        moved=moved,
        late=late,
        coming=coming,
        next_update=_next_update(incident, commitments, zone, now, counts),
        facts_changed=news,
        commitments=commitments,
        counts=counts,
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
                "status": status_of(c, update.zone, update.now),
                "status_text": words_of(c, update.zone, update.now),
                "done_at": c.done_at.isoformat() if c.done_at else None,
                "note": c.note,
                "link": c.link,
                "slips": [
                    {"from": _due_text(s.old_due), "to": _due_text(s.new_due), "why": s.reason}
                    for s in c.slips
                ],
            }
            for c in update.commitments
            if c.state != "withdrawn"
        ],
        "counts": update.counts,
        "next_update": update.next_update,
    }
