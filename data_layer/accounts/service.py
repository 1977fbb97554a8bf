"""Accounts: contact-detail rules, finding a user, creating a confirmed candidate, logins."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    Candidate,
    CandidateStatus,
    Referral,
    ReferralSource,
    ReferralStatus,
    User,
    UserRole,
    UserStatus,
    UserType,
)
from data_layer.models.base import utcnow

CHAT_REFERRAL_SOURCE = "Chat Assistant"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


class EmailAlreadyRegistered(Exception):
    """The email belongs to an existing user: they must log in instead."""


class InvalidContactDetails(ValueError):
    """A contact field failed validation; the message says which and why."""


def hash_token(token: str) -> str:
    """How every bearer token is stored: SHA-256 hex (tokens are 256-bit random, no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def normalize_email(email: str) -> str:
    value = email.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidContactDetails(f"'{email.strip()[:60]}' is not a valid email address")
    return value


def normalize_phone(phone: str) -> str:
    """US phone numbers in E.164 (+1XXXXXXXXXX)."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        raise InvalidContactDetails("a US phone number has 10 digits, like 555-123-4567")
    return f"+1{digits}"


def normalize_name(name: str, field: str) -> str:
    value = " ".join(name.split())
    if not value or len(value) > 100 or not re.fullmatch(r"[^\W\d_][\w' .-]*", value):
        raise InvalidContactDetails(f"that does not look like a {field}")
    return value


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    return (
        await session.execute(select(User).where(User.email == email.strip().lower()))
    ).scalar_one_or_none()


@dataclass(frozen=True)
class CandidateAccount:
    user_id: UUID
    candidate_id: UUID
    email: str
    first_name: str


async def _lookup_id(session: AsyncSession, model: type, names: tuple[str, ...]) -> int | None:
    for name in names:
        found = (
            await session.execute(
                select(model.id).where(func.lower(model.name) == name.lower()).limit(1)  # type: ignore[attr-defined]
            )
        ).scalar_one_or_none()
        if found is not None:
            return int(found)
    return None


async def create_candidate_account(
    session: AsyncSession,
    *,
    email: str,
    first_name: str,
    last_name: str,
    phone: str | None,
    password_hash: str,
    referral_id: UUID | None,
    from_chat: bool,
) -> CandidateAccount:
    """The one home of "a new candidate": validation, user, role, profile, referral attribution.

    Only called once the address is confirmed (:mod:`data_layer.accounts.signups`), so
    the account is active from the start. Raises :class:`EmailAlreadyRegistered` when
    the address has an account already.
    """
    email = normalize_email(email)
    first_name = normalize_name(first_name, "first name")
    last_name = normalize_name(last_name, "last name")
    phone = normalize_phone(phone) if phone and phone.strip() else None
    if await find_user_by_email(session, email) is not None:
        raise EmailAlreadyRegistered(email)
    sources = (CHAT_REFERRAL_SOURCE, "Website") if from_chat else ("Website",)
    referring_user_id: UUID | None = None
    if referral_id is not None:
        referring_user_id = (
            await session.execute(select(Referral.referrer_id).where(Referral.id == referral_id))
        ).scalar_one_or_none()
    user = User(
        email=email,
        password_hash=password_hash,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        user_type=UserType.CANDIDATE,
        status=UserStatus.ACTIVE,
    )
    session.add(user)
    await session.flush()
    session.add(UserRole(user_id=user.id, role="candidate"))
    candidate = Candidate(
        user_id=user.id,
        cell_phone=phone,
        referring_user_id=referring_user_id,
        referral_source_id=await _lookup_id(
            session,
            ReferralSource,
            ("Candidate Referral", "Employee Referral") if referring_user_id else sources,
        ),
        status_id=await _lookup_id(session, CandidateStatus, ("New Lead", "New", "Lead")),
    )
    session.add(candidate)
    await session.flush()
    if referral_id is not None:
        # Only the person the referral was sent to advances it: a code is shared freely
        # (links, forwards), and the bonus is for the friend who was named.
        await session.execute(
            update(Referral)
            .where(
                Referral.id == referral_id,
                Referral.status == ReferralStatus.SENT,
                func.lower(func.trim(Referral.referred_email)) == email,
            )
            .values(status=ReferralStatus.REGISTERED, referred_user_id=user.id)
        )
    return CandidateAccount(user.id, candidate.id, email, first_name)


@dataclass(frozen=True)
class LoginAccount:
    """What a password login needs to know about the account an email names."""

    user_id: UUID
    password_hash: str | None
    active: bool
    """Confirmed and not disabled: only such accounts log in."""


async def login_account(session: AsyncSession, email: str) -> LoginAccount | None:
    row = (
        await session.execute(
            select(User.id, User.password_hash, User.status).where(
                User.email == email.strip().lower()
            )
        )
    ).one_or_none()
    if row is None:
        return None
    return LoginAccount(row.id, row.password_hash, row.status == UserStatus.ACTIVE)


async def record_login(
    session: AsyncSession, user_id: UUID, *, new_password_hash: str | None = None
) -> None:
    """``last_login`` is now; a password hash with outdated parameters is replaced."""
    values: dict[str, object] = {"last_login": utcnow()}
    if new_password_hash:
        values["password_hash"] = new_password_hash
    await session.execute(update(User).where(User.id == user_id).values(**values))
