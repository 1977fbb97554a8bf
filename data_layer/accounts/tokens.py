"""One-time account links (``account_tokens``): confirm an address, set or reset a password.

A link carries 256 random bits; only their SHA-256 is stored (like login sessions
and chat tokens), so reading the table gives nobody a working link. A token works
once (consuming it is one conditional UPDATE, so two clicks cannot both win),
until it expires, and only for the purpose it was made for. Making a new token of
a purpose for an address ends the older ones, so only the latest link works.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts.service import hash_token, new_token
from data_layer.models import AccountToken, AccountTokenPurpose
from data_layer.models.base import utcnow

__all__ = [
    "IssuedToken",
    "LiveToken",
    "consume_token",
    "end_tokens",
    "issue_token",
    "live_token",
]


@dataclass(frozen=True)
class IssuedToken:
    token: str
    """The secret for the link: shown once, never stored."""
    expires_at: dt.datetime
    id: UUID


@dataclass(frozen=True)
class LiveToken:
    id: UUID
    purpose: AccountTokenPurpose
    email: str
    user_id: UUID | None
    payload: dict[str, Any]


async def issue_token(
    session: AsyncSession,
    *,
    purpose: AccountTokenPurpose,
    email: str,
    lifetime: dt.timedelta,
    user_id: UUID | None = None,
    payload: dict[str, Any] | None = None,
) -> IssuedToken:
    """A new link for ``email``; earlier unused links of the same purpose stop working."""
    await end_tokens(session, email=email, purposes=(purpose,))
    token = new_token()
    row = AccountToken(
        token_hash=hash_token(token),
        purpose=purpose.value,
        email=email,
        user_id=user_id,
        payload=payload or {},
        expires_at=utcnow() + lifetime,
    )
    session.add(row)
    await session.flush()
    return IssuedToken(token, row.expires_at, row.id)


def _live(purposes: tuple[AccountTokenPurpose, ...]) -> list[Any]:
    return [
        AccountToken.purpose.in_([p.value for p in purposes]),
        AccountToken.used_at.is_(None),
        AccountToken.expires_at > utcnow(),
    ]


def _record(row: AccountToken) -> LiveToken:
    return LiveToken(
        row.id, AccountTokenPurpose(row.purpose), row.email, row.user_id, dict(row.payload)
    )


async def live_token(
    session: AsyncSession, token: str, purposes: tuple[AccountTokenPurpose, ...]
) -> LiveToken | None:
    """The token's record if it is unused, unexpired and of one of ``purposes`` (not consumed)."""
    if not token or len(token) > 256:
        return None
    row = (
        await session.execute(
            select(AccountToken).where(
                AccountToken.token_hash == hash_token(token), *_live(purposes)
            )
        )
    ).scalar_one_or_none()
    return None if row is None else _record(row)


async def consume_token(
    session: AsyncSession, token: str, purposes: tuple[AccountTokenPurpose, ...]
) -> LiveToken | None:
    """Use the token up and return its record; None when it is unknown, used or expired."""
    if not token or len(token) > 256:
        return None
    row = (
        await session.execute(
            update(AccountToken)
            .where(AccountToken.token_hash == hash_token(token), *_live(purposes))
            .values(used_at=utcnow())
            .returning(AccountToken)
        )
    ).scalar_one_or_none()
    return None if row is None else _record(row)


async def end_tokens(
    session: AsyncSession,
    *,
    email: str | None = None,
    user_id: UUID | None = None,
    purposes: tuple[AccountTokenPurpose, ...] = tuple(AccountTokenPurpose),
) -> None:
    """Every outstanding link of ``email`` (or ``user_id``) for ``purposes`` stops working."""
    if email is None and user_id is None:
        raise ValueError("end_tokens needs an email or a user_id")
    owner = AccountToken.email == email if email is not None else AccountToken.user_id == user_id
    await session.execute(
        update(AccountToken)
        .where(
            owner,
            AccountToken.used_at.is_(None),
            AccountToken.purpose.in_([p.value for p in purposes]),
        )
        .values(used_at=utcnow())
    )
