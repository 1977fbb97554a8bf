"""Live events of a conversation for its widget: a recruiter's reply, the handoff's end.

An event goes two ways through Redis, so it reaches the widget whichever API process
serves the widget's stream and whichever one took the recruiter's reply:

- it is **published** on the conversation's channel, for the streams open right now;
- it is **kept** in a short capped list of the conversation (``KEEP`` events, ``KEEP_S``
  seconds), so a widget that reconnects gets what it missed while it was away.

Events are numbered per conversation (``id``, from 1); a stream replays the kept events
after the last id its client saw. If the numbering started again (the counter expired
with a long-idle conversation) a client's last id can be larger than any kept one: it
then gets all kept events, and tells them apart by ``data.message_id``.
The transcript in MongoDB stays the record: these are only its live delivery.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

KEEP = 50
KEEP_S = 7 * 24 * 3600
_PREFIX = "esa:chat-live"

RECRUITER_MESSAGE = "recruiter.message"
HANDOFF_CLOSED = "handoff.closed"


def _channel(session_id: UUID) -> str:
    return f"{_PREFIX}:{session_id}"


def _kept(session_id: UUID) -> str:
    return f"{_PREFIX}-kept:{session_id}"


def _counter(session_id: UUID) -> str:
    return f"{_PREFIX}-seq:{session_id}"


@dataclass(frozen=True)
class LiveEvent:
    id: int
    type: str
    data: dict[str, Any]

    def encode(self) -> str:
        return json.dumps({"id": self.id, "type": self.type, "data": self.data}, default=str)

    @classmethod
    def decode(cls, raw: bytes | str) -> LiveEvent | None:
        try:
            value = json.loads(raw)
            return cls(int(value["id"]), str(value["type"]), dict(value["data"]))
        except (ValueError, KeyError, TypeError):
            return None


async def publish(redis: Redis, session_id: UUID, type_: str, data: dict[str, Any]) -> LiveEvent:
    """Number, keep and publish one event of the conversation. Raises ``RedisError``."""
    number = int(await redis.incr(_counter(session_id)))
    event = LiveEvent(number, type_, data)
    encoded = event.encode()
    async with redis.pipeline(transaction=True) as pipe:
        pipe.rpush(_kept(session_id), encoded)
        pipe.ltrim(_kept(session_id), -KEEP, -1)
        pipe.expire(_kept(session_id), KEEP_S)
        pipe.expire(_counter(session_id), KEEP_S)
        pipe.publish(_channel(session_id), encoded)
        await pipe.execute()
    return event


async def kept_events(redis: Redis, session_id: UUID, after: int | None) -> list[LiveEvent]:
    """The kept events after ``after`` (all of them when ``after`` is unknown here), by id."""
    raw = await redis.lrange(_kept(session_id), 0, -1)  # type: ignore[misc]
    events = sorted((e for e in map(LiveEvent.decode, raw) if e is not None), key=lambda e: e.id)
    if after is None or not events or after > events[-1].id:
        return events
    return [e for e in events if e.id > after]


@dataclass(frozen=True)
class Heartbeat:
    """Nothing happened for a while: a chance to keep the connection (and proxies) alive."""


async def follow(
    redis: Redis,
    session_id: UUID,
    *,
    after: int | None,
    heartbeat_s: float,
    lifetime_s: float,
) -> AsyncIterator[LiveEvent | Heartbeat]:
    """The conversation's events: first the kept ones after ``after``, then each new one as
    it is published, with a :class:`Heartbeat` after ``heartbeat_s`` of quiet; ends after
    ``lifetime_s`` (the client reconnects with the last id it saw).

    The channel is subscribed before the kept list is read, so an event published in
    between is not lost (it may come twice: ids already yielded are skipped).
    """
    pubsub = redis.pubsub()
    try:
        await pubsub.subscribe(_channel(session_id))
        seen: set[int] = set()
        for event in await kept_events(redis, session_id, after):
            seen.add(event.id)
            yield event
        deadline = time.monotonic() + lifetime_s
        quiet_since = time.monotonic()
        while (left := deadline - time.monotonic()) > 0:
            message = await pubsub.get_message(
                ignore_subscribe_messages=True, timeout=min(left, heartbeat_s)
            )
            if message is None or message.get("type") != "message":
                if time.monotonic() - quiet_since >= heartbeat_s:
                    quiet_since = time.monotonic()
                    yield Heartbeat()
                continue
            event = LiveEvent.decode(message["data"])
            if event is None or event.id in seen:
                continue
            seen.add(event.id)
            quiet_since = time.monotonic()
            yield event
    finally:
        try:
            await asyncio.shield(pubsub.aclose())
        except (RedisError, OSError) as exc:
            log.warning("live events: unsubscribe failed (%s)", type(exc).__name__)
