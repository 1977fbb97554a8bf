"""2.3 Job Management: ``jobs``, ``job_required_certifications``, ``job_rates``,
``job_statuses``.

Jobs are mirrored from LaborEdge and upserted by ``external_job_id``. Beyond the
spec, ``jobs`` carries four operational columns used by the sync and search:
``description_text``, ``content_hash``, ``last_synced_at`` and ``closed_at``.
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase, UUIDBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import (
    CreatedAtMixin,
    IntPKBase,
    bool_column,
    counter_column,
    enum_type,
    money,
    trgm_index,
)

if TYPE_CHECKING:
    from data_layer.models.master import Profession, Specialty, State

__all__ = ["DurationType", "Job", "JobRate", "JobRequiredCertification", "JobStatus", "JobType"]


class JobType(enum.StrEnum):
    TRAVEL = "Travel"
    PERM = "Perm"
    PER_DIEM = "Per Diem"
    LOCAL = "Local"


class DurationType(enum.StrEnum):
    DAYS = "DAYS"
    WEEKS = "WEEKS"
    MONTHS = "MONTHS"


class Job(UUIDAuditBase):
    __tablename__ = "jobs"
    __table_args__ = (
        # Job board search: the open (published) jobs by the usual filter combination.
        Index(
            "ix_jobs_board_search",
            "profession_id",
            "specialty_id",
            "client_state_id",
            "job_type",
            postgresql_where=text("display_on_external_job_board"),
        ),
        Index(
            "ix_jobs_board_posted_date",
            "posted_date",
            postgresql_where=text("display_on_external_job_board"),
        ),
        # The job board's default order (hot, featured, newest) over open jobs: broad searches
        # walk this index and stop after one page instead of sorting every match.
        Index(
            "ix_jobs_open_rank",
            literal_column("hot_job").desc(),
            literal_column("featured_job").desc(),
            literal_column("posted_date").desc().nulls_last(),
            "id",
            postgresql_where=text("display_on_external_job_board AND closed_at IS NULL"),
        ),
        Index("ix_jobs_hot_job_posted_date", "posted_date", postgresql_where=text("hot_job")),
        Index(
            "ix_jobs_featured_job_posted_date", "posted_date", postgresql_where=text("featured_job")
        ),
        Index("ix_jobs_asap_posted_date", "posted_date", postgresql_where=text("asap")),
        # The copilot's job metrics read only these columns: this index, not the wide table.
        Index(
            "ix_jobs_copilot_facts",
            "posted_date",
            postgresql_include=[
                "id",
                "display_on_external_job_board",
                "closed_at",
                "hot_job",
                "featured_job",
                "job_type",
                "application_count",
                "profession_id",
                "specialty_id",
                "client_state_id",
                "client_state_code",
            ],
        ),
        trgm_index("ix_jobs_job_title_trgm", "job_title"),
        trgm_index("ix_jobs_title_trgm", "title"),
        trgm_index("ix_jobs_client_city_trgm", "client_city"),
    )

    external_job_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    job_title: Mapped[str | None] = mapped_column(String(500))
    posting_id: Mapped[str | None] = mapped_column(String(100))
    display_on_external_job_board: Mapped[bool] = bool_column()
    description: Mapped[str | None] = mapped_column(Text)
    posted_date: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), index=True
    )
    preferred_certifications: Mapped[str | None] = mapped_column(Text)
    sign_on_bonus: Mapped[Decimal | None] = money()
    no_of_openings: Mapped[int | None] = mapped_column(Integer)
    job_type: Mapped[JobType | None] = mapped_column(enum_type(JobType, "job_type"))
    msa: Mapped[bool] = bool_column()
    start_date: Mapped[datetime.date | None] = mapped_column(index=True)
    end_date: Mapped[datetime.date | None]
    asap: Mapped[bool] = bool_column()
    duration: Mapped[int | None] = mapped_column(Integer)
    duration_type: Mapped[DurationType | None] = mapped_column(
        enum_type(DurationType, "duration_type")
    )
    job_status_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_statuses.id", ondelete="RESTRICT"), index=True
    )
    job_status_code: Mapped[str | None] = mapped_column(String(64), index=True)
    hot_job: Mapped[bool] = bool_column()
    floating_req_units: Mapped[str | None] = mapped_column(Text)
    position_type: Mapped[str | None] = mapped_column(String(255))
    shift_start_time1: Mapped[datetime.time | None]
    shift_end_time1: Mapped[datetime.time | None]
    shift_start_time2: Mapped[datetime.time | None]
    shift_end_time2: Mapped[datetime.time | None]
    shifts_per_week1: Mapped[int | None] = mapped_column(Integer)
    scheduled_hrs1: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    shifts_per_week2: Mapped[int | None] = mapped_column(Integer)
    scheduled_hrs2: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    shift: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(500))
    offering: Mapped[str | None] = mapped_column(String(255))
    sub_offering: Mapped[str | None] = mapped_column(String(255))
    profession_id: Mapped[int | None] = mapped_column(
        ForeignKey("professions.id", ondelete="RESTRICT"), index=True
    )
    specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="RESTRICT"), index=True
    )
    sales_rep_id: Mapped[int | None] = mapped_column(Integer)
    sales_rep_first_name: Mapped[str | None] = mapped_column(String(255))
    sales_rep_last_name: Mapped[str | None] = mapped_column(String(255))
    sales_rep_email: Mapped[str | None] = mapped_column(String(320), index=True)
    staffing_specialist_id: Mapped[int | None] = mapped_column(Integer)
    staffing_specialist_first_name: Mapped[str | None] = mapped_column(String(255))
    staffing_specialist_last_name: Mapped[str | None] = mapped_column(String(255))
    staffing_specialist_email: Mapped[str | None] = mapped_column(String(320), index=True)
    vms_id: Mapped[int | None] = mapped_column(Integer)
    vms: Mapped[str | None] = mapped_column(String(255))
    client_name: Mapped[str | None] = mapped_column(String(255))
    client_website: Mapped[str | None] = mapped_column(String(2048))
    client_primary_division: Mapped[str | None] = mapped_column(String(255))
    client_city: Mapped[str | None] = mapped_column(String(255))
    client_state_id: Mapped[int | None] = mapped_column(
        ForeignKey("states.id", ondelete="RESTRICT"), index=True
    )
    client_state: Mapped[str | None] = mapped_column(String(255))
    client_state_code: Mapped[str | None] = mapped_column(String(16))
    client_zip: Mapped[str | None] = mapped_column(String(20))
    client_country: Mapped[str | None] = mapped_column(String(255))
    weekly_pay: Mapped[Decimal | None] = money(index=True)
    hourly_pay: Mapped[Decimal | None] = money()
    hourly_pay_range: Mapped[str | None] = mapped_column(String(100))
    weekly_pay_range: Mapped[str | None] = mapped_column(String(100))
    featured_job: Mapped[bool] = bool_column()
    position_urgency_id: Mapped[str | None] = mapped_column(String(64))
    position_urgency: Mapped[str | None] = mapped_column(String(255))
    seo_title: Mapped[str | None] = mapped_column(String(255))
    seo_description: Mapped[str | None] = mapped_column(String(1024))
    seo_keywords: Mapped[str | None] = mapped_column(String(1024))
    page_views: Mapped[int] = counter_column()
    application_count: Mapped[int] = counter_column()

    # --- operational columns (not in database-schema.md; see docs/data-model.md)
    description_text: Mapped[str | None] = mapped_column(Text)
    """Plain text of the HTML ``description`` (for embeddings, search and chat)."""
    content_hash: Mapped[str | None] = mapped_column(String(64))
    """Hash of the synced content; unchanged hash = nothing to update or re-embed."""
    last_synced_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), index=True
    )
    """When the sync last saw this job on the LaborEdge board."""
    closed_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    """When the job left the board (filled/closed); NULL while open."""

    job_status: Mapped[JobStatus | None] = relationship(lazy="raise")
    profession: Mapped[Profession | None] = relationship(lazy="raise")
    specialty: Mapped[Specialty | None] = relationship(lazy="raise")
    client_state_ref: Mapped[State | None] = relationship(lazy="raise")
    required_certifications: Mapped[list[JobRequiredCertification]] = relationship(
        back_populates="job", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )
    rates: Mapped[list[JobRate]] = relationship(
        back_populates="job", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class JobRequiredCertification(CreatedAtMixin, UUIDBase):
    __tablename__ = "job_required_certifications"

    job_id: Mapped[UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    certification: Mapped[str] = mapped_column(String(255))
    for_onboarding: Mapped[bool] = bool_column()
    for_submittal: Mapped[bool] = bool_column()

    job: Mapped[Job] = relationship(back_populates="required_certifications", lazy="raise")


class JobRate(CreatedAtMixin, UUIDBase):
    __tablename__ = "job_rates"

    job_id: Mapped[UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    bill_rate_code_id: Mapped[str | None] = mapped_column(String(64))
    bill_rate_code: Mapped[str | None] = mapped_column(String(100))
    rate: Mapped[Decimal | None] = money()

    job: Mapped[Job] = relationship(back_populates="rates", lazy="raise")


class JobStatus(IntPKBase):
    __tablename__ = "job_statuses"

    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str | None] = mapped_column(String(64), index=True)
    description: Mapped[str | None] = mapped_column(String(1024))
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)
