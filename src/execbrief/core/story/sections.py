"""The sentences of the brief, topic by topic, written from the facts and the impact math.

The one-page sections and the spoken script both draw on these, so the page and the
meeting never disagree. Rules: plain words, numbers rounded for speech, a suspected
cause framed as a first finding, and anything unknown said to be unknown with when
it will be known.
"""

from __future__ import annotations

from execbrief.core import speech
from execbrief.core.exposure import disclosure
from execbrief.core.incident import UsersShare, due_moment
from execbrief.core.story import money_facts
from execbrief.core.story.planned_commitments import (
    PlannedCommitment,
    next_contact,
)
from execbrief.core.story.story import Story


def _users_words(story: Story) -> str | None:
    return story.situation.phrase("users")


def money_words(story: Story) -> str | None:
    """'about $58,000 in lost sales (between $39,000 and $79,000)', or None when unknown."""
    loss = story.situation["lost_sales"]
    return money_facts.money_words(loss) if loss.known else None


def headline(story: Story) -> str:
    a = story.assessment
    started = story.incident.timeline.started.astimezone(story.zone)
    users = _users_words(story)
    parts: list[str] = []
    said_end = False  # whether the opening gives the time impact ended
    if a.ongoing:
        opening = (
            story.words.failing.format(subject=story.subject)
            + f" for {story.situation['lasted'].phrase} since {story.at(started)}"
        )
    else:
        ended = story.incident.timeline.mitigated
        assert ended is not None
        # Said by the day it began, unless it ran into another day: then by when it ended,
        # so 'for 9 hours yesterday' never sits beside 'until 7:30 a.m. today'.
        said_end = ended.astimezone(story.zone).date() != started.date()
        when = f"until {story.at(ended)}" if said_end else story.on(started)
        opening = (
            story.words.failed.format(
                subject=story.subject, duration=story.situation["lasted"].phrase
            )
            + f" {when}"
        )
    if users:
        parts.append(f"hitting {users}" + (" so far" if a.ongoing else ""))
    loss = story.situation["lost_sales"]
    kind = money_facts.money_noun(loss)
    if loss.known:
        cost = loss.phrase
        if loss.state == "estimated" and not cost.startswith("about"):
            cost = "an estimated " + cost
        parts.append(f"costing {cost} in {kind.removeprefix('lost ')}")
    else:
        parts.append(f"with {kind} not yet known")
    ending = "it is not yet fixed" if a.ongoing else _ended(story, said_end=said_end)
    return speech.capital(f"{opening}, {', '.join(parts)}; {ending}.")


def _ended(story: Story, *, said_end: bool) -> str:
    """How the impact ended, in no more words than the file gives: its own words for the
    moment impact ended (an outage or a slowdown) with the time after them ("requests
    succeeding again at 2:30 p.m."; before them, a timeline line reads as a fragment), else
    'service was restored at <time>'. `said_end`: the opening already gave the end's time
    ('until 4:00 p.m. yesterday')."""
    ended = story.incident.timeline.mitigated
    assert ended is not None
    at = "" if said_end else f" at {story.later_at(ended)}"
    own = story.event_at(ended) if story.incident.kind in ("outage", "slowdown") else None
    if own is not None:
        return speech.inner(own) + at
    return story.words.over.format(at=at)


def what_happened(story: Story) -> list[str]:
    incident, a = story.incident, story.assessment
    timeline = incident.timeline
    if incident.service:
        began = story.words.began.format(subject=story.subject, time=story.at(timeline.started))
        out = [f"{began}."]
    else:
        out = [
            f"The problem began at {story.at(timeline.started)}: {speech.clause(incident.title)}."
        ]
    if a.ongoing:
        out.append(f"It has gone on for {story.situation['lasted'].phrase} so far and is not over.")
    else:
        assert timeline.mitigated is not None
        out.append(
            f"{story.words.lasted.format(Users=speech.capital(story.incident.impact.users_unit))} "
            f"{story.situation['lasted'].phrase}, "
            f"until {story.later_at(timeline.mitigated)}."
        )
    users = _users_words(story)
    share = incident.impact.traffic_failing
    if users:
        verb = "have been" if a.ongoing else "were"
        out.append(f"{speech.capital(users)} {verb} affected.")
    else:
        out.append(f"We do not yet know how many {incident.impact.users_unit} were affected.")
    lost = story.situation["data_loss"]
    if lost.known and lost.phrase != "none":  # a breach or lost data is in the first paragraph
        out.append(f"Data lost: {lost.phrase}.")
    if share is not None:
        tense = "are failing" if a.ongoing else "failed while it lasted"
        out.append(f"About {speech.percent(share)} of attempts {tense}.")
    if a.detect_minutes is not None and timeline.detected is not None:
        how = _detection_event(story)
        when = story.situation["detected_after"].phrase
        # The event's own words after a colon: a line of the timeline ("Alarms on failing
        # requests") is seldom a sentence of its own.
        out.append(f"We knew {when} after it began" + (f": {speech.inner(how)}." if how else "."))
    else:
        out.append("We have not yet pinned down when we first knew.")
    return out


def _detection_event(story: Story) -> str | None:
    detected = story.incident.timeline.detected
    for event in story.incident.timeline.events:
        if event.at == detected:
            return speech.clause(event.what)
    return None


def impact(story: Story) -> list[str]:
    incident, a = story.incident, story.assessment
    out: list[str] = []
    users = _users_words(story)
    if users:
        out.append(f"{speech.capital(users)} affected.")
    if isinstance(incident.impact.users_affected, UsersShare):
        out.append(
            f"That is {speech.percent(incident.impact.users_affected.fraction_of_active)} "
            f"of our active {incident.impact.users_unit}."
        )
    money = money_words(story)
    if money and a.revenue is not None:
        out.append(_loss_sentence(a.revenue.primary.method, money))
        check = story.situation.get("lost_sales_check")
        primary, second = a.revenue.primary, a.revenue.cross_check
        if check is not None and second is not None:
            said = f"A second method ({check.method}) gives {check.phrase}"
            if not primary.low <= second.likely <= primary.high:
                side = "below" if second.likely < primary.low else "above"
                said += f", {side} our range; finance will settle the figure"
            out.append(said + ".")
    else:
        kind = money_facts.money_noun(story.situation["lost_sales"])
        out.append(f"We do not know the {kind} yet; finance has not given a figure.")
    if a.credits is not None:
        out.append(_credit_sentence(story))
    churn = _at_risk_sentence(story)
    if churn:
        out.append(churn)
    legal = disclosure.legal_sentence(story.obligations or (), story.zone, story.now)
    if legal:
        out.append(legal)
    if a.response is not None:
        out.append(f"Staff time on the response: {story.situation['response_cost'].phrase}.")
    total = story.situation.get("total_cost")
    if total is not None:  # the sum of the parts above, said once, as its tile says it
        left_out = total.method.partition("; ")[2].removesuffix(", not known yet")
        out.append(f"{total.label}: {total.phrase}" + (f", {left_out}" if left_out else "") + ".")
    if incident.impact.support_tickets is not None:
        out.append(f"Support requests: {incident.impact.support_tickets:,}.")
    if incident.impact.public_attention:
        out.append(f"Public attention: {speech.sentence(incident.impact.public_attention)}.")
    return out


def _at_risk_sentence(story: Story) -> str | None:
    """Sales at risk from customers who may leave: yearly, and not part of the cost (never
    added to the credits as a third total)."""
    churn = story.situation.get("churn")
    if churn is None:
        return None  # credits alone already have their own sentence
    return (
        f"Customers who may leave over this put {churn.phrase} in sales a year at risk "
        f"(if {churn.method}); that is sales we may lose later, not part of the cost."
    )


def _loss_sentence(method: str, money: str) -> str:
    if method == "finance":
        return f"Finance puts it at {money}."
    return f"We estimate {money}, {money_facts.method_words(method)}."


def _credit_sentence(story: Story) -> str:
    credits = story.assessment.credits
    assert credits is not None
    owed = [c for c in credits.by_contract if c.amount > 0]
    if not owed:
        return "Service credits: none owed; uptime stayed above every contract threshold."
    names = ", ".join(f"{c.name}: {c.customers:,} customers" for c in owed)
    return f"Service credits owed under contract: {story.situation['credits'].phrase} ({names})."


def cause(story: Story) -> list[str]:
    found = story.incident.cause
    summary = story.own_words("cause.summary", found.summary)
    gap = story.own_words("cause.safeguard_gap", found.safeguard_gap)
    out: list[str] = []
    if not found.summary:
        out.append("We do not know the cause yet.")
        out.append(story.answered("We expect to know", unset="We will tell you when we know"))
    elif summary is None:
        out.append(
            story.answered(
                "We have a first finding on the cause; you will have it",
                unset="We have a first finding on the cause; we will give it to you",
            )
        )
    elif found.status == "confirmed":
        out.append(f"The cause: {speech.clause(summary)}.")
    else:
        out.append(f"Our first finding is that {speech.clause(summary)}.")
        out.append(story.answered("This finding is not confirmed yet; we will confirm it"))
    if gap:
        out.append(f"It got past our safeguards because {speech.clause(gap)}.")
    elif found.safeguard_gap:
        out.append("Why our safeguards missed it is still being written up.")
    else:
        out.append("We do not yet know why our safeguards missed it.")
    if found.attack is True:
        out.append("We know this was a deliberate attack on us.")
    elif found.attack is False:
        out.append("We see no sign of an attack.")
    return out


def fix(story: Story) -> list[str]:
    incident, a = story.incident, story.assessment
    plan = incident.fix
    immediate = story.own_words("fix.immediate", plan.immediate)
    permanent = story.own_words("fix.permanent", plan.permanent)
    out: list[str] = []
    if a.ongoing:
        out.append("Service is not restored yet.")
        if immediate:
            out.append(f"So far we {speech.clause(immediate)}.")
    else:
        assert incident.timeline.mitigated is not None
        recovered = story.situation.get("recovered_after")
        fixed = plan.immediate_at
        if recovered is not None and fixed is not None:
            # the fix went in long before service came back: said as two steps
            done = f"we {speech.clause(immediate)}" if immediate else "the fix was in"
            out.append(f"At {story.at(fixed)}, {done}.")
            out.append(
                f"What had already failed took {recovered.phrase} more to bring back: "
                f"{story.words.restored.lower()} {story.later_at(incident.timeline.mitigated)}."
            )
        else:
            restored = story.later_at(incident.timeline.mitigated)
            if immediate:
                out.append(f"{story.words.restore}, we {speech.clause(immediate)}.")
            out.append(
                f"{story.words.restored} {restored}, "
                f"{story.situation['lasted'].phrase} after it began."
            )
    if plan.permanent and permanent is None:
        out.append(
            story.answered(
                "We have chosen the lasting fix; you will have its details",
                unset="We have chosen the lasting fix; we will give you its details",
            )
        )
    elif permanent:
        change = speech.clause(permanent)
        eta = plan.permanent_eta
        if eta is None:
            out.append(f"The lasting fix: we will {change}.")
            out.append(story.told("We will give you its date"))
        elif due_moment(eta, story.zone) < story.now:
            out.append(f"The lasting fix, to {change}, {story.promise(eta)}.")
        else:
            out.append(f"The lasting fix: we will {change}, {story.promise(eta)}.")
    else:
        out.append(story.answered("We have not chosen the lasting fix yet; we expect to choose it"))
    return out


def recurrence(story: Story) -> list[str]:
    said = _recurrence_risk(story)
    return said if story.history is None else [*said, story.history]


def _recurrence_risk(story: Story) -> list[str]:
    risk = story.incident.recurrence
    reason = story.own_words("recurrence.why", risk.why)
    why = f", because {speech.clause(reason)}" if reason else ""
    if risk.risk == "low" and story.incident.cause.status != "confirmed":
        doubt = (
            "if our first finding on the cause holds"
            if story.incident.cause.summary
            else "but we do not know the cause yet"
        )
        return [
            f"The risk of this same failure is low for now{why}, {doubt}.",
            story.will_know(),
        ]
    if risk.risk == "low":
        if _lasting_fix_in(story):
            return [
                f"The risk of this same failure is now low{why}.",
                "No one can rule out every failure, and we will keep checking.",
            ]
        eta = story.incident.fix.permanent_eta
        when = ""
        if eta is not None:
            said = story.promise(eta)
            when = f"; it {said}" if said.startswith("was due") else f", {said}"
        return [
            f"The risk of this same failure is low for now{why}.",
            f"Some risk remains until the lasting fix is in{when}. We will keep checking.",
        ]
    if risk.risk == "medium":
        return [f"Some risk remains until the lasting fix is in{why}."]
    if risk.risk == "high":
        return [f"Yes, it could happen again until the lasting fix is in{why}."]
    return [
        "We cannot judge the risk yet.",
        story.answered("We will know more", unset="We will tell you more when we know"),
    ]


def _lasting_fix_in(story: Story) -> bool:
    """Whether the lasting fix is done: a kept commitment that names the fix."""
    return any(c.status == "kept" and "fix" in c.what.lower() for c in story.commitments)


def asks(story: Story) -> list[str]:
    wanted = story.decisions
    if not wanted:
        return ["Nothing is needed from you today."]
    if len(wanted) == 1:
        return [f"One decision from you: {story.decision_line(wanted[0])}"]
    return [f"{speech.capital(speech.number(len(wanted)))} decisions from you:"] + [
        f"{n}. {story.decision_line(d)}" for n, d in enumerate(wanted, start=1)
    ]


def commitment_line(story: Story, commitment: PlannedCommitment) -> str:
    owner = f" from {speech.sentence(commitment.owner)}" if commitment.owner else ""
    what = speech.sentence(commitment.what)
    return f"{what}{owner}: {story.promise(commitment.due, kept=commitment.status == 'kept')}."


NO_UPDATE = "No update to you is scheduled yet."


def next_steps(story: Story) -> list[str]:
    out = [commitment_line(story, c) for c in story.commitments]
    if next_contact(story.commitments, story.zone, story.now) is None:
        out.append(NO_UPDATE)
    # else the next update is one of the lines above: announced once, not twice in a row
    return out
