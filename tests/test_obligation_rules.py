"""The rules file: the bundled one is valid and points at real facts; users' files are
checked the same way, with errors that name the file, the line and the field."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from execbrief.core.exposure.rules import Rule, RuleBook, merge_rules
from execbrief.core.incident.model import Incident
from execbrief.errors import InputError
from execbrief.sources.obligation_rules import bundled_rules, load_rules, rules_from_text

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "src" / "execbrief" / "rules" / "obligations.yaml"
SCRIPT = Path(sys.executable).parent / "execbrief"
REGIMES = [
    "GDPR Art. 33",
    "GDPR Art. 34",
    "UK GDPR Art. 33",
    "NIS2 Art. 23",
    "DORA",
    "SEC Form 8-K Item 1.05",
    "HIPAA",
    "US bank regulators",
    "Texas",
    "Florida",
    "Washington",
]


def test_the_bundled_rules_file_matches_its_schema():
    rules = bundled_rules()
    assert len(rules) >= 15
    for regime in REGIMES:
        assert any(rule.regime.startswith(regime) for rule in rules), regime
    for rule in rules:
        assert rule.kind == "law"
        assert rule.source.url and rule.source.url.startswith("http"), rule.id


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _is_mapping(annotation: Any) -> bool:
    return typing.get_origin(annotation) is dict or any(
        _is_mapping(a) for a in typing.get_args(annotation)
    )


def names_a_real_fact(path: str) -> bool:
    model: type[BaseModel] | None = Incident
    parts = path.split(".")
    for index, part in enumerate(parts):
        if model is None or part not in model.model_fields:
            return False
        annotation = model.model_fields[part].annotation
        if _is_mapping(annotation):
            return index + 1 >= len(parts) - 1  # a key or `*` under a mapping ends the path
        model = _model_of(annotation)
    return True


def rule_paths(rule: Rule) -> list[str]:
    trigger = rule.trigger
    paths = [*trigger.present, *rule.clock]
    paths += [c.path for c in trigger.includes] + [c.path for c in trigger.at_least]
    paths += [c.path for c in trigger.equals]
    if rule.decision:
        paths.append(rule.decision.path)
    for deadline in rule.deadlines:
        if deadline.no_later_than:
            paths += deadline.no_later_than.start
    return paths


def test_every_path_in_the_bundled_rules_names_a_real_incident_fact():
    for rule in bundled_rules():
        for path in rule_paths(rule):
            assert names_a_real_fact(path), f"{rule.id}: {path}"
    assert not names_a_real_fact("exposure.personal_data_breach.awareat")


def test_the_rules_schema_is_publishable():
    schema = RuleBook.model_json_schema()
    assert "rules" in schema["properties"]
    json.dumps(schema)


GOOD = (Path(__file__).parent / "fixtures" / "rules" / "top_customers.yaml").read_text()


def test_the_readme_example_is_a_valid_rules_file():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```yaml\n(rules:\n.*?)```", readme, re.S)
    assert block, "README shows a rules example"
    [rule] = rules_from_text(block.group(1), "README.md")
    assert rule.kind == "policy"
    assert rules_from_text(GOOD, "mine.yaml")[0].deadlines[0].after is not None


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (("after: 4 hours", "after: 4 hrs"), "after", "not a period"),
        (("after: 4 hours}", "after: 4 business days}"), "deadlines[0]", "names no calendar"),
        (("after: 4 hours}", "after: 4 hours, start: nothing}"), "rules[0]", "earlier deadline"),
        (("kind: policy", "kind: rumour"), "kind", "must be one of"),
        (("id: top-customers", "id: Top Customers"), "id", "expected form"),
        (("    clock: [timeline.detected]\n", ""), "rules[0]", "has no `clock`"),
        (("    source:", "    sauce: 1\n    source:"), "sauce", "unknown"),
    ],
)
def test_bad_rules_are_refused_with_the_line_and_field(change, field, words):
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(InputError) as caught:
        rules_from_text(text, "mine.yaml")
    problem = caught.value.problems[0]
    assert problem.place.file == "mine.yaml"
    assert problem.place.line is not None
    assert field in (problem.place.field or ""), problem
    assert words in problem.message + (problem.hint or ""), problem


def test_duplicate_ids_are_refused():
    with pytest.raises(InputError, match="appears twice"):
        rules_from_text(GOOD + GOOD.removeprefix("rules:\n"), "mine.yaml")


def test_a_user_rule_with_a_bundled_id_replaces_it(tmp_path: Path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(GOOD.replace("id: top-customers", "id: gdpr-art-33"))
    merged = load_rules([mine])
    [gdpr] = [rule for rule in merged if rule.id == "gdpr-art-33"]
    assert gdpr.regime == "Top-customer promise"
    assert len(merged) == len(bundled_rules())
    assert merge_rules([], []) == []


def test_a_missing_rules_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="no such rules file"):
        load_rules([tmp_path / "nope.yaml"])


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "execbrief"]
    return subprocess.run(
        [*command, *(str(a) for a in args)],
        capture_output=True,
        text=True,
        check=False,
        env={"NO_COLOR": "1", "COLUMNS": "100", "PATH": "/usr/bin:/bin"},
    )


def test_cli_rules_option_adds_a_policy_clock(tmp_path: Path):
    mine = tmp_path / "policy.yaml"
    mine.write_text(GOOD)
    incident = tmp_path / "incident.yaml"
    incident.write_text(
        "title: Checkout failing\nseverity: SEV1\n"
        "timeline: {started: 2026-11-20T14:02:00Z, detected: 2026-11-20T14:05:00Z}\n"
    )
    result = run(
        "brief", incident, "--rules", mine, "--format", "json", "--now", "2026-11-20T15:00:00Z"
    )
    assert result.returncode == 1, result.stderr  # briefed; not ready: no users or cost
    [entry] = json.loads(result.stdout)["obligations"]
    assert entry["regime"] == "Top-customer promise: first call"
    assert entry["deadline"] == "2026-11-20T18:05:00+00:00"
    assert entry["status"] == "due within 24 hours"
    assert entry["time_left"] == "3 hours and 5 minutes left"


def test_cli_bad_rules_file_exits_2_naming_file_and_line(tmp_path: Path):
    mine = tmp_path / "policy.yaml"
    mine.write_text(GOOD.replace("after: 4 hours", "after: soon"))
    incident = tmp_path / "incident.yaml"
    incident.write_text("title: X\ntimeline: {started: 2026-11-20T14:02:00Z}\n")
    result = run("brief", incident, "--rules", mine)
    assert result.returncode == 2
    assert f"{mine}:8" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_bundled_file_reads_the_same_with_the_careful_parser():
    assert rules_from_text(BUNDLED.read_text(encoding="utf-8"), "obligations.yaml") == (
        bundled_rules()
    )


def test_every_bundled_rule_needs_an_exposure_fact():
    # The CLI skips reading the bundled rules when the incident gives no exposure facts.
    for rule in bundled_rules():
        assert any(path.startswith("exposure.") for path in rule.trigger.present), rule.id


def test_rules_named_in_the_environment_apply_to_every_brief(tmp_path: Path, monkeypatch):
    from execbrief.app.briefing import configured_rules_files

    mine = tmp_path / "policy.yaml"
    mine.write_text(GOOD)
    monkeypatch.setenv("EXECBRIEF_RULES", f"{mine}{os.pathsep}")
    assert configured_rules_files() == [mine]
    incident = tmp_path / "incident.yaml"
    incident.write_text(
        "title: Checkout failing\nseverity: SEV1\n"
        "timeline: {started: 2026-11-20T14:02:00Z, detected: 2026-11-20T14:05:00Z}\n"
    )
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "execbrief"]
    result = subprocess.run(
        [*command, "brief", str(incident), "-f", "json", "--now", "2026-11-20T15:00:00Z"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "EXECBRIEF_RULES": str(mine)},
    )
    assert result.returncode == 1, result.stderr  # briefed; not ready: no users or cost
    [entry] = json.loads(result.stdout)["obligations"]
    assert entry["regime"] == "Top-customer promise: first call"
