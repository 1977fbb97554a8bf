"""Job change events: what the sync's writes publish, one event per job per change.

| event_type | when |
|---|---|
| ``job.opened`` | a job was inserted |
| ``job.changed`` | an open job's content changed (``changed`` names the tracked fields) |
| ``job.reopened`` | a closed job came back on the board |
| ``job.closed`` | a job left the board |

The payload carries the job's identity and the fields consumers route by (place,
specialty, pay, type, display flag) as they are now, and for a change their values
before it (``before``), so a job that moved city reaches the pages of both cities.
The key is the job's id: one job's events keep their order for every consumer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

from config.metrics import JOB_EVENTS_PUBLISHED
from data_layer.events.outbox import Executor, NewEvent, publish

__all__ = [
    "CHANGED",
    "CLOSED",
    "JOB_TOPIC",
    "OPENED",
    "PAY_FIELDS",
    "REOPENED",
    "TRACKED_FIELDS",
    "job_event",
    "publish_job_events",
]

JOB_TOPIC: Final = "jobs"
OPENED: Final = "job.opened"
CHANGED: Final = "job.changed"
REOPENED: Final = "job.reopened"
CLOSED: Final = "job.closed"

TRACKED_FIELDS: Final = (
    "client_city",
    "client_state_code",
    "specialty_id",
    "profession_id",
    "job_type",
    "weekly_pay",
    "hourly_pay",
    "display_on_external_job_board",
)
"""``jobs`` columns every job event carries (the upsert returns them before and after)."""

PAY_FIELDS: Final = frozenset({"weekly_pay", "hourly_pay"})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, int | float | str | bool):
        return value.value  # an enum
    return value


def job_event(
    event_type: str,
    job_id: UUID | str,
    external_job_id: int | None,
    now: Mapping[str, Any],
    before: Mapping[str, Any] | None = None,
) -> NewEvent:
    """One job event; ``before`` (the tracked fields' previous values) for a change."""
    job = {name: _plain(now.get(name)) for name in TRACKED_FIELDS}
    payload: dict[str, Any] = {
        "type": event_type,
        "job_id": str(job_id),
        "external_job_id": external_job_id,
        "job": job,
    }
    if before is not None:
        old = {name: _plain(before.get(name)) for name in TRACKED_FIELDS}
        changed = [name for name in TRACKED_FIELDS if old[name] != job[name]]
        payload["changed"] = changed
        payload["before"] = {name: old[name] for name in changed}
    return NewEvent(JOB_TOPIC, event_type, str(job_id), payload)


async def publish_job_events(db: Executor, events: Sequence[NewEvent]) -> int:
    """Write job events on the caller's transaction (the one that made the changes)."""
    written = await publish(db, events)
    for event in events:
        JOB_EVENTS_PUBLISHED.labels(event.event_type).inc()
    return written
