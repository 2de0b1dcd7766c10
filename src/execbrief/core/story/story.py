"""What every sentence of the brief is written from: the facts, the impact math, the
legal clocks, the commitments and the moment of the brief; and the words that differ by
kind of incident (outage, slowdown, data loss, breach)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.exposure import Obligation
from execbrief.core.impact import Assessment, MoneyAtRisk, money_at_risk
from execbrief.core.incident import Incident, due_moment
from execbrief.core.story.asks import decisions_needed
from execbrief.core.story.decision import Decision
from execbrief.core.story.fact import Situation
from execbrief.core.story.planned_commitments import (
    PlannedCommitment,
    next_contact,
    report_commitment,
)
from execbrief.core.story.promise_state import commitment_state, status_words
from execbrief.core.story.situation import situation


@dataclass(frozen=True)
class KindWords:
    """The phrases that differ between an outage, a slowdown, lost data and a breach.

    Templates take {subject} (the service), {duration} and {time}.
    """

    failed: str
    failing: str
    began: str
    lasted: str  # followed by a duration; {Users} is the file's users_unit, capitalised
    noun: str  # "the Checkout outage"
    restore: str  # "To restore service, we ..."
    restored: str  # followed by a time
    # The headline's last words once impact has ended; {at} is " at <time>", or "" when the
    # headline has said that time already. Never more than the file says: the moment impact
    # ended, not "back to normal" (the file's own words at that moment, when it has any,
    # come first: sections.headline).
    over: str


KIND_WORDS = {
    "outage": KindWords(
        failed="{subject} failed for {duration}",
        failing="{subject} has been failing",
        began="{subject} began failing at {time}",
        lasted="{Users} were affected for",
        noun="outage",
        restore="To restore service",
        restored="Service was restored at",
        over="service was restored{at}",
    ),
    "slowdown": KindWords(
        failed="{subject} was slow or failing for {duration}",
        failing="{subject} has been slow or failing",
        began="{subject} slowed down at {time}",
        lasted="{Users} were affected for",
        noun="slowdown",
        restore="To restore service",
        restored="Service was restored at",
        over="service was restored{at}",
    ),
    "data_loss": KindWords(
        failed="{subject} lost data over {duration}",
        failing="{subject} has been losing data",
        began="{subject} began losing data at {time}",
        lasted="{Users} were affected for",
        noun="data loss",
        restore="To restore service",
        restored="Service was restored at",
        over="service was restored{at}, but some data is lost",
    ),
    "security": KindWords(
        failed="An intruder had access to {subject} for {duration}",
        failing="An intruder has had access to {subject}",
        began="An intruder got into {subject} at {time}",
        lasted="The intruder had access for",
        noun="security breach",
        restore="To shut the intruder out",
        restored="Access was shut off at",
        over="the intruder was shut out{at}",
    ),
}


@dataclass(frozen=True)
class Story:
    """What every sentence builder needs: the facts, the math and the moment of the brief."""

    incident: Incident
    assessment: Assessment
    commitments: list[PlannedCommitment]
    obligations: tuple[Obligation, ...] | None = None  # None: no rules were checked
    # Fields of the engineer's text that blame someone or state a cause too surely: the
    # CEO's copy never repeats them word for word (the presenter pack lists the findings).
    withheld: frozenset[str] = frozenset()
    # What the store's history says of this kind of failure (core/history/evidence.py);
    # None when no store was asked.
    history: str | None = None

    def own_words(self, path: str, text: str | None) -> str | None:
        """The engineer's text for `path`, unless the language check withheld it."""
        return None if not text or path in self.withheld else text

    def event_at(self, moment: datetime) -> str | None:
        """The file's own words for what happened at `moment` (to the minute), unless the
        language check withheld them."""
        minute = moment.replace(second=0, microsecond=0)
        for i, event in enumerate(self.incident.timeline.events):
            if event.at.replace(second=0, microsecond=0) == minute:
                return self.own_words(f"timeline.events[{i}].what", event.what)
        return None

    @cached_property  # read by the situation, the brief and the JSON: worked out once
    def money_at_risk(self) -> MoneyAtRisk | None:
        return money_at_risk(self.incident, self.assessment)

    @cached_property
    def situation(self) -> Situation:
        """Each fact with its state and its one phrase (story/situation.py)."""
        return situation(self.incident, self.assessment, self.money_at_risk)

    @cached_property
    def decisions(self) -> list[Decision]:
        """The file's asks, then the decisions the facts put to the CEO (story/asks.py)."""
        return decisions_needed(
            self.incident, self.assessment, self.obligations or (), self.money_at_risk
        )

    @property
    def zone(self) -> ZoneInfo:
        return self.incident.zone

    @property
    def now(self) -> datetime:
        return self.assessment.now

    @property
    def words(self) -> KindWords:
        return KIND_WORDS[self.incident.kind]

    @property
    def subject(self) -> str:
        return speech.sentence(self.incident.service or self.incident.title)

    def at(self, moment: datetime) -> str:
        return speech.clock_time(moment, self.zone, now=self.now)

    def later_at(self, moment: datetime) -> str:
        """A second time in the same breath: the day is left out when it is the start's day."""
        started = self.incident.timeline.started.astimezone(self.zone).date()
        if moment.astimezone(self.zone).date() == started:
            return speech.clock_time(moment, self.zone, with_day=False)
        return self.at(moment)

    def on(self, moment: datetime) -> str:
        """The day a moment fell on, told against `now`: 'on Friday, November 20',
        'yesterday', 'on Tuesday, October 6, 2025'."""
        told = speech.day(
            moment.astimezone(self.zone).date(), self.now.astimezone(self.zone).date()
        )
        return told if told in ("yesterday", "today", "tomorrow") else f"on {told}"

    def promise(self, due: date | datetime, *, kept: bool = False) -> str:
        """A date told against the brief's `now` (see `promise`)."""
        return promise(due, self.zone, self.now, kept=kept)

    def next_update_by(self) -> str | None:
        """When the CEO next hears from us, for answers that do not wait on the report:
        'by Friday, November 20, when you next hear from us'; None when no update, call or
        report is scheduled (then no sentence may promise one: see `told`)."""
        upcoming = next_contact(self.commitments, self.zone, self.now)
        if upcoming is not None:
            return f"{self.promise(upcoming.due)}, when you next hear from us"
        # A missed update is never promised again as "the update we owe you now": its new
        # date is owed today, said once near the top (late_from_us).
        return None

    def told(self, said: str, *, unset: str | None = None) -> str:
        """`said` (who tells the CEO, without its end: 'The account team will tell you')
        as a whole sentence with when they will: the next update's date when one is
        scheduled; else who tells them (`unset`, when `said` alone would not read well)
        and, plainly, that no time is set. Never 'in our next update' when none is planned."""
        return _when(said, self.next_update_by(), unset)

    def answered(self, said: str, *, unset: str | None = None) -> str:
        """Like `told`, for what the report settles: its date while it is still ahead, else
        the next update's, else no time (see `answer_by`)."""
        return _when(said, self.answer_by(), unset)

    def will_know(self) -> str:
        """'We will know by Friday, December 4, in the root cause report.', or with nothing
        scheduled, that we will tell them and no time is set."""
        return self.answered("We will know", unset="We will tell you when we know")

    def late_from_us(self) -> list[str]:
        """Our own promises whose date has passed unkept, in date order, said near the top
        of every output: a week of silence is news the CEO must not find in a table at the
        bottom. When a missed one is an update and none is scheduled, one more sentence
        says the new date is owed today; with a next update scheduled, when it comes."""
        missed = sorted(
            (c for c in self.commitments if commitment_state(c, self.zone, self.now) == "missed"),
            key=lambda c: c.due_at(self.zone),
        )
        lines = [f"{speech.sentence(c.what)}: {self.promise(c.due)}." for c in missed]
        if any("update" in c.what.lower() for c in missed):
            upcoming = next_contact(self.commitments, self.zone, self.now)
            lines.append(
                f"Our next update comes {self.promise(upcoming.due)}."
                if upcoming is not None
                else "We owe you a date for our next update today."
            )
        return lines

    def answer_by(self) -> str | None:
        """When the open questions will be answered: the report's date while it is still
        ahead, else the next update; None when neither is scheduled."""
        report = report_commitment(self.commitments)
        if report is not None and report.due_at(self.zone) >= self.now:
            return f"{self.promise(report.due)}, in the {report.what.lower()}"
        return self.next_update_by()

    def decision_line(self, d: Decision) -> str:
        """One decision as the CEO hears it: what, by when, what happens without it, and
        what we recommend; each part only where it is known."""
        said = speech.sentence(d.decision)
        if d.deadline is not None:
            said += f", {decision_when(d, self.zone, self.now)}"
        said += "."
        if d.if_no_decision:
            said += f" Without it, {speech.clause(d.if_no_decision)}."
        if d.recommendation:
            said += f" We recommend: {speech.clause(d.recommendation)}."
        return said


NO_TIME_SET = "No time is set for that yet."


def _when(said: str, by: str | None, unset: str | None) -> str:
    if by is not None:
        return f"{said} {by}."
    return f"{unset or said}. {NO_TIME_SET}"


def promise(due: date | datetime, zone: ZoneInfo, now: datetime, *, kept: bool = False) -> str:
    """A date told against `now`: 'by Friday, November 27', 'by the end of today'; a date
    already past is never a promise: 'was due Tuesday, November 17: missed'. Every output
    that shows a commitment's date says it this way."""
    if kept:
        return "done"
    when = speech.due(due, zone, now)
    if due_moment(due, zone) < now:
        return f"was due {when}: missed"
    return "by the end of today" if when == "today" else f"by {when}"


def commitment_words(commitment: PlannedCommitment, zone: ZoneInfo, now: datetime) -> str:
    """The state in words (see promise_state.status_words)."""
    return status_words(
        commitment_state(commitment, zone, now),
        due=commitment.due,
        done_at=commitment.done_at,
        reason=commitment.reason,
        zone=zone,
        now=now,
    )


def decision_when(d: Decision, zone: ZoneInfo, now: datetime) -> str:
    """A decision's deadline as every output says it: 'by 3:00 p.m. EST today', or, once
    passed, 'now: the deadline was Friday, October 9' (never a promise)."""
    assert d.deadline is not None
    if due_moment(d.deadline, zone) < now:
        return f"now: the deadline was {speech.due(d.deadline, zone, now)}"
    return promise(d.deadline, zone, now)
