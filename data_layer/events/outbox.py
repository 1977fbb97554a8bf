"""Writing events: one bulk ``INSERT`` into ``outbox_events`` on the caller's transaction.

Nothing commits here: the events become visible exactly when the change that caused them
commits, and vanish with it when it rolls back (a savepoint included). Each row records
its transaction (``pg_current_xact_id()``) so consumers can read in an order that never
skips a transaction that commits late (:mod:`data_layer.events.consumer`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

__all__ = ["Executor", "NewEvent", "publish"]

Executor = AsyncSession | AsyncConnection

_INSERT_SQL: Final = text(
    "INSERT INTO outbox_events (txid, topic, event_type, key, payload, created_at) "
    "SELECT CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT), v.topic, v.event_type, "
    "v.key, CAST(v.payload AS JSONB), now() "
    "FROM unnest(CAST(:topics AS TEXT[]), CAST(:types AS TEXT[]), CAST(:keys AS TEXT[]), "
    "CAST(:payloads AS TEXT[])) WITH ORDINALITY AS v(topic, event_type, key, payload, n) "
    "ORDER BY v.n"
)


@dataclass(frozen=True, slots=True)
class NewEvent:
    topic: str
    event_type: str
    key: str
    payload: dict[str, Any]


async def publish(db: Executor, events: Sequence[NewEvent]) -> int:
    """Add ``events`` to the outbox in the caller's transaction (in the given order)."""
    if not events:
        return 0
    await db.execute(
        _INSERT_SQL,
        {
            "topics": [e.topic for e in events],
            "types": [e.event_type for e in events],
            "keys": [e.key for e in events],
            "payloads": [json.dumps(e.payload, default=str) for e in events],
        },
    )
    return len(events)
