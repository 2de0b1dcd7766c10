"""Docs stay true: the CLI reference matches --help; every command is in the README."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
