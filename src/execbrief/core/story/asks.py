"""What the CEO must decide.

Each decision carries its deadline, what happens without it and what we recommend, so the
CEO can decide in the room. The engineer's own asks come first, as written; then the
decisions the facts put to the CEO (a notice clock running, credits owed, customers' data
lost, the press watching), unless an ask of the file already covers them. A deadline is
given only where a fact gives one: never made up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from execbrief.core import speech
from execbrief.core.exposure import Obligation, decisions, time_left
from execbrief.core.impact import Assessment, MoneyAtRisk
from execbrief.core.incident import Ask, Incident, due_moment
from execbrief.core.story.decision import SOON, Decision, listed, mentioned, obligation_fact
from execbrief.core.story.public import (
    market_open,
    regulator_named,
    statement,
    trading_loss,
)

_DISCLOSURE_WORDS = ("regulator", "notif", "disclos", "counsel", "lawyer", "legal", "report to")
_TELL_WORDS = ("tell", "letter", "inform", "contact", "email", "e-mail", "notify")
_STATEMENT_WORDS = ("statement", "press", "public")
_REMEDY_WORDS = ("credit", "refund", "goodwill", "compensat", "discount")
_PAUSE_WORDS = ("pause", "freeze", "hold", "halt", "stop")
# A cause that is a change we made: what a pause until the lasting fix would hold back.
_CHANGE_WORDS = (
    "release",
    "update",
    "deploy",
    "change",
    "setting",
    "config",
    "rollout",
    "upgrade",
    "migration",
    "patch",
    "new code",
    "new version",
)
MANY_HIT = 1_000  # this many people or customers hit: a remedy is the CEO's call


_PARTS = ("a deadline", "what happens if you wait", "a recommendation")


def _from_file(ask: str | Ask) -> Decision:
    """An ask as the file gives it, nothing made up. What it lacks is kept in `missing`:
    the brief is then not ready, and the engineer's readiness reasons and presenter pack
    name the parts to add; the CEO's handout never shows a tool's note."""
    if isinstance(ask, str):
        decision, deadline, without, advice = _words(ask), None, None, None
    else:
        decision = _words(ask.decision)
        deadline, without, advice = ask.deadline, ask.if_no_decision, ask.recommendation
    missing = tuple(
        part for part, given in zip(_PARTS, (deadline, without, advice), strict=True) if not given
    )
    return Decision(decision, deadline, without, advice, "file", missing)


def _words(ask: str) -> str:
    """The ask as a clause: its full stop gone, unless that stop ends 'a.m.' or 'p.m.'."""
    text = ask.strip()
    return text if text.endswith((".m.", " etc.")) else speech.sentence(text)


def _counsel(found: Sequence[Obligation]) -> list[Decision]:
    return [
        Decision(
            f"Get counsel's answer on {o.decision}",
            None,
            f"we cannot tell whether the {o.name} clock is running, so its deadline could "
            "pass unnoticed",
            "ask counsel today",
            obligation_fact(o),
            from_clock=True,
        )
        for o in decisions(found)
        if o.decision
    ]


def _notices(found: Sequence[Obligation], now: datetime) -> list[Decision]:
    clocks = sorted(
        (o for o in found if o.kind == "law" and o.deadline is not None),
        key=lambda o: o.deadline or now,
    )
    if not clocks:
        return []
    late = [o for o in clocks if o.status == "overdue"]
    ahead = [o for o in clocks if o.status != "overdue"]
    first = late[0] if late else ahead[0]
    assert first.deadline is not None
    if late:
        when = time_left(first) or "overdue"
        without = f"the {first.name} notice stays late ({when}), and the delay grows"
    else:
        without = f"we miss the {first.name} deadline"
    return [
        Decision(
            "Approve what we tell the authorities, and who signs it",
            first.deadline,
            without,
            f"let counsel send the {first.name} notice first, then the others in date order",
            obligation_fact(first),
            from_clock=True,
        )
    ]


def _credits(assessment: Assessment, today: date) -> list[Decision]:
    """Offering what the contracts give is worth most before the claims come: decided
    today, beside what we say in public."""
    credits = assessment.credits
    if credits is None or credits.total <= 0:
        return []
    amount = speech.money(credits.total, credits.currency).removeprefix("about ")
    owed = [c for c in credits.by_contract if c.amount > 0]
    customers = sum(c.customers for c in owed)
    plans = listed([c.name for c in owed])
    return [
        Decision(
            f"Offer the {amount} in service credits our contracts give customers now, or wait "
            "for their claims",
            today,
            f"the {speech.count(customers, 'customers')} on our {plans} contracts can claim "
            f"the {amount} anyway, and we lose the goodwill of offering first",
            f"offer the {amount} now, with our apology",
            "contracts",
        )
    ]


def _churn_words(risk: MoneyAtRisk | None) -> str | None:
    churn = None if risk is None else risk.churn
    if churn is None or churn.high <= 0:
        return None
    return speech.money_range(churn.low, churn.high, churn.currency)


def _credits_or_goodwill(
    incident: Incident, assessment: Assessment, risk: MoneyAtRisk | None
) -> list[Decision]:
    """The customer remedy: the credits contracts give, or, when none is owed but many were
    hit and some may leave, whether we offer a goodwill credit of our own."""
    today = assessment.now.astimezone(incident.zone).date()
    owed = _credits(assessment, today)
    leaving = _churn_words(risk)
    unit = incident.impact.users_unit
    if owed:
        if leaving is None:
            return owed
        first = owed[0]
        return [
            Decision(
                first.decision,
                first.deadline,
                f"{first.if_no_decision}. {speech.capital(leaving)} a year in sales is at "
                "risk from customers who may leave",
                first.recommendation,
                first.source,
            )
        ]
    users = assessment.users
    many = (users is not None and users.high >= MANY_HIT) or (
        incident.impact.churn is not None and incident.impact.churn.paying_customers >= MANY_HIT
    )
    if leaving is None or not many or incident.customer_facing is False:
        return []
    return [
        Decision(
            f"Decide whether we offer the {unit} hit a goodwill credit, and how large",
            today,
            f"{leaving} a year in sales is at risk from customers who may leave, and no "
            "contract makes us act first",
            "offer a credit in proportion to the harm, with our apology, before they ask",
            "impact.churn",
        )
    ]


_NOT_A_KIND = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "that",
        "our",
        "new",
        "same",
        "every",
        "each",
        "one",
        "for",
        "morning",
        "evening",
        "last",
        "latest",
        "to",
        "of",
        "in",
        "we",
        "and",
        "staged",
        "program",
    }
)
_CHANGE_NOUN = re.compile(
    r"\b([a-z]+) (updates?|releases?|settings?|deploys?|deployments?|configs?|"
    r"configurations?|rollouts?|upgrades?|migrations?|patch(?:es)?)\b"
)


def _a_change(incident: Incident) -> bool:
    """Whether the cause is a change we made (a release, an update, a setting)."""
    summary = (incident.cause.summary or "").lower()
    return incident.cause.attack is not True and any(w in summary for w in _CHANGE_WORDS)


def _changes(incident: Incident) -> str:
    """The kind of change behind this, in the file's words: 'content updates', 'changes to
    database settings', else 'releases to' the service."""
    for text in (incident.cause.safeguard_gap, incident.cause.summary):
        for kind, noun in _CHANGE_NOUN.findall((text or "").lower()):
            if kind in _NOT_A_KIND:
                continue
            many = noun if noun.endswith("s") else noun + ("es" if noun.endswith("ch") else "s")
            if many.startswith("setting") or many.startswith("config"):
                return f"changes to {kind} {many}"
            return f"{kind} {many}"
    return f"releases to {speech.clause(incident.service or incident.title).lower()}"


def _pause(incident: Incident, now: datetime) -> list[Decision]:
    """Hold back changes like the one that caused this until the lasting fix is in, when
    the cause is a change of ours and that fix is more than a day away: a pause of hours is
    the engineers' call, not the CEO's."""
    if not _a_change(incident) or incident.kind == "security":
        return []
    eta = incident.fix.permanent_eta
    zone = incident.zone
    if eta is not None and due_moment(eta, zone) - now <= SOON:
        return []
    what = _changes(incident)
    until = "for the lasting fix"
    if eta is not None:
        until += f", due {speech.due(eta, zone, now)}"
    risk = incident.recurrence
    if risk is not None and risk.risk:
        without = f"{what} keep going out while the risk of a repeat is {risk.risk}"
    else:
        without = f"{what} keep going out without the safeguard that failed here"
    return [
        Decision(
            f"Agree that {what} wait {until}",
            now.astimezone(zone).date(),
            without,
            f"hold {what} back, with a second senior engineer checking any urgent one",
            "cause.summary",
        )
    ]


def _lost_data(incident: Incident) -> list[Decision]:
    breach = incident.exposure.personal_data_breach
    if incident.kind != "data_loss" and breach is None:
        return []
    unit = incident.impact.users_unit
    what = "whose data was lost" if incident.kind == "data_loss" else "whose data was exposed"
    return [
        Decision(
            f"Decide how and when we tell the {unit} {what}",
            None,
            "they learn it from their accounts, support or the press before they hear it from us",
            "tell them within a day, with what happened and what we are doing about it",
            "exposure.personal_data_breach" if breach is not None else "kind",
        )
    ]


# A scale at which counsel confirms the same day that no notice duty applies, and at which
# the CEO decides on a public word even when no one has written about it yet.
WIDE_SCALE = 100_000
_TOP_SEVERITIES = ("SEV0", "SEV1", "P0", "P1")


def serious(incident: Incident, assessment: Assessment) -> bool:
    """A top-severity incident, one the public saw, or one that hit very many people."""
    users = assessment.users
    return (
        (incident.severity or "").upper() in _TOP_SEVERITIES
        or bool(incident.impact.public_attention)
        or (users is not None and users.high >= WIDE_SCALE)
    )


def counsel_today(incident: Incident, assessment: Assessment, found: Sequence[Obligation]) -> bool:
    """Whether counsel must confirm today that no notice rule applies: no rule is set off,
    and the incident is serious enough that a missed duty would cost more than a call."""
    return not found and serious(incident, assessment)


LATE_FOR_NOTICES = timedelta(days=3)  # past this, a notice clock that runs in hours has run


def _what_counsel_weighs(incident: Incident, assessment: Assessment) -> list[str]:
    """What counsel is asked, from the facts in the file that may set off a notice duty."""
    held = []
    regulator = regulator_named(incident)
    if regulator:
        held.append(f"what the {regulator}, already asking questions, must hear from us")
    loss = trading_loss(incident)
    if loss:
        held.append(f"whether the market must hear of the {loss} trading loss, and when")
    credits = assessment.credits
    if incident.contracts:
        names = listed([c.name for c in incident.contracts])
        held.append(f"whether our {names} contracts set notice terms of their own")
    elif credits is not None and credits.total > 0:
        held.append("whether our customer contracts set their own notice terms")
    data_lost = (incident.impact.data_loss or "none").strip().lower() not in ("none", "no")
    if incident.exposure.personal_data_breach is not None or data_lost:
        held.append("whether the data touched brings duties of its own")
    return held


def _counsel_check(
    incident: Incident, assessment: Assessment, wanted: Sequence[Decision]
) -> list[Decision]:
    """Counsel's check when no notice rule we track is set off, worded by the facts: how
    long ago this began, a regulator already asking, the market, contracts, data."""
    now = assessment.now
    zone = incident.zone
    since = now - incident.timeline.started
    today = now.astimezone(zone).date()
    regulator = regulator_named(incident)
    opens = market_open(incident, wanted)
    deadline: date | datetime = now.astimezone(zone).date()
    if opens is not None and due_moment(opens, zone) > now:
        deadline = opens
    held = _what_counsel_weighs(incident, assessment)
    if since >= LATE_FOR_NOTICES:
        began = speech.day(incident.timeline.started.astimezone(zone).date(), today)
        ask = (
            f"Ask counsel which notice duties ran out since this began on {began}, and what "
            "we must still file"
        )
        without = (
            "any duty that runs in hours or days has run out already, and each day more "
            "makes a late notice worse"
        )
    elif regulator:
        ask = f"Ask counsel what we owe the {regulator}, which is already asking questions"
        without = f"the {regulator} gets its answers from the press before it gets them from us"
        if opens is not None:
            without += ", and the market opens before counsel has answered"
    else:
        ask = "Ask counsel whether we owe anyone a notice of this"
        without = "a duty we did not spot could run out unnoticed, as some run in hours"
    if regulator and since < LATE_FOR_NOTICES:
        held = [h for h in held if regulator not in h]  # the ask names it already
    if not held:
        held = ["which authorities, customers or partners must hear from us"]
    advice = f"give counsel this brief, and ask {listed(held)}"
    return [Decision(ask, deadline, without, advice, "exposure")]


def decisions_needed(
    incident: Incident,
    assessment: Assessment,
    found: Sequence[Obligation],
    risk: MoneyAtRisk | None = None,
) -> list[Decision]:
    """The file's asks, then each decision the facts put to the CEO that none covers."""
    wanted = [_from_file(ask) for ask in incident.asks]
    derived = _counsel(found)
    if counsel_today(incident, assessment, found) and not mentioned(wanted, _DISCLOSURE_WORDS):
        derived += _counsel_check(incident, assessment, wanted)
    if not mentioned(wanted, _DISCLOSURE_WORDS):
        derived += _notices(found, assessment.now)
    people = (incident.impact.users_unit.lower(), "customer", "user", "people")
    # An ask, or a commitment, to tell the people hit covers it.
    telling = [d.decision for d in wanted] + [c.what for c in incident.commitments]
    if not any(
        any(p in said.lower() for p in people) and any(w in said.lower() for w in _TELL_WORDS)
        for said in telling
    ):
        derived += _lost_data(incident)
    if not mentioned(wanted, _REMEDY_WORDS):
        derived += _credits_or_goodwill(incident, assessment, risk)
    if not mentioned(wanted, _PAUSE_WORDS):
        derived += _pause(incident, assessment.now)
    if not mentioned(wanted, _STATEMENT_WORDS):
        users = assessment.users
        wide = (
            users is not None
            and users.high >= WIDE_SCALE
            and (incident.severity or "").upper() in _TOP_SEVERITIES
        )
        derived += statement(incident, found, assessment.now, wide=wide, wanted=wanted)
    # In the order they fall due, as "Needs you now" lists them, those without a deadline
    # last; at one moment, the file's own asks first.
    return sorted(
        wanted + derived,
        key=lambda d: (d.deadline is None, d.deadline and due_moment(d.deadline, incident.zone)),
    )
