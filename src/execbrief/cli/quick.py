"""`execbrief check` without Typer, for the argument lists it fully understands.

The command is declared once, in Typer (check.py): its options, help and usage errors. This
reads only the common case, a file and options of that command with valid values, and runs
the same work (`run_check`, which the Typer command calls too); anything else (`--help`, an
unknown option, a value that is not one of the choices, an option given twice) returns None
and goes to Typer, which says what is wrong. Typer and Click take about 35 ms to import,
a third of a whole `execbrief check`. tests/test_cli_quick.py checks that both give the same
output and exit code, and that every option read here is declared in check.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from execbrief.app.checking import CheckFormat, FailOn, check_file
from execbrief.errors import ExecbriefError, report


class CheckArgs(NamedTuple):
    file: str
    fmt: CheckFormat = CheckFormat.text
    fail_on: FailOn = FailOn.error
    glossaries: tuple[Path, ...] = ()
    allow: tuple[Path, ...] = ()
    budget: int | None = None


# Every option of `execbrief check` read here, by each of its names (check.py declares them).
OPTIONS = {"--format": "fmt", "-f": "fmt", "--fail-on": "fail_on", "--budget": "budget"}
REPEATED = {"--glossary": "glossaries", "--allow": "allow"}


def parse(args: Sequence[str]) -> CheckArgs | None:
    """The arguments of `check FILE [options]`, or None when Typer should read them."""
    if not args or args[0] != "check":
        return None
    file: str | None = None
    single: dict[str, str] = {}
    repeated: dict[str, list[Path]] = {"glossaries": [], "allow": []}
    rest = list(args[1:])
    while rest:
        token = rest.pop(0)
        if token == "-" or not token.startswith("-"):
            if file is not None:
                return None  # a second argument: Typer says it is one too many
            file = token
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
        if name in REPEATED:
            repeated[REPEATED[name]].append(Path(value))
        elif name in OPTIONS and OPTIONS[name] not in single:
            single[OPTIONS[name]] = value
        else:
            return None  # unknown, or given twice
    if file is None:
        return None
    fmt = single.get("fmt", CheckFormat.text.value)
    fail_on = single.get("fail_on", FailOn.error.value)
    budget = single.get("budget")
    if (
        fmt not in {choice.value for choice in CheckFormat}
        or fail_on not in {choice.value for choice in FailOn}
        or (budget is not None and not (budget.isascii() and budget.isdigit()))
    ):
        return None
    return CheckArgs(
        file,
        CheckFormat(fmt),
        FailOn(fail_on),
        tuple(repeated["glossaries"]),
        tuple(repeated["allow"]),
        None if budget is None else int(budget),
    )


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


def quick_check(args: Sequence[str]) -> int | None:
    """The exit code of `execbrief check` run here, or None: Typer should run `args`."""
    parsed = parse(args)
    return None if parsed is None else run_check(parsed)
