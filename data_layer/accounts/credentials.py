"""What ends a person's access: logging out everywhere, a new password.

The one home of "this user's credentials change": login sessions, conversation
bearer tokens and outstanding password links all end together, so a stolen
cookie, a chat token left in a shared browser or an old reset e-mail stops
working the moment the owner logs out or changes their password.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import case, delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts.service import hash_token
from data_layer.accounts.tokens import end_tokens
from data_layer.models import (
    AccountTokenPurpose,
    ChatSession,
    User,
    UserSession,
    UserStatus,
)
from data_layer.models.base import utcnow

__all__ = ["revoke_chat_tokens", "set_password", "sign_out_everywhere"]


async def revoke_chat_tokens(session: AsyncSession, user_id: UUID) -> int:
    """Every conversation of the user stops answering to its bearer token (the owner's
    login still opens them). Returns how many were revoked."""
    result = await session.execute(
        update(ChatSession)
        .where(ChatSession.user_id == user_id, ChatSession.token_revoked_at.is_(None))
        .values(token_revoked_at=utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def sign_out_everywhere(
    session: AsyncSession, user_id: UUID, *, keep_session_token: str | None = None
) -> None:
    """End the user's login sessions (but ``keep_session_token``'s) and chat tokens."""
    stmt = delete(UserSession).where(UserSession.user_id == user_id)
    if keep_session_token is not None:
        stmt = stmt.where(UserSession.token != hash_token(keep_session_token))
    await session.execute(stmt)
    await revoke_chat_tokens(session, user_id)


async def set_password(
    session: AsyncSession,
    user_id: UUID,
    password_hash: str,
    *,
    keep_session_token: str | None = None,
) -> None:
    """A new password: every other session, chat token and password link of the user ends.

    Whoever sets a password through an e-mailed link proved they own the address, so
    a pending account becomes active (never an inactive, i.e. disabled, one).
    """
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            password_hash=password_hash,
            status=case((User.status == UserStatus.PENDING, UserStatus.ACTIVE), else_=User.status),
        )
    )
    await sign_out_everywhere(session, user_id, keep_session_token=keep_session_token)
    await end_tokens(
        session,
        user_id=user_id,
        purposes=(AccountTokenPurpose.RESET_PASSWORD, AccountTokenPurpose.SET_PASSWORD),
    )
