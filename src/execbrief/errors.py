"""The exceptions execbrief's edges raise; `report` turns each into a message and an exit code.

ExecbriefError
├── InputError          bad usage or bad input: exit 2
└── OutsideSystemError  a database or API failed: exit 3
"""

from __future__ import annotations

import sys
from typing import NamedTuple


class ExecbriefError(Exception):
    exit_code = 1


class Place(NamedTuple):
    """Where a problem is: the file, the line (YAML and JSON), the field path."""

    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            field = self.field if self.field.startswith("(") else f"({self.field})"
            where += f" {field}" if where else self.field
        return where


class InputProblem(NamedTuple):
    place: Place
    message: str
    hint: str | None = None


class InputError(ExecbriefError):
    """The user gave us something we cannot use. Carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{p.place}: {p.message}" for p in problems))

    @classmethod
    def single(
        cls,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> InputError:
        return cls([InputProblem(Place(file, line, field), message, hint)])


class OutsideSystemError(ExecbriefError):
    exit_code = 3


def report(error: ExecbriefError) -> int:
    """Print a user-facing error (file, line, field, hint) to stderr; return its exit code.

    Typer-free, so that every edge (the command line's cli.support.fail, and the web
    server to come) prints the same bytes."""
    from execbrief.core.speech.untrusted import visible  # messages quote the user's input

    if isinstance(error, InputError):
        for problem in error.problems:
            where = str(problem.place)
            message = f"{where}: {problem.message}" if where else problem.message
            sys.stderr.write(visible(f"error: {message}\n"))
            if problem.hint:
                sys.stderr.write(visible(f"  hint: {problem.hint}\n"))
    else:
        sys.stderr.write(visible(f"error: {error}\n"))
    return error.exit_code
