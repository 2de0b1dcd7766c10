"""The exact figures and the timeline shared by the Markdown and terminal views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from execbrief.core import speech
from execbrief.core.story import Brief


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


@dataclass(frozen=True)
class BigNumber:
    value: str  # what is shown large: "48,200", "$54,395", "47 min"
    label: str  # what it counts: "customers affected"
    detail: str  # the range or the basis, small print; may be ""


def compact_duration(minutes: Decimal) -> str:
    """'47 min', '9 h 20 min', '3 days 4 h': short enough for a big-number tile."""
    whole = int(minutes.to_integral_value(ROUND_HALF_UP))
    if whole < 1:
        return "<1 min"
    if whole < 100:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


def big_numbers(brief: Brief) -> list[BigNumber]:
    """Who was hit, what it cost, how long: the tiles at the top of the one-pager and deck."""
    a = brief.assessment
    unit = brief.incident.impact.users_unit
    tiles: list[BigNumber] = []
    if a.users is None:
        tiles.append(BigNumber("Unknown", f"{unit} affected", "not yet counted"))
    elif a.users.low == a.users.high:
        tiles.append(BigNumber(f"{a.users.likely:,}", f"{unit} affected", ""))
    else:
        tiles.append(
            BigNumber(
                f"{a.users.likely:,}",
                f"{unit} affected (likely)",
                f"range {a.users.low:,}–{a.users.high:,}",
            )
        )
    if a.revenue is None:
        tiles.append(BigNumber("Unknown", "lost sales", "no estimate yet"))
    else:
        loss = a.revenue.primary
        detail = (
            ""
            if loss.low == loss.high
            else f"range {speech.money_exact(loss.low, loss.currency)}–"
            f"{speech.money_exact(loss.high, loss.currency)}"
        )
        tiles.append(
            BigNumber(speech.money_exact(loss.likely, loss.currency), "lost sales (likely)", detail)
        )
    tiles.append(
        BigNumber(
            compact_duration(a.impact_minutes),
            "of impact so far" if a.ongoing else "of impact",
            "still going on" if a.ongoing else "",
        )
    )
    if a.credits is not None and a.credits.total > 0:
        tiles.append(
            BigNumber(
                speech.money_exact(a.credits.total, a.credits.currency),
                "service credits owed",
                "under customer contracts",
            )
        )
    return tiles


def time_left(deadline: datetime, now: datetime) -> str:
    """'2 days 3 h left', '40 min left', 'overdue by 5 h'."""
    seconds = Decimal((deadline - now).total_seconds())
    words = compact_duration(abs(seconds) / 60)
    return f"{words} left" if seconds >= 0 else f"overdue by {words}"


@dataclass(frozen=True)
class ObligationRow:
    """One legal or contract clock as people read it, times in the audience's zone."""

    regime: str
    recipient: str
    deadline: str  # the deadline, or what it waits on, with any condition
    time_left: str  # '2 days 3 h left', 'overdue by 5 h', or '—'
    status: str
    overdue: bool
    source: str
    url: str


def obligation_rows(brief: Brief) -> list[ObligationRow]:
    """Each obligation as shown to people: deadline in the audience's zone, time left,
    the decision it waits on or the fact it still depends on, and its source."""
    zone = brief.incident.zone
    rows = []
    for entry in brief.obligations:
        deadline = entry.get("deadline")
        moment: datetime | None = None
        if isinstance(deadline, datetime | str) and deadline:
            moment = (
                deadline if isinstance(deadline, datetime) else datetime.fromisoformat(deadline)
            )
            when = speech.clock_time(moment, zone)
        elif entry.get("decision"):
            when = f"no deadline until counsel decides {entry['decision']}"
        else:
            when = str(entry.get("timing") or "clock not started")
        caveat = entry.get("condition")
        source = entry.get("source") or {}
        rows.append(
            ObligationRow(
                regime=str(entry.get("regime") or "—"),
                recipient=str(entry.get("recipient") or "—"),
                deadline=when + (f" ({caveat})" if caveat else ""),
                time_left=str(
                    entry.get("time_left")
                    or (time_left(moment, brief.assessment.now) if moment else "—")
                ),
                status=str(entry.get("status") or "—"),
                overdue=entry.get("status") == "overdue"
                or (moment is not None and moment < brief.assessment.now),
                source=str(source.get("citation") or ""),
                url=str(source.get("url") or ""),
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
