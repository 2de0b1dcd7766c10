"""What the CEO hears: the sentences of each section, the spoken script, the tough
questions, the unknowns, the commitments made in the meeting, and the Brief that holds
them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from execbrief.core.story.brief import Brief, compose, document
    from execbrief.core.story.planned_commitments import UPDATE_EVERY, default_commitments

# Where each name lives. A name is imported on first use (PEP 562), so that reading one
# small module of the package does not import all the others (see ARCHITECTURE.md).
_WHERE = {
    "Brief": "brief",
    "compose": "brief",
    "document": "brief",
    "UPDATE_EVERY": "planned_commitments",
    "default_commitments": "planned_commitments",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["UPDATE_EVERY", "Brief", "compose", "default_commitments", "document"]
