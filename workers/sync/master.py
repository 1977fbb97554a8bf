"""LaborEdge master lists in a run: synced when the database has none, when records name
ids we do not know (at most every :data:`MASTER_RESYNC_MIN_S`), and on schedule."""

from __future__ import annotations

import datetime
import time
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncEngine

from data_layer.models.base import utcnow
from data_layer.sync.master import load_lookups, upsert_master
from data_layer.sync.runs import master_synced_since
from workers.laboredge.client import LaborEdgeClient
from workers.sync.options import sync_log as log
from workers.sync.run import Run

__all__ = [
    "MASTER_RESYNC_MIN_S",
    "MASTER_SYNC_LISTS",
    "master_phase",
    "master_synced_recently",
    "reload_lookups",
    "sync_master",
    "sync_master_lists",
]

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

MASTER_RESYNC_MIN_S: Final = 900
"""Unknown master ids in records re-sync the master lists at most this often."""


async def sync_master_lists(client: LaborEdgeClient, engine: AsyncEngine) -> dict[str, Any]:
    """Fetch the master lists and upsert them in one transaction, parents first."""
    # One after the other: small lists, and concurrent calls would all meet the same
    # revoked token (the client retries a 401 once).
    lists = [await client.master(name) for name in MASTER_SYNC_LISTS]
    results: dict[str, Any] = {}
    async with engine.begin() as conn:
        for name, items in zip(MASTER_SYNC_LISTS, lists, strict=True):
            result = await upsert_master(conn, name, items)
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


async def reload_lookups(run: Run) -> None:
    async with run.engine.connect() as conn:
        run.known.lookups = await load_lookups(conn)


async def sync_master(run: Run, reason: str) -> None:
    """Sync the master lists within the run (recorded in ``details.master``), then reload the
    lookups."""
    run.report("master", None)
    started = time.perf_counter()
    results = await sync_master_lists(run.client, run.engine)
    run.master_synced = True
    run.details["master"] = {
        "reason": reason,
        "elapsed_s": round(time.perf_counter() - started, 3),
        **results,
    }
    await reload_lookups(run)
    log.info("laboredge master lists synced (%s)", reason, extra={"lists": results})


async def master_synced_recently(run: Run) -> bool:
    """A run synced the master lists less than :data:`MASTER_RESYNC_MIN_S` ago."""
    since = utcnow() - datetime.timedelta(seconds=MASTER_RESYNC_MIN_S)
    async with run.engine.connect() as conn:
        return await master_synced_since(conn, since)


async def master_phase(run: Run) -> None:
    """The scheduled master run: its counters say what the lists held."""
    await sync_master(run, reason="scheduled")
    master = run.details.get("master", {})
    for name in MASTER_SYNC_LISTS:
        result = master.get(name) or {}
        run.counts.fetched += int(result.get("received", 0))
        run.counts.updated += int(result.get("upserted", 0))
        run.counts.errors += int(result.get("skipped", 0))
