"""Operational security table: login_attempts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:30:00.000000

BEYOND the spec; it serves candidate accounts (issue 5): one row per password
login attempt (e-mail tried, client address, succeeded or not).
data_layer.accounts.login_attempts counts recent failures per e-mail and per address to
block password guessing (429 with Retry-After) and prunes rows older than a
day. No foreign keys: attempts on unknown e-mails count too.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("succeeded", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_created_at", "login_attempts", ["created_at"], unique=False)
    op.create_index(
        "ix_login_attempts_email_created_at",
        "login_attempts",
        ["email", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_login_attempts_ip_address_created_at",
        "login_attempts",
        ["ip_address", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_login_attempts_ip_address_created_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_email_created_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_created_at", table_name="login_attempts")
    op.drop_table("login_attempts")
