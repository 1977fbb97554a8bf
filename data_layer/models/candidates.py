"""2.2 Candidate Management.

``candidates`` and its child tables (professions, specialties, job types,
preferred states, licenses, resumes) plus the master tables
``candidate_statuses`` and ``candidate_types``.
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase, UUIDBase
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import (
    CreatedAtMixin,
    IntPKBase,
    bool_column,
    enum_column,
    enum_type,
)

if TYPE_CHECKING:
    from data_layer.models.master import Country, Profession, Specialty, State
    from data_layer.models.recruiters import Recruiter
    from data_layer.models.referrals import ReferralSource
    from data_layer.models.users import User

__all__ = [
    "Candidate",
    "CandidateJobType",
    "CandidateJobTypeValue",
    "CandidateLicense",
    "CandidatePreferredState",
    "CandidateProfession",
    "CandidateResume",
    "CandidateSpecialty",
    "CandidateStatus",
    "CandidateType",
    "LicenseStatus",
    "ResumeStatus",
    "VerificationStatus",
]


class CandidateJobTypeValue(enum.StrEnum):
    """Job types a candidate is interested in (LaborEdge's ``jobTypeIds`` spelling)."""

    PERM = "PERM"
    TRAVEL = "TRAVEL"
    PERDIEM = "PERDIEM"
    LOCAL = "LOCAL"


class LicenseStatus(enum.StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    EXPIRED = "expired"


class VerificationStatus(enum.StrEnum):
    VERIFIED = "verified"
    PENDING = "pending"
    FAILED = "failed"


_CASCADE_CHILD: dict[str, Any] = {
    "cascade": "all, delete-orphan",
    "passive_deletes": True,
    "lazy": "raise",
}


class Candidate(UUIDAuditBase):
    __tablename__ = "candidates"
    __table_args__ = (
        Index("ix_candidates_ambassador_true", "ambassador", postgresql_where=text("ambassador")),
        Index(
            "ix_candidates_travel_status_true",
            "travel_status",
            postgresql_where=text("travel_status"),
        ),
    )

    # One candidate profile per user (database-schema.md 4.1).
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    status_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate_statuses.id", ondelete="RESTRICT"), index=True
    )
    referral_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral_sources.id", ondelete="RESTRICT"), index=True
    )
    referring_user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    primary_specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="RESTRICT"), index=True
    )
    years_of_experience: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    available_from: Mapped[datetime.date | None]
    travel_status: Mapped[bool] = bool_column()
    address_line1: Mapped[str | None] = mapped_column(String(255))
    address_line2: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(255))
    state_id: Mapped[int | None] = mapped_column(
        ForeignKey("states.id", ondelete="RESTRICT"), index=True
    )
    zip: Mapped[str | None] = mapped_column(String(20))
    country_id: Mapped[int | None] = mapped_column(
        ForeignKey("countries.id", ondelete="RESTRICT"), index=True
    )
    cell_phone: Mapped[str | None] = mapped_column(String(50))
    home_phone: Mapped[str | None] = mapped_column(String(50))
    send_mass_emails: Mapped[bool] = bool_column()
    send_mass_sms: Mapped[bool] = bool_column()
    recruiter_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("recruiters.id", ondelete="SET NULL"), index=True
    )
    ambassador: Mapped[bool] = bool_column()
    ambassador_url: Mapped[str | None] = mapped_column(String(2048))
    facebook: Mapped[str | None] = mapped_column(String(2048))
    instagram: Mapped[str | None] = mapped_column(String(2048))
    linkedin: Mapped[str | None] = mapped_column(String(2048))
    other_social: Mapped[str | None] = mapped_column(String(2048))
    # LaborEdge's candidate id once the candidate exists in the ATS.
    external_candidate_id: Mapped[str | None] = mapped_column(String(64), unique=True)

    user: Mapped[User] = relationship(
        back_populates="candidate", foreign_keys=[user_id], lazy="raise"
    )
    referring_user: Mapped[User | None] = relationship(
        foreign_keys=[referring_user_id], lazy="raise"
    )
    status: Mapped[CandidateStatus | None] = relationship(lazy="raise")
    referral_source: Mapped[ReferralSource | None] = relationship(lazy="raise")
    primary_specialty: Mapped[Specialty | None] = relationship(lazy="raise")
    state: Mapped[State | None] = relationship(lazy="raise")
    country: Mapped[Country | None] = relationship(lazy="raise")
    recruiter: Mapped[Recruiter | None] = relationship(back_populates="candidates", lazy="raise")
    professions: Mapped[list[CandidateProfession]] = relationship(
        back_populates="candidate", **_CASCADE_CHILD
    )
    specialties: Mapped[list[CandidateSpecialty]] = relationship(
        back_populates="candidate", **_CASCADE_CHILD
    )
    job_types: Mapped[list[CandidateJobType]] = relationship(
        back_populates="candidate", **_CASCADE_CHILD
    )
    preferred_states: Mapped[list[CandidatePreferredState]] = relationship(
        back_populates="candidate", **_CASCADE_CHILD
    )
    licenses: Mapped[list[CandidateLicense]] = relationship(
        back_populates="candidate", **_CASCADE_CHILD
    )
    resumes: Mapped[list[CandidateResume]] = relationship(
        back_populates="candidate", **_CASCADE_CHILD
    )


class CandidateProfession(CreatedAtMixin, UUIDBase):
    __tablename__ = "candidate_professions"
    __table_args__ = (
        UniqueConstraint(
            "candidate_id", "profession_id", name="uq_candidate_professions_candidate_profession"
        ),
    )

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    profession_id: Mapped[int] = mapped_column(
        ForeignKey("professions.id", ondelete="RESTRICT"), index=True
    )
    source_resume_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("candidate_resumes.id", ondelete="CASCADE"), index=True
    )
    """The resume this fact was confirmed from (ours): deleting the resume deletes it."""

    candidate: Mapped[Candidate] = relationship(back_populates="professions", lazy="raise")
    profession: Mapped[Profession] = relationship(lazy="raise")


class CandidateSpecialty(CreatedAtMixin, UUIDBase):
    __tablename__ = "candidate_specialties"
    __table_args__ = (
        UniqueConstraint(
            "candidate_id", "specialty_id", name="uq_candidate_specialties_candidate_specialty"
        ),
    )

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    specialty_id: Mapped[int] = mapped_column(
        ForeignKey("specialties.id", ondelete="RESTRICT"), index=True
    )
    source_resume_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("candidate_resumes.id", ondelete="CASCADE"), index=True
    )
    """The resume this fact was confirmed from (ours): deleting the resume deletes it."""

    candidate: Mapped[Candidate] = relationship(back_populates="specialties", lazy="raise")
    specialty: Mapped[Specialty] = relationship(lazy="raise")


class CandidateJobType(CreatedAtMixin, UUIDBase):
    __tablename__ = "candidate_job_types"
    __table_args__ = (
        UniqueConstraint(
            "candidate_id", "job_type", name="uq_candidate_job_types_candidate_job_type"
        ),
    )

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    job_type: Mapped[CandidateJobTypeValue] = mapped_column(
        enum_type(CandidateJobTypeValue, "candidate_job_type")
    )

    candidate: Mapped[Candidate] = relationship(back_populates="job_types", lazy="raise")


class CandidatePreferredState(CreatedAtMixin, UUIDBase):
    __tablename__ = "candidate_preferred_states"
    __table_args__ = (
        UniqueConstraint(
            "candidate_id", "state_id", name="uq_candidate_preferred_states_candidate_state"
        ),
    )

    candidate_id: Mapped[UUID] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="RESTRICT"), index=True)

    candidate: Mapped[Candidate] = relationship(back_populates="preferred_states", lazy="raise")
    state: Mapped[State] = relationship(lazy="raise")


class CandidateLicense(UUIDAuditBase):
    __tablename__ = "candidate_licenses"

    candidate_id: Mapped[UUID] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    state_id: Mapped[int | None] = mapped_column(
        ForeignKey("states.id", ondelete="RESTRICT"), index=True
    )
    profession_id: Mapped[int | None] = mapped_column(
        ForeignKey("professions.id", ondelete="RESTRICT"), index=True
    )
    license_number: Mapped[str | None] = mapped_column(String(100))
    expiration_date: Mapped[datetime.date | None] = mapped_column(index=True)
    status: Mapped[LicenseStatus] = enum_column(
        LicenseStatus, "license_status", LicenseStatus.PENDING, index=True
    )
    verification_status: Mapped[VerificationStatus] = enum_column(
        VerificationStatus, "verification_status", VerificationStatus.PENDING, index=True
    )
    source_resume_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("candidate_resumes.id", ondelete="CASCADE"), index=True
    )
    """The resume this fact was confirmed from (ours): deleting the resume deletes it."""

    candidate: Mapped[Candidate] = relationship(back_populates="licenses", lazy="raise")
    state: Mapped[State | None] = relationship(lazy="raise")
    profession: Mapped[Profession | None] = relationship(lazy="raise")


class ResumeStatus(enum.StrEnum):
    """Where a resume is in its pipeline (ours: the schema's ``parsed`` flag says only yes/no)."""

    PROCESSING = "processing"
    PARSED = "parsed"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


class CandidateResume(UUIDAuditBase):
    __tablename__ = "candidate_resumes"
    __table_args__ = (
        # Work queue of the resume parser.
        Index("ix_candidate_resumes_unparsed", "created_at", postgresql_where=text("NOT parsed")),
        # One primary resume per candidate.
        Index(
            "uq_candidate_resumes_primary",
            "candidate_id",
            unique=True,
            postgresql_where=text("is_primary"),
        ),
        # Beyond the schema: a visitor may upload in the chat before having an account;
        # the resume then belongs to the conversation until they sign up or sign in.
        CheckConstraint(
            "candidate_id IS NOT NULL OR chat_session_id IS NOT NULL",
            name="ck_candidate_resumes_has_owner",
        ),
    )

    candidate_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    chat_session_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    file_path: Mapped[str] = mapped_column(String(1024))
    file_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    sha256: Mapped[str | None] = mapped_column(String(64))
    parsed: Mapped[bool] = bool_column()
    # Id of the parsed-resume document in MongoDB (database-schema.md 3.1).
    parsed_data_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(
        String(20),
        index=True,
        default=ResumeStatus.PROCESSING.value,
        server_default=ResumeStatus.PROCESSING.value,
    )
    status_message: Mapped[str | None] = mapped_column(String(500))
    is_primary: Mapped[bool] = bool_column()

    candidate: Mapped[Candidate | None] = relationship(back_populates="resumes", lazy="raise")


class CandidateStatus(IntPKBase):
    __tablename__ = "candidate_statuses"

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1024))
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)


class CandidateType(IntPKBase):
    __tablename__ = "candidate_types"

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1024))
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)
