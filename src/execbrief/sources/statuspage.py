"""Statuspage (Atlassian): an incident with its updates, to a draft.

Accepted shapes: one incident object, `{"incident": {...}}` (also the incident webhook,
`{"meta", "page", "incident"}`), or a list answer (`/api/v2/incidents.json`,
`/api/v2/incidents/unresolved.json`, `/api/v2/summary.json`: `{"incidents": [...]}`) with
`--incident ID` when it holds more than one. A component-update webhook is not an incident.

Times: `started_at` (or `created_at`, the first public post, when the page has no start)
is the latest possible start of impact; `monitoring_at` is when a fix was in place and
being watched (`mitigated`); `resolved_at` is `resolved`, and also `mitigated` when no
monitoring update was posted (impact had ended by then at the latest). Each update
(investigating, identified, monitoring, resolved...) becomes a timeline event.

Impact level to severity: critical -> SEV1, major -> SEV2, minor -> SEV3, none -> SEV4.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from execbrief.core.incident import Draft, DraftEvent, Fact
from execbrief.sources.payload import PayloadError, as_list, as_map, clip, moment, text

SEVERITY = {"critical": "SEV1", "major": "SEV2", "minor": "SEV3", "none": "SEV4"}
_STATUS_WORDS = {
    "investigating": "Status page: investigating",
    "identified": "Status page: cause identified",
    "monitoring": "Status page: fix in place, monitoring",
    "resolved": "Status page: resolved",
    "postmortem": "Status page: postmortem published",
    "scheduled": "Status page: maintenance scheduled",
    "in_progress": "Status page: maintenance in progress",
    "verifying": "Status page: verifying",
    "completed": "Status page: maintenance completed",
}
STARTED_CAVEAT = (
    "the status page shows when the incident was posted or said to start, which may be "
    "after customers were first hurt"
)


def _pick_incident(data: Any, wanted: str | None) -> Mapping[str, Any]:
    top = as_map(data, "the payload") if not isinstance(data, list) else {"incidents": data}
    if "incident_updates" in top:
        return top
    if "component_update" in top:
        raise PayloadError(
            "this webhook is a component update, not an incident",
            field="component_update",
            hint="give the incident webhook or GET /api/v2/incidents.json",
        )
    if "incident" in top:
        return as_map(top["incident"], "incident")
    if "incidents" not in top:
        raise PayloadError(
            "not a Statuspage incident (no 'incident_updates' and no 'incidents' list)",
            hint="give GET /api/v2/incidents.json, or one incident from it, or use --fetch",
        )
    items = [
        as_map(item, f"incidents[{i}]")
        for i, item in enumerate(as_list(top["incidents"], "incidents"))
    ]
    if wanted is not None:
        for item in items:
            if text(item.get("id")) == wanted or text(item.get("shortlink")) == wanted:
                return item
        raise PayloadError(f"no incident with id '{wanted}' in this list", field="--incident")
    if len(items) == 1:
        return items[0]
    listing = "; ".join(
        f"{text(i.get('id'))} ({clip(text(i.get('name')) or '?', 40)})" for i in items[:5]
    )
    raise PayloadError(
        f"the list holds {len(items)} incidents; say which with --incident ID",
        hint=f"for example: {listing}",
    )


def from_payload(data: Any, incident_id: str | None = None) -> Draft:
    inc = _pick_incident(data, incident_id)
    ident = text(inc.get("id")) or "?"
    src = f"statuspage incident {ident}"
    facts: dict[str, Fact] = {}
    unknown: dict[str, str] = {}
    if text(inc.get("id")):
        facts["id"] = Fact(ident, f"{src}: id")
    if text(inc.get("name")):
        facts["title"] = Fact(text(inc.get("name")), f"{src}: name")
    impact = text(inc.get("impact"))
    if impact in SEVERITY:
        facts["severity"] = Fact(SEVERITY[impact], f"{src}: impact '{impact}'")
    link = text(inc.get("shortlink"))
    facts["impact.public_attention"] = Fact(
        "public status page incident" + (f" ({link})" if link else ""), f"{src}: published"
    )
    start_field = "started_at" if moment(inc.get("started_at"), "started_at") else "created_at"
    started = moment(inc.get(start_field), start_field)
    if started is not None:
        facts["timeline.started"] = Fact(started, f"{src}: {start_field} (see note)")
    monitoring = moment(inc.get("monitoring_at"), "monitoring_at")
    resolved = moment(inc.get("resolved_at"), "resolved_at")
    if monitoring is not None:
        facts["timeline.mitigated"] = Fact(monitoring, f"{src}: monitoring_at")
    elif resolved is not None:
        facts["timeline.mitigated"] = Fact(resolved, f"{src}: resolved_at (no monitoring update)")
    else:
        unknown["timeline.mitigated"] = f"the status page says '{text(inc.get('status')) or '?'}'"
    if resolved is not None:
        facts["timeline.resolved"] = Fact(resolved, f"{src}: resolved_at")
    unknown["timeline.detected"] = "a status page shows when the public was told, not when we knew"
    events: list[DraftEvent] = []
    notes = [STARTED_CAVEAT]
    untimed = 0
    for i, raw in enumerate(as_list(inc.get("incident_updates") or [], "incident_updates")):
        update = as_map(raw, f"incident_updates[{i}]")
        status = text(update.get("status")) or "update"
        at = moment(
            update.get("display_at") or update.get("created_at"),
            f"incident_updates[{i}].created_at",
        )
        if at is None:
            untimed += 1
            continue
        head = _STATUS_WORDS.get(status, f"Status page: {status}")
        body = text(update.get("body"))
        what = clip(f"{head}: {body}" if body else head)
        events.append(DraftEvent(at, what, f"{src}: incident_updates[{i}] ({status})"))
    if untimed:
        updates = "1 update" if untimed == 1 else f"{untimed} updates"
        notes.append(f"Statuspage: left out {updates} without a time")
    return Draft(facts, tuple(events), tuple(notes), unknown)
