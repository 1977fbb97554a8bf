"""One sync at a time: a session-level PostgreSQL advisory lock.

:func:`try_sync_lock` takes the lock on a dedicated connection that must stay
open for the whole run (:func:`sync_lock` does both). Because only the lock
holder syncs, any run still ``running`` when the lock is obtained died with its
process (see :func:`data_layer.sync.runs.fail_abandoned_runs`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from data_layer.sync.sql import Executor

__all__ = ["SYNC_LOCK_KEY", "release_sync_lock", "sync_lock", "sync_lock_held", "try_sync_lock"]

SYNC_LOCK_KEY: Final = 0x4553_415F_4C45_5359
"""Key of the session-level advisory lock held by the running sync (``b"ESA_LESY"``)."""


async def try_sync_lock(conn: AsyncConnection, key: int = SYNC_LOCK_KEY) -> bool:
    """Try to take the sync lock on ``conn`` without waiting; ``True`` if taken.

    A session-level advisory lock: it belongs to the database connection, not to
    a transaction, so ``conn`` must be a dedicated connection kept open (and
    not returned to a pool) for the whole run; the lock ends with
    :func:`release_sync_lock` or when the connection closes (a crashed worker
    never leaves it behind). The transaction is committed right away so the
    connection does not sit "idle in transaction" during the run.
    """
    got = await conn.scalar(text("SELECT pg_try_advisory_lock(CAST(:key AS BIGINT))"), {"key": key})
    await conn.commit()
    return bool(got)


async def release_sync_lock(conn: AsyncConnection, key: int = SYNC_LOCK_KEY) -> bool:
    """Release the sync lock held by ``conn``; ``False`` if it did not hold it."""
    released = await conn.scalar(
        text("SELECT pg_advisory_unlock(CAST(:key AS BIGINT))"), {"key": key}
    )
    await conn.commit()
    return bool(released)


@asynccontextmanager
async def sync_lock(engine: AsyncEngine, key: int = SYNC_LOCK_KEY) -> AsyncIterator[bool]:
    """``async with sync_lock(engine) as acquired:`` - the lock on its own connection.

    Yields whether the lock was taken; when it was, it is held until the block
    ends. Do the run's work on other connections/sessions.
    """
    async with engine.connect() as conn:
        acquired = await try_sync_lock(conn, key)
        try:
            yield acquired
        finally:
            if acquired:
                try:
                    await release_sync_lock(conn, key)
                except DBAPIError:
                    # The connection is gone, and the lock with it; never pool it.
                    await conn.invalidate()


async def sync_lock_held(db: Executor, key: int = SYNC_LOCK_KEY) -> bool:
    """Whether some session holds the sync lock (for status pages)."""
    result = await db.execute(
        text(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = CAST(:high AS oid) AND objid = CAST(:low AS oid) AND objsubid = 1)"
        ),
        {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF},
    )
    return bool(result.scalar_one())
