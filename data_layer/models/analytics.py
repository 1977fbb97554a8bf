"""2.10 Analytics and Tracking: ``page_views``, ``job_views``,
``candidate_journey_events``, ``user_searches``.

Append-only rows: ``created_at`` only, no ORM relationships. Analytics keep
their rows when a user is deleted (``user_id`` SET NULL), except the
per-user journey, which is the user's own data (CASCADE).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDBase
from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from data_layer.models.base import CreatedAtMixin

__all__ = ["CandidateJourneyEvent", "JobView", "PageView", "UserSearch"]


class PageView(CreatedAtMixin, UUIDBase):
    __tablename__ = "page_views"
    __table_args__ = (
        Index("ix_page_views_user_id_created_at", "user_id", "created_at"),
        Index("ix_page_views_created_at", "created_at"),
    )

    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    session_id: Mapped[str | None] = mapped_column(String(128), index=True)
    page_url: Mapped[str] = mapped_column(String(2048))
    referrer_url: Mapped[str | None] = mapped_column(String(2048))
    user_agent: Mapped[str | None] = mapped_column(String)
    ip_address: Mapped[str | None] = mapped_column(String(45))


class JobView(CreatedAtMixin, UUIDBase):
    __tablename__ = "job_views"
    __table_args__ = (Index("ix_job_views_job_id_created_at", "job_id", "created_at"),)

    job_id: Mapped[UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    session_id: Mapped[str | None] = mapped_column(String(128))
    referrer_url: Mapped[str | None] = mapped_column(String(2048))
    referral_code: Mapped[str | None] = mapped_column(String(64))
    recruiter_share_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("recruiter_job_shares.id", ondelete="SET NULL"), index=True
    )


class CandidateJourneyEvent(CreatedAtMixin, UUIDBase):
    __tablename__ = "candidate_journey_events"
    __table_args__ = (
        Index("ix_candidate_journey_events_user_id_created_at", "user_id", "created_at"),
        Index("ix_candidate_journey_events_event_data_gin", "event_data", postgresql_using="gin"),
    )

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(String(100), index=True)
    event_data: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class UserSearch(CreatedAtMixin, UUIDBase):
    __tablename__ = "user_searches"
    __table_args__ = (
        Index("ix_user_searches_user_id_created_at", "user_id", "created_at"),
        Index("ix_user_searches_filters_gin", "filters", postgresql_using="gin"),
    )

    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    session_id: Mapped[str | None] = mapped_column(String(128))
    search_query: Mapped[str | None] = mapped_column(String(1024))
    filters: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    results_count: Mapped[int | None] = mapped_column(Integer)
