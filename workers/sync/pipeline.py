"""LaborEdge job sync: the entry points (a plain module, no Celery).

:func:`run_sync` brings ``jobs`` in line with the LaborEdge job board; the
stores of :mod:`data_layer.sync` do every write. One run:

1. takes the sync's advisory lock on a connection of its own; when another
   sync holds it, a ``skipped`` run is recorded and returned;
2. marks runs left ``running`` by a dead process failed, and (full sync) resumes
   the last failed full run from its cursor, closing later with that run's
   start as ``seen_since`` (:mod:`.run`);
3. syncs the master lists first when the database has none, and again (once)
   when records name master ids we do not know; job statuses, which LaborEdge
   has no list of, are created from the records (:mod:`.master`);
4. streams the board page by page: page N+1 is fetched while page N is mapped,
   and page N+1 is mapped while page N is written. Each record's
   :func:`~workers.laboredge.mapping.content_hash` is compared with the hash
   already stored (loaded once at the start); only new or changed records are
   mapped and written. Every page is one transaction: bulk upsert,
   quarantine of malformed records (with every reason), run checkpoint
   (:mod:`.scan`);
5. after a *complete* scan, closes the open upstream jobs it did not see. Up to
   ``close_confirm_max`` of them are each confirmed gone with a detail call (a
   job that is still there was missed because the board shifted under the
   paging: it is stored instead); more than that are closed only when the scan
   was consistent (the board's count never changed) and not more than
   ``max_close_fraction`` of the open jobs (:mod:`.closing`).

Full sync moves ``last_synced_at`` of every job it sees (needed to resume and to
close). Incremental sync writes only what changed: it asks the board for the
jobs modified since the last successful sync (``modifiedSince``, with a
margin), then compares the board's count with the open jobs in the database;
only when they differ (jobs closed, or the server ignored the filter) does it
scan the whole board - still writing only changes - and close what it did not
see. Without a previous successful sync it scans the whole board.

:func:`run_refresh` re-reads named jobs (the webhook), :func:`run_master_sync`
the master lists, :func:`run_embeddings` embeds new and changed jobs. The Celery
tasks of :mod:`workers.sync.tasks` and the foreground CLI both call them;
importing this module builds no Celery app.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final, Literal

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from config.settings import Settings
from data_layer.embeddings.jobs import embed_pending_jobs
from data_layer.embeddings.model import TextEncoder, get_embedding_model
from data_layer.models.base import utcnow
from data_layer.models.operations import SyncRunKind
from data_layer.sync.closing import count_open_upstream_jobs
from data_layer.sync.locks import SYNC_LOCK_KEY, sync_lock
from data_layer.sync.master import load_lookups
from data_layer.sync.runs import (
    SyncRunInfo,
    get_run,
    last_successful_sync_start,
    record_skipped_run,
)
from workers.sync.closing import close_and_checkpoint, close_missing, confirm_gone
from workers.sync.master import master_phase
from workers.sync.options import (
    PageHook,
    ProgressFn,
    SyncKind,
    SyncOptions,
    options_of,
    run_engine,
)
from workers.sync.options import sync_log as log
from workers.sync.run import Run, execute, mark_scan_done
from workers.sync.scan import (
    Scan,
    load_open_quarantine,
    prepare,
    resolve,
    scan_board,
    triage,
    write,
)

__all__ = [
    "EMBED_LOCK_KEY",
    "REFRESH_MAX_IDS",
    "SyncBusy",
    "changed_jobs",
    "record_skipped",
    "run_embeddings",
    "run_master_sync",
    "run_refresh",
    "run_summary",
    "run_sync",
]

EMBED_LOCK_KEY: Final = SYNC_LOCK_KEY + 1
"""Advisory lock of the embedding backfill (one at a time; the running one picks up new jobs)."""

REFRESH_MAX_IDS: Final = 500
"""Most job ids one refresh accepts (the webhook's limit too)."""


class SyncBusy(RuntimeError):
    """Another sync holds the lock (raised by :func:`run_refresh`; its task retries later)."""


# ======================================================================= phases
def _iso_ms(moment: datetime.datetime) -> str:
    """LaborEdge's timestamp format, e.g. ``2026-11-26T07:26:35.123Z``."""
    moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}Z"


async def _full(run: Run) -> None:
    await prepare(run)
    board = Scan("full", None, start=run.resume.start, anchor=run.resume.anchor)
    await scan_board(run, board, touch=True)
    if board.restart:
        run.details["resume_restarted"] = True
        board = Scan("full", None)
        await scan_board(run, board, touch=True)
    if board.complete:
        await close_missing(run, board, seen_since=run.seen_since)
        await mark_scan_done(run)
    else:
        run.details["close"] = {"skipped": "the scan did not reach the end of the board"}


async def _incremental(run: Run) -> None:
    await prepare(run)
    watermark = None
    if run.options.use_modified_since:
        async with run.engine.connect() as conn:
            watermark = await last_successful_sync_start(conn)
    if watermark is not None:
        since = watermark - datetime.timedelta(seconds=run.options.modified_since_margin_s)
        changes = Scan("changes", {"modifiedSince": _iso_ms(since)})
        await scan_board(run, changes, touch=False)
        board = await run.client.search_jobs(0, 1)
        async with run.engine.connect() as conn:
            db_open = await count_open_upstream_jobs(conn)
        expected = db_open + len(changes.unstored)
        run.details["count_check"] = {
            "modified_since": _iso_ms(since),
            "board": board.count,
            "open_in_db": db_open,
            "unstored": len(changes.unstored),
        }
        if board.count == expected:
            run.details["close"] = {"skipped": "board and database agree: nothing closed"}
            return
    scan_started = utcnow()
    board_scan = Scan("scan", None)
    await scan_board(run, board_scan, touch=False)
    if board_scan.complete:
        await close_missing(run, board_scan, seen_since=scan_started)
    else:
        run.details["close"] = {"skipped": "the scan did not reach the end of the board"}


async def _refresh(run: Run, job_ids: Sequence[int]) -> None:
    async with run.engine.connect() as conn:
        run.known.lookups = await load_lookups(conn)
        await load_open_quarantine(run, conn)
    gone, found = await confirm_gone(run, job_ids)
    run.counts.fetched += len(found)
    triaged = triage(run, found, None)  # no stored hashes loaded: every record is mapped
    await resolve(run, triaged)
    await write(run, triaged, touch=True, scan=None, page=None)
    if gone:
        await close_and_checkpoint(run, gone)
    run.details["refresh"] = {"requested": len(job_ids), "gone": gone[:100]}


# ============================================================= public entry points
async def _locked(
    target: Settings | SyncOptions,
    kind: SyncRunKind,
    engine: AsyncEngine | None,
    work: Callable[[Run], Awaitable[None]],
    *,
    progress: ProgressFn | None = None,
    after_page: PageHook | None = None,
    busy: Literal["skip", "raise"] = "skip",
) -> SyncRunInfo:
    options = options_of(target)
    own = engine is None
    db = engine if engine is not None else run_engine(options.database_url)
    try:
        async with sync_lock(db) as acquired:
            if not acquired:
                if busy == "raise":
                    raise SyncBusy("another LaborEdge sync holds the lock")
                async with db.begin() as conn:
                    run_id = await record_skipped_run(conn, kind)
                    info = await get_run(conn, run_id)
                log.info(
                    "laboredge %s sync skipped: another sync is running",
                    kind.value,
                    extra={"run_id": str(run_id)},
                )
                assert info is not None
                return info
            run = Run(db, options, kind, progress, after_page)
            return await execute(run, work)
    finally:
        if own:
            await db.dispose()


async def run_sync(
    target: Settings | SyncOptions,
    kind: SyncKind = "full",
    *,
    progress: ProgressFn | None = None,
    engine: AsyncEngine | None = None,
    after_page: PageHook | None = None,
) -> SyncRunInfo:
    """Sync the job board into ``jobs`` (see the module docstring); returns the run record.

    ``status`` is ``skipped`` when another sync holds the lock, ``failed`` (with
    ``error_message``) when LaborEdge kept failing or the database refused the
    run; every page stored before a failure stays stored (whole) and the next
    full sync resumes after it. ``progress`` is called after every page;
    ``after_page(n)`` after page n is committed (exceptions it raises that are
    not ``Exception``s propagate like a crash, leaving the run ``running``).
    """
    if kind not in ("full", "incremental"):
        raise ValueError(f"kind must be 'full' or 'incremental', not {kind!r}")
    run_kind = SyncRunKind(kind)
    work = _full if run_kind is SyncRunKind.FULL else _incremental
    return await _locked(target, run_kind, engine, work, progress=progress, after_page=after_page)


async def run_refresh(
    target: Settings | SyncOptions,
    job_ids: Sequence[int],
    *,
    engine: AsyncEngine | None = None,
) -> SyncRunInfo:
    """Re-read the named jobs: found -> upserted (reopened if closed), gone (404) -> closed.

    Raises :class:`SyncBusy` when a sync holds the lock (the task retries later).
    """
    ids = list(dict.fromkeys(int(j) for j in job_ids if int(j) > 0))[:REFRESH_MAX_IDS]

    async def work(run: Run) -> None:
        await _refresh(run, ids)

    return await _locked(target, SyncRunKind.REFRESH, engine, work, busy="raise")


async def run_master_sync(
    target: Settings | SyncOptions, *, engine: AsyncEngine | None = None
) -> SyncRunInfo:
    """Fetch and store the LaborEdge master lists (``kind = master`` run)."""
    return await _locked(target, SyncRunKind.MASTER, engine, master_phase)


async def run_embeddings(
    target: Settings | SyncOptions,
    *,
    model: TextEncoder | None = None,
    limit: int | None = None,
    engine: AsyncEngine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int | None:
    """Embed the jobs whose embedding is missing or stale; None if another backfill runs."""
    options = options_of(target)
    own = engine is None
    db = engine if engine is not None else run_engine(options.database_url)
    try:
        async with sync_lock(db, EMBED_LOCK_KEY) as acquired:
            if not acquired:
                log.info("job embeddings: another backfill is running")
                return None
            started = time.perf_counter()
            encoder = model or get_embedding_model()
            factory = async_sessionmaker(db, expire_on_commit=False)
            done = await embed_pending_jobs(
                factory, encoder, options.embed_batch, progress, limit=limit
            )
            log.info(
                "job embeddings: %d embedded in %.1fs",
                done,
                time.perf_counter() - started,
                extra={"embedded": done},
            )
            return done
    finally:
        if own:
            await db.dispose()


async def record_skipped(target: Settings | SyncOptions, kind: SyncRunKind, reason: str) -> None:
    """Record a run that did not happen (a refresh that gave up waiting for the lock)."""
    options = options_of(target)
    db = run_engine(options.database_url)
    try:
        async with db.begin() as conn:
            await record_skipped_run(conn, kind, reason)
    finally:
        await db.dispose()


# ===================================================================== summaries
def run_summary(info: SyncRunInfo) -> dict[str, Any]:
    """A run as JSON-friendly values (task results, CLI, ops)."""
    return {
        "run_id": str(info.id),
        "kind": info.kind.value,
        "status": info.status.value,
        **info.counts.as_dict(),
        "error": info.error_message,
        "started_at": info.started_at.isoformat(),
        "duration_s": info.duration_s,
    }


def changed_jobs(info: SyncRunInfo) -> bool:
    """Whether the run stored new or changed job content (embeddings to compute)."""
    return info.inserted + info.updated + info.reopened > 0
