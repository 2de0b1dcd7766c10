"""The `execbrief` command's entry point: a fast path for `check`, Typer for everything else.

Importing Typer (and, through it, pydantic and rich) costs about a quarter of a second
before any work starts; `execbrief check` runs in editors and pre-commit hooks, where that
is most of its time. So this module imports nothing heavy. When the arguments are a
`check` invocation it can read with certainty (the spellings Click accepts for check's four
options), it runs the check directly (execbrief.checking). Anything else, including
--help, an unknown option or a bad value, goes to `execbrief.cli`, so that Typer alone
prints help and usage errors. tests/test_entry.py holds both paths to the same output.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from execbrief.checking import CheckFormat, FailOn

    CheckArgs = tuple[str, CheckFormat, FailOn, list[Path], int | None]

# check's options that take a value, as Click knows them; --glossary may repeat.
_OPTIONS = {
    "--format": "format",
    "-f": "format",
    "--fail-on": "fail-on",
    "--glossary": "glossary",
    "--budget": "budget",
}


def parse_check(args: Sequence[str]) -> CheckArgs | None:
    """The arguments of run_check when `args` (argv without the program) is a `check`
    invocation Click would read the same way; None for anything else."""
    if not args or args[0] != "check" or sys.platform == "win32" or _completing():
        return None  # on Windows Click expands wildcards in arguments itself
    values: dict[str, str] = {}
    glossaries: list[str] = []
    files: list[str] = []
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "--":  # the end of options: all that follows is positional
            files += rest
            break
        if arg == "-" or not arg.startswith("-"):
            files.append(arg)
            continue
        if arg.startswith("--"):
            name, equals, value = arg.partition("=")
            attached = bool(equals)
        else:  # a short option: -f json or -fjson (Click reads -f=json as "=json")
            name, value = arg[:2], arg[2:]
            attached = bool(value)
        option = _OPTIONS.get(name)
        if option is None:
            return None
        if not attached:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None  # Click would take "-x" as the value; leave the oddity to Typer
        if option == "glossary":
            glossaries.append(value)
        elif option in values:
            return None  # given twice: Click keeps the last one; leave it to Typer
        else:
            values[option] = value
    return _checked(files, values, glossaries)


def _checked(files: list[str], values: dict[str, str], glossaries: list[str]) -> CheckArgs | None:
    from pathlib import Path

    from execbrief.checking import CheckFormat, FailOn

    fmt = values.get("format", CheckFormat.text.value)
    fail_on = values.get("fail-on", FailOn.error.value)
    budget = values.get("budget")
    if len(files) != 1 or not files[0]:
        return None
    if fmt not in {f.value for f in CheckFormat} or fail_on not in {f.value for f in FailOn}:
        return None
    if budget is not None and not (budget.isascii() and budget.isdigit() and len(budget) < 10):
        return None
    return (
        files[0],
        CheckFormat(fmt),
        FailOn(fail_on),
        [Path(g) for g in glossaries],
        None if budget is None else int(budget),
    )


def _completing() -> bool:
    """Shell completion asks through an environment variable (_EXECBRIEF_COMPLETE)."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def silence_stdout() -> None:
    """The reader of stdout went away: send what is left to /dev/null, so that the final
    flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    # execbrief uses no pydantic plugins; looking for them reads the metadata of every
    # installed package, about 20 ms of each run that validates a file. A user's own
    # setting of the variable wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    options = parse_check(sys.argv[1:])
    if options is None:
        from execbrief.cli import main as typer_main

        typer_main()
        return
    from execbrief.checking import run_check

    try:
        code = run_check(*options)
    except KeyboardInterrupt:
        code = 130  # as Typer does
    raise SystemExit(code)
