"""A task goes through Redis to a real worker process, touches PostgreSQL and comes back."""

from __future__ import annotations

import uuid

import asyncpg
from celery import Celery

from config.settings import Settings


async def test_round_trip_through_a_real_worker(
    celery_worker: Celery, worker_settings: Settings
) -> None:
    token = uuid.uuid4().hex
    result = celery_worker.send_task("workers.health.database_round_trip", args=[token])
    reply = result.get(timeout=60)
    assert reply["token"] == token
    assert reply["database"] == worker_settings.effective_database_url.rsplit("/", 1)[1]
    # The worker read the same database as we do (other tests may have written to it).
    conn = await asyncpg.connect(
        worker_settings.effective_database_url.replace("postgresql+asyncpg://", "postgresql://")
    )
    try:
        assert reply["professions"] == await conn.fetchval("SELECT count(*) FROM professions")
    finally:
        await conn.close()
