"""`execbrief check`: the executive-language checker over a draft or an incident file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from execbrief.app.checking import CheckFormat, FailOn
from execbrief.cli.support import command


def register(app: typer.Typer) -> None:
    @command(app)
    def check(
        file: Annotated[
            str,
            typer.Argument(
                metavar="FILE", help="A draft (text), an incident file, or - for stdin."
            ),
        ],
        fmt: Annotated[
            CheckFormat, typer.Option("--format", "-f", help="text or json.")
        ] = CheckFormat.text,
        fail_on: Annotated[
            FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.")
        ] = FailOn.error,
        glossary: Annotated[
            list[Path] | None,
            typer.Option(
                "--glossary",
                metavar="FILE",
                help="Your own glossary file (terms to add or allow).",
            ),
        ] = None,
        allow: Annotated[
            list[Path] | None,
            typer.Option(
                "--allow",
                metavar="FILE",
                help="Your company's allow-list: one term or acronym per line your CEO knows.",
            ),
        ] = None,
        budget: Annotated[
            int | None,
            typer.Option(
                "--budget",
                metavar="SECONDS",
                help="Seconds the text may take to say aloud (plain text).",
            ),
        ] = None,
    ) -> None:
        """Check a draft or an incident file for language a CEO should not hear."""
        from execbrief.cli.quick import CheckArgs, run_check

        request = CheckArgs(file, fmt, fail_on, tuple(glossary or ()), tuple(allow or ()), budget)
        code = run_check(request)
        if code:
            raise typer.Exit(code)
