"""Chat sessions in PostgreSQL: the bearer credential, owner, attribution and dialogue state.

Who may open a conversation (:func:`load_chat_session`):

- its owner's login (the ``esa_session`` cookie's user), always;
- its bearer token while the token lives: not revoked (the owner logged out or
  changed password), used within the idle limit and younger than the absolute
  limit (:class:`TokenLimits`, from settings).

A token opens an owned conversation only as a visitor: :attr:`ChatAccess.as_owner`
is true only with the owner's login, so a token left in a shared browser never
lends the owner's identity, transcript or details to the next person.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts.service import hash_token
from data_layer.chat.dialogue import DialogueState, JobRef
from data_layer.models import ChatSession, Job, RecruiterJobShare, Referral
from data_layer.models.base import utcnow


@dataclass(frozen=True)
class TokenLimits:
    """How long a conversation's bearer token works."""

    idle: dt.timedelta
    absolute: dt.timedelta


@dataclass(frozen=True)
class ChatSessionRecord:
    id: UUID
    user_id: UUID | None
    status: str
    referral_code: str | None
    referral_id: UUID | None
    share_code: str | None
    recruiter_share_id: UUID | None
    share_job_id: UUID | None
    page_url: str | None
    referrer: str | None
    user_agent: str | None
    ip_address: str | None
    turns: int
    state: DialogueState
    created_at: dt.datetime
    as_owner: bool
    """The caller is the conversation's owner (their login), not just a token holder."""

    @property
    def owned_by_someone_else(self) -> bool:
        """An owned conversation opened with its token but without its owner's login."""
        return self.user_id is not None and not self.as_owner


async def create_chat_session(
    session: AsyncSession,
    *,
    token: str,
    user_id: UUID | None,
    referral_code: str | None,
    share_code: str | None,
    page_url: str | None,
    referrer: str | None,
    user_agent: str | None,
    ip_address: str | None,
) -> UUID:
    """A new conversation. Unknown codes are kept as given but attribute nothing."""
    referral_id = None
    if referral_code:
        referral_id = (
            await session.execute(
                select(Referral.id).where(Referral.referral_code == referral_code)
            )
        ).scalar_one_or_none()
    share_id = None
    state = DialogueState()
    if share_code:
        shared = (
            await session.execute(
                select(
                    RecruiterJobShare.id,
                    Job.id.label("job_id"),
                    Job.title,
                    Job.job_title,
                    Job.client_city,
                    Job.client_state_code,
                )
                .join(Job, Job.id == RecruiterJobShare.job_id)
                .where(RecruiterJobShare.share_code == share_code)
            )
        ).one_or_none()
        if shared is not None:
            share_id = shared.id
            # A visitor from a recruiter's share link is looking at that job: "apply" means it.
            state.focus = JobRef(
                id=str(shared.job_id),
                title=shared.title or shared.job_title,
                city=shared.client_city,
                state=shared.client_state_code,
            )
    chat = ChatSession(
        token_hash=hash_token(token),
        user_id=user_id,
        referral_code=referral_code,
        referral_id=referral_id,
        share_code=share_code,
        recruiter_share_id=share_id,
        page_url=page_url,
        referrer=referrer,
        user_agent=user_agent,
        ip_address=ip_address,
        state=state.to_stored(),
    )
    session.add(chat)
    await session.flush()
    return chat.id


async def load_chat_session(
    session: AsyncSession,
    session_id: UUID,
    *,
    token: str | None,
    user_id: UUID | None,
    limits: TokenLimits | None,
    for_update: bool = False,
) -> ChatSessionRecord | None:
    """The session if the caller is its logged-in owner or holds its live token; else None.

    ``limits`` None: the token never expires by age (only a revocation ends it);
    callers pass the settings' limits. Callers turn None into 404 whether the session
    is missing or not theirs.
    """
    stmt = (
        select(ChatSession, RecruiterJobShare.job_id)
        .outerjoin(RecruiterJobShare, RecruiterJobShare.id == ChatSession.recruiter_share_id)
        .where(ChatSession.id == session_id)
    )
    if for_update:
        stmt = stmt.with_for_update(of=ChatSession)
    row = (await session.execute(stmt)).one_or_none()
    if row is None:
        return None
    chat, share_job_id = row
    owner_ok = user_id is not None and chat.user_id == user_id
    token_ok = (
        token is not None
        and hmac.compare_digest(chat.token_hash, hash_token(token))
        and _token_alive(chat, limits)
    )
    if not (token_ok or owner_ok):
        return None
    return ChatSessionRecord(
        id=chat.id,
        user_id=chat.user_id,
        status=chat.status.value,
        referral_code=chat.referral_code,
        referral_id=chat.referral_id,
        share_code=chat.share_code,
        recruiter_share_id=chat.recruiter_share_id,
        share_job_id=share_job_id,
        page_url=chat.page_url,
        referrer=chat.referrer,
        user_agent=chat.user_agent,
        ip_address=chat.ip_address,
        turns=chat.turns,
        state=DialogueState.from_stored(chat.state),
        created_at=chat.created_at,
        as_owner=owner_ok,
    )


def _token_alive(chat: ChatSession, limits: TokenLimits | None) -> bool:
    if chat.token_revoked_at is not None:
        return False
    if limits is None:
        return True
    now = utcnow()
    return now - chat.last_activity < limits.idle and now - chat.created_at < limits.absolute


async def save_turn(
    session: AsyncSession,
    session_id: UUID,
    *,
    state: DialogueState,
) -> None:
    """Persist the dialogue state after a turn. Never changes the owner: ownership is only
    given by a login that proves who the person is (:func:`link_sessions_to_user`,
    :func:`adopt_session`)."""
    values: dict[str, Any] = {
        "state": state.to_stored(),
        "turns": ChatSession.turns + 1,
        "last_activity": utcnow(),
    }
    await session.execute(update(ChatSession).where(ChatSession.id == session_id).values(**values))


async def adopt_session(session: AsyncSession, session_id: UUID, user_id: UUID) -> bool:
    """A conversation nobody owns becomes ``user_id``'s (they just confirmed the e-mail
    they gave in it). An owned conversation keeps its owner. True when adopted."""
    result = await session.execute(
        update(ChatSession)
        .where(ChatSession.id == session_id, ChatSession.user_id.is_(None))
        .values(user_id=user_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def link_sessions_to_user(
    session: AsyncSession, session_ids: list[UUID], user_id: UUID
) -> list[UUID]:
    """Give anonymous conversations of this browser to the user who just logged in.

    Returns the ids actually linked (those nobody owned yet).
    """
    if not session_ids:
        return []
    result = await session.execute(
        update(ChatSession)
        .where(ChatSession.id.in_(session_ids), ChatSession.user_id.is_(None))
        .values(user_id=user_id)
        .returning(ChatSession.id)
    )
    return list(result.scalars())
