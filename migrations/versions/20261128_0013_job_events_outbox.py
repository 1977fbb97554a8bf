"""Change data capture: the job events outbox, consumer positions, content re-plan marks.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 18:00:00.000000

BEYOND the spec (database-schema.md 6.2 "change data capture"): the sync writes one
``outbox_events`` row per job it opened, changed or closed, in the transaction of that
change; consumer groups read them in ``(txid, id)`` order after the position kept in
``outbox_consumers``; the content consumer leaves ``content_replan_marks`` for the planner.
See README "Change data capture" for why an outbox and not logical decoding.
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = advanced_alchemy.types.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
    )
    op.create_index("ix_outbox_events_topic_txid_id", "outbox_events", ["topic", "txid", "id"])
    op.create_index("ix_outbox_events_created_at", "outbox_events", ["created_at"])
    op.create_table(
        "outbox_consumers",
        sa.Column("group_name", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("last_txid", sa.BigInteger(), nullable=False),
        sa.Column("last_id", sa.BigInteger(), nullable=False),
        sa.Column("consumed", sa.BigInteger(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("group_name", name=op.f("pk_outbox_consumers")),
    )
    op.create_table(
        "content_replan_marks",
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("reference_id", sa.String(length=64), nullable=False),
        sa.Column("target", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("marked_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint(
            "content_type", "reference_id", name=op.f("pk_content_replan_marks")
        ),
    )


def downgrade() -> None:
    op.drop_table("content_replan_marks")
    op.drop_table("outbox_consumers")
    op.drop_index("ix_outbox_events_created_at", table_name="outbox_events")
    op.drop_index("ix_outbox_events_topic_txid_id", table_name="outbox_events")
    op.drop_table("outbox_events")
