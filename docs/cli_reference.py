"""Write docs/cli.md from the real `--help` of every command.

python docs/cli_reference.py          # rewrite docs/cli.md
python docs/cli_reference.py --check  # exit 1 if docs/cli.md is out of date (a test runs this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from execbrief.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from generated_file import write_or_check  # tools/ is not a package: found by path

TARGET = Path(__file__).resolve().parent / "cli.md"


def commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def reference() -> str:
    runner = CliRunner()
    parts = [
        "# Command reference\n",
        "Generated from each command's `--help` by `python docs/cli_reference.py`; "
        "a test fails when this page is out of date.\n",
    ]
    for args in [[], *([name] for name in commands())]:
        result = runner.invoke(app, [*args, "--help"], prog_name="execbrief", terminal_width=88)
        title = " ".join(["execbrief", *args])
        parts.append(f"## `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def main() -> int:
    return write_or_check(
        TARGET, reference(), __doc__.splitlines()[0], "python docs/cli_reference.py"
    )


if __name__ == "__main__":
    raise SystemExit(main())
