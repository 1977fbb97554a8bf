"""Covering index of resume summary rows' certifications, for matching.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 05:20:00.000000

``find_candidates_for_job`` checks a job's required certifications on each candidate's
summary row (``resume_embeddings.certifications``). Read from the table, every check
fetches a 1.6 kB row holding the vector; at 100,000 resumes that was most of the time
of a search (210 ms, of which 7,000 such row reads; 68 ms from this index, 9 MB).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_resume_embeddings_summary_certifications",
        "resume_embeddings",
        ["candidate_id", "model_name"],
        unique=False,
        postgresql_include=["certifications"],
        postgresql_where=sa.text("part = 'summary'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_resume_embeddings_summary_certifications",
        table_name="resume_embeddings",
        postgresql_where=sa.text("part = 'summary'"),
    )
