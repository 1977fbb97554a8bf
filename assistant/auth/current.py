"""Who is calling: the login cookie's user (if any), the bearer token, the client's address.

Identity only ever comes from here (server-side session rows and tokens), never
from a request body. :mod:`assistant.dependencies` hands these to handlers.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request
from litestar.connection import ASGIConnection

from assistant.resources import Resources
from data_layer.accounts.sessions import SessionUser, user_for_token

SESSION_COOKIE = "esa_session"
MAX_TOKEN_CHARS = 256


@dataclass(frozen=True)
class ClientInfo:
    ip_address: str | None
    user_agent: str | None


def client_info(request: Request) -> ClientInfo:
    ip = request.client.host if request.client else None
    agent = request.headers.get("user-agent")
    return ClientInfo(ip, agent[:512] if agent else None)


async def current_user(request: ASGIConnection, resources: Resources) -> SessionUser | None:
    """The user of the login cookie's live session; None when anonymous, expired or forged."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None  # anonymous callers (most chat turns) cost no session at all
    async with resources.session_factory() as db:
        return await user_for_token(db, token)


def bearer_token(request: ASGIConnection) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip() or len(value) > MAX_TOKEN_CHARS:
        return None
    return value.strip()
