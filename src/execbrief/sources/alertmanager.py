"""Alertmanager: webhook payloads (firing and resolved) and API answers to a draft.

Shapes, as Alertmanager documents them: the webhook body (`{"version": "4", "status",
"alerts": [...], "commonLabels", ...}`, firing or resolved); the API v2 alert list
(`GET /api/v2/alerts`: a bare list of alerts whose `status` is `{"state": "active"}`);
API v2 alert groups (`GET /api/v2/alerts/groups`: `[{"labels", "receiver", "alerts"}]`);
and API v1 (`{"status": "success", "data": [...]}`). The API lists only alerts that are
still firing: its `endsAt` is when Alertmanager will stop waiting for them, not an end.

Times: the earliest `startsAt` is when the first alert began firing: both when we knew
(`detected`) and the latest possible start of impact (`started`; alert rules often wait a
few minutes before firing). When the group is resolved, the latest `endsAt` is when
monitoring saw impact end (`mitigated`). Alertmanager writes the zero time
0001-01-01T00:00:00Z for "not known"; that stays unknown, never the year 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from execbrief.core.incident import Draft, DraftEvent, Fact
from execbrief.sources.payload import PayloadError, as_list, as_map, clip, moment, text

STARTED_CAVEAT = (
    "Alertmanager knows when an alert began firing, not when customers were first hurt: "
    "alert rules usually wait a few minutes, so impact may have begun earlier"
)


def _labels(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _alert_name(alert: Mapping[str, Any], common: Mapping[str, Any]) -> str:
    labels = _labels(alert.get("labels"))
    name = text(labels.get("alertname")) or text(common.get("alertname")) or "an alert"
    target = text(labels.get("instance")) or text(labels.get("service"))
    return f"'{name}'" + (f" on {target}" if target else "")


def _api_alerts(data: Any) -> tuple[list[Any], str] | None:
    """The alerts of an API answer (v2 list, v2 groups, v1 envelope), or None."""
    if isinstance(data, Mapping) and text(data.get("status")) == "success" and "data" in data:
        return as_list(data["data"], "data"), "data"
    if not isinstance(data, list):
        return None
    if data and all(isinstance(g, Mapping) and "alerts" in g for g in data):
        alerts: list[Any] = []
        for i, group in enumerate(data):
            alerts += as_list(group["alerts"], f"[{i}].alerts")
        return alerts, "groups"
    return data, ""


def _common(alerts: list[Any], key: str) -> dict[str, Any]:
    """What every alert's labels (or annotations) share, as the webhook's commonLabels."""
    maps = [_labels(a.get(key)) for a in alerts if isinstance(a, Mapping)]
    if not maps:
        return {}
    return {k: v for k, v in maps[0].items() if all(m.get(k) == v for m in maps[1:])}


def _as_webhook(data: Any) -> Mapping[str, Any]:
    api = _api_alerts(data)
    if api is None:
        top = as_map(data, "the payload")
        if "alerts" not in top or "status" not in top:
            raise PayloadError(
                "not an Alertmanager webhook payload or API answer (no 'alerts' and 'status')",
                hint="give the JSON body Alertmanager posts to a webhook receiver, or the "
                "answer of GET /api/v2/alerts",
            )
        return top
    alerts, where = api
    if not alerts or not all(
        isinstance(a, Mapping) and "startsAt" in a and "labels" in a for a in alerts
    ):
        raise PayloadError(
            "not a list of Alertmanager alerts (each with 'labels' and 'startsAt')",
            field="data" if where == "data" else "alerts",
            hint="give the answer of GET /api/v2/alerts, or a webhook body",
        )
    firing = [
        {**a, "status": "firing", "endsAt": None} if isinstance(a, Mapping) else a for a in alerts
    ]
    return {
        "status": "firing",
        "alerts": firing,
        "commonLabels": _common(alerts, "labels"),
        "commonAnnotations": _common(alerts, "annotations"),
        "_api": where or "list",
    }


def from_payload(data: Any) -> Draft:
    top = _as_webhook(data)
    alerts = as_list(top["alerts"], "alerts")
    if not alerts:
        raise PayloadError("the payload holds no alerts", field="alerts")
    common = _labels(top.get("commonLabels"))
    annotations = _labels(top.get("commonAnnotations"))
    status = text(top.get("status"))
    src = (
        f"alertmanager API ({len(alerts)} active alerts)"
        if top.get("_api")
        else f"alertmanager webhook ({status}, {len(alerts)} alerts)"
    )
    facts: dict[str, Fact] = {}
    unknown: dict[str, str] = {}
    title = text(annotations.get("summary")) or text(common.get("alertname"))
    if title:
        field = (
            "commonAnnotations.summary"
            if text(annotations.get("summary"))
            else "commonLabels.alertname"
        )
        facts["title"] = Fact(title, f"{src}: {field}")
    severity = text(common.get("severity"))
    if severity:
        facts["severity"] = Fact(severity, f"{src}: commonLabels.severity")
    service = text(common.get("service"))
    if service:
        facts["service"] = Fact(service, f"{src}: commonLabels.service")
    starts: list[datetime] = []
    ends: list[datetime] = []
    events: list[DraftEvent] = []
    all_resolved = True
    no_start: list[int] = []
    no_end: list[int] = []
    for i, raw in enumerate(alerts):
        alert = as_map(raw, f"alerts[{i}]")
        name = _alert_name(alert, common)
        start = moment(alert.get("startsAt"), f"alerts[{i}].startsAt")
        end = moment(alert.get("endsAt"), f"alerts[{i}].endsAt")
        # An alert's own status, else the group's (a resolved notification is resolved).
        resolved = (text(alert.get("status")) or status) == "resolved"
        all_resolved = all_resolved and resolved
        if start is None:
            no_start.append(i)
        if resolved and end is None:
            no_end.append(i)
        if start is not None:
            starts.append(start)
            events.append(
                DraftEvent(
                    start, clip(f"Alert {name} began firing"), f"{src}: alerts[{i}].startsAt"
                )
            )
        if resolved and end is not None:
            ends.append(end)
            events.append(
                DraftEvent(end, clip(f"Alert {name} stopped firing"), f"{src}: alerts[{i}].endsAt")
            )
    if no_end:
        unknown["timeline.mitigated"] = (
            f"Alertmanager reports {_count(no_end, alerts)} resolved, but gives no end time "
            "(endsAt is the zero time): add when customer impact ended"
        )
    if starts:
        first = min(starts)
        facts["timeline.started"] = Fact(first, f"{src}: earliest startsAt (firing time; see note)")
        facts["timeline.detected"] = Fact(first, f"{src}: earliest startsAt")
    if all_resolved and ends and "timeline.mitigated" not in unknown:
        facts["timeline.mitigated"] = Fact(max(ends), f"{src}: latest endsAt")
    elif not all_resolved:
        unknown["timeline.mitigated"] = "some alerts are still firing"
    unknown["timeline.resolved"] = "Alertmanager cannot say when things were stable for the night"
    notes = [STARTED_CAVEAT]
    if all_resolved and no_end:
        notes.append(
            f"Alertmanager: the group is resolved ({_count(no_end, alerts)} without an end time)"
        )
    if no_start:
        notes.append(
            f"Alertmanager: {_count(no_start, alerts)} had no start time (startsAt is the zero "
            "time or missing) and could not be placed on the timeline"
        )
    if text(top.get("truncatedAlerts")) or (
        isinstance(top.get("truncatedAlerts"), int) and top["truncatedAlerts"] > 0
    ):
        notes.append(f"Alertmanager left out {top['truncatedAlerts']} alerts from this payload")
    return Draft(facts, tuple(events), tuple(notes), unknown)


def _count(indexes: list[int], alerts: list[Any]) -> str:
    if len(indexes) == len(alerts):
        return f"all {len(alerts)} alerts" if len(alerts) > 1 else "the alert"
    return f"{len(indexes)} of {len(alerts)} alerts"
