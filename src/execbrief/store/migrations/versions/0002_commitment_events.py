"""the ledger: an append-only history of each commitment

Each commitment's history becomes rows of `commitment_events` (made, changed, slipped,
done, reopened, withdrawn, reminded); what a commitment is now is replayed from them.
Existing rows are carried over: a "made" event at the incident's first saved version, a
"slipped" event for each recorded move, a "done" event for a kept one and a "withdrawn"
event for a withdrawn one. The moves table and the columns now told by events go; the
`commitments` row keeps what the quick `due` query reads (state, current_due, due_at),
rewritten from the events in the same transaction as every new event.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

events = sa.table(
    "commitment_events",
    sa.column("incident_id", sa.String),
    sa.column("seq", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("at", sa.DateTime),
    sa.column("who", sa.Text),
    sa.column("what", sa.Text),
    sa.column("owner", sa.Text),
    sa.column("source", sa.String),
    sa.column("due", sa.String),
    sa.column("old_due", sa.String),
    sa.column("reason", sa.Text),
    sa.column("note", sa.Text),
    sa.column("link", sa.Text),
    sa.column("done_at", sa.DateTime),
    sa.column("state", sa.String),
)


def _moment(value: Any) -> datetime | None:
    """A stored time: SQLite hands raw SQL's times back as text, PostgreSQL as datetimes."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _events_from_rows(connection: sa.Connection) -> list[dict[str, Any]]:
    first_saved = {
        r[0]: _moment(r[1])
        for r in connection.execute(
            sa.text("SELECT incident_id, MIN(saved_at) FROM brief_versions GROUP BY incident_id")
        )
    }
    moves: dict[tuple[str, int], list[Any]] = {}
    for s in connection.execute(
        sa.text(
            "SELECT incident_id, number, old_due, new_due, reason, at FROM commitment_slips "
            "ORDER BY incident_id, number, seq"
        )
    ):
        moves.setdefault((s.incident_id, s.number), []).append(s)
    rows: list[dict[str, Any]] = []
    seq: dict[str, int] = {}

    def add(incident_id: str, **values: Any) -> None:
        seq[incident_id] = seq.get(incident_id, 0) + 1
        empty = dict.fromkeys(
            (
                "who",
                "what",
                "owner",
                "source",
                "due",
                "old_due",
                "reason",
                "note",
                "link",
                "done_at",
                "state",
            ),
        )
        rows.append(empty | {"incident_id": incident_id, "seq": seq[incident_id]} | values)

    for c in connection.execute(
        sa.text(
            "SELECT incident_id, number, what, owner, source, state, first_due, done_at, note "
            "FROM commitments ORDER BY incident_id, number"
        )
    ):
        made = first_saved.get(c.incident_id) or datetime.now(UTC).replace(tzinfo=None)
        add(
            c.incident_id,
            number=c.number,
            kind="made",
            at=made,
            what=c.what,
            owner=c.owner,
            source=c.source,
            due=c.first_due,
            who="migration 0002",
        )
        for s in moves.get((c.incident_id, c.number), []):
            add(
                c.incident_id,
                number=c.number,
                kind="slipped",
                at=_moment(s.at) or made,
                due=s.new_due,
                old_due=s.old_due,
                reason=s.reason,
                who="migration 0002",
            )
        if c.state == "kept":
            add(
                c.incident_id,
                number=c.number,
                kind="done",
                at=_moment(c.done_at) or made,
                done_at=_moment(c.done_at) or made,
                note=c.note,
                who="migration 0002",
            )
        elif c.state == "withdrawn":
            add(
                c.incident_id,
                number=c.number,
                kind="withdrawn",
                at=made,
                reason="no longer needed",
                who="migration 0002",
            )
    return rows


def upgrade() -> None:
    op.create_table(
        "commitment_events",
        sa.Column("incident_id", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=True),
        sa.Column("who", sa.Text(), nullable=True),
        sa.Column("what", sa.Text(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=True),
        sa.Column("due", sa.String(length=40), nullable=True),
        sa.Column("old_due", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.PrimaryKeyConstraint("incident_id", "seq"),
    )
    connection = op.get_bind()
    rows = _events_from_rows(connection)
    if rows:
        op.bulk_insert(events, rows)
    op.drop_table("commitment_slips")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_column("first_due")
        batch_op.drop_column("done_at")
        batch_op.drop_column("note")


def downgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_due", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("done_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
    connection = op.get_bind()
    history = connection.execute(
        sa.text(
            "SELECT incident_id, number, kind, at, due, old_due, reason, note, done_at "
            "FROM commitment_events ORDER BY incident_id, seq"
        )
    ).all()
    for e in history:
        key = {"i": e.incident_id, "n": e.number}
        if e.kind == "made" or (e.kind == "changed" and e.due is not None):
            connection.execute(
                sa.text(
                    "UPDATE commitments SET first_due = :d WHERE incident_id = :i AND number = :n"
                ),
                key | {"d": e.due},
            )
        elif e.kind == "done":
            connection.execute(
                sa.text(
                    "UPDATE commitments SET done_at = :d, note = :note "
                    "WHERE incident_id = :i AND number = :n"
                ),
                key | {"d": e.done_at or e.at, "note": e.note},
            )
    # SQLite rebuilds the table to change a column: before any table refers to it.
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.alter_column("first_due", existing_type=sa.String(length=40), nullable=False)
    op.create_table(
        "commitment_slips",
        sa.Column("incident_id", sa.String(length=200), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("old_due", sa.String(length=40), nullable=False),
        sa.Column("new_due", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id", "number"], ["commitments.incident_id", "commitments.number"]
        ),
        sa.PrimaryKeyConstraint("incident_id", "number", "seq"),
    )
    moved: dict[tuple[str, int], int] = {}
    for e in history:
        if e.kind != "slipped":
            continue
        moved[(e.incident_id, e.number)] = moved.get((e.incident_id, e.number), 0) + 1
        connection.execute(
            sa.text("INSERT INTO commitment_slips VALUES (:i, :n, :s, :old, :new, :why, :at)"),
            {
                "i": e.incident_id,
                "n": e.number,
                "s": moved[(e.incident_id, e.number)],
                "old": e.old_due,
                "new": e.due,
                "why": e.reason or "",
                "at": e.at,
            },
        )
    op.drop_table("commitment_events")
