"""Candidates for a job, as a copilot table: matching ranks, the copilot views describe."""

from __future__ import annotations

import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from data_layer.recruiting.metrics.query import MetricResult
from data_layer.recruiting.scope import RecruiterScope

__all__ = ["find_candidates"]


async def find_candidates(
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    scope: RecruiterScope,
    job_id: UUID,
    *,
    limit: int,
    timeout_ms: int,
    today: datetime.date,
) -> MetricResult:
    """The asker's candidates who qualify for ``job_id``, best first, with why.

    Raises :class:`LookupError` when the job does not exist or has no embedding yet.
    """
    raise NotImplementedError("being written (issue 13, H-METRICS)")
