"""Uploaded resumes: their ``candidate_resumes`` rows, whose they are, and their status.

A resume belongs to a candidate, or (uploaded in the chat before the visitor has an
account) to the conversation; :func:`adopt_conversation_resumes` hands those to the
candidate when they sign in or confirm a sign-up from that conversation. Every read
takes the owner it is for: a resume of someone else is simply not found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import Candidate, CandidateResume, ResumeStatus
from data_layer.models.base import utcnow

__all__ = [
    "ResumeOwner",
    "ResumeRecord",
    "adopt_conversation_resumes",
    "create_resume",
    "delete_resume_row",
    "find_resume",
    "list_resumes",
    "lock_resume",
    "record_parse",
    "resume_by_id",
]


@dataclass(frozen=True)
class ResumeOwner:
    """Who asks: a signed-in candidate, a conversation, or both (a candidate chatting)."""

    candidate_id: UUID | None = None
    chat_session_id: UUID | None = None

    def __post_init__(self) -> None:
        if self.candidate_id is None and self.chat_session_id is None:
            raise ValueError("a resume owner needs a candidate or a conversation")


@dataclass(frozen=True)
class ResumeRecord:
    id: UUID
    candidate_id: UUID | None
    chat_session_id: UUID | None
    file_name: str
    file_path: str
    file_type: str | None
    file_size: int
    status: str
    status_message: str | None
    parsed_data_id: str | None
    is_primary: bool
    created_at: dt.datetime


def _record(row: CandidateResume) -> ResumeRecord:
    return ResumeRecord(
        id=row.id,
        candidate_id=row.candidate_id,
        chat_session_id=row.chat_session_id,
        file_name=row.file_name,
        file_path=row.file_path,
        file_type=row.file_type,
        file_size=row.file_size,
        status=row.status,
        status_message=row.status_message,
        parsed_data_id=row.parsed_data_id,
        is_primary=row.is_primary,
        created_at=row.created_at,
    )


def _owned_by(owner: ResumeOwner):  # type: ignore[no-untyped-def]
    clauses = []
    if owner.candidate_id is not None:
        clauses.append(CandidateResume.candidate_id == owner.candidate_id)
    if owner.chat_session_id is not None:
        # A conversation sees what was uploaded in it while nobody owned it yet, or by
        # its own candidate: never a resume a candidate uploaded elsewhere.
        clauses.append(
            and_(
                CandidateResume.chat_session_id == owner.chat_session_id,
                or_(
                    CandidateResume.candidate_id.is_(None),
                    CandidateResume.candidate_id == owner.candidate_id,
                ),
            )
        )
    return or_(*clauses)


async def create_resume(
    db: AsyncSession,
    *,
    resume_id: UUID,
    owner: ResumeOwner,
    file_name: str,
    file_path: str,
    file_type: str,
    file_size: int,
    sha256: str,
) -> ResumeRecord:
    """A new upload, ``processing``; the candidate's first resume becomes their primary."""
    primary = False
    if owner.candidate_id is not None:
        existing = await db.scalar(
            select(CandidateResume.id)
            .where(CandidateResume.candidate_id == owner.candidate_id)
            .where(CandidateResume.is_primary)
        )
        primary = existing is None
    row = CandidateResume(
        id=resume_id,
        candidate_id=owner.candidate_id,
        chat_session_id=owner.chat_session_id,
        file_name=file_name,
        file_path=file_path,
        file_type=file_type,
        file_size=file_size,
        sha256=sha256,
        status=ResumeStatus.PROCESSING.value,
        is_primary=primary,
    )
    db.add(row)
    await db.flush()
    return _record(row)


async def find_resume(db: AsyncSession, resume_id: UUID, owner: ResumeOwner) -> ResumeRecord | None:
    row = await db.scalar(
        select(CandidateResume).where(CandidateResume.id == resume_id).where(_owned_by(owner))
    )
    return _record(row) if row is not None else None


async def list_resumes(db: AsyncSession, owner: ResumeOwner) -> list[ResumeRecord]:
    rows = await db.scalars(
        select(CandidateResume)
        .where(_owned_by(owner))
        .order_by(CandidateResume.created_at.desc())
        .limit(50)
    )
    return [_record(row) for row in rows]


async def resume_by_id(db: AsyncSession, resume_id: UUID) -> ResumeRecord | None:
    """The row for the parser (a worker acting on an id it was given, not for a visitor)."""
    row = await db.get(CandidateResume, resume_id)
    return _record(row) if row is not None else None


async def lock_resume(db: AsyncSession, resume_id: UUID) -> bool:
    """Lock the row for the rest of the transaction; False when it was deleted meanwhile."""
    found = await db.scalar(
        select(CandidateResume.id).where(CandidateResume.id == resume_id).with_for_update()
    )
    return found is not None


async def record_parse(
    db: AsyncSession,
    resume_id: UUID,
    *,
    status: ResumeStatus,
    message: str | None,
    parsed_data_id: str | None,
) -> bool:
    """Store the parse's outcome; False when the resume was deleted meanwhile."""
    result = await db.execute(
        update(CandidateResume)
        .where(CandidateResume.id == resume_id)
        .values(
            status=status.value,
            status_message=message,
            parsed=status in (ResumeStatus.PARSED, ResumeStatus.NEEDS_REVIEW),
            parsed_data_id=parsed_data_id,
            updated_at=utcnow(),
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_resume_row(db: AsyncSession, resume_id: UUID) -> None:
    """Delete the row: its embeddings and the profile facts confirmed from it go with it
    (foreign keys ON DELETE CASCADE)."""
    row = await db.get(CandidateResume, resume_id)
    if row is not None:
        await db.delete(row)
        await db.flush()


async def adopt_conversation_resumes(
    db: AsyncSession, chat_session_ids: list[UUID], user_id: UUID
) -> tuple[UUID | None, list[UUID]]:
    """Give the unowned uploads of conversations that just became ``user_id``'s to their
    candidate: (the candidate id, the resumes handed over). Staff accounts get none."""
    candidate_id = await db.scalar(select(Candidate.id).where(Candidate.user_id == user_id))
    if candidate_id is None or not chat_session_ids:
        return candidate_id, []
    has_primary = await db.scalar(
        select(CandidateResume.id)
        .where(CandidateResume.candidate_id == candidate_id)
        .where(CandidateResume.is_primary)
    )
    rows = (
        await db.scalars(
            select(CandidateResume)
            .where(CandidateResume.chat_session_id.in_(chat_session_ids))
            .where(CandidateResume.candidate_id.is_(None))
            .order_by(CandidateResume.created_at.desc())
        )
    ).all()
    for n, row in enumerate(rows):
        row.candidate_id = candidate_id
        row.is_primary = has_primary is None and n == 0
    await db.flush()
    return candidate_id, [row.id for row in rows]
