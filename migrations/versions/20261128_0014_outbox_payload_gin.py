"""GIN indexes on outbox_events.payload and content_replan_marks.target.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 02:10:00.000000

database-schema.md section 5 ("GIN indexes on JSONB fields") wants one on every JSONB
column; 0013 created ``outbox_events.payload`` and ``content_replan_marks.target`` without
one.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_events_payload_gin",
        "outbox_events",
        ["payload"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_content_replan_marks_target_gin",
        "content_replan_marks",
        ["target"],
        unique=False,
        postgresql_using="gin",
    )


def downgrade() -> None:
    op.drop_index("ix_content_replan_marks_target_gin", table_name="content_replan_marks")
    op.drop_index("ix_outbox_events_payload_gin", table_name="outbox_events")
