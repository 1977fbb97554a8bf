"""Writing demo rows fast: no ORM unit of work, Core inserts over parameter lists, COPY for
the jobs stage.

Every insert is ``ON CONFLICT DO NOTHING`` (or skips rows whose key already exists), so
running again inserts nothing. The jobs stage (~10x the rows of the rest) COPYs its
batches on two connections while the next batch is generated.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import TypeVar

import asyncpg
from sqlalchemy import Integer, Table, literal_column, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.dml import ReturningInsert

from data_layer.models import Job, User
from devstack.demo_data.job_rows import JobContext, add_job_rows
from devstack.demo_data.jobs import JobCore
from devstack.demo_data.world import JOB_STAGE_TABLES, JobRows, Row, World, table_of

__all__ = ["ProgressFn", "batches", "deconflict_emails", "insert_jobs", "insert_rows"]

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``, called after every inserted batch."""

_T = TypeVar("_T")


def batches(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def insert_rows(session: AsyncSession, table: Table, rows: Sequence[Row]) -> int:
    """``INSERT ... ON CONFLICT DO NOTHING`` of ``rows``; returns how many were inserted."""
    if not rows:
        return 0
    # RETURNING a constant: counts the inserted rows without converting ids back.
    stmt: ReturningInsert[tuple[int]] = (
        insert(table).on_conflict_do_nothing().returning(literal_column("1", Integer))
    )
    result = await session.execute(stmt, list(rows))
    return len(result.all())


async def _copy(session: AsyncSession, table: Table, rows: Sequence[Row]) -> int:
    """COPY ``rows`` into ``table`` (asyncpg binary COPY, inside the session's transaction)."""
    if not rows:
        return 0
    columns = list(rows[0])
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(
        table.name, records=list(map(itemgetter(*columns), rows)), columns=columns
    )
    return len(rows)


async def _insert_job_batch(session: AsyncSession, out: JobRows) -> Counter[str]:
    """Insert one batch of jobs with their child rows, in one transaction.

    Jobs that already exist (same id: a previous run) are skipped with all their child
    rows, which were committed together with them. The rest is COPYed: the jobs stage has
    ~10x the rows of every other stage and COPY needs no per-parameter work on the
    client. Should a COPY still hit a unique constraint (e.g. the ``external_job_id`` of
    a seed sharing this seed's id block, or a concurrent run) the batch falls back to
    ``INSERT ... ON CONFLICT DO NOTHING`` and keeps only the child rows of inserted jobs.
    """
    counts: Counter[str] = Counter()
    jobs_table = table_of(Job)
    async with session.begin():
        # Demo rows: a crash may lose the last batches, which the next run re-inserts.
        await session.execute(text("SET LOCAL synchronous_commit = off"))
        ids = [row["id"] for row in out.jobs]
        found = await session.execute(select(jobs_table.c.id).where(jobs_table.c.id.in_(ids)))
        existing = set(found.scalars())
        if existing:
            out = out.only_jobs(set(ids) - existing)
        if not out.jobs:
            return counts
        try:
            async with session.begin_nested():
                for table, rows in out.tables():
                    counts[table.name] += await _copy(session, table, rows)
        except (IntegrityError, asyncpg.IntegrityConstraintViolationError):
            counts.clear()
            result = await session.execute(
                insert(jobs_table).on_conflict_do_nothing().returning(jobs_table.c.id),
                out.jobs,
            )
            inserted = set(result.scalars())
            out = out.only_jobs(inserted)
            counts[jobs_table.name] = len(inserted)
            for table, rows in out.tables()[1:]:
                counts[table.name] += await insert_rows(session, table, rows)
    return counts


async def insert_jobs(
    session_factory: async_sessionmaker[AsyncSession],
    ctx: JobContext,
    cores: Sequence[JobCore],
    world: World,
    *,
    batch_size: int,
    report: ProgressFn,
    parallel: int = 2,
) -> Counter[str]:
    """The jobs stage: jobs with their certifications, rates and views, batch by batch.

    Each batch is one transaction. Batches are generated while up to ``parallel`` earlier
    batches are being inserted on their own connections (the generator yields to the
    event loop every few jobs so those inserts progress).
    """
    jobs = len(cores)
    counts: Counter[str] = Counter({t.name: 0 for t in JOB_STAGE_TABLES})
    async with contextlib.AsyncExitStack() as stack:
        sessions = [await stack.enter_async_context(session_factory()) for _ in range(parallel)]
        in_flight: collections.deque[tuple[asyncio.Task[Counter[str]], int]] = collections.deque()
        try:
            for k, start in enumerate(range(0, jobs, batch_size)):
                end = min(jobs, start + batch_size)
                out = JobRows()
                for i in range(start, end):
                    if in_flight and i % 25 == 0:
                        await asyncio.sleep(0)
                    add_job_rows(
                        ctx,
                        cores[i],
                        application_count=world.applications_per_job[i],
                        share_views=world.share_views_per_job[i],
                        out=out,
                    )
                if len(in_flight) == parallel:
                    task, upto = in_flight.popleft()
                    counts.update(await task)
                    report("jobs", upto, jobs)
                # The oldest batch (the one that used this session) has finished.
                session = sessions[k % parallel]
                in_flight.append((asyncio.create_task(_insert_job_batch(session, out)), end))
            while in_flight:
                task, upto = in_flight.popleft()
                counts.update(await task)
                report("jobs", upto, jobs)
        finally:
            for task, _ in in_flight:
                task.cancel()
            await asyncio.gather(*(task for task, _ in in_flight), return_exceptions=True)
    return counts


async def deconflict_emails(
    session: AsyncSession, users: list[Row], seed: int, batch_size: int
) -> None:
    """Rename demo users whose email belongs to another user (e.g. a different seed)."""
    table = table_of(User)
    for batch in batches(users, batch_size):
        emails = [u["email"] for u in batch]
        result = await session.execute(
            select(table.c.email, table.c.id).where(table.c.email.in_(emails))
        )
        owners = dict(result.tuples().all())
        for user in batch:
            owner = owners.get(user["email"])
            if owner is not None and owner != user["id"]:
                local, _, domain = user["email"].partition("@")
                user["email"] = f"{local}+s{seed}@{domain}"
