"""Shared fixtures: small incidents built from dicts, the way a file would give them."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from execbrief.core.incident.model import Incident
from execbrief.core.incident.validation import read_incident

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "execbrief" / "examples"

BASE: dict[str, Any] = {
    "title": "Checkout payments failing",
    "service": "Checkout and payments",
    "audience": {"name": "Dana Whitfield", "timezone": "America/New_York"},
    "timeline": {
        "started": "2026-11-20T14:02:00Z",
        "detected": "2026-11-20T14:05:00Z",
        "mitigated": "2026-11-20T14:49:00Z",
        "resolved": "2026-11-20T16:30:00Z",
    },
}

# The keys every obligation has in the brief's JSON (SPEC section 2).
OBLIGATION_KEYS = frozenset(
    ("regime", "trigger", "clock_started", "deadline", "recipient", "source", "status")
)

NOW = datetime.fromisoformat("2026-11-20T17:30:00+00:00")


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `changes` into a copy of `base`; a value of None removes the key."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def incident(**changes: Any) -> Incident:
    return read_incident(merge(BASE, changes))


@pytest.fixture
def make_incident():
    return incident


# Storage tests run on SQLite and on PostgreSQL (issue 6): the `db_url` fixture.
from followup_support import db_url  # noqa: E402, F401
