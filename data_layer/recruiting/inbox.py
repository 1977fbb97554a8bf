"""The handoff inbox: conversations handed to a recruiter, their replies and their end.

A recruiter sees only the handoffs assigned to them; an admin sees all (also those no
recruiter was free for). Whoever may not see a handoff is told it does not exist.
Replies and closing are single guarded UPDATEs (open, in scope), so two recruiters'
tabs racing each other never record two first responses or close a handoff twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    ChatHandoff,
    ChatSession,
    ChatSessionStatus,
    HandoffOutcome,
    HandoffStatus,
    Recruiter,
    User,
)
from data_layer.models.base import utcnow
from data_layer.recruiting.scope import RecruiterScope

__all__ = [
    "OUTCOMES",
    "HandoffClosed",
    "HandoffSummary",
    "close_handoff",
    "get_handoff",
    "list_handoffs",
    "record_reply",
]

OUTCOMES: Final = tuple(outcome.value for outcome in HandoffOutcome)
"""How a handoff ended (``chat_handoffs.outcome``), chosen by the recruiter closing it."""


class HandoffClosed(Exception):
    """The handoff is already closed: no more replies, no second close."""


@dataclass(frozen=True)
class HandoffSummary:
    id: UUID
    chat_session_id: UUID
    status: str
    reason: str | None
    assigned_by: str
    created_at: dt.datetime
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str | None
    recruiter_replies: int
    recruiter_id: UUID | None
    recruiter_name: str | None
    candidate_user_id: UUID | None
    candidate_first_name: str | None
    """None for an anonymous visitor."""

    def waiting(self, now: dt.datetime) -> dt.timedelta:
        """How long the person waited for a first reply (so far, while nobody replied)."""
        until = self.first_response_at or self.closed_at or now
        return max(until - self.created_at, dt.timedelta(0))


def _in_scope(scope: RecruiterScope) -> ColumnElement[bool]:
    if scope.is_admin:
        return ChatHandoff.id.is_not(None)
    if scope.recruiter_id is None:
        return ChatHandoff.id.is_(None)  # a recruiter login without a recruiter row: nothing
    return ChatHandoff.recruiter_id == scope.recruiter_id


def _summaries() -> Select[Any]:
    recruiter_user = User.__table__.alias("recruiter_user")
    candidate_user = User.__table__.alias("candidate_user")
    return (
        select(
            ChatHandoff.id,
            ChatHandoff.chat_session_id,
            ChatHandoff.status,
            ChatHandoff.reason,
            ChatHandoff.assigned_by,
            ChatHandoff.created_at,
            ChatHandoff.first_response_at,
            ChatHandoff.closed_at,
            ChatHandoff.outcome,
            ChatHandoff.recruiter_replies,
            ChatHandoff.recruiter_id,
            recruiter_user.c.first_name.label("recruiter_first"),
            recruiter_user.c.last_name.label("recruiter_last"),
            ChatHandoff.user_id,
            candidate_user.c.first_name.label("candidate_first"),
        )
        .outerjoin(Recruiter, Recruiter.id == ChatHandoff.recruiter_id)
        .outerjoin(recruiter_user, recruiter_user.c.id == Recruiter.user_id)
        .outerjoin(candidate_user, candidate_user.c.id == ChatHandoff.user_id)
    )


def _summary(row: Any) -> HandoffSummary:
    name = " ".join(p for p in (row.recruiter_first, row.recruiter_last) if p) or None
    return HandoffSummary(
        id=row.id,
        chat_session_id=row.chat_session_id,
        status=HandoffStatus(row.status).value,
        reason=row.reason,
        assigned_by=row.assigned_by,
        created_at=row.created_at,
        first_response_at=row.first_response_at,
        closed_at=row.closed_at,
        outcome=row.outcome,
        recruiter_replies=row.recruiter_replies or 0,
        recruiter_id=row.recruiter_id,
        recruiter_name=name,
        candidate_user_id=row.user_id,
        candidate_first_name=row.candidate_first or None,
    )


async def list_handoffs(
    session: AsyncSession,
    scope: RecruiterScope,
    *,
    status: HandoffStatus,
    limit: int,
    offset: int = 0,
) -> list[HandoffSummary]:
    """Open handoffs longest waiting first; closed ones most recently closed first."""
    order = (
        (ChatHandoff.created_at, ChatHandoff.id)
        if status is HandoffStatus.OPEN
        else (ChatHandoff.closed_at.desc().nulls_last(), ChatHandoff.id)
    )
    rows = await session.execute(
        _summaries()
        .where(_in_scope(scope), ChatHandoff.status == status)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    )
    return [_summary(r) for r in rows]


async def get_handoff(
    session: AsyncSession, scope: RecruiterScope, handoff_id: UUID
) -> HandoffSummary | None:
    row = (
        await session.execute(_summaries().where(ChatHandoff.id == handoff_id, _in_scope(scope)))
    ).one_or_none()
    return None if row is None else _summary(row)


async def _closed_or_missing(
    session: AsyncSession, scope: RecruiterScope, handoff_id: UUID
) -> None:
    """After a guarded UPDATE matched nothing: closed (raise) or not theirs (return)."""
    if await get_handoff(session, scope, handoff_id) is not None:
        raise HandoffClosed(str(handoff_id))


async def record_reply(
    session: AsyncSession, scope: RecruiterScope, handoff_id: UUID
) -> HandoffSummary | None:
    """Count a reply on an open handoff in scope and stamp its first response once.

    None when the handoff is not in scope (or missing); :class:`HandoffClosed` when it
    is closed. Flushes, never commits.
    """
    now = utcnow()
    updated = (
        await session.execute(
            update(ChatHandoff)
            .where(
                ChatHandoff.id == handoff_id,
                ChatHandoff.status == HandoffStatus.OPEN,
                _in_scope(scope),
            )
            .values(
                recruiter_replies=ChatHandoff.recruiter_replies + 1,
                first_response_at=func.coalesce(ChatHandoff.first_response_at, now),
                updated_at=now,
            )
            .returning(ChatHandoff.id)
        )
    ).scalar_one_or_none()
    if updated is None:
        await _closed_or_missing(session, scope, handoff_id)
        return None
    return await get_handoff(session, scope, handoff_id)


async def close_handoff(
    session: AsyncSession, scope: RecruiterScope, handoff_id: UUID, outcome: str
) -> HandoffSummary | None:
    """Close an open handoff in scope with ``outcome`` (one of :data:`OUTCOMES`).

    The conversation goes back to the assistant (``chat_sessions.status`` active), so the
    person may ask for a recruiter again. None when not in scope; :class:`HandoffClosed`
    when already closed. Flushes, never commits.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    now = utcnow()
    closed = (
        await session.execute(
            update(ChatHandoff)
            .where(
                ChatHandoff.id == handoff_id,
                ChatHandoff.status == HandoffStatus.OPEN,
                _in_scope(scope),
            )
            .values(status=HandoffStatus.CLOSED, closed_at=now, outcome=outcome, updated_at=now)
            .returning(ChatHandoff.chat_session_id)
        )
    ).scalar_one_or_none()
    if closed is None:
        await _closed_or_missing(session, scope, handoff_id)
        return None
    await session.execute(
        update(ChatSession)
        .where(ChatSession.id == closed, ChatSession.status == ChatSessionStatus.HANDED_OFF)
        .values(status=ChatSessionStatus.ACTIVE)
    )
    return await get_handoff(session, scope, handoff_id)
