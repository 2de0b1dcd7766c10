"""Opening the store: the database named by --db or the environment, brought to the
newest schema before anyone reads it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from execbrief.store.database import (
    HEAD_REVISION,
    current_revision,
    database_url,
    guarded,
    make_engine,
    migrate,
)

if TYPE_CHECKING:
    from execbrief.store.repository import Store


def open_store(db: str | None) -> Store:
    """The store for --db, migrated to the newest schema."""
    from execbrief.store.repository import Store  # SQLAlchemy: only for commands that use it

    url = database_url(db)
    with guarded(url):
        engine = make_engine(url)
        if current_revision(engine) != HEAD_REVISION:
            migrate(engine)
    return Store(engine, url)
