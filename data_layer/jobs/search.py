"""Job search: structured filters on open jobs, ranked by meaning and text when a query is given.

One home for "which jobs match": the chat tools, the career site pages and the
REST API all call :func:`search_jobs`. Filters arrive as names and values a
person would use (profession and specialty names, a state code, a city, the
job type, a shift, minimum pay, a start window); the semantic part uses the
job embeddings (pgvector HNSW) when a free-text query and its vector are given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import numpy as np
from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.jobs.filters import JobSearchFilters
from data_layer.master.lookup import MasterSnapshot, master_snapshot
from data_layer.models import Job, JobEmbedding, JobRequiredCertification, JobType

COUNT_CAP = 1_000
"""Totals are exact up to this many jobs ("1,000+" beyond): counting more costs time, not value."""
SEMANTIC_POOL = 60
"""How many nearest jobs the vector index proposes for re-ranking."""
EXACT_SEMANTIC_LIMIT = 2_500
"""Up to this many matching jobs, rank them all by exact distance instead of the HNSW index.

A selective filter makes the index's filtered (iterative) scan walk far to collect
a pool of matches; comparing a few thousand vectors directly is faster and exact.
"""
MAX_PAGE_SIZE = 50

# Shift start times that define the time-of-day buckets people ask for.
_DAY_START = dt.time(5, 0)
_EVENING_START = dt.time(11, 0)
_NIGHT_START = dt.time(17, 0)


def pay_text(amount: float | None, unit: str) -> str | None:
    """Pay as the career site and the search's reasons write it: ``$2,750/wk``."""
    if amount is None or amount <= 0:
        return None
    return f"${amount:,.0f}/{unit}"


@dataclass(frozen=True)
class JobHit:
    id: UUID
    title: str
    profession: str | None
    specialty: str | None
    city: str | None
    state: str | None
    job_type: str | None
    shift: str | None
    weekly_pay: float | None
    hourly_pay: float | None
    start_date: dt.date | None
    asap: bool
    duration: int | None
    duration_type: str | None
    hot_job: bool
    why: str
    score: float

    @property
    def duration_text(self) -> str | None:
        """The assignment's length as people say it: "13 weeks", "1 month"."""
        if not self.duration:
            return None
        unit = (self.duration_type or "weeks").lower().rstrip("s")
        return f"{self.duration} {unit}{'' if self.duration == 1 else 's'}"


@dataclass(frozen=True)
class SearchResult:
    filters: JobSearchFilters
    """What was searched; ``filters.query`` holds the free words the jobs were ranked by."""
    total: int
    total_capped: bool
    page: int
    page_size: int
    jobs: list[JobHit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Filter values that match nothing we know (e.g. a specialty not in master data)."""


def _open_jobs() -> list[ColumnElement[bool]]:
    # Written exactly as the partial indexes' predicate (not "IS true") so the planner uses them.
    return [Job.display_on_external_job_board, Job.closed_at.is_(None)]


def _shift_condition(shift: str) -> ColumnElement[bool] | None:
    wanted = shift.strip().lower()
    start = Job.shift_start_time1
    if wanted.startswith("day"):
        return and_(start >= _DAY_START, start < _EVENING_START)
    if wanted.startswith("even"):
        return and_(start >= _EVENING_START, start < _NIGHT_START)
    if wanted.startswith("night") or wanted == "noc":
        return or_(start >= _NIGHT_START, start < _DAY_START)
    return Job.shift.ilike(f"%{wanted}%")


def _conditions(
    filters: JobSearchFilters, master: MasterSnapshot, today: dt.date
) -> tuple[list[ColumnElement[bool]], list[str]]:
    conditions = _open_jobs()
    unknown: list[str] = []
    profession_id = master.profession_id(filters.profession)
    if filters.profession:
        if profession_id is None:
            unknown.append(f"profession {filters.profession}")
        else:
            conditions.append(Job.profession_id == profession_id)
    if filters.specialty:
        ids = master.specialty_ids_for(filters.specialty, profession_id)
        if not ids:
            unknown.append(f"specialty {filters.specialty}")
        conditions.append(Job.specialty_id.in_(ids) if ids else Job.specialty_id.is_(None))
    if filters.state:
        state_id = master.state_id(filters.state)
        if state_id is None:
            unknown.append(f"state {filters.state}")
            conditions.append(Job.client_state_code == filters.state.upper())
        else:
            conditions.append(Job.client_state_id == state_id)
    if filters.city:
        conditions.append(func.lower(Job.client_city) == filters.city.strip().lower())
    if filters.job_type:
        try:
            conditions.append(Job.job_type == JobType(filters.job_type))
        except ValueError:
            unknown.append(f"job type {filters.job_type}")
    if filters.shift:
        shift_condition = _shift_condition(filters.shift)
        if shift_condition is not None:
            conditions.append(shift_condition)
    if filters.shift_hours:
        conditions.append(Job.scheduled_hrs1 == Decimal(str(filters.shift_hours)))
    if filters.min_weekly_pay:
        conditions.append(Job.weekly_pay >= Decimal(str(filters.min_weekly_pay)))
    if filters.min_hourly_pay:
        conditions.append(Job.hourly_pay >= Decimal(str(filters.min_hourly_pay)))
    earliest = filters.earliest_start()
    if filters.start == "asap":
        conditions.append(or_(Job.asap.is_(True), Job.start_date <= today + dt.timedelta(days=21)))
    elif earliest is not None:
        conditions.append(Job.start_date >= earliest)
    if filters.start_to:
        conditions.append(Job.start_date <= dt.date.fromisoformat(filters.start_to))
    if filters.hot_only:
        conditions.append(Job.hot_job.is_(True))
    return conditions, unknown


_CARD_COLUMNS = (
    Job.id,
    Job.title,
    Job.job_title,
    Job.profession_id,
    Job.specialty_id,
    Job.client_city,
    Job.client_state_code,
    Job.job_type,
    Job.shift,
    Job.shift_start_time1,
    Job.weekly_pay,
    Job.hourly_pay,
    Job.start_date,
    Job.asap,
    Job.duration,
    Job.duration_type,
    Job.hot_job,
    Job.featured_job,
)


def _money(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _why(row: Any, filters: JobSearchFilters, master: MasterSnapshot, similarity: float) -> str:
    reasons: list[str] = []
    specialty = master.specialty_names.get(row.specialty_id)
    if filters.specialty and specialty:
        reasons.append(specialty)
    elif filters.profession:
        reasons.append(master.profession_names.get(row.profession_id, filters.profession))
    if filters.job_type and row.job_type:
        reasons.append(str(row.job_type.value if hasattr(row.job_type, "value") else row.job_type))
    if (filters.state or filters.city) and row.client_city:
        reasons.append(f"in {row.client_city}, {row.client_state_code}")
    if filters.shift and row.shift:
        reasons.append(str(row.shift))
    weekly = pay_text(_money(row.weekly_pay), "wk") if filters.min_weekly_pay else None
    hourly = pay_text(_money(row.hourly_pay), "hr") if filters.min_hourly_pay else None
    reasons += [pay for pay in (weekly, hourly) if pay]
    if (filters.start or filters.start_from) and row.start_date is not None:
        reasons.append("starts ASAP" if row.asap else f"starts {row.start_date:%b %-d}")
    if filters.hot_only and row.hot_job:
        reasons.append("hot job")
    if similarity >= 0.35:
        reasons.append("close match to what you described")
    return " · ".join(reasons) or ("hot job" if row.hot_job else "open now")


def _hit(row: Any, filters: JobSearchFilters, master: MasterSnapshot, score: float) -> JobHit:
    return JobHit(
        id=row.id,
        title=row.title or row.job_title or "Open position",
        profession=master.profession_names.get(row.profession_id),
        specialty=master.specialty_names.get(row.specialty_id),
        city=row.client_city,
        state=row.client_state_code,
        job_type=row.job_type.value if row.job_type is not None else None,
        shift=row.shift,
        weekly_pay=_money(row.weekly_pay),
        hourly_pay=_money(row.hourly_pay),
        start_date=row.start_date,
        asap=bool(row.asap),
        duration=row.duration,
        duration_type=row.duration_type.value if row.duration_type is not None else None,
        hot_job=bool(row.hot_job),
        why=_why(row, filters, master, score),
        score=round(score, 4),
    )


async def _count(
    session: AsyncSession, conditions: Sequence[ColumnElement[bool]], cap: int = COUNT_CAP
) -> int:
    """Matching jobs, counted up to ``cap + 1``."""
    capped = select(Job.id).where(*conditions).limit(cap + 1).subquery()
    return int((await session.execute(select(func.count()).select_from(capped))).scalar_one())


def _ordered(stmt: Select[Any]) -> Select[Any]:
    return stmt.order_by(
        Job.hot_job.desc(),
        Job.featured_job.desc(),
        Job.posted_date.desc().nulls_last(),
        Job.id,
    )


async def search_jobs(
    session: AsyncSession,
    filters: JobSearchFilters,
    *,
    query_vector: np.ndarray | Sequence[float] | None = None,
    page: int = 1,
    page_size: int = 5,
    today: dt.date | None = None,
) -> SearchResult:
    """Open, displayed jobs matching ``filters``; ranked by ``filters.query`` when one is given.

    Without a query the order is hot jobs, featured jobs, newest first. With a
    query vector (of ``filters.query``) the nearest jobs (HNSW, filtered) are
    re-ranked by a blend of meaning (cosine similarity), title text similarity and
    the hot/featured flags.
    """
    query = filters.query
    page = max(1, page)
    page_size = max(1, min(MAX_PAGE_SIZE, page_size))
    master = await master_snapshot(session)
    conditions, unknown = _conditions(filters, master, today or dt.date.today())
    vector = query_vector if query else None  # ranking by meaning needs the words too
    total = await _count(
        session,
        conditions,
        COUNT_CAP if vector is None else max(COUNT_CAP, EXACT_SEMANTIC_LIMIT),
    )
    offset = (page - 1) * page_size
    hits: list[JobHit] = []
    if total and vector is not None:
        exact = total <= EXACT_SEMANTIC_LIMIT
        hits = await _semantic_page(
            session, filters, master, conditions, query or "", vector, offset, page_size, exact
        )
    elif total:
        rows = (
            await session.execute(
                _ordered(select(*_CARD_COLUMNS).where(*conditions)).offset(offset).limit(page_size)
            )
        ).all()
        hits = [_hit(row, filters, master, 0.0) for row in rows]
    return SearchResult(
        filters=filters,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
        page=page,
        page_size=page_size,
        jobs=hits,
        unknown=unknown,
    )


async def _semantic_page(
    session: AsyncSession,
    filters: JobSearchFilters,
    master: MasterSnapshot,
    conditions: Sequence[ColumnElement[bool]],
    query: str,
    query_vector: np.ndarray | Sequence[float],
    offset: int,
    page_size: int,
    exact: bool,
) -> list[JobHit]:
    vector = np.asarray(query_vector, dtype=np.float32)
    pool = max(SEMANTIC_POOL, offset + page_size)
    distance = JobEmbedding.embedding.cosine_distance(vector)
    title_similarity = func.word_similarity(query, func.coalesce(Job.title, Job.job_title, ""))
    if not exact:
        await session.execute(
            text(
                "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), "
                "set_config('hnsw.ef_search', :ef, true)"
            ),
            {"ef": str(min(max(40, pool * 2), 1000))},
        )
    nearest = (
        select(
            JobEmbedding.job_id.label("job_id"),
            distance.label("distance"),
        )
        .join(Job, Job.id == JobEmbedding.job_id)
        .where(*conditions)
        # "+ 0" keeps the planner off the HNSW index: every matching job is compared.
        .order_by(distance + 0 if exact else distance)
        .limit(pool)
        .subquery()
    )
    rows = (
        await session.execute(
            select(*_CARD_COLUMNS, nearest.c.distance, title_similarity.label("text_sim")).join(
                nearest, nearest.c.job_id == Job.id
            )
        )
    ).all()
    scored = []
    for row in rows:
        similarity = 1.0 - float(row.distance)
        score = (
            0.75 * similarity
            + 0.15 * float(row.text_sim or 0.0)
            + 0.06 * bool(row.hot_job)
            + 0.04 * bool(row.featured_job)
        )
        scored.append((score, similarity, row))
    scored.sort(key=lambda item: (-item[0], str(item[2].id)))
    if not scored:
        # Jobs match but none is embedded yet: fall back to the structured order.
        fallback = (
            await session.execute(
                _ordered(select(*_CARD_COLUMNS).where(*conditions)).offset(offset).limit(page_size)
            )
        ).all()
        return [_hit(row, filters, master, 0.0) for row in fallback]
    return [
        _hit(row, filters, master, similarity)
        for _, similarity, row in scored[offset : offset + page_size]
    ]


@dataclass(frozen=True)
class JobDetails:
    card: JobHit
    description_text: str | None
    description_html: str | None
    end_date: dt.date | None
    shift_start_time: dt.time | None
    shift_end_time: dt.time | None
    shifts_per_week: int | None
    scheduled_hours: float | None
    weekly_pay_range: str | None
    hourly_pay_range: str | None
    sign_on_bonus: float | None
    no_of_openings: int | None
    client_city: str | None
    posted_date: dt.datetime | None
    certifications: list[str]
    preferred_certifications: str | None
    is_open: bool


async def get_job_details(session: AsyncSession, job_id: UUID) -> JobDetails | None:
    """Everything a candidate may see about one job (closed jobs too, flagged as such).

    A job hidden from the external board (``display_on_external_job_board`` false) is
    not for candidates: ``None``, as if it did not exist, whoever knows its id (the
    sync also hides the jobs it closes, so those read as gone). Bill rates
    (``job_rates``) are what the client pays the agency: never shown here.
    """
    job = await session.get(Job, job_id)
    if job is None or not job.display_on_external_job_board:
        return None
    master = await master_snapshot(session)
    certs = (
        await session.execute(
            select(JobRequiredCertification.certification)
            .where(JobRequiredCertification.job_id == job_id)
            .order_by(JobRequiredCertification.certification)
        )
    ).scalars()
    row = SimpleNamespace(**{c.key: getattr(job, c.key) for c in _CARD_COLUMNS})
    return JobDetails(
        card=_hit(row, JobSearchFilters(), master, 0.0),
        description_text=job.description_text,
        description_html=job.description,
        end_date=job.end_date,
        shift_start_time=job.shift_start_time1,
        shift_end_time=job.shift_end_time1,
        shifts_per_week=job.shifts_per_week1,
        scheduled_hours=float(job.scheduled_hrs1) if job.scheduled_hrs1 is not None else None,
        weekly_pay_range=job.weekly_pay_range,
        hourly_pay_range=job.hourly_pay_range,
        sign_on_bonus=_money(job.sign_on_bonus),
        no_of_openings=job.no_of_openings,
        client_city=job.client_city,
        posted_date=job.posted_date,
        certifications=[c for c in certs if c],
        preferred_certifications=job.preferred_certifications,
        is_open=job.closed_at is None,
    )
