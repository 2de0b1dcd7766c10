"""PagerDuty: a REST API v2 incident (with its log entries) or webhook v3 events, to a draft.

How PagerDuty's times map to the incident timeline:

- `started`: PagerDuty only knows when the incident was triggered (`created_at`, or
  `alert_grouping.started_at` when alerts were grouped earlier). Customer impact began at
  that moment or before it, so this is the latest possible start; the draft says so.
- `detected`: `created_at`, the moment the page went out: we knew.
- `mitigated`: `resolved_at` (or a webhook `incident.resolved` event): PagerDuty resolves
  when the alert clears, which is when monitoring saw impact end.
- `resolved`: left empty. PagerDuty cannot say when things were stable enough to stop
  work for the night; the engineer decides that.
- Acknowledgements, escalations, triggers and resolutions become timeline events, without
  people's names: the brief never blames anyone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from execbrief.core.incident import Draft, DraftEvent, Fact
from execbrief.sources.payload import PayloadError, as_list, as_map, moment, text

STARTED_CAVEAT = (
    "PagerDuty knows when it was paged, not when customers were first hurt: "
    "timeline.started is the trigger time, and impact may have begun earlier"
)

_LOG_EVENTS = {
    "trigger_log_entry": "The incident was opened in PagerDuty and the on-call engineer paged",
    "acknowledge_log_entry": "An engineer acknowledged the page",
    "escalate_log_entry": "The page was escalated to more responders",
    "resolve_log_entry": "The incident was marked resolved in PagerDuty",
}
_WEBHOOK_EVENTS = {
    "incident.triggered": _LOG_EVENTS["trigger_log_entry"],
    "incident.acknowledged": _LOG_EVENTS["acknowledge_log_entry"],
    "incident.escalated": _LOG_EVENTS["escalate_log_entry"],
    "incident.resolved": _LOG_EVENTS["resolve_log_entry"],
    "incident.reopened": "The incident was reopened in PagerDuty",
    "incident.priority_updated": None,
}


def _incident_in(data: Any) -> tuple[Mapping[str, Any], str]:
    top = as_map(data, "the payload")
    if "incident" in top:
        return as_map(top["incident"], "incident"), "incident"
    if "incidents" in top:
        items = as_list(top["incidents"], "incidents")
        if len(items) != 1:
            raise PayloadError(
                f"the list holds {len(items)} incidents; give one",
                hint="save GET /incidents/{id}, or use --fetch ID",
            )
        return as_map(items[0], "incidents[0]"), "incidents[0]"
    if top.get("type") == "incident":
        return top, "incident"
    if "routing_key" in top or "event_action" in top:
        raise PayloadError(
            "this is an Events API v2 event sent to PagerDuty, not an incident",
            hint="give the incident (GET /incidents/{id}) or a webhook v3 payload",
        )
    if "log_entries" in top:
        raise PayloadError(
            "these are log entries, not an incident",
            hint="give the incident file, and these with --log-entries",
        )
    raise PayloadError(
        "not a PagerDuty incident or webhook v3 payload (no 'incident' or 'event' object)",
        hint="save the answer of GET /incidents/{id}, or the body of a webhook v3 call",
    )


def _ref_name(value: Any) -> str | None:
    return text(value.get("summary")) if isinstance(value, Mapping) else None


def _incident_facts(inc: Mapping[str, Any], where: str) -> dict[str, Fact]:
    ident = text(inc.get("id")) or "?"
    src = f"pagerduty incident {ident}"
    facts: dict[str, Fact] = {}
    if text(inc.get("id")):
        facts["id"] = Fact(ident, f"{src}: {where}.id")
    title = text(inc.get("title")) or text(inc.get("summary"))
    if title:
        facts["title"] = Fact(title, f"{src}: {where}.title")
    priority = _ref_name(inc.get("priority"))
    if priority:
        facts["severity"] = Fact(priority, f"{src}: {where}.priority")
    service = _ref_name(inc.get("service"))
    if service:
        facts["service"] = Fact(service, f"{src}: {where}.service (PagerDuty's service name)")
    created = moment(inc.get("created_at"), f"{where}.created_at")
    grouping = inc.get("alert_grouping")
    grouped = (
        moment(grouping.get("started_at"), f"{where}.alert_grouping.started_at")
        if isinstance(grouping, Mapping)
        else None
    )
    if created is not None:
        facts["timeline.detected"] = Fact(created, f"{src}: {where}.created_at (paged)")
    start, start_field = (grouped, "alert_grouping.started_at") if grouped else (created, None)
    if created is not None and grouped is not None and created < grouped:
        start, start_field = created, None
    if start is not None:
        facts["timeline.started"] = Fact(
            start, f"{src}: {where}.{start_field or 'created_at'} (trigger time; see note)"
        )
    resolved = moment(inc.get("resolved_at"), f"{where}.resolved_at")
    if resolved is not None and (start is None or resolved >= start):
        facts["timeline.mitigated"] = Fact(resolved, f"{src}: {where}.resolved_at")
    return facts


def _unknown(facts: Mapping[str, Fact]) -> dict[str, str]:
    unknown = {"timeline.resolved": "PagerDuty cannot say when things were stable for the night"}
    if "timeline.mitigated" not in facts:
        unknown["timeline.mitigated"] = "not resolved in PagerDuty yet"
    return unknown


def from_incident(data: Any) -> Draft:
    """A draft from a REST API v2 incident (GET /incidents/{id}), or a webhook v3 event."""
    top = as_map(data, "the payload")
    if "event" in top:
        return from_webhook(top)
    inc, where = _incident_in(top)
    facts = _incident_facts(inc, where)
    events: list[DraftEvent] = []
    ident = text(inc.get("id")) or "?"
    acks = as_list(inc.get("acknowledgements") or [], f"{where}.acknowledgements")
    for i, ack in enumerate(acks):
        ack = as_map(ack, f"{where}.acknowledgements[{i}]")
        at = moment(ack.get("at"), f"{where}.acknowledgements[{i}].at")
        if at is not None:
            events.append(
                DraftEvent(
                    at,
                    _LOG_EVENTS["acknowledge_log_entry"],
                    f"pagerduty incident {ident}: acknowledgements[{i}].at",
                )
            )
    return Draft(facts, tuple(events), (STARTED_CAVEAT,), _unknown(facts))


def from_webhook(top: Mapping[str, Any]) -> Draft:
    event = as_map(top.get("event"), "event")
    kind = text(event.get("event_type")) or ""
    if not kind.startswith("incident."):
        raise PayloadError(
            f"webhook event '{kind or '?'}' is not about an incident",
            field="event.event_type",
            hint="give an incident.* webhook v3 event",
        )
    inc = as_map(event.get("data"), "event.data")
    facts = _incident_facts(inc, "event.data")
    at = moment(event.get("occurred_at"), "event.occurred_at")
    events: list[DraftEvent] = []
    what = _WEBHOOK_EVENTS.get(kind)
    source = f"pagerduty webhook {text(event.get('id')) or '?'}: {kind} at event.occurred_at"
    if at is not None and what:
        events.append(DraftEvent(at, what, source))
    if kind == "incident.resolved" and at is not None and "timeline.mitigated" not in facts:
        facts["timeline.mitigated"] = Fact(at, source)
    return Draft(facts, tuple(events), (STARTED_CAVEAT,), _unknown(facts))


def log_entry_events(data: Any) -> tuple[list[DraftEvent], datetime | None]:
    """Timeline events from GET /incidents/{id}/log_entries; also the last resolve time."""
    top = as_map(data, "the log entries file")
    if "log_entries" not in top:
        raise PayloadError(
            "no 'log_entries' list: not a PagerDuty log entries answer",
            hint="save GET /incidents/{id}/log_entries",
        )
    events: list[DraftEvent] = []
    resolved: datetime | None = None
    for i, entry in enumerate(as_list(top["log_entries"], "log_entries")):
        entry = as_map(entry, f"log_entries[{i}]")
        kind = text(entry.get("type")) or ""
        what = _LOG_EVENTS.get(kind)
        at = moment(entry.get("created_at"), f"log_entries[{i}].created_at")
        if what is None or at is None:
            continue
        ident = text(entry.get("id")) or str(i)
        events.append(DraftEvent(at, what, f"pagerduty log entry {ident} ({kind})"))
        if kind == "resolve_log_entry" and (resolved is None or at > resolved):
            resolved = at
    return events, resolved


def _untimed_entries(data: Any) -> int:
    """Log entries of a kind the timeline shows that carry no time (left out)."""
    entries = data.get("log_entries") if isinstance(data, Mapping) else None
    return sum(
        1
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, Mapping) and text(e.get("type")) in _LOG_EVENTS and not e.get("created_at")
    )


def with_log_entries(draft: Draft, data: Any) -> Draft:
    events, resolved = log_entry_events(data)
    facts = dict(draft.facts)
    if resolved is not None and "timeline.mitigated" not in facts:
        facts["timeline.mitigated"] = Fact(resolved, "pagerduty log entries: resolve_log_entry")
    unknown = {k: v for k, v in draft.unknown.items() if k not in facts}
    notes = draft.notes
    untimed = _untimed_entries(data)
    if untimed:
        entries = "1 log entry" if untimed == 1 else f"{untimed} log entries"
        notes = (*notes, f"PagerDuty: left out {entries} without a time")
    return Draft(facts, (*draft.events, *events), notes, unknown, draft.conflicts)
