"""The Celery application: Redis broker and result backend, routes and beat schedule."""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init, worker_init

from config.settings import Settings, check_production, get_settings
from workers.observability import (
    connect_task_metrics,
    start_beat_observability,
    start_worker_observability,
)

log = logging.getLogger(__name__)


def _crontab(expression: str) -> crontab:
    minute, hour, day_of_month, month_of_year, day_of_week = expression.split()
    return crontab(
        minute=minute,
        hour=hour,
        day_of_month=day_of_month,
        month_of_year=month_of_year,
        day_of_week=day_of_week,
    )


def sync_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """Beat entries of the LaborEdge sync (none when ``SYNC_SCHEDULE_ENABLED`` is false)."""
    if not settings.sync_schedule_enabled:
        return {}
    full: float | crontab
    if settings.sync_full_cron:
        full = _crontab(settings.sync_full_cron)
    else:
        full = float(settings.sync_full_interval_s)
    return {
        "laboredge-sync-incremental": {
            "task": "workers.sync.sync_jobs_incremental",
            "schedule": float(settings.sync_incremental_interval_s),
        },
        "laboredge-sync-full": {"task": "workers.sync.sync_jobs_full", "schedule": full},
        "laboredge-sync-master": {
            "task": "workers.sync.sync_master_data",
            "schedule": float(settings.sync_master_interval_s),
        },
    }


def content_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """Beat entries of the content pipeline (none when ``CONTENT_SCHEDULE_ENABLED`` is false)."""
    if not settings.content_schedule_enabled:
        return {}
    return {
        "content-plan": {
            "task": "workers.content.plan_drafts",
            "schedule": float(settings.content_plan_interval_s),
            "options": {"expires": float(settings.content_plan_interval_s)},
        },
        # Scheduled publications go live within a minute of their time.
        "content-publish-due": {
            "task": "workers.content.publish_due",
            "schedule": 60.0,
            "options": {"expires": 60},
        },
    }


def events_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """Beat entry of the job events drain (none when ``EVENTS_SCHEDULE_ENABLED`` is false)."""
    if not settings.events_schedule_enabled:
        return {}
    interval = float(settings.events_drain_interval_s)
    return {
        "job-events-drain": {
            "task": "workers.events.drain",
            "schedule": interval,
            "options": {"expires": interval},
        }
    }


def backups_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """Beat entries of the daily backup (``BACKUP_CRON``) and the weekly recovery drill
    (``BACKUP_DRILL_CRON``); none when ``BACKUP_SCHEDULE_ENABLED`` is false."""
    if not settings.backup_schedule_enabled:
        return {}
    # A run missed while no worker was up is dropped after a day: the next one is due then
    # anyway, and two backups back to back would only wait on each other's lock.
    day = 86400.0
    return {
        "backup": {
            "task": "workers.ops.backup",
            "schedule": _crontab(settings.backup_cron),
            "options": {"expires": day},
        },
        "backup-drill": {
            "task": "workers.ops.backup_drill",
            "schedule": _crontab(settings.backup_drill_cron),
            "options": {"expires": day},
        },
    }


def broker_transport_options(settings: Settings) -> dict[str, Any]:
    """Redelivery of a task whose worker died before acknowledging it (``task_acks_late``).

    The Redis broker hands such a task out again ``CELERY_VISIBILITY_TIMEOUT_S`` after it
    was taken. Workers sweep for them about every tenth of that (kombu's 100 s for the
    one-hour default; each second for a timeout of seconds).
    """
    timeout = settings.celery_visibility_timeout_s
    sweep = max(1, min(100, timeout // 10))
    interval = min(10, sweep)
    return {
        "visibility_timeout": timeout,
        "unacked_restore_interval": interval,
        "unacked_restore_throttle": max(1, sweep // interval),
    }


def create_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery(
        "excel_staffing",
        broker=settings.effective_redis_url,
        backend=settings.effective_redis_url,
        include=[
            "workers.health",
            "workers.sync.tasks",
            "workers.mail.tasks",
            "workers.resumes.tasks",
            "workers.content.tasks",
            "workers.events.tasks",
            "workers.ops.tasks",
        ],
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
        broker_transport_options=broker_transport_options(settings),
        beat_schedule={
            "heartbeat": {
                "task": "workers.health.heartbeat",
                "schedule": float(settings.heartbeat_interval_s),
            },
            # The API enqueues delivery after queuing mail; this picks up retries and any
            # lost wake-up. Expiring stops a backlog piling up while no worker runs.
            "mail-outbox": {
                "task": "workers.mail.deliver_outbox",
                "schedule": 30.0,
                "options": {"expires": 30},
            },
            # Uploads whose parse task was lost (the API enqueues each one after its commit).
            "resume-pending": {
                "task": "workers.resumes.parse_pending",
                "schedule": 60.0,
                "options": {"expires": 60},
            },
            **sync_schedule(settings),
            **content_schedule(settings),
            **events_schedule(settings),
            **backups_schedule(settings),
        },
    )
    return app


@worker_init.connect(weak=False)
@beat_init.connect(weak=False)
def _refuse_development_defaults(sender: Any = None, **kwargs: Any) -> None:
    """APP_ENV=production: a worker or beat on a development default stops here."""
    check_production(get_settings())


@worker_init.connect(weak=False)
def _observe_worker(sender: Any = None, **kwargs: Any) -> None:
    """Traces (OTEL_ENABLED) and the metrics port (WORKER_METRICS_PORT) of a worker."""
    start_worker_observability(get_settings())


@beat_init.connect(weak=False)
def _observe_beat(sender: Any = None, **kwargs: Any) -> None:
    """Traces (OTEL_ENABLED) of beat: each task it sends starts a trace the worker continues.

    Connected before the start-up sync below, so that task is traced as well."""
    start_beat_observability(get_settings())


@beat_init.connect(weak=False)
def _sync_when_beat_starts(sender: Any = None, **kwargs: Any) -> None:
    """Beat's first interval would be minutes away: start with an incremental sync now."""
    settings = get_settings()
    if not (settings.sync_schedule_enabled and settings.sync_on_start):
        return
    app = getattr(sender, "app", None) or celery_app
    app.send_task("workers.sync.sync_jobs_incremental")
    log.info("beat started: incremental LaborEdge sync enqueued")


# Every task this process runs is counted (config.metrics), whichever pool runs it.
connect_task_metrics()
celery_app = create_celery()
