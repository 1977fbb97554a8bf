"""Celery tasks of the LaborEdge sync: thin wrappers over :mod:`workers.sync.pipeline`.

Task names stay ``workers.sync.<task>`` (beat entries, the webhook and queued
messages use them).
"""

from __future__ import annotations

import asyncio
from typing import Any

from celery import Task

from config.settings import get_settings
from data_layer.models.operations import SyncRunKind
from data_layer.sync.runs import SyncRunInfo
from workers.celery_app import celery_app
from workers.sync.pipeline import (
    SyncBusy,
    changed_jobs,
    record_skipped,
    run_embeddings,
    run_master_sync,
    run_refresh,
    run_summary,
    run_sync,
)


def _after_sync(info: SyncRunInfo) -> None:
    settings = get_settings()
    if settings.sync_embed_after_sync and changed_jobs(info):
        embed_jobs.delay()
    if settings.events_schedule_enabled and (changed_jobs(info) or info.closed):
        # The job events this run wrote reach their consumers now, not at the next tick.
        celery_app.send_task("workers.events.drain")


@celery_app.task(name="workers.sync.sync_master_data")
def sync_master_data() -> dict[str, Any]:
    """Fetch and store the LaborEdge master lists."""
    return run_summary(asyncio.run(run_master_sync(get_settings())))


@celery_app.task(name="workers.sync.sync_jobs_full")
def sync_jobs_full() -> dict[str, Any]:
    """Full sync of the job board (closes jobs that left it)."""
    info = asyncio.run(run_sync(get_settings(), "full"))
    _after_sync(info)
    return run_summary(info)


@celery_app.task(name="workers.sync.sync_jobs_incremental")
def sync_jobs_incremental() -> dict[str, Any]:
    """Incremental sync: changed jobs only (modifiedSince / content hash)."""
    info = asyncio.run(run_sync(get_settings(), "incremental"))
    _after_sync(info)
    return run_summary(info)


@celery_app.task(name="workers.sync.refresh_jobs", bind=True, max_retries=60)
def refresh_jobs(self: Task, job_ids: list[int]) -> dict[str, Any]:
    """Re-read the named jobs (the LaborEdge webhook); retried while a sync holds the lock."""
    settings = get_settings()
    try:
        info = asyncio.run(run_refresh(settings, job_ids))
    except SyncBusy as exc:
        if self.request.retries >= (self.max_retries or 0):
            asyncio.run(
                record_skipped(
                    settings,
                    SyncRunKind.REFRESH,
                    f"refresh of {len(job_ids)} job(s) gave up: a sync kept the lock",
                )
            )
            raise
        raise self.retry(exc=exc, countdown=settings.sync_refresh_retry_s) from exc
    _after_sync(info)
    return run_summary(info)


@celery_app.task(name="workers.sync.embed_jobs")
def embed_jobs(limit: int | None = None) -> dict[str, Any]:
    """Embed new and changed jobs in batches (separate from the sync)."""
    done = asyncio.run(run_embeddings(get_settings(), limit=limit))
    return {"embedded": done or 0, "skipped": done is None}
