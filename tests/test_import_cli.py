"""`execbrief import` end to end: drafts `execbrief brief` accepts, provenance on every
imported value, merging with hand-written facts, and bad input as exit 2 naming the source."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from execbrief.cli import app
from execbrief.core.incident.validation import read_incident
from execbrief.errors import InputError
from execbrief.sources import slack
from execbrief.sources.incident_file import load_incident

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
NOW = "2026-11-20T18:00:00Z"


def execbrief(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def fx(name: str) -> Path:
    return FIXTURES / name


def test_pagerduty_draft_is_a_valid_incident_with_a_source_on_every_value(tmp_path):
    out = tmp_path / "draft.yaml"
    result = execbrief(
        "import",
        "pagerduty",
        fx("pd_incident.json"),
        "--log-entries",
        fx("pd_log_entries.json"),
        "--out",
        out,
    )
    assert result.exit_code == 0, result.stderr
    incident = load_incident(out)
    assert incident.title == "Checkout payments failing"
    assert incident.timeline.mitigated is not None and incident.timeline.resolved is None
    assert len(incident.timeline.events) == 4  # the ack is in both files: kept once
    data_lines = [
        line
        for line in out.read_text().splitlines()
        if line
        and not line.startswith("#")
        and not line.strip().startswith("what:")
        and line.strip() not in {"timeline:", "events:", "execbrief: 1"}
    ]
    assert data_lines and all("# from pagerduty" in line for line in data_lines), data_lines
    briefed = execbrief("brief", out, "--now", NOW, "--format", "json")
    # Accepted (not exit 2) and briefed; not ready yet: a draft names no owners or cost.
    assert briefed.exit_code == 1, briefed.stderr
    assert json.loads(briefed.stdout)["readiness"]["verdict"] == "not_ready"


def test_json_draft_carries_provenance_beside_the_incident(tmp_path):
    out = tmp_path / "draft.json"
    result = execbrief(
        "import", "statuspage", fx("statuspage_incident.json"), "--format", "json", "-o", out
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(out.read_text())
    incident = read_incident(document["incident"])
    assert incident.severity == "SEV1"
    provenance = document["provenance"]
    for name in (
        "id",
        "title",
        "severity",
        "timeline.started",
        "timeline.mitigated",
        "timeline.resolved",
        "impact.public_attention",
    ):
        assert provenance[name].startswith("statuspage incident p31zjtct2jer"), name
    assert all(f"timeline.events[{i}]" in provenance for i in range(4))
    assert load_incident(out).title == incident.title  # the loader reads the envelope
    assert execbrief("brief", out, "--now", NOW).exit_code == 1  # accepted; not ready yet


def test_json_envelope_with_unknown_parts_is_refused(tmp_path):
    bad = tmp_path / "draft.json"
    bad.write_text(json.dumps({"execbrief_draft": 1, "incident": {}, "extra": 1}))
    with pytest.raises(InputError, match="unknown parts: extra"):
        load_incident(bad)


def test_missing_required_facts_are_named_and_exit_1(tmp_path):
    out = tmp_path / "draft.yaml"
    result = execbrief(
        "import", "prometheus", fx("prometheus_range.json"), "--impact", "value < 0.9", "-o", out
    )
    assert result.exit_code == 1
    assert "needed: title" in result.stderr
    text = out.read_text()
    assert "# Still needed before `execbrief brief` accepts this draft:" in text
    assert "2 of 4 series (50%)" in text
    assert not re.search(r"^title:", text, flags=re.M)  # never invented
    assert execbrief("brief", out).exit_code == 2


def test_merge_sources_earliest_start_latest_end_conflicts_reported(tmp_path):
    draft = tmp_path / "draft.yaml"
    first = execbrief("import", "pagerduty", fx("pd_incident.json"), "-o", draft)
    assert first.exit_code == 0, first.stderr
    second = execbrief(
        "import", "statuspage", fx("statuspage_incident.json"), "--merge", draft, "-o", draft
    )
    assert second.exit_code == 0, second.stderr
    incident = load_incident(draft)
    t = incident.timeline
    assert t.started.isoformat() == "2026-11-20T09:02:00-05:00"  # status page's, earlier
    assert t.mitigated is not None and t.mitigated.isoformat() == "2026-11-20T09:50:00-05:00"
    assert t.detected is not None and t.detected.isoformat() == "2026-11-20T14:05:00+00:00"
    assert incident.title == "Checkout payments failing"  # the first source's, reported
    assert "title: kept 'Checkout payments failing'" in second.stderr
    assert "'Payments failing at checkout'" in second.stderr
    assert "timeline.started" in second.stderr and "the earliest" in second.stderr
    times = [e.at for e in t.events]
    assert times == sorted(times)


def test_hand_written_facts_always_win(tmp_path):
    draft = tmp_path / "draft.yaml"
    assert execbrief("import", "pagerduty", fx("pd_incident.json"), "-o", draft).exit_code == 0
    text = draft.read_text()
    text = re.sub(r"^title: .*$", "title: Customers could not pay", text, flags=re.M)
    text = re.sub(r"^  mitigated: .*$", "  mitigated: 2026-11-20T14:45:00Z", text, flags=re.M)
    text += "impact:\n  revenue: {currency: USD, per_minute: 2400}\n"
    draft.write_text(text)
    result = execbrief(
        "import", "alertmanager", fx("alertmanager_resolved.json"), "--merge", draft, "-o", draft
    )
    assert result.exit_code == 0, result.stderr
    incident = load_incident(draft)
    assert incident.title == "Customers could not pay"
    # PagerDuty's 14:49 is the latest, but the engineer's own time wins.
    assert incident.timeline.mitigated is not None
    assert incident.timeline.mitigated.isoformat() == "2026-11-20T14:45:00+00:00"
    assert incident.timeline.started.isoformat() == "2026-11-20T14:03:30.123456+00:00"
    assert incident.impact.revenue is not None and incident.impact.revenue.per_minute == 2400
    assert "facts written by hand always win" in result.stderr
    final = draft.read_text()
    assert re.search(r"^title: Customers could not pay$", final, flags=re.M)


def test_out_never_overwrites_other_work(tmp_path):
    out = tmp_path / "incident.yaml"
    out.write_text("title: mine\n")
    result = execbrief("import", "pagerduty", fx("pd_incident.json"), "-o", out)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text() == "title: mine\n"


@pytest.mark.parametrize(
    ("source", "content", "words"),
    [
        ("pagerduty", '{"incident": {"id": "Q1", "title": "Checkout', "truncated"),
        ("pagerduty", None, "not a PagerDuty incident"),
        ("alertmanager", '{"status": "firing", "alerts": []}', "holds no alerts"),
        ("alertmanager", '{"receiver": "x"}', "not an Alertmanager webhook"),
        ("opsgenie", '{"data": {"id": "x"}}', "no Opsgenie alert found"),
        ("statuspage", "[]", "holds 0 incidents"),
        ("pagerduty", "", "the file is empty"),
        ("pagerduty", '{"incident": {"id": "Q1", "created_at": 5}}', "should be a time"),
        ("prometheus", '{"receiver": "x", "alerts": []}', "not a Prometheus query answer"),
        ("slack", '{"incident": {"id": "Q1"}}', "not a Slack export"),
        ("slack", '[{"id": "p31", "name": "Payments"}]', "not a Slack message"),
    ],
)
def test_bad_payloads_exit_2_naming_the_source(tmp_path, source, content, words):
    path = tmp_path / "payload.json"
    if content is None:
        path.write_text(fx("statuspage_incident.json").read_text())
    else:
        path.write_text(content)
    extra = ["--impact", "value < 1"] if source == "prometheus" else []
    result = execbrief("import", source, path, *extra)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(f"error: {path}") and f"{source}: " in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_200_mb_export_is_refused_before_reading(tmp_path):
    huge = tmp_path / "incidents.json"
    with huge.open("wb") as stream:  # sparse: takes no disk or time
        stream.truncate(200 * 1_000_000)
    result = execbrief("import", "pagerduty", huge)
    assert result.exit_code == 2
    assert "pagerduty: the file is 200 MB" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["pagerduty", "x.json", "--impact", "value < 1"], "--impact is for prometheus"),
        (["prometheus", "x.json"], "--impact"),
        (["prometheus", "x.json", "--impact", "value ~ 1"], "cannot read the impact test"),
        (["pagerduty", "--keep-names"], "--keep-names is for slack"),
        (["alertmanager"], "give a saved payload file"),
        (["pagerduty", "nope.json"], "pagerduty: no such file"),
        (["prometheus", "--url", "http://127.0.0.1:9", "--impact", "value < 1"], "--query"),
    ],
)
def test_usage_mistakes_exit_2(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    result = execbrief("import", *args)
    assert result.exit_code == 2
    assert words in result.stderr


def _big_export(path: Path, messages: int) -> None:
    with path.open("w") as stream:
        stream.write("[")
        for i in range(messages):
            text = "incident declared" if i % 5000 == 0 else "chatter " + "x" * 200
            stream.write(
                ("," if i else "")
                + json.dumps(
                    {
                        "type": "message",
                        "user": "U1",
                        "text": text,
                        "ts": f"{1795183500 + i}.000100",
                        "user_profile": {"real_name": "Avery Quinlan"},
                    }
                )
            )
        stream.write("]")


def test_slack_exports_are_streamed_in_bounded_memory(tmp_path):
    day = tmp_path / "incident" / "2026-11-20.json"
    day.parent.mkdir()
    _big_export(day, 20_000)  # about 6 MB, made on the fly
    size = day.stat().st_size
    tracemalloc.start()
    try:
        draft = slack.from_export([day])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(draft.events) == 4
    assert peak < size / 10, (peak, size)


def test_slack_too_many_matches_is_refused(tmp_path):
    day = tmp_path / "c" / "2026-11-20.json"
    day.parent.mkdir()
    _big_export(day, 600)
    result = execbrief("import", "slack", day, "--pattern", "chatter|incident")
    assert result.exit_code == 2 and "more than 500 messages match" in result.stderr


def test_import_from_the_installed_command_keeps_start_up_light():
    import subprocess
    import sys

    script = Path(sys.executable).parent / "execbrief"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "execbrief"]
    done = subprocess.run(
        [*command, "import", "alertmanager", str(fx("alertmanager_resolved.json"))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "mitigated: '2026-11-20T14:48:00Z'" in done.stdout
    probe = (
        "import sys, execbrief.cli; print(sorted({'httpx', 'numpy', 'ijson'} & set(sys.modules)))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]"  # heavy imports wait for the command that needs them


def test_several_files_of_one_source_and_a_json_draft_merged_again(tmp_path):
    draft = tmp_path / "draft.json"
    result = execbrief(
        "import",
        "alertmanager",
        fx("alertmanager_firing.json"),
        fx("alertmanager_resolved.json"),
        "--format",
        "json",
        "-o",
        draft,
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(draft.read_text())
    assert document["incident"]["timeline"]["mitigated"] == "2026-11-20T14:48:00Z"
    assert len(document["incident"]["timeline"]["events"]) == 4  # two starts, two ends
    again = execbrief(
        "import",
        "opsgenie",
        fx("opsgenie_alert.json"),
        "--merge",
        draft,
        "-f",
        "json",
        "-o",
        draft,
    )
    assert again.exit_code == 0, again.stderr
    merged = json.loads(draft.read_text())
    timeline = merged["incident"]["timeline"]
    assert timeline["started"] == "2026-11-20T14:03:30.123456Z"  # alertmanager's, earliest
    assert timeline["mitigated"] == "2026-11-20T14:50:00Z"  # opsgenie's close, latest
    assert merged["provenance"]["timeline.mitigated"].startswith("opsgenie alert 1791")
    assert merged["provenance"]["timeline.started"].startswith("alertmanager webhook")
    assert any("severity" in c for c in merged["conflicts"])  # P1 against critical


HAND_WRITTEN = """\
# Checkout outage, 20 November: draft by the on-call engineer
execbrief: 1
title: Customers could not pay  # the CEO's words from the 10:00 call
service: Checkout
# Finance will confirm the per-minute figure on Monday.
impact:
  revenue: {currency: USD, per_minute: 2400}  # last quarter's average
timeline:
  started: 2026-11-20T14:02:00Z
  events:
    # the page that woke us
    - {at: 2026-11-20T14:05:00Z, what: First page}  # PagerDuty sent it to the wrong rota
asks:
  - Approve the credits  # needs legal first
# end of my notes
"""


def _comments(text: str) -> list[str]:
    return [c.strip() for c in re.findall(r"(?:^|\s)(#.*)$", text, flags=re.M)]


def test_merging_into_a_file_keeps_every_comment_the_engineer_wrote(tmp_path):
    incident = tmp_path / "incident.yaml"
    incident.write_text(HAND_WRITTEN)
    result = execbrief(
        "import", "pagerduty", fx("pd_incident.json"), "--merge", incident, "-o", incident
    )
    assert result.exit_code == 0, result.stderr
    merged = incident.read_text()
    for comment in _comments(HAND_WRITTEN):
        assert comment in merged, comment
    # Each where it was: above its key, or at the end of its key's line.
    assert re.search(r"^title: Customers could not pay  # the CEO's words", merged, re.M)
    assert re.search(r"# Finance will confirm .*\nimpact:", merged)
    assert re.search(r"^  revenue:.*  # last quarter's average$", merged, re.M)
    # Comments inside the events list go above the list: a merge may reorder events.
    assert re.search(r"# the page that woke us\n(?:  #.*\n)*  events:", merged)
    load_incident(incident)  # still an incident file

    again = execbrief(
        "import", "pagerduty", fx("pd_incident.json"), "--merge", incident, "-o", incident
    )
    assert again.exit_code == 0, again.stderr
    twice = incident.read_text()
    for comment in _comments(HAND_WRITTEN):
        assert twice.count(comment) == 1, comment  # kept, not copied again


def test_a_drafts_own_header_is_written_anew_not_kept_twice(tmp_path):
    draft = tmp_path / "draft.yaml"
    assert execbrief("import", "pagerduty", fx("pd_incident.json"), "-o", draft).exit_code == 0
    first = draft.read_text()
    result = execbrief(
        "import", "statuspage", fx("statuspage_incident.json"), "--merge", draft, "-o", draft
    )
    assert result.exit_code == 0, result.stderr
    merged = draft.read_text()
    assert merged.count("# Incident draft made by `execbrief import`") == 1
    assert merged.count("# Each imported value names its source") == 1
    # '# from' comments are the draft's own: rewritten with the values, never duplicated
    assert not re.search(r"# from .*# from", merged)
    assert first.count("# from") <= merged.count("# from")
