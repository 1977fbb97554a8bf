"""Reading events: consumer groups, each with its own position, each event once per group.

A group reads a topic's events after its position, in ``(txid, id)`` order, and only
those of transactions older than every transaction still running
(``txid < pg_snapshot_xmin(pg_current_snapshot())``). Ids are handed out when rows are
inserted, not when they commit, so reading "ids after N" alone would skip an event whose
transaction committed after a later one was read; with the snapshot bound, everything
at or before the position is final. (A long write transaction elsewhere delays
delivery by its length; it never loses an event.)

:func:`consume` runs one batch in one transaction: it locks the group's row (a second
drainer of the same group skips instead of double-handling), reads, lets the handler do
its work on the same connection, and moves the position. What the handler writes to
PostgreSQL commits with the new position (exactly once); what it does elsewhere (Redis)
may repeat if the process dies before the commit (at least once), so handlers are
idempotent. Consumers read on the primary (a replica's snapshot knows nothing of the
primary's running transactions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from config.metrics import JOB_EVENTS_CONSUMED

__all__ = [
    "Event",
    "Handler",
    "consume",
    "ensure_group",
    "pending_by_group",
    "position",
    "prune",
    "read_after",
    "set_position",
]

_SAFE_TXID: Final = "CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS TEXT) AS BIGINT)"

_ENSURE_SQL: Final = text(
    "INSERT INTO outbox_consumers "
    "(group_name, topic, last_txid, last_id, consumed, created_at, updated_at) "
    "VALUES (:group, :topic, 0, 0, 0, now(), now()) ON CONFLICT (group_name) DO NOTHING"
)
_LOCK_SQL: Final = text(
    "SELECT topic, last_txid, last_id FROM outbox_consumers WHERE group_name = :group "
    "FOR UPDATE SKIP LOCKED"
)
_READ_SQL: Final = text(
    "SELECT id, txid, topic, event_type, key, payload, created_at FROM outbox_events "
    "WHERE topic = :topic AND (txid, id) > (:txid, :id) "
    f"AND txid < {_SAFE_TXID} ORDER BY txid, id LIMIT :limit"
)
_ADVANCE_SQL: Final = text(
    "UPDATE outbox_consumers SET last_txid = :txid, last_id = :id, "
    "consumed = consumed + :count, updated_at = now() "
    "WHERE group_name = :group AND (last_txid, last_id) < (:txid, :id)"
)
_LATEST_SQL: Final = text(
    "SELECT txid, id FROM outbox_events WHERE topic = :topic "
    f"AND txid < {_SAFE_TXID} ORDER BY txid DESC, id DESC LIMIT 1"
)
_PENDING_SQL: Final = text(
    "SELECT c.group_name, (SELECT count(*) FROM outbox_events e WHERE e.topic = c.topic "
    "AND (e.txid, e.id) > (c.last_txid, c.last_id)) FROM outbox_consumers c"
)
_PRUNE_SQL: Final = text(
    "DELETE FROM outbox_events e WHERE e.created_at < :cutoff AND NOT EXISTS ("
    "SELECT 1 FROM outbox_consumers c WHERE c.topic = e.topic "
    "AND (c.last_txid, c.last_id) < (e.txid, e.id))"
)


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    txid: int
    topic: str
    event_type: str
    key: str
    payload: dict[str, Any]
    created_at: dt.datetime


Handler = Callable[[AsyncConnection, Sequence[Event]], Awaitable[None]]
"""Does a group's work for a batch, on the transaction that moves the group's position."""


async def ensure_group(
    conn: AsyncConnection, group: str, topic: str, *, from_latest: bool = False
) -> None:
    """Register ``group`` on ``topic`` if new: from the oldest kept event, or from now."""
    created = await conn.execute(_ENSURE_SQL, {"group": group, "topic": topic})
    if from_latest and getattr(created, "rowcount", 0):
        latest = (await conn.execute(_LATEST_SQL, {"topic": topic})).first()
        if latest is not None:
            await set_position(conn, group, int(latest[0]), int(latest[1]), count=0)


async def position(conn: AsyncConnection, group: str) -> tuple[int, int] | None:
    row = (
        await conn.execute(
            text("SELECT last_txid, last_id FROM outbox_consumers WHERE group_name = :g"),
            {"g": group},
        )
    ).first()
    return (int(row[0]), int(row[1])) if row is not None else None


async def read_after(
    conn: AsyncConnection, group: str, limit: int
) -> tuple[str, list[Event]] | None:
    """Lock the group and read its next events; None when another drainer holds it."""
    row = (await conn.execute(_LOCK_SQL, {"group": group})).first()
    if row is None:
        return None
    topic, txid, last_id = str(row[0]), int(row[1]), int(row[2])
    rows = await conn.execute(
        _READ_SQL, {"topic": topic, "txid": txid, "id": last_id, "limit": limit}
    )
    return topic, [Event(*r) for r in rows]


async def set_position(
    conn: AsyncConnection, group: str, txid: int, event_id: int, *, count: int
) -> bool:
    """Move the group past ``(txid, event_id)``; never backwards (so repeating is harmless)."""
    result = await conn.execute(
        _ADVANCE_SQL, {"group": group, "txid": txid, "id": event_id, "count": count}
    )
    return bool(getattr(result, "rowcount", 0))


async def consume(
    engine: AsyncEngine,
    group: str,
    topic: str,
    handler: Handler,
    *,
    limit: int = 500,
    max_batches: int = 100,
) -> int:
    """Hand the group's new events to ``handler`` in batches; returns how many it handled."""
    async with engine.begin() as conn:
        await ensure_group(conn, group, topic)
    handled = 0
    for _ in range(max_batches):
        async with engine.begin() as conn:
            found = await read_after(conn, group, limit)
            if found is None or not found[1]:
                break
            events = found[1]
            await handler(conn, events)
            await set_position(conn, group, events[-1].txid, events[-1].id, count=len(events))
        handled += len(events)
        JOB_EVENTS_CONSUMED.labels(group).inc(len(events))
        if len(events) < limit:
            break
    return handled


async def pending_by_group(conn: AsyncConnection) -> dict[str, int]:
    """Events each group has not handled yet (those still in flight included)."""
    return {str(group): int(count) for group, count in await conn.execute(_PENDING_SQL)}


async def prune(conn: AsyncConnection, older_than: dt.datetime) -> int:
    """Delete events older than ``older_than`` that every group of their topic has read."""
    result = await conn.execute(_PRUNE_SQL, {"cutoff": older_than})
    return int(getattr(result, "rowcount", 0) or 0)
