"""Account tokens, the e-mail outbox and revocable chat tokens.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 20:45:00.000000

BEYOND the spec (see 0004): ``account_tokens`` holds the hashed one-time links that
confirm an address or set a password, ``email_outbox`` the mail waiting for the
Celery task that delivers it, and ``chat_sessions.token_revoked_at`` ends a
conversation's bearer token at logout or a password change. Existing users get
the ``user_roles`` row their ``user_type`` implies, since route guards read roles.
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("user_id", advanced_alchemy.types.GUID(length=16), nullable=True),
        sa.Column(
            "payload",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("expires_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("used_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("id", advanced_alchemy.types.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
    )
    op.create_index("ix_account_tokens_email_purpose", "account_tokens", ["email", "purpose"])
    op.create_index(op.f("ix_account_tokens_user_id"), "account_tokens", ["user_id"])
    op.create_index(
        "ix_account_tokens_payload_gin", "account_tokens", ["payload"], postgresql_using="gin"
    )
    op.create_table(
        "email_outbox",
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column(
            "status", sa.String(length=16), server_default=sa.text("'pending'"), nullable=False
        ),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("send_after", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sent_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=True),
        sa.Column("id", advanced_alchemy.types.GUID(length=16), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
    )
    op.create_index("ix_email_outbox_status_send_after", "email_outbox", ["status", "send_after"])
    op.add_column(
        "chat_sessions",
        sa.Column(
            "token_revoked_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=True
        ),
    )

    # Route guards read roles from user_roles: existing accounts keep what user_type gave them.
    op.execute(
        "INSERT INTO user_roles (id, user_id, role, created_at, updated_at) "
        "SELECT gen_random_uuid(), id, user_type::text, now(), now() FROM users "
        "ON CONFLICT ON CONSTRAINT uq_user_roles_user_id_role DO NOTHING"
    )


def downgrade() -> None:
    op.drop_column("chat_sessions", "token_revoked_at")
    op.drop_index("ix_email_outbox_status_send_after", table_name="email_outbox")
    op.drop_table("email_outbox")
    op.drop_index("ix_account_tokens_payload_gin", table_name="account_tokens")
    op.drop_index(op.f("ix_account_tokens_user_id"), table_name="account_tokens")
    op.drop_index("ix_account_tokens_email_purpose", table_name="account_tokens")
    op.drop_table("account_tokens")
