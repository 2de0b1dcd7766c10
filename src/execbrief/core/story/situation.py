"""The situation, decided once: each fact the CEO hears, with its state, its one value and
its one phrase.

A fact is known (counted or given), estimated (a range, with the method that produced it)
or unknown (with who finds out). Every sentence builder, the deck, the one-pager and the
JSON read a fact's phrase from here; none of them rounds or rephrases a figure on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from execbrief.core import speech
from execbrief.core.impact import Assessment, MoneyAtRisk
from execbrief.core.incident import Incident, UsersShare

FactState = Literal["known", "estimated", "unknown"]

# Who finds out a fact the CEO will ask about while it is unknown.
FINDS_OUT = {
    "users": "incident lead",
    "lost_sales": "finance team",
    "cause": "incident lead",
    "data_loss": "incident lead",
    "lasted": "incident lead",
}

# What the money lost is, by `impact.revenue.kind`: the label every output uses.
MONEY_LABELS = {
    "sales": "Lost sales",
    "trading_loss": "Trading losses",
    "refunds": "Refunds",
    "penalties": "Penalties",
    "subscriptions": "Lost subscriptions",
    "cost": "Costs",
}

# How long each step took, as a CEO asks it: one label per fact, on every output.
TIME_LABELS = {
    "detected_after": "Time to notice",  # from the start to when we knew
    "restored_after": "Time to restore service once we knew",  # from when we knew to service back
    "shut_out_after": "Time to shut the intruder out once we knew",  # the same, for a breach
    "fixed_after": "Time to put the fix in once we knew",  # from when we knew to the fix in place
    "recovered_after": "Time to bring back what had failed",  # from the fix to service back
    "settled_after": "Time to close the incident after service was back",
}

_METHOD_WORDS = {
    "finance": "figure from finance",
    "observed": "counted from failed orders",
    "estimated": "estimated from normal sales per minute",
}


@dataclass(frozen=True)
class Fact:
    """One fact as every output states it."""

    key: str  # "users", "lost_sales", "lasted", ...
    label: str  # what it is, in the CEO's words: "Who was affected"
    state: FactState
    phrase: str  # the one phrase: "between 8,500 and 11,000 customers", "about $54,000"
    value: Decimal | int | str | None = None  # the exact value (JSON, presenter pack)
    low: Decimal | int | None = None
    high: Decimal | int | None = None
    unit: str = ""  # a currency code, the file's people unit, or "minutes"
    spread: str = ""  # the range as said, when the estimate has one: "between $39,000 and ..."
    method: str = ""  # how it was estimated, in plain words
    owner: str = ""  # who finds out, while unknown

    @property
    def known(self) -> bool:
        return self.state != "unknown"

    def document(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "state": self.state,
            "phrase": self.phrase,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "range": self.spread or None,
            "method": self.method or None,
            "owner": self.owner or None,
        }


@dataclass(frozen=True)
class Situation:
    """Every fact of the brief, by key, in the order the CEO hears them."""

    facts: tuple[Fact, ...]

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def get(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def __getitem__(self, key: str) -> Fact:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def phrase(self, key: str) -> str | None:
        """The fact's phrase when it is known or estimated; None when unknown or absent."""
        found = self.get(key)
        return found.phrase if found is not None and found.known else None

    def phrases(self) -> set[str]:
        """Every phrase and range the brief may say a figure with."""
        said = {f.phrase for f in self.facts if f.known}
        return said | {f.spread for f in self.facts if f.spread}


def money_noun(fact: Fact) -> str:
    """The money lost as a noun in a sentence: 'lost sales', 'trading losses', 'refunds'."""
    return noun(fact.label)


def noun(label: str) -> str:
    """A label inside a sentence: 'Lost sales' -> 'lost sales'; 'EU fines' stays."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def money_words(fact: Fact) -> str:
    """'about $58,000 in lost sales (between $39,000 and $79,000)'."""
    text = f"{fact.phrase} in {money_noun(fact)}"
    return f"{text} ({fact.spread})" if fact.spread else text


def method_words(method: str) -> str:
    return _METHOD_WORDS[method]


def situation(incident: Incident, a: Assessment, risk: MoneyAtRisk | None) -> Situation:
    """The facts of `incident` as the impact math `a` found them at its `now`."""
    facts = [
        _users(incident, a),
        _lost_sales(incident, a),
        *_cross_check(a, _money_label(incident)),
        _lasted(a),
        *_detected_after(a),
        *_restored_after(incident, a),
        *_fixed_phases(incident),
        *_settled_after(incident),
        *_credits(a),
        *_response(a),
        *_churn(risk),
        *_total_cost(a, _money_label(incident)),
        _data_loss(incident),
        _cause(incident),
    ]
    return Situation(tuple(facts))


def _users(incident: Incident, a: Assessment) -> Fact:
    unit = incident.impact.users_unit
    label = "Who was affected"
    users = a.users
    if users is None:
        return Fact(
            "users",
            label,
            "unknown",
            f"{unit} not counted yet",
            unit=unit,
            owner=FINDS_OUT["users"],
        )
    exact = users.low == users.high
    share = isinstance(incident.impact.users_affected, UsersShare)
    return Fact(
        "users",
        label,
        "known" if exact and not share else "estimated",
        speech.count_range(users.low, users.high, unit),
        value=users.likely,
        low=users.low,
        high=users.high,
        unit=unit,
        method=users.method,
    )


def _money_label(incident: Incident) -> str:
    revenue = incident.impact.revenue
    if revenue is None:
        return MONEY_LABELS["sales"]
    kind = revenue.kind
    return MONEY_LABELS[kind] if isinstance(kind, str) else speech.capital(kind.label)


def _lost_sales(incident: Incident, a: Assessment) -> Fact:
    label = _money_label(incident)
    if a.revenue is None:
        return Fact(
            "lost_sales",
            label,
            "unknown",
            "not known yet",
            unit=incident.currency,
            owner=FINDS_OUT["lost_sales"],
        )
    loss = a.revenue.primary
    spread = "" if loss.low == loss.high else speech.money_range(loss.low, loss.high, loss.currency)
    return Fact(
        "lost_sales",
        label,
        "known" if loss.method == "finance" and not spread else "estimated",
        speech.money(loss.likely, loss.currency),
        value=loss.likely,
        low=loss.low,
        high=loss.high,
        unit=loss.currency,
        spread=spread,
        method=method_words(loss.method),
    )


def _cross_check(a: Assessment, label: str) -> list[Fact]:
    check = None if a.revenue is None else a.revenue.cross_check
    if check is None:
        return []
    return [
        Fact(
            "lost_sales_check",
            f"{label}, second method",
            "estimated",
            speech.money(check.likely, check.currency),
            value=check.likely,
            low=check.low,
            high=check.high,
            unit=check.currency,
            method=method_words(check.method),
        )
    ]


def _lasted(a: Assessment) -> Fact:
    said = speech.duration(a.impact_minutes)
    return Fact(
        "lasted",
        "How long so far" if a.ongoing else "How long it lasted",
        "known",
        said,
        value=a.impact_minutes,
        unit="minutes",
        method="still going on" if a.ongoing else "",
    )


def _detected_after(a: Assessment) -> list[Fact]:
    if a.detect_minutes is None:
        return []
    return [
        Fact(
            "detected_after",
            TIME_LABELS["detected_after"],
            "known",
            speech.duration(a.detect_minutes),
            value=a.detect_minutes,
            unit="minutes",
        )
    ]


def _restored_after(incident: Incident, a: Assessment) -> list[Fact]:
    if a.mitigate_minutes is None:
        return []
    security = incident.kind == "security"
    return [
        Fact(
            "restored_after",
            TIME_LABELS["shut_out_after" if security else "restored_after"],
            "known",
            speech.duration(a.mitigate_minutes),
            value=a.mitigate_minutes,
            unit="minutes",
        )
    ]


def _minutes(start: datetime, end: datetime) -> Decimal:
    return Decimal(int((end - start).total_seconds())) / 60


def _fixed_phases(incident: Incident) -> list[Fact]:
    """When the immediate fix went in before service came back: how long the fix took once
    we knew, and how long the recovery after it took (computers repaired, data rebuilt)."""
    t, fixed = incident.timeline, incident.fix.immediate_at
    if fixed is None:
        return []
    found = []
    if t.detected is not None and fixed >= t.detected:
        took = _minutes(t.detected, fixed)
        found.append(
            Fact(
                "fixed_after",
                TIME_LABELS["fixed_after"],
                "known",
                speech.duration(took),
                value=took,
                unit="minutes",
            )
        )
    if t.mitigated is not None and t.mitigated > fixed:
        took = _minutes(fixed, t.mitigated)
        found.append(
            Fact(
                "recovered_after",
                TIME_LABELS["recovered_after"],
                "known",
                speech.duration(took),
                value=took,
                unit="minutes",
            )
        )
    return found


def _settled_after(incident: Incident) -> list[Fact]:
    """From service back to resolved: the phase a brief must explain when it is long."""
    t = incident.timeline
    if t.mitigated is None or t.resolved is None or t.resolved <= t.mitigated:
        return []
    minutes = Decimal(int((t.resolved - t.mitigated).total_seconds())) / 60
    return [
        Fact(
            "settled_after",
            TIME_LABELS["settled_after"],
            "known",
            speech.duration(minutes),
            value=minutes,
            unit="minutes",
        )
    ]


def _money(
    key: str, label: str, state: FactState, amount: Decimal, currency: str, method: str
) -> Fact:
    """A sum of money said once, with how it was found."""
    said = speech.money(amount, currency)
    return Fact(key, label, state, said, value=amount, unit=currency, method=method)


def _credits(a: Assessment) -> list[Fact]:
    if a.credits is None:
        return []
    method = "contract terms applied to this month's uptime"
    return [
        _money(
            "credits", "Service credits owed", "known", a.credits.total, a.credits.currency, method
        )
    ]


def _response(a: Assessment) -> list[Fact]:
    if a.response is None:
        return []
    amount, currency = a.response.amount, a.response.currency
    method = "responders × hours × hourly cost"
    return [
        _money("response_cost", "Staff time on the response", "estimated", amount, currency, method)
    ]


def _money_range(
    key: str, label: str, low: Decimal, high: Decimal, currency: str, method: str
) -> Fact:
    """An estimated range of money, said as its range ("between $X and $Y")."""
    spread = speech.money_range(low, high, currency)
    return Fact(
        key,
        label,
        "estimated",
        spread,
        low=low,
        high=high,
        unit=currency,
        spread=spread,
        method=method,
    )


def _churn(risk: MoneyAtRisk | None) -> list[Fact]:
    churn = None if risk is None else risk.churn
    if churn is None:
        return []
    label = "Yearly sales at risk from customers who may leave"
    method = f"an extra {churn.share} of the paying customers we hit leave"
    return [_money_range("churn", label, churn.low, churn.high, churn.currency, method)]


def _figure(amount: Decimal, currency: str) -> str:
    """A sum as said, without its 'about': '$290 million' for $290,029,000."""
    return speech.money(amount, currency).removeprefix("about ")


def _total_cost(a: Assessment, label: str) -> list[Fact]:
    """The known parts of the cost, added up in one currency; the method names the parts."""
    parts: list[tuple[str, Decimal, str]] = []
    if a.revenue is not None:
        loss = a.revenue.primary
        parts.append((noun(label), loss.likely, loss.currency))
    if a.credits is not None and a.credits.total > 0:
        parts.append(("service credits", a.credits.total, a.credits.currency))
    if a.response is not None:
        parts.append(("staff time", a.response.amount, a.response.currency))
    if len(parts) < 2:  # one part is that part: no second figure for the same money
        return []
    # The money lost is the part still unknown: the total says it leaves it out, so it is
    # never read as the whole cost beside "still unknown: the lost subscriptions".
    left_out = "" if a.revenue is not None else f"; not counting the {noun(label)}, not known yet"
    currency = parts[0][2]
    same = [p for p in parts if p[2] == currency]
    total = sum((amount for _, amount, _ in same), Decimal(0))
    largest = max(same, key=lambda p: p[1])
    if _figure(largest[1], currency) == _figure(total, currency):
        # the other parts do not change the figure said: not listed as if they mattered
        # ("about $290 million, nearly all of it trading losses")
        words = [f"nearly all of it {largest[0]}"]
    else:
        words = [f"{speech.money(amount, currency)} in {name}" for name, amount, _ in same]
    return [
        Fact(
            "total_cost",
            "Cost so far" if a.ongoing or left_out else "Cost in all",
            "estimated",
            speech.money(total, currency),
            value=total,
            unit=currency,
            method=", ".join(words) + left_out,
        )
    ]


def _data_loss(incident: Incident) -> Fact:
    lost = incident.impact.data_loss
    label = "Data lost"
    if lost is None:
        return Fact("data_loss", label, "unknown", "not known yet", owner=FINDS_OUT["data_loss"])
    none = lost.strip().lower().rstrip(".") in {"none", "no", "nothing"}
    return Fact("data_loss", label, "known", "none" if none else speech.sentence(lost), value=lost)


def _cause(incident: Incident) -> Fact:
    found = incident.cause
    label = "Cause"
    if not found.summary:
        return Fact("cause", label, "unknown", "not known yet", owner=FINDS_OUT["cause"])
    confirmed = found.status == "confirmed"
    return Fact(
        "cause",
        label,
        "known" if confirmed else "estimated",
        "confirmed" if confirmed else "a first finding, not yet confirmed",
        value=found.status,
    )
