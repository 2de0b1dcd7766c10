"""After the meeting: each promise tracked until kept, reconciled with new versions of the
facts, and the "keep me informed" update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# `changes` is also the name of its module: imported at once, so that importing the module
# later cannot hide the function.
from execbrief.core.followup.changes import changes

if TYPE_CHECKING:
    from execbrief.core.followup.commitments import (
        Slip,
        TrackedCommitment,
        due_horizon,
        due_status,
        keep,
    )
    from execbrief.core.followup.tracking import (
        CommitmentChangeError,
        Difference,
        differences,
        incident_key,
        move,
        reconcile,
        wanted,
    )
    from execbrief.core.followup.update import Update, compose_update, update_document

# Where each name lives. A name is imported on first use (PEP 562), so that reading one
# small module of the package does not import all the others (see ARCHITECTURE.md).
_WHERE = {
    "Slip": "commitments",
    "TrackedCommitment": "commitments",
    "due_horizon": "commitments",
    "due_status": "commitments",
    "keep": "commitments",
    "CommitmentChangeError": "tracking",
    "Difference": "tracking",
    "differences": "tracking",
    "incident_key": "tracking",
    "move": "tracking",
    "reconcile": "tracking",
    "wanted": "tracking",
    "Update": "update",
    "compose_update": "update",
    "update_document": "update",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CommitmentChangeError",
    "Difference",
    "Slip",
    "TrackedCommitment",
    "Update",
    "changes",
    "compose_update",
    "differences",
    "due_horizon",
    "due_status",
    "incident_key",
    "keep",
    "move",
    "reconcile",
    "update_document",
    "wanted",
]
