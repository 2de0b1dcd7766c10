"""Every documented payload shape of every source (issue 16 item 1): firing and resolved,
webhook and API, bare and enveloped; each fixture is written in the shape the tool's own
documentation gives, with this project's own values. The draft says what it could not read."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from execbrief.cli import app
from execbrief.core.incident.validation import read_incident
from execbrief.sources import alertmanager, opsgenie, pagerduty, prometheus, statuspage
from execbrief.sources.draft_file import compose
from execbrief.sources.payload import PayloadError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def valid(draft) -> None:
    composed = compose(draft)
    assert not composed.still_needed and not composed.problems, composed.problems
    read_incident(composed.data)


SHAPES = [
    ("alertmanager", "alertmanager_firing.json"),
    ("alertmanager", "alertmanager_resolved.json"),
    ("alertmanager", "alertmanager_resolved_no_end.json"),
    ("alertmanager", "alertmanager_api_v2_alerts.json"),
    ("alertmanager", "alertmanager_api_v2_groups.json"),
    ("alertmanager", "alertmanager_api_v1_alerts.json"),
    ("opsgenie", "opsgenie_alert.json"),
    ("opsgenie", "opsgenie_alert_list.json"),
    ("opsgenie", "opsgenie_webhook_open.json"),
    ("opsgenie", "opsgenie_webhook_close.json"),
    ("pagerduty", "pd_incident.json"),
    ("pagerduty", "pd_incidents_list.json"),
    ("pagerduty", "pd_webhook_triggered.json"),
    ("pagerduty", "pd_webhook_acknowledged.json"),
    ("pagerduty", "pd_webhook_resolved.json"),
    ("statuspage", "statuspage_incident.json"),
    ("statuspage", "statuspage_webhook_incident.json"),
    ("statuspage", "statuspage_summary_unresolved.json"),
]


@pytest.mark.parametrize(("source", "name"), SHAPES, ids=[n for _, n in SHAPES])
def test_every_shape_drafts_an_incident_brief_accepts(tmp_path, source, name):
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(app, ["import", source, str(FIXTURES / name), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output  # 1: facts still to add, said on stderr
    assert "Traceback" not in result.output
    data = out.read_text()
    assert "timeline:" in data and "# from " in data


def test_alertmanager_resolved_without_end_times_is_recognised_as_resolved():
    draft = alertmanager.from_payload(load("alertmanager_resolved_no_end.json"))
    assert "Alertmanager: the group is resolved (all 2 alerts without an end time)" in draft.notes
    why = draft.unknown["timeline.mitigated"]
    assert why.startswith("Alertmanager reports all 2 alerts resolved, but gives no end time")
    assert "still firing" not in why
    resolved = alertmanager.from_payload(load("alertmanager_resolved.json"))
    assert resolved.facts["timeline.mitigated"].value == at("2026-11-20T14:48:00Z")


@pytest.mark.parametrize(
    "name",
    [
        "alertmanager_api_v2_alerts.json",
        "alertmanager_api_v2_groups.json",
        "alertmanager_api_v1_alerts.json",
    ],
)
def test_alertmanager_api_answers_are_alerts_still_firing(name):
    draft = alertmanager.from_payload(load(name))
    assert draft.facts["timeline.started"].value == at("2026-11-20T14:03:30.123Z")
    assert draft.facts["service"].value == "checkout"  # the labels every alert shares
    assert draft.facts["title"].value == "Checkout error rate high"
    # The API's endsAt is when Alertmanager stops waiting, not an end of impact.
    assert "timeline.mitigated" not in draft.facts
    assert draft.unknown["timeline.mitigated"] == "some alerts are still firing"
    assert draft.facts["title"].source.startswith("alertmanager API (2 active alerts)")
    valid(draft)


def test_alertmanager_refuses_a_list_that_is_not_alerts():
    with pytest.raises(PayloadError, match="not a list of Alertmanager alerts"):
        alertmanager.from_payload(load("statuspage_incident.json")["incident_updates"])


def test_opsgenie_close_webhook_gives_mitigated_from_nanoseconds():
    draft = opsgenie.from_payload(load("opsgenie_webhook_close.json"))
    assert draft.facts["timeline.started"].value == at("2026-11-20T14:04:00Z")  # milliseconds
    assert draft.facts["timeline.mitigated"].value == at("2026-11-20T14:50:00Z")  # nanoseconds
    assert "timeline.mitigated" not in draft.unknown
    assert [e.what for e in draft.events][-1] == "The alert was closed"
    valid(draft)


def test_opsgenie_alert_list_reads_each_alert():
    draft = opsgenie.from_payload(load("opsgenie_alert_list.json"))
    assert draft.facts["timeline.mitigated"].value == at("2026-11-20T14:50:00Z")


@pytest.mark.parametrize(
    ("name", "event"),
    [
        ("pd_webhook_triggered.json", "The incident was opened in PagerDuty"),
        ("pd_webhook_acknowledged.json", "An engineer acknowledged the page"),
        ("pd_webhook_resolved.json", "The incident was marked resolved in PagerDuty"),
    ],
)
def test_pagerduty_webhook_v3_events(name, event):
    draft = pagerduty.from_incident(load(name))
    assert draft.events[0].what.startswith(event)
    assert ("timeline.mitigated" in draft.facts) == name.endswith("resolved.json")
    assert all("Avery" not in e.what for e in draft.events)


def test_pagerduty_list_of_one_incident_and_untimed_log_entries():
    draft = pagerduty.from_incident(load("pd_incidents_list.json"))
    assert draft.facts["id"].value == "Q3CHK2291"
    entries = load("pd_log_entries.json")
    entries["log_entries"][0]["created_at"] = None
    merged = pagerduty.with_log_entries(draft, entries)
    assert "PagerDuty: left out 1 log entry without a time" in merged.notes


def test_statuspage_webhook_summary_and_component_update():
    hook = statuspage.from_payload(load("statuspage_webhook_incident.json"))
    assert hook.facts["timeline.resolved"].value == at("2026-11-20T16:30:00Z")
    summary = statuspage.from_payload(load("statuspage_summary_unresolved.json"))
    assert summary.unknown["timeline.mitigated"] == "the status page says 'investigating'"
    with pytest.raises(PayloadError, match="component update") as caught:
        statuspage.from_payload(load("statuspage_webhook_component.json"))
    assert caught.value.field == "component_update"
    untimed = load("statuspage_incident.json")
    untimed["incident_updates"][0].update(created_at=None, display_at=None)
    assert "Statuspage: left out 1 update without a time" in (
        statuspage.from_payload(untimed).notes
    )


def test_prometheus_says_the_range_of_the_bad_values_only():
    payload = {
        "status": "success",
        "data": {
            "resultType": "matrix",
            "result": [
                {"metric": {"job": "node"}, "values": [[1795183200, "0"], [1795183215, "0"]]},
                {"metric": {"job": "web"}, "values": [[1795183200, "1"], [1795183215, "NaN"]]},
            ],
        },
    }
    draft = prometheus.from_payload(payload, prometheus.parse_test("value < 1"), "x")
    assert '  {job="node"}: 2 bad samples, all 0' in draft.notes
    assert not any("from 0 to 1" in n for n in draft.notes)
    assert "Prometheus: 1 sample had no number (NaN) and could not be read as good or bad" in (
        draft.notes
    )
