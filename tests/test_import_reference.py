"""The importers against the original real-world payloads in ../shared/reference-payloads
(third-party material, not copied into the repo; SOURCES.md there says where each came
from). Skipped, with the reason shown, where that folder is absent."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from execbrief.core.incident.validation import read_incident
from execbrief.sources import alertmanager, opsgenie, pagerduty, prometheus, slack, statuspage
from execbrief.sources.draft_file import compose
from execbrief.sources.payload import PayloadError

ROOT = Path(__file__).resolve().parent.parent
_FOLDER = ROOT.parent / "shared" / "reference-payloads"  # CI: a read-only copy beside the repo
REFERENCE = _FOLDER if (_FOLDER / "SOURCES.md").is_file() else None

pytestmark = pytest.mark.skipif(
    REFERENCE is None,
    reason="reference payloads not found at ../shared/reference-payloads: "
    "the importers were not checked against the originals in this run",
)


def ref(name: str) -> Any:
    assert REFERENCE is not None
    return json.loads((REFERENCE / name).read_text())


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def valid(draft) -> None:
    composed = compose(draft)
    assert not composed.still_needed and not composed.problems
    read_incident(composed.data)


def test_pagerduty_rest_incident():
    draft = pagerduty.from_incident(ref("pd_incident_get.json"))
    assert draft.facts["title"].value == "The server is on fire."
    assert draft.facts["severity"].value == "P2"
    assert draft.facts["timeline.started"].value == utc("2015-10-06T21:30:42+00:00")
    assert "timeline.mitigated" not in draft.facts  # resolved_at is null: still open
    assert all("Earline" not in e.what for e in draft.events)
    valid(draft)


def test_pagerduty_incident_list_and_log_entries():
    draft = pagerduty.from_incident(ref("pd_incidents_list.json"))
    assert draft.facts["timeline.mitigated"].value == utc("2015-10-06T21:38:23+00:00")
    for name in ("pd_incident_log_entries.json", "pd_log_entries_list.json"):
        events, _ = pagerduty.log_entry_events(ref(name))
        assert [(e.at, e.what) for e in events] == [
            (utc("2015-11-07T00:14:20+00:00"), pagerduty._LOG_EVENTS["trigger_log_entry"])
        ]
    valid(draft)


def test_pagerduty_webhook_v3_with_none_strings():
    draft = pagerduty.from_incident(ref("pd_webhook_v3_incident_triggered.json"))
    assert "severity" not in draft.facts  # "priority": "None" is not a priority
    assert draft.facts["title"].value == "Test PagerDuty Incident"
    assert draft.events[0].at == datetime(2023, 6, 12, 11, 56, 8, 355000, tzinfo=UTC)
    valid(draft)


def test_pagerduty_events_api_payload_is_the_wrong_kind():
    with pytest.raises(PayloadError, match="Events API v2"):
        pagerduty.from_incident(ref("pd_events_v2_enqueue.json"))


def test_alertmanager_firing_and_resolved_with_zero_end_times():
    firing = alertmanager.from_payload(ref("alertmanager_webhook_firing.json"))
    resolved = alertmanager.from_payload(ref("alertmanager_webhook_resolved.json"))
    assert firing.facts["timeline.started"].value.year == 2019  # nanoseconds read
    assert len(firing.events) == 3
    # The resolved payload keeps endsAt at the zero time: the end stays unknown.
    assert "timeline.mitigated" not in resolved.facts
    assert "zero time" in resolved.unknown["timeline.mitigated"]
    assert "Alertmanager: the group is resolved (all 3 alerts without an end time)" in (
        resolved.notes
    )
    valid(firing)


def test_prometheus_query_range_example():
    test = prometheus.parse_test("value < 1")
    summary = prometheus.summarise(prometheus.read_matrix(ref("prometheus_query_range.json")), test)
    assert (summary.series, summary.affected, summary.bad_samples) == (2, 1, 2)
    assert summary.first_bad == 1435781430.781 and summary.recovered == 1435781460.781
    notes = prometheus.to_draft(summary, test, "x").notes
    assert '  up{instance="localhost:9091",job="node"}: 2 bad samples, all 0' in notes


def test_statuspage_single_and_every_incident_of_the_list():
    draft = statuspage.from_payload(ref("statuspage_incident_single.json"))
    assert draft.facts["severity"].value == "SEV2"  # impact major
    assert len(draft.events) == 9
    valid(draft)
    listing = ref("statuspage_incidents_emma_2019.json")
    with pytest.raises(PayloadError, match="holds 22 incidents"):
        statuspage.from_payload(listing)
    for incident in listing["incidents"]:
        valid(statuspage.from_payload(listing, incident["id"]))


def test_opsgenie_alert_in_xsoar_envelope():
    draft = opsgenie.from_payload(ref("opsgenie_alert_xsoar_context.json"))
    assert draft.facts["title"].value == "123" and draft.facts["severity"].value == "P3"
    assert draft.facts["timeline.started"].value == utc("2021-11-21T19:21:53.451+00:00")
    assert "still open" in draft.unknown["timeline.mitigated"]
    valid(draft)


def test_slack_export_day_and_slackdump_wrapper():
    assert REFERENCE is not None
    day = slack.from_export([REFERENCE / "slack_export_channel_day_2025-01-10.json"], ["."])
    assert len(day.events) == 2
    assert all("WgO268Xc0KtFylJ" not in e.what for e in day.events)  # the author's name
    dump = slack.from_export([REFERENCE / "slack_messages_slackdump_CHY5HUESG.json"], ["."])
    # 12 messages less the channel join, a deleted one and one with no text at all
    assert len(dump.events) == 9
