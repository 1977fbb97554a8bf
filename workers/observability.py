"""Metrics and traces of the Celery processes (README "Metrics and traces").

- Every task run is counted by name and outcome (``esa_celery_tasks_total``) and timed
  (``esa_celery_task_duration_seconds``), with the same definitions as the API
  (:mod:`config.metrics`); so are the content gate's checks and the job events the
  worker publishes and consumes.
- ``WORKER_METRICS_PORT`` (0 = off): the worker's main process serves them for
  Prometheus. Under the prefork pool (several processes) prometheus-client's
  multiprocess mode must be on: ``PROMETHEUS_MULTIPROC_DIR`` names an empty folder in the
  worker's environment, and the main process reads every child's values from it. The
  solo and threads pools need nothing more.
- ``OTEL_ENABLED``: the worker continues the trace of whoever enqueued the task (the
  ``traceparent`` in the message headers), see :mod:`config.tracing`; beat traces too, so
  each scheduled task it sends starts a trace that the worker continues.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Final

from prometheus_client import start_http_server
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

from config.metrics import (
    CELERY_TASK_DURATION,
    CELERY_TASKS,
    REGISTRY,
    multiprocess_dir,
)
from config.settings import Settings
from config.tracing import configure_tracing

__all__ = ["start_beat_observability", "start_worker_observability", "task_outcome"]

log = logging.getLogger(__name__)

_OUTCOMES: Final = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}
_started: dict[str, float] = {}
_served = False


def task_outcome(state: str | None) -> str:
    return _OUTCOMES.get(state or "", (state or "unknown").lower())


def _task_started(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def _task_finished(
    task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any
) -> None:
    started = _started.pop(task_id or "", None)
    name = getattr(task, "name", None) or "unknown"
    CELERY_TASKS.labels(name, task_outcome(state)).inc()
    if started is not None:
        CELERY_TASK_DURATION.labels(name).observe(time.perf_counter() - started)


def _child_exited(pid: int | None = None, **_: Any) -> None:
    if pid is not None and multiprocess_dir():
        mark_process_dead(pid)


def connect_task_metrics() -> None:
    """Count every task this process runs (idempotent: signals keep one receiver)."""
    from celery import signals

    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="esa-task-started")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="esa-task-finished")
    signals.worker_process_shutdown.connect(
        _child_exited, weak=False, dispatch_uid="esa-child-exited"
    )


def start_worker_observability(settings: Settings, role: str = "worker") -> None:
    """Tracing (when on) and the metrics port (when set) of a worker process."""
    global _served
    configure_tracing(settings, role)
    port = settings.worker_metrics_port
    if not port or _served:
        return
    if multiprocess_dir():
        from prometheus_client import CollectorRegistry

        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    start_http_server(port, registry=registry)
    _served = True
    log.info("worker metrics on port %d%s", port, " (multiprocess)" if multiprocess_dir() else "")


def start_beat_observability(settings: Settings) -> None:
    """Tracing (when on) of the beat process, so the tasks it sends carry a trace context.

    No metrics port: beat runs no tasks, and it often shares a host with a worker.
    """
    configure_tracing(settings, "beat")
