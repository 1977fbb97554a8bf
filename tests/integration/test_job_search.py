"""Semantic job search ranks by meaning, whether it scans exactly or through the HNSW index."""

from __future__ import annotations

from collections.abc import AsyncIterator

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from data_layer.jobs import search as job_search
from data_layer.jobs.filters import JobSearchFilters
from data_layer.jobs.search import search_jobs
from data_layer.models import Job, JobEmbedding, Profession


@pytest.fixture
async def session(seeded_db_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(seeded_db_url)
    async with async_sessionmaker(engine, expire_on_commit=False)() as s:
        yield s
    await engine.dispose()


async def _a_job_and_its_vector(session: AsyncSession) -> tuple[Job, str, np.ndarray]:
    row = (
        await session.execute(
            select(Job, Profession.name, JobEmbedding.embedding)
            .join(JobEmbedding, JobEmbedding.job_id == Job.id)
            .join(Profession, Profession.id == Job.profession_id)
            .where(Job.display_on_external_job_board, Job.closed_at.is_(None))
            .order_by(Job.id)
            .limit(1)
        )
    ).one()
    return row[0], row[1], np.asarray(row[2], dtype=np.float32)


@pytest.mark.parametrize("exact_limit", [job_search.EXACT_SEMANTIC_LIMIT, 0])
async def test_the_job_a_query_describes_comes_first(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch, exact_limit: int
) -> None:
    # exact_limit 0 sends every search through the HNSW index's filtered scan.
    monkeypatch.setattr(job_search, "EXACT_SEMANTIC_LIMIT", exact_limit)
    job, profession, vector = await _a_job_and_its_vector(session)
    result = await search_jobs(
        session,
        JobSearchFilters(profession=profession, query=job.title or job.job_title or "nurse"),
        query_vector=vector,
    )
    assert result.total > 1
    assert result.jobs[0].id == job.id
    assert all(hit.profession == profession for hit in result.jobs)
