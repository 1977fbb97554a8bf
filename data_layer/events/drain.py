"""One drain: every consumer group of the job events takes what is new, then old events
that every group has read are pruned. Called by the Celery task (beat, and right after a
sync that changed jobs) and by tests; importing it builds no Celery app."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from config.settings import Settings
from data_layer.events.caches import COPILOT_CACHE_GROUP, copilot_cache_handler
from data_layer.events.consumer import Event, consume, prune
from data_layer.events.content import CONTENT_GROUP, mark_pages
from data_layer.events.jobs import JOB_TOPIC

__all__ = ["DrainResult", "drain_job_events"]

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    handled: dict[str, int] = field(default_factory=dict)
    """Events each group handled."""
    pages_marked: int = 0
    pruned: int = 0


async def drain_job_events(engine: AsyncEngine, redis: Redis, settings: Settings) -> DrainResult:
    result = DrainResult()

    async def content(conn: AsyncConnection, events: Sequence[Event]) -> None:
        result.pages_marked += await mark_pages(conn, events)

    result.handled[CONTENT_GROUP] = await consume(
        engine, CONTENT_GROUP, JOB_TOPIC, content, limit=settings.events_batch
    )
    result.handled[COPILOT_CACHE_GROUP] = await consume(
        engine,
        COPILOT_CACHE_GROUP,
        JOB_TOPIC,
        copilot_cache_handler(redis),
        limit=settings.events_batch,
    )
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.events_retention_days)
    async with engine.begin() as conn:
        result.pruned = await prune(conn, cutoff)
    if any(result.handled.values()) or result.pruned:
        log.info(
            "job events: %s handled, %d page(s) marked for re-planning, %d pruned",
            result.handled,
            result.pages_marked,
            result.pruned,
        )
    return result
