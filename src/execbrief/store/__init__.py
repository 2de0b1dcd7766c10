"""Where briefs, commitments and their history are kept: SQLite or PostgreSQL.

The store only persists. What is due, what slipped and what an update says are decided
in execbrief.core; the store reads and writes rows in transactions, with a version check
so that two writers never lose each other's change.
"""

from execbrief.store.database import database_url
from execbrief.store.opening import open_store

__all__ = ["database_url", "open_store"]
