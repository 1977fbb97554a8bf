"""The Celery application: Redis broker and result backend, routes and beat schedule."""

from __future__ import annotations

from celery import Celery

from assistant.settings import Settings, get_settings


def create_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery(
        "excel_staffing",
        broker=settings.effective_redis_url,
        backend=settings.effective_redis_url,
        include=["workers.health"],
    )
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        enable_utc=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        result_expires=3600,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        beat_schedule={
            "heartbeat": {
                "task": "workers.health.heartbeat",
                "schedule": float(settings.heartbeat_interval_s),
            },
        },
    )
    return app


celery_app = create_celery()
