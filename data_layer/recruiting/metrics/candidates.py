"""Candidates for a job, as a copilot table.

The ranking is :func:`data_layer.resumes.matching.find_candidates_for_job` (hard filters,
then vector similarity), which already limits a recruiter to their own candidates. The
names and facts shown come from the ``copilot.`` views in the asker's scope, so row-level
security checks the same rule a second time: a candidate the views do not show is dropped.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Final
from uuid import UUID

from sqlalchemy import Uuid, bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from data_layer.recruiting.metrics.compile import literal_sql
from data_layer.recruiting.metrics.plans import view
from data_layer.recruiting.metrics.query import MetricResult
from data_layer.recruiting.metrics.run import json_value
from data_layer.recruiting.scope import RecruiterScope, admin_scope_of, scoped_read
from data_layer.resumes.matching import CandidateMatch, Viewer, find_candidates_for_job

__all__ = ["CANDIDATES_FOR_JOB", "CANDIDATES_FOR_JOB_MEANING", "find_candidates"]

CANDIDATES_FOR_JOB: Final = "candidates_for_job"
CANDIDATES_FOR_JOB_MEANING: Final = (
    "Candidates who qualify for the job (its profession; a license valid today in its state, "
    "or a multistate compact license; every certification it requires, unexpired), ranked by "
    "how closely their resume matches the job"
)
COLUMNS: Final = [
    "candidate",
    "specialty",
    "home state",
    "years",
    "match",
    "license",
    "certifications",
]


def _viewer(scope: RecruiterScope) -> Viewer:
    roles = frozenset({"admin"}) if scope.is_admin else frozenset({"recruiter"})
    return Viewer(user_id=scope.user_id, roles=roles, recruiter_id=scope.recruiter_id)


async def _matches(
    session_factory: async_sessionmaker[AsyncSession],
    scope: RecruiterScope,
    job_id: UUID,
    *,
    limit: int,
    timeout_ms: int,
    today: datetime.date,
) -> list[CandidateMatch]:
    async with session_factory() as session, session.begin():
        await session.execute(text("SET TRANSACTION READ ONLY"))
        await session.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
        return await find_candidates_for_job(
            session, job_id, viewer=_viewer(scope), limit=limit, today=today
        )


def _license_words(match: CandidateMatch) -> str | None:
    lic = match.license
    if lic is None:
        return None
    words = f"{lic.state} (compact)" if lic.compact else lic.state
    return f"{words}, expires {lic.expires.isoformat()}" if lic.expires else words


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
    matches = await _matches(
        session_factory, scope, job_id, limit=limit, timeout_ms=timeout_ms, today=today
    )
    c, j = view("candidates").alias("c"), view("jobs").alias("j")
    ids = [m.candidate_id for m in matches]
    details = select(
        c.c.candidate_id,
        func.nullif(func.concat_ws(" ", c.c.first_name, c.c.last_name), "").label("candidate"),
        c.c.specialty,
        c.c.state_code,
        c.c.years_experience,
    ).where(c.c.candidate_id.in_(bindparam("ids", ids, type_=Uuid, expanding=True)))
    title = select(j.c.title, j.c.city, j.c.state_code).where(
        j.c.job_id == bindparam(None, job_id, type_=Uuid)
    )
    async with scoped_read(engine, scope, timeout_ms=timeout_ms) as conn:
        shown = {row.candidate_id: row for row in (await conn.execute(details)).all()}
        job = (await conn.execute(title)).first()
    rows: list[list[Any]] = []
    candidate_ids: list[str] = []
    for match in matches:
        row = shown.get(match.candidate_id)
        if row is None:  # not in the asker's scope after all: never shown
            continue
        rows.append(
            [
                row.candidate,
                row.specialty,
                row.state_code,
                json_value(row.years_experience),
                round(match.similarity, 3),
                _license_words(match),
                ", ".join(match.certifications) or None,
            ]
        )
        candidate_ids.append(str(match.candidate_id))
    outside = False
    if not rows and not scope.is_admin:
        wider = admin_scope_of(scope)
        outside = bool(
            await _matches(
                session_factory, wider, job_id, limit=1, timeout_ms=timeout_ms, today=today
            )
        )
    return MetricResult(
        metric=CANDIDATES_FOR_JOB,
        columns=list(COLUMNS),
        rows=rows,
        value=None,
        sql=_explanation_sql(details, ids),
        metric_meaning=CANDIDATES_FOR_JOB_MEANING,
        filters_text=_job_words(job) if job else "",
        outside_scope=outside,
        candidate_ids=candidate_ids,
    )


def _job_words(job: Any) -> str:
    where = ", ".join(x for x in (job.city, job.state_code) if x)
    return f"job {job.title}" + (f" in {where}" if where else "")


def _explanation_sql(details: Any, ids: Sequence[UUID]) -> str:
    ranking = (
        "-- ranked by data_layer.resumes.matching.find_candidates_for_job: hard filters "
        "(profession, license, certifications), then resume-to-job vector similarity\n"
    )
    return ranking + literal_sql(details.params(ids=list(ids)))
