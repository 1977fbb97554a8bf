"""Roles (``user_roles``): what an account may do. Route guards check these, never ``user_type``.

``candidate`` applies and sees their own data; ``recruiter`` works their pipeline
(linked to a ``recruiters`` row); ``content_editor`` reviews generated pages;
``admin`` manages accounts and sees everything staff can. ``users.user_type``
stays the schema's coarse audience (candidate, recruiter, admin: editors and
admins are ``admin``-type staff accounts) and is never used to grant access.
"""

from __future__ import annotations

from typing import Final, Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import UserRole, UserType

__all__ = [
    "ROLES",
    "STAFF_ROLES",
    "Role",
    "grant_role",
    "roles_of",
    "user_type_for",
]

Role = Literal["candidate", "recruiter", "content_editor", "admin"]
ROLES: Final[tuple[Role, ...]] = ("candidate", "recruiter", "content_editor", "admin")
STAFF_ROLES: Final[frozenset[str]] = frozenset({"recruiter", "content_editor", "admin"})


def user_type_for(role: Role) -> UserType:
    if role == "candidate":
        return UserType.CANDIDATE
    return UserType.RECRUITER if role == "recruiter" else UserType.ADMIN


async def grant_role(session: AsyncSession, user_id: UUID, role: Role) -> None:
    """Give ``user_id`` the role (idempotent)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    await session.execute(
        insert(UserRole)
        .values(user_id=user_id, role=role)
        .on_conflict_do_nothing(constraint="uq_user_roles_user_id_role")
    )


async def roles_of(session: AsyncSession, user_id: UUID) -> frozenset[str]:
    rows = await session.execute(select(UserRole.role).where(UserRole.user_id == user_id))
    return frozenset(rows.scalars())
