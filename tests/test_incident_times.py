"""Times as written in an incident file (issue 12 item 2, issue 16 item 4): local times are
read in the audience's zone and the engineer is told; a date without a year is refused;
a zone that does not exist gets a did-you-mean; the JSON Schema and the loader accept
exactly the same time forms."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import NOW
from execbrief.app.templates import incident_schema
from execbrief.cli import app
from execbrief.core.incident import IncidentInvalid, read_incident
from execbrief.core.incident.times import suggest_zone
from execbrief.core.story.brief import compose
from execbrief.render import render

LOCAL_FILE = """\
title: Checkout payments failing
audience: {name: Dana, timezone: America/Chicago}
timeline:
  started: 2026-11-20T08:02:00
  detected: 2026-11-20 08:05
  mitigated: 2026-11-20T08:49:00-06:00
  events:
    - {at: 2026-11-20T08:10:00, what: We rolled back the release}
"""


def execbrief(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_local_times_are_read_in_the_audience_zone_and_said_on_stderr(tmp_path):
    path = tmp_path / "incident.yaml"
    path.write_text(LOCAL_FILE)
    result = execbrief("brief", path, "--now", "2026-11-20T18:00:00Z", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert (
        "times without an offset were read in America/Chicago: timeline.started, "
        "timeline.detected, timeline.events[0].at" in " ".join(result.stderr.split())
    )
    assert "timeline.mitigated" not in result.stderr  # it has its own offset


def test_the_presenter_pack_names_the_zone_used_and_the_handout_does_not():
    incident = read_incident(
        {
            "title": "Checkout payments failing",
            "audience": {"timezone": "America/Chicago"},
            "timeline": {"started": "2026-11-20T08:02:00", "mitigated": "2026-11-20T14:49Z"},
        }
    )
    assert incident.timeline.started.utcoffset().total_seconds() == -6 * 3600
    brief = compose(incident, NOW)
    presenter = render("presenter", brief)
    assert "times without an offset were read in America/Chicago: timeline.started" in presenter
    assert "without an offset" not in str(render("md", brief))  # a tool note, not the CEO's


def test_times_with_offsets_carry_no_note():
    started = {"started": "2026-11-20T14:02Z"}
    incident = read_incident({"title": "x", "audience": {"timezone": "UTC"}, "timeline": started})
    assert incident.local_time_note is None


@pytest.mark.parametrize(
    ("written", "field"),
    [
        ("Nov 20 14:02", "timeline.started"),
        ("20 November, 2pm", "timeline.started"),
        ("11/20 14:02", "timeline.started"),
        ("--11-20T14:02:00Z", "timeline.started"),
    ],
)
def test_a_date_without_a_year_is_refused_naming_field_and_line(tmp_path, written, field):
    path = tmp_path / "incident.yaml"
    path.write_text(f"title: x\naudience: {{timezone: UTC}}\ntimeline:\n  started: '{written}'\n")
    result = execbrief("brief", path, "--now", "2026-11-20T18:00:00Z")
    assert result.exit_code == 2, result.output
    assert f"{path}:4 ({field})" in result.stderr and "has no year" in result.stderr
    assert "Traceback" not in result.output


def test_a_commitment_due_without_a_year_is_refused(tmp_path):
    path = tmp_path / "incident.yaml"
    path.write_text(
        "title: x\ntimeline: {started: 2026-11-20T14:02:00Z}\n"
        "commitments:\n  - {what: Report, due: Nov 25}\n"
    )
    result = execbrief("brief", path, "--now", "2026-11-20T18:00:00Z")
    assert result.exit_code == 2
    assert f"{path}:4 (commitments[0].due)" in result.stderr and "no year" in result.stderr


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("PST", "America/Los_Angeles"),
        ("pdt", "America/Los_Angeles"),
        ("America/San_Francisco", "America/Los_Angeles"),
        ("CST", "America/Chicago"),
        ("BST", "Europe/London"),
        ("Europe/Lodnon", "Europe/London"),
        ("America/New_Yrok", "America/New_York"),
        ("Asia/Calcuta", "Asia/Calcutta"),
    ],
)
def test_an_unknown_zone_gets_a_did_you_mean(tmp_path, written, meant):
    assert suggest_zone(written) == meant
    path = tmp_path / "incident.yaml"
    path.write_text(
        f"title: x\naudience: {{timezone: '{written}'}}\n"
        "timeline: {started: 2026-11-20T14:02:00Z}\n"
    )
    result = execbrief("brief", path, "--now", "2026-11-20T18:00:00Z")
    assert result.exit_code == 2
    assert f"{path}:2 (audience.timezone)" in result.stderr
    assert f"did you mean {meant}?" in result.stderr


def test_nonsense_gets_no_made_up_zone():
    assert suggest_zone("Mars/Olympus_Mons") is None
    assert suggest_zone("xyz") is None


# --- the schema and the loader accept exactly the same forms -----------------------------


def _pattern(node: Any) -> str:
    if isinstance(node, dict):
        if "pattern" in node:
            return str(node["pattern"])
        for value in node.get("anyOf", []):
            if isinstance(value, dict) and "pattern" in value:
                return str(value["pattern"])
    raise AssertionError(f"no pattern in {node}")


SCHEMA = incident_schema()
MOMENT = re.compile(_pattern(SCHEMA["$defs"]["Timeline"]["properties"]["started"]))
DUE = re.compile(_pattern(SCHEMA["$defs"]["Ask"]["properties"]["deadline"]))


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


# Near-ISO times, each part sometimes wrong: what a person (or a tool) may write.
near_times = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(["", " ", "\t", "\u00a0"]),
    st.one_of(_digits(4), _digits(2), st.sampled_from(["2026", "0000", "١٢٣٤"])),
    st.sampled_from(["-", "/", "", "-W"]),
    st.one_of(_digits(2), _digits(1), st.sampled_from(["02", "11", "13", "00"])),
    st.sampled_from(["-", "", "/"]),
    st.one_of(_digits(2), st.sampled_from(["20", "29", "30", "31", "32"])),
    st.sampled_from(["T", " ", "t", "", "  "]),
    st.one_of(_digits(2), st.sampled_from(["14", "23", "24"]), st.just("")),
    st.sampled_from([":", "", "."]),
    st.one_of(_digits(2), st.just("")),
    st.sampled_from(["", ":00", ":59", ":60", ":00.5", ":00.123456789", ":00.1234567890", ",5"]),
    st.sampled_from(["", "Z", "z", "+05:30", "-0500", "+05", "+24:00", "-05:60", " UTC"]),
    st.sampled_from(["", " ", "\n", "x"]),
)


def _loader_reads(field: str, written: str) -> str | None:
    """None when the incident loader accepts `written` in `field`, else its message."""
    data: dict[str, Any] = {"title": "x", "audience": {"timezone": "America/Chicago"}}
    if field == "started":
        data["timeline"] = {"started": written}
    else:
        data["timeline"] = {"started": "1970-01-01T00:00:00Z"}
        data["asks"] = [{"decision": "d", "deadline": written}]
    try:
        read_incident(data)
    except IncidentInvalid as exc:
        return "; ".join(p.message for p in exc.problems)  # an ask may be text or an object
    return None


@settings(max_examples=400, deadline=None)
@given(st.one_of(near_times, st.text(max_size=30)))
@example("2026-11-20T14:02:00Z")
@example("2026-11-20 14:02")
@example("2026-02-30T14:02:00Z")
@example("2026-11-20")
@example("20261120T1402Z")  # ISO's basic form: Python reads it, the schema does not; refused
@example("2026-W47-5T14:00Z")
@example("2026-11-20T14")
def test_schema_and_loader_accept_exactly_the_same_times(written):
    for field, pattern in (("started", MOMENT), ("deadline", DUE)):
        in_schema = pattern.match(written) is not None
        refused = _loader_reads(field, written)
        if in_schema and refused is not None:
            # The only difference allowed: a pattern cannot know that February has 28 days.
            assert "not a real calendar date" in refused, (field, written, refused)
        else:
            assert in_schema == (refused is None), (field, written, refused)
