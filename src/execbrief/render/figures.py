"""The exact figures and the timeline shared by the Markdown and terminal views."""

from __future__ import annotations

from decimal import Decimal

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
