"""The checker's compiled patterns kept across runs, in the user's cache folder
($XDG_CACHE_HOME/execbrief, default ~/.cache/execbrief): a run of `execbrief check` then
builds each pattern from its program instead of compiling it (core/language/programs.py).

A cache is only a shortcut: a file that is missing, unreadable, too large, made by another
Python or not in the expected shape is ignored, and the patterns are compiled as before;
a folder that cannot be written is left alone. The file is replaced whole (written beside
it, then renamed), so a reader never sees half of one.
"""

from __future__ import annotations

import marshal
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

from execbrief.core.language import programs

FILE_NAME = "patterns.marshal"
# A program is valid only for the Python that made it: its build and its engine's version.
PYTHON = f"{sys.version} sre {programs.MAGIC}"
MAX_BYTES = 4_000_000  # every pattern the checker has: about 0.2 MB


class _Run:
    loaded = False  # this process has read the cache
    written: frozenset[str] = frozenset()  # sources this process has written


def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "execbrief" / FILE_NAME


def load(path: Path | None = None) -> None:
    """Hand the programs saved by an earlier run of this Python to the checker (once per
    process)."""
    if _Run.loaded:
        return
    _Run.loaded = True
    try:
        with (path or cache_path()).open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        data = marshal.loads(raw) if len(raw) <= MAX_BYTES else None
    except (OSError, ValueError, EOFError, TypeError):
        return
    if not isinstance(data, dict) or data.get("python") != PYTHON:
        return
    saved = data.get("programs")
    if isinstance(saved, dict):
        programs.remember({s: p for s, p in saved.items() if _shaped(s, p)})


def _shaped(source: Any, program: Any) -> bool:
    """(flags, code, groups, group names) with the right types; the engine checks the code
    itself when it builds the pattern."""
    return (
        isinstance(source, str)
        and isinstance(program, tuple)
        and len(program) == 4
        and type(program[0]) is int
        and isinstance(program[1], tuple)
        and type(program[2]) is int
        and program[2] >= 1
        and isinstance(program[3], dict)
        and all(
            isinstance(name, str) and type(i) is int and 0 < i < program[2]
            for name, i in program[3].items()
        )
    )


def save(path: Path | None = None) -> None:
    """Keep every program known now, when this run compiled any new ones."""
    made = frozenset(programs.made())
    if made <= _Run.written:
        return
    _Run.written = made
    target = path or cache_path()
    part = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        data = marshal.dumps({"python": PYTHON, "programs": programs.known()})
        target.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(data)
        os.replace(part, target)
    except (OSError, ValueError):  # ValueError: a program marshal cannot write
        with suppress(OSError):
            part.unlink(missing_ok=True)
