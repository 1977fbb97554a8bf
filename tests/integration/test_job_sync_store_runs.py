"""Runs, lock and quarantine of the LaborEdge sync (data_layer/sync/runs.py, locks.py,
quarantine.py) on a real PostgreSQL: one lock holder at a time, even after a crash;
quarantined payloads kept as JSON; run records, abandoned runs and resuming.
"""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from data_layer.models import (
    SyncQuarantine,
    SyncRun,
    SyncRunKind,
    SyncRunStatus,
)
from data_layer.sync.jobs import UpsertCounts
from data_layer.sync.locks import release_sync_lock, sync_lock, sync_lock_held, try_sync_lock
from data_layer.sync.quarantine import (
    QuarantineRecord,
    list_quarantine,
    quarantine,
    resolve_quarantine,
)
from data_layer.sync.runs import (
    SyncCounts,
    checkpoint_run,
    fail_abandoned_runs,
    finish_run,
    get_run,
    last_resumable_run,
    latest_runs,
    record_skipped_run,
    start_run,
)

# ------------------------------------------------------------ advisory lock


async def test_only_one_sync_holds_the_lock(db_engine: AsyncEngine) -> None:
    async with db_engine.connect() as first, db_engine.connect() as second:
        assert await try_sync_lock(first) is True
        assert await try_sync_lock(second) is False
        assert await sync_lock_held(second) is True
        assert await release_sync_lock(first) is True
        assert await sync_lock_held(second) is False
        assert await try_sync_lock(second) is True
        assert await release_sync_lock(second) is True

    async with sync_lock(db_engine) as outer:
        assert outer is True
        async with sync_lock(db_engine) as inner:
            assert inner is False
    async with sync_lock(db_engine) as again:
        assert again is True


async def test_the_lock_dies_with_its_connection(db_engine: AsyncEngine) -> None:
    crashed = await db_engine.connect()
    assert await try_sync_lock(crashed) is True
    await crashed.invalidate()  # the worker process died: its connection is gone
    await crashed.close()
    async with db_engine.connect() as conn:
        # The server ends the dead session asynchronously: poll (bounded), do not sleep blindly.
        deadline = time.monotonic() + 10
        while not await try_sync_lock(conn):
            assert time.monotonic() < deadline, "the lock outlived its connection"
            await asyncio.sleep(0.02)
        await release_sync_lock(conn)


# ------------------------------------------------------- quarantine, runs


async def test_quarantine_keeps_payload_and_reason(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session:
        run_id = await start_run(session, SyncRunKind.FULL)
        stored = await quarantine(
            session,
            run_id,
            [
                QuarantineRecord(41, "non-integer noOfOpenings: 'two'", {"jobId": 41, "x": 1}),
                (None, "missing jobId", {"jobTitle": "RN\x00 ICU", "pay": Decimal("12.5")}),
                (2**40, "record is not an object (list)", [1, "two", None]),
            ],
        )
        assert stored == 3
        assert await quarantine(session, run_id, []) == 0
        await session.commit()

        rows = {r.reason: r for r in await list_quarantine(session, run_id=run_id)}
        assert set(rows) == {
            "non-integer noOfOpenings: 'two'",
            "missing jobId",
            "record is not an object (list)",
        }
        assert rows["non-integer noOfOpenings: 'two'"].raw_payload == {"jobId": 41, "x": 1}
        assert rows["non-integer noOfOpenings: 'two'"].external_job_id == 41
        assert rows["missing jobId"].raw_payload == {"jobTitle": "RN ICU", "pay": "12.5"}
        assert rows["missing jobId"].external_job_id is None
        assert rows["record is not an object (list)"].raw_payload == [1, "two", None]
        assert rows["record is not an object (list)"].external_job_id is None  # out of range
        assert all(r.run_id == run_id and not r.resolved for r in rows.values())

        # The payload is queryable JSON (GIN-indexed).
        found = await session.scalar(
            select(func.count())
            .select_from(SyncQuarantine)
            .where(SyncQuarantine.raw_payload.contains({"jobId": 41}))
        )
        assert found == 1

        assert await resolve_quarantine(session, [41]) == 1
        assert await resolve_quarantine(session, [41]) == 0
        await session.commit()
        assert len(await list_quarantine(session)) == 2
        assert len(await list_quarantine(session, unresolved_only=False)) == 3

        # Deleting the run keeps the quarantined records.
        await session.execute(delete(SyncRun).where(SyncRun.id == run_id))
        await session.commit()
        left = await list_quarantine(session, unresolved_only=False)
        assert len(left) == 3 and all(r.run_id is None for r in left)


async def test_runs_are_recorded(db_session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with db_session_factory() as session:
        full = await start_run(session, "full", details={"pages_expected": 20})
        await session.commit()
        (running,) = await latest_runs(session)
        assert (running.id, running.kind, running.status) == (
            full,
            SyncRunKind.FULL,
            SyncRunStatus.RUNNING,
        )
        assert running.finished_at is None and running.duration_s is None

        counts = SyncCounts(pages=3, fetched=150)
        counts.add_upsert(UpsertCounts(inserted=140, updated=5, unchanged=5, reopened=1))
        await checkpoint_run(session, full, counts, cursor={"start": 150, "seen_since": "t"})
        await session.commit()
        checkpointed = await get_run(session, full)
        assert checkpointed is not None
        assert checkpointed.cursor == {"start": 150, "seen_since": "t"}
        assert checkpointed.inserted == 140 and checkpointed.status is SyncRunStatus.RUNNING

        counts.closed, counts.quarantined, counts.errors = 2, 3, 1
        await finish_run(
            session, full, counts, SyncRunStatus.SUCCEEDED, details={"jobs_per_s": 1234.5}
        )
        skipped = await record_skipped_run(session, SyncRunKind.INCREMENTAL)
        await session.commit()

        done = await get_run(session, full)
        assert done is not None and done.status is SyncRunStatus.SUCCEEDED
        assert done.counts == counts
        assert done.details == {"pages_expected": 20, "jobs_per_s": 1234.5}
        assert done.duration_s is not None and done.duration_s >= 0
        newest = await latest_runs(session, 5)
        assert [r.id for r in newest] == [skipped, full]
        assert newest[0].status is SyncRunStatus.SKIPPED
        assert newest[0].error_message == "another sync is running"
        assert [r.id for r in await latest_runs(session, kind="full")] == [full]

        with pytest.raises(ValueError, match="not counters"):
            await finish_run(session, full, {"bogus": 1}, "failed")


async def test_abandoned_runs_are_failed_and_resumable(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session:
        old = await start_run(session, SyncRunKind.FULL)
        await finish_run(session, old, None, SyncRunStatus.SUCCEEDED)
        crashed = await start_run(session, SyncRunKind.FULL)
        await checkpoint_run(session, crashed, {"pages": 4}, cursor={"start": 200})
        await session.commit()
        assert await last_resumable_run(session, SyncRunKind.FULL) is None  # still running

        abandoned = await fail_abandoned_runs(session)
        await session.commit()
        assert [r.id for r in abandoned] == [crashed]
        assert abandoned[0].status is SyncRunStatus.FAILED
        assert abandoned[0].error_message is not None
        assert "abandoned" in abandoned[0].error_message
        await record_skipped_run(session, SyncRunKind.FULL)  # ignored by the resume lookup
        await session.commit()

        resumable = await last_resumable_run(session, SyncRunKind.FULL)
        assert resumable is not None
        assert (resumable.id, resumable.cursor, resumable.pages) == (crashed, {"start": 200}, 4)
        assert await last_resumable_run(session, SyncRunKind.INCREMENTAL) is None
