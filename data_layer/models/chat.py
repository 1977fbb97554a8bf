"""Operational chat tables (beyond database-schema.md): ``chat_sessions`` and ``chat_handoffs``.

The transcript itself lives in MongoDB (``chat_conversations``, section 3.3).
PostgreSQL keeps what must be transactional with the rest of the data: the
session's bearer credential (hashed), who it belongs to, its attribution
(referral code, recruiter share), the dialogue state the offline engine needs
between turns, and the handoffs to recruiters that their inbox will list.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from data_layer.models.base import counter_column, enum_column, utcnow

__all__ = ["ChatHandoff", "ChatSession", "ChatSessionStatus", "HandoffOutcome", "HandoffStatus"]


class ChatSessionStatus(enum.StrEnum):
    ACTIVE = "active"
    HANDED_OFF = "handed_off"
    CLOSED = "closed"


class HandoffStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class HandoffOutcome(enum.StrEnum):
    """How a recruiter closed a handoff (``chat_handoffs.outcome``, a plain string column)."""

    RESOLVED = "resolved"
    APPLIED = "applied"
    NOT_INTERESTED = "not_interested"
    NO_RESPONSE = "no_response"
    OTHER = "other"


class ChatSession(UUIDAuditBase):
    __tablename__ = "chat_sessions"
    __table_args__ = (
        Index("ix_chat_sessions_user_id_last_activity", "user_id", "last_activity"),
        Index("ix_chat_sessions_state_gin", "state", postgresql_using="gin"),
    )

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the bearer token; the token itself is only ever shown to its holder."""
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[ChatSessionStatus] = enum_column(
        ChatSessionStatus, "chat_session_status", ChatSessionStatus.ACTIVE, index=True
    )
    referral_code: Mapped[str | None] = mapped_column(String(64))
    referral_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL"), index=True
    )
    share_code: Mapped[str | None] = mapped_column(String(64))
    recruiter_share_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("recruiter_job_shares.id", ondelete="SET NULL"), index=True
    )
    page_url: Mapped[str | None] = mapped_column(String(2048))
    referrer: Mapped[str | None] = mapped_column(String(2048))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    turns: Mapped[int] = counter_column()
    state: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, default=dict, server_default=text("'{}'::jsonb")
    )
    """Dialogue state between turns: last filters and results, pending apply, fields asked."""
    last_activity: Mapped[datetime.datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=utcnow
    )
    token_revoked_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    """When the bearer token stopped working (its owner logged out or changed password)."""


class ChatHandoff(UUIDAuditBase):
    __tablename__ = "chat_handoffs"
    __table_args__ = (
        Index(
            "ix_chat_handoffs_open_recruiter",
            "recruiter_id",
            postgresql_where=text("status = 'open'"),
        ),
    )

    chat_session_id: Mapped[UUID] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    recruiter_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[HandoffStatus] = enum_column(
        HandoffStatus, "chat_handoff_status", HandoffStatus.OPEN, index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    assigned_by: Mapped[str] = mapped_column(String(32))
    """Why this recruiter: ``assigned`` (the candidate's own) or ``least_loaded``."""
    transcript_messages: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    first_response_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    """When the recruiter first replied (set once): the handoff response-time metric."""
    outcome: Mapped[str | None] = mapped_column(String(32))
    """Set on close: one of :class:`HandoffOutcome`."""
    recruiter_replies: Mapped[int] = counter_column()
