"""Administration (``/api/admin``, admins only): who has an account and which roles."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, get
from litestar.datastructures import CacheControlHeader
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth.guards import requires_role
from assistant.errors import InvalidInput, error_responses
from data_layer.accounts.roles import ROLES
from data_layer.accounts.staff import list_users


class UserRow(msgspec.Struct):
    id: UUID
    email: str
    roles: list[str]
    recruiter_id: UUID | None
    status: str
    password_set: bool


class Users(msgspec.Struct):
    users: list[UserRow]


class AdminController(Controller):
    path = "/api/admin"
    guards = [requires_role("admin")]
    cache_control = CacheControlHeader(no_store=True)
    tags = ["admin"]

    @get(
        "/users", summary="Accounts and their roles", responses=error_responses(400, 401, 403, 422)
    )
    async def users(self, db_session: AsyncSession, role: str | None = None) -> Users:
        if role is not None and role not in ROLES:
            raise InvalidInput(f"role must be one of {', '.join(ROLES)}.", field="role")
        async with db_session.begin():
            rows = await list_users(db_session, role)  # type: ignore[arg-type]
        return Users(
            [
                UserRow(
                    r.user_id,
                    r.email,
                    list(r.roles),
                    r.recruiter_id,
                    r.status.value,
                    r.has_password,
                )
                for r in rows
            ]
        )
