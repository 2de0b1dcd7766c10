"""web workspace: users, sessions, login failures, share links and their views

`execbrief serve` keeps all it knows in the store, so several server processes on one
database serve one team. Each saved version also records who saved it and, when the web
editor saved it, the text as written.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("brief_versions") as batch:
        batch.add_column(sa.Column("saved_by", sa.Text))
        batch.add_column(sa.Column("source", sa.Text))
    op.create_table(
        "users",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_name",
            sa.String(200),
            sa.ForeignKey("users.name", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_web_sessions_expires_at", "web_sessions", ["expires_at"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_failures_user_at", "login_failures", ["user_name", "at"])
    op.create_index("ix_login_failures_address_at", "login_failures", ["address", "at"])
    op.create_table(
        "shares",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("incident_id", sa.String(200), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_index("ix_shares_incident_id", "shares", ["incident_id"])
    op.create_table(
        "share_views",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("share_id", sa.String(32), sa.ForeignKey("shares.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_share_views_share_id", "share_views", ["share_id"])


def downgrade() -> None:
    op.drop_index("ix_share_views_share_id", "share_views")
    op.drop_table("share_views")
    op.drop_index("ix_shares_incident_id", "shares")
    op.drop_table("shares")
    op.drop_index("ix_login_failures_address_at", "login_failures")
    op.drop_index("ix_login_failures_user_at", "login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_web_sessions_expires_at", "web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("users")
    with op.batch_alter_table("brief_versions") as batch:
        batch.drop_column("source")
        batch.drop_column("saved_by")
