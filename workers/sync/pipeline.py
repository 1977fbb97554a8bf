"""LaborEdge job sync: the orchestration (a plain module, no Celery).

:func:`run_sync` brings ``jobs`` in line with the LaborEdge job board; the
store functions of :mod:`data_layer.sync.store` do every write. One run:

1. takes the sync's advisory lock on a connection of its own; when another
   sync holds it, a ``skipped`` run is recorded and returned;
2. marks runs left ``running`` by a dead process failed, and (full sync) resumes
   the last failed full run from its cursor, closing later with that run's
   start as ``seen_since``;
3. syncs the master lists first when the database has none, and again (once)
   when records name master ids we do not know; job statuses, which LaborEdge
   has no list of, are created from the records;
4. streams the board page by page: page N+1 is fetched while page N is mapped,
   and page N+1 is mapped while page N is written. Each record's
   :func:`~workers.laboredge.mapping.content_hash` is compared with the hash
   already stored (loaded once at the start); only new or changed records are
   mapped and written. Every page is one transaction: bulk upsert,
   quarantine of malformed records (with every reason), run checkpoint;
5. after a *complete* scan, closes the open upstream jobs it did not see. Up to
   ``close_confirm_max`` of them are each confirmed gone with a detail call (a
   job that is still there was missed because the board shifted under the
   paging: it is stored instead); more than that are closed only when the scan
   was consistent (the board's count never changed) and not more than
   ``max_close_fraction`` of the open jobs.

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

import asyncio
import contextlib
import datetime
import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal
from uuid import UUID

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.embeddings.service import TextEncoder, embed_pending_jobs, get_embedding_model
from data_layer.models.base import utcnow
from data_layer.models.operations import SyncRun, SyncRunKind, SyncRunStatus
from data_layer.sync import store as js
from workers.laboredge import mapping
from workers.laboredge.client import JobPage, LaborEdgeClient, LaborEdgeError
from workers.laboredge.config import LaborEdgeConfig

__all__ = [
    "EMBED_LOCK_KEY",
    "MASTER_SYNC_LISTS",
    "SyncBusy",
    "SyncKind",
    "SyncOptions",
    "SyncProgress",
    "changed_jobs",
    "record_skipped",
    "run_embeddings",
    "run_master_sync",
    "run_refresh",
    "run_summary",
    "run_sync",
]

log = logging.getLogger(__name__)

SyncKind = Literal["full", "incremental"]

MASTER_SYNC_LISTS: Final = (
    "countries",
    "professions",
    "specialties",
    "states",
    "referralsources",
    "candidatetypes",
    "candidatestatuses",
)
"""LaborEdge master lists stored by the sync, parents first (``upsert_master`` names)."""

EMBED_LOCK_KEY: Final = js.SYNC_LOCK_KEY + 1
"""Advisory lock of the embedding backfill (one at a time; the running one picks up new jobs)."""

MASTER_RESYNC_MIN_S: Final = 900
"""Unknown master ids in records re-sync the master lists at most this often."""

REFRESH_MAX_IDS: Final = 500
"""Most job ids one refresh accepts (the webhook's limit too)."""


class SyncBusy(RuntimeError):
    """Another sync holds the lock (raised by :func:`run_refresh`; its task retries later)."""


class _CloseRefused(RuntimeError):
    """More jobs look gone than a sync may close: nothing was closed."""


# ============================================================== options, progress
@dataclass(frozen=True, slots=True)
class SyncOptions:
    """What a sync needs besides the database and LaborEdge: built from settings or by tests."""

    database_url: str
    laboredge: LaborEdgeConfig
    max_close_fraction: float = 0.5
    close_confirm_max: int = 200
    modified_since_margin_s: float = 600.0
    use_modified_since: bool = True
    """False: incremental syncs always scan the whole board (hash comparison only)."""
    resume_max_age_s: float = 6 * 3600.0
    """A failed full run older than this is not resumed (a new full scan starts)."""
    detail_concurrency: int = 8
    """Concurrent detail calls when confirming missing jobs and refreshing."""
    embed_batch: int = 256

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> SyncOptions:
        values: dict[str, Any] = {
            "database_url": settings.effective_database_url,
            "laboredge": LaborEdgeConfig.from_settings(settings),
            "max_close_fraction": float(settings.sync_max_close_fraction),
            "close_confirm_max": int(settings.sync_close_confirm_max),
            "modified_since_margin_s": float(settings.sync_modified_since_margin_s),
            "embed_batch": int(settings.sync_embed_batch),
        }
        values.update(overrides)
        return cls(**values)


def _options(target: Settings | SyncOptions) -> SyncOptions:
    return target if isinstance(target, SyncOptions) else SyncOptions.from_settings(target)


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Reported after every stored page (and at phase changes)."""

    phase: str
    """``master``, ``full``/``scan`` (the whole board), ``changes`` (modifiedSince), ``close``,
    ``done``."""
    pages: int
    fetched: int
    total: int | None
    """The board's count in the current phase (None before the first page)."""
    done: int
    """Records of the current phase handled so far."""
    counts: js.SyncCounts


ProgressFn = Callable[[SyncProgress], None]
PageHook = Callable[[int], None]
"""Called with the run's page number after each page is committed (tests inject crashes)."""


def _engine(url: str) -> AsyncEngine:
    # One engine per run, disposed at its end: a small pool, never shared across event loops.
    return create_async_engine(url, pool_size=3, max_overflow=3, pool_recycle=1800)


def _iso_ms(moment: datetime.datetime) -> str:
    """LaborEdge's timestamp format, e.g. ``2026-11-26T07:26:35.123Z``."""
    moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}Z"


def _job_id(record: Any) -> int | None:
    """The record's ``jobId`` as an int, if it has a usable one (for the seen set)."""
    if not isinstance(record, Mapping):
        return None
    value = record.get("jobId")
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
        return number if 0 < number < 2**31 else None
    return None


def _mapper_lookups(lookups: js.Lookups) -> mapping.Lookups:
    return mapping.Lookups(
        professions=lookups.professions,
        specialties=lookups.specialties,
        states=lookups.states,
        states_by_code=lookups.states_by_code,
        states_by_name=lookups.states_by_name,
        job_statuses=lookups.job_statuses,
        job_statuses_by_code=lookups.job_statuses_by_code,
    )


def _quarantine_key(external_job_id: int | None, reason: str, raw: Any) -> tuple[Any, ...]:
    if external_job_id is not None:
        return (external_job_id, reason)
    return (None, reason, mapping.content_hash(raw))


_UPSTREAM_OPEN = (
    "external_job_id IS NOT NULL AND external_job_id < CAST(:limit AS INTEGER) "
    "AND closed_at IS NULL"
)
_KNOWN_HASHES_SQL = text(f"SELECT external_job_id, content_hash FROM jobs WHERE {_UPSTREAM_OPEN}")
_OPEN_COUNT_SQL = text(f"SELECT count(*) FROM jobs WHERE {_UPSTREAM_OPEN}")
_CANDIDATES_SQL = text(
    f"SELECT external_job_id FROM jobs WHERE {_UPSTREAM_OPEN} "
    "AND last_synced_at < CAST(:seen_since AS TIMESTAMPTZ) "
    "AND NOT (external_job_id = ANY(CAST(:seen AS INTEGER[]))) ORDER BY external_job_id"
)


# ============================================================== one page's triage
@dataclass(slots=True)
class _Triage:
    changed: list[mapping.MappedJob] = field(default_factory=list)
    unchanged: list[tuple[int, str]] = field(default_factory=list)
    quarantine: list[js.QuarantineRecord] = field(default_factory=list)
    resolvable: list[tuple[Any, str, mapping.Quarantine]] = field(default_factory=list)
    raw: dict[int, Any] = field(default_factory=dict)
    """Raw records of ``changed`` by job id (to quarantine what the database refuses)."""


@dataclass(slots=True)
class _Scan:
    """One pass over the job board (optionally filtered)."""

    phase: str
    filters: dict[str, Any] | None
    start: int = 0
    seen: set[int] = field(default_factory=set)
    records: int = 0
    page_counts: set[int] = field(default_factory=set)
    next_start: int = 0
    last_count: int | None = None
    complete: bool = False
    unstored: set[int] = field(default_factory=set)
    """Job ids of records this scan quarantined that are not in the database."""
    last_job_id: int | None = None
    anchor: int | None = None
    """Resuming: the last job id stored before; the first page must reach back to it."""
    restart: bool = False
    """The board shifted past the resume overlap: scan again from the start."""

    @property
    def consistent(self) -> bool:
        """The board's count never changed and every position was read exactly once."""
        return (
            self.complete
            and len(self.page_counts) <= 1
            and self.last_count is not None
            and self.records == self.last_count - self.start
        )


# ======================================================================= the run
class _Run:
    """One locked run: its record, counters, client and the state shared by its phases."""

    def __init__(
        self,
        engine: AsyncEngine,
        options: SyncOptions,
        kind: SyncRunKind,
        progress: ProgressFn | None = None,
        after_page: PageHook | None = None,
    ) -> None:
        self.engine = engine
        self.options = options
        self.kind = kind
        self.progress = progress
        self.after_page = after_page
        self.counts = js.SyncCounts()
        self.details: dict[str, Any] = {}
        self.run_id: UUID | None = None
        self.started_at = utcnow()
        self.seen_since = self.started_at
        self.resume_start = 0
        self.resume_stopped_at = 0
        self.resume_anchor: int | None = None
        self._client: LaborEdgeClient | None = None
        self.lookups = mapping.Lookups()
        self.known: dict[int, str] = {}
        self.open_quarantine: set[tuple[Any, ...]] = set()
        self.open_quarantine_ids: set[int] = set()
        self.master_synced = False
        self.quarantine_repeats = 0
        self._page_no = 0
        self._phase = ""
        self._phase_done = 0

    @property
    def client(self) -> LaborEdgeClient:
        if self._client is None:
            raise RuntimeError("the LaborEdge client is not open")
        return self._client

    # ---------------------------------------------------------------- lifecycle
    async def begin(self) -> None:
        async with self.engine.begin() as conn:
            abandoned = await js.fail_abandoned_runs(conn)
            resume: js.SyncRunInfo | None = None
            if self.kind is SyncRunKind.FULL:
                resume = await js.last_resumable_run(conn, SyncRunKind.FULL)
                resume = resume if resume is not None and self._resumable(resume) else None
            if resume is not None and resume.cursor is not None:
                # Jobs may have left the board before the cursor since: start one page earlier
                # and make sure the first page reaches back to the last job stored.
                stopped_at = max(0, int(resume.cursor.get("start") or 0))
                self.resume_stopped_at = stopped_at
                self.resume_start = max(0, stopped_at - self.options.laboredge.page_size)
                anchor = resume.cursor.get("last_job_id")
                self.resume_anchor = anchor if isinstance(anchor, int) else None
                original = resume.cursor.get("seen_since")
                self.seen_since = (
                    datetime.datetime.fromisoformat(original)
                    if isinstance(original, str)
                    else resume.started_at
                )
                self.details["resumed_from"] = str(resume.id)
                self.details["resumed_at"] = self.resume_start
            if abandoned:
                self.details["abandoned_runs"] = [str(r.id) for r in abandoned]
            self.run_id = await js.start_run(
                conn,
                self.kind,
                started_at=self.started_at,
                # (a run that fails before its first page is resumed from the same place)
                cursor=self._cursor(self.resume_stopped_at, None, last_job_id=self.resume_anchor),
                details=self.details,
            )
        if abandoned:
            log.warning(
                "laboredge sync: %d abandoned run(s) marked failed",
                len(abandoned),
                extra={"runs": [str(r.id) for r in abandoned]},
            )
        log.info(
            "laboredge %s sync started (run %s)%s",
            self.kind.value,
            self.run_id,
            f", resuming run {self.details['resumed_from']} at {self.resume_start}"
            if "resumed_from" in self.details
            else "",
            extra={"run_id": str(self.run_id), "kind": self.kind.value},
        )

    def _resumable(self, run: js.SyncRunInfo) -> bool:
        cursor = run.cursor or {}
        if cursor.get("complete") or cursor.get("scan") != "full":
            return False
        age = (utcnow() - run.started_at).total_seconds()
        return age <= self.options.resume_max_age_s

    def _cursor(self, start: int, count: int | None, **extra: Any) -> dict[str, Any]:
        return {
            "scan": "full" if self.kind is SyncRunKind.FULL else self._phase or self.kind.value,
            "start": start,
            "count": count,
            "seen_since": self.seen_since.isoformat(),
            **extra,
        }

    async def finish(self, status: SyncRunStatus, error: str | None) -> js.SyncRunInfo:
        assert self.run_id is not None
        if self._client is not None:
            stats = self._client.stats
            self.details["client"] = {
                "requests": stats.requests,
                "retries": stats.retries,
                "rate_limited": stats.rate_limited,
                "server_errors": stats.server_errors,
                "transport_errors": stats.transport_errors,
                "auth_retries": stats.auth_retries,
                "token_requests": stats.token_requests,
                "slept_s": round(stats.slept_s, 3),
            }
        if self.quarantine_repeats:
            self.details["quarantine_repeats"] = self.quarantine_repeats
        self.details["elapsed_s"] = round((utcnow() - self.started_at).total_seconds(), 3)
        async with self.engine.begin() as conn:
            await js.finish_run(conn, self.run_id, self.counts, status, error, details=self.details)
            info = await js.get_run(conn, self.run_id)
        assert info is not None
        self._report("done", None)
        log_fn = log.info if status is SyncRunStatus.SUCCEEDED else log.error
        log_fn(
            "laboredge %s sync %s in %.1fs: %s%s",
            self.kind.value,
            status.value,
            info.duration_s or 0.0,
            ", ".join(f"{k}={v}" for k, v in self.counts.as_dict().items()),
            f"; error: {error}" if error else "",
            extra={"run_id": str(self.run_id), **self.counts.as_dict()},
        )
        return info

    async def execute(self, work: Callable[[], Awaitable[None]]) -> js.SyncRunInfo:
        """Run ``work`` with an open client; record the outcome (crashes leave ``running``)."""
        await self.begin()
        try:
            async with LaborEdgeClient(self.options.laboredge) as client:
                self._client = client
                await work()
        except LaborEdgeError as exc:
            self.counts.errors += 1
            return await self.finish(SyncRunStatus.FAILED, f"LaborEdge: {exc}")
        except _CloseRefused as exc:
            self.counts.errors += 1
            return await self.finish(SyncRunStatus.FAILED, str(exc))
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.shield(self.finish(SyncRunStatus.FAILED, "cancelled"))
            raise
        except Exception as exc:
            log.exception("laboredge %s sync crashed", self.kind.value)
            self.counts.errors += 1
            return await self.finish(SyncRunStatus.FAILED, f"{type(exc).__name__}: {exc}")
        return await self.finish(SyncRunStatus.SUCCEEDED, None)

    def _report(self, phase: str, total: int | None) -> None:
        if self.progress is not None:
            self.progress(
                SyncProgress(
                    phase=phase,
                    pages=self.counts.pages,
                    fetched=self.counts.fetched,
                    total=total,
                    done=self._phase_done,
                    counts=replace(self.counts),
                )
            )

    # ------------------------------------------------------------- preparation
    async def prepare(self) -> None:
        """Lookups (syncing the master lists if there are none), stored hashes, open quarantine."""
        async with self.engine.connect() as conn:
            lookups = await js.load_lookups(conn)
        if not lookups.professions or not lookups.specialties:
            await self.sync_master(reason="no master data in the database")
        else:
            self.lookups = _mapper_lookups(lookups)
        async with self.engine.connect() as conn:
            rows = await conn.execute(_KNOWN_HASHES_SQL, {"limit": js.UPSTREAM_JOB_ID_LIMIT})
            self.known = {int(ext): str(h) for ext, h in rows if h is not None}
            for item in await js.list_quarantine(conn, limit=100_000):
                self.open_quarantine.add(
                    _quarantine_key(item.external_job_id, item.reason, item.raw_payload)
                )
                if item.external_job_id is not None:
                    self.open_quarantine_ids.add(item.external_job_id)

    async def _master_synced_recently(self) -> bool:
        """A run synced the master lists less than :data:`MASTER_RESYNC_MIN_S` ago."""
        since = utcnow() - datetime.timedelta(seconds=MASTER_RESYNC_MIN_S)
        async with self.engine.connect() as conn:
            found = await conn.scalar(
                select(func.count())
                .select_from(SyncRun)
                .where(
                    SyncRun.started_at >= since,
                    SyncRun.status != SyncRunStatus.SKIPPED,
                    (SyncRun.kind == SyncRunKind.MASTER) | SyncRun.details.has_key("master"),
                )
            )
        return bool(found)

    async def reload_lookups(self) -> None:
        async with self.engine.connect() as conn:
            self.lookups = _mapper_lookups(await js.load_lookups(conn))

    async def sync_master(self, reason: str) -> None:
        self._report("master", None)
        started = time.perf_counter()
        results = await sync_master_lists(self.client, self.engine)
        self.master_synced = True
        self.details["master"] = {
            "reason": reason,
            "elapsed_s": round(time.perf_counter() - started, 3),
            **results,
        }
        await self.reload_lookups()
        log.info("laboredge master lists synced (%s)", reason, extra={"lists": results})

    # ------------------------------------------------------------------ triage
    def triage(self, records: Iterable[Any], scan: _Scan | None) -> _Triage:
        """Hash every record; map only the new/changed ones; sort out the malformed."""
        out = _Triage()
        known = self.known
        lookups = self.lookups
        for record in records:
            job_id = _job_id(record)
            if scan is not None:
                scan.records += 1
                if job_id is not None:
                    scan.seen.add(job_id)
            digest = mapping.content_hash(record)
            if job_id is not None and known.get(job_id) == digest:
                out.unchanged.append((job_id, digest))
                continue
            result = mapping.map_job(record, lookups, record_hash=digest)
            if isinstance(result, mapping.MappedJob):
                out.changed.append(result)
                out.raw[result.external_job_id] = record
            elif result.unresolved:  # resolve first, so the reasons stored are the final ones
                out.resolvable.append((record, digest, result))
            else:
                out.quarantine.append(
                    js.QuarantineRecord(result.external_job_id, result.reason, record)
                )
        return out

    async def resolve(self, triage: _Triage) -> None:
        """Unknown master ids: sync the master lists (once a run), create job statuses, remap."""
        if not triage.resolvable:
            return
        if not self.master_synced and not await self._master_synced_recently():
            await self.sync_master(reason="records name unknown master ids")
        self.master_synced = True  # at most one attempt per run
        statuses: dict[int, dict[str, Any]] = {}
        for _, _, quarantined in triage.resolvable:
            for ref in quarantined.unresolved:
                if ref.kind == "job_status" and ref.external_id is not None and ref.code:
                    name = ref.name or ref.code.replace("_", " ").title()
                    statuses[ref.external_id] = {
                        "id": ref.external_id,
                        "code": ref.code,
                        "name": name,
                    }
        if statuses:
            async with self.engine.begin() as conn:
                stored = await js.upsert_master(conn, "jobstatuses", list(statuses.values()))
            created = self.details.setdefault("job_statuses_created", [])
            created.extend(sorted(statuses))
            log.info("laboredge sync: %d job status(es) created from records", stored.upserted)
            await self.reload_lookups()
        for record, digest, _ in triage.resolvable:
            result = mapping.map_job(record, self.lookups, record_hash=digest)
            if isinstance(result, mapping.MappedJob):
                triage.changed.append(result)
                triage.raw[result.external_job_id] = record
            else:
                triage.quarantine.append(
                    js.QuarantineRecord(result.external_job_id, result.reason, record)
                )
        triage.resolvable = []

    # ------------------------------------------------------------------- write
    def _new_quarantine(self, records: Sequence[js.QuarantineRecord]) -> list[js.QuarantineRecord]:
        fresh: list[js.QuarantineRecord] = []
        for item in records:
            key = _quarantine_key(item.external_job_id, item.reason, item.raw)
            if key in self.open_quarantine:
                self.quarantine_repeats += 1
                continue
            self.open_quarantine.add(key)
            fresh.append(item)
        return fresh

    async def write(
        self, triage: _Triage, *, touch: bool, scan: _Scan | None, page: JobPage | None
    ) -> js.UpsertCounts:
        """Store one page (or one refresh) in one transaction with its checkpoint."""
        assert self.run_id is not None
        synced_at = utcnow()
        counts = replace(self.counts)
        async with self.engine.begin() as conn:
            upserted = js.UpsertCounts()
            if triage.changed:
                upserted = await js.upsert_jobs(
                    conn, triage.changed, synced_at, touch_unchanged=touch
                )
            if touch and triage.unchanged:
                # Known, open and identical: only ``last_synced_at`` moves.
                await js.upsert_jobs(
                    conn,
                    [
                        js.JobRow({"external_job_id": job_id, "content_hash": digest})
                        for job_id, digest in triage.unchanged
                    ],
                    synced_at,
                )
            rejected = {r.external_job_id for r in upserted.rejected}
            to_quarantine = list(triage.quarantine) + [
                js.QuarantineRecord(r.external_job_id, r.reason, triage.raw.get(r.external_job_id))
                for r in upserted.rejected
            ]
            stored_quarantined = await js.quarantine(
                conn, self.run_id, self._new_quarantine(to_quarantine)
            )
            stored = [
                job.external_job_id for job in triage.changed if job.external_job_id not in rejected
            ]
            healed = [job_id for job_id in stored if job_id in self.open_quarantine_ids]
            if healed:
                await js.resolve_quarantine(conn, healed)
            counts.add_upsert(upserted)
            counts.unchanged += len(triage.unchanged)
            counts.quarantined += stored_quarantined
            if page is not None:
                counts.pages += 1
                counts.fetched += len(page.records)
            cursor = None
            if page is not None and scan is not None:
                ids = [i for i in map(_job_id, page.records) if i is not None]
                cursor = self._cursor(
                    page.start + len(page.records),
                    page.count,
                    phase=scan.phase,
                    last_job_id=ids[-1] if ids else scan.last_job_id,
                )
                scan.last_job_id = cursor["last_job_id"]
            await js.checkpoint_run(conn, self.run_id, counts, cursor)
        # committed: the in-memory view follows
        self.counts = counts
        for job in triage.changed:
            if job.external_job_id not in rejected:
                self.known[job.external_job_id] = job.content_hash
        for job_id in healed:
            self.open_quarantine_ids.discard(job_id)
        if scan is not None:
            scan.unstored.update(
                q.external_job_id
                for q in to_quarantine
                if q.external_job_id is not None and q.external_job_id not in self.known
            )
        if page is not None:
            self._page_no += 1
            self._phase_done += len(page.records)
            self._report(self._phase, page.count)
            if self.after_page is not None:
                self.after_page(self._page_no)
        return upserted

    # -------------------------------------------------------------------- scan
    async def _pages(self, scan: _Scan) -> AsyncGenerator[JobPage, None]:
        """The board's pages from ``scan.start``, fetched one page ahead of the consumer."""
        size = self.options.laboredge.page_size
        queue: asyncio.Queue[JobPage | Exception | None] = asyncio.Queue(maxsize=2)
        client = self.client

        async def produce() -> None:
            start = scan.start
            try:
                while True:
                    page = await client.search_jobs(start, size, scan.filters)
                    await queue.put(page)
                    if not page.records:
                        break
                    start += len(page.records)
                    if start >= page.count:
                        break
                await queue.put(None)
            except Exception as exc:  # handed to the consumer, which raises it
                await queue.put(exc)

        producer = asyncio.create_task(produce())
        try:
            while True:
                item = await queue.get()
                if item is None:
                    return
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            producer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await producer

    async def scan(self, scan: _Scan, *, touch: bool) -> None:
        """Read the board (per ``scan``), writing each page while mapping the next."""
        self._phase = scan.phase
        self._phase_done = 0
        scan.next_start = scan.start
        pending: asyncio.Task[js.UpsertCounts] | None = None
        try:
            async with contextlib.aclosing(self._pages(scan)) as pages:
                async for page in pages:
                    scan.page_counts.add(page.count)
                    scan.last_count = page.count
                    if not page.records:
                        scan.complete = page.start >= page.count
                        if not scan.complete:
                            log.warning(
                                "laboredge board ended early at %d of %d: the scan is incomplete",
                                page.start,
                                page.count,
                            )
                        break
                    if scan.anchor is not None and page.start > 0:
                        ids = [i for i in map(_job_id, page.records) if i is not None]
                        anchor, scan.anchor = scan.anchor, None
                        if ids and min(ids) > anchor:
                            log.warning(
                                "laboredge board shifted past the resume point: "
                                "scanning again from the start"
                            )
                            scan.restart = True
                            break
                    triage = self.triage(page.records, scan)
                    if triage.resolvable:
                        if pending is not None:
                            await pending
                            pending = None
                        await self.resolve(triage)
                    if pending is not None:
                        await pending
                    pending = asyncio.create_task(
                        self.write(triage, touch=touch, scan=scan, page=page)
                    )
                    scan.next_start = page.start + len(page.records)
                    if scan.next_start >= page.count:
                        scan.complete = True
            if pending is not None:
                await pending
                pending = None
        finally:
            if pending is not None and not pending.done():
                # Let the page in flight commit (or fail) so the checkpoint stays true.
                with contextlib.suppress(Exception):
                    await asyncio.shield(pending)
        self.details.setdefault("scans", []).append(
            {
                "phase": scan.phase,
                "filters": scan.filters,
                "start": scan.start,
                "records": scan.records,
                "count": scan.last_count,
                "complete": scan.complete,
                "consistent": scan.consistent,
            }
        )

    # ------------------------------------------------------------------- close
    async def close_missing(self, scan: _Scan, *, seen_since: datetime.datetime) -> None:
        """After a complete scan: close the open upstream jobs it did not see."""
        self._phase = "close"
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                _CANDIDATES_SQL,
                {
                    "limit": js.UPSTREAM_JOB_ID_LIMIT,
                    "seen_since": seen_since,
                    "seen": sorted(scan.seen),
                },
            )
            candidates = [int(r[0]) for r in rows]
            open_count = int(
                (await conn.execute(_OPEN_COUNT_SQL, {"limit": js.UPSTREAM_JOB_ID_LIMIT})).scalar()
                or 0
            )
        info: dict[str, Any] = {"missing": len(candidates)}
        self.details["close"] = info
        if not candidates:
            return
        self._report("close", len(candidates))
        if len(candidates) <= self.options.close_confirm_max:
            gone, still_there = await self._confirm_gone(candidates)
            info.update(confirmed_gone=len(gone), still_on_board=len(still_there))
            triage = self.triage(still_there, None)
            await self.resolve(triage)
            async with self.engine.begin() as conn:
                closed = await js.close_jobs(conn, gone)
                self.counts.closed += closed
                assert self.run_id is not None
                await js.checkpoint_run(conn, self.run_id, self.counts)
            if triage.changed or triage.unchanged or triage.quarantine:
                await self.write(triage, touch=True, scan=None, page=None)
            return
        allowed = max(
            self.options.close_confirm_max, int(open_count * self.options.max_close_fraction)
        )
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
            await self._mark_scan_done()
            raise _CloseRefused(
                f"refused to close {len(candidates)} missing jobs: at most {allowed} "
                f"({self.options.max_close_fraction:.0%} of {open_count} open) may close at once"
            )
        async with self.engine.begin() as conn:
            closed = await js.close_jobs(conn, candidates)
            self.counts.closed += closed
            assert self.run_id is not None
            await js.checkpoint_run(conn, self.run_id, self.counts)

    async def _mark_scan_done(self) -> None:
        assert self.run_id is not None
        async with self.engine.begin() as conn:
            await js.checkpoint_run(
                conn, self.run_id, self.counts, self._cursor(0, None, complete=True)
            )

    async def _confirm_gone(self, job_ids: Sequence[int]) -> tuple[list[int], list[Any]]:
        """Ask the detail endpoint about each job: (gone ids, records still on the board)."""
        semaphore = asyncio.Semaphore(self.options.detail_concurrency)
        client = self.client

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
                self.counts.errors += 1
            elif record is None:
                gone.append(job_id)
            else:
                found.append(record)
        return gone, found

    # ------------------------------------------------------------------ phases
    async def full(self) -> None:
        await self.prepare()
        board = _Scan("full", None, start=self.resume_start, anchor=self.resume_anchor)
        await self.scan(board, touch=True)
        if board.restart:
            self.details["resume_restarted"] = True
            board = _Scan("full", None)
            await self.scan(board, touch=True)
        if board.complete:
            await self.close_missing(board, seen_since=self.seen_since)
            await self._mark_scan_done()
        else:
            self.details["close"] = {"skipped": "the scan did not reach the end of the board"}

    async def incremental(self) -> None:
        await self.prepare()
        watermark = await self._watermark() if self.options.use_modified_since else None
        if watermark is not None:
            since = watermark - datetime.timedelta(seconds=self.options.modified_since_margin_s)
            changes = _Scan("changes", {"modifiedSince": _iso_ms(since)})
            await self.scan(changes, touch=False)
            board = await self.client.search_jobs(0, 1)
            async with self.engine.connect() as conn:
                db_open = int(
                    (
                        await conn.execute(_OPEN_COUNT_SQL, {"limit": js.UPSTREAM_JOB_ID_LIMIT})
                    ).scalar()
                    or 0
                )
            expected = db_open + len(changes.unstored)
            self.details["count_check"] = {
                "modified_since": _iso_ms(since),
                "board": board.count,
                "open_in_db": db_open,
                "unstored": len(changes.unstored),
            }
            if board.count == expected:
                self.details["close"] = {"skipped": "board and database agree: nothing closed"}
                return
        scan_started = utcnow()
        board_scan = _Scan("scan", None)
        await self.scan(board_scan, touch=False)
        if board_scan.complete:
            await self.close_missing(board_scan, seen_since=scan_started)
        else:
            self.details["close"] = {"skipped": "the scan did not reach the end of the board"}

    async def _watermark(self) -> datetime.datetime | None:
        """Start of the last successful full or incremental sync."""
        async with self.engine.connect() as conn:
            value = await conn.scalar(
                select(func.max(SyncRun.started_at)).where(
                    SyncRun.status == SyncRunStatus.SUCCEEDED,
                    SyncRun.kind.in_([SyncRunKind.FULL, SyncRunKind.INCREMENTAL]),
                )
            )
        return value if isinstance(value, datetime.datetime) else None

    async def refresh(self, job_ids: Sequence[int]) -> None:
        async with self.engine.connect() as conn:
            self.lookups = _mapper_lookups(await js.load_lookups(conn))
            for item in await js.list_quarantine(conn, limit=100_000):
                self.open_quarantine.add(
                    _quarantine_key(item.external_job_id, item.reason, item.raw_payload)
                )
                if item.external_job_id is not None:
                    self.open_quarantine_ids.add(item.external_job_id)
        gone, found = await self._confirm_gone(job_ids)
        self.counts.fetched += len(found)
        triage = self.triage(found, None)  # known is empty: every record is mapped
        await self.resolve(triage)
        await self.write(triage, touch=True, scan=None, page=None)
        if gone:
            async with self.engine.begin() as conn:
                self.counts.closed += await js.close_jobs(conn, gone)
                assert self.run_id is not None
                await js.checkpoint_run(conn, self.run_id, self.counts)
        self.details["refresh"] = {"requested": len(job_ids), "gone": gone[:100]}

    async def master(self) -> None:
        await self.sync_master(reason="scheduled")
        master = self.details.get("master", {})
        for name in MASTER_SYNC_LISTS:
            result = master.get(name) or {}
            self.counts.fetched += int(result.get("received", 0))
            self.counts.updated += int(result.get("upserted", 0))
            self.counts.errors += int(result.get("skipped", 0))


async def sync_master_lists(client: LaborEdgeClient, engine: AsyncEngine) -> dict[str, Any]:
    """Fetch the master lists and upsert them in one transaction, parents first."""
    # One after the other: small lists, and concurrent calls would all meet the same
    # revoked token (the client retries a 401 once).
    lists = [await client.master(name) for name in MASTER_SYNC_LISTS]
    results: dict[str, Any] = {}
    async with engine.begin() as conn:
        for name, items in zip(MASTER_SYNC_LISTS, lists, strict=True):
            result = await js.upsert_master(conn, name, items)
            results[name] = {
                "received": result.received,
                "upserted": result.upserted,
                "skipped": len(result.skipped),
            }
            for skipped in result.skipped[:5]:
                log.warning(
                    "laboredge master %s: skipped %r: %s", name, skipped.item, skipped.reason
                )
    return results


# ============================================================= public entry points
async def _locked(
    target: Settings | SyncOptions,
    kind: SyncRunKind,
    engine: AsyncEngine | None,
    work: Callable[[_Run], Awaitable[None]],
    *,
    progress: ProgressFn | None = None,
    after_page: PageHook | None = None,
    busy: Literal["skip", "raise"] = "skip",
) -> js.SyncRunInfo:
    options = _options(target)
    own = engine is None
    db = engine if engine is not None else _engine(options.database_url)
    try:
        async with js.sync_lock(db) as acquired:
            if not acquired:
                if busy == "raise":
                    raise SyncBusy("another LaborEdge sync holds the lock")
                async with db.begin() as conn:
                    run_id = await js.record_skipped_run(conn, kind)
                    info = await js.get_run(conn, run_id)
                log.info(
                    "laboredge %s sync skipped: another sync is running",
                    kind.value,
                    extra={"run_id": str(run_id)},
                )
                assert info is not None
                return info
            run = _Run(db, options, kind, progress, after_page)
            return await run.execute(lambda: work(run))
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
) -> js.SyncRunInfo:
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

    async def work(run: _Run) -> None:
        await (run.full() if run_kind is SyncRunKind.FULL else run.incremental())

    return await _locked(target, run_kind, engine, work, progress=progress, after_page=after_page)


async def run_refresh(
    target: Settings | SyncOptions,
    job_ids: Sequence[int],
    *,
    engine: AsyncEngine | None = None,
) -> js.SyncRunInfo:
    """Re-read the named jobs: found -> upserted (reopened if closed), gone (404) -> closed.

    Raises :class:`SyncBusy` when a sync holds the lock (the task retries later).
    """
    ids = list(dict.fromkeys(int(j) for j in job_ids if int(j) > 0))[:REFRESH_MAX_IDS]

    async def work(run: _Run) -> None:
        await run.refresh(ids)

    return await _locked(target, SyncRunKind.REFRESH, engine, work, busy="raise")


async def run_master_sync(
    target: Settings | SyncOptions, *, engine: AsyncEngine | None = None
) -> js.SyncRunInfo:
    """Fetch and store the LaborEdge master lists (``kind = master`` run)."""

    async def work(run: _Run) -> None:
        await run.master()

    return await _locked(target, SyncRunKind.MASTER, engine, work)


async def run_embeddings(
    target: Settings | SyncOptions,
    *,
    model: TextEncoder | None = None,
    limit: int | None = None,
    engine: AsyncEngine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int | None:
    """Embed the jobs whose embedding is missing or stale; None if another backfill runs."""
    options = _options(target)
    own = engine is None
    db = engine if engine is not None else _engine(options.database_url)
    try:
        async with js.sync_lock(db, EMBED_LOCK_KEY) as acquired:
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
    options = _options(target)
    db = _engine(options.database_url)
    try:
        async with db.begin() as conn:
            await js.record_skipped_run(conn, kind, reason)
    finally:
        await db.dispose()


# ===================================================================== summaries
def run_summary(info: js.SyncRunInfo) -> dict[str, Any]:
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


def changed_jobs(info: js.SyncRunInfo) -> bool:
    """Whether the run stored new or changed job content (embeddings to compute)."""
    return info.inserted + info.updated + info.reopened > 0
