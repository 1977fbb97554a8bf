"""Metrics read at scrape time: shared state that no single process counts.

- Celery queue depth: the length of each queue's Redis list (the broker's own record),
  and the tasks a worker took but has not acknowledged yet;
- LaborEdge sync runs by kind and outcome (the ``sync_runs`` table: every run of every
  worker) and the sync lag, the age of each kind's last successful run;
- the job events waiting for each consumer group (change data capture).

Every replica reports the same values: aggregate them with ``max``. Each source has its
deadline (``HEALTH_TIMEOUT_S``); a source that fails is reported as
``esa_scrape_source_up{source=...} 0`` and the rest of the scrape still answers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass, field

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from data_layer.events.consumer import pending_by_group

__all__ = ["Scrape", "read_scrape"]

log = logging.getLogger(__name__)

_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)
"""kombu's Redis transport keeps a task sent with a priority in ``<queue>\\x06\\x16<step>``."""

_SYNC_RUNS_SQL = text("SELECT kind::text, status::text, count(*) FROM sync_runs GROUP BY 1, 2")
_LAST_SUCCESS_SQL = text(
    "SELECT kind::text, max(coalesce(finished_at, started_at)) FROM sync_runs "
    "WHERE status = 'succeeded' GROUP BY 1"
)


@dataclass(eq=False)  # a collector: registries keep them in sets, by identity
class Scrape:
    """What one scrape read (a collector that yields it)."""

    queues: dict[str, int] = field(default_factory=dict)
    unacked: int | None = None
    sync_runs: dict[tuple[str, str], int] = field(default_factory=dict)
    last_success: dict[str, dt.datetime] = field(default_factory=dict)
    events_pending: dict[str, int] = field(default_factory=dict)
    sources_up: dict[str, bool] = field(default_factory=dict)
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "esa_scrape_source_up", "1 when this scrape could read the source", labels=["source"]
        )
        for source, ok in sorted(self.sources_up.items()):
            up.add_metric([source], 1.0 if ok else 0.0)
        yield up
        if self.sources_up.get("redis"):
            depth = GaugeMetricFamily(
                "esa_celery_queue_length",
                "Tasks waiting in a Celery queue (its Redis lists)",
                labels=["queue"],
            )
            for queue, length in sorted(self.queues.items()):
                depth.add_metric([queue], float(length))
            yield depth
            if self.unacked is not None:
                yield GaugeMetricFamily(
                    "esa_celery_unacked_tasks",
                    "Tasks a worker took and has not acknowledged (running or lost)",
                    value=float(self.unacked),
                )
        if self.sources_up.get("postgres"):
            runs = CounterMetricFamily(
                "esa_sync_runs",
                "LaborEdge sync runs recorded, by kind and outcome (sync_runs table)",
                labels=["kind", "outcome"],
            )
            for (kind, status), count in sorted(self.sync_runs.items()):
                runs.add_metric([kind, status], float(count))
            yield runs
            lag = GaugeMetricFamily(
                "esa_sync_lag_seconds",
                "Age of the last successful sync of each kind (the data's staleness)",
                labels=["kind"],
            )
            last = GaugeMetricFamily(
                "esa_sync_last_success_timestamp_seconds",
                "When the last successful sync of each kind finished (Unix time)",
                labels=["kind"],
            )
            for kind, moment in sorted(self.last_success.items()):
                lag.add_metric([kind], max(0.0, (self.now - moment).total_seconds()))
                last.add_metric([kind], moment.timestamp())
            yield lag
            yield last
            pending = GaugeMetricFamily(
                "esa_job_events_pending",
                "Job change events a consumer group has not handled yet",
                labels=["group"],
            )
            for group, count in sorted(self.events_pending.items()):
                pending.add_metric([group], float(count))
            yield pending


async def _read_redis(redis: Redis, queues: list[str], scrape: Scrape) -> None:
    async with redis.pipeline(transaction=False) as pipe:
        for queue in queues:
            pipe.llen(queue)
            for step in _PRIORITY_STEPS:
                pipe.llen(f"{queue}{_PRIORITY_SEPARATOR}{step}")
        pipe.hlen("unacked")
        lengths = await pipe.execute()
    per_queue = 1 + len(_PRIORITY_STEPS)
    for n, queue in enumerate(queues):
        scrape.queues[queue] = sum(int(x) for x in lengths[n * per_queue : (n + 1) * per_queue])
    scrape.unacked = int(lengths[-1])


async def _read_postgres(engine: AsyncEngine, scrape: Scrape) -> None:
    async with engine.connect() as conn:
        for kind, status, count in await conn.execute(_SYNC_RUNS_SQL):
            scrape.sync_runs[(str(kind), str(status))] = int(count)
        for kind, moment in await conn.execute(_LAST_SUCCESS_SQL):
            if moment is not None:
                scrape.last_success[str(kind)] = moment
        scrape.events_pending = await pending_by_group(conn)


async def _guarded(
    source: str, read: Awaitable[None], timeout_s: float, up: dict[str, bool]
) -> None:
    try:
        async with asyncio.timeout(timeout_s):
            await read
    except Exception as exc:  # a store down: this source says so, the scrape still answers
        log.warning("metrics: %s unavailable: %s", source, type(exc).__name__)
        up[source] = False
    else:
        up[source] = True


async def read_scrape(
    engine: AsyncEngine, redis: Redis, queues: list[str], timeout_s: float
) -> Scrape:
    """Read the shared state now, both stores at once, each within ``timeout_s``."""
    scrape = Scrape()
    await asyncio.gather(
        _guarded("redis", _read_redis(redis, queues, scrape), timeout_s, scrape.sources_up),
        _guarded("postgres", _read_postgres(engine, scrape), timeout_s, scrape.sources_up),
    )
    return scrape
