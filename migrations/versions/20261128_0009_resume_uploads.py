"""candidate_resumes: uploads from the chat, pipeline status, primary flag; facts' source.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 10:00:00.000000

BEYOND the spec (see 0004): a visitor may upload a resume in the chat before having an
account, so a resume belongs to a candidate or to a conversation (``chat_session_id``,
adopted when they sign in); ``status``/``status_message`` say where the parse is
(processing, parsed, needs_review, failed) beyond the schema's ``parsed`` flag;
``is_primary`` (one per candidate); ``file_size``/``sha256`` of the stored file.
``source_resume_id`` on candidate_licenses/specialties/professions: a fact confirmed from
a resume goes when the candidate deletes that resume.
"""

from collections.abc import Sequence

import advanced_alchemy
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FACT_TABLES = ("candidate_licenses", "candidate_professions", "candidate_specialties")


def upgrade() -> None:
    op.alter_column("candidate_resumes", "candidate_id", nullable=True)
    op.add_column(
        "candidate_resumes",
        sa.Column("chat_session_id", advanced_alchemy.types.GUID(length=16), nullable=True),
    )
    op.add_column(
        "candidate_resumes",
        sa.Column("file_size", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column("candidate_resumes", sa.Column("sha256", sa.String(length=64), nullable=True))
    op.add_column(
        "candidate_resumes",
        sa.Column("status", sa.String(length=20), server_default="processing", nullable=False),
    )
    op.add_column(
        "candidate_resumes", sa.Column("status_message", sa.String(length=500), nullable=True)
    )
    op.add_column(
        "candidate_resumes",
        sa.Column("is_primary", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.create_foreign_key(
        op.f("fk_candidate_resumes_chat_session_id_chat_sessions"),
        "candidate_resumes",
        "chat_sessions",
        ["chat_session_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_index(
        op.f("ix_candidate_resumes_chat_session_id"), "candidate_resumes", ["chat_session_id"]
    )
    op.create_index(op.f("ix_candidate_resumes_status"), "candidate_resumes", ["status"])
    op.create_index(
        "uq_candidate_resumes_primary",
        "candidate_resumes",
        ["candidate_id"],
        unique=True,
        postgresql_where=sa.text("is_primary"),
    )
    op.create_check_constraint(
        "ck_candidate_resumes_has_owner",
        "candidate_resumes",
        "candidate_id IS NOT NULL OR chat_session_id IS NOT NULL",
    )
    for table in _FACT_TABLES:
        op.add_column(
            table,
            sa.Column("source_resume_id", advanced_alchemy.types.GUID(length=16), nullable=True),
        )
        op.create_foreign_key(
            op.f(f"fk_{table}_source_resume_id_candidate_resumes"),
            table,
            "candidate_resumes",
            ["source_resume_id"],
            ["id"],
            ondelete="CASCADE",
        )
        op.create_index(op.f(f"ix_{table}_source_resume_id"), table, ["source_resume_id"])


def downgrade() -> None:
    for table in _FACT_TABLES:
        op.drop_index(op.f(f"ix_{table}_source_resume_id"), table_name=table)
        op.drop_constraint(
            op.f(f"fk_{table}_source_resume_id_candidate_resumes"), table, type_="foreignkey"
        )
        op.drop_column(table, "source_resume_id")
    op.drop_constraint("ck_candidate_resumes_has_owner", "candidate_resumes", type_="check")
    op.drop_index("uq_candidate_resumes_primary", table_name="candidate_resumes")
    op.drop_index(op.f("ix_candidate_resumes_status"), table_name="candidate_resumes")
    op.drop_index(op.f("ix_candidate_resumes_chat_session_id"), table_name="candidate_resumes")
    op.drop_constraint(
        op.f("fk_candidate_resumes_chat_session_id_chat_sessions"),
        "candidate_resumes",
        type_="foreignkey",
    )
    for column in ("is_primary", "status_message", "status", "sha256", "file_size"):
        op.drop_column("candidate_resumes", column)
    op.drop_column("candidate_resumes", "chat_session_id")
    op.execute("DELETE FROM candidate_resumes WHERE candidate_id IS NULL")
    op.alter_column("candidate_resumes", "candidate_id", nullable=False)
