"""`execbrief check` and the brief's language gate, run as a user would."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from execbrief.cli import app
from execbrief.core.story.brief import compose, generated_texts
from execbrief.core.story.incident_text import check_generated
from execbrief.sources.glossary_file import load_lexicon
from execbrief.sources.incident_file import load_incident

runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_check_stdin_json_shape_and_exit_1_on_errors():
    result = run("check", "-", "--format", "json", stdin="John pushed a bad config.\n")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert set(doc["stats"]) == {"words", "sentences", "spoken_seconds", "grade"}
    keys = {
        "rule",
        "category",
        "severity",
        "line",
        "column",
        "start",
        "end",
        "text",
        "message",
        "suggestion",
    }
    assert all(set(f) == keys for f in doc["findings"])
    assert "blame" in {f["category"] for f in doc["findings"]}


def test_check_clean_text_exits_0_and_fail_on_controls_the_threshold():
    assert run("check", "-", stdin="Checkout failed for 47 minutes.\n").exit_code == 0
    jargon = "Our p99 latency doubled for 40 minutes.\n"
    assert run("check", "-", stdin=jargon).exit_code == 0
    assert run("check", "-", "--fail-on", "warning", stdin=jargon).exit_code == 1


def test_check_text_format_shows_the_words_why_and_instead():
    result = run("check", "-", stdin="This will never happen again.\n")
    assert "[will never happen again]" in result.stdout
    assert "why:" in result.stdout and "instead:" in result.stdout


def test_check_incident_file_reports_field_paths_with_offsets_into_the_field(tmp_path):
    path = tmp_path / "inc.yaml"
    path.write_text(
        "execbrief: 1\ntitle: Checkout down\ntimeline: {started: 2026-11-20T14:02:00Z}\n"
        "cause: {summary: John pushed a bad config, status: suspected}\n"
    )
    doc = json.loads(run("check", str(path), "--format", "json").stdout)
    (blame,) = [f for f in doc["findings"] if f["category"] == "blame"]
    assert blame["field"] == "cause.summary"
    assert "John pushed a bad config"[blame["start"] : blame["end"]] == blame["text"]


def test_check_json_incident_on_stdin():
    doc = (
        '{"execbrief": 1, "title": "Checkout down", "timeline": {"started": '
        '"2026-11-20T14:02:00Z"}, "asks": ["Approve credits for some customers"]}'
    )
    result = run("check", "-", "--format", "json", stdin=doc)
    assert result.exit_code == 0
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["field"], finding["category"]) == ("asks[0]", "vague-impact")


def test_bad_input_exits_2(tmp_path):
    assert run("check", str(tmp_path / "missing.txt")).exit_code == 2
    bad = tmp_path / "inc.yaml"
    bad.write_text("execbrief: 1\ntitle: x\n")  # no timeline
    assert run("check", str(bad)).exit_code == 2
    glossary = tmp_path / "g.yaml"
    glossary.write_text("terms: 3\n")
    assert run("check", "-", "--glossary", str(glossary), stdin="hi\n").exit_code == 2


@pytest.mark.parametrize("hours", [0.5, 3, 24 * 6])
@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_our_generated_sentences_have_no_findings(name, hours):
    from datetime import timedelta

    from execbrief.sources.obligation_rules import load_rules

    incident = load_incident(EXAMPLES / name)
    moment = incident.timeline.started + timedelta(hours=hours)
    brief = compose(incident, moment, rules=load_rules([]))  # with the legal clocks' sentences
    assert brief.obligations or not incident.exposure.given
    findings = check_generated(generated_texts(brief), incident, load_lexicon(use_config=False))
    assert [(f.field, f.category, f.text) for f in findings] == []


def test_brief_readiness_carries_findings_per_field_and_the_verdict_reflects_them(tmp_path):
    path = tmp_path / "inc.yaml"
    path.write_text(
        (EXAMPLES / "checkout-outage.yaml")
        .read_text()
        .replace("summary: a database setting", "summary: Bob made a mistake; a database setting")
    )
    result = run("brief", str(path), "--format", "json", "--now", "2026-11-20T17:30:00Z")
    readiness = json.loads(result.stdout)["readiness"]
    assert readiness["verdict"] == "not_ready"
    fields = {f["field"] for f in readiness["findings"] if f["category"] == "blame"}
    assert fields == {"cause.summary"}


INCIDENT_YAML = (
    "execbrief: 1\ntitle: Checkout down\ntimeline: {{started: 2026-11-20T14:02:00Z}}\n"
    "cause: {{summary: {summary}, status: suspected}}\n"
)
INCIDENT_JSON = (
    '{{"execbrief": 1, "title": "Checkout down", "timeline": {{"started": '
    '"2026-11-20T14:02:00Z"}}, "cause": {{"summary": "{summary}", "status": "suspected"}}}}'
)
ERROR = "John pushed a bad config"  # blame: an error
WARNING = "The pods restarted"  # jargon: a warning
CLEAN = "A settings change stopped checkout"


@pytest.mark.parametrize(
    "kind", ["text file", "text stdin", "yaml file", "json file", "json stdin"]
)
@pytest.mark.parametrize(
    ("summary", "fail_on", "code"),
    [
        (ERROR, None, 1),
        (WARNING, None, 0),  # SPEC 3: exit 1 for findings at or above --fail-on (error)
        (WARNING, "warning", 1),
        (CLEAN, "warning", 0),
        (ERROR, "never", 0),
    ],
)
def test_check_exit_codes_follow_the_spec_for_every_input_type(
    tmp_path, kind, summary, fail_on, code
):
    if kind.startswith("text"):
        body = summary + ".\n"
    else:
        body = (INCIDENT_YAML if kind.startswith("yaml") else INCIDENT_JSON).format(summary=summary)
    path = tmp_path / ("inc.json" if kind.startswith("json") else "inc.yaml")
    path.write_text(body)
    options = ["--fail-on", fail_on] if fail_on else []
    if kind.endswith("stdin"):
        result = run("check", "-", *options, stdin=body)
    else:
        result = run("check", str(path), *options)
    assert result.exit_code == code, result.stdout


def test_a_company_allow_list_lets_its_terms_through_and_keeps_the_rest(tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_text("# terms our CEO knows\nKubernetes\n\nSRE\nZQX\n", encoding="utf-8")
    text = "The SRE team moved Kubernetes pods. ZQX failed.\n"

    def flagged(*options: str) -> set[str]:
        result = run("check", "-", "--format", "json", *options, stdin=text)
        return {f["text"] for f in json.loads(result.stdout)["findings"]}

    assert {"SRE", "Kubernetes", "pods", "ZQX"} <= flagged()
    assert flagged("--allow", str(allow)) == {"pods"}  # the glossary itself is unchanged
    assert run("check", "-", "--allow", str(tmp_path / "none.txt"), stdin=text).exit_code == 2
    long_line = tmp_path / "long.txt"
    long_line.write_text("x" * 81 + "\n")
    assert run("check", "-", "--allow", str(long_line), stdin=text).exit_code == 2


def test_a_company_glossary_adds_its_own_terms(tmp_path):
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(
        "terms:\n  - {term: Falcon, plain: the order system, why: our name for order handling}\n"
    )
    result = run(
        "check", "-", "--format", "json", "--glossary", str(glossary), stdin="Falcon fell over.\n"
    )
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["text"], finding["suggestion"]) == ("Falcon", "the order system")


# checkout-outage.yaml is the specification's own sample, word for word, with the findings
# its words earn ("paged", "SRE", "was skipped"): it shows the check at work.
SPEC_SAMPLE = "checkout-outage.yaml"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != SPEC_SAMPLE)
)
def test_the_examples_own_words_pass_the_check(name):
    """The examples are what users copy: their words are a CEO's words (the cold reader of
    network-outage.yaml stumbled on 'bot filter')."""
    result = run("check", str(EXAMPLES / name), "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["findings"] == []


def test_bot_filter_is_jargon_with_a_plain_alternative():
    result = run("check", "-", "--format", "json", stdin="The bot filter blocked real visits.\n")
    found = json.loads(result.stdout)["findings"]
    assert [(f["category"], f["text"]) for f in found] == [("jargon", "bot filter")]
    assert "automated traffic" in found[0]["suggestion"]
