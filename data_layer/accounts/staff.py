"""Staff accounts made by an operator: recruiters, content editors, admins (and candidates).

No account is ever given a password here. A new account is ``pending`` with no
password hash; its owner sets one through a one-time set-password link (made by
:func:`staff_invitation`), which makes it ``active``. Password changes go through
:func:`data_layer.accounts.credentials.set_password` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts.links import PASSWORD_PAGE, account_link
from data_layer.accounts.roles import ROLES, STAFF_ROLES, Role, grant_role, user_type_for
from data_layer.accounts.service import (
    EmailAlreadyRegistered,
    find_user_by_email,
    normalize_email,
    normalize_name,
)
from data_layer.accounts.tokens import issue_token
from data_layer.models import (
    AccountTokenPurpose,
    Candidate,
    Recruiter,
    User,
    UserRole,
    UserStatus,
)

__all__ = [
    "EmailAlreadyRegistered",
    "StaffAccount",
    "UnknownRole",
    "UserListing",
    "create_staff_user",
    "list_users",
    "staff_invitation",
    "staff_without_password",
]


class UnknownRole(ValueError):
    """The role is not one of :data:`~data_layer.accounts.roles.ROLES`."""

    def __init__(self, role: str) -> None:
        super().__init__(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        self.role = role


@dataclass(frozen=True)
class StaffAccount:
    user_id: UUID
    email: str
    role: Role
    status: UserStatus
    first_name: str | None
    last_name: str | None
    recruiter_id: UUID | None
    """The linked ``recruiters`` row (role recruiter only)."""
    linked_existing_recruiter: bool
    """True when an existing ``recruiters`` row with this e-mail was linked, not created."""


@dataclass(frozen=True)
class UserListing:
    user_id: UUID
    email: str
    roles: tuple[str, ...]
    """Sorted by name."""
    recruiter_id: UUID | None
    status: UserStatus
    has_password: bool


def _check_role(role: str) -> Role:
    if role not in ROLES:
        raise UnknownRole(role)
    return role  # type: ignore[return-value]


async def create_staff_user(
    session: AsyncSession,
    *,
    email: str,
    role: Role,
    first_name: str | None = None,
    last_name: str | None = None,
) -> StaffAccount:
    """A new ``pending`` account without a password, with ``role`` granted.

    A recruiter is linked to its ``recruiters`` row: an unlinked row with the same
    e-mail (e.g. mirrored from LaborEdge) when there is one, else a new row. A
    candidate gets an (empty) candidate profile, like every other candidate.
    Raises :class:`UnknownRole`, :class:`~data_layer.accounts.service.InvalidContactDetails`
    (a malformed e-mail or name) or :class:`EmailAlreadyRegistered`. Flushes, never commits.
    """
    role = _check_role(role)
    email = normalize_email(email)
    first = normalize_name(first_name, "first name") if first_name else None
    last = normalize_name(last_name, "last name") if last_name else None
    if await find_user_by_email(session, email) is not None:
        raise EmailAlreadyRegistered(f"{email} already has an account")
    user = User(
        email=email,
        password_hash=None,
        first_name=first,
        last_name=last,
        user_type=user_type_for(role),
        status=UserStatus.PENDING,
    )
    session.add(user)
    await session.flush()
    await grant_role(session, user.id, role)
    recruiter_id: UUID | None = None
    linked = False
    if role == "recruiter":
        recruiter_id, linked = await _link_recruiter(session, user.id, email)
    elif role == "candidate":
        session.add(Candidate(user_id=user.id))
        await session.flush()
    return StaffAccount(user.id, email, role, UserStatus.PENDING, first, last, recruiter_id, linked)


async def _link_recruiter(session: AsyncSession, user_id: UUID, email: str) -> tuple[UUID, bool]:
    """The recruiters row of the new recruiter user: an unlinked one with the e-mail, or new."""
    existing = (
        await session.execute(
            select(Recruiter)
            .where(func.lower(Recruiter.email) == email, Recruiter.user_id.is_(None))
            .order_by(Recruiter.active.desc(), Recruiter.created_at, Recruiter.id)
            .limit(1)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if existing is not None:
        existing.user_id = user_id
        await session.flush()
        return existing.id, True
    recruiter = Recruiter(user_id=user_id, email=email, active=True)
    session.add(recruiter)
    await session.flush()
    return recruiter.id, False


def _listing_query() -> Select[Any]:
    roles = (
        select(func.array_agg(UserRole.role)).where(UserRole.user_id == User.id).scalar_subquery()
    )
    return select(
        User.id,
        User.email,
        roles,
        Recruiter.id,
        User.status,
        User.password_hash.is_not(None),
    ).outerjoin(Recruiter, Recruiter.user_id == User.id)


def _listing(row: Any) -> UserListing:
    user_id, email, roles, recruiter_id, status, has_password = row
    return UserListing(
        user_id, email, tuple(sorted(roles or ())), recruiter_id, status, bool(has_password)
    )


async def list_users(session: AsyncSession, role: Role | None = None) -> list[UserListing]:
    """Every user (or those with ``role``), by e-mail."""
    stmt = _listing_query().order_by(User.email)
    if role is not None:
        role = _check_role(role)
        stmt = stmt.where(exists().where(and_(UserRole.user_id == User.id, UserRole.role == role)))
    return [_listing(row) for row in (await session.execute(stmt)).tuples()]


async def staff_without_password(session: AsyncSession) -> list[UserListing]:
    """Staff accounts (recruiter, content editor, admin) that are not disabled and have no
    password yet: admins first, then content editors, then recruiters, each by e-mail."""
    rank = (
        select(
            func.min(
                case(
                    (UserRole.role == "admin", 0),
                    (UserRole.role == "content_editor", 1),
                    else_=2,
                )
            )
        )
        .where(UserRole.user_id == User.id, UserRole.role.in_(sorted(STAFF_ROLES)))
        .scalar_subquery()
    )
    stmt = (
        _listing_query()
        .where(
            User.password_hash.is_(None),
            User.status != UserStatus.INACTIVE,
            exists().where(
                and_(UserRole.user_id == User.id, UserRole.role.in_(sorted(STAFF_ROLES)))
            ),
        )
        .order_by(rank, User.email)
    )
    return [_listing(row) for row in (await session.execute(stmt)).tuples()]


async def staff_invitation(
    session: AsyncSession, *, user_id: UUID, email: str, base_url: str, lifetime: dt.timedelta
) -> str:
    """A one-time set-password link for the account (earlier such links stop working).

    Only the token's hash is stored; the link is returned once, to be shown or sent.
    """
    issued = await issue_token(
        session,
        purpose=AccountTokenPurpose.SET_PASSWORD,
        email=email,
        lifetime=lifetime,
        user_id=user_id,
    )
    return account_link(base_url, PASSWORD_PAGE, issued.token)
