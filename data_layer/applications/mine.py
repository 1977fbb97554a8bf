"""A candidate's own applications: listed with their job, one with its history, withdrawn.

Every function takes the candidate's id from the caller's session and filters by it, so an
application of someone else is simply not found (the same answer as one that does not
exist).

Withdrawing: the schema's ``application_status`` enum (database-schema.md 2.4) has no
``withdrawn``; the closest status it sanctions is ``rejected`` (the application is off
the table). A withdrawal is stored as ``rejected`` with a history row whose note is
:data:`WITHDRAWN_NOTE`, written by the candidate's own user, so recruiters' reports keep
working on the schema's statuses and the candidate sees "withdrawn" (read back from that
history row), never "rejected". No migration is needed; a real ``withdrawn`` value would
be a schema change for the agency to decide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal
from uuid import UUID

from sqlalchemy import and_, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusHistory,
    Candidate,
    CandidateJourneyEvent,
    Job,
    Specialty,
)

__all__ = [
    "FINAL_STATUSES",
    "WITHDRAWN",
    "WITHDRAWN_NOTE",
    "HistoryEntry",
    "MyApplication",
    "WithdrawOutcome",
    "application_history",
    "my_applications",
    "withdraw_application",
]

WITHDRAWN: Final = "withdrawn"
"""The status a candidate sees for an application they withdrew (stored as ``rejected``)."""
WITHDRAWN_NOTE: Final = "Withdrawn by the candidate"
"""The note of the history row that makes a ``rejected`` a withdrawal."""
FINAL_STATUSES: Final = frozenset(
    {ApplicationStatus.PLACED.value, ApplicationStatus.REJECTED.value}
)
"""Statuses nothing follows: such an application cannot be withdrawn."""


@dataclass(frozen=True, slots=True)
class MyApplication:
    application_id: UUID
    job_id: UUID
    title: str
    city: str | None
    state: str | None
    specialty: str | None
    job_type: str | None
    status: str
    """The schema's status, or ``withdrawn`` for one the candidate withdrew."""
    applied_at: dt.datetime


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    status: str
    """As :attr:`MyApplication.status`; recruiters' notes are not shown to the candidate."""
    at: dt.datetime


def _withdrawn_row() -> object:
    return exists().where(
        ApplicationStatusHistory.application_id == Application.id,
        ApplicationStatusHistory.status == ApplicationStatus.REJECTED,
        ApplicationStatusHistory.notes == WITHDRAWN_NOTE,
    )


def _shown(status: ApplicationStatus, withdrawn: bool) -> str:
    return WITHDRAWN if withdrawn and status is ApplicationStatus.REJECTED else status.value


async def my_applications(
    session: AsyncSession, candidate_id: UUID, *, application_id: UUID | None = None
) -> list[MyApplication]:
    """``candidate_id``'s applications with their job, newest first (one, with an id)."""
    query = (
        select(
            Application.id,
            Application.job_id,
            Application.status,
            Application.created_at,
            _withdrawn_row().label("withdrawn"),  # type: ignore[attr-defined]
            Job.title,
            Job.job_title,
            Job.client_city,
            Job.client_state_code,
            Job.job_type,
            Specialty.name.label("specialty"),
        )
        .join(Job, Job.id == Application.job_id)
        .outerjoin(Specialty, Specialty.id == Job.specialty_id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.created_at.desc(), Application.id)
    )
    if application_id is not None:
        query = query.where(Application.id == application_id)
    rows = (await session.execute(query)).all()
    return [
        MyApplication(
            application_id=r.id,
            job_id=r.job_id,
            title=r.title or r.job_title or "Job",
            city=r.client_city,
            state=r.client_state_code,
            specialty=r.specialty,
            job_type=_job_type(r.job_type),
            status=_shown(r.status, r.withdrawn),
            applied_at=r.created_at,
        )
        for r in rows
    ]


def _job_type(value: object) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))


async def application_history(
    session: AsyncSession, candidate_id: UUID, application_id: UUID
) -> list[HistoryEntry] | None:
    """The status changes of one of ``candidate_id``'s applications, oldest first; ``None``
    when it is not theirs (or does not exist)."""
    owned = await session.scalar(
        select(Application.id).where(
            Application.id == application_id, Application.candidate_id == candidate_id
        )
    )
    if owned is None:
        return None
    rows = (
        await session.execute(
            select(
                ApplicationStatusHistory.status,
                ApplicationStatusHistory.notes,
                ApplicationStatusHistory.created_at,
            )
            .where(ApplicationStatusHistory.application_id == application_id)
            .order_by(ApplicationStatusHistory.created_at, ApplicationStatusHistory.id)
        )
    ).all()
    return [HistoryEntry(_shown(r.status, r.notes == WITHDRAWN_NOTE), r.created_at) for r in rows]


@dataclass(frozen=True, slots=True)
class WithdrawOutcome:
    status: Literal["withdrawn", "not_found", "final"]
    previous: str | None = None
    """The status it had (for ``final``: why it cannot be withdrawn)."""


async def withdraw_application(
    session: AsyncSession,
    *,
    candidate_id: UUID,
    application_id: UUID,
    acting_user_id: UUID | None,
    source: str,
) -> WithdrawOutcome:
    """Withdraw one of ``candidate_id``'s applications, recording it in the status history.

    Refused (``final``) for a placed, rejected or already withdrawn one. The row is locked
    for the change, so two withdrawals at once write one history row. Does not commit.
    """
    row = (
        await session.execute(
            select(Application.status, _withdrawn_row().label("withdrawn"))  # type: ignore[attr-defined]
            .where(Application.id == application_id, Application.candidate_id == candidate_id)
            .with_for_update(of=Application)
        )
    ).one_or_none()
    if row is None:
        return WithdrawOutcome("not_found")
    previous = _shown(row.status, row.withdrawn)
    if row.status.value in FINAL_STATUSES:
        return WithdrawOutcome("final", previous)
    await session.execute(
        update(Application)
        .where(and_(Application.id == application_id, Application.candidate_id == candidate_id))
        .values(status=ApplicationStatus.REJECTED)
    )
    session.add(
        ApplicationStatusHistory(
            application_id=application_id,
            status=ApplicationStatus.REJECTED,
            notes=WITHDRAWN_NOTE,
            created_by=acting_user_id,
        )
    )
    user_id = await session.scalar(select(Candidate.user_id).where(Candidate.id == candidate_id))
    if user_id is not None:
        session.add(
            CandidateJourneyEvent(
                user_id=user_id,
                event_type="application_withdrawn",
                event_data={
                    "application_id": str(application_id),
                    "previous_status": previous,
                    "source": source,
                },
            )
        )
    await session.flush()
    return WithdrawOutcome("withdrawn", previous)
