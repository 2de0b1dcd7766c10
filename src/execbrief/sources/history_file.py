"""Past incidents in bulk, for a team's history on day one: a CSV with one incident per
row, or a PagerDuty incidents export (GET /incidents: {"incidents": [...]}, or a bare
list). Each becomes the incident facts a file would hold; nothing is made up, and a
source's missing value stays missing."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from execbrief.errors import InputError
from execbrief.sources.payload import PayloadError, as_list, as_map, bad, read_json
from execbrief.sources.text_file import decode, read_capped

MAX_CSV_BYTES = 50_000_000

# CSV column -> the incident file's field (dotted). `id`, `title` and `started` are needed.
CSV_COLUMNS = {
    "id": "id",
    "title": "title",
    "severity": "severity",
    "service": "service",
    "kind": "kind",
    "timezone": "audience.timezone",
    "started": "timeline.started",
    "detected": "timeline.detected",
    "mitigated": "timeline.mitigated",
    "resolved": "timeline.resolved",
    "users_affected": "impact.users_affected",
    "currency": "impact.revenue.currency",
    "revenue_lost_low": "impact.revenue.lost.low",
    "revenue_lost_high": "impact.revenue.lost.high",
    "cause": "cause.summary",
    "cause_status": "cause.status",
    "safeguard_gap": "cause.safeguard_gap",
}
REQUIRED_COLUMNS = ("id", "title", "started")


def _nested(flat: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"execbrief": 1}
    for dotted, value in flat.items():
        node = out
        *parents, last = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def csv_incidents(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line, incident facts) for each row of the CSV at `path`."""
    try:
        raw = read_capped(path, MAX_CSV_BYTES, what="a history CSV", field="FILE")
    except OSError as exc:
        raise InputError.single(f"cannot read: {exc.strerror}", file=str(path)) from None
    reader = csv.DictReader(io.StringIO(decode(raw, str(path)), newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if missing or unknown:
        said = "; ".join(
            [*(f"no '{c}' column" for c in missing), *(f"unknown column '{c}'" for c in unknown)]
        )
        raise InputError.single(
            said,
            file=str(path),
            line=1,
            field="columns",
            hint="columns: " + ", ".join(CSV_COLUMNS) + " (id, title, started needed)",
        )
    out: list[tuple[int, dict[str, Any]]] = []
    for row in reader:
        flat: dict[str, Any] = {}
        for column, value in row.items():
            if column is None or value is None or not value.strip():
                continue
            value = value.strip()
            if column.strip() in ("users_affected",) and value.isdigit():
                flat[CSV_COLUMNS[column.strip()]] = int(value)
            else:
                flat[CSV_COLUMNS[column.strip()]] = value
        out.append((reader.line_num, _nested(flat)))
    return out


def pagerduty_incidents(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(where in the export, incident facts) for each incident of a PagerDuty export."""
    from execbrief.sources.pagerduty import _incident_facts

    data = read_json(path, "pagerduty")
    try:
        items = as_list(
            data if isinstance(data, list) else as_map(data, "the export").get("incidents"),
            "incidents",
        )
        out = []
        for i, item in enumerate(items):
            where = f"incidents[{i}]"
            facts = _incident_facts(as_map(item, where), where)
            flat = {
                name: fact.value.isoformat() if hasattr(fact.value, "isoformat") else fact.value
                for name, fact in facts.items()
            }
            out.append((where, _nested(flat)))
    except PayloadError as error:
        raise bad("pagerduty", str(path), error) from None
    return out
