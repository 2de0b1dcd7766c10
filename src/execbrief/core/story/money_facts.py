"""The money facts of the situation: what was lost (by the file's kind of loss), a second
method's figure, service credits, staff time, customers who may leave, and the cost in all.
Each is said once here, with how it was found."""

from __future__ import annotations

from decimal import Decimal

from execbrief.core import speech
from execbrief.core.impact import Assessment, MoneyAtRisk
from execbrief.core.incident import Incident
from execbrief.core.story.fact import FINDS_OUT, Fact, FactState, noun

# What the money lost is, by `impact.revenue.kind`: the label every output uses.
MONEY_LABELS = {
    "sales": "Lost sales",
    "trading_loss": "Trading losses",
    "refunds": "Refunds",
    "penalties": "Penalties",
    "subscriptions": "Lost subscriptions",
    "cost": "Costs",
}

_METHOD_WORDS = {
    "finance": "figure from finance",
    "observed": "counted from failed orders",
    "estimated": "estimated from normal sales per minute",
}


def money_noun(fact: Fact) -> str:
    """The money lost as a noun in a sentence: 'lost sales', 'trading losses', 'refunds'."""
    return noun(fact.label)


def money_words(fact: Fact) -> str:
    """'about $58,000 in lost sales (between $39,000 and $79,000)'."""
    text = f"{fact.phrase} in {money_noun(fact)}"
    return f"{text} ({fact.spread})" if fact.spread else text


def method_words(method: str) -> str:
    return _METHOD_WORDS[method]


def money_label(incident: Incident) -> str:
    revenue = incident.impact.revenue
    if revenue is None:
        return MONEY_LABELS["sales"]
    kind = revenue.kind
    return MONEY_LABELS[kind] if isinstance(kind, str) else speech.capital(kind.label)


def lost_sales(incident: Incident, a: Assessment) -> Fact:
    label = money_label(incident)
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


def cross_check(a: Assessment, label: str) -> list[Fact]:
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


def _money(
    key: str, label: str, state: FactState, amount: Decimal, currency: str, method: str
) -> Fact:
    """A sum of money said once, with how it was found."""
    said = speech.money(amount, currency)
    return Fact(key, label, state, said, value=amount, unit=currency, method=method)


def credits(a: Assessment) -> list[Fact]:
    if a.credits is None:
        return []
    method = "contract terms applied to this month's uptime"
    return [
        _money(
            "credits", "Service credits owed", "known", a.credits.total, a.credits.currency, method
        )
    ]


def response(a: Assessment) -> list[Fact]:
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


def churn(risk: MoneyAtRisk | None) -> list[Fact]:
    churn = None if risk is None else risk.churn
    if churn is None:
        return []
    label = "Yearly sales at risk from customers who may leave"
    method = f"an extra {churn.share} of the paying customers we hit leave"
    return [_money_range("churn", label, churn.low, churn.high, churn.currency, method)]


def _figure(amount: Decimal, currency: str) -> str:
    """A sum as said, without its 'about': '$290 million' for $290,029,000."""
    return speech.money(amount, currency).removeprefix("about ")


def total_cost(a: Assessment, label: str) -> list[Fact]:
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
