"""The `execbrief` Typer app: every command, its options and its help, registered from one
module per group of commands (each with `register(app)`). `execbrief.cli.main` runs it.

Every module here is imported on every run that reaches Typer, `execbrief --help` included:
Rich, pydantic, YAML, SQLAlchemy and the renderers are imported inside the commands that
use them (and inside execbrief.app).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from execbrief.cli import brief, check, followup, history, imports, store, web
from execbrief.cli.support import Command, Group

app = typer.Typer(
    name="execbrief",
    cls=Group,
    help="Turn an incident's facts into a brief for the CEO: headline, one-pager, "
    "spoken script and the tough questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: starts ~90 ms faster than Rich-formatted help
)


def _installed_version() -> str:
    from importlib.metadata import version as installed

    return installed("execbrief")


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"execbrief {_installed_version()}\n")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print execbrief's version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Turn an incident's facts into a brief for the CEO: headline, one-pager, spoken
    script and the tough questions."""


brief.register(app)  # brief, demo, schema, init
check.register(app)
imports.register(app)
store.register(app)  # save, list, diff
followup.register(app)  # due, done, slip, update, calendar
history.register(app)  # similar
history.register_report(app)  # report
history.register_import(app)  # backfill
web.register(app)  # serve, user add, user list


@app.command(cls=Command)
def version() -> None:
    """Print execbrief's version."""
    sys.stdout.write(f"execbrief {_installed_version()}\n")
