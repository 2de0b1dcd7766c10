"""Opsgenie: an alert from the Alert API v2, bare or inside another tool's envelope, to a draft.

Accepted shapes: the API answer `{"data": alert}` (GET /v2/alerts/{id}) or `{"data":
[alerts]}` (GET /v2/alerts), an outgoing webhook `{"action": "Create" | "Acknowledge" |
"Close" | ..., "alert": alert}`, a list of alerts, and envelopes such as Cortex XSOAR's
`{"OpsGenie": {"Alert": [...]}}`: the alert is found as the object with `message` and
`createdAt`. Several alerts in one payload are merged like sources.

Webhooks write epoch times, `createdAt` in milliseconds and `updatedAt` in nanoseconds (as
Opsgenie's own example shows); the unit is read from the size of the number. A webhook's
`updatedAt` is when the action happened: a Close gives `mitigated`.

Times: `createdAt` is when the alert fired, so it is both when we knew (`detected`) and the
latest possible start of impact (`started`). `report.closeTime` (milliseconds after
creation) gives `mitigated` when the alert was closed. Priority P1..P5 becomes severity.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from execbrief.core.incident import Draft, DraftEvent, Fact, merge_all, with_note
from execbrief.sources.payload import PayloadError, moment, text, walk_maps

STARTED_CAVEAT = (
    "Opsgenie knows when the alert fired, not when customers were first hurt: "
    "timeline.started is the alert time, and impact may have begun earlier"
)


def _is_alert(value: Mapping[str, Any]) -> bool:
    return "message" in value and "createdAt" in value


def find_alerts(data: Any) -> list[Mapping[str, Any]]:
    alerts = [m for m in walk_maps(data) if _is_alert(m)]
    if not alerts:
        hint = "save the answer of GET /v2/alerts/{id}, or use --fetch ID"
        if isinstance(data, Mapping) and ("incident" in data or "event" in data):
            raise PayloadError(
                "this looks like a PagerDuty payload, not an Opsgenie alert", hint=hint
            )
        raise PayloadError(
            "no Opsgenie alert found (an object with 'message' and 'createdAt')", hint=hint
        )
    return alerts


def _alert_draft(alert: Mapping[str, Any], index: int) -> Draft:
    ident = text(alert.get("tinyId")) or text(alert.get("id")) or str(index)
    src = f"opsgenie alert {ident}"
    where = f"alert[{index}]"
    facts: dict[str, Fact] = {}
    if text(alert.get("tinyId")) or text(alert.get("id")):
        facts["id"] = Fact(ident, f"{src}: tinyId" if text(alert.get("tinyId")) else f"{src}: id")
    title = text(alert.get("message"))
    if title:
        facts["title"] = Fact(title, f"{src}: message")
    priority = text(alert.get("priority"))
    if priority:
        facts["severity"] = Fact(priority, f"{src}: priority")
    created = moment(alert.get("createdAt"), f"{where}.createdAt", epoch_ms=True)
    events: list[DraftEvent] = []
    unknown: dict[str, str] = {}
    if created is not None:
        facts["timeline.started"] = Fact(created, f"{src}: createdAt (alert time; see note)")
        facts["timeline.detected"] = Fact(created, f"{src}: createdAt (alert fired)")
        events.append(
            DraftEvent(created, "Monitoring raised an alert in Opsgenie", f"{src}: createdAt")
        )
    report = alert.get("report") if isinstance(alert.get("report"), Mapping) else {}
    assert isinstance(report, Mapping)
    ack_ms, close_ms = report.get("ackTime"), report.get("closeTime")
    if created is not None and isinstance(ack_ms, int) and ack_ms >= 0:
        events.append(
            DraftEvent(
                created + timedelta(milliseconds=ack_ms),
                "An engineer acknowledged the alert",
                f"{src}: report.ackTime",
            )
        )
    status = text(alert.get("status"))
    if created is not None and isinstance(close_ms, int) and close_ms >= 0:
        closed = created + timedelta(milliseconds=close_ms)
        facts["timeline.mitigated"] = Fact(closed, f"{src}: createdAt + report.closeTime")
        events.append(DraftEvent(closed, "The alert was closed", f"{src}: report.closeTime"))
    elif status == "closed":
        unknown["timeline.mitigated"] = "the alert is closed but the payload has no close time"
    else:
        unknown["timeline.mitigated"] = f"the alert is still {status or 'open'}"
    unknown["timeline.resolved"] = "Opsgenie cannot say when things were stable for the night"
    return Draft(facts, tuple(events), (STARTED_CAVEAT,), unknown)


def from_payload(data: Any) -> Draft:
    if isinstance(data, Mapping) and "action" in data and isinstance(data.get("alert"), Mapping):
        return _webhook_draft(data)
    return merge_all([_alert_draft(alert, i) for i, alert in enumerate(find_alerts(data))])


def _epoch(value: Any, what: str) -> datetime | None:
    """An epoch time in seconds, milliseconds, microseconds or nanoseconds, by its size
    (in milliseconds, 1e11 is 1973 and 1e14 the year 5138)."""
    if isinstance(value, str):
        return moment(value, what)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    ms = float(value)
    while ms >= 1e14:  # micro- or nanoseconds
        ms /= 1000
    if ms < 1e11:  # seconds
        ms *= 1000
    return moment(int(ms), what, epoch_ms=True)


_WEBHOOK_ACTIONS = {
    "Acknowledge": "An engineer acknowledged the alert",
    "Close": "The alert was closed",
    "Escalate": "The alert was escalated to more responders",
    "EscalateNext": "The alert was escalated to more responders",
}


def _webhook_draft(top: Mapping[str, Any]) -> Draft:
    alert = top["alert"]
    action = text(top.get("action")) or "?"
    draft = _alert_draft(alert, 0)
    at = _epoch(alert.get("updatedAt"), "alert.updatedAt")
    what = _WEBHOOK_ACTIONS.get(action)
    src = f"opsgenie webhook ({action}): alert.updatedAt"
    if what is None or at is None:
        if what is not None:
            return with_note(draft, f"Opsgenie: the {action} webhook has no updatedAt time")
        return draft
    facts = dict(draft.facts)
    unknown = dict(draft.unknown)
    if action == "Close" and "timeline.mitigated" not in facts:
        facts["timeline.mitigated"] = Fact(at, src)
        unknown.pop("timeline.mitigated", None)
    events = (*draft.events, DraftEvent(at, what, src))
    return Draft(facts, events, draft.notes, unknown, draft.conflicts)


_ACTION_WORDS = {
    "acknowledged": "An engineer acknowledged the alert",
    "escalated": "The alert was escalated to more responders",
    "closed": "The alert was closed",
}


def with_log_actions(draft: Draft, actions: list[tuple[str, str]]) -> Draft:
    """Add events from an alert's log (GET /v2/alerts/{id}/logs), without people's names."""
    events = list(draft.events)
    for i, (when, action) in enumerate(actions):
        at = moment(when, f"logs[{i}].createdAt")
        if at is not None:
            events.append(DraftEvent(at, _ACTION_WORDS[action], f"opsgenie alert log: {action}"))
    return Draft(draft.facts, tuple(events), draft.notes, draft.unknown, draft.conflicts)
