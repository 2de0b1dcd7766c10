"""The checker's patterns, compiled once per Python rather than once per run.

Compiling every pattern a dense text needs takes about 12 ms in Python's `re` (parsing and
code generation are written in Python), a fifth of a whole `execbrief check`; building a
pattern from its compiled program takes about 5 µs. The program is what `re` itself hands
to its C engine (`_sre.compile`), so a pattern built from it is the pattern `re.compile`
gives: same source, flags and code (patterns compare equal; a test checks every one).

A program is only valid for the Python that made it. The edge keeps programs across runs
(sources/pattern_cache.py), each file marked with the Python that made it, and hands them
in with `remember` to the same Python only; this module does no I/O. A program that the
engine refuses, or a source without one, is compiled afresh.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

try:  # CPython's private engine: where it is not as 3.11–3.13 have it, plain re.compile
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]

    MAGIC: int = _sre.MAGIC  # the version of the engine's code; the edge keys its cache on it
    _ENGINE = callable(getattr(_compiler, "_code", None)) and callable(_parser.parse)
except (ImportError, AttributeError):  # pragma: no cover - other Pythons
    MAGIC = 0
    _ENGINE = False

# flags, code, number of groups, group names: what re._compiler.compile gives _sre.compile
Program = tuple[int, tuple[int, ...], int, dict[str, int]]

_remembered: dict[str, Program] = {}  # handed in by the edge: made by an earlier run
_made: dict[str, Program] = {}  # compiled in this process


def remember(programs: Mapping[str, Program]) -> None:
    """Programs made by this same Python in an earlier run."""
    _remembered.update(programs)


def made() -> dict[str, Program]:
    """Programs compiled in this process that were not handed in."""
    return dict(_made)


def known() -> dict[str, Program]:
    """Every program handed in or compiled here: what a later run can use."""
    return {**_remembered, **_made}


def compile_pattern(source: str) -> re.Pattern[str]:
    """`re.compile(source)`, from its program when one was handed in."""
    program = _remembered.get(source)
    if program is not None:
        try:
            return _build(source, program)
        except (TypeError, ValueError, RuntimeError, OverflowError, IndexError):
            del _remembered[source]  # refused by the engine: compile it afresh
    if not _ENGINE:
        return re.compile(source)
    try:
        program = _program(source)
        built = _build(source, program)
    except Exception:  # the private engine changed shape: the public way still works
        return re.compile(source)
    _made[source] = program
    return built


def _program(source: str) -> Program:
    parsed: Any = _parser.parse(source, 0)
    # Opcodes are int subclasses with names: plain ints, so that the program can be kept.
    code = tuple(map(int, _compiler._code(parsed, 0)))
    return (int(parsed.state.flags), code, parsed.state.groups, dict(parsed.state.groupdict))


def _build(source: str, program: Program) -> re.Pattern[str]:
    flags, code, groups, names = program
    by_index: list[str | None] = [None] * groups
    for name, index in names.items():
        by_index[index] = name
    pattern: re.Pattern[str] = _sre.compile(
        source, flags, list(code), groups - 1, names, tuple(by_index)
    )
    return pattern
