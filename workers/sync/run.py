"""One locked run: its state (:class:`Run`) and its lifecycle (begin, checkpoints, finish).

:func:`execute` records the run (``running``), resuming a failed full run from
its cursor, opens the LaborEdge client, does the work and records how it ended.
A crash that is not an ``Exception`` leaves the run ``running``: the next run
that takes the lock marks it failed and resumes from it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine

from data_layer.models.base import utcnow
from data_layer.models.operations import SyncRunKind, SyncRunStatus
from data_layer.sync.master import Lookups
from data_layer.sync.runs import (
    SyncCounts,
    SyncRunInfo,
    checkpoint_run,
    fail_abandoned_runs,
    finish_run,
    get_run,
    last_resumable_run,
    start_run,
)
from workers.laboredge.client import LaborEdgeClient
from workers.laboredge.errors import LaborEdgeError
from workers.sync.options import PageHook, ProgressFn, SyncOptions, SyncProgress
from workers.sync.options import sync_log as log

__all__ = ["CloseRefused", "Known", "ResumePoint", "Run", "execute", "mark_scan_done"]


class CloseRefused(RuntimeError):
    """More jobs look gone than a sync may close: nothing was closed (the run fails)."""


@dataclass(slots=True)
class ResumePoint:
    """Where a full run picks up the failed one it resumes (zeros: from the start)."""

    start: int = 0
    """Board position the scan starts at: one page before where the failed run stopped."""
    stopped_at: int = 0
    """Where the failed run's cursor stopped (this run's cursor until its first page)."""
    anchor: int | None = None
    """The last job id the failed run stored; the first page must reach back to it."""


@dataclass(slots=True)
class Known:
    """What the run knows of the database, kept in step as its pages commit."""

    lookups: Lookups = field(default_factory=Lookups)
    hashes: dict[int, str] = field(default_factory=dict)
    """``content_hash`` of the open upstream jobs: a record with the same hash is skipped."""
    open_quarantine: set[tuple[Any, ...]] = field(default_factory=set)
    """Keys of the unresolved quarantine rows: the same problem is not stored twice."""
    open_quarantine_ids: set[int] = field(default_factory=set)
    """Job ids with unresolved quarantine rows: resolved once the job is stored."""


@dataclass(slots=True)
class Run:
    """One locked run: its record, counters, client and the state shared by its phases."""

    engine: AsyncEngine
    options: SyncOptions
    kind: SyncRunKind
    progress: ProgressFn | None = None
    after_page: PageHook | None = None
    run_id: UUID | None = None
    counts: SyncCounts = field(default_factory=SyncCounts)
    details: dict[str, Any] = field(default_factory=dict)
    """Stored in ``sync_runs.details`` at the end (resume, scans, closing, client stats...)."""
    started_at: datetime.datetime = field(default_factory=utcnow)
    seen_since: datetime.datetime = field(init=False)
    """Jobs not synced since then are missing (a resumed run keeps the original start)."""
    resume: ResumePoint = field(default_factory=ResumePoint)
    known: Known = field(default_factory=Known)
    laboredge: LaborEdgeClient | None = None
    """The client, open while the run works."""
    master_synced: bool = False
    """The master lists were synced (or that was tried) during this run."""
    quarantine_repeats: int = 0
    page_no: int = 0
    phase: str = ""
    phase_done: int = 0
    """Records of the current phase handled so far."""

    def __post_init__(self) -> None:
        self.seen_since = self.started_at

    @property
    def client(self) -> LaborEdgeClient:
        if self.laboredge is None:
            raise RuntimeError("the LaborEdge client is not open")
        return self.laboredge

    @property
    def id(self) -> UUID:
        if self.run_id is None:
            raise RuntimeError("the run has not begun")
        return self.run_id

    def cursor(self, start: int, count: int | None, **extra: Any) -> dict[str, Any]:
        """Where a later run resumes: the board position and the scan it belongs to."""
        return {
            "scan": "full" if self.kind is SyncRunKind.FULL else self.phase or self.kind.value,
            "start": start,
            "count": count,
            "seen_since": self.seen_since.isoformat(),
            **extra,
        }

    def report(self, phase: str, total: int | None) -> None:
        if self.progress is not None:
            self.progress(
                SyncProgress(
                    phase=phase,
                    pages=self.counts.pages,
                    fetched=self.counts.fetched,
                    total=total,
                    done=self.phase_done,
                    counts=replace(self.counts),
                )
            )


# ==================================================================== lifecycle
async def execute(run: Run, work: Callable[[Run], Awaitable[None]]) -> SyncRunInfo:
    """Run ``work`` with an open client; record the outcome (crashes leave ``running``)."""
    await _begin(run)
    try:
        async with LaborEdgeClient(run.options.laboredge) as client:
            run.laboredge = client
            await work(run)
    except LaborEdgeError as exc:
        run.counts.errors += 1
        return await _finish(run, SyncRunStatus.FAILED, f"LaborEdge: {exc}")
    except CloseRefused as exc:
        run.counts.errors += 1
        return await _finish(run, SyncRunStatus.FAILED, str(exc))
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await asyncio.shield(_finish(run, SyncRunStatus.FAILED, "cancelled"))
        raise
    except Exception as exc:
        log.exception("laboredge %s sync crashed", run.kind.value)
        run.counts.errors += 1
        return await _finish(run, SyncRunStatus.FAILED, f"{type(exc).__name__}: {exc}")
    return await _finish(run, SyncRunStatus.SUCCEEDED, None)


async def _begin(run: Run) -> None:
    async with run.engine.begin() as conn:
        abandoned = await fail_abandoned_runs(conn)
        resume: SyncRunInfo | None = None
        if run.kind is SyncRunKind.FULL:
            resume = await last_resumable_run(conn, SyncRunKind.FULL)
            resume = resume if resume is not None and _resumable(run, resume) else None
        if resume is not None and resume.cursor is not None:
            # Jobs may have left the board before the cursor since: start one page earlier
            # and make sure the first page reaches back to the last job stored.
            stopped_at = max(0, int(resume.cursor.get("start") or 0))
            anchor = resume.cursor.get("last_job_id")
            run.resume = ResumePoint(
                start=max(0, stopped_at - run.options.laboredge.page_size),
                stopped_at=stopped_at,
                anchor=anchor if isinstance(anchor, int) else None,
            )
            original = resume.cursor.get("seen_since")
            run.seen_since = (
                datetime.datetime.fromisoformat(original)
                if isinstance(original, str)
                else resume.started_at
            )
            run.details["resumed_from"] = str(resume.id)
            run.details["resumed_at"] = run.resume.start
        if abandoned:
            run.details["abandoned_runs"] = [str(r.id) for r in abandoned]
        run.run_id = await start_run(
            conn,
            run.kind,
            started_at=run.started_at,
            # (a run that fails before its first page is resumed from the same place)
            cursor=run.cursor(run.resume.stopped_at, None, last_job_id=run.resume.anchor),
            details=run.details,
        )
    if abandoned:
        log.warning(
            "laboredge sync: %d abandoned run(s) marked failed",
            len(abandoned),
            extra={"runs": [str(r.id) for r in abandoned]},
        )
    log.info(
        "laboredge %s sync started (run %s)%s",
        run.kind.value,
        run.run_id,
        f", resuming run {run.details['resumed_from']} at {run.resume.start}"
        if "resumed_from" in run.details
        else "",
        extra={"run_id": str(run.run_id), "kind": run.kind.value},
    )


def _resumable(run: Run, failed: SyncRunInfo) -> bool:
    cursor = failed.cursor or {}
    if cursor.get("complete") or cursor.get("scan") != "full":
        return False
    age = (utcnow() - failed.started_at).total_seconds()
    return age <= run.options.resume_max_age_s


async def _finish(run: Run, status: SyncRunStatus, error: str | None) -> SyncRunInfo:
    if run.laboredge is not None:
        stats = run.laboredge.stats
        run.details["client"] = {
            "requests": stats.requests,
            "retries": stats.retries,
            "rate_limited": stats.rate_limited,
            "server_errors": stats.server_errors,
            "transport_errors": stats.transport_errors,
            "auth_retries": stats.auth_retries,
            "token_requests": stats.token_requests,
            "slept_s": round(stats.slept_s, 3),
        }
    if run.quarantine_repeats:
        run.details["quarantine_repeats"] = run.quarantine_repeats
    run.details["elapsed_s"] = round((utcnow() - run.started_at).total_seconds(), 3)
    async with run.engine.begin() as conn:
        await finish_run(conn, run.id, run.counts, status, error, details=run.details)
        info = await get_run(conn, run.id)
    assert info is not None
    run.report("done", None)
    log_fn = log.info if status is SyncRunStatus.SUCCEEDED else log.error
    log_fn(
        "laboredge %s sync %s in %.1fs: %s%s",
        run.kind.value,
        status.value,
        info.duration_s or 0.0,
        ", ".join(f"{k}={v}" for k, v in run.counts.as_dict().items()),
        f"; error: {error}" if error else "",
        extra={"run_id": str(run.run_id), **run.counts.as_dict()},
    )
    return info


async def mark_scan_done(run: Run) -> None:
    """The board was read to its end: a later full run starts afresh instead of resuming."""
    async with run.engine.begin() as conn:
        await checkpoint_run(conn, run.id, run.counts, run.cursor(0, None, complete=True))
