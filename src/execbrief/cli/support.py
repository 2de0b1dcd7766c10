"""What every command shares: error reporting with exit codes, printing that survives a
reader who went away, usage lines with real argument names, and the common options.

Command modules import from here, never from the package (`execbrief.cli`), so that the
package can register them without an import cycle.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from typer._click import _textwrap, formatting
from typer.core import TyperCommand, TyperGroup

# Printing and the listings' formats live in output.py (the quick path uses them without
# Typer); commands take them here.
from execbrief.cli.output import ListFormat as ListFormat
from execbrief.cli.output import print_json as print_json
from execbrief.cli.output import show as show
from execbrief.cli.output import silence_stdout as silence_stdout
from execbrief.core.speech.untrusted import visible
from execbrief.errors import ExecbriefError, report

P = ParamSpec("P")
R = TypeVar("R")

NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        metavar="TIME",
        help="The moment to work from, with an offset (e.g. 2026-11-20T18:00:00Z). "
        "Makes results for ongoing incidents reproducible. Default: the current time.",
    ),
]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="The database: a file path or a postgresql:// URL. Default: "
        "$EXECBRIEF_DATABASE_URL, else execbrief.db in your user data folder.",
    ),
]
IncidentArg = Annotated[
    str, typer.Argument(metavar="INCIDENT", help="The incident id that `save` printed.")
]


class _WholeWords(_textwrap.TextWrapper):
    """Click's text wrapper, except that a word longer than the room left on a line (a
    time like 2026-11-20T18:00:00Z, $EXECBRIEF_DATABASE_URL in a narrow terminal) runs
    past the edge rather than being cut in two, and a hyphen is no place to break."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(break_long_words=False, break_on_hyphens=False)
        super().__init__(*args, **kwargs)

    def _handle_long_word(
        self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int
    ) -> None:
        # Click's own override cuts the word whatever break_long_words says; the standard
        # library's puts it whole on a line of its own.
        textwrap.TextWrapper._handle_long_word(self, reversed_chunks, cur_line, cur_len, width)


@contextmanager
def _whole_words() -> Iterator[None]:
    # Click's wrap_text takes TextWrapper from its _textwrap module on each call and
    # offers no option for long words: lend it ours while one help text is written.
    original = _textwrap.TextWrapper
    _textwrap.TextWrapper = _WholeWords  # type: ignore[misc]
    try:
        yield
    finally:
        _textwrap.TextWrapper = original  # type: ignore[misc]


class HelpFormatter(formatting.HelpFormatter):
    """Click's help layout, with every word kept whole (see _WholeWords)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        with _whole_words():
            super().write_usage(prog, args, prefix)

    def write_text(self, text: str) -> None:
        with _whole_words():
            super().write_text(text)

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        with _whole_words():
            super().write_dl(rows, col_max, col_spacing)


class Context(typer.Context):
    formatter_class = HelpFormatter


class Group(TyperGroup):
    """The program itself: its help keeps words whole."""

    context_class = Context


class Command(TyperCommand):
    """A command whose usage line names its arguments as Click does (FILE, [FILE],
    FILES...), where Typer writes {file} or {source}:<a|b|...>: long, Python-looking, and
    broken mid-word when a usage line wraps. Give every argument a metavar. Its help
    keeps words whole."""

    context_class = Context

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces.extend(param.get_usage_pieces(ctx))
                continue
            name = param.metavar or (param.name or "").upper()
            if not param.required:
                name = f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces


def command(
    app: typer.Typer, name: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a command of `app` that reports ExecbriefError as a message and its exit
    code, with Click's usage line."""

    def declare(function: Callable[P, R]) -> Callable[P, R]:
        app.command(name, cls=Command)(reports_errors(function))
        return function

    return declare


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


def note(text: str) -> None:
    """A line for the person at the terminal, on stderr: what was written, what to do."""
    sys.stderr.write(visible(text) + "\n")
