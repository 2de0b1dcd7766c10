"""One event of a commitment's history in the ledger (see ledger.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Kind = Literal["made", "changed", "slipped", "done", "reopened", "withdrawn", "reminded"]
KINDS: tuple[Kind, ...] = (
    "made",
    "changed",
    "slipped",
    "done",
    "reopened",
    "withdrawn",
    "reminded",
)


@dataclass(frozen=True)
class Event:
    """One thing that happened to commitment `number`, recorded at `at` by `who`."""

    number: int
    kind: Kind
    at: datetime | None
    who: str | None = None
    what: str | None = None  # made
    owner: str | None = None  # made, changed
    source: str | None = None  # made: file or default
    due: date | datetime | None = None  # made: first due; changed: new first due;
    # slipped: the new date; reminded: the date the reminder was about
    old_due: date | datetime | None = None  # slipped: the date it moved from
    reason: str | None = None  # slipped, changed, reopened, withdrawn
    note: str | None = None  # done
    link: str | None = None  # done: evidence
    done_at: datetime | None = None  # done: when it was done (`at` is when it was recorded)
    state: str | None = None  # reminded: which state the owner was told of

    def document(self) -> dict[str, object]:
        """The event as JSON (ISO 8601 times), leaving out what this kind does not use."""
        out: dict[str, object] = {"event": self.kind}
        for key in ("at", "who", "what", "owner", "due", "old_due", "reason", "note", "link"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value.isoformat() if isinstance(value, date) else value
        if self.done_at is not None:
            out["done_at"] = self.done_at.isoformat()
        if self.state is not None:
            out["state"] = self.state
        return out
