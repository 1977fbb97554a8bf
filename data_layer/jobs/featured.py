"""What the public career site shows besides search results: the featured jobs of the home page.

Searching (the job list page, hot jobs) goes through :func:`data_layer.jobs.search.search_jobs`;
whether a job is open is decided by :func:`data_layer.jobs.search.get_job_details` (its
``is_open``), so neither rule gets a second home here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.jobs.search import JobDetails, get_job_details
from data_layer.models import Job


async def featured_jobs(session: AsyncSession, limit: int = 6) -> list[JobDetails]:
    """Open jobs flagged ``featured_job``, newest first (hot ones are shown elsewhere)."""
    candidates = (
        await session.execute(
            select(Job.id)
            .where(Job.featured_job.is_(True), Job.hot_job.is_(False))
            .order_by(Job.posted_date.desc().nulls_last(), Job.id)
            .limit(limit * 3)
        )
    ).scalars()
    found: list[JobDetails] = []
    for job_id in candidates:
        details = await get_job_details(session, job_id)
        if details is not None and details.is_open:
            found.append(details)
            if len(found) == limit:
                break
    return found
