"""The queue of transcript writes that MongoDB did not take: durable in Redis, bounded.

An entry is one write (a conversation started, a turn, an owner assigned) as Extended
JSON, so dates survive the trip. The list lives in Redis, not in the API process: a
process killed during a MongoDB outage leaves its writes behind, and the next process
that starts (any replica) drains them. One drainer at a time holds a short lease, so
replicas never write the same entry twice in a row (a repeat would still be harmless:
every write is idempotent). Past ``max_entries`` the oldest entries are dropped and
counted in the log, never with their content.
"""

from __future__ import annotations

import logging
import secrets
from collections import deque
from typing import Any, Protocol

from bson import json_util
from redis.asyncio import Redis

log = logging.getLogger(__name__)

_DUMP = json_util.CANONICAL_JSON_OPTIONS
_LOAD = json_util.JSONOptions(tz_aware=True)
LEASE_MS = 30_000


def encode(entry: dict[str, Any]) -> bytes:
    return json_util.dumps(entry, json_options=_DUMP).encode()


def decode(raw: bytes | str) -> dict[str, Any]:
    value: dict[str, Any] = json_util.loads(raw, json_options=_LOAD)
    return value


class WriteQueue(Protocol):
    async def push(self, entry: dict[str, Any]) -> int:
        """Append an entry; the queue's length afterwards."""
        ...

    async def head(self) -> dict[str, Any] | None:
        """The oldest entry, if this process may drain now (else None)."""
        ...

    async def pop(self) -> None:
        """Remove the oldest entry (after it was written)."""
        ...

    async def length(self) -> int: ...

    async def release(self) -> None:
        """Give up the drainer's lease."""
        ...


class RedisWriteQueue:
    def __init__(self, redis: Redis, name: str, max_entries: int) -> None:
        self._redis = redis
        self._key = f"esa:transcript-writes:{name}"
        self._lease_key = f"{self._key}:drainer"
        self._lease = secrets.token_hex(8)
        self._max = max_entries

    async def push(self, entry: dict[str, Any]) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.rpush(self._key, encode(entry))
            pipe.ltrim(self._key, -self._max, -1)
            length, _ = await pipe.execute()
        if length > self._max:
            log.error("transcript write queue full: dropped %d oldest writes", length - self._max)
        return min(int(length), self._max)

    async def head(self) -> dict[str, Any] | None:
        taken = await self._redis.set(self._lease_key, self._lease, nx=True, px=LEASE_MS)
        if not taken:
            holder = await self._redis.get(self._lease_key)
            if holder is None or holder.decode() != self._lease:
                return None  # another process drains
            await self._redis.pexpire(self._lease_key, LEASE_MS)
        raw = await self._redis.lindex(self._key, 0)
        return None if raw is None else decode(raw)

    async def pop(self) -> None:
        await self._redis.lpop(self._key)

    async def length(self) -> int:
        return int(await self._redis.llen(self._key))

    async def release(self) -> None:
        holder = await self._redis.get(self._lease_key)
        if holder is not None and holder.decode() == self._lease:
            await self._redis.delete(self._lease_key)


class MemoryWriteQueue:
    """For a store without Redis (scripts, unit tests): the same bound, lost on exit."""

    def __init__(self, max_entries: int) -> None:
        self._entries: deque[bytes] = deque()
        self._max = max_entries

    async def push(self, entry: dict[str, Any]) -> int:
        self._entries.append(encode(entry))
        if len(self._entries) > self._max:
            self._entries.popleft()
            log.error("transcript write queue full: dropped 1 oldest write")
        return len(self._entries)

    async def head(self) -> dict[str, Any] | None:
        return decode(self._entries[0]) if self._entries else None

    async def pop(self) -> None:
        if self._entries:
            self._entries.popleft()

    async def length(self) -> int:
        return len(self._entries)

    async def release(self) -> None:
        return None
