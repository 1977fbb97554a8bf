"""Analytics rows in PostgreSQL: searches, job views, page views, journey events."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    CandidateJourneyEvent,
    Job,
    JobView,
    PageView,
    RecruiterJobShare,
    UserSearch,
)


async def record_search(
    session: AsyncSession,
    *,
    user_id: UUID | None,
    session_id: str,
    search_query: str | None,
    filters: dict[str, Any],
    results_count: int,
) -> UUID:
    """Store one search; returns its id (the conversation's ``metadata.job_searches``)."""
    return (
        await session.execute(
            insert(UserSearch)
            .values(
                user_id=user_id,
                session_id=session_id,
                search_query=(search_query or "")[:1024] or None,
                filters=filters,
                results_count=results_count,
            )
            .returning(UserSearch.id)
        )
    ).scalar_one()


async def record_job_view(
    session: AsyncSession,
    *,
    job_id: UUID,
    user_id: UUID | None,
    session_id: str,
    referrer_url: str | None,
    referral_code: str | None,
    recruiter_share_id: UUID | None,
    share_job_id: UUID | None,
) -> None:
    """A job was looked at: the view row, the job's counter and the share's counter."""
    await session.execute(
        insert(JobView).values(
            job_id=job_id,
            user_id=user_id,
            session_id=session_id,
            referrer_url=referrer_url,
            referral_code=referral_code,
            recruiter_share_id=recruiter_share_id,
        )
    )
    await session.execute(update(Job).where(Job.id == job_id).values(page_views=Job.page_views + 1))
    if recruiter_share_id is not None and share_job_id == job_id:
        await session.execute(
            update(RecruiterJobShare)
            .where(RecruiterJobShare.id == recruiter_share_id)
            .values(views=RecruiterJobShare.views + 1)
        )


async def record_page_view(
    session: AsyncSession,
    *,
    user_id: UUID | None,
    session_id: str,
    page_url: str,
    referrer_url: str | None,
    user_agent: str | None,
    ip_address: str | None,
) -> None:
    await session.execute(
        insert(PageView).values(
            user_id=user_id,
            session_id=session_id,
            page_url=page_url[:2048],
            referrer_url=(referrer_url or None) and referrer_url[:2048],
            user_agent=user_agent,
            ip_address=ip_address,
        )
    )


async def record_journey_event(
    session: AsyncSession, *, user_id: UUID, event_type: str, data: dict[str, Any]
) -> None:
    await session.execute(
        insert(CandidateJourneyEvent).values(
            user_id=user_id, event_type=event_type, event_data=data
        )
    )
