"""The situation, decided once: each fact the CEO hears, with its state, its one value and
its one phrase.

A fact is known (counted or given), estimated (a range, with the method that produced it)
or unknown (with who finds out): fact.py; the money facts are money_facts.py's, the times
time_facts.py's. Every sentence builder, the deck, the one-pager and the JSON read a
fact's phrase from here; none of them rounds or rephrases a figure on its own.
"""

from __future__ import annotations

from execbrief.core import speech
from execbrief.core.impact import Assessment, MoneyAtRisk
from execbrief.core.incident import Incident, UsersShare
from execbrief.core.story import money_facts, time_facts
from execbrief.core.story.fact import FINDS_OUT, Fact, Situation


def situation(incident: Incident, a: Assessment, risk: MoneyAtRisk | None) -> Situation:
    """The facts of `incident` as the impact math `a` found them at its `now`."""
    label = money_facts.money_label(incident)
    facts = [
        _users(incident, a),
        money_facts.lost_sales(incident, a),
        *money_facts.cross_check(a, label),
        time_facts.lasted(a),
        *time_facts.detected_after(a),
        *time_facts.restored_after(incident, a),
        *time_facts.fixed_phases(incident),
        *time_facts.settled_after(incident),
        *money_facts.credits(a),
        *money_facts.response(a),
        *money_facts.churn(risk),
        *money_facts.total_cost(a, label),
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
