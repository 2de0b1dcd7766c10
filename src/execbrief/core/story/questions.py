"""The hard questions a CEO asks after the script, answered only from the facts.

Where the facts do not answer a question, the answer says so and says when it will be
known. A question is left out only when it does not apply (no detection time, no time
to ask about it).
"""

from __future__ import annotations

from dataclasses import dataclass

from execbrief.core import speech
from execbrief.core.exposure import disclosure
from execbrief.core.story.story import Story

_QUICK_DETECTION_MINUTES = 5
_SLOW_DETECTION_MINUTES = 15


@dataclass(frozen=True)
class Question:
    question: str
    answer: str


def _compensation(story: Story) -> Question:
    q = "Do we owe customers anything?"
    credits = story.assessment.credits
    if credits is None:
        return Question(
            q,
            "We have no contract terms on file for this incident, so we cannot say yet. "
            f"We will check the contracts and tell you {story.next_update_by()}.",
        )
    owed = [c for c in credits.by_contract if c.amount > 0]
    if not owed:
        return Question(q, "No. Uptime this month stayed above every credit threshold.")
    detail = "; ".join(
        f"{speech.percent(c.credit_percent / 100)} of a month's fee for "
        f"{c.customers:,} {c.name} customers"
        for c in owed
    )
    return Question(
        q,
        f"Yes. Our contracts give {story.situation['credits'].phrase} "
        f"in service credits: {detail}.",
    )


def _disclosure(story: Story) -> Question:
    q = "Do we have to disclose this, and by when?"
    if story.obligations is not None:
        return Question(q, disclosure.disclosure_answer(story.obligations, story.zone, story.now))
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
            "Our lawyers should confirm that today.",
        )
    return Question(
        q,
        f"Possibly: {'; '.join(flags)}. Some of these deadlines run in hours, "
        "not days. Our lawyers need to decide today; this is a prompt for them, not legal advice.",
    )


def _press(story: Story) -> Question:
    q = "Will this be in the press?"
    attention = story.incident.impact.public_attention
    if attention:
        return Question(
            q,
            f"It has drawn public attention: {speech.sentence(attention)}. "
            "Our communications team should have a short statement ready.",
        )
    return Question(
        q,
        "We have no record of public attention so far. "
        f"We will check with communications and tell you {story.next_update_by()}.",
    )


def _data(story: Story) -> Question:
    q = "Did we lose any data?"
    lost = story.incident.impact.data_loss
    if lost is None:
        return Question(q, f"We do not know yet. We will know {story.answer_by()}.")
    if lost.strip().lower().rstrip(".") in {"none", "no", "nothing"}:
        return Question(q, "No. We checked, and no data was lost.")
    return Question(q, f"Yes: {speech.sentence(lost)}.")


def _attack(story: Story) -> Question:
    q = "Was this an attack, or our own mistake?"
    attack = story.incident.cause.attack
    if attack is True:
        return Question(q, "It was a deliberate attack on us.")
    if attack is False:
        return Question(q, "We see no sign of an attack. The failure came from our own systems.")
    return Question(q, f"We do not know yet. We will know {story.answer_by()}.")


def _cost(story: Story) -> Question:
    q = "What has this cost us in total?"
    facts = story.situation
    parts = [
        (name, facts.phrase(key))
        for key, name in (
            ("lost_sales", "lost sales"),
            ("credits", "service credits"),
            ("response_cost", "staff time"),
        )
    ]
    known = [(name, said) for name, said in parts if said is not None]
    if not known:
        return Question(
            q,
            "We do not know yet: finance has not given a figure. "
            f"We will know {story.answer_by()}.",
        )
    missing = [name for name, said in parts if said is None and name != "service credits"]
    tail = (
        f" That leaves out {' and '.join(missing)}, which we have not counted yet."
        if missing
        else ""
    )
    total = facts.get("total_cost")
    if total is None:  # one part only: that part is the cost so far
        name, said = known[0]
        return Question(q, f"{speech.capital(said)} so far, all of it {name}.{tail}")
    return Question(q, f"{speech.capital(total.phrase)} so far: {total.method}.{tail}")


def _detection(story: Story) -> Question | None:
    minutes = story.assessment.detect_minutes
    if minutes is None:
        return None
    took = story.situation["detected_after"].phrase
    q = f"Why did it take {took} to notice?"
    if minutes <= _QUICK_DETECTION_MINUTES:
        return Question(q, f"It took {took} from the start of the problem until we knew.")
    if minutes <= _SLOW_DETECTION_MINUTES:
        return Question(
            q,
            f"It took {took} from the start of the problem until we knew. "
            f"The review will check how to cut that; you will have it {story.answer_by()}.",
        )
    return Question(
        q,
        f"{speech.capital(took)} is too long. The review will say why we were slow to notice "
        f"and how we will cut that time; you will have it {story.answer_by()}.",
    )


def _accountability(story: Story) -> Question:
    q = "Who is responsible for this?"
    owners = sorted({c.owner for c in story.commitments if c.owner})
    owned = f" Owners of the follow-up, each with a date: {', '.join(owners)}." if owners else ""
    return Question(
        q,
        "This came from a gap in how our systems and checks work, not from one person. "
        f"Fixing that gap is our job as a team.{owned}",
    )


def tough_questions(story: Story) -> list[Question]:
    found = [
        _compensation(story),
        _disclosure(story),
        _press(story),
        _data(story),
        _attack(story),
        _cost(story),
        _detection(story),
        _accountability(story),
    ]
    return [q for q in found if q is not None]
