"""Reading the board and storing it: paging, triage of each page, one transaction a page.

Page N+1 is fetched while page N is triaged, and triaged while page N is
written. Triage hashes every record and compares it with the hash already
stored, so only new or changed records are mapped and written; records naming
master ids we do not know are resolved (master lists synced, job statuses
created) before the page is written. Each page is one transaction: bulk upsert,
quarantine of malformed records (with every reason), run checkpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from data_layer.models.base import utcnow
from data_layer.sync.jobs import JobRow, UpsertCounts, open_upstream_hashes, upsert_jobs
from data_layer.sync.master import load_lookups, upsert_master
from data_layer.sync.quarantine import (
    QuarantineRecord,
    list_quarantine,
    quarantine,
    resolve_quarantine,
)
from data_layer.sync.runs import checkpoint_run
from workers.laboredge.client import JobPage
from workers.laboredge.mapped import MappedJob, Quarantine
from workers.laboredge.mapping import content_hash, map_job
from workers.sync.master import master_synced_recently, reload_lookups, sync_master
from workers.sync.options import sync_log as log
from workers.sync.run import Run

__all__ = [
    "Scan",
    "Triage",
    "job_id_of",
    "load_open_quarantine",
    "prepare",
    "resolve",
    "scan_board",
    "triage",
    "write",
]


@dataclass(slots=True)
class Triage:
    """One page (or a refresh) sorted out: what to write, what to touch, what to quarantine."""

    changed: list[MappedJob] = field(default_factory=list)
    unchanged: list[tuple[int, str]] = field(default_factory=list)
    """(job id, hash) of known, open, identical records: only ``last_synced_at`` moves."""
    quarantine: list[QuarantineRecord] = field(default_factory=list)
    resolvable: list[tuple[Any, str, Quarantine]] = field(default_factory=list)
    """(record, hash, quarantine) of records naming unknown master ids, for :func:`resolve`."""
    raw: dict[int, Any] = field(default_factory=dict)
    """Raw records of ``changed`` by job id (to quarantine what the database refuses)."""


@dataclass(slots=True)
class Scan:
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


def job_id_of(record: Any) -> int | None:
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


def _quarantine_key(external_job_id: int | None, reason: str, raw: Any) -> tuple[Any, ...]:
    if external_job_id is not None:
        return (external_job_id, reason)
    return (None, reason, content_hash(raw))


# ================================================================ what we know
async def load_open_quarantine(run: Run, conn: AsyncConnection) -> None:
    """The unresolved quarantine rows: not stored twice, resolved once their job is stored."""
    for item in await list_quarantine(conn, limit=100_000):
        run.known.open_quarantine.add(
            _quarantine_key(item.external_job_id, item.reason, item.raw_payload)
        )
        if item.external_job_id is not None:
            run.known.open_quarantine_ids.add(item.external_job_id)


async def prepare(run: Run) -> None:
    """Lookups (syncing the master lists if there are none), stored hashes, open quarantine."""
    async with run.engine.connect() as conn:
        lookups = await load_lookups(conn)
    if not lookups.professions or not lookups.specialties:
        await sync_master(run, reason="no master data in the database")
    else:
        run.known.lookups = lookups
    async with run.engine.connect() as conn:
        run.known.hashes = await open_upstream_hashes(conn)
        await load_open_quarantine(run, conn)


# ====================================================================== triage
def triage(run: Run, records: Iterable[Any], scan: Scan | None) -> Triage:
    """Hash every record; map only the new/changed ones; sort out the malformed."""
    out = Triage()
    known = run.known.hashes
    lookups = run.known.lookups
    for record in records:
        job_id = job_id_of(record)
        if scan is not None:
            scan.records += 1
            if job_id is not None:
                scan.seen.add(job_id)
        digest = content_hash(record)
        if job_id is not None and known.get(job_id) == digest:
            out.unchanged.append((job_id, digest))
            continue
        result = map_job(record, lookups, record_hash=digest)
        if isinstance(result, MappedJob):
            out.changed.append(result)
            out.raw[result.external_job_id] = record
        elif result.unresolved:  # resolve first, so the reasons stored are the final ones
            out.resolvable.append((record, digest, result))
        else:
            out.quarantine.append(QuarantineRecord(result.external_job_id, result.reason, record))
    return out


async def resolve(run: Run, triaged: Triage) -> None:
    """Unknown master ids: sync the master lists (once a run), create job statuses, remap."""
    if not triaged.resolvable:
        return
    if not run.master_synced and not await master_synced_recently(run):
        await sync_master(run, reason="records name unknown master ids")
    run.master_synced = True  # at most one attempt per run
    statuses: dict[int, dict[str, Any]] = {}
    for _, _, quarantined in triaged.resolvable:
        for ref in quarantined.unresolved:
            if ref.kind == "job_status" and ref.external_id is not None and ref.code:
                name = ref.name or ref.code.replace("_", " ").title()
                statuses[ref.external_id] = {"id": ref.external_id, "code": ref.code, "name": name}
    if statuses:
        async with run.engine.begin() as conn:
            stored = await upsert_master(conn, "jobstatuses", list(statuses.values()))
        created = run.details.setdefault("job_statuses_created", [])
        created.extend(sorted(statuses))
        log.info("laboredge sync: %d job status(es) created from records", stored.upserted)
        await reload_lookups(run)
    for record, digest, _ in triaged.resolvable:
        result = map_job(record, run.known.lookups, record_hash=digest)
        if isinstance(result, MappedJob):
            triaged.changed.append(result)
            triaged.raw[result.external_job_id] = record
        else:
            triaged.quarantine.append(
                QuarantineRecord(result.external_job_id, result.reason, record)
            )
    triaged.resolvable = []


# ======================================================================= write
def _new_quarantine(run: Run, records: Sequence[QuarantineRecord]) -> list[QuarantineRecord]:
    fresh: list[QuarantineRecord] = []
    for item in records:
        key = _quarantine_key(item.external_job_id, item.reason, item.raw)
        if key in run.known.open_quarantine:
            run.quarantine_repeats += 1
            continue
        run.known.open_quarantine.add(key)
        fresh.append(item)
    return fresh


async def write(
    run: Run, triaged: Triage, *, touch: bool, scan: Scan | None, page: JobPage | None
) -> UpsertCounts:
    """Store one page (or one refresh) in one transaction with its checkpoint."""
    synced_at = utcnow()
    counts = replace(run.counts)
    async with run.engine.begin() as conn:
        upserted = UpsertCounts()
        if triaged.changed:
            upserted = await upsert_jobs(conn, triaged.changed, synced_at, touch_unchanged=touch)
        if touch and triaged.unchanged:
            # Known, open and identical: only ``last_synced_at`` moves.
            await upsert_jobs(
                conn,
                [
                    JobRow({"external_job_id": job_id, "content_hash": digest})
                    for job_id, digest in triaged.unchanged
                ],
                synced_at,
            )
        rejected = {r.external_job_id for r in upserted.rejected}
        to_quarantine = list(triaged.quarantine) + [
            QuarantineRecord(r.external_job_id, r.reason, triaged.raw.get(r.external_job_id))
            for r in upserted.rejected
        ]
        stored_quarantined = await quarantine(conn, run.id, _new_quarantine(run, to_quarantine))
        stored = [
            job.external_job_id for job in triaged.changed if job.external_job_id not in rejected
        ]
        healed = [job_id for job_id in stored if job_id in run.known.open_quarantine_ids]
        if healed:
            await resolve_quarantine(conn, healed)
        counts.add_upsert(upserted)
        counts.unchanged += len(triaged.unchanged)
        counts.quarantined += stored_quarantined
        if page is not None:
            counts.pages += 1
            counts.fetched += len(page.records)
        cursor = None
        if page is not None and scan is not None:
            ids = [i for i in map(job_id_of, page.records) if i is not None]
            cursor = run.cursor(
                page.start + len(page.records),
                page.count,
                phase=scan.phase,
                last_job_id=ids[-1] if ids else scan.last_job_id,
            )
            scan.last_job_id = cursor["last_job_id"]
        await checkpoint_run(conn, run.id, counts, cursor)
    # committed: the in-memory view follows
    run.counts = counts
    for job in triaged.changed:
        if job.external_job_id not in rejected:
            run.known.hashes[job.external_job_id] = job.content_hash
    for job_id in healed:
        run.known.open_quarantine_ids.discard(job_id)
    if scan is not None:
        scan.unstored.update(
            q.external_job_id
            for q in to_quarantine
            if q.external_job_id is not None and q.external_job_id not in run.known.hashes
        )
    if page is not None:
        run.page_no += 1
        run.phase_done += len(page.records)
        run.report(run.phase, page.count)
        if run.after_page is not None:
            run.after_page(run.page_no)
    return upserted


# ======================================================================== scan
async def _pages(run: Run, scan: Scan) -> AsyncGenerator[JobPage, None]:
    """The board's pages from ``scan.start``, fetched one page ahead of the consumer."""
    size = run.options.laboredge.page_size
    queue: asyncio.Queue[JobPage | Exception | None] = asyncio.Queue(maxsize=2)
    client = run.client

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


async def scan_board(run: Run, scan: Scan, *, touch: bool) -> None:
    """Read the board (per ``scan``), writing each page while mapping the next."""
    run.phase = scan.phase
    run.phase_done = 0
    scan.next_start = scan.start
    pending: asyncio.Task[UpsertCounts] | None = None
    try:
        async with contextlib.aclosing(_pages(run, scan)) as pages:
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
                    ids = [i for i in map(job_id_of, page.records) if i is not None]
                    anchor, scan.anchor = scan.anchor, None
                    if ids and min(ids) > anchor:
                        log.warning(
                            "laboredge board shifted past the resume point: "
                            "scanning again from the start"
                        )
                        scan.restart = True
                        break
                triaged = triage(run, page.records, scan)
                if triaged.resolvable:
                    if pending is not None:
                        await pending
                        pending = None
                    await resolve(run, triaged)
                if pending is not None:
                    await pending
                pending = asyncio.create_task(
                    write(run, triaged, touch=touch, scan=scan, page=page)
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
    run.details.setdefault("scans", []).append(
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
