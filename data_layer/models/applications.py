"""2.4 Application Management: ``applications``, ``application_status_history``."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase, UUIDBase
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import CreatedAtMixin, enum_column

if TYPE_CHECKING:
    from data_layer.models.candidates import Candidate
    from data_layer.models.jobs import Job
    from data_layer.models.recruiters import Recruiter

__all__ = ["Application", "ApplicationStatus", "ApplicationStatusHistory"]


class ApplicationStatus(enum.StrEnum):
    APPLIED = "applied"
    REVIEWING = "reviewing"
    INTERVIEWING = "interviewing"
    OFFERED = "offered"
    PLACED = "placed"
    REJECTED = "rejected"


class Application(UUIDAuditBase):
    __tablename__ = "applications"
    __table_args__ = (
        # A candidate applies to a job once.
        UniqueConstraint("candidate_id", "job_id", name="uq_applications_candidate_id_job_id"),
        Index("ix_applications_candidate_id_status", "candidate_id", "status"),
        Index("ix_applications_job_id_status", "job_id", "status"),
        # Applications in a period, over everyone's (the copilot's admin questions).
        Index("ix_applications_created_at", "created_at"),
    )

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    # RESTRICT: a job that has applications is never deleted (close it instead).
    job_id: Mapped[UUID] = mapped_column(ForeignKey("jobs.id", ondelete="RESTRICT"))
    status: Mapped[ApplicationStatus] = enum_column(
        ApplicationStatus, "application_status", ApplicationStatus.APPLIED, index=True
    )
    recruiter_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), index=True
    )
    referrer_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    referral_code: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    recruiter_share_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("recruiter_job_shares.id", ondelete="SET NULL"), index=True
    )
    """The share link the candidate applied through (ours, migration 0010): share-link
    applications and placements are counted from these rows."""

    candidate: Mapped[Candidate] = relationship(lazy="raise")
    job: Mapped[Job] = relationship(lazy="raise")
    recruiter: Mapped[Recruiter | None] = relationship(lazy="raise")
    status_history: Mapped[list[ApplicationStatusHistory]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
        order_by="ApplicationStatusHistory.created_at",
    )


class ApplicationStatusHistory(CreatedAtMixin, UUIDBase):
    __tablename__ = "application_status_history"
    __table_args__ = (
        Index(
            "ix_application_status_history_application_id_created_at",
            "application_id",
            "created_at",
        ),
    )

    application_id: Mapped[UUID] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    status: Mapped[ApplicationStatus] = enum_column(
        ApplicationStatus, "application_status", index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    application: Mapped[Application] = relationship(back_populates="status_history", lazy="raise")
