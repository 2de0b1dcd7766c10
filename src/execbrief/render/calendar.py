"""Open commitments as an iCalendar file: one event each, with a reminder before it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from execbrief.core.followup import TrackedCommitment
from execbrief.core.story.promise_state import reason_words

MEETING = timedelta(minutes=30)  # a timed promise shows as a short slot ending at its time
REMIND_TIMED = timedelta(hours=2)
REMIND_DAY = timedelta(hours=15)  # 9 a.m. the day before an all-day promise


def calendar(
    incident_id: str, title: str, commitments: list[TrackedCommitment], stamp: datetime
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//execbrief//commitments//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Commitments: {title}")
    for c in commitments:
        if not c.pending:
            continue
        due: date | datetime = c.current_due
        event = Event()
        event.add("uid", f"{incident_id}-{c.number}@execbrief")
        event.add("dtstamp", stamp)
        event.add("summary", f"Due: {c.what}")
        owner = f"Owner: {c.owner}. " if c.owner else ""
        because = reason_words(c.reason or "")
        moved = f" Moved {len(c.slips)} time(s); last because {because}." if c.slips else ""
        event.add("description", f"{owner}Promised for the incident '{title}'.{moved}")
        if isinstance(due, datetime):
            event.add("dtstart", due - MEETING)
            event.add("dtend", due)
            trigger = {"RELATED": "END"}
            before = REMIND_TIMED
        else:
            event.add("dtstart", due)
            event.add("dtend", due + timedelta(days=1))
            trigger = {"RELATED": "START"}
            before = REMIND_DAY
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Due soon: {c.what}")
        alarm.add("trigger", -before, parameters=trigger)
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
