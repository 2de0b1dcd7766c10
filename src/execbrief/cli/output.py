"""Printing that survives a reader who went away, and the listings' formats, without
Typer: the quick `check` and `similar` (quick.py) print through it too."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import Any

from execbrief.core.speech.untrusted import visible


class ListFormat(StrEnum):
    """What the listing commands (due, diff, list, similar) print."""

    text = "text"
    json = "json"


def silence_stdout() -> None:
    """The reader of stdout went away: send what is left to /dev/null, so that the final
    flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def show(text: str, *, styled: bool = False) -> bool:
    """Print `text` to stdout now; False when the reader went away (`execbrief brief x.yaml
    | head`): stdout is then silenced, and the command may stop quietly, as cat does, or
    carry on with work that does not print (the files --out asks for).

    Control characters in `text` are written as visible escapes (core.speech.untrusted),
    so nothing printed can drive the terminal; `styled` text keeps its escapes: only the
    terminal brief's colours, drawn by Rich from facts cleaned when they were read."""
    if not styled:
        text = visible(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()  # now, so that a closed pipe is met here rather than at exit
    except BrokenPipeError:
        silence_stdout()
        return False
    return True


def print_json(value: Any) -> None:
    import json

    show(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
