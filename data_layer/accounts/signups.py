"""Sign-ups wait for their e-mail to be confirmed before any account exists.

Nobody can reserve someone else's address any more: a registration on the website
or a sign-up in the chat only makes a one-time confirmation link (``account_tokens``,
purpose ``verify_email``) whose payload holds the details typed and, for the
chat, the applications the visitor asked for. Until the link is used no ``users``
row is created, so the real owner can always register; whoever opens the link
proves they read that mailbox, and only then is the account created (or a
pending account from before this rule activated) and the held applications sent.

A website registration stores the password hash typed with it, together with the
hash of a nonce kept in that browser's cookie: only the browser that registered
may use that password. Anyone else opening the link (the owner on their phone,
or the owner of an address someone else registered) chooses the password there,
so an account never ends up with a password chosen by a stranger.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
from dataclasses import dataclass, field
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts import mail_texts
from data_layer.accounts.credentials import set_password
from data_layer.accounts.links import PASSWORD_PAGE, VERIFY_PAGE, account_link
from data_layer.accounts.outbox import queue_email
from data_layer.accounts.roles import grant_role
from data_layer.accounts.service import (
    CandidateAccount,
    create_candidate_account,
    find_user_by_email,
    hash_token,
)
from data_layer.accounts.tokens import LiveToken, issue_token
from data_layer.applications.service import JobNotOpen, apply_to_job
from data_layer.models import (
    AccountToken,
    AccountTokenPurpose,
    Candidate,
    OutboxEmail,
    UserStatus,
)
from data_layer.models.base import utcnow

log = logging.getLogger(__name__)

__all__ = [
    "AccountDisabled",
    "CompletedSignup",
    "LinkRules",
    "SignupStarted",
    "browser_may_use_password",
    "complete_signup",
    "hold_application",
    "send_password_reset",
    "start_signup",
]

MAIL_WINDOW = dt.timedelta(hours=1)


@dataclass(frozen=True)
class LinkRules:
    """Where links point, how long they work, how much account mail one address gets."""

    base_url: str
    verify_lifetime: dt.timedelta
    reset_lifetime: dt.timedelta
    mail_per_address_per_hour: int


@dataclass(frozen=True)
class SignupStarted:
    status: Literal["sent", "account_exists", "capped"]
    """``sent``: a confirmation link went out; ``account_exists``: the address already
    has an account that can log in (its owner got a "you already have an account"
    mail); ``capped``: this address got enough mail this hour, nothing was sent."""
    token_id: UUID | None = None


async def _mail_capped(session: AsyncSession, email: str, rules: LinkRules) -> bool:
    """Whether ``email`` got its hour's share of account mail (nobody can mail-bomb it)."""
    sent = (
        await session.execute(
            select(func.count())
            .select_from(OutboxEmail)
            .where(
                OutboxEmail.to_address == email,
                OutboxEmail.created_at >= utcnow() - MAIL_WINDOW,
            )
        )
    ).scalar_one()
    return int(sent) >= rules.mail_per_address_per_hour


async def start_signup(
    session: AsyncSession,
    *,
    rules: LinkRules,
    source: Literal["website", "chat"],
    email: str,
    first_name: str,
    last_name: str,
    phone: str | None,
    referral_id: UUID | None = None,
    password_hash: str | None = None,
    browser_nonce: str | None = None,
    chat_session_ids: tuple[UUID, ...] = (),
    recruiter_share_id: UUID | None = None,
) -> SignupStarted:
    """Mail a confirmation link for a sign-up (``email`` already normalised)."""
    existing = await find_user_by_email(session, email)
    if existing is not None and existing.status != UserStatus.PENDING:
        # The owner learns someone tried; the caller's answer must not tell them apart.
        if not await _mail_capped(session, email, rules):
            await _account_exists_mail(session, rules, email, existing.first_name)
        return SignupStarted("account_exists")
    if await _mail_capped(session, email, rules):
        log.warning("sign-up mail capped for an address (%s sign-up)", source)
        return SignupStarted("capped")
    payload: dict[str, Any] = {
        "source": source,
        "first_name": first_name,
        "last_name": last_name,
        "phone": phone,
        "referral_id": str(referral_id) if referral_id else None,
        "recruiter_share_id": str(recruiter_share_id) if recruiter_share_id else None,
        "chat_session_ids": [str(i) for i in chat_session_ids],
        "job_ids": [],
    }
    if password_hash is not None and browser_nonce is not None:
        payload["password_hash"] = password_hash
        payload["browser"] = hash_token(browser_nonce)
    issued = await issue_token(
        session,
        purpose=AccountTokenPurpose.VERIFY_EMAIL,
        email=email,
        lifetime=rules.verify_lifetime,
        payload=payload,
    )
    subject, body = mail_texts.confirm_email(
        first_name=first_name,
        link=account_link(rules.base_url, VERIFY_PAGE, issued.token),
        from_chat=source == "chat",
        hours=int(rules.verify_lifetime.total_seconds() // 3600),
    )
    await queue_email(
        session, to_address=email, subject=subject, body_text=body, kind="verify_email"
    )
    return SignupStarted("sent", issued.id)


async def _account_exists_mail(
    session: AsyncSession, rules: LinkRules, email: str, first_name: str | None
) -> None:
    subject, body = mail_texts.account_exists(
        first_name=first_name, forgot_link=f"{rules.base_url.rstrip('/')}{PASSWORD_PAGE}"
    )
    await queue_email(
        session, to_address=email, subject=subject, body_text=body, kind="account_exists"
    )


async def hold_application(session: AsyncSession, token_id: UUID, job_id: UUID) -> bool:
    """Keep ``job_id`` with a sign-up until its e-mail is confirmed. False when the
    link was used or expired (the visitor must sign up again or log in)."""
    row = (
        await session.execute(
            select(AccountToken)
            .where(
                AccountToken.id == token_id,
                AccountToken.used_at.is_(None),
                AccountToken.expires_at > utcnow(),
            )
            .with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        return False
    jobs = list(row.payload.get("job_ids") or [])
    if str(job_id) not in jobs:
        jobs.append(str(job_id))
    await session.execute(
        update(AccountToken)
        .where(AccountToken.id == token_id)
        .values(payload={**row.payload, "job_ids": jobs})
    )
    return True


def browser_may_use_password(token: LiveToken, browser_nonce: str | None) -> bool:
    """Whether this browser registered with the link's password (see the module doc)."""
    stored = token.payload.get("browser")
    if not stored or not token.payload.get("password_hash") or not browser_nonce:
        return False
    return hmac.compare_digest(str(stored), hash_token(browser_nonce))


class AccountDisabled(Exception):
    """The address belongs to a disabled account: a link does not bring it back."""


@dataclass(frozen=True)
class CompletedSignup:
    user_id: UUID
    candidate_id: UUID | None
    first_name: str | None
    applications_sent: int
    jobs_closed: int
    chat_session_ids: list[UUID] = field(default_factory=list)


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


async def complete_signup(
    session: AsyncSession, token: LiveToken, password_hash: str
) -> CompletedSignup:
    """The address is confirmed (``token`` was just consumed): create or activate the
    account with ``password_hash`` and send every application held for this address."""
    payload = token.payload
    user = await find_user_by_email(session, token.email)
    if user is None:
        account: CandidateAccount = await create_candidate_account(
            session,
            email=token.email,
            first_name=str(payload.get("first_name") or ""),
            last_name=str(payload.get("last_name") or ""),
            phone=payload.get("phone"),
            password_hash=password_hash,
            referral_id=_uuid(payload.get("referral_id")),
            from_chat=payload.get("source") == "chat",
        )
        user_id, candidate_id, first_name = (
            account.user_id,
            account.candidate_id,
            account.first_name,
        )
    elif user.status == UserStatus.INACTIVE:
        raise AccountDisabled(token.email)
    else:
        # A pending account from before confirmations existed: the link proved the address.
        await set_password(session, user.id, password_hash)
        user_id, first_name = user.id, user.first_name
        candidate_id = (
            await session.execute(select(Candidate.id).where(Candidate.user_id == user.id))
        ).scalar_one_or_none()
        if candidate_id is not None:
            await grant_role(session, user.id, "candidate")
    held = await _held_for(session, token.email)
    sent = closed = 0
    if candidate_id is not None:
        for job_id, referral_id, share_id in held.jobs:
            try:
                await apply_to_job(
                    session,
                    candidate_id=candidate_id,
                    job_id=job_id,
                    source="chat",
                    referral_id=referral_id,
                    recruiter_share_id=share_id,
                    acting_user_id=user_id,
                )
                sent += 1
            except JobNotOpen:
                closed += 1
    return CompletedSignup(user_id, candidate_id, first_name, sent, closed, held.chats)


@dataclass
class _Held:
    jobs: list[tuple[UUID, UUID | None, UUID | None]] = field(default_factory=list)
    chats: list[UUID] = field(default_factory=list)


async def _held_for(session: AsyncSession, email: str) -> _Held:
    """Applications and conversations of every live-or-superseded sign-up of ``email``
    (a newer link ends older ones, but what was held with them is kept)."""
    rows = (
        await session.execute(
            select(AccountToken.payload).where(
                AccountToken.email == email,
                AccountToken.purpose == AccountTokenPurpose.VERIFY_EMAIL.value,
                AccountToken.expires_at > utcnow() - dt.timedelta(days=7),
            )
        )
    ).scalars()
    held = _Held()
    seen: set[UUID] = set()
    for payload in rows:
        referral_id = _uuid(payload.get("referral_id"))
        share_id = _uuid(payload.get("recruiter_share_id"))
        for raw in payload.get("job_ids") or []:
            job_id = _uuid(raw)
            if job_id is not None and job_id not in seen:
                seen.add(job_id)
                held.jobs.append((job_id, referral_id, share_id))
        for raw in payload.get("chat_session_ids") or []:
            chat_id = _uuid(raw)
            if chat_id is not None and chat_id not in held.chats:
                held.chats.append(chat_id)
    return held


async def send_password_reset(session: AsyncSession, *, rules: LinkRules, email: str) -> bool:
    """Mail a reset link when ``email`` has an account that is not disabled. Returns
    whether one was sent; callers answer the same either way (no enumeration)."""
    user = await find_user_by_email(session, email)
    if user is None or user.status == UserStatus.INACTIVE:
        return False
    if await _mail_capped(session, email, rules):
        log.warning("password reset mail capped for an address")
        return False
    issued = await issue_token(
        session,
        purpose=AccountTokenPurpose.RESET_PASSWORD,
        email=email,
        user_id=user.id,
        lifetime=rules.reset_lifetime,
    )
    subject, body = mail_texts.reset_password(
        first_name=user.first_name,
        link=account_link(rules.base_url, PASSWORD_PAGE, issued.token),
        minutes=int(rules.reset_lifetime.total_seconds() // 60),
    )
    await queue_email(
        session, to_address=email, subject=subject, body_text=body, kind="reset_password"
    )
    return True
