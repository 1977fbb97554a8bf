"""Login sessions (``sessions`` table): tokens stored hashed, with expiry, IP and user agent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts.service import hash_token
from data_layer.models import Candidate, Recruiter, User, UserRole, UserSession, UserStatus
from data_layer.models.base import utcnow


@dataclass(frozen=True)
class SessionUser:
    user_id: UUID
    email: str
    user_type: str
    first_name: str | None
    last_name: str | None
    candidate_id: UUID | None
    recruiter_id: UUID | None
    roles: frozenset[str] = frozenset()
    """From ``user_roles`` (see :mod:`data_layer.accounts.roles`): what route guards check."""

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


async def user_for_token(session: AsyncSession, token: str) -> SessionUser | None:
    """The user of a live (unexpired) login session of an active account; None otherwise."""
    row = (
        await session.execute(
            select(
                User.id,
                User.email,
                User.user_type,
                User.first_name,
                User.last_name,
                Candidate.id.label("candidate_id"),
                Recruiter.id.label("recruiter_id"),
                select(func.array_agg(UserRole.role))
                .where(UserRole.user_id == User.id)
                .scalar_subquery()
                .label("roles"),
            )
            .join(UserSession, UserSession.user_id == User.id)
            .outerjoin(Candidate, Candidate.user_id == User.id)
            .outerjoin(Recruiter, Recruiter.user_id == User.id)
            .where(
                UserSession.token == hash_token(token),
                UserSession.expires_at > utcnow(),
                User.status == UserStatus.ACTIVE,
            )
        )
    ).one_or_none()
    if row is None:
        return None
    return SessionUser(
        row.id,
        row.email,
        row.user_type.value,
        row.first_name,
        row.last_name,
        row.candidate_id,
        row.recruiter_id,
        frozenset(row.roles or ()),
    )


async def create_user_session(
    session: AsyncSession,
    *,
    user_id: UUID,
    token: str,
    lifetime: dt.timedelta,
    ip_address: str | None,
    user_agent: str | None,
) -> None:
    session.add(
        UserSession(
            user_id=user_id,
            token=hash_token(token),
            expires_at=utcnow() + lifetime,
            ip_address=ip_address,
            user_agent=(user_agent or "")[:512] or None,
        )
    )
    await session.flush()


async def end_user_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(UserSession).where(UserSession.token == hash_token(token)))
