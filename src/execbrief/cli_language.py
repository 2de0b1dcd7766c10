"""`execbrief check`: the executive-language checker over a draft or an incident file.

The work is in execbrief.checking, shared with the fast path in execbrief.entry that runs
`check` without importing Typer; this module only declares the command for Typer (its
help, and the usage errors Typer reports).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from execbrief.checking import CheckFormat, FailOn, run_check


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        file: Annotated[
            str, typer.Argument(help="A draft (text), an incident file, or - for stdin.")
        ],
        fmt: Annotated[
            CheckFormat, typer.Option("--format", "-f", help="text or json.")
        ] = CheckFormat.text,
        fail_on: Annotated[
            FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")
        ] = FailOn.error,
        glossary: Annotated[
            list[Path] | None,
            typer.Option("--glossary", help="Your own glossary file (terms to add or allow)."),
        ] = None,
        budget: Annotated[
            int | None,
            typer.Option("--budget", help="Seconds the text may take to say aloud (plain text)."),
        ] = None,
    ) -> None:
        """Check a draft or an incident file for language a CEO should not hear."""
        code = run_check(file, fmt, fail_on, glossary or [], budget)
        if code:
            raise typer.Exit(code)
