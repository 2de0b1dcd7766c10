"""The `execbrief` command's entry point: fast paths for `check` and `brief`, Typer for the rest.

Importing Typer (with its bundled Click) costs tens of milliseconds before any work
starts; `execbrief check` runs in editors and pre-commit hooks, and `execbrief brief` is
the command people wait for. So this module imports nothing heavy. When the arguments are
a `check` or `brief` invocation it can read with certainty (the spellings Click accepts
for the options in COMMANDS, and values Click would accept), it runs the command directly
(execbrief.checking, execbrief.briefing). Anything else, including --help, an unknown
option or a bad value, goes to `execbrief.cli`, so that Typer alone prints help and usage
errors. tests/test_entry.py holds both paths to the same output, and
tests/test_entry_parsing.py holds COMMANDS to the Typer commands' own options.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from execbrief.briefing import Format
    from execbrief.checking import CheckFormat, FailOn

    CheckArgs = tuple[str, CheckFormat, FailOn, list[Path], int | None]
    BriefArgs = tuple[Path, Format, str | None, Path | None, list[Path], Path | None]


class Option:
    """An option that takes a value, as Click reads it; `key` is the Typer parameter.

    A plain class, not a NamedTuple: making a NamedTuple class costs about a millisecond
    each, paid by every run of every command (this module runs first, even for --help)."""

    __slots__ = ("choices", "digits", "key", "path", "repeat")

    def __init__(
        self,
        key: str,
        *,
        choices: tuple[str, ...] = (),  # an enum: one of these, spelt exactly
        path: str | None = None,  # Click's Path type: "path", "file" (no folder), "directory"
        repeat: bool = False,  # a list: may be given again; other options given twice go to Typer
        digits: bool = False,  # an int: plain digits only (Click's int also reads "+5", "5_0")
    ) -> None:
        self.key, self.choices, self.path = key, choices, path
        self.repeat, self.digits = repeat, digits


class Command:
    __slots__ = ("argument", "options")

    def __init__(self, options: dict[str, Option], *, argument: str | None) -> None:
        self.options = options  # every spelling, long and short
        self.argument = argument  # the one positional argument: a Path kind, or None (str)


_CHECK_FORMAT = Option("fmt", choices=("text", "json"))
_BRIEF_FORMAT = Option("fmt", choices=("text", "json", "md", "html"))
_OUT = Option("out", path="directory")

# The commands the fast path runs, with the options their Typer commands declare (checked
# against the Typer app by tests/test_entry_parsing.py). Flags and --help are left out on purpose.
COMMANDS: dict[str, Command] = {
    "check": Command(
        {
            "--format": _CHECK_FORMAT,
            "-f": _CHECK_FORMAT,
            "--fail-on": Option("fail_on", choices=("error", "warning", "info", "never")),
            "--glossary": Option("glossary", path="path", repeat=True),
            "--budget": Option("budget", digits=True),
        },
        argument=None,
    ),
    "brief": Command(
        {
            "--format": _BRIEF_FORMAT,
            "-f": _BRIEF_FORMAT,
            "--now": Option("now"),
            "--out": _OUT,
            "-o": _OUT,
            "--rules": Option("rules", path="file", repeat=True),
            "--template": Option("template", path="file"),
        },
        argument="path",
    ),
}


def parse_command(args: Sequence[str], name: str) -> tuple[str, dict[str, list[str]]] | None:
    """The positional argument and each option's values (by key) when `args` (argv
    without the program) is an invocation of COMMANDS[name] that Click would read the
    same way and accept; None for anything else."""
    if not args or args[0] != name or sys.platform == "win32" or _completing():
        return None  # on Windows Click expands wildcards in arguments itself
    command = COMMANDS[name]
    values: dict[str, list[str]] = {}
    positional: list[str] = []
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "--":  # the end of options: all that follows is positional
            positional += rest
            break
        if arg == "-" or not arg.startswith("-"):
            positional.append(arg)
            continue
        if arg.startswith("--"):
            spelling, equals, value = arg.partition("=")
            attached = bool(equals)
        else:  # a short option: -f json or -fjson (Click reads -f=json as "=json")
            spelling, value = arg[:2], arg[2:]
            attached = bool(value)
        option = command.options.get(spelling)
        if option is None:
            return None
        if not attached:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None  # Click would take "-x" as the value; leave the oddity to Typer
        if option.key in values and not option.repeat:
            return None  # given twice: Click keeps the last one; leave it to Typer
        if not _accepted(option, value):
            return None
        values.setdefault(option.key, []).append(value)
    if len(positional) != 1 or not positional[0]:
        return None
    if command.argument is not None and not _path_accepted(positional[0], command.argument):
        return None
    return positional[0], values


def _accepted(option: Option, value: str) -> bool:
    """Whether Click would convert the value without a usage error."""
    if option.choices and value not in option.choices:
        return False
    if option.digits and not (value.isascii() and value.isdigit() and len(value) < 10):
        return False
    return option.path is None or _path_accepted(value, option.path)


def _path_accepted(value: str, kind: str) -> bool:
    """What Typer's Path type accepts as these commands declare it (exists=False,
    readable=True): a missing path, or one of the right kind that can be read."""
    import stat

    try:
        mode = os.stat(value).st_mode
    except OSError:
        return True  # missing: the command itself says what is wrong with it
    if kind == "directory" and stat.S_ISREG(mode):
        return False
    if kind == "file" and stat.S_ISDIR(mode):
        return False
    return os.access(value, os.R_OK)


def parse_check(args: Sequence[str]) -> CheckArgs | None:
    """The arguments of run_check when `args` is a `check` invocation Click would read
    the same way; None for anything else."""
    parsed = parse_command(args, "check")
    if parsed is None:
        return None
    from pathlib import Path

    from execbrief.checking import CheckFormat, FailOn

    file, values = parsed
    budget = _last(values, "budget")
    return (
        file,
        CheckFormat(_last(values, "fmt") or CheckFormat.text),
        FailOn(_last(values, "fail_on") or FailOn.error),
        [Path(g) for g in values.get("glossary", [])],
        None if budget is None else int(budget),
    )


def parse_brief(args: Sequence[str]) -> BriefArgs | None:
    """The arguments of run_brief when `args` is a `brief` invocation Click would read
    the same way; None for anything else."""
    parsed = parse_command(args, "brief")
    if parsed is None:
        return None
    from pathlib import Path

    from execbrief.briefing import Format

    file, values = parsed
    out, template = _last(values, "out"), _last(values, "template")
    return (
        Path(file),
        Format(_last(values, "fmt") or Format.text),
        _last(values, "now"),
        None if out is None else Path(out),
        [Path(r) for r in values.get("rules", [])],
        None if template is None else Path(template),
    )


def _last(values: dict[str, list[str]], key: str) -> str | None:
    given = values.get(key)
    return given[-1] if given else None


def _completing() -> bool:
    """Shell completion asks through an environment variable (_EXECBRIEF_COMPLETE)."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def silence_stdout() -> None:
    """The reader of stdout went away: send what is left to /dev/null, so that the final
    flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _fast_path(args: Sequence[str]) -> Callable[[], int] | None:
    """The command to run without Typer, or None to hand the arguments to Typer."""
    if (check := parse_check(args)) is not None:
        from execbrief.checking import run_check

        return lambda: run_check(*check)
    if (brief := parse_brief(args)) is not None:
        from execbrief.briefing import run_brief

        return lambda: run_brief(*brief)
    return None


def main() -> None:
    # execbrief uses no pydantic plugins; looking for them reads the metadata of every
    # installed package, about 20 ms of each run that validates a file. A user's own
    # setting of the variable wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    run = _fast_path(sys.argv[1:])
    if run is None:
        from execbrief.cli import main as typer_main

        typer_main()
        return
    try:
        code = run()
    except KeyboardInterrupt:
        code = 130  # as Typer does
    raise SystemExit(code)
