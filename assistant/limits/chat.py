"""How much one visitor may chat: conversations and messages per address, conversation
and signed-in user, counted in Redis so every API replica sees the same counts.

Moving windows from the maintained ``limits`` library (its Redis storage runs the
check-and-count as one Lua script): a flood from one address or one scripted
conversation is answered with 429 and ``Retry-After`` before any database work,
while other visitors' turns go on. A Redis outage does not stop the chat: the
limits are skipped (and logged) rather than refusing everyone.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from uuid import UUID

from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import Redis

from config.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["ChatLimits", "Refusal"]

MAX_REMEMBERED = 50_000


@dataclass(frozen=True)
class Refusal:
    """Which limit refused, and when the next attempt can pass."""

    scope: str
    retry_after_s: int


class ChatLimits:
    def __init__(self, settings: Settings, redis: Redis) -> None:
        """Counts through ``redis``'s connection pool (the app's client: closed with it)."""
        uri = settings.effective_redis_url.replace("redis://", "async+redis://", 1)
        self._storage = RedisStorage(
            uri,
            implementation="redispy",
            key_prefix="esa-chat",
            connection_pool=redis.connection_pool,  # type: ignore[arg-type]
        )
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._sessions_per_address = parse_many(settings.chat_sessions_per_address)
        self._sessions_per_user = parse_many(settings.chat_sessions_per_user)
        self._messages_per_conversation = parse_many(settings.chat_messages_per_conversation)
        self._messages_per_address = parse_many(settings.chat_messages_per_address)
        self._messages_per_user = parse_many(settings.chat_messages_per_user)
        self._uploads_per_address = parse_many(settings.resume_uploads_per_address)
        self._uploads_per_owner = parse_many(settings.resume_uploads_per_owner)
        self._refused_until: dict[tuple[str, str, str], float] = {}
        """Identities this process refused recently, with when their wait ends: a flood's
        next requests are refused without a Redis round trip (replicas learn on their own)."""

    async def new_conversation(self, address: str | None, user_id: UUID | None) -> Refusal | None:
        checks = [("address", self._sessions_per_address, "sessions", address)]
        if user_id is not None:
            checks.append(("user", self._sessions_per_user, "sessions", str(user_id)))
        return await self._hit(checks)

    async def message(
        self, conversation: UUID, address: str | None, user_id: UUID | None
    ) -> Refusal | None:
        checks = [
            ("conversation", self._messages_per_conversation, "messages", str(conversation)),
            ("address", self._messages_per_address, "messages", address),
        ]
        if user_id is not None:
            checks.append(("user", self._messages_per_user, "messages", str(user_id)))
        return await self._hit(checks)

    async def resume_upload(self, address: str | None, owner: str) -> Refusal | None:
        """Resume uploads per address and per owner (a candidate or a conversation)."""
        return await self._hit(
            [
                ("address", self._uploads_per_address, "uploads", address),
                ("owner", self._uploads_per_owner, "uploads", owner),
            ]
        )

    def _still_refused(self, key: tuple[str, str, str], now: float) -> Refusal | None:
        until = self._refused_until.get(key)
        if until is None:
            return None
        if until <= now:
            del self._refused_until[key]
            return None
        return Refusal(key[1], max(1, math.ceil(until - now)))

    async def _hit(
        self, checks: list[tuple[str, list[RateLimitItem], str, str | None]]
    ) -> Refusal | None:
        now = time.time()
        for scope, _, kind, identity in checks:
            if identity and (refused := self._still_refused((kind, scope, identity), now)):
                return refused
        try:
            for scope, items, kind, identity in checks:
                if not identity:
                    continue
                for item in items:
                    if not await self._limiter.hit(item, kind, scope, identity):
                        stats = await self._limiter.get_window_stats(item, kind, scope, identity)
                        wait = max(1, math.ceil(stats.reset_time - now))
                        self._remember((kind, scope, identity), now + wait)
                        log.warning("chat %s limit reached (%s: %s)", scope, kind, item)
                        return Refusal(scope, wait)
        except Exception as exc:  # Redis down: serve people rather than refuse everyone
            log.warning("chat limits unavailable, not enforced: %s", type(exc).__name__)
        return None

    def _remember(self, key: tuple[str, str, str], until: float) -> None:
        if len(self._refused_until) >= MAX_REMEMBERED:
            now = time.time()
            self._refused_until = {k: t for k, t in self._refused_until.items() if t > now}
            if len(self._refused_until) >= MAX_REMEMBERED:
                self._refused_until.clear()  # a flood of identities: Redis still decides
        self._refused_until[key] = until

    async def reset(self) -> None:
        """Forget every count (tests and operators)."""
        self._refused_until.clear()
        await self._storage.reset()
