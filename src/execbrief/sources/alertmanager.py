"""Alertmanager: webhook payloads (firing and resolved) to a draft.

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


def from_payload(data: Any) -> Draft:
    top = as_map(data, "the payload")
    if "alerts" not in top or "status" not in top:
        raise PayloadError(
            "not an Alertmanager webhook payload (no 'alerts' and 'status')",
            hint="give the JSON body Alertmanager posts to a webhook receiver",
        )
    alerts = as_list(top["alerts"], "alerts")
    if not alerts:
        raise PayloadError("the payload holds no alerts", field="alerts")
    common = _labels(top.get("commonLabels"))
    annotations = _labels(top.get("commonAnnotations"))
    src = f"alertmanager webhook ({text(top.get('status'))}, {len(alerts)} alerts)"
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
    for i, raw in enumerate(alerts):
        alert = as_map(raw, f"alerts[{i}]")
        name = _alert_name(alert, common)
        start = moment(alert.get("startsAt"), f"alerts[{i}].startsAt")
        end = moment(alert.get("endsAt"), f"alerts[{i}].endsAt")
        resolved = text(alert.get("status")) == "resolved"
        all_resolved = all_resolved and resolved
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
        if resolved and end is None:
            unknown["timeline.mitigated"] = (
                f"alerts[{i}] is resolved but its endsAt is the zero time (not known)"
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
    if text(top.get("truncatedAlerts")) or (
        isinstance(top.get("truncatedAlerts"), int) and top["truncatedAlerts"] > 0
    ):
        notes.append(f"Alertmanager left out {top['truncatedAlerts']} alerts from this payload")
    return Draft(facts, tuple(events), tuple(notes), unknown)
