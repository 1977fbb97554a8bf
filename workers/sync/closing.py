"""After a complete scan: close the open upstream jobs the board no longer has.

Up to ``close_confirm_max`` missing jobs are each confirmed gone with a detail
call (a job that is still there was missed because the board shifted under the
paging: it is stored instead). More than that are closed only when the scan was
consistent (the board's count never changed) and not more than
``max_close_fraction`` of the open jobs; beyond that the run fails
(:class:`~workers.sync.run.CloseRefused`) and nothing is closed.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Sequence
from typing import Any

from data_layer.sync.closing import (
    close_jobs,
    count_open_upstream_jobs,
    unseen_open_upstream_jobs,
)
from data_layer.sync.runs import checkpoint_run
from workers.laboredge.errors import LaborEdgeError
from workers.sync.options import sync_log as log
from workers.sync.run import CloseRefused, Run, mark_scan_done
from workers.sync.scan import Scan, resolve, triage, write

__all__ = ["close_and_checkpoint", "close_missing", "confirm_gone"]


async def close_missing(run: Run, scan: Scan, *, seen_since: datetime.datetime) -> None:
    """After a complete scan: close the open upstream jobs it did not see."""
    run.phase = "close"
    async with run.engine.connect() as conn:
        candidates = await unseen_open_upstream_jobs(conn, seen_since, scan.seen)
        open_count = await count_open_upstream_jobs(conn)
    info: dict[str, Any] = {"missing": len(candidates)}
    run.details["close"] = info
    if not candidates:
        return
    run.report("close", len(candidates))
    if len(candidates) <= run.options.close_confirm_max:
        gone, still_there = await confirm_gone(run, candidates)
        info.update(confirmed_gone=len(gone), still_on_board=len(still_there))
        triaged = triage(run, still_there, None)
        await resolve(run, triaged)
        await close_and_checkpoint(run, gone)
        if triaged.changed or triaged.unchanged or triaged.quarantine:
            await write(run, triaged, touch=True, scan=None, page=None)
        return
    allowed = max(run.options.close_confirm_max, int(open_count * run.options.max_close_fraction))
    info.update(allowed=allowed, open=open_count)
    if not scan.consistent:
        info["skipped"] = "the board changed during the scan; closing waits for the next sync"
        log.warning(
            "laboredge sync: %d jobs look gone but the board changed during the scan; "
            "not closing them",
            len(candidates),
        )
        return
    if len(candidates) > allowed:
        await mark_scan_done(run)
        raise CloseRefused(
            f"refused to close {len(candidates)} missing jobs: at most {allowed} "
            f"({run.options.max_close_fraction:.0%} of {open_count} open) may close at once"
        )
    await close_and_checkpoint(run, candidates)


async def close_and_checkpoint(run: Run, job_ids: Sequence[int]) -> None:
    """Close the jobs and save the run's counters in the same transaction."""
    async with run.engine.begin() as conn:
        run.counts.closed += await close_jobs(conn, job_ids)
        await checkpoint_run(conn, run.id, run.counts)


async def confirm_gone(run: Run, job_ids: Sequence[int]) -> tuple[list[int], list[Any]]:
    """Ask the detail endpoint about each job: (gone ids, records still on the board)."""
    semaphore = asyncio.Semaphore(run.options.detail_concurrency)
    client = run.client

    async def one(job_id: int) -> tuple[int, Any, bool]:
        async with semaphore:
            try:
                return job_id, await client.get_job(job_id), True
            except LaborEdgeError as exc:
                log.warning("laboredge detail of job %d failed: %s", job_id, exc)
                return job_id, None, False

    gone: list[int] = []
    found: list[Any] = []
    for job_id, record, answered in await asyncio.gather(*(one(j) for j in job_ids)):
        if not answered:
            run.counts.errors += 1
        elif record is None:
            gone.append(job_id)
        else:
            found.append(record)
    return gone, found
