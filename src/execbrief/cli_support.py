"""What every command shares: error reporting with exit codes, and the --now option.

Command modules (`cli_*.py`) import from here, never from `cli.py`, so that `cli.py` can
register them without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Annotated, NoReturn, ParamSpec, TypeVar

import typer

from execbrief.errors import ExecbriefError, report

P = ParamSpec("P")
R = TypeVar("R")

NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        help="The moment to work from, with an offset (e.g. 2026-11-20T18:00:00Z). "
        "Makes results for ongoing incidents reproducible. Default: the current time.",
    ),
]


def fail(error: ExecbriefError) -> NoReturn:
    """Print a user-facing error (file, line, field, hint) and exit with its code."""
    raise typer.Exit(report(error))


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn ExecbriefError raised by a command into a message and its exit code."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ExecbriefError as exc:
            fail(exc)

    return run
