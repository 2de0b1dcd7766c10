"""Docs stay true: the CLI reference matches --help; every command is in the README; help
text never cuts a word across lines, in the reference or in a terminal of any width."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from execbrief.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        assert f"execbrief {name}" in readme, f"README.md does not mention `execbrief {name}`"


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


# --- help text never cuts a word in two --------------------------------------------------

CLI_MD = ROOT / "docs" / "cli.md"


def _help(args: list[str], width: int) -> str:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*args, "--help"], prog_name="execbrief", terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.output


def _every_help() -> list[list[str]]:
    return [[], *([name] for name in typer.main.get_command(app).commands)]  # type: ignore[attr-defined]


def broken_words(wrapped: str, whole: str) -> list[str]:
    """The words of `wrapped` (help laid out in some width) that are not words of `whole`
    (the same help on one line per paragraph): the pieces of a word cut across two lines.
    A word the command list shortened with "..." counts by what is left of it."""
    words = set(whole.split())
    return [w for w in wrapped.split() if w not in words and w.removesuffix("...") not in words]


def test_the_broken_word_check_finds_a_word_cut_across_lines():
    whole = "Where the facts come from: prometheus or slack."
    assert broken_words("Where the facts come from: pr\n  ometheus or slack.", whole) == [
        "pr",
        "ometheus",
    ]
    assert broken_words("Where the facts come\n  from: prometheus or slack.", whole) == []


@pytest.mark.parametrize("width", [40, 60, 80, 88, 120])
def test_no_help_text_cuts_a_word_across_lines(width):
    for args in _every_help():
        cut = broken_words(_help(args, width), _help(args, 10_000))
        assert cut == [], (args, width, cut)


def test_no_help_text_in_the_cli_reference_cuts_a_word_across_lines():
    page = CLI_MD.read_text()
    for args in _every_help():
        title = " ".join(["execbrief", *args])
        section = page.split(f"## `{title}`\n\n```\n", 1)[1].split("\n```", 1)[0]
        cut = broken_words(section, _help(args, 10_000))
        assert cut == [], (title, cut)


def test_usage_lines_name_arguments_in_capitals():
    """FILE, INCIDENT N, SOURCE [FILES]...: not Typer's {file} or {source}:<a|b|...>."""
    for args in _every_help():
        usage = _help(args, 88).splitlines()[0]
        assert re.fullmatch(r"Usage: execbrief[ a-z]* \[OPTIONS\]( [A-Z\[\]. ]+)?", usage), usage
