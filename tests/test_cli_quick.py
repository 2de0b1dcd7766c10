"""`execbrief check` run without Typer (cli/quick.py) prints and exits exactly as the Typer
command does, and reads only options that command declares; whatever it does not fully
understand goes to Typer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer

from conftest import EXAMPLES
from execbrief.app.checking import CheckFormat, FailOn
from execbrief.cli import app
from execbrief.cli.quick import OPTIONS, REPEATED, CheckArgs, parse

DRAFT = (
    "John pushed a bad config at 09:47 UTC and the p99 latency doubled.\n\n"
    "Some customers saw errors for a few minutes. This will never happen again.\n"
)
TYPER = "from execbrief.cli import app; app(prog_name='execbrief')"


def _run(command: list[str], stdin: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quick")
    (folder / "draft.txt").write_text(DRAFT)
    (folder / "glossary.yaml").write_text(
        "terms:\n  - term: flux capacitor\n    plain: the timer\n    why: our word\n"
    )
    (folder / "allow.txt").write_text("p99\n")
    (folder / "bad-glossary.yaml").write_text("terms: 3\n")
    return folder


CASES = [
    ["check", "{d}/draft.txt"],
    ["check", "{d}/draft.txt", "--format", "json"],
    ["check", "-f", "json", "{d}/draft.txt", "--fail-on", "never"],
    ["check", "{d}/draft.txt", "--format=json", "--fail-on=warning", "--budget=5"],
    ["check", "-", "--budget", "20", "--fail-on", "info"],
    ["check", "{d}/draft.txt", "--glossary", "{d}/glossary.yaml", "--allow", "{d}/allow.txt"],
    ["check", "{d}/draft.txt", "--allow", "{d}/allow.txt", "--allow", "{d}/allow.txt"],
    ["check", "{d}/draft.txt", "--glossary", "{d}/bad-glossary.yaml"],  # exit 2, a message
    ["check", "{d}/missing.txt"],  # exit 2: no such file
    ["check", str(EXAMPLES / "checkout-outage.yaml"), "--format", "json"],  # an incident file
]


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c[1:])[-60:] for c in CASES])
def test_quick_check_prints_and_exits_as_typer_does(case, files):
    args = [a.replace("{d}", str(files)) for a in case]
    assert parse(args) is not None  # the quick path runs it
    quick = _run([sys.executable, "-m", "execbrief", *args], DRAFT)
    typed = _run([sys.executable, "-c", TYPER, *args], DRAFT)
    assert quick == typed
    assert quick[1] or quick[2]  # it printed something: findings, or the error


@pytest.mark.parametrize(
    "args",
    [
        ["check"],  # no file
        ["check", "--help"],
        ["check", "a.txt", "b.txt"],  # one too many
        ["check", "a.txt", "--format", "JSON"],  # not a choice
        ["check", "a.txt", "--format", "xml"],
        ["check", "a.txt", "--fail-on", "fatal"],
        ["check", "a.txt", "--budget", "-5"],
        ["check", "a.txt", "--budget", "ten"],
        ["check", "a.txt", "--format", "json", "-f", "text"],  # given twice
        ["check", "a.txt", "--format"],  # no value
        ["check", "a.txt", "-f=json"],  # Click reads "=json"
        ["check", "a.txt", "--glossary", "-"],
        ["check", "a.txt", "--verbose"],  # unknown
        ["check", "--", "a.txt"],
        ["brief", "a.txt"],
        [],
    ],
)
def test_what_the_quick_path_does_not_fully_understand_goes_to_typer(args):
    assert parse(args) is None


def test_quick_path_reads_the_options_the_typer_command_declares_with_its_choices():
    check = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    declared = {name: p for p in check.params for name in p.opts if p.opts[0].startswith("-")}
    assert set(OPTIONS) | set(REPEATED) == set(declared) - {"--help"}
    typer_names = {"glossaries": "glossary"}  # CheckArgs' field -> the command's parameter
    for name, field in {**OPTIONS, **REPEATED}.items():
        param = declared[name]
        assert param.name == typer_names.get(field, field)
        assert param.multiple == (name in REPEATED)
        default = CheckArgs._field_defaults[field]
        if name in REPEATED:
            assert not param.default and default == ()
        else:
            assert param.default == default
    assert list(declared["--format"].type.choices) == [c.value for c in CheckFormat]
    assert list(declared["--fail-on"].type.choices) == [c.value for c in FailOn]
