"""Celery tasks of the content pipeline: thin wrappers over data_layer.content.

- ``workers.content.draft_page(target)``: snapshot, write, gate, save one page's version
  (skipped when a version waits for review or the facts did not change materially);
- ``workers.content.plan_drafts()`` (beat, ``CONTENT_PLAN_INTERVAL_S``): which pages the
  data calls for now, at most ``CONTENT_PLAN_MAX_DRAFTS``, each enqueued as draft_page;
- ``workers.content.publish_due()`` (beat, every minute): scheduled versions whose time
  came, and any publish that crashed half-way, are published.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

from config.settings import get_settings
from data_layer.content import review
from data_layer.content.drafting import draft_page as draft_one
from data_layer.content.kinds import ContentType
from data_layer.content.runtime import chosen_engine, content_stores
from data_layer.content.selection import plan_drafts as plan
from data_layer.content.targets import target_from_dict, target_to_dict
from workers.celery_app import celery_app
from workers.content.llm import ContentLLM

log = logging.getLogger(__name__)


async def _draft(target_values: dict[str, Any], engine: str | None, force: bool) -> dict[str, Any]:
    settings = get_settings()
    target = target_from_dict(target_values)
    chosen = chosen_engine(settings, engine)
    async with content_stores(settings) as (db, factory):
        outcome = await draft_one(
            db,
            factory,
            target,
            engine=chosen,
            model=ContentLLM(settings) if chosen == "llm" else None,
            force=force,
        )
    doc = outcome.doc or {}
    return {
        "status": outcome.status,
        "content_type": target.content_type.value,
        "reference_id": target.reference_id,
        "version": doc.get("version"),
        "gate_passed": (doc.get("gate") or {}).get("passed"),
        "engine": outcome.engine,
        "fallback": outcome.fallback,
    }


@celery_app.task(name="workers.content.draft_page")
def draft_page(
    target: dict[str, Any], engine: str | None = None, force: bool = False
) -> dict[str, Any]:
    return asyncio.run(_draft(target, engine, force))


async def _plan(limit: int | None, content_types: list[str] | None) -> list[dict[str, Any]]:
    settings = get_settings()
    types = [ContentType(t) for t in content_types] if content_types else None
    async with content_stores(settings) as (db, factory), factory() as session:
        found = await plan(
            session,
            db,
            settings,
            content_types=types,
            limit=settings.content_plan_max_drafts if limit is None else limit,
        )
    log.info(
        "content plan: %d page(s) to draft of %d considered; skipped %s",
        len(found.targets),
        found.considered,
        found.skipped,
    )
    return [target_to_dict(t) for t in found.targets]


@celery_app.task(name="workers.content.plan_drafts")
def plan_drafts(limit: int | None = None, content_types: list[str] | None = None) -> int:
    targets = asyncio.run(_plan(limit, content_types))
    for target in targets:
        draft_page.delay(target)
    return len(targets)


async def _publish_due() -> int:
    async with content_stores(get_settings()) as (db, factory):
        return await review.publish_due(db, factory, dt.datetime.now(dt.UTC))


@celery_app.task(name="workers.content.publish_due")
def publish_due() -> int:
    return asyncio.run(_publish_due())
