"""Starting a login: the ``sessions`` row, the cookie, and linking the browser's conversations."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar.datastructures import Cookie
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth.current import SESSION_COOKIE, ClientInfo
from assistant.auth.throttles import chat_token_limits, session_lifetime
from config.settings import Settings
from data_layer.accounts import service as accounts
from data_layer.accounts.roles import STAFF_ROLES, roles_of
from data_layer.accounts.sessions import create_user_session
from data_layer.chat.sessions import link_sessions_to_user, load_chat_session

MAX_LINKED_CONVERSATIONS = 20


class ChatLink(msgspec.Struct):
    session_id: str
    token: str


def session_cookie(settings: Settings, token: str | None, *, staff: bool = False) -> Cookie:
    """The login cookie (``token`` None: the cookie that deletes it)."""
    lifetime = int(session_lifetime(settings, staff=staff).total_seconds())
    return Cookie(
        key=SESSION_COOKIE,
        value=token or "",
        max_age=lifetime if token else 0,
        path="/",
        httponly=True,
        secure=settings.secure_cookies,
        samesite=settings.session_cookie_samesite,
    )


async def start_login(
    db: AsyncSession,
    client: ClientInfo,
    settings: Settings,
    user_id: UUID,
    *,
    new_password_hash: str | None = None,
) -> Cookie:
    """A new login session for ``user_id`` (staff get the shorter lifetime) and its cookie."""
    staff = bool(await roles_of(db, user_id) & STAFF_ROLES)
    token = accounts.new_token()
    await create_user_session(
        db,
        user_id=user_id,
        token=token,
        lifetime=session_lifetime(settings, staff=staff),
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )
    await accounts.record_login(db, user_id, new_password_hash=new_password_hash)
    return session_cookie(settings, token, staff=staff)


async def unowned_conversations(
    db: AsyncSession, settings: Settings, links: list[ChatLink]
) -> list[UUID]:
    """The conversations among ``links`` whose live bearer token checks out and nobody owns."""
    verified: list[UUID] = []
    for link in links[:MAX_LINKED_CONVERSATIONS]:
        try:
            session_id = UUID(link.session_id)
        except ValueError:
            continue
        if not link.token or len(link.token) > 256:
            continue
        chat = await load_chat_session(
            db, session_id, token=link.token, user_id=None, limits=chat_token_limits(settings)
        )
        if chat is not None and chat.user_id is None:
            verified.append(chat.id)
    return verified


async def link_conversations(
    db: AsyncSession, settings: Settings, links: list[ChatLink], user_id: UUID
) -> list[UUID]:
    """Give the browser's unowned conversations to the user who just logged in."""
    verified = await unowned_conversations(db, settings, links)
    return await link_sessions_to_user(db, verified, user_id)
