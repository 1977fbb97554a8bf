"""Handing a conversation to a human recruiter: the assigned one, else the least loaded.

New handoffs are capped per conversation (over its life) and per client address (per
day), so a script cannot flood the recruiters' queues or walk through every recruiter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    Candidate,
    CandidateJourneyEvent,
    ChatHandoff,
    ChatSession,
    ChatSessionStatus,
    HandoffStatus,
    Recruiter,
    User,
)

_ASSIGNMENT_LOCK = 0x48414E44  # serialises new handoffs: exact caps, no tied "least loaded"

LimitKind = Literal["conversation", "address"]


@dataclass(frozen=True)
class HandoffLimits:
    """New handoffs allowed per conversation (ever) and per client address (per 24 hours)."""

    per_conversation: int = 3
    per_address_per_day: int = 10


@dataclass(frozen=True)
class RecruiterContact:
    """Who a handoff went to. Callers decide how much of it a visitor may see."""

    first_name: str | None
    full_name: str | None
    email: str | None


@dataclass(frozen=True)
class HandoffResult:
    handoff_id: UUID | None
    recruiter_id: UUID | None
    contact: RecruiterContact
    assigned_by: str
    already: bool
    limit: LimitKind | None = None
    """Set when a cap refused a new handoff; nothing was written then."""


_NOBODY = RecruiterContact(None, None, None)


async def _recruiter_contact(session: AsyncSession, recruiter_id: UUID | None) -> RecruiterContact:
    if recruiter_id is None:
        return _NOBODY
    row = (
        await session.execute(
            select(Recruiter.email, User.first_name, User.last_name)
            .outerjoin(User, User.id == Recruiter.user_id)
            .where(Recruiter.id == recruiter_id)
        )
    ).one()
    full = " ".join(p for p in (row.first_name, row.last_name) if p) or None
    return RecruiterContact(row.first_name or None, full, row.email)


async def _limit_reached(
    session: AsyncSession, chat_session_id: UUID, limits: HandoffLimits
) -> LimitKind | None:
    """Which cap a new handoff of this conversation would pass, if any.

    The address is the one the conversation was started from (``chat_sessions.ip_address``);
    a conversation without one is capped per conversation only.
    """
    in_conversation = (
        await session.execute(
            select(func.count(ChatHandoff.id)).where(ChatHandoff.chat_session_id == chat_session_id)
        )
    ).scalar_one()
    if in_conversation >= limits.per_conversation:
        return "conversation"
    address = (
        select(ChatSession.ip_address).where(ChatSession.id == chat_session_id).scalar_subquery()
    )
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    from_address = (
        await session.execute(
            select(func.count(ChatHandoff.id))
            .join(ChatSession, ChatSession.id == ChatHandoff.chat_session_id)
            .where(ChatSession.ip_address == address, ChatHandoff.created_at >= since)
        )
    ).scalar_one()
    if from_address >= limits.per_address_per_day:
        return "address"
    return None


async def _least_loaded_recruiter(session: AsyncSession) -> UUID | None:
    open_count = (
        select(func.count(ChatHandoff.id))
        .where(
            ChatHandoff.recruiter_id == Recruiter.id,
            ChatHandoff.status == HandoffStatus.OPEN,
        )
        .correlate(Recruiter)
        .scalar_subquery()
    )
    return (
        await session.execute(
            select(Recruiter.id)
            .where(Recruiter.active.is_(True))
            .order_by(open_count, Recruiter.created_at, Recruiter.id)
            .limit(1)
        )
    ).scalar_one_or_none()


async def request_recruiter(
    session: AsyncSession,
    *,
    chat_session_id: UUID,
    user_id: UUID | None,
    candidate_id: UUID | None,
    reason: str | None = None,
    transcript_messages: int = 0,
    limits: HandoffLimits | None = None,
) -> HandoffResult:
    """Open a handoff of this conversation (or return the open one), within ``limits``.

    Concurrency: a new handoff takes a transaction-scoped advisory lock before it counts
    the caps and picks the least loaded recruiter, and holds it until ``session``'s
    transaction ends, so concurrent handoffs neither pass a cap together nor tie on the
    same recruiter (each one sees the rows of the ones before it, committed). The lock is
    therefore only as short as the caller's transaction: callers give each tool call a
    transaction of its own (``ToolContext.in_transaction``), committed as soon as the
    handoff is written and never held while a model writes its reply. Returning the open
    handoff (``already``) takes no lock.
    """
    limits = limits or HandoffLimits()
    open_handoff = (
        await session.execute(
            select(ChatHandoff).where(
                ChatHandoff.chat_session_id == chat_session_id,
                ChatHandoff.status == HandoffStatus.OPEN,
            )
        )
    ).scalar_one_or_none()
    if open_handoff is not None:
        return HandoffResult(
            open_handoff.id,
            open_handoff.recruiter_id,
            await _recruiter_contact(session, open_handoff.recruiter_id),
            open_handoff.assigned_by,
            True,
        )

    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ASSIGNMENT_LOCK})
    limit = await _limit_reached(session, chat_session_id, limits)
    if limit is not None:
        return HandoffResult(None, None, _NOBODY, "refused", False, limit)

    recruiter_id: UUID | None = None
    assigned_by = "least_loaded"
    if candidate_id is not None:
        recruiter_id = (
            await session.execute(
                select(Recruiter.id)
                .join(Candidate, Candidate.recruiter_id == Recruiter.id)
                .where(Candidate.id == candidate_id, Recruiter.active.is_(True))
            )
        ).scalar_one_or_none()
        if recruiter_id is not None:
            assigned_by = "assigned"
    if recruiter_id is None:
        recruiter_id = await _least_loaded_recruiter(session)
    handoff = ChatHandoff(
        chat_session_id=chat_session_id,
        recruiter_id=recruiter_id,
        user_id=user_id,
        status=HandoffStatus.OPEN,
        reason=reason,
        assigned_by=assigned_by if recruiter_id else "unassigned",
        transcript_messages=transcript_messages,
    )
    session.add(handoff)
    await session.execute(
        update(ChatSession)
        .where(ChatSession.id == chat_session_id)
        .values(status=ChatSessionStatus.HANDED_OFF)
    )
    if user_id is not None:
        session.add(
            CandidateJourneyEvent(
                user_id=user_id,
                event_type="recruiter_handoff",
                event_data={
                    "chat_session_id": str(chat_session_id),
                    "recruiter_id": str(recruiter_id) if recruiter_id else None,
                    "assigned_by": handoff.assigned_by,
                },
            )
        )
    await session.flush()
    contact = await _recruiter_contact(session, recruiter_id)
    return HandoffResult(handoff.id, recruiter_id, contact, handoff.assigned_by, False)


async def was_handed_off(session: AsyncSession, chat_session_id: UUID) -> bool:
    """The conversation has (or had) a handoff: a recruiter may write to it."""
    return bool(
        await session.scalar(
            select(ChatHandoff.id).where(ChatHandoff.chat_session_id == chat_session_id).limit(1)
        )
    )
