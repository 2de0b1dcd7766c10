"""Who outside is watching (the press, a regulator, the market, the customers hit), as the
incident file says, and the decision it puts to the CEO: what we say in public, and who
says it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from execbrief.core import speech
from execbrief.core.exposure import Obligation
from execbrief.core.incident import Incident, due_moment
from execbrief.core.story.decision import Decision, listed

_PRESS_WORDS = ("press", "news", "journalist", "reporter", "media", "headline", "front-page")


_MARKET_WORDS = ("stock", "share price", "shares", "trading", "market")


_REGULATOR = re.compile(r"\b(?:(?!the\b|a\b|and\b|our\b|from\b|by\b)([a-z]+) )?regulators?\b")


def attention_words(incident: Incident) -> str:
    return (incident.impact.public_attention or "").lower()


def regulator_named(incident: Incident) -> str | None:
    """The regulator the file says is already asking: 'market regulator', or None."""
    found = _REGULATOR.search(attention_words(incident))
    if found is None:
        return None
    return f"{found.group(1)} regulator" if found.group(1) else "regulator"


def in_the_press(incident: Incident) -> bool:
    attention = attention_words(incident)
    return any(w in attention for w in _PRESS_WORDS) or regulator_named(incident) is not None


def in_the_market(incident: Incident) -> bool:
    revenue = incident.impact.revenue
    trading = revenue is not None and revenue.kind == "trading_loss"
    return trading or any(w in attention_words(incident) for w in _MARKET_WORDS)


def trading_loss(incident: Incident) -> str | None:
    revenue = incident.impact.revenue
    lost = None if revenue is None or revenue.kind != "trading_loss" else revenue.lost
    if revenue is None or lost is None or lost.high <= 0:
        return None
    if lost.low == lost.high:
        return speech.money(Decimal(lost.high), revenue.currency)
    return speech.money_range(Decimal(lost.low), Decimal(lost.high), revenue.currency)


PEOPLE = ("customer", "client", "user", "people", "seller", "shopper", "member", "patient")


def customers_of(incident: Incident) -> str:
    """Who we owe the facts: 'the client firms hit', or 'our customers' when the file counts
    things (computers, websites) rather than people."""
    unit = (incident.impact.users_unit or "").lower()
    return (
        f"the {unit} hit"
        if any(p in unit for p in PEOPLE) and "computer" not in unit and "site" not in unit
        else "our customers"
    )


STATEMENT_MOMENT = timedelta(days=3)  # after this, an outage nobody wrote about is old news


def statement(
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
    press = in_the_press(incident)
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
    if in_the_press(incident):
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
    regulator = regulator_named(incident)
    opens = market_open(incident, wanted)
    deadline: date | datetime = now.astimezone(zone).date()
    if opens is not None and due_moment(opens, zone) > now:
        deadline = opens
    else:
        opens = None
    audiences = []
    if incident.customer_facing is not False:
        audiences.append(customers_of(incident))
    if regulator:
        audiences.append(f"the {regulator}")
    when = "before the market opens" if opens is not None else "today"
    # "what happened to our checkout"; a title is a headline, not a thing that happens to
    subject = f"our {speech.clause(incident.service).lower()}" if incident.service else "us"
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


def market_open(incident: Incident, wanted: Sequence[Decision]) -> date | datetime | None:
    """The file's own clock for the next market open: the earliest deadline of an ask
    that names the market."""
    if not in_the_market(incident):
        return None
    clocks = [d.deadline for d in wanted if d.deadline is not None and "market" in d.decision]
    return min(clocks, key=lambda c: due_moment(c, incident.zone)) if clocks else None
