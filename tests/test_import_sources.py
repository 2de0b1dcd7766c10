"""Each importer on the repo's own payloads (written in the tools' real formats): which
facts it fills, from where, and what it leaves unknown rather than guessing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from execbrief.core.incident.draft import Draft
from execbrief.errors import InputError
from execbrief.sources import alertmanager, opsgenie, pagerduty, prometheus, slack, statuspage
from execbrief.sources.payload import PayloadError, moment

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def load(name: str):
    return json.loads((FIXTURES / name).read_text())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def values(draft: Draft) -> dict[str, object]:
    return {name: fact.value for name, fact in draft.facts.items()}


def test_pagerduty_incident_maps_trigger_and_resolve_times():
    draft = pagerduty.from_incident(load("pd_incident.json"))
    assert values(draft) == {
        "id": "Q3CHK2291",
        "title": "Checkout payments failing",
        "severity": "P1",
        "service": "Checkout API",
        "timeline.started": at("2026-11-20T14:05:00+00:00"),
        "timeline.detected": at("2026-11-20T14:05:00+00:00"),
        "timeline.mitigated": at("2026-11-20T14:49:00+00:00"),
    }
    assert "created_at" in draft.facts["timeline.detected"].source
    assert "resolved_at" in draft.facts["timeline.mitigated"].source
    assert "timeline.resolved" in draft.unknown  # PagerDuty cannot know it: never guessed
    assert any("impact may have begun earlier" in note for note in draft.notes)


def test_pagerduty_log_entries_become_events_without_names():
    draft = pagerduty.with_log_entries(
        pagerduty.from_incident(load("pd_incident.json")), load("pd_log_entries.json")
    )
    whats = [(e.at.strftime("%H:%M"), e.what) for e in draft.events]
    assert ("14:05", pagerduty._LOG_EVENTS["trigger_log_entry"]) in whats
    assert ("14:20", pagerduty._LOG_EVENTS["escalate_log_entry"]) in whats
    assert ("14:49", pagerduty._LOG_EVENTS["resolve_log_entry"]) in whats
    assert not any(t == "14:30" for t, _ in whats)  # notes are not timeline events
    assert all("Avery" not in e.what for e in draft.events)


def test_pagerduty_webhook_resolved_event_gives_mitigation():
    draft = pagerduty.from_incident(load("pd_webhook_resolved.json"))
    assert draft.facts["timeline.mitigated"].value == at("2026-11-20T14:49:00.120000+00:00")
    assert "severity" not in draft.facts  # priority is null: nothing to fill
    assert draft.events[0].what == pagerduty._LOG_EVENTS["resolve_log_entry"]


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"routing_key": "x", "event_action": "trigger", "payload": {}}, "Events API v2"),
        ({"log_entries": []}, "log entries"),
        ({"incidents": []}, "holds 0 incidents"),
        ({"event": {"event_type": "service.updated", "data": {}}}, "not about an incident"),
        ([1, 2], "should be a JSON object"),
        ({"incident": {"id": "X", "created_at": "yesterday"}}, "should be a time"),
    ],
)
def test_pagerduty_wrong_payloads_are_named(payload, words):
    with pytest.raises(PayloadError, match=words):
        pagerduty.from_incident(payload)


def test_opsgenie_alert_api_answer():
    draft = opsgenie.from_payload(load("opsgenie_alert.json"))
    assert values(draft)["timeline.started"] == at("2026-11-20T14:04:00+00:00")
    assert values(draft)["timeline.mitigated"] == at("2026-11-20T14:50:00+00:00")  # +2,760 s
    assert values(draft)["severity"] == "P1" and values(draft)["id"] == "1791"
    assert [e.at.strftime("%H:%M") for e in draft.events] == ["14:04", "14:08", "14:50"]


def test_opsgenie_webhook_in_epoch_milliseconds_and_open_alert_left_ongoing():
    draft = opsgenie.from_payload(load("opsgenie_webhook_open.json"))
    assert values(draft)["timeline.started"] == at("2026-11-20T14:04:00+00:00")
    assert "timeline.mitigated" not in draft.facts
    assert "still open" in draft.unknown["timeline.mitigated"]


def test_opsgenie_alert_inside_another_tools_envelope():
    alert = load("opsgenie_alert.json")["data"]
    wrapped = {"Vendor": {"Export": {"Alerts": [alert]}}}
    assert values(opsgenie.from_payload(wrapped)) == values(opsgenie.from_payload({"data": alert}))
    with pytest.raises(PayloadError, match="PagerDuty payload"):
        opsgenie.from_payload(load("pd_incident.json"))


def test_alertmanager_zero_time_is_unknown_not_year_one():
    assert moment("0001-01-01T00:00:00Z", "endsAt") is None
    draft = alertmanager.from_payload(load("alertmanager_firing.json"))
    assert values(draft)["timeline.started"] == at("2026-11-20T14:03:30.123456+00:00")
    assert "timeline.mitigated" not in draft.facts
    assert "still firing" in draft.unknown["timeline.mitigated"]
    assert values(draft)["title"] == "Checkout error rate high"


def test_alertmanager_resolved_gives_latest_end():
    draft = alertmanager.from_payload(load("alertmanager_resolved.json"))
    assert values(draft)["timeline.mitigated"] == at("2026-11-20T14:48:00+00:00")
    assert sum("stopped firing" in e.what for e in draft.events) == 2


def test_alertmanager_resolved_with_zero_end_stays_unknown():
    payload = load("alertmanager_resolved.json")
    payload["alerts"][0]["endsAt"] = "0001-01-01T00:00:00Z"
    draft = alertmanager.from_payload(payload)
    assert "timeline.mitigated" not in draft.facts
    assert "zero time" in draft.unknown["timeline.mitigated"]


def test_statuspage_updates_times_and_severity():
    draft = statuspage.from_payload(load("statuspage_incident.json"))
    v = values(draft)
    assert v["severity"] == "SEV1"  # impact critical
    assert v["timeline.started"] == at("2026-11-20T09:02:00-05:00")  # started_at, not created_at
    assert v["timeline.mitigated"] == at("2026-11-20T09:50:00-05:00")  # monitoring_at
    assert v["timeline.resolved"] == at("2026-11-20T11:30:00-05:00")
    assert "timeline.detected" in draft.unknown
    heads = sorted((e.at, e.what.split(":")[1].strip()) for e in draft.events)
    assert [h for _, h in heads] == [
        "investigating",
        "cause identified",
        "fix in place, monitoring",
        "resolved",
    ]


@pytest.mark.parametrize(("impact", "severity"), list(statuspage.SEVERITY.items()))
def test_statuspage_impact_levels(impact, severity):
    payload = load("statuspage_incident.json") | {"impact": impact}
    assert values(statuspage.from_payload(payload))["severity"] == severity


def test_statuspage_list_needs_a_choice():
    one = load("statuspage_incident.json")
    two = {"incidents": [one, one | {"id": "other1", "name": "Other"}]}
    with pytest.raises(PayloadError, match="--incident"):
        statuspage.from_payload(two)
    assert values(statuspage.from_payload(two, "other1"))["title"] == "Other"
    with pytest.raises(PayloadError, match="no incident with id"):
        statuspage.from_payload(two, "nope")


def test_slack_folder_matches_patterns_and_removes_names():
    draft = slack.from_export([FIXTURES / "slack"])
    texts = [e.what for e in draft.events]
    assert len(texts) == 3  # the declaration, the rollback, the recovery; not the coffee
    joined = " ".join(texts)
    for name in ("Avery", "Quinlan", "Morgan", "avery", "U01AVERY"):
        assert name not in joined
    assert "someone I rolled back the morning release & errors are dropping" in joined
    assert "the status page" in joined and "<http" not in joined


def test_slack_keep_names_and_own_patterns():
    draft = slack.from_export(
        [FIXTURES / "slack" / "incident-checkout" / "2026-11-20.json"],
        [r"rolled back"],
        keep_names=True,
    )
    assert [e.what for e in draft.events] == [
        "In chat: Morgan Reyes: @Avery Quinlan I rolled back the morning release & errors "
        "are dropping. Thanks Avery Quinlan!"
    ]
    assert draft.events[0].at == datetime(2026, 11, 20, 14, 28, 0, 400, tzinfo=UTC)


def test_slack_bad_pattern_and_not_an_export(tmp_path):
    with pytest.raises(InputError, match="regular expression"):
        slack.from_export([FIXTURES / "slack"], ["(unclosed"])
    wrong = tmp_path / "day.json"
    wrong.write_text('"just text"')
    with pytest.raises(InputError, match="not a Slack export"):
        slack.from_export([wrong])
    cut = tmp_path / "cut.json"
    cut.write_text('[{"type": "message", "text": "incident declared", "ts": "1.0"}, {"type":')
    with pytest.raises(InputError, match="truncated"):
        slack.from_export([cut])


def test_prometheus_window_share_and_summary_by_hand():
    test = prometheus.parse_test("value < 0.9")
    summary = prometheus.summarise(prometheus.read_matrix(load("prometheus_range.json")), test)
    assert (summary.series, summary.samples, summary.bad_samples, summary.affected) == (4, 20, 3, 2)
    assert summary.first_bad == 1795183320 and summary.last_bad == 1795183440
    assert summary.recovered == 1795183560  # the NaN there is not evidence of impact
    assert summary.worst[0] == ('checkout_success_ratio{instance="checkout-1"}', 2, 0.35, 0.4)
    draft = prometheus.to_draft(summary, test, "file x")
    assert values(draft) == {
        "timeline.started": at("2026-11-20T14:02:00+00:00"),
        "timeline.mitigated": at("2026-11-20T14:06:00+00:00"),
    }
    assert "2 of 4 series (50%)" in draft.notes[0]
    assert "title" in draft.unknown


@pytest.mark.parametrize("bad", ["value < ", "x < 1", "value <> 1", "value < 1 or 2", ""])
def test_prometheus_impact_test_must_be_a_comparison(bad):
    with pytest.raises(InputError, match="impact test"):
        prometheus.parse_test(bad)


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"status": "success", "data": {"resultType": "vector", "result": []}}, "not 'matrix'"),
        ({"status": "error", "error": "bad query"}, "the query failed"),
        (
            {
                "status": "success",
                "data": {"resultType": "matrix", "result": [{"metric": {}, "values": [[1, "x"]]}]},
            },
            "not a \\[time",
        ),
    ],
)
def test_prometheus_wrong_payloads(payload, words):
    with pytest.raises(PayloadError, match=words):
        prometheus.read_matrix(payload)


def test_prometheus_sample_times_must_be_real():
    payload = {
        "status": "success",
        "data": {"resultType": "matrix", "result": [{"metric": {}, "values": [[1e300, "1"]]}]},
    }
    with pytest.raises(PayloadError, match="not a Unix time"):
        prometheus.read_matrix(payload)
    with pytest.raises(PayloadError, match="not a Prometheus query answer"):
        prometheus.read_matrix({"receiver": "x"})
