"""2.5 Recruiter Management: ``recruiters``, ``recruiter_job_shares``."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase, UUIDBase
from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import CreatedAtMixin, bool_column, counter_column

if TYPE_CHECKING:
    from data_layer.models.candidates import Candidate
    from data_layer.models.jobs import Job
    from data_layer.models.users import User

__all__ = ["Recruiter", "RecruiterJobShare"]


class Recruiter(UUIDAuditBase):
    __tablename__ = "recruiters"
    __table_args__ = (
        Index("ix_recruiters_active_true", "active", postgresql_where=text("active")),
    )

    # Nullable: recruiters mirrored from LaborEdge may not have a login yet.
    # One recruiter profile per user (database-schema.md 4.1).
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    external_recruiter_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    title: Mapped[str | None] = mapped_column(String(255))
    bio: Mapped[str | None] = mapped_column(Text)
    photo_url: Mapped[str | None] = mapped_column(String(2048))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    active: Mapped[bool] = bool_column(default=True)

    user: Mapped[User | None] = relationship(back_populates="recruiter", lazy="raise")
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="recruiter", passive_deletes=True, lazy="raise"
    )
    job_shares: Mapped[list[RecruiterJobShare]] = relationship(
        back_populates="recruiter", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class RecruiterJobShare(CreatedAtMixin, UUIDBase):
    """A recruiter's tracked link to a job; counters are attribution totals."""

    __tablename__ = "recruiter_job_shares"
    __table_args__ = (
        Index("ix_recruiter_job_shares_recruiter_id_job_id", "recruiter_id", "job_id"),
    )

    recruiter_id: Mapped[UUID] = mapped_column(ForeignKey("recruiters.id", ondelete="CASCADE"))
    job_id: Mapped[UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    share_code: Mapped[str] = mapped_column(String(64), unique=True)
    share_url: Mapped[str | None] = mapped_column(String(2048))
    views: Mapped[int] = counter_column()
    applications: Mapped[int] = counter_column()
    placements: Mapped[int] = counter_column()

    recruiter: Mapped[Recruiter] = relationship(back_populates="job_shares", lazy="raise")
    job: Mapped[Job] = relationship(lazy="raise")
