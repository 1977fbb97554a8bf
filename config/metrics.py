"""The Prometheus metrics of every process: one set of definitions, one registry per process.

Defined here, in the bottom layer, so the HTTP API, the tools, the data layer (the content
gate) and the Celery workers all count with the same names and labels. Label values are
always from a small, fixed set (route templates, never raw paths; tool names; engine
names; outcomes; content types): nothing about a person or an id ever becomes a label.

Each API process keeps its own values and Prometheus scrapes every replica
(``GET /metrics``, :mod:`assistant.observability`); ``sum by (...)`` adds the replicas up.
Several processes behind one port (uvicorn ``--workers``, Celery's prefork pool) need
prometheus-client's multiprocess mode: start them with the environment variable
``PROMETHEUS_MULTIPROC_DIR`` naming an empty folder, and :func:`exposition` reads every
process's values from it. Metrics that describe shared state (queue depth, sync runs and
lag, event backlog) are read at scrape time from Redis and PostgreSQL by the API
(:mod:`assistant.observability.scrape`), so every replica reports the same value: query
them with ``max``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

__all__ = [
    "CELERY_TASKS",
    "CELERY_TASK_DURATION",
    "CHAT_TURNS",
    "CHAT_TURN_DURATION",
    "CONTENT_GATE",
    "CONTENT_TYPE",
    "HTTP_DURATION",
    "HTTP_IN_FLIGHT",
    "HTTP_REQUESTS",
    "JOB_EVENTS_CONSUMED",
    "JOB_EVENTS_PUBLISHED",
    "LLM_DURATION",
    "LLM_TOKENS",
    "REGISTRY",
    "TOOL_CALLS",
    "TOOL_DURATION",
    "exposition",
    "multiprocess_dir",
    "status_class",
    "timed",
]

CONTENT_TYPE: Final = CONTENT_TYPE_LATEST
"""``Content-Type`` of the text exposition format."""

REGISTRY: Final = CollectorRegistry(auto_describe=True)
"""This process's metrics (the library's global registry is left alone)."""

ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)

_FAST: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_SLOW: Final = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 900.0)

# ------------------------------------------------------------------ HTTP (API)
HTTP_REQUESTS: Final = Counter(
    "esa_http_requests",
    "HTTP requests answered, by method, route template and status class (2xx, 4xx...)",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_DURATION: Final = Histogram(
    "esa_http_request_duration_seconds",
    "Time from request to the end of the response body (streams included), by route",
    ["method", "route", "status"],
    buckets=_FAST,
    registry=REGISTRY,
)
HTTP_IN_FLIGHT: Final = Gauge(
    "esa_http_requests_in_flight",
    "Requests being answered now",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)

# ------------------------------------------------------------------ chat and tools
CHAT_TURNS: Final = Counter(
    "esa_chat_turns",
    "Chat turns by the engine that answered (llm, offline) and outcome "
    "(ok; fallback = the LLM failed and the offline engine answered; error = no reply)",
    ["engine", "outcome"],
    registry=REGISTRY,
)
CHAT_TURN_DURATION: Final = Histogram(
    "esa_chat_turn_duration_seconds",
    "Time of a whole chat turn (lock, engine, tools, saving), by the engine that answered",
    ["engine"],
    buckets=_FAST,
    registry=REGISTRY,
)
TOOL_CALLS: Final = Counter(
    "esa_tool_calls",
    "Tool calls of either engine by tool and outcome (the result's status, or error)",
    ["tool", "outcome"],
    registry=REGISTRY,
)
TOOL_DURATION: Final = Histogram(
    "esa_tool_call_duration_seconds",
    "Time of one tool call in its own transaction",
    ["tool"],
    buckets=_FAST,
    registry=REGISTRY,
)

# ------------------------------------------------------------------ LLM
LLM_DURATION: Final = Histogram(
    "esa_llm_request_duration_seconds",
    "One call to the language model, request to the last streamed chunk, by outcome",
    ["purpose", "model", "outcome"],
    buckets=_FAST,
    registry=REGISTRY,
)
LLM_TOKENS: Final = Counter(
    "esa_llm_tokens",
    "Tokens the model reported in its responses' usage (kind = prompt or completion)",
    ["purpose", "model", "kind"],
    registry=REGISTRY,
)

# ------------------------------------------------------------------ content, workers, events
CONTENT_GATE: Final = Counter(
    "esa_content_gate_checks",
    "Drafted page versions checked by the content gate, by content type and outcome "
    "(passed, failed)",
    ["content_type", "outcome"],
    registry=REGISTRY,
)
CELERY_TASKS: Final = Counter(
    "esa_celery_tasks",
    "Celery tasks run by this worker, by task name and outcome (succeeded, failed, retried)",
    ["task", "outcome"],
    registry=REGISTRY,
)
CELERY_TASK_DURATION: Final = Histogram(
    "esa_celery_task_duration_seconds",
    "Run time of a Celery task",
    ["task"],
    buckets=_SLOW,
    registry=REGISTRY,
)
JOB_EVENTS_PUBLISHED: Final = Counter(
    "esa_job_events_published",
    "Job change events written to the outbox by the sync (committed or not), by type",
    ["type"],
    registry=REGISTRY,
)
JOB_EVENTS_CONSUMED: Final = Counter(
    "esa_job_events_consumed",
    "Job change events a consumer group handled and committed",
    ["group"],
    registry=REGISTRY,
)


def status_class(status: int) -> str:
    """``2xx``, ``4xx``...: one label value per class keeps the series few."""
    return f"{status // 100}xx" if 100 <= status <= 599 else "other"


@contextmanager
def timed(histogram: Histogram, *labels: str) -> Iterator[None]:
    """Observe the block's wall time (also when it raises)."""
    with histogram.labels(*labels).time():
        yield


def multiprocess_dir() -> str | None:
    """prometheus-client's multiprocess folder, when this process runs in that mode.

    The library itself reads the variable when it is imported (it decides there where
    values live), so this is an environment variable, not a setting of the ``.env`` file.
    """
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition(*extra: Collector) -> bytes:
    """The text exposition of this process (or of every process in multiprocess mode),
    plus ``extra`` collectors (values read at scrape time)."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    if not extra:
        return generate_latest(registry)
    scrape = CollectorRegistry(auto_describe=False)
    for collector in extra:
        scrape.register(collector)
    return generate_latest(registry) + generate_latest(scrape)
