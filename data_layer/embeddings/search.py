"""Nearest-neighbour searches through the HNSW indexes (``ORDER BY embedding <=> :q``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple
from uuid import UUID

import numpy as np
from sqlalchemy import select, text

from data_layer.embeddings.vectors import Executor, as_vector
from data_layer.models import metadata
from data_layer.models.jobs import JobType

__all__ = ["CandidateMatch", "JobMatch", "nearest_candidates", "nearest_jobs"]

_TABLES: Final = metadata.tables


class JobMatch(NamedTuple):
    job_id: UUID
    distance: float
    """Cosine distance (0 = same direction, 2 = opposite)."""


class CandidateMatch(NamedTuple):
    candidate_id: UUID
    resume_id: UUID | None
    distance: float


async def _hnsw_settings(db: Executor, limit: int) -> None:
    """Per-transaction HNSW options: keep scanning the graph until ``limit`` rows pass filters.

    pgvector >= 0.8 knows ``hnsw.iterative_scan``; older versions treat it as a
    harmless placeholder setting.
    """
    await db.execute(
        text(
            "SELECT set_config('hnsw.iterative_scan', 'strict_order', true), "
            "set_config('hnsw.ef_search', :ef, true)"
        ),
        {"ef": str(min(max(40, limit * 2), 1000))},
    )


async def nearest_jobs(
    db: Executor,
    query_vector: Sequence[float] | np.ndarray,
    limit: int = 10,
    *,
    model_name: str | None = None,
    open_only: bool = True,
    profession_id: int | None = None,
    specialty_id: int | None = None,
    state_id: int | None = None,
    job_type: JobType | str | None = None,
    exclude_job_ids: Sequence[UUID] = (),
    max_distance: float | None = None,
) -> list[JobMatch]:
    """The ``limit`` jobs nearest to ``query_vector`` by cosine distance, nearest first.

    Runs ``ORDER BY embedding <=> :q LIMIT :limit`` over ``job_embeddings`` (the
    HNSW index) joined to ``jobs`` for the filters; ``open_only`` keeps jobs on
    the board (displayed and not closed). Sets ``hnsw.iterative_scan`` for the
    current transaction so filters do not starve the result.
    """
    vector = as_vector(query_vector)
    emb = _TABLES["job_embeddings"]
    jobs = _TABLES["jobs"]
    distance = emb.c.embedding.cosine_distance(vector)
    conditions = []
    if model_name is not None:
        conditions.append(emb.c.model_name == model_name)
    if open_only:
        conditions.append(jobs.c.display_on_external_job_board.is_(True))
        conditions.append(jobs.c.closed_at.is_(None))
    if profession_id is not None:
        conditions.append(jobs.c.profession_id == profession_id)
    if specialty_id is not None:
        conditions.append(jobs.c.specialty_id == specialty_id)
    if state_id is not None:
        conditions.append(jobs.c.client_state_id == state_id)
    if job_type is not None:
        conditions.append(jobs.c.job_type == JobType(job_type))
    if exclude_job_ids:
        conditions.append(emb.c.job_id.not_in(list(exclude_job_ids)))
    if max_distance is not None:
        conditions.append(distance <= max_distance)
    stmt = (
        select(emb.c.job_id, distance.label("distance"))
        .select_from(emb.join(jobs, jobs.c.id == emb.c.job_id))
        .where(*conditions)
        .order_by(distance)
        .limit(limit)
    )
    await _hnsw_settings(db, limit)
    result = await db.execute(stmt)
    return [JobMatch(row.job_id, float(row.distance)) for row in result]


async def nearest_candidates(
    db: Executor,
    query_vector: Sequence[float] | np.ndarray,
    limit: int = 10,
    *,
    model_name: str | None = None,
    exclude_candidate_ids: Sequence[UUID] = (),
    max_distance: float | None = None,
) -> list[CandidateMatch]:
    """The ``limit`` candidates whose resume embeddings are nearest, one row per candidate.

    The HNSW index yields the nearest resume rows (a few per requested
    candidate); each candidate keeps its best resume.
    """
    vector = as_vector(query_vector)
    res = _TABLES["resume_embeddings"]
    distance = res.c.embedding.cosine_distance(vector)
    conditions = []
    if model_name is not None:
        conditions.append(res.c.model_name == model_name)
    if exclude_candidate_ids:
        conditions.append(res.c.candidate_id.not_in(list(exclude_candidate_ids)))
    if max_distance is not None:
        conditions.append(distance <= max_distance)
    nearest = (
        select(res.c.candidate_id, res.c.resume_id, distance.label("distance"))
        .where(*conditions)
        .order_by(distance)
        .limit(limit * 4)
        .subquery("nearest")
    )
    best = (
        select(nearest.c.candidate_id, nearest.c.resume_id, nearest.c.distance)
        .distinct(nearest.c.candidate_id)
        .order_by(nearest.c.candidate_id, nearest.c.distance)
        .subquery("best")
    )
    stmt = (
        select(best.c.candidate_id, best.c.resume_id, best.c.distance)
        .order_by(best.c.distance, best.c.candidate_id)
        .limit(limit)
    )
    await _hnsw_settings(db, limit * 4)
    result = await db.execute(stmt)
    return [CandidateMatch(row.candidate_id, row.resume_id, float(row.distance)) for row in result]
