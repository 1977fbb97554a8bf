"""The e-mail outbox (``email_outbox``): mail is written with the change that causes it.

:func:`queue_email` only adds a row to the caller's transaction: a rolled-back
change sends nothing, a committed one is delivered by ``workers.mail`` even if
the process dies right after the commit.

Delivery (``workers.mail``) works one message per transaction: :func:`claim_due`
locks the row (``FOR UPDATE SKIP LOCKED``, so two workers never take the same
message and neither waits for the other), the mail is sent while the lock is
held, then :func:`mark_sent` or :func:`mark_failed` ends it. A worker that dies
mid-send rolls back and the row is simply due again: delivery is at least once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import OutboxEmail, OutboxStatus
from data_layer.models.base import utcnow

__all__ = [
    "ClaimedEmail",
    "FailedDelivery",
    "claim_due",
    "mark_failed",
    "mark_sent",
    "queue_email",
    "retry_delay",
]

LAST_ERROR_MAX = 1000
"""Characters of an error kept in ``last_error`` (SMTP replies can be long)."""
RETRY_BASE = dt.timedelta(seconds=30)
RETRY_MAX = dt.timedelta(hours=1)
"""Longest wait between attempts: account links expire within hours, so waiting
longer than this would only deliver dead links."""


@dataclass(frozen=True, slots=True)
class ClaimedEmail:
    """A due message, locked by the claiming transaction until it commits."""

    id: UUID
    to_address: str
    subject: str
    body_text: str
    kind: str
    attempts: int
    """Failed attempts before this one."""


@dataclass(frozen=True, slots=True)
class FailedDelivery:
    """What :func:`mark_failed` recorded."""

    attempts: int
    status: OutboxStatus
    """``pending`` (retried after ``send_after``) or ``failed`` (given up)."""
    send_after: dt.datetime


async def queue_email(
    session: AsyncSession, *, to_address: str, subject: str, body_text: str, kind: str
) -> UUID:
    row = OutboxEmail(to_address=to_address, subject=subject, body_text=body_text, kind=kind)
    session.add(row)
    await session.flush()
    return row.id


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait after the ``attempts``-th failure: 30 s, 1 min, 2 min, ... at most an hour."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


async def claim_due(
    session: AsyncSession, limit: int, *, now: dt.datetime | None = None
) -> list[ClaimedEmail]:
    """Lock up to ``limit`` pending messages due at ``now``, oldest first.

    Rows another transaction holds are skipped, not waited for.
    """
    rows = await session.execute(
        select(
            OutboxEmail.id,
            OutboxEmail.to_address,
            OutboxEmail.subject,
            OutboxEmail.body_text,
            OutboxEmail.kind,
            OutboxEmail.attempts,
        )
        .where(
            OutboxEmail.status == OutboxStatus.PENDING,
            OutboxEmail.send_after <= (now or utcnow()),
        )
        .order_by(OutboxEmail.created_at, OutboxEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [
        ClaimedEmail(
            id=row.id,
            to_address=row.to_address,
            subject=row.subject,
            body_text=row.body_text,
            kind=row.kind,
            attempts=row.attempts,
        )
        for row in rows
    ]


async def mark_sent(session: AsyncSession, email_id: UUID) -> bool:
    """Record the delivery and drop the body (its one-time links must not stay readable
    in the database). False when no pending row has that id."""
    result = await session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id, OutboxEmail.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENT, sent_at=utcnow(), body_text="", last_error=None)
        .returning(OutboxEmail.id)
    )
    return result.scalar_one_or_none() is not None


async def mark_failed(
    session: AsyncSession, email_id: UUID, error: str, *, max_attempts: int
) -> FailedDelivery:
    """Count a failed attempt; retry later with a growing delay, give up at ``max_attempts``.

    A given-up row keeps its body so an operator can re-queue it (``status = 'pending'``).
    """
    row = (
        await session.execute(
            select(OutboxEmail.attempts).where(OutboxEmail.id == email_id).with_for_update()
        )
    ).one()
    attempts = row.attempts + 1
    status = OutboxStatus.FAILED if attempts >= max_attempts else OutboxStatus.PENDING
    send_after = utcnow() + retry_delay(attempts)
    await session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id)
        .values(
            attempts=attempts,
            status=status,
            send_after=send_after,
            last_error=error[:LAST_ERROR_MAX],
        )
    )
    return FailedDelivery(attempts=attempts, status=status, send_after=send_after)
