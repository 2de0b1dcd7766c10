"""The exact figures and the timeline shared by the Markdown and terminal views."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from execbrief.core import speech
from execbrief.core.brief import Brief


def _minutes(value: Decimal | None) -> str:
    if value is None:
        return "unknown"
    return f"{value.quantize(Decimal('0.1')).normalize():f} min ({speech.duration(value)})"


def key_figures(brief: Brief) -> list[tuple[str, str]]:
    """Rows of (label, exact value); 'unknown' where a fact is missing, never 0."""
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
        rows.append((speech.capital(unit) + " affected", f"{a.users.likely:,}"))
    else:
        rows.append(
            (
                speech.capital(unit) + " affected",
                f"{a.users.likely:,} likely ({a.users.low:,}–{a.users.high:,})",
            )
        )
    if a.revenue is None:
        rows.append(("Lost sales", "unknown"))
    else:
        loss = a.revenue.primary
        rows.append(
            (
                f"Lost sales ({loss.method})",
                f"{speech.money_exact(loss.likely, loss.currency)} likely "
                f"({speech.money_exact(loss.low, loss.currency)}–"
                f"{speech.money_exact(loss.high, loss.currency)}); {loss.basis}",
            )
        )
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


def timeline_rows(brief: Brief) -> list[tuple[str, str]]:
    """(local time, what happened), in time order, including the main milestones."""
    incident = brief.incident
    t = incident.timeline
    marks = [(t.started, "Impact began")]
    if t.detected:
        marks.append((t.detected, "Detected"))
    if t.mitigated:
        marks.append((t.mitigated, "Impact ended"))
    if t.resolved:
        marks.append((t.resolved, "Resolved"))
    marks.extend((event.at, event.what) for event in t.events)
    marks.sort(key=lambda mark: mark[0])
    return [(speech.clock_time(at, incident.zone), what) for at, what in marks]


def _status(entry: dict[str, Any]) -> str:
    status = str(entry["status"])
    if entry.get("time_left"):
        status += f" ({entry['time_left']})"
    return status


def obligation_rows(brief: Brief) -> list[dict[str, str]]:
    """Each obligation as shown to people: deadline in the audience's zone, time left,
    the decision it waits on or the fact it still depends on, and its source."""
    zone = brief.incident.zone
    rows = []
    for entry in brief.obligations:
        deadline = entry["deadline"]
        if deadline is not None:
            when = speech.clock_time(datetime.fromisoformat(deadline), zone)
        elif entry.get("decision"):
            when = f"no deadline until counsel decides {entry['decision']}"
        else:
            when = str(entry.get("timing") or "no fixed time")
        caveat = entry.get("condition")
        source = entry["source"]
        rows.append(
            {
                "regime": str(entry["regime"]),
                "recipient": str(entry["recipient"]),
                "deadline": when + (f" ({caveat})" if caveat else ""),
                "status": _status(entry),
                "source": str(source["citation"]),
                "url": str(source.get("url") or ""),
            }
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
