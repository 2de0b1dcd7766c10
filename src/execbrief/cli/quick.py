"""`execbrief check` and `execbrief similar` without Typer, for the argument lists they
fully understand.

Each command is declared once, in Typer (check.py, history.py): its options, help and usage
errors. This reads only the common case, one positional argument (the file, the incident)
and options of that command with valid values, and runs the same work (`run_check`,
`run_similar`, which the Typer commands call too); anything else (`--help`, an unknown
option, a value that is not one of the choices, an option given twice) returns None and
goes to Typer, which says what is wrong. Typer and Click take about 35 ms to import, a
third of a whole `execbrief check` and a sixth of a `similar` over 10,000 incidents.
tests/test_cli_quick.py checks that both give the same output and exit code, and that
every option read here is declared by its Typer command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from execbrief.app.checking import CheckFormat, FailOn, check_file
from execbrief.cli.output import ListFormat
from execbrief.cli.similar import SimilarArgs, run_similar
from execbrief.errors import ExecbriefError, report


class CheckArgs(NamedTuple):
    file: str
    fmt: CheckFormat = CheckFormat.text
    fail_on: FailOn = FailOn.error
    glossaries: tuple[Path, ...] = ()
    allow: tuple[Path, ...] = ()
    budget: int | None = None


def run_check(args: CheckArgs) -> int:
    """Check the file, print the findings, and return the exit code: the body of
    `execbrief check`, for Typer's command and the quick path alike."""
    from execbrief.cli.output import show

    try:
        checked = check_file(args.file, args.fmt, args.glossaries, args.budget, args.allow)
    except ExecbriefError as exc:
        return report(exc)
    if not show(checked.output):
        return 0  # the reader went away (`execbrief check x.txt | head`): stop quietly
    return checked.exit_code(args.fail_on)


def whole(value: str) -> int:
    """A whole number written in digits; ValueError for anything else ("-1", "ten", "1e3",
    "+5"): Typer says what is wrong with it, or reads it its own way."""
    if not (value.isascii() and value.isdigit()):
        raise ValueError(value)
    return int(value)


class Command(NamedTuple):
    """What the quick path reads of one command: its options, by each of their names, and
    how each value is read (a choice, a number; ValueError sends the arguments to Typer)."""

    options: dict[str, str]  # name -> the field it sets; at most once
    repeated: dict[str, str]  # name -> the field it adds to; any number of times
    read: dict[str, Callable[[str], Any]]  # field -> its value from the text; else str
    args: Callable[..., Any]  # CheckArgs, SimilarArgs: the positional argument first
    run: Callable[[Any], int]


COMMANDS = {
    "check": Command(
        options={"--format": "fmt", "-f": "fmt", "--fail-on": "fail_on", "--budget": "budget"},
        repeated={"--glossary": "glossaries", "--allow": "allow"},
        read={
            "fmt": CheckFormat,
            "fail_on": FailOn,
            "budget": whole,
            "glossaries": Path,
            "allow": Path,
        },
        args=CheckArgs,
        run=run_check,
    ),
    "similar": Command(
        options={"--format": "fmt", "-f": "fmt", "--limit": "limit", "--now": "now", "--db": "db"},
        repeated={},
        read={"fmt": ListFormat, "limit": whole},
        args=SimilarArgs,
        run=run_similar,
    ),
}


def parse(args: Sequence[str]) -> CheckArgs | SimilarArgs | None:
    """The arguments of `check FILE [options]` or `similar INCIDENT [options]`, or None
    when Typer should read them."""
    if not args or args[0] not in COMMANDS:
        return None
    spec = COMMANDS[args[0]]
    positional: str | None = None
    single: dict[str, str] = {}
    repeated: dict[str, list[str]] = {}
    rest = list(args[1:])
    while rest:
        token = rest.pop(0)
        if token == "-" or not token.startswith("-"):
            if positional is not None:
                return None  # a second argument: Typer says it is one too many
            positional = token
            continue
        name, equals, value = token.partition("=")
        if not equals:
            if not rest:
                return None  # an option without its value
            value = rest.pop(0)
        elif not name.startswith("--"):
            return None  # "-f=json": Click reads "=json" as the value; let it say so
        if not value or value.startswith("-"):
            return None
        if name in spec.repeated:
            repeated.setdefault(spec.repeated[name], []).append(value)
        elif name in spec.options and spec.options[name] not in single:
            single[spec.options[name]] = value
        else:
            return None  # unknown, or given twice
    if positional is None:
        return None
    try:
        values = {field: spec.read.get(field, str)(value) for field, value in single.items()}
        for field, texts in repeated.items():
            values[field] = tuple(spec.read.get(field, str)(text) for text in texts)
    except ValueError:
        return None  # not one of the choices, not a number
    return spec.args(positional, **values)  # type: ignore[no-any-return]


def quick_run(args: Sequence[str]) -> int | None:
    """The exit code of `execbrief check` or `execbrief similar` run here, or None: Typer
    should run `args`."""
    parsed = parse(args)
    return None if parsed is None else COMMANDS[args[0]].run(parsed)
