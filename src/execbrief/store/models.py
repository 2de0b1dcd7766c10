"""The tables. Change them only together with a new migration in migrations/versions.

Plain SQLAlchemy Core tables (no ORM): the store reads and writes rows, and leaving the
ORM out keeps `execbrief due` quick to start.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
)


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


metadata = MetaData()

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text, nullable=False),
    Column("state", String(16), nullable=False),  # ongoing, mitigated, resolved
    Column("zone", String(64), nullable=False),
    Column("latest_version", Integer, nullable=False),
    # Bumped by every change to the incident or its commitments: the version check.
    Column("row_version", Integer, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

# One saved brief per row: append-only, never updated.
versions = Table(
    "brief_versions",
    metadata,
    Column("incident_id", String(200), ForeignKey("incidents.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("saved_at", UTCDateTime(), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("facts", JSON, nullable=False),
    Column("document", JSON, nullable=False),
    Column("saved_by", Text),  # the login name, or the web user, who saved it
    Column("source", Text),  # the text the web editor saved (None: saved from a file)
)

# What the quick `due` query reads of each commitment. Every column but the key, what,
# owner and source is derived: the store rewrites the row from the commitment's events in
# the same transaction that appends them (ledger_rows.write_commitments), never on its own.
commitments = Table(
    "commitments",
    metadata,
    Column("incident_id", String(200), ForeignKey("incidents.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("what", Text, nullable=False),
    Column("owner", Text),
    Column("source", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # open, kept, slipped, withdrawn
    Column("current_due", String(40), nullable=False),  # ISO date or time
    Column("due_at", UTCDateTime(), nullable=False),  # current_due as a moment
    Index("ix_commitments_state_due_at", "state", "due_at"),
)

# The ledger: every event of every commitment, append-only (never updated or deleted).
# `seq` orders an incident's events; the columns an event's kind does not use are null.
events = Table(
    "commitment_events",
    metadata,
    Column("incident_id", String(200), ForeignKey("incidents.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("number", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("at", UTCDateTime()),
    Column("who", Text),
    Column("what", Text),
    Column("owner", Text),
    Column("source", String(16)),
    Column("due", String(40)),
    Column("old_due", String(40)),
    Column("reason", Text),
    Column("note", Text),
    Column("link", Text),
    Column("done_at", UTCDateTime()),
    Column("state", String(64)),
)

# An event's details: the columns its kind may leave null (bulk loaders fill them with None).
EVENT_DETAILS = tuple(
    c.name for c in events.columns if c.name not in ("incident_id", "seq", "number", "kind", "at")
)

# What history reads of each incident (core.history.PastIncident), one row per incident,
# rewritten from the latest version's facts in the same transaction that saves it, so
# `similar` and `report` never parse the saved documents.
history = Table(
    "incident_history",
    metadata,
    Column("incident_id", String(200), ForeignKey("incidents.id"), primary_key=True),
    Column("title", Text, nullable=False),
    Column("started", UTCDateTime(), nullable=False),
    Column("severity", Text),
    Column("service", Text),
    Column("cause_text", Text),
    Column("safeguard_gap", Text),
    Column("cause_class", String(40), nullable=False),
    Column("evidence", Text, nullable=False),  # the class's evidence words, comma-separated
    Column("impact_minutes", Numeric(20, 4)),
    Column("detect_minutes", Numeric(20, 4)),
    Column("restore_minutes", Numeric(20, 4)),
    Column("users_low", BigInteger),
    Column("users_high", BigInteger),
    Column("users_unit", Text),
    Column("revenue_low", Numeric(24, 2)),
    Column("revenue_high", Numeric(24, 2)),
    Column("currency", String(8)),
    Column("credits", Numeric(24, 2)),
    Column("credits_currency", String(8)),
    Column("response_cost", Numeric(24, 2)),
    Column("response_currency", String(8)),
    Index("ix_incident_history_started", "started"),
)


# The web workspace (execbrief serve): accounts, sessions, login throttling and the CEO's
# share links. Everything a server process knows lives here, so that several processes
# on one database serve one team.
users = Table(
    "users",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("password_hash", Text, nullable=False),  # argon2, with its own salt
    Column("role", String(16), nullable=False),  # editor, viewer
    Column("created_at", UTCDateTime(), nullable=False),
)

# A session is known by the sha256 of its cookie: a copy of the table opens no session.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(200), ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Index("ix_web_sessions_expires_at", "expires_at"),
)

# One row per failed login, by user name and client address, for throttling.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_name", String(200), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Index("ix_login_failures_user_at", "user_name", "at"),
    Index("ix_login_failures_address_at", "address", "at"),
)

# A read-only link to the CEO's handout. Only the sha256 of the link's token is kept.
shares = Table(
    "shares",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("incident_id", String(200), ForeignKey("incidents.id"), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime()),
    Index("ix_shares_incident_id", "incident_id"),
)

# Each time a share link was opened, and which version of the brief it showed.
share_views = Table(
    "share_views",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("share_id", String(32), ForeignKey("shares.id"), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_share_views_share_id", "share_id"),
)
