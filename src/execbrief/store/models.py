"""The tables. Change them only together with a new migration in migrations/versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC, the same way in SQLite and PostgreSQL, so that
    comparisons in SQL (what is due before a moment) are plain and indexable."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # ongoing, mitigated, resolved
    zone: Mapped[str] = mapped_column(String(64))
    latest_version: Mapped[int] = mapped_column(Integer)
    # Bumped by every change to the incident or its commitments: the version check.
    row_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BriefVersionRow(Base):
    """One saved brief: append-only, never updated."""

    __tablename__ = "brief_versions"

    incident_id: Mapped[str] = mapped_column(
        String(200), ForeignKey("incidents.id"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    digest: Mapped[str] = mapped_column(String(64))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class CommitmentRow(Base):
    __tablename__ = "commitments"
    __table_args__ = (Index("ix_commitments_state_due_at", "state", "due_at"),)

    incident_id: Mapped[str] = mapped_column(
        String(200), ForeignKey("incidents.id"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))  # open, kept, slipped, withdrawn
    first_due: Mapped[str] = mapped_column(String(40))  # ISO date or time, as promised
    current_due: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())  # current_due as a moment
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)


class SlipRow(Base):
    """Each move of a due date, kept for good: old date, new date, why."""

    __tablename__ = "commitment_slips"
    __table_args__ = (
        ForeignKeyConstraint(
            ["incident_id", "number"], ["commitments.incident_id", "commitments.number"]
        ),
    )

    incident_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    old_due: Mapped[str] = mapped_column(String(40))
    new_due: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())
