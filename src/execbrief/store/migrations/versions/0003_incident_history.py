"""history: one row per incident of what `similar` and `report` compare and sum

The cause class, the times and the money of each incident's latest version, so history
never parses saved documents. Existing incidents are filled in from their latest version.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("incident_id", sa.String(200), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("started", sa.DateTime, nullable=False),
        sa.Column("severity", sa.Text),
        sa.Column("service", sa.Text),
        sa.Column("cause_text", sa.Text),
        sa.Column("safeguard_gap", sa.Text),
        sa.Column("cause_class", sa.String(40), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("impact_minutes", sa.Numeric(20, 4)),
        sa.Column("detect_minutes", sa.Numeric(20, 4)),
        sa.Column("restore_minutes", sa.Numeric(20, 4)),
        sa.Column("users_low", sa.BigInteger),
        sa.Column("users_high", sa.BigInteger),
        sa.Column("users_unit", sa.Text),
        sa.Column("revenue_low", sa.Numeric(24, 2)),
        sa.Column("revenue_high", sa.Numeric(24, 2)),
        sa.Column("currency", sa.String(8)),
        sa.Column("credits", sa.Numeric(24, 2)),
        sa.Column("credits_currency", sa.String(8)),
        sa.Column("response_cost", sa.Numeric(24, 2)),
        sa.Column("response_currency", sa.String(8)),
    ]


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def upgrade() -> None:
    from execbrief.store.history_rows import history_row, past_from_facts

    table = op.create_table("incident_history", *_columns())
    op.create_index("ix_incident_history_started", "incident_history", ["started"])
    connection = op.get_bind()
    latest = connection.execute(
        sa.text(
            "SELECT v.incident_id, v.facts, v.saved_at FROM brief_versions v "
            "JOIN incidents i ON i.id = v.incident_id AND i.latest_version = v.number"
        )
    )
    rows = []
    for key, facts, saved_at in latest:
        if isinstance(facts, str):
            import json

            facts = json.loads(facts)
        try:
            past = past_from_facts(key, facts, _moment(saved_at))
        except ValueError:
            # Facts that no longer read as an incident (a hand-edited or very old row) stay
            # out of history; `similar` asks for the file to be saved again.
            continue
        row = history_row(past)
        row["started"] = row["started"].astimezone(UTC).replace(tzinfo=None)
        rows.append(row)
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("ix_incident_history_started", "incident_history")
    op.drop_table("incident_history")
