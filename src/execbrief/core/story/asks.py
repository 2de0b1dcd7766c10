"""What the CEO must decide, and what needs them now.

Each decision carries its deadline, what happens without it and what we recommend, so the
CEO can decide in the room. The engineer's own asks come first, as written; then the
decisions the facts put to the CEO (a notice clock running, credits owed, customers' data
lost, the press watching), unless an ask of the file already covers them. A deadline is
given only where a fact gives one: never made up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from execbrief.core import speech
from execbrief.core.exposure import Obligation, decisions, time_left
from execbrief.core.impact import Assessment, MoneyAtRisk
from execbrief.core.incident import Ask, Incident, due_moment

SOON = timedelta(hours=24)  # "needs you now": overdue, or due within a day

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


@dataclass(frozen=True)
class Decision:
    decision: str
    deadline: date | datetime | None
    if_no_decision: str | None
    recommendation: str | None
    source: str  # "file", or the fact the decision follows from
    # What a file's ask left out, in plain words ("a deadline", "a recommendation"): the
    # brief never invents these, it says they are missing.
    missing: tuple[str, ...] = ()
    # Follows from a notice clock, which "Needs you now" lists itself: not listed twice.
    from_clock: bool = False


@dataclass(frozen=True)
class Urgent:
    """Something overdue or due within a day that needs the audience."""

    what: str
    due: datetime
    overdue: bool
    source: str
    told: str  # the line every output shows: what, and when, said against `now`


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


def listed(items: Sequence[str], last: str = "and") -> str:
    """'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _mentioned(asks: Sequence[Decision], words: Sequence[str]) -> bool:
    return any(word in ask.decision.lower() for ask in asks for word in words)


def _fact(o: Obligation) -> str:
    """The fact an obligation follows from, as a path: 'exposure.personal_data_breach'."""
    if o.clock_fact:
        return o.clock_fact.rsplit(".", 1)[0] if o.clock_fact.count(".") > 1 else o.clock_fact
    return "exposure"


def _counsel(found: Sequence[Obligation]) -> list[Decision]:
    return [
        Decision(
            f"Get counsel's answer on {o.decision}",
            None,
            f"we cannot tell whether the {o.name} clock is running, so its deadline could "
            "pass unnoticed",
            "ask counsel today",
            _fact(o),
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
            _fact(first),
            from_clock=True,
        )
    ]


def _credits(assessment: Assessment) -> list[Decision]:
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
            None,
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
    owed = _credits(assessment)
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
            None,
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


_PRESS_WORDS = ("press", "news", "journalist", "reporter", "media", "headline", "front-page")
_MARKET_WORDS = ("stock", "share price", "shares", "trading", "market")
_REGULATOR = re.compile(r"\b(?:(?!the\b|a\b|and\b|our\b|from\b|by\b)([a-z]+) )?regulators?\b")
LATE_FOR_NOTICES = timedelta(days=3)  # past this, a notice clock that runs in hours has run


def _attention(incident: Incident) -> str:
    return (incident.impact.public_attention or "").lower()


def _regulator(incident: Incident) -> str | None:
    """The regulator the file says is already asking: 'market regulator', or None."""
    found = _REGULATOR.search(_attention(incident))
    if found is None:
        return None
    return f"{found.group(1)} regulator" if found.group(1) else "regulator"


def _in_the_press(incident: Incident) -> bool:
    attention = _attention(incident)
    return any(w in attention for w in _PRESS_WORDS) or _regulator(incident) is not None


def _market(incident: Incident) -> bool:
    revenue = incident.impact.revenue
    trading = revenue is not None and revenue.kind == "trading_loss"
    return trading or any(w in _attention(incident) for w in _MARKET_WORDS)


def _market_open(incident: Incident, wanted: Sequence[Decision]) -> date | datetime | None:
    """The file's own clock for the next market open: the earliest deadline of an ask
    that names the market."""
    if not _market(incident):
        return None
    clocks = [d.deadline for d in wanted if d.deadline is not None and "market" in d.decision]
    return min(clocks, key=lambda c: due_moment(c, incident.zone)) if clocks else None


def _trading_loss(incident: Incident) -> str | None:
    revenue = incident.impact.revenue
    lost = None if revenue is None or revenue.kind != "trading_loss" else revenue.lost
    if revenue is None or lost is None or lost.high <= 0:
        return None
    if lost.low == lost.high:
        return speech.money(Decimal(lost.high), revenue.currency)
    return speech.money_range(Decimal(lost.low), Decimal(lost.high), revenue.currency)


def _what_counsel_weighs(incident: Incident, assessment: Assessment) -> list[str]:
    """What counsel is asked, from the facts in the file that may set off a notice duty."""
    held = []
    regulator = _regulator(incident)
    if regulator:
        held.append(f"what the {regulator}, already asking questions, must hear from us")
    loss = _trading_loss(incident)
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
    regulator = _regulator(incident)
    opens = _market_open(incident, wanted)
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
        ask = "Ask counsel to confirm that no notice duty applies to us"
        without = "a duty we did not spot could run out unnoticed, as some run in hours"
    if regulator and since < LATE_FOR_NOTICES:
        held = [h for h in held if regulator not in h]  # the ask names it already
    if not held:
        held = ["which authorities, customers or partners must hear from us"]
    advice = f"give counsel this brief, and ask {listed(held)}"
    return [Decision(ask, deadline, without, advice, "exposure")]


STATEMENT_MOMENT = timedelta(days=3)  # after this, an outage nobody wrote about is old news


def _statement(
    incident: Incident,
    found: Sequence[Obligation],
    now: datetime,
    *,
    wide: bool = False,
    wanted: Sequence[Decision] = (),
) -> list[Decision]:
    """Whether to speak in public, with advice that fits what happened: a breach or lost
    data (the people hit hear first), or an outage people saw (a short factual note)."""
    attention = incident.impact.public_attention
    laws = any(o.kind == "law" for o in found)
    breach = incident.kind == "security" or (
        incident.exposure.personal_data_breach is not None and incident.kind != "data_loss"
    )
    personal = breach or incident.exposure.personal_data_breach is not None
    if not (attention or laws or personal or wide):
        return []
    ended = incident.timeline.mitigated
    press = _in_the_press(incident)
    if not (press or personal) and ended is not None and now - ended > STATEMENT_MOMENT:
        return []  # a notice duty is counsel's; a public word days later only stirs it up
    source = "impact.public_attention" if attention else "exposure"
    if breach:
        return [
            Decision(
                "Decide what we say in public about the breach, and who says it",
                None,
                "people hear of it from the press or the attackers first, and the notices to "
                "regulators and customers go out without one message to match",
                "one short statement, checked by counsel, sent after or with the notices to the "
                "people affected: what was taken, what they should do, and what we changed",
                source,
            )
        ]
    if incident.kind == "data_loss" or incident.exposure.personal_data_breach is not None:
        return [
            Decision(
                "Decide what we say in public about the lost data",
                None,
                "customers piece it together from support replies, each told differently",
                "tell the customers affected first, then publish a short note on what was lost "
                "and how we are putting it right",
                source,
            )
        ]
    review = _public_review(incident, now)
    unit = incident.impact.users_unit
    if _in_the_press(incident):
        return [_press_statement(incident, review, source, wanted, now)]
    users = "the people" if unit is None else f"the {unit}"
    said = "a short, factual note on our status page and social channels"
    ask = "Decide whether we say more in public, and who says it"
    if review is not None:
        ask += f"; {review} says why it happened"
    return [
        Decision(
            ask,
            None,
            f"{users} who saw the failure hear nothing more from us, and others explain it",
            f"{said}; a press statement only if journalists ask"
            if attention
            else f"no statement unless asked; keep {said} ready",
            source,
        )
    ]


_PEOPLE = ("customer", "client", "user", "people", "seller", "shopper", "member", "patient")


def _customers(incident: Incident) -> str:
    """Who we owe the facts: 'the client firms hit', or 'our customers' when the file counts
    things (computers, websites) rather than people."""
    unit = (incident.impact.users_unit or "").lower()
    return (
        f"the {unit} hit"
        if any(p in unit for p in _PEOPLE) and "computer" not in unit and "site" not in unit
        else "our customers"
    )


def _public_review(incident: Incident, now: datetime) -> str | None:
    """A public account the file already commits to, still ahead: 'the public review of
    what went wrong, due Tuesday, November 24'."""
    for c in incident.commitments:
        if "public" in c.what.lower() and c.status != "kept":
            when = speech.due(c.due, incident.zone, now)
            late = due_moment(c.due, incident.zone) < now
            return (
                f"the {speech.clause(c.what).lower()}, {'which was due' if late else 'due'} {when},"
            )
    return None


def _press_statement(
    incident: Incident,
    review: str | None,
    source: str,
    wanted: Sequence[Decision],
    now: datetime,
) -> Decision:
    """The press or a regulator is already on it: a statement today from one named voice,
    with the same facts to customers and the regulator."""
    zone = incident.zone
    regulator = _regulator(incident)
    opens = _market_open(incident, wanted)
    deadline: date | datetime = now.astimezone(zone).date()
    if opens is not None and due_moment(opens, zone) > now:
        deadline = opens
    else:
        opens = None
    audiences = []
    if incident.customer_facing is not False:
        audiences.append(_customers(incident))
    if regulator:
        audiences.append(f"the {regulator}")
    when = "before the market opens" if opens is not None else "today"
    subject = speech.clause(incident.service or incident.title).lower()
    seen = incident.impact.public_attention or "the press"
    ask = f"Approve a public statement on what happened to {subject}, and name who gives it"
    advice = f"you or one spokesperson you name give it {when}"
    if audiences:
        advice += f", with the same facts we give {listed(audiences)}"
    if review is not None:
        advice += f". It says what happened, and {review} says why"
    return Decision(
        ask,
        deadline,
        f"the story stays as others tell it ({speech.clause(seen)})",
        advice,
        source,
    )


def decisions_needed(
    incident: Incident,
    assessment: Assessment,
    found: Sequence[Obligation],
    risk: MoneyAtRisk | None = None,
) -> list[Decision]:
    """The file's asks, then each decision the facts put to the CEO that none covers."""
    wanted = [_from_file(ask) for ask in incident.asks]
    derived = _counsel(found)
    if counsel_today(incident, assessment, found) and not _mentioned(wanted, _DISCLOSURE_WORDS):
        derived += _counsel_check(incident, assessment, wanted)
    if not _mentioned(wanted, _DISCLOSURE_WORDS):
        derived += _notices(found, assessment.now)
    people = (incident.impact.users_unit.lower(), "customer", "user", "people")
    # An ask, or a commitment, to tell the people hit covers it.
    telling = [d.decision for d in wanted] + [c.what for c in incident.commitments]
    if not any(
        any(p in said.lower() for p in people) and any(w in said.lower() for w in _TELL_WORDS)
        for said in telling
    ):
        derived += _lost_data(incident)
    if not _mentioned(wanted, _REMEDY_WORDS):
        derived += _credits_or_goodwill(incident, assessment, risk)
    if not _mentioned(wanted, _PAUSE_WORDS):
        derived += _pause(incident, assessment.now)
    if not _mentioned(wanted, _STATEMENT_WORDS):
        users = assessment.users
        wide = (
            users is not None
            and users.high >= WIDE_SCALE
            and (incident.severity or "").upper() in _TOP_SEVERITIES
        )
        derived += _statement(incident, found, assessment.now, wide=wide, wanted=wanted)
    return wanted + derived


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
            _fact(o),
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
    # Overdue first; then what falls due at a set time (a market open, a legal clock)
    # before what is due by the end of a day, each in time order.
    first = sorted(out, key=lambda item: (item[1] >= now, item[4], item[1]))
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
        elif whole_day:
            told = f"{what}: by the end of {speech.day(due.astimezone(zone).date(), today)}."
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
