"""What changed between two versions of an incident's facts, field by field.

Facts are the incident file as saved (plain JSON: dicts, lists, strings, numbers). A
change names the field (`impact.support_tickets`, `timeline.events[2].what`), a label a
CEO can read ("Support tickets"), and the old and new values (None when absent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LABELS = {
    "title": "Title",
    "severity": "Severity",
    "service": "Service",
    "timeline.detected": "When we knew",
    "timeline.mitigated": "Service back for customers",
    "timeline.resolved": "Incident closed",
    "impact.users_affected": "Customers affected",
    "impact.failed_transactions": "Failed transactions",
    "impact.traffic_failing": "Share of requests failing",
    "impact.support_tickets": "Support tickets",
    "impact.public_attention": "Public attention",
    "impact.data_loss": "Data lost",
    "impact.revenue.lost": "Revenue lost",
    "cause.summary": "Cause",
    "cause.status": "How sure we are of the cause",
    "cause.safeguard_gap": "Why our safeguards missed it",
    "fix.immediate": "What restored service",
    "fix.permanent": "The lasting fix",
    "fix.permanent_eta": "Date of the lasting fix",
    "recurrence.risk": "Risk it happens again",
    "asks": "What we need from you",
}


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by dotted path. Lists of plain values stay whole (one fact)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
        return out
    if value is None or value == []:
        return {}
    return {prefix: value}


def label(field: str) -> str:
    """A readable name for a dotted field path."""
    if field in LABELS:
        return LABELS[field]
    for known in sorted(LABELS, key=len, reverse=True):
        if field.startswith(known + "."):
            return LABELS[known]
    last = field.rsplit(".", 1)[-1]
    words = last.split("[")[0].replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else field


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """Every fact that differs from `old` to `new`, in the order of the new facts."""
    before = flatten(old or {})
    after = flatten(new)
    fields = list(after) + [f for f in before if f not in after]
    return [
        Change(f, label(f), before.get(f), after.get(f))
        for f in fields
        if before.get(f) != after.get(f)
    ]
