"""The `execbrief` command line: Typer commands that parse the arguments, call
execbrief.app, print, and map errors to exit codes (SPEC section 7): 0 ok, 1 problems
found, 2 bad usage or input, 3 an outside system failed.

The commands are declared in `commands.py` (the Typer app, `execbrief.cli.app`), one module
per group. `execbrief check FILE` and `execbrief similar INCIDENT` with options they fully
understand are run without loading Typer (quick.py): check is the command run most often,
by editors and hooks, similar has 200 ms to answer, and Typer and Click take about 35 ms of
either.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from execbrief.cli.commands import app as app


def main() -> None:
    """Run the command line: the console script `execbrief` and `python -m execbrief`."""
    # execbrief uses no pydantic plugins; looking for them reads the metadata of every
    # installed package, about 20 ms of each run that validates a file. A user's own
    # setting of the variable wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from execbrief.cli.quick import quick_run

    code = quick_run(sys.argv[1:])
    if code is not None:
        raise SystemExit(code)
    from execbrief.cli.commands import app
    from execbrief.cli.output import silence_stdout

    try:
        app()
    except BrokenPipeError:
        # The reader went away while Typer printed (help, say): stop quietly, as cat does.
        silence_stdout()
        raise SystemExit(0) from None


def __getattr__(name: str) -> Any:
    """`execbrief.cli.app`, the Typer app, imported when first asked for."""
    if name == "app":
        from execbrief.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
