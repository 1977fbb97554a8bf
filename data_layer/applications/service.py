"""Applying to a job: the one home of idempotency, status history, attribution and counters.

The chat tool, the widget's Apply button and the REST API all call
:func:`apply_to_job`. The database enforces one application per candidate and
job (UNIQUE), so a retried or concurrent apply returns the existing row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusHistory,
    Candidate,
    CandidateJourneyEvent,
    Job,
    RecruiterJobShare,
    Referral,
    ReferralStatus,
    User,
)


class JobNotOpen(Exception):
    """The job is closed or not on the board: no new applications."""


@dataclass(frozen=True)
class ApplyResult:
    application_id: UUID
    job_id: UUID
    created: bool
    status: str
    job_title: str


@dataclass(frozen=True)
class ApplicationView:
    application_id: UUID
    job_id: UUID
    job_title: str
    city: str | None
    state: str | None
    status: str
    applied_at: dt.datetime


async def apply_to_job(
    session: AsyncSession,
    *,
    candidate_id: UUID,
    job_id: UUID,
    source: str,
    referral_id: UUID | None = None,
    recruiter_share_id: UUID | None = None,
    acting_user_id: UUID | None = None,
) -> ApplyResult:
    """Create (or return) ``candidate_id``'s application to ``job_id``.

    Attribution: a referral makes its referrer the application's ``referrer_id``
    and, when the candidate is the person it was sent to (same e-mail, any case),
    moves the referral to ``applied``; a recruiter share sets the recruiter and, when it
    is for this job, records the share on the application (``recruiter_share_id``, what
    share-link counts are made of) and counts it on the share. A job hidden from
    the board or closed raises :class:`JobNotOpen`.
    """
    job = (
        await session.execute(
            select(
                Job.id,
                Job.title,
                Job.job_title,
                Job.display_on_external_job_board,
                Job.closed_at,
            ).where(Job.id == job_id)
        )
    ).one_or_none()
    if job is None:
        raise JobNotOpen(str(job_id))
    title = job.title or job.job_title or "this job"
    existing = await _existing(session, candidate_id, job_id)
    if existing is not None:
        return ApplyResult(existing.id, job_id, False, existing.status.value, title)
    if not job.display_on_external_job_board or job.closed_at is not None:
        raise JobNotOpen(str(job_id))

    candidate_user_id, candidate_email = (
        await session.execute(
            select(Candidate.user_id, User.email)
            .join(User, User.id == Candidate.user_id)
            .where(Candidate.id == candidate_id)
        )
    ).one()
    referral = None
    if referral_id is not None:
        referral = await session.get(Referral, referral_id)
        if referral is not None and referral.referrer_id == candidate_user_id:
            referral = None  # nobody earns a bonus for referring themselves
    share = await session.get(RecruiterJobShare, recruiter_share_id) if recruiter_share_id else None
    # The share's own job is what its link brought the person to; an application to another
    # job found in the same conversation keeps the recruiter but is not the link's.
    through_share = share is not None and share.job_id == job_id

    inserted = (
        await session.execute(
            insert(Application)
            .values(
                candidate_id=candidate_id,
                job_id=job_id,
                status=ApplicationStatus.APPLIED,
                source=source,
                referrer_id=referral.referrer_id if referral else None,
                referral_code=referral.referral_code if referral else None,
                recruiter_id=share.recruiter_id if share else None,
                recruiter_share_id=share.id if share is not None and through_share else None,
            )
            .on_conflict_do_nothing(index_elements=["candidate_id", "job_id"])
            .returning(Application.id)
        )
    ).scalar_one_or_none()
    if inserted is None:  # a concurrent apply won the race
        existing = await _existing(session, candidate_id, job_id)
        assert existing is not None
        return ApplyResult(existing.id, job_id, False, existing.status.value, title)

    session.add(
        ApplicationStatusHistory(
            application_id=inserted,
            status=ApplicationStatus.APPLIED,
            notes=f"Applied via {source}",
            created_by=acting_user_id,
        )
    )
    await session.execute(
        update(Job).where(Job.id == job_id).values(application_count=Job.application_count + 1)
    )
    if share is not None and through_share:
        await session.execute(
            update(RecruiterJobShare)
            .where(RecruiterJobShare.id == share.id)
            .values(applications=RecruiterJobShare.applications + 1)
        )
    if referral is not None:
        # The referral itself advances only for the person it was sent to: anyone may
        # use a shared code, and attributing their application is all it earns then.
        await session.execute(
            update(Referral)
            .where(
                Referral.id == referral.id,
                Referral.status.in_([ReferralStatus.SENT, ReferralStatus.REGISTERED]),
                func.lower(func.trim(Referral.referred_email)) == candidate_email.strip().lower(),
            )
            .values(status=ReferralStatus.APPLIED, referred_user_id=candidate_user_id)
        )
    session.add(
        CandidateJourneyEvent(
            user_id=candidate_user_id,
            event_type="application_submitted",
            event_data={"job_id": str(job_id), "application_id": str(inserted), "source": source},
        )
    )
    await session.flush()
    return ApplyResult(inserted, job_id, True, ApplicationStatus.APPLIED.value, title)


async def _existing(session: AsyncSession, candidate_id: UUID, job_id: UUID) -> Application | None:
    return (
        await session.execute(
            select(Application).where(
                Application.candidate_id == candidate_id, Application.job_id == job_id
            )
        )
    ).scalar_one_or_none()


async def list_applications(session: AsyncSession, candidate_id: UUID) -> list[ApplicationView]:
    """The candidate's own applications, newest first."""
    rows = (
        await session.execute(
            select(
                Application.id,
                Application.job_id,
                Application.status,
                Application.created_at,
                Job.title,
                Job.job_title,
                Job.client_city,
                Job.client_state_code,
            )
            .join(Job, Job.id == Application.job_id)
            .where(Application.candidate_id == candidate_id)
            .order_by(Application.created_at.desc())
        )
    ).all()
    return [
        ApplicationView(
            r.id,
            r.job_id,
            r.title or r.job_title or "Job",
            r.client_city,
            r.client_state_code,
            r.status.value,
            r.created_at,
        )
        for r in rows
    ]
