"""After the meeting: each promise tracked until kept, reconciled with new versions of the
facts, and the "keep me informed" update.
"""

from execbrief.core.followup.changes import changes
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
