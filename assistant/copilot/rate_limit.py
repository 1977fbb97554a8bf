"""How many questions one staff account may ask the copilot (``COPILOT_ASKS_PER_USER``).

Moving windows of the ``limits`` library, counted in Redis so every API replica sees the
same counts (as the chat's limits are, :mod:`assistant.limits.chat`). A Redis outage does
not stop recruiters working: the limit is skipped and logged.
"""

from __future__ import annotations

import logging
import math
import time

from limits import parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import Redis

from config.settings import Settings

log = logging.getLogger(__name__)


class AskLimits:
    def __init__(self, settings: Settings, redis: Redis) -> None:
        uri = settings.effective_redis_url.replace("redis://", "async+redis://", 1)
        self._storage = RedisStorage(
            uri,
            implementation="redispy",
            key_prefix="esa-copilot",
            connection_pool=redis.connection_pool,  # type: ignore[arg-type]
        )
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._per_user = parse_many(settings.copilot_asks_per_user)

    async def ask(self, user_id: str) -> int | None:
        """Counts one question; None when allowed, else the seconds until the next may pass."""
        try:
            for item in self._per_user:
                if not await self._limiter.hit(item, "asks", user_id):
                    stats = await self._limiter.get_window_stats(item, "asks", user_id)
                    log.warning("copilot ask limit reached (%s)", item)
                    return max(1, math.ceil(stats.reset_time - time.time()))
        except Exception as exc:  # Redis down: recruiters keep working
            log.warning("copilot ask limits unavailable, not enforced: %s", type(exc).__name__)
        return None
