"""The figures of a period for the board: how many incidents and how bad, how fast we
found and fixed them, what they cost, which causes came back, and whether we kept our
promises. Each figure names the incidents it was made from (`traced_to`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal
from statistics import median
from typing import Any

from execbrief.core.history.fixes import Outcome, is_notice
from execbrief.core.history.records import PastIncident

DECIDED = ("kept", "kept_late", "missed")  # a promise whose date has come, or that is done


@dataclass(frozen=True)
class Period:
    start: date  # first day, inclusive (UTC)
    end: date  # last day, inclusive (UTC)

    def months(self) -> list[str]:
        out: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def _median(values: Sequence[Decimal]) -> Decimal | None:
    return None if not values else Decimal(median(values))


def _month(p: PastIncident) -> str:
    return f"{p.started.astimezone(UTC):%Y-%m}"


def _money(
    items: Sequence[tuple[str, str | None, Decimal | None, Decimal | None]],
) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[str]]:
    """(the sum in the currency most incidents used, sums in any other, their ids);
    items are (incident, currency, low, high)."""
    by: dict[str, list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
    for key, currency, low, high in items:
        if currency is not None and low is not None and high is not None:
            by[currency].append((key, low, high))
    sums: list[dict[str, Any]] = [
        {
            "low": sum((low for _, low, _ in rows), Decimal(0)),
            "high": sum((high for _, _, high in rows), Decimal(0)),
            "currency": currency,
            "incidents": [k for k, _, _ in rows],
        }
        for currency, rows in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    if not sums:
        return None, [], []
    first = sums[0]
    return (
        {k: first[k] for k in ("low", "high", "currency")},
        sums[1:],
        list(first["incidents"]),
    )


def _pct(outcomes: Sequence[Outcome]) -> tuple[Decimal | None, list[str]]:
    decided = [o for o in outcomes if o.state in DECIDED]
    if not decided:
        return None, []
    kept = sum(1 for o in decided if o.state == "kept")
    pct = (Decimal(100) * kept / len(decided)).quantize(Decimal("0.1"))
    return pct, sorted({o.incident_id for o in decided})


def period_figures(
    period: Period, incidents: Sequence[PastIncident], promises: Sequence[Outcome]
) -> dict[str, Any]:
    """The report's figures (SPEC section 9) for the incidents begun in `period` and the
    promises made after them, with the incidents behind each figure."""
    ids = [p.id for p in incidents]
    severity = Counter(p.severity or "unknown" for p in incidents)
    minutes = [p for p in incidents if p.impact_minutes is not None]
    detect = [p for p in incidents if p.detect_minutes is not None]
    restore = [p for p in incidents if p.restore_minutes is not None]
    impact_total = sum((p.impact_minutes or Decimal(0) for p in minutes), Decimal(0))
    causes = Counter(p.cause_class for p in incidents if p.cause_class != "other")
    repeats = sorted(((c, n) for c, n in causes.items() if n > 1), key=lambda cn: (-cn[1], cn[0]))
    revenue, revenue_other, revenue_ids = _money(
        [(p.id, p.currency, p.revenue_low, p.revenue_high) for p in incidents]
    )
    credits, credits_other, credit_ids = _money(
        [(p.id, p.credits_currency, p.credits, p.credits) for p in incidents]
    )
    response, response_other, response_ids = _money(
        [(p.id, p.response_currency, p.response_cost, p.response_cost) for p in incidents]
    )
    kept_pct, kept_ids = _pct(promises)
    notices_pct, notice_ids = _pct([o for o in promises if is_notice(o.what)])
    overdue = [o for o in promises if o.state == "missed"]
    months = []
    for month in period.months():
        inside = [p for p in incidents if _month(p) == month]
        months.append(
            {
                "month": month,
                "incidents": len(inside),
                "customer_impact_minutes": sum(
                    (p.impact_minutes for p in inside if p.impact_minutes is not None),
                    Decimal(0),
                ),
                "median_time_to_detect": _median(
                    [p.detect_minutes for p in inside if p.detect_minutes is not None]
                ),
                "median_time_to_restore": _median(
                    [p.restore_minutes for p in inside if p.restore_minutes is not None]
                ),
                "incident_ids": [p.id for p in inside],
            }
        )
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "incidents": len(incidents),
        "by_severity": dict(sorted(severity.items())),
        "customer_impact_minutes": impact_total,
        "still_ongoing": [p.id for p in incidents if p.impact_minutes is None],
        "median_time_to_detect": _median([p.detect_minutes or Decimal(0) for p in detect]),
        "median_time_to_restore": _median([p.restore_minutes or Decimal(0) for p in restore]),
        "by_month": months,
        "revenue_lost": revenue,
        "sla_credits": None
        if credits is None
        else {"amount": credits["low"], "currency": credits["currency"]},
        "response_cost": None
        if response is None
        else {"amount": response["low"], "currency": response["currency"]},
        "money_in_other_currencies": {
            "revenue_lost": revenue_other,
            "sla_credits": credits_other,
            "response_cost": response_other,
        },
        "repeat_causes": [{"cause_class": c, "count": n} for c, n in repeats],
        "commitments_kept_on_time_pct": kept_pct,
        "overdue": [
            {
                "incident": o.incident_id,
                "number": o.number,
                "what": o.what,
                "due": o.due.isoformat(),
            }
            for o in overdue
        ],
        "notices_on_time_pct": notices_pct,
        "traced_to": {
            "incidents": ids,
            "by_severity": {
                s: [p.id for p in incidents if (p.severity or "unknown") == s] for s in severity
            },
            "customer_impact_minutes": [p.id for p in minutes],
            "median_time_to_detect": [p.id for p in detect],
            "median_time_to_restore": [p.id for p in restore],
            "revenue_lost": revenue_ids,
            "sla_credits": credit_ids,
            "response_cost": response_ids,
            "repeat_causes": {
                c: [p.id for p in incidents if p.cause_class == c] for c, _ in repeats
            },
            "commitments_kept_on_time_pct": kept_ids,
            "overdue": sorted({o.incident_id for o in overdue}),
            "notices_on_time_pct": notice_ids,
        },
        "incident_list": [
            {
                "id": p.id,
                "title": p.title,
                "started": p.started.isoformat(),
                "severity": p.severity,
                "service": p.service,
                "cause_class": p.cause_class,
                "customer_impact_minutes": p.impact_minutes,
            }
            for p in incidents
        ],
    }
