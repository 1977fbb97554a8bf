"""Operational security table (beyond database-schema.md): ``login_attempts``.

One row per password login attempt or account registration, successful or not,
keyed by the e-mail tried and the client's address. :mod:`data_layer.accounts.login_attempts`
counts recent failures per e-mail and per address to slow down password guessing,
and recent registrations per address to slow down mass sign-ups. No foreign key: an
attempt for an e-mail nobody has counts as much as one for a real account, and
the rows are pruned after a day.
"""

from __future__ import annotations

from advanced_alchemy.base import UUIDBase
from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from data_layer.models.base import CreatedAtMixin, bool_column

__all__ = ["LoginAttempt"]


class LoginAttempt(CreatedAtMixin, UUIDBase):
    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_created_at", "email", "created_at"),
        Index("ix_login_attempts_ip_address_created_at", "ip_address", "created_at"),
        Index("ix_login_attempts_created_at", "created_at"),
    )

    email: Mapped[str | None] = mapped_column(String(320))
    """The (normalised) e-mail that was tried."""
    ip_address: Mapped[str | None] = mapped_column(String(45))
    succeeded: Mapped[bool] = bool_column()
    kind: Mapped[str] = mapped_column(String(16), default="login", server_default=text("'login'"))
    """``login`` or ``registration``."""
