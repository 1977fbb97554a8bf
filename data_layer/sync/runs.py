"""The ``sync_runs`` records: one per run, its counters, status, resume cursor and details.

A run starts ``running`` (:func:`start_run`), saves its progress with each page
(:func:`checkpoint_run`) and ends ``succeeded``/``failed`` (:func:`finish_run`);
a run that found the lock taken is recorded ``skipped``
(:func:`record_skipped_run`). A run left ``running`` when the lock is obtained
died with its process: :func:`fail_abandoned_runs` marks it and
:func:`last_resumable_run` returns the one to resume from (its ``cursor``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final
from uuid import UUID

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.dialects import postgresql

from data_layer.models.base import utcnow
from data_layer.models.operations import SyncRunKind, SyncRunStatus
from data_layer.sync.jobs import UpsertCounts
from data_layer.sync.sql import Executor, table

__all__ = [
    "SyncCounts",
    "SyncRunInfo",
    "checkpoint_run",
    "fail_abandoned_runs",
    "finish_run",
    "get_run",
    "last_resumable_run",
    "last_successful_sync_start",
    "latest_runs",
    "master_synced_since",
    "record_skipped_run",
    "start_run",
]

_RUNS_T: Final = table("sync_runs")
_RUN_COLUMNS: Final = _RUNS_T.c


@dataclass(slots=True)
class SyncCounts:
    """The counters of a run (the integer columns of ``sync_runs``)."""

    pages: int = 0
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    reopened: int = 0
    quarantined: int = 0
    errors: int = 0

    def add_upsert(self, counts: UpsertCounts) -> None:
        """Add a page's :class:`UpsertCounts` (rejected jobs are not counted here:
        quarantining them adds to ``quarantined``)."""
        self.inserted += counts.inserted
        self.updated += counts.updated
        self.unchanged += counts.unchanged
        self.reopened += counts.reopened

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


_COUNTER_NAMES: Final = tuple(SyncCounts.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class SyncRunInfo:
    """One row of ``sync_runs``."""

    id: UUID
    kind: SyncRunKind
    status: SyncRunStatus
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    pages: int
    fetched: int
    inserted: int
    updated: int
    unchanged: int
    closed: int
    reopened: int
    quarantined: int
    errors: int
    error_message: str | None
    cursor: dict[str, Any] | None
    details: dict[str, Any] | None

    @property
    def duration_s(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def counts(self) -> SyncCounts:
        return SyncCounts(**{name: getattr(self, name) for name in _COUNTER_NAMES})


def _run_info(row: Any) -> SyncRunInfo:
    return SyncRunInfo(
        id=row.id,
        kind=SyncRunKind(row.kind),
        status=SyncRunStatus(row.status),
        started_at=row.started_at,
        finished_at=row.finished_at,
        pages=row.pages,
        fetched=row.fetched,
        inserted=row.inserted,
        updated=row.updated,
        unchanged=row.unchanged,
        closed=row.closed,
        reopened=row.reopened,
        quarantined=row.quarantined,
        errors=row.errors,
        error_message=row.error_message,
        cursor=row.cursor,
        details=row.details,
    )


def _counts_dict(counts: SyncCounts | Mapping[str, int] | None) -> dict[str, int]:
    if counts is None:
        return {}
    raw = counts.as_dict() if isinstance(counts, SyncCounts) else dict(counts)
    unknown = raw.keys() - set(_COUNTER_NAMES)
    if unknown:
        msg = f"not counters of sync_runs: {sorted(unknown)}"
        raise ValueError(msg)
    return {name: int(value) for name, value in raw.items()}


# ==================================================================== writes
async def start_run(
    db: Executor,
    kind: SyncRunKind | str,
    *,
    cursor: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    started_at: datetime.datetime | None = None,
) -> UUID:
    """Record a run that starts now (status ``running``); returns its id.

    Commit right away so status pages see it while it runs.
    """
    result = await db.execute(
        insert(_RUNS_T)
        .values(
            kind=SyncRunKind(kind),
            status=SyncRunStatus.RUNNING,
            started_at=started_at or utcnow(),
            cursor=dict(cursor) if cursor is not None else None,
            details=dict(details) if details is not None else None,
        )
        .returning(_RUN_COLUMNS.id)
    )
    return UUID(str(result.scalar_one()))


async def checkpoint_run(
    db: Executor,
    run_id: UUID,
    counts: SyncCounts | Mapping[str, int] | None = None,
    cursor: Mapping[str, Any] | None = None,
) -> None:
    """Save the progress of a running run: its counters so far and where to resume.

    Commit it in the same transaction as the page it describes: then a restart
    from ``cursor`` neither skips nor repeats a stored page.
    """
    values: dict[str, Any] = dict(_counts_dict(counts))
    if cursor is not None:
        values["cursor"] = dict(cursor)
    if values:
        await db.execute(update(_RUNS_T).where(_RUN_COLUMNS.id == run_id).values(**values))


async def finish_run(
    db: Executor,
    run_id: UUID,
    counts: SyncCounts | Mapping[str, int] | None,
    status: SyncRunStatus | str,
    error: str | None = None,
    *,
    details: Mapping[str, Any] | None = None,
    finished_at: datetime.datetime | None = None,
) -> None:
    """Record the end of a run: final counters, status, error message, more details.

    ``details`` are merged into the stored ones (``jsonb ||``).
    """
    values: dict[str, Any] = {
        **_counts_dict(counts),
        "status": SyncRunStatus(status),
        "finished_at": finished_at or utcnow(),
    }
    if error is not None:
        values["error_message"] = error.replace("\x00", "")
    if details:
        values["details"] = func.coalesce(_RUN_COLUMNS.details, literal({}, postgresql.JSONB)).op(
            "||"
        )(literal(dict(details), postgresql.JSONB))
    await db.execute(update(_RUNS_T).where(_RUN_COLUMNS.id == run_id).values(**values))


async def record_skipped_run(
    db: Executor, kind: SyncRunKind | str, reason: str = "another sync is running"
) -> UUID:
    """Record a run that did not happen because the lock was taken (status ``skipped``)."""
    now = utcnow()
    run_id = await start_run(db, kind, started_at=now)
    await finish_run(db, run_id, None, SyncRunStatus.SKIPPED, reason, finished_at=now)
    return run_id


async def fail_abandoned_runs(
    db: Executor, reason: str = "abandoned: the process running it ended"
) -> list[SyncRunInfo]:
    """Mark every ``running`` run failed. Call only while holding the sync lock.

    The lock holder is the only process that syncs, so a run still ``running``
    when the lock is obtained died with its process (crash, kill, lost
    connection). Returns those runs (with their cursors).
    """
    result = await db.execute(
        update(_RUNS_T)
        .where(_RUN_COLUMNS.status == SyncRunStatus.RUNNING)
        .values(
            status=SyncRunStatus.FAILED,
            finished_at=utcnow(),
            error_message=func.coalesce(_RUN_COLUMNS.error_message, reason),
        )
        .returning(*_RUN_COLUMNS)
    )
    return [_run_info(row) for row in result]


# ===================================================================== reads
async def get_run(db: Executor, run_id: UUID) -> SyncRunInfo | None:
    row = (await db.execute(select(_RUNS_T).where(_RUN_COLUMNS.id == run_id))).first()
    return _run_info(row) if row is not None else None


async def latest_runs(
    db: Executor, n: int = 10, *, kind: SyncRunKind | str | None = None
) -> list[SyncRunInfo]:
    """The ``n`` most recent runs, newest first (optionally of one kind)."""
    stmt = select(_RUNS_T).order_by(_RUN_COLUMNS.started_at.desc(), _RUN_COLUMNS.id)
    if kind is not None:
        stmt = stmt.where(_RUN_COLUMNS.kind == SyncRunKind(kind))
    return [_run_info(row) for row in await db.execute(stmt.limit(n))]


async def last_resumable_run(db: Executor, kind: SyncRunKind | str) -> SyncRunInfo | None:
    """The latest run of ``kind`` if it failed with a cursor (so it can be resumed).

    Skipped runs are ignored; a later successful run means nothing to resume.
    """
    stmt = (
        select(_RUNS_T)
        .where(
            _RUN_COLUMNS.kind == SyncRunKind(kind),
            _RUN_COLUMNS.status != SyncRunStatus.SKIPPED,
        )
        .order_by(_RUN_COLUMNS.started_at.desc(), _RUN_COLUMNS.id)
        .limit(1)
    )
    row = (await db.execute(stmt)).first()
    if row is None or row.status != SyncRunStatus.FAILED.value or row.cursor is None:
        return None
    return _run_info(row)


async def last_successful_sync_start(db: Executor) -> datetime.datetime | None:
    """Start of the last successful full or incremental sync (the ``modifiedSince`` base)."""
    value = await db.scalar(
        select(func.max(_RUN_COLUMNS.started_at)).where(
            _RUN_COLUMNS.status == SyncRunStatus.SUCCEEDED,
            _RUN_COLUMNS.kind.in_([SyncRunKind.FULL, SyncRunKind.INCREMENTAL]),
        )
    )
    return value if isinstance(value, datetime.datetime) else None


async def master_synced_since(db: Executor, since: datetime.datetime) -> bool:
    """Whether a run started since ``since`` synced the master lists (a master run, or a sync
    that did it on the way: ``details.master``)."""
    found = await db.scalar(
        select(func.count())
        .select_from(_RUNS_T)
        .where(
            _RUN_COLUMNS.started_at >= since,
            _RUN_COLUMNS.status != SyncRunStatus.SKIPPED,
            (_RUN_COLUMNS.kind == SyncRunKind.MASTER) | _RUN_COLUMNS.details.has_key("master"),
        )
    )
    return bool(found)
