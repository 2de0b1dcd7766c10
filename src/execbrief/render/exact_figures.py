"""The exact figures with their methods, for the engineer: the presenter pack and the
terminal view (never the CEO's handout, which says each figure in the prose's words)."""

from __future__ import annotations

from decimal import Decimal

from execbrief.core import speech
from execbrief.core.story import Brief


def _minutes(value: Decimal | None) -> str:
    if value is None:
        return "unknown"
    return f"{value.quantize(Decimal('0.1')).normalize():f} min ({speech.duration(value)})"


def key_figures(brief: Brief) -> list[tuple[str, str]]:
    """Rows of (label, exact value and method) for the presenter; 'unknown' where a fact
    is missing, never 0. The handout reads `at_a_glance` instead."""
    a = brief.assessment
    rows = [
        ("Customer impact", _minutes(a.impact_minutes) + (" so far" if a.ongoing else "")),
        ("Time to detect", _minutes(a.detect_minutes)),
        ("Time to restore after detection", _minutes(a.mitigate_minutes)),
    ]
    unit = brief.incident.impact.users_unit
    if a.users is None:
        rows.append((speech.capital(unit) + " affected", "unknown"))
    elif a.users.low == a.users.high:
        rows.append((speech.capital(unit) + " affected", f"{a.users.low:,}"))
    else:
        spread = f"{a.users.low:,}–{a.users.high:,}"
        told = spread if a.users.likely is None else f"{a.users.likely:,} likely ({spread})"
        rows.append((speech.capital(unit) + " affected", f"{told}; {a.users.method}"))
    money = brief.situation["lost_sales"].label
    if a.revenue is None:
        rows.append((money, "unknown"))
    else:
        loss = a.revenue.primary
        told = (  # one figure given is one figure, never a range from it to itself
            speech.money_exact(loss.likely, loss.currency)
            if loss.low == loss.high
            else f"{speech.money_exact(loss.likely, loss.currency)} likely "
            f"({speech.money_exact(loss.low, loss.currency)}–"
            f"{speech.money_exact(loss.high, loss.currency)})"
        )
        rows.append((f"{money} ({loss.method})", f"{told}; {loss.basis}"))
        check = a.revenue.cross_check
        if check is not None:
            rows.append(
                (
                    f"Cross-check ({check.method})",
                    f"{speech.money_exact(check.likely, check.currency)} likely; {check.basis}",
                )
            )
    if a.credits is not None:
        rows.append(
            ("Service credits owed", speech.money_exact(a.credits.total, a.credits.currency))
        )
    if a.response is not None:
        rows.append(
            (
                "Response cost",
                f"{speech.money_exact(a.response.amount, a.response.currency)} "
                f"({a.response.responders} people, {a.response.hours.quantize(Decimal('0.01'))} h)",
            )
        )
    return rows


def exposure_rows(brief: Brief) -> list[tuple[str, str]]:
    """Money at risk beyond lost sales: credits, churn range with its method, and the total."""
    risk = brief.money_at_risk
    if risk is None:
        return []
    rows = []
    if risk.credits is not None:
        rows.append(("Service credits owed", speech.money_exact(risk.credits, risk.currency)))
    if risk.churn is not None:
        churn = risk.churn
        rows.append(
            (
                "Customers who may leave (a year)",
                f"{speech.money_exact(churn.low, churn.currency)}–"
                f"{speech.money_exact(churn.high, churn.currency)}; {churn.method}",
            )
        )
    rows.append(
        (
            "Total at risk",
            speech.money_exact(risk.total_low, risk.currency)
            if risk.total_low == risk.total_high
            else f"{speech.money_exact(risk.total_low, risk.currency)}–"
            f"{speech.money_exact(risk.total_high, risk.currency)}",
        )
    )
    return rows
