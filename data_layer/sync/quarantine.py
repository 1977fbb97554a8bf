"""The ``sync_quarantine`` records: upstream records that could not be stored, with why.

Each keeps the payload as received (as JSON) until the job syncs again
(:func:`resolve_quarantine`) or someone looks at it (:func:`list_quarantine`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple
from uuid import UUID

import msgspec
from sqlalchemy import select, text, update

from data_layer.models.base import utcnow
from data_layer.sync.sql import INT4_MAX, Executor, table

__all__ = [
    "QuarantineRecord",
    "QuarantinedInfo",
    "list_quarantine",
    "quarantine",
    "resolve_quarantine",
]

_QUARANTINE_T: Final = table("sync_quarantine")

_QUARANTINE_SQL = text(
    """
INSERT INTO sync_quarantine (id, run_id, external_job_id, reason, raw_payload, resolved, created_at)
SELECT gen_random_uuid(), CAST(:run_id AS UUID), v.external_job_id, v.reason,
       CAST(v.raw_payload AS JSONB), false, CAST(:now AS TIMESTAMPTZ)
FROM unnest(CAST(:ids AS INTEGER[]), CAST(:reasons AS TEXT[]), CAST(:payloads AS TEXT[]))
     AS v(external_job_id, reason, raw_payload)
"""
)


class QuarantineRecord(NamedTuple):
    """A record to quarantine: LaborEdge job id (if known), why, and the payload as received."""

    external_job_id: int | None
    reason: str
    raw: Any


@dataclass(frozen=True, slots=True)
class QuarantinedInfo:
    """One row of ``sync_quarantine``."""

    id: UUID
    run_id: UUID | None
    external_job_id: int | None
    reason: str
    raw_payload: Any
    resolved: bool
    created_at: datetime.datetime


def _json_safe(value: Any) -> Any:
    """``value`` with NUL characters removed from strings (jsonb cannot store ``\\u0000``)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, Mapping):
        return {_json_safe(k) if isinstance(k, str) else k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def _payload_json(raw: Any) -> str:
    try:
        return msgspec.json.encode(_json_safe(raw), enc_hook=repr).decode()
    except (TypeError, ValueError, msgspec.EncodeError, UnicodeError, RecursionError):
        return msgspec.json.encode({"unencodable": repr(raw).replace("\x00", "")}).decode()


def _external_id(value: Any) -> int | None:
    """``value`` if it fits the ``INTEGER`` column (a wild id is kept in the payload only)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if -INT4_MAX - 1 <= value <= INT4_MAX else None


async def quarantine(
    db: Executor,
    run_id: UUID | None,
    records: Iterable[QuarantineRecord | tuple[int | None, str, Any]],
) -> int:
    """Store records that could not be synced (one bulk INSERT); returns how many.

    ``raw`` is kept as JSON (values JSON cannot hold are stored as their
    ``repr``; NUL characters are dropped). Does not commit.
    """
    ids: list[int | None] = []
    reasons: list[str] = []
    payloads: list[str] = []
    for external_job_id, reason, raw in records:
        ids.append(_external_id(external_job_id))
        reasons.append(str(reason).replace("\x00", "") or "unknown")
        payloads.append(_payload_json(raw))
    if not ids:
        return 0
    await db.execute(
        _QUARANTINE_SQL,
        {"run_id": run_id, "now": utcnow(), "ids": ids, "reasons": reasons, "payloads": payloads},
    )
    return len(ids)


async def resolve_quarantine(db: Executor, external_job_ids: Sequence[int]) -> int:
    """Mark the unresolved quarantine rows of these jobs resolved (e.g. they synced since)."""
    if not external_job_ids:
        return 0
    result = await db.execute(
        update(_QUARANTINE_T)
        .where(
            _QUARANTINE_T.c.external_job_id.in_(list(external_job_ids)),
            _QUARANTINE_T.c.resolved.is_(False),
        )
        .values(resolved=True)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def list_quarantine(
    db: Executor, *, limit: int = 100, run_id: UUID | None = None, unresolved_only: bool = True
) -> list[QuarantinedInfo]:
    """Quarantined records, newest first."""
    columns = _QUARANTINE_T.c
    stmt = select(_QUARANTINE_T).order_by(columns.created_at.desc(), columns.id).limit(limit)
    if unresolved_only:
        stmt = stmt.where(columns.resolved.is_(False))
    if run_id is not None:
        stmt = stmt.where(columns.run_id == run_id)
    return [
        QuarantinedInfo(
            id=row.id,
            run_id=row.run_id,
            external_job_id=row.external_job_id,
            reason=row.reason,
            raw_payload=row.raw_payload,
            resolved=row.resolved,
            created_at=row.created_at,
        )
        for row in await db.execute(stmt)
    ]
