"""Celery tasks of the job events (change data capture; README "Change data capture").

- ``workers.events.drain`` (beat, ``EVENTS_DRAIN_INTERVAL_S``; also enqueued by a sync
  that changed jobs): every consumer group takes its new events; when pages were marked
  for re-planning, ``plan_marked`` follows;
- ``workers.events.plan_marked``: the marked pages that need a (re)draft are enqueued as
  ``workers.content.draft_page``, and their marks cleared.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from redis.asyncio import Redis

from config.settings import get_settings
from data_layer.content.runtime import content_stores
from data_layer.content.targets import target_to_dict
from data_layer.events.content import clear_marks, plan_marked
from data_layer.events.drain import drain_job_events
from workers.celery_app import celery_app
from workers.content.tasks import draft_page
from workers.sync.options import run_engine

log = logging.getLogger(__name__)


async def _drain() -> dict[str, Any]:
    settings = get_settings()
    engine = run_engine(settings.effective_database_url)
    redis = Redis.from_url(settings.effective_redis_url)
    try:
        result = await drain_job_events(engine, redis, settings)
    finally:
        await redis.aclose()
        await engine.dispose()
    return {"handled": result.handled, "pages_marked": result.pages_marked, "pruned": result.pruned}


@celery_app.task(name="workers.events.drain")
def drain() -> dict[str, Any]:
    summary = asyncio.run(_drain())
    if summary["pages_marked"]:
        plan_marked_pages.delay()
    return summary


async def _plan_marked(limit: int | None) -> list[dict[str, Any]]:
    settings = get_settings()
    limit = settings.content_plan_max_drafts if limit is None else limit
    async with content_stores(settings) as (db, factory), factory() as session:
        found = await plan_marked(session, db, settings, limit=limit)
        targets = [target_to_dict(t) for t in found.plan.targets]
        # Drafts are enqueued before the marks go: a lost enqueue leaves the marks.
        for target in targets:
            draft_page.delay(target)
        await clear_marks(session, found.handled)
        await session.commit()
    log.info(
        "content re-plan from job events: %d page(s) to draft of %d marked; skipped %s",
        len(targets),
        len(found.handled),
        found.plan.skipped,
    )
    return targets


@celery_app.task(name="workers.events.plan_marked")
def plan_marked_pages(limit: int | None = None) -> int:
    return len(asyncio.run(_plan_marked(limit)))
