"""The hard questions a CEO asks after the script, answered only from the facts.

Each question has a condition (when it matters for this incident) and a priority drawn
from the facts: scale, how long each phase took, data, security, money, contracts, the
press. The brief asks the ones that matter most, most important first. Where the facts
do not answer a question, the answer says what we know, what we do not, and by when; a
question the facts already answer is answered from them, never with "we do not know".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from execbrief.core import speech
from execbrief.core.exposure import disclosure
from execbrief.core.story import money_facts
from execbrief.core.story.asks import counsel_today
from execbrief.core.story.story import Story, decision_when

_QUICK_DETECTION_MINUTES = 5
_SLOW_DETECTION_MINUTES = 15
_LONG_PHASE_MINUTES = 30  # a phase this long is the question the CEO asks first
MOST, FEWEST = 8, 5  # how many questions the brief asks
_MINOR = 40  # below this priority a question is asked only to reach FEWEST


@dataclass(frozen=True)
class Question:
    question: str
    answer: str
    priority: int = 50  # how much it matters for this incident: higher is asked first


def _compensation(story: Story) -> Question | None:
    q = "Do we owe customers anything?"
    credits = story.assessment.credits
    if credits is None:
        if story.incident.customer_facing is False:
            return None  # no customer was hit: nothing to owe
        users = story.situation.phrase("users")
        who = users or f"the {story.incident.impact.users_unit} affected"
        if "contracts" in story.incident.model_fields_set:  # given as none: checked
            return Question(
                q,
                f"No contract gives {who} service credits for this. "
                "Any gesture of goodwill would be our choice, not a debt.",
                priority=45,
            )
        return Question(
            q,
            f"We have not yet checked what our contracts promise {who}. "
            + story.told("The account team will tell you"),
            priority=50,
        )
    owed = [c for c in credits.by_contract if c.amount > 0]
    if not owed:
        return Question(q, "No. Uptime this month stayed above every credit threshold.", 30)
    detail = "; ".join(
        f"{speech.percent(c.credit_percent / 100)} of a month's fee for "
        f"{c.customers:,} {c.name} customers"
        for c in owed
    )
    return Question(
        q,
        f"Yes. Our contracts give {story.situation['credits'].phrase} "
        f"in service credits: {detail}.",
        priority=80,
    )


def _disclosure(story: Story) -> Question:
    q = "Do we have to disclose this, and by when?"
    if story.obligations is not None:
        found = story.obligations
        if not found:
            today = counsel_today(story.incident, story.assessment, found)
            return Question(q, _nothing_triggered(story, today=today), 70 if today else 40)
        return Question(q, disclosure.disclosure_answer(found, story.zone, story.now), 85)
    exposure = story.incident.exposure
    flags: list[str] = []
    if exposure.personal_data_breach is not None:
        people = exposure.personal_data_breach.people
        who = f"{people:,} people" if people is not None else "an unknown number of people"
        flags.append(f"personal data of {who} was exposed")
    if exposure.health_data_breach is not None:
        flags.append("health records were exposed")
    if exposure.sec_registrant:
        flags.append("as a listed company we must disclose it within days if it is judged material")
    if exposure.nis2_significant_incident is not None:
        flags.append("this counts as a significant incident under EU rules for key services")
    if exposure.dora_major_incident is not None:
        flags.append("this counts as a major incident under EU rules for financial firms")
    if exposure.bank_notification_incident_determined_at is not None:
        flags.append("our bank regulators must hear about incidents like this one")
    if not flags:
        return Question(
            q,
            "Nothing we know points to a legal duty to report this. "
            + story.told("Our lawyers will confirm that"),
            priority=35,
        )
    return Question(
        q,
        f"Possibly: {'; '.join(flags)}. Some of these deadlines run in hours, "
        "not days. Our lawyers need to decide today; this is a prompt for them, not legal advice.",
        priority=85,
    )


def _nothing_triggered(story: Story, *, today: bool) -> str:
    noun = f"{story.subject} {story.words.noun}"
    said = f"No notice rule we track is set off by what we know of the {noun}."
    if today:
        return (
            f"{said} At this scale counsel should still confirm that today; it is among the "
            "decisions we ask of you. This is a prompt for counsel, not legal advice."
        )
    return f"{said} {story.told('Counsel will confirm that')} This is not legal advice."


def _statement_ask(story: Story) -> str:
    """What the press answer says we do: the statement we ask the CEO for, when we ask."""
    for d in story.decisions:  # ours begin with our own verb: "Approve", "Decide"
        if d.source != "file" and any(w in d.decision.lower() for w in ("statement", "public")):
            when = f", {decision_when(d, story.zone, story.now)}" if d.deadline else ""
            return f"We ask you to {d.decision[:1].lower()}{d.decision[1:]}{when}."
    return "Our communications team should have a short statement ready."


def _press(story: Story) -> Question:
    q = "Will this be in the press?"
    attention = story.incident.impact.public_attention
    if attention:
        return Question(
            q,
            f"It has drawn public attention: {speech.sentence(attention)}. {_statement_ask(story)}",
            priority=75,
        )
    return Question(
        q,
        "We have no record of public attention so far. "
        + story.told("We will check with communications and tell you"),
        priority=30,
    )


def _data(story: Story) -> Question:
    q = "Did we lose any data?"
    lost = story.incident.impact.data_loss
    at_stake = story.incident.kind in ("data_loss", "security")
    if lost is None:
        return Question(q, f"We do not know yet. {story.will_know()}", 80 if at_stake else 45)
    if lost.strip().lower().rstrip(".") in {"none", "no", "nothing"}:
        return Question(q, "No. We checked, and no data was lost.", 60 if at_stake else 25)
    return Question(q, f"Yes: {speech.sentence(lost)}.", priority=90)


def _attack(story: Story) -> Question:
    q = "Was this an attack, or our own mistake?"
    found = story.incident.cause
    if found.attack is True:
        return Question(q, "It was a deliberate attack on us.", priority=65)
    if found.attack is False:
        return Question(
            q, "We see no sign of an attack. The failure came from our own systems.", 30
        )
    summary = story.own_words("cause.summary", found.summary)
    if found.status == "confirmed" and summary and story.incident.kind != "security":
        return Question(
            q,
            f"The cause is confirmed, and it is not an attack: {speech.clause(summary)}.",
            priority=30,
        )
    return Question(q, f"We do not know yet. {story.will_know()}", priority=55)


def _cost(story: Story) -> Question:
    q = "What has this cost us in total?"
    facts = story.situation
    so_far = " so far" if story.assessment.ongoing else ""
    parts = [
        (name, facts.phrase(key))
        for key, name in (
            ("lost_sales", money_facts.money_noun(facts["lost_sales"])),
            ("credits", "service credits"),
            ("response_cost", "staff time"),
        )
    ]
    known = [(name, said) for name, said in parts if said is not None]
    if not known:
        return Question(
            q,
            f"We do not know yet: finance has not given a figure. {story.will_know()}",
            priority=60,
        )
    missing = [name for name, said in parts if said is None and name != "service credits"]
    tail = (
        f" That leaves out {' and '.join(missing)}, which we have not counted yet."
        if missing
        else ""
    )
    total = facts.get("total_cost")
    if total is not None and not facts["lost_sales"].known:  # the total says it leaves it out
        missing = [name for name in missing if name != parts[0][0]]
        tail = " " + story.told("We will know the rest", unset="We will tell you the rest")
    if total is None:  # one part only: that part is the cost
        name, said = known[0]
        return Question(q, f"{speech.capital(said)}{so_far}, all of it {name}.{tail}", 70)
    join = ", " if total.method.startswith("nearly all") else ": "
    return Question(q, f"{speech.capital(total.phrase)}{so_far}{join}{total.method}.{tail}", 80)


def _steps_between(story: Story, start: datetime, end: datetime) -> str:
    """What the timeline logged inside a phase, said briefly: the first three steps. A step
    logged at the phase's end is its end ("service back"), said with it, not in between."""
    steps = [e for e in story.incident.timeline.events if start < e.at < end]
    if not steps:
        return ""
    said = "; ".join(f"at {story.later_at(e.at)}, {speech.inner(e.what)}" for e in steps[:3])
    extra = len(steps) - 3
    more = f", and {speech.number(extra)} more step{'s' if extra > 1 else ''}" if extra > 0 else ""
    return f" In between: {said}{more}."


def _long_phases(story: Story) -> list[Question]:
    """A question about each long phase (noticing, stopping it once we knew, service back
    to resolved, or still open), the slowest first; when none is long, about the slowest.
    The long phase is always explained."""
    t, a, facts = story.incident.timeline, story.assessment, story.situation
    phases: list[tuple[str, float]] = []
    if a.detect_minutes is not None:
        phases.append(("detect", float(a.detect_minutes)))
    if t.detected is not None and a.ongoing:
        phases.append(("open", (story.now - t.detected).total_seconds() / 60))
    elif facts.get("fixed_after") is not None:  # the fix went in, then a recovery
        phases.append(("fix", float(facts["fixed_after"].value or 0)))
    elif a.mitigate_minutes is not None and t.detected is not None:
        phases.append(("stop", float(a.mitigate_minutes)))
    if facts.get("recovered_after") is not None and not a.ongoing:
        phases.append(("recover", float(facts["recovered_after"].value or 0)))
    if facts.get("settled_after") is not None:
        phases.append(("settle", float(facts["settled_after"].value or 0)))
    if not phases:
        return []
    longest = max(minutes for _, minutes in phases)
    long = [p for p in phases if p[1] >= _LONG_PHASE_MINUTES] or [
        p for p in phases if p[1] == longest
    ]
    return [
        _phase_question(
            story,
            phase,
            90
            if minutes == longest and minutes >= _LONG_PHASE_MINUTES
            else 70
            if minutes >= _LONG_PHASE_MINUTES
            else 40,
        )
        for phase, minutes in long
    ]


def _phase_question(story: Story, phase: str, priority: int) -> Question:
    t, facts = story.incident.timeline, story.situation
    if phase == "detect":
        return _detection(story, priority)
    if phase == "open":
        assert t.detected is not None
        took = facts["lasted"].phrase
        so_far = story.own_words("fix.immediate", story.incident.fix.immediate)
        tried = f" So far we {speech.clause(so_far)}." if so_far else ""
        return Question(
            f"Why is it still not fixed after {took}?",
            f"We knew at {story.at(t.detected)} and it is still going on.{tried}"
            f"{_steps_between(story, t.detected, story.now)} "
            + story.told("You will hear where it stands", unset="We will tell you where it stands"),
            priority,
        )
    if phase == "stop":
        assert t.detected is not None and t.mitigated is not None
        took = facts["restored_after"].phrase
        done = story.own_words("fix.immediate", story.incident.fix.immediate)
        how = f", once we {speech.clause(done)}" if done else ""
        back = story.words.restored.split(" at")[0].lower()
        return Question(
            f"Why did it take {took} to stop it once we knew?",
            f"We knew at {story.at(t.detected)}. {speech.capital(back)} at "
            f"{story.later_at(t.mitigated)}{how}.{_steps_between(story, t.detected, t.mitigated)}"
            f" The review will say why it took {took} and how we cut it. "
            + _you_will_have_it(story),
            priority,
        )
    if phase == "fix":
        fixed = story.incident.fix.immediate_at
        assert t.detected is not None and fixed is not None
        took = facts["fixed_after"].phrase
        done = story.own_words("fix.immediate", story.incident.fix.immediate)
        what = f": we {speech.clause(done)}" if done else ""
        return Question(
            f"Why did it take {took} to put the fix in once we knew?",
            f"We knew at {story.at(t.detected)}. The fix was in at {story.later_at(fixed)}"
            f"{what}.{_steps_between(story, t.detected, fixed)} The review will say why it took "
            f"{took} and how we cut it. {_you_will_have_it(story)}",
            priority,
        )
    if phase == "recover":
        fixed = story.incident.fix.immediate_at
        assert fixed is not None and t.mitigated is not None
        took = facts["recovered_after"].phrase
        unit = story.incident.impact.users_unit
        return Question(
            f"Why were {unit} still affected for {took} after the fix was in?",
            f"The fix was in at {story.at(fixed)}, but what had already failed had to be "
            f"brought back. {story.words.restored} {story.later_at(t.mitigated)}."
            f"{_steps_between(story, fixed, t.mitigated)} The review will say what slowed the "
            f"recovery and how we make it faster. {_you_will_have_it(story)}",
            priority,
        )
    assert t.mitigated is not None and t.resolved is not None
    took = facts["settled_after"].phrase
    closing = story.event_at(t.resolved)
    last = f": {speech.inner(closing)}" if closing else ""
    return Question(
        f"Why did it take {took} more to call it resolved?",
        f"{story.words.restored} {story.at(t.mitigated)}. We called it resolved at "
        f"{story.later_at(t.resolved)}{last}.{_steps_between(story, t.mitigated, t.resolved)} "
        f"The review will say what held us for {took}. {_you_will_have_it(story)}",
        priority,
    )


def _you_will_have_it(story: Story) -> str:
    return story.answered("You will have it", unset="We will give it to you")


def _detection(story: Story, priority: int) -> Question:
    minutes = story.assessment.detect_minutes
    assert minutes is not None
    took = story.situation["detected_after"].phrase
    q = f"Why did it take {took} to notice?"
    if minutes <= _QUICK_DETECTION_MINUTES:
        return Question(q, f"It took {took} from the start of the problem until we knew.", priority)
    if minutes <= _SLOW_DETECTION_MINUTES:
        return Question(
            q,
            f"It took {took} from the start of the problem until we knew. "
            f"The review will check how to cut that. {_you_will_have_it(story)}",
            priority,
        )
    return Question(
        q,
        f"{speech.capital(took)} is too long. The review will say why we were slow to notice "
        f"and how we will cut that time. {_you_will_have_it(story)}",
        priority,
    )


def _accountability(story: Story) -> Question:
    q = "Who is responsible for this?"
    owners = sorted({c.owner for c in story.commitments if c.owner})
    owned = f" Owners of the follow-up, each with a date: {', '.join(owners)}." if owners else ""
    found = story.incident.cause
    gap = story.own_words("cause.safeguard_gap", found.safeguard_gap)
    if found.attack is True:
        said = "The attackers did this; how they got past us is ours to close"
        said += f": {speech.clause(gap)}." if gap else ", and the review will say how."
    elif gap:
        said = f"No one person. It got through because {speech.clause(gap)}; we own that check."
    else:
        said = "We do not yet know which of our checks missed it. " + story.answered(
            "The review will name the check and its fix, not a person"
        )
    return Question(q, said + owned, priority=60 if found.attack is True else 35)


def tough_questions(story: Story) -> list[Question]:
    """The questions that matter most for this incident, most important first: every one
    that matters (priority from _MINOR up), at least FEWEST and at most MOST."""
    found = [
        *_long_phases(story),
        _compensation(story),
        _disclosure(story),
        _press(story),
        _data(story),
        _attack(story),
        _cost(story),
        _accountability(story),
    ]
    asked = sorted((q for q in found if q is not None), key=lambda q: -q.priority)
    wanted = [q for q in asked if q.priority >= _MINOR]
    return asked[: max(FEWEST, min(MOST, len(wanted)))]
