"""resume_embeddings: several vectors per resume, and the resume's certifications.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 09:00:00.000000

BEYOND the spec (see 0004): all-MiniLM-L6-v2 reads at most 256 word pieces, so a
resume is embedded as a structured summary plus one text per experience entry;
``part`` names which (``summary`` for every existing row, or ``experience:N``).
``certifications`` (summary rows: name -> ISO expiry or null) lets candidate matching
check a job's required certifications in the same SQL as the vector search, since
no candidate table holds certifications.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "resume_embeddings",
        sa.Column(
            "part", sa.String(length=32), server_default=sa.text("'summary'"), nullable=False
        ),
    )
    op.add_column(
        "resume_embeddings",
        sa.Column("certifications", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.create_index(
        "ix_resume_embeddings_certifications_gin",
        "resume_embeddings",
        ["certifications"],
        unique=False,
        postgresql_using="gin",
    )


def downgrade() -> None:
    op.drop_index(
        "ix_resume_embeddings_certifications_gin",
        table_name="resume_embeddings",
        postgresql_using="gin",
    )
    op.drop_column("resume_embeddings", "certifications")
    op.drop_column("resume_embeddings", "part")
