"""Closing upstream jobs that left the LaborEdge board (never deleting them).

:func:`close_missing_jobs` closes the open upstream jobs a full sync did not
see; :func:`close_jobs` closes named ones. A closed job that appears again is
reopened by :func:`data_layer.sync.jobs.upsert_jobs`. Demo seed jobs
(``external_job_id >= UPSTREAM_JOB_ID_LIMIT``) are never closed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import func, select, text, update

from data_layer.events.jobs import CLOSED, TRACKED_FIELDS, job_event, publish_job_events
from data_layer.models.base import utcnow
from data_layer.sync.jobs import OPEN_UPSTREAM_JOBS, UPSTREAM_JOB_ID_LIMIT
from data_layer.sync.sql import Executor, table

__all__ = [
    "CLOSED_STATUS_CODE",
    "TooManyMissingJobs",
    "close_jobs",
    "close_missing_jobs",
    "count_open_upstream_jobs",
    "unseen_open_upstream_jobs",
]

CLOSED_STATUS_CODE: Final = "CLOSED"
"""``job_status_code`` given to a job that left the board."""

_JOBS_T: Final = table("jobs")

_OPEN_COUNT_SQL = text(f"SELECT count(*) FROM jobs WHERE {OPEN_UPSTREAM_JOBS}")
_UNSEEN_SQL = text(
    f"SELECT external_job_id FROM jobs WHERE {OPEN_UPSTREAM_JOBS} "
    "AND last_synced_at < CAST(:seen_since AS TIMESTAMPTZ) "
    "AND NOT (external_job_id = ANY(CAST(:seen AS INTEGER[]))) ORDER BY external_job_id"
)


class TooManyMissingJobs(RuntimeError):
    """:func:`close_missing_jobs` would close more jobs than allowed; nothing was closed."""

    def __init__(self, missing: int, allowed: int) -> None:
        super().__init__(f"{missing} jobs are missing from the board, at most {allowed} may close")
        self.missing = missing
        self.allowed = allowed


async def count_open_upstream_jobs(db: Executor) -> int:
    """How many upstream jobs are open (to compare with the board's count)."""
    result = await db.execute(_OPEN_COUNT_SQL, {"limit": UPSTREAM_JOB_ID_LIMIT})
    return int(result.scalar() or 0)


async def unseen_open_upstream_jobs(
    db: Executor, seen_since: datetime.datetime, seen: set[int]
) -> list[int]:
    """Open upstream jobs neither synced since ``seen_since`` nor in ``seen``: the closing
    candidates after a scan, by ``external_job_id``."""
    params = {"limit": UPSTREAM_JOB_ID_LIMIT, "seen_since": seen_since, "seen": sorted(seen)}
    rows = await db.execute(_UNSEEN_SQL, params)
    return [int(row[0]) for row in rows]


def _upstream() -> Any:
    column = _JOBS_T.c.external_job_id
    return column.is_not(None) & (column < UPSTREAM_JOB_ID_LIMIT)


async def _close(
    db: Executor, where: Any, now: datetime.datetime | None, max_close: int | None
) -> int:
    condition = _upstream() & _JOBS_T.c.closed_at.is_(None) & where
    if max_close is not None:
        missing = int((await db.execute(select(func.count()).where(condition))).scalar_one())
        if missing > max_close:
            raise TooManyMissingJobs(missing, max_close)
    when = now or utcnow()
    statuses = table("job_statuses")
    closed_status = (
        select(statuses.c.id)
        .where(func.upper(statuses.c.code) == CLOSED_STATUS_CODE)
        .order_by(statuses.c.id)
        .limit(1)
        .scalar_subquery()
    )
    result = await db.execute(
        update(_JOBS_T)
        .where(condition)
        .values(
            display_on_external_job_board=False,
            closed_at=when,
            updated_at=when,
            job_status_code=CLOSED_STATUS_CODE,
            job_status_id=func.coalesce(closed_status, _JOBS_T.c.job_status_id),
        )
        # Change data capture: each closed job is one event in this same transaction.
        .returning(
            _JOBS_T.c.id,
            _JOBS_T.c.external_job_id,
            *(_JOBS_T.c[name] for name in TRACKED_FIELDS),
        )
    )
    events = [job_event(CLOSED, row.id, row.external_job_id, row._mapping) for row in result.all()]
    await publish_job_events(db, events)
    return len(events)


async def close_missing_jobs(
    db: Executor,
    seen_since: datetime.datetime,
    *,
    now: datetime.datetime | None = None,
    max_close: int | None = None,
) -> int:
    """Close the upstream jobs not seen since ``seen_since``; returns how many were closed.

    For every open (``closed_at IS NULL``) job with ``external_job_id <
    UPSTREAM_JOB_ID_LIMIT`` and ``last_synced_at < seen_since``:
    ``display_on_external_job_board = false``, ``closed_at = now``,
    ``job_status_code = 'CLOSED'`` and ``job_status_id`` = the job status with
    code ``CLOSED`` if there is one. Rows are never deleted (applications keep
    pointing at them). Jobs never synced (``last_synced_at IS NULL``) are left
    alone. Call it after a complete full sync with the time that sync started
    (the original start when it was resumed). ``max_close`` guards against an
    upstream outage that returns an empty board: more missing jobs than that
    raises :class:`TooManyMissingJobs` and closes nothing. Does not commit.
    """
    if seen_since.tzinfo is None:
        msg = "seen_since must be timezone-aware"
        raise ValueError(msg)
    return await _close(db, _JOBS_T.c.last_synced_at < seen_since, now, max_close)


async def close_jobs(
    db: Executor, external_job_ids: Sequence[int], *, now: datetime.datetime | None = None
) -> int:
    """Close the named open upstream jobs (e.g. a refreshed job the board no longer has)."""
    if not external_job_ids:
        return 0
    return await _close(db, _JOBS_T.c.external_job_id.in_(list(external_job_ids)), now, None)
