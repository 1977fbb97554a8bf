"""Who is asking, for the inbox and share-link routes: a recruiter (their own rows) or an
admin (everyone's). The guard refuses everyone else before a handler runs."""

from __future__ import annotations

from litestar.exceptions import NotAuthorizedException

from assistant.auth.guards import requires_role
from data_layer.accounts.sessions import SessionUser
from data_layer.recruiting.scope import RecruiterScope

STAFF_ONLY = requires_role("recruiter", "admin")


def staff_scope(user: SessionUser | None) -> RecruiterScope:
    """The scope of the signed-in user the guard let through."""
    if user is None:  # the guard refuses anonymous callers first; never trust that alone
        raise NotAuthorizedException(detail="Log in to continue.")
    return RecruiterScope(
        user_id=user.user_id, recruiter_id=user.recruiter_id, is_admin=user.has_role("admin")
    )
