"""The cache consumer: job changes end the reuse of the copilot's cached answers.

The copilot keeps verified answers in Redis for ``COPILOT_CACHE_TTL_S`` (15 minutes by
default): "how many open ICU jobs in Texas?" asked again within that time is answered
from the cache. Without a signal, a sync that closed a batch of jobs would leave that
count wrong for up to the whole TTL, on every replica, for the people who act on it. The
answer cache's keys include a jobs version kept in Redis (:func:`jobs_version`); this
consumer bumps it whenever job events arrive, so every replica's next question misses
the cache and counts afresh. Bumping twice for the same events (a redelivery) only
costs one extra miss.

The version is one key per Redis, not per database: two databases sharing a Redis
(staging beside production, the tests) at worst invalidate each other's answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection

from data_layer.events.consumer import Event, Handler

__all__ = ["COPILOT_CACHE_GROUP", "JOBS_VERSION_KEY", "copilot_cache_handler", "jobs_version"]

COPILOT_CACHE_GROUP: Final = "copilot-cache"
JOBS_VERSION_KEY: Final = "esa-copilot:jobs-version"


async def jobs_version(redis: Redis) -> str:
    """The current jobs version ("0" before the first change)."""
    value = await redis.get(JOBS_VERSION_KEY)
    if value is None:
        return "0"
    return value.decode() if isinstance(value, bytes) else str(value)


def copilot_cache_handler(redis: Redis) -> Handler:
    async def handle(conn: AsyncConnection, events: Sequence[Event]) -> None:
        if events:
            await redis.incr(JOBS_VERSION_KEY)

    return handle
