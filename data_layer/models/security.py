"""Operational security tables (beyond database-schema.md): ``login_attempts``,
``account_tokens`` and ``email_outbox``.

One row per password login attempt or account registration, successful or not,
keyed by the e-mail tried and the client's address. :mod:`data_layer.accounts.login_attempts`
counts recent failures per e-mail and per address to slow down password guessing,
and recent registrations per address to slow down mass sign-ups. No foreign key: an
attempt for an e-mail nobody has counts as much as one for a real account, and
the rows are pruned after a day.

``account_tokens`` holds the one-time links e-mailed to people (confirm an address,
set or reset a password), hashed like every other bearer token. ``email_outbox``
holds mail written in the same transaction as the change that causes it, so a
rolled-back change sends nothing and a committed one is never lost; a Celery task
delivers it.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from data_layer.models.base import CreatedAtMixin, bool_column, counter_column, utcnow

__all__ = ["AccountToken", "AccountTokenPurpose", "LoginAttempt", "OutboxEmail", "OutboxStatus"]


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


class AccountTokenPurpose(enum.StrEnum):
    VERIFY_EMAIL = "verify_email"
    """Confirms an address; its payload holds the sign-up waiting for it."""
    SET_PASSWORD = "set_password"
    """A new staff account's first password (made by an operator)."""
    RESET_PASSWORD = "reset_password"


class AccountToken(CreatedAtMixin, UUIDBase):
    __tablename__ = "account_tokens"
    __table_args__ = (
        Index("ix_account_tokens_email_purpose", "email", "purpose"),
        Index("ix_account_tokens_payload_gin", "payload", postgresql_using="gin"),
    )

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the token in the link; the token itself is only in the e-mail."""
    purpose: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(320))
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, default=dict, server_default=text("'{}'::jsonb")
    )
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    used_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxEmail(CreatedAtMixin, UUIDBase):
    __tablename__ = "email_outbox"
    __table_args__ = (Index("ix_email_outbox_status_send_after", "status", "send_after"),)

    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    """Emptied once sent: the links in it must not outlive the delivery in the database."""
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(
        String(16), default=OutboxStatus.PENDING, server_default=text("'pending'")
    )
    attempts: Mapped[int] = counter_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    send_after: Mapped[datetime.datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=utcnow
    )
    sent_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
