"""Handing a conversation to a human recruiter: the assigned one, else the least loaded."""

from __future__ import annotations

from dataclasses import dataclass
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

_ASSIGNMENT_LOCK = 0x48414E44  # serialises "least loaded" picks so two handoffs don't tie


@dataclass(frozen=True)
class HandoffResult:
    handoff_id: UUID
    recruiter_id: UUID | None
    recruiter_name: str | None
    recruiter_email: str | None
    assigned_by: str
    already: bool


async def _recruiter_contact(
    session: AsyncSession, recruiter_id: UUID | None
) -> tuple[str | None, str | None]:
    if recruiter_id is None:
        return None, None
    row = (
        await session.execute(
            select(Recruiter.email, User.first_name, User.last_name)
            .outerjoin(User, User.id == Recruiter.user_id)
            .where(Recruiter.id == recruiter_id)
        )
    ).one()
    name = " ".join(p for p in (row.first_name, row.last_name) if p) or None
    return name, row.email


async def request_recruiter(
    session: AsyncSession,
    *,
    chat_session_id: UUID,
    user_id: UUID | None,
    candidate_id: UUID | None,
    reason: str | None = None,
    transcript_messages: int = 0,
) -> HandoffResult:
    """Open a handoff of this conversation (or return the open one)."""
    open_handoff = (
        await session.execute(
            select(ChatHandoff).where(
                ChatHandoff.chat_session_id == chat_session_id,
                ChatHandoff.status == HandoffStatus.OPEN,
            )
        )
    ).scalar_one_or_none()
    if open_handoff is not None:
        name, email = await _recruiter_contact(session, open_handoff.recruiter_id)
        return HandoffResult(
            open_handoff.id, open_handoff.recruiter_id, name, email, open_handoff.assigned_by, True
        )

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
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ASSIGNMENT_LOCK})
        open_count = (
            select(func.count(ChatHandoff.id))
            .where(
                ChatHandoff.recruiter_id == Recruiter.id,
                ChatHandoff.status == HandoffStatus.OPEN,
            )
            .correlate(Recruiter)
            .scalar_subquery()
        )
        recruiter_id = (
            await session.execute(
                select(Recruiter.id)
                .where(Recruiter.active.is_(True))
                .order_by(open_count, Recruiter.created_at, Recruiter.id)
                .limit(1)
            )
        ).scalar_one_or_none()
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
    name, email = await _recruiter_contact(session, recruiter_id)
    return HandoffResult(handoff.id, recruiter_id, name, email, handoff.assigned_by, False)
