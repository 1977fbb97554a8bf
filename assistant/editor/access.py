"""Who may use the desk (content editors and admins) and who is acting.

The reviewer recorded on a version is always the login session's user, never a value
from the request: the guard refuses everyone else before a handler runs.
"""

from __future__ import annotations

from litestar.exceptions import NotAuthorizedException
from sqlalchemy.ext.asyncio import async_sessionmaker

from assistant.auth.guards import requires_role
from data_layer.accounts.sessions import SessionUser
from data_layer.accounts.staff import list_users

EDITOR_ROLES = ("content_editor", "admin")
EDITORS_ONLY = requires_role(*EDITOR_ROLES)


def editor_id(user: SessionUser | None) -> str:
    """The acting editor's user id (text, as ``ai_content`` stores it)."""
    if user is None:  # the guard refuses anonymous callers first; never trust that alone
        raise NotAuthorizedException(detail="Log in to continue.")
    return str(user.user_id)


async def staff_names(session_factory: async_sessionmaker) -> dict[str, str]:
    """User id -> e-mail of everyone who can act on the desk, for the history's "who".

    A handful of accounts, read per history request: cheaper than keeping a cache honest.
    """
    async with session_factory() as session:
        found = {}
        for role in EDITOR_ROLES:
            for user in await list_users(session, role):
                found[str(user.user_id)] = user.email
        return found
