"""A task goes through Redis to a real worker process, touches PostgreSQL and comes back."""

from __future__ import annotations

import uuid

from celery import Celery

from config.settings import Settings


def test_round_trip_through_a_real_worker(celery_worker: Celery, worker_settings: Settings) -> None:
    token = uuid.uuid4().hex
    result = celery_worker.send_task("workers.health.database_round_trip", args=[token])
    reply = result.get(timeout=60)
    assert reply["token"] == token
    assert reply["database"] == worker_settings.effective_database_url.rsplit("/", 1)[1]
    assert reply["professions"] == 0  # the worker's database is migrated and empty
