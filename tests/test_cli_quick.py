"""`execbrief check` and `execbrief similar` run without Typer (cli/quick.py) print and exit
exactly as the Typer commands do, read only options those commands declare, and import
neither Typer nor Click; whatever the quick path does not fully understand goes to Typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import EXAMPLES
from execbrief.cli import app
from execbrief.cli.quick import COMMANDS, parse, whole
from test_history import NOW, save_history

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


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The small SQLite history of tests/test_history.py (INC-1 to INC-6)."""
    folder = tmp_path_factory.mktemp("similar")
    save_history(folder, str(folder / "history.db"))
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
    ["similar", "INC-6", "--db", "{d}/history.db", "--now", NOW],
    ["similar", "INC-6", "-f", "json", "--db", "{d}/history.db", "--now", NOW],
    ["similar", "--limit", "3", "INC-6", "--db", "{d}/history.db", "--now", NOW],
    ["similar", "INC-6", "--limit=2", "--format=json", "--db={d}/history.db", "--now=" + NOW],
    ["similar", "INC-1", "--db", "{d}/history.db", "--now", NOW],  # none before it
    ["similar", "INC-99", "--db", "{d}/history.db", "--now", NOW],  # exit 2: not saved
    ["similar", "INC-6", "--limit", "0", "--db", "{d}/history.db"],  # exit 2: at least 1
    ["similar", "INC-6", "--db", "{d}/nowhere/history.db"],  # exit 3: no such folder
]


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c[1:])[-60:] for c in CASES])
def test_quick_path_prints_and_exits_as_typer_does(case, files, store):
    folder = files if case[0] == "check" else store
    args = [a.replace("{d}", str(folder)) for a in case]
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
        ["similar"],  # no incident
        ["similar", "--help"],
        ["similar", "A", "B"],  # one too many
        ["similar", "A", "--limit", "-1"],
        ["similar", "A", "--limit", "ten"],
        ["similar", "A", "--limit", "+5"],
        ["similar", "A", "-f", "xml"],
        ["similar", "A", "--format", "json", "-f", "text"],  # given twice
        ["similar", "A", "--glossary", "g.yaml"],  # check's option, not similar's
        ["similar", "A", "--db"],  # no value
        ["brief", "a.txt"],
        [],
    ],
)
def test_what_the_quick_path_does_not_fully_understand_goes_to_typer(args):
    assert parse(args) is None


# A field of the quick path's arguments -> the Typer command's parameter, where they differ.
TYPER_NAMES = {"glossaries": "glossary"}


@pytest.mark.parametrize("name", COMMANDS)
def test_quick_path_reads_the_options_the_typer_command_declares_with_its_choices(name):
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    spec = COMMANDS[name]
    declared = {o: p for p in command.params for o in p.opts if p.opts[0].startswith("-")}
    assert set(spec.options) | set(spec.repeated) == set(declared) - {"--help"}
    defaults = spec.args._field_defaults
    for option, field in {**spec.options, **spec.repeated}.items():
        param = declared[option]
        assert param.name == TYPER_NAMES.get(field, field)
        assert param.multiple == (option in spec.repeated)
        if option in spec.repeated:
            assert not param.default and defaults[field] == ()
        else:
            assert param.default == defaults[field]
        read = spec.read.get(field, str)  # a number, a path, text, else an enum's choices
        assert param.type.name == {whole: "int", Path: "path", str: "str"}.get(read, "choice")
        if param.type.name == "choice":
            assert list(param.type.choices) == [c.value for c in read]
    # One positional argument, required: the first field, which has no default.
    arguments = [p for p in command.params if not p.opts[0].startswith("-")]
    assert [(p.name, p.required) for p in arguments] == [(spec.args._fields[0], True)]
    assert spec.args._fields[0] not in defaults


@pytest.mark.parametrize(
    "args",
    [["check", "{d}/draft.txt"], ["similar", "INC-6", "--db", "{d}/history.db", "--now", NOW]],
    ids=["check", "similar"],
)
def test_the_quick_path_imports_neither_typer_nor_click(args, files, store):
    folder = files if args[0] == "check" else store
    code = (
        "import sys\n"
        "from execbrief.cli.quick import quick_run\n"
        f"assert quick_run({[a.replace('{d}', str(folder)) for a in args]!r}) is not None\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'typer', 'click'})\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout  # it ran the command: the findings, the similar incidents
