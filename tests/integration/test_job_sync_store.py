"""Job upserts and closing of the LaborEdge sync (data_layer/sync/jobs.py, closing.py) on a
real PostgreSQL.

Bulk idempotent upserts, change detection and children, our own columns,
closing and reopening, database-rejected rows, the mapper's output stored as is.
Runs, lock and quarantine: test_job_sync_store_runs.py; master data:
test_job_sync_store_master.py.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from data_layer.models import (
    Application,
    Candidate,
    Job,
    JobRate,
    JobRequiredCertification,
    JobStatus,
    JobType,
    User,
)
from data_layer.sync.closing import TooManyMissingJobs, close_jobs, close_missing_jobs
from data_layer.sync.jobs import UPSTREAM_JOB_ID_LIMIT, JobRow, upsert_jobs
from data_layer.sync.master import load_lookups, upsert_master
from workers.laboredge.mapped import MappedJob
from workers.laboredge.mapping import map_job

UTC = datetime.UTC


def _now() -> datetime.datetime:
    return datetime.datetime.now(UTC)


def make_job(external_id: int, version: str = "a", **overrides: Any) -> JobRow:
    """A job as the mapper produces it (every kind of column type represented)."""
    values: dict[str, Any] = {
        "external_job_id": external_id,
        "job_title": f"Travel RN - ICU #{external_id} ({version})",
        "posting_id": f"P-{external_id}",
        "display_on_external_job_board": True,
        "description": f"<p>ICU nurse needed, version {version}</p>",
        "description_text": f"ICU nurse needed, version {version}",
        "posted_date": datetime.datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
        "sign_on_bonus": Decimal("1000.00"),
        "no_of_openings": 2,
        "job_type": JobType.TRAVEL,
        "msa": False,
        "start_date": datetime.date(2027, 1, 4),
        "end_date": datetime.date(2027, 4, 4),
        "asap": external_id % 3 == 0,
        "duration": 13,
        "duration_type": "WEEKS",
        "job_status_code": "OPEN",
        "hot_job": external_id % 5 == 0,
        "shift_start_time1": datetime.time(7, 0),
        "shift_end_time1": datetime.time(19, 0),
        "shifts_per_week1": 3,
        "scheduled_hrs1": Decimal("36.00"),
        "shift": "3x12 Days",
        "title": f"ICU RN {external_id}",
        "sales_rep_id": 77,
        "sales_rep_email": "rep@example.com",
        "client_name": "General Hospital",
        "client_city": "Austin",
        "client_state": "Texas",
        "client_state_code": "TX",
        "client_zip": "78701",
        "weekly_pay": Decimal("2450.75"),
        "hourly_pay": Decimal("61.25"),
        "weekly_pay_range": "2300 - 2600",
        "featured_job": False,
        "content_hash": f"{version}{external_id:063d}"[:64],
    }
    values.update(overrides)
    return JobRow(
        values=values,
        certifications=[
            {"certification": "BLS", "for_onboarding": True, "for_submittal": True},
            {"certification": f"ACLS {version}", "for_onboarding": True, "for_submittal": False},
        ],
        rates=[{"bill_rate_code_id": "10", "bill_rate_code": "REG", "rate": Decimal("85.00")}],
    )


@contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before)


async def _job(session: AsyncSession, external_id: int) -> Job:
    job = await session.scalar(select(Job).where(Job.external_job_id == external_id))
    assert job is not None
    await session.refresh(job)
    return job


async def _count(session: AsyncSession, model: Any, *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# ------------------------------------------------------------------ upserts


async def test_upsert_of_a_page_is_bulk_and_idempotent(
    db_session_factory: async_sessionmaker[AsyncSession], db_engine: AsyncEngine
) -> None:
    page = [make_job(i) for i in range(1, 1001)]
    async with db_session_factory() as session:
        await session.execute(text("SELECT 1"))  # connection checked out before timing
        first_sync = _now()
        started = time.perf_counter()
        with count_statements(db_engine) as statements:
            counts = await upsert_jobs(session, page, first_sync)
        elapsed = time.perf_counter() - started
        await session.commit()
    print(
        f"\nupsert_jobs: 1,000 new jobs (2 certifications + 1 rate each) in {elapsed * 1000:.0f} ms"
        f" using {len(statements)} statements"
    )
    assert (counts.inserted, counts.updated, counts.unchanged, counts.rejected) == (1000, 0, 0, [])
    # savepoint, upsert, children insert x2, release: never one round trip per row
    assert len(statements) <= 6

    async with db_session_factory() as session:
        second_sync = _now()
        started = time.perf_counter()
        with count_statements(db_engine) as statements:
            again = await upsert_jobs(session, page, second_sync)
        elapsed = time.perf_counter() - started
        await session.commit()
    print(f"upsert_jobs: the same 1,000 jobs again (unchanged) in {elapsed * 1000:.0f} ms")
    assert (again.inserted, again.updated, again.unchanged, again.reopened) == (0, 0, 1000, 0)
    assert len(statements) <= 4  # savepoint, upsert (no row rewritten), bump, release

    async with db_session_factory() as session:
        assert await _count(session, Job) == 1000
        assert await _count(session, JobRequiredCertification) == 2000
        assert await _count(session, JobRate) == 1000
        synced = (await session.execute(select(Job.last_synced_at).distinct())).scalars().all()
        assert synced == [second_sync]
        job = await _job(session, 500)
        assert job.job_type is JobType.TRAVEL
        assert job.weekly_pay == Decimal("2450.75")
        assert job.shift_start_time1 == datetime.time(7, 0)
        assert job.posted_date == datetime.datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
        assert job.asap is False and job.hot_job is True
        assert job.duration_type is not None and job.duration_type.value == "WEEKS"
        assert job.closed_at is None and job.page_views == 0 and job.application_count == 0


async def test_duplicates_in_a_page_keep_the_last_occurrence(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session:
        counts = await upsert_jobs(
            session, [make_job(7, "a"), make_job(8), make_job(7, "b")], _now()
        )
        await session.commit()
        assert (counts.inserted, counts.unchanged) == (2, 0)
        assert (await _job(session, 7)).job_title == "Travel RN - ICU #7 (b)"


async def test_changed_content_is_rewritten_and_children_replaced(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session:
        await upsert_jobs(session, [make_job(i) for i in range(1, 21)], _now())
        await session.commit()
        before = await _job(session, 3)
        created_at, updated_at, job_id = before.created_at, before.updated_at, before.id
        untouched_updated_at = (await _job(session, 4)).updated_at

    page = [make_job(i, "b" if i in (3, 9) else "a") for i in range(1, 21)]
    async with db_session_factory() as session:
        counts = await upsert_jobs(session, page, _now())
        await session.commit()
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 2, 18)

    async with db_session_factory() as session:
        job = await _job(session, 3)
        assert job.id == job_id and job.created_at == created_at
        assert job.updated_at > updated_at
        assert job.job_title == "Travel RN - ICU #3 (b)"
        assert job.description_text == "ICU nurse needed, version b"
        certs = (
            await session.scalars(
                select(JobRequiredCertification.certification)
                .where(JobRequiredCertification.job_id == job.id)
                .order_by(JobRequiredCertification.certification)
            )
        ).all()
        assert certs == ["ACLS b", "BLS"]
        assert await _count(session, JobRate, JobRate.job_id == job.id) == 1
        assert (await _job(session, 4)).updated_at == untouched_updated_at
        assert await _count(session, JobRequiredCertification) == 40


async def test_our_columns_survive_updates(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session:
        await upsert_jobs(session, [make_job(1)], _now())
        await session.execute(
            update(Job)
            .where(Job.external_job_id == 1)
            .values(
                application_count=5,
                page_views=42,
                seo_title="ICU travel nurse in Austin",
                seo_description="desc",
                seo_keywords="icu, travel",
            )
        )
        await session.commit()
        # Even when the caller passes them, an update leaves them alone.
        changed = make_job(1, "b", page_views=0, application_count=0, seo_title="upstream")
        counts = await upsert_jobs(session, [changed], _now())
        await session.commit()
        assert counts.updated == 1
        job = await _job(session, 1)
        assert (job.application_count, job.page_views) == (5, 42)
        assert (job.seo_title, job.seo_description, job.seo_keywords) == (
            "ICU travel nurse in Austin",
            "desc",
            "icu, travel",
        )
        assert job.job_title == "Travel RN - ICU #1 (b)"


async def test_values_that_are_not_columns_are_a_programming_error(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session:
        with pytest.raises(ValueError, match="not columns of jobs"):
            await upsert_jobs(session, [make_job(1, jobTitle="camelCase")], _now())
        with pytest.raises(ValueError, match="set by the store"):
            await upsert_jobs(session, [make_job(1, closed_at=None)], _now())
        with pytest.raises(ValueError, match="timezone-aware"):
            await upsert_jobs(session, [make_job(1)], datetime.datetime(2026, 1, 1))


async def test_rows_the_database_refuses_are_isolated_and_the_rest_stored(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    page = [make_job(i) for i in range(1, 41)]
    page[6] = make_job(7, job_title="x" * 501)  # longer than VARCHAR(500)
    page[30] = make_job(31, profession_id=999_999)  # no such profession (FK)
    async with db_session_factory() as session:
        counts = await upsert_jobs(session, page, _now())
        await session.commit()
        assert counts.inserted == 38
        rejected = {r.external_job_id: r.reason for r in counts.rejected}
        assert set(rejected) == {7, 31}
        assert "value too long" in rejected[7]
        assert "foreign key" in rejected[31]
        assert await _count(session, Job) == 38
        assert await _count(session, Job, Job.external_job_id.in_([7, 31])) == 0
        assert await _count(session, JobRequiredCertification) == 76


# ------------------------------------------------------------ close / reopen


async def _closed_status(session: AsyncSession) -> int:
    session.add_all(
        [
            JobStatus(name="Open", code="OPEN", external_id=1),
            JobStatus(name="Closed", code="CLOSED", external_id=3),
        ]
    )
    await session.flush()
    closed = await session.scalar(select(JobStatus.id).where(JobStatus.code == "CLOSED"))
    assert closed is not None
    return closed


async def test_close_missing_jobs_closes_exactly_the_absent_ones_and_reopens_them(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    t1 = _now()
    async with db_session_factory() as session:
        closed_status_id = await _closed_status(session)
        await upsert_jobs(session, [make_job(i) for i in range(1, 6)], t1)
        # A demo seed job and a job of our own: never closed by the sync.
        session.add_all(
            [
                Job(
                    external_job_id=UPSTREAM_JOB_ID_LIMIT + 1,
                    job_title="demo",
                    display_on_external_job_board=True,
                    last_synced_at=t1 - datetime.timedelta(days=30),
                ),
                Job(job_title="ours", display_on_external_job_board=True, last_synced_at=t1),
            ]
        )
        user = User(email=f"{uuid.uuid4().hex}@example.com")
        session.add(user)
        await session.flush()
        candidate = Candidate(user_id=user.id)
        session.add(candidate)
        await session.flush()
        job3 = await _job(session, 3)
        session.add(Application(candidate_id=candidate.id, job_id=job3.id))
        await session.commit()

    t2 = _now()
    async with db_session_factory() as session:
        counts = await upsert_jobs(session, [make_job(i) for i in (1, 2, 4, 5)], t2)
        assert counts.unchanged == 4
        with pytest.raises(TooManyMissingJobs):
            await close_missing_jobs(session, t2, max_close=0)
        closed = await close_missing_jobs(session, t2, max_close=1)
        await session.commit()
    assert closed == 1

    async with db_session_factory() as session:
        job3 = await _job(session, 3)
        assert job3.display_on_external_job_board is False
        assert job3.closed_at is not None and job3.closed_at >= t2
        assert job3.job_status_code == "CLOSED" and job3.job_status_id == closed_status_id
        assert await _count(session, Application, Application.job_id == job3.id) == 1
        assert await _count(session, Job) == 7  # nothing deleted
        assert await _count(session, Job, Job.closed_at.is_not(None)) == 1
        demo = await _job(session, UPSTREAM_JOB_ID_LIMIT + 1)
        assert demo.closed_at is None and demo.display_on_external_job_board is True
        # Closing again changes nothing.
        assert await close_missing_jobs(session, t2) == 0
        await session.commit()

    # Job 3 comes back unchanged: reopened with the upstream flag and status.
    async with db_session_factory() as session:
        counts = await upsert_jobs(session, [make_job(i) for i in range(1, 6)], _now())
        await session.commit()
        assert (counts.inserted, counts.updated, counts.unchanged, counts.reopened) == (0, 0, 5, 1)
        job3 = await _job(session, 3)
        assert job3.closed_at is None and job3.display_on_external_job_board is True
        assert job3.job_status_code == "OPEN"
        assert (
            await _count(
                session, JobRequiredCertification, JobRequiredCertification.job_id == job3.id
            )
            == 2
        )

    # Closed by name (a refresh found it gone), then back with new content.
    async with db_session_factory() as session:
        assert await close_jobs(session, [2, UPSTREAM_JOB_ID_LIMIT + 1]) == 1
        await session.commit()
        counts = await upsert_jobs(session, [make_job(2, "b")], _now())
        await session.commit()
        assert (counts.updated, counts.reopened) == (1, 1)
        job2 = await _job(session, 2)
        assert job2.closed_at is None and job2.job_title == "Travel RN - ICU #2 (b)"


async def test_the_mappers_output_is_stored_field_by_field(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """``workers.laboredge.mapping.map_job`` output goes straight into upsert_jobs."""
    async with db_session_factory() as session:
        await upsert_master(session, "professions", [{"id": 10263, "name": "Registered Nurse"}])
        await upsert_master(
            session, "specialties", [{"id": 43834, "name": "ICU", "professionId": 10263}]
        )
        await upsert_master(session, "states", [{"id": 5043, "name": "Texas", "code": "TX"}])
        await upsert_master(session, "jobstatuses", [{"id": 1, "name": "Open", "code": "OPEN"}])
        lookups = await load_lookups(session)
        record = {
            "jobId": 123456,
            "jobTitle": "Travel RN - ICU",
            "displayOnExternalJobBoard": True,
            "description": "<p>Night shift <b>ICU</b> nurse</p>",
            "jobType": "TRAVEL",
            "professionId": 10263,
            "profession": "Registered Nurse",
            "specialtyId": 43834,
            "specialty": "ICU",
            "jobStatusId": 1,
            "jobStatusCode": "OPEN",
            "clientCity": "Austin",
            "clientState": "Texas",
            "clientStateCode": "TX",
            "weeklyPay": 2450.5,
            "startDate": "2027-01-04",
            "jobRequiredCertifications": [
                {"certification": "BLS", "forOnboarding": True, "forSubmittal": False}
            ],
            "jobRates": [{"billRateCodeId": 10, "billRateCode": "REG", "rate": 85}],
        }
        mapped = map_job(record, lookups)
        assert isinstance(mapped, MappedJob), mapped
        counts = await upsert_jobs(session, [mapped], _now())
        await session.commit()
        assert counts.inserted == 1
        job = await _job(session, 123456)
        for column, value in mapped.values.as_dict().items():
            assert getattr(job, column) == value, column
        assert job.profession_id == lookups.professions[10263]
        assert await _count(session, JobRate, JobRate.job_id == job.id) == 1
        again = await upsert_jobs(session, [map_job(record, lookups)], _now())
        assert again.unchanged == 1
