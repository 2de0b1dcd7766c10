"""History's rows: a PastIncident as the `incident_history` table holds it, and back."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from execbrief.core.history import PastIncident


def history_row(p: PastIncident) -> dict[str, Any]:
    return {
        "incident_id": p.id,
        "title": p.title,
        "started": p.started,
        "severity": p.severity,
        "service": p.service,
        "cause_text": p.cause_text,
        "safeguard_gap": p.safeguard_gap,
        "cause_class": p.cause_class,
        "evidence": ",".join(p.evidence),
        "impact_minutes": p.impact_minutes,
        "detect_minutes": p.detect_minutes,
        "restore_minutes": p.restore_minutes,
        "users_low": p.users_low,
        "users_high": p.users_high,
        "users_unit": p.users_unit,
        "revenue_low": p.revenue_low,
        "revenue_high": p.revenue_high,
        "currency": p.currency,
        "credits": p.credits,
        "credits_currency": p.credits_currency,
        "response_cost": p.response_cost,
        "response_currency": p.response_currency,
    }


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).normalize() + 0


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def past_from_row(row: Any) -> PastIncident:
    return PastIncident(
        id=row.incident_id,
        title=row.title,
        started=_moment(row.started),
        severity=row.severity,
        service=row.service,
        cause_text=row.cause_text,
        safeguard_gap=row.safeguard_gap,
        cause_class=row.cause_class,
        evidence=tuple(w for w in row.evidence.split(",") if w),
        impact_minutes=_decimal(row.impact_minutes),
        detect_minutes=_decimal(row.detect_minutes),
        restore_minutes=_decimal(row.restore_minutes),
        users_low=row.users_low,
        users_high=row.users_high,
        users_unit=row.users_unit,
        revenue_low=_decimal(row.revenue_low),
        revenue_high=_decimal(row.revenue_high),
        currency=row.currency,
        credits=_decimal(row.credits),
        credits_currency=row.credits_currency,
        response_cost=_decimal(row.response_cost),
        response_currency=row.response_currency,
    )


def past_from_facts(key: str, facts: dict[str, Any], saved_at: datetime) -> PastIncident:
    """History's row from a saved version's facts (the migration fills the table so)."""
    from execbrief.core.history import past_incident
    from execbrief.core.impact import assess
    from execbrief.core.incident import read_incident

    incident = read_incident(facts)
    return past_incident(key, incident, assess(incident, saved_at))
