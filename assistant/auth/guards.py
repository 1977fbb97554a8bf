"""Route guards by role (``user_roles``): ``guards=[requires_role("admin")]`` on a handler.

Anonymous callers get 401 (log in), signed-in callers without the role 403. The
user comes from the login cookie's server-side session, as everywhere else; the
guard keeps it on the connection so the handler's ``current_user`` is not read twice.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from assistant.auth.current import current_user
from data_layer.accounts.roles import ROLES
from data_layer.accounts.sessions import SessionUser


async def signed_in_user(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionUser | None:
    return await current_user(connection, connection.app.state.resources)


def requires_role(*roles: str) -> Guard:
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"unknown roles {sorted(unknown)}; use {', '.join(ROLES)}")

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = await signed_in_user(connection)
        if user is None:
            raise NotAuthorizedException(detail="Log in to continue.")
        if not user.has_role(*roles):
            raise PermissionDeniedException(detail="Your account cannot open this page.")

    return guard
