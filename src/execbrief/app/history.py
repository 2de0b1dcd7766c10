"""History's use cases: the incidents like this one (`execbrief similar`), and what they
say in the brief's "Will it happen again?"."""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING, Any

from execbrief.app.clock import parse_now
from execbrief.errors import InputError

if TYPE_CHECKING:
    from execbrief.core.history import Match, PastIncident
    from execbrief.core.incident import Incident
    from execbrief.store.repository import Store


def _fix_states(store: Store, ids: list[str], now: datetime) -> dict[str, str | None]:
    from execbrief.core.history.fixes import fix_state
    from execbrief.core.incident import load_zone

    return {
        key: fix_state(ledger, load_zone(zone), now)
        for key, (zone, ledger) in store.ledgers(ids).items()
    }


def _minutes(value: Any) -> float | None:
    return None if value is None else float(value)


def match_document(m: Match, fix_kept: str | None) -> dict[str, Any]:
    """One line of `similar --format json` (SPEC section 9, with the facts shown)."""
    p = m.past
    return {
        "id": p.id,
        "title": p.title,
        "started": p.started.isoformat(),
        "cause_class": p.cause_class,
        "evidence": list(p.evidence),
        "score": m.score,
        "why": list(m.why),
        "fix_kept": fix_kept,
        "service": p.service,
        "severity": p.severity,
        "customer_impact_minutes": _minutes(p.impact_minutes),
        "users_affected": None
        if p.users_low is None
        else {"low": p.users_low, "high": p.users_high, "unit": p.users_unit},
    }


def similar_incidents(
    incident_id: str, db: str | None, now: str | None = None, limit: int = 10
) -> tuple[PastIncident, list[dict[str, Any]]]:
    """The saved incident and the past incidents most like it, with whether their fixes
    were kept (as of `now`)."""
    from execbrief.core.history import similar
    from execbrief.store import open_store

    if limit < 1:
        raise InputError.single("--limit must be 1 or more", field="--limit", hint="e.g. 10")
    moment = parse_now(now)
    store = open_store(db)
    try:
        target = store.past_incident(incident_id)
        matches = similar(target, store.past_incidents(until=target.started), limit=limit)
        states = _fix_states(store, [m.past.id for m in matches], moment)
    finally:
        store.close()
    return target, [match_document(m, states.get(m.past.id)) for m in matches]


def evidence_for(incident: Incident, db: str | None, now: datetime) -> str | None:
    """What the store's history says of this failure recurring (None without a store):
    the count in the year before, the last one's date and whether its fix was kept."""
    if db is None and not os.environ.get("EXECBRIEF_DATABASE_URL"):
        return None
    from execbrief.core.followup import incident_key
    from execbrief.core.history import past_incident, recurrence_evidence, same_failures, similar
    from execbrief.core.history.evidence import WINDOW
    from execbrief.core.impact import assess
    from execbrief.store import open_store

    target = past_incident(incident_key(incident), incident, assess(incident, now))
    store = open_store(db)
    try:
        pasts = store.past_incidents(since=target.started - WINDOW, until=target.started)
        recent = same_failures(target, similar(target, pasts, limit=len(pasts) or 1))
        last = [max(recent, key=lambda m: m.past.started).past.id] if recent else []
        states = _fix_states(store, last, now)
    finally:
        store.close()
    return recurrence_evidence(target, recent, states, incident.zone)
