"""Candidate accounts: register, log in, log out, who am I (``/api/auth``).

A login creates a ``sessions`` row (token stored hashed, with expiry, IP and
user agent) and sets the HttpOnly cookie ``esa_session`` that
:func:`assistant.auth.current.current_user` reads. Failed logins are counted per
(email, client address) pair and per client address
(:mod:`data_layer.accounts.login_attempts`): a failing pair must wait growing
delays between attempts, an address past its ceiling waits for the window; both
are refused with 429 and ``Retry-After`` before any password is checked, and
failures from other addresses never block an e-mail's owner. Registrations are
counted per client address the same way (429 past ``REGISTER_MAX_PER_IP``, before
the password is even hashed). Logging in (or registering) from the chat widget
also links the browser's anonymous conversations to the account: the widget sends each
conversation's id with its bearer token and only conversations whose token
checks out, and that belong to nobody yet, are linked.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import CacheControlHeader, Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth.current import MAX_TOKEN_CHARS, SESSION_COOKIE, ClientInfo
from assistant.auth.passwords import hash_password, verify_password
from assistant.auth.throttles import login_rule, registration_rule
from assistant.errors import Conflict, InvalidInput, TooManyAttempts, error_responses
from config.settings import Settings
from data_layer.accounts import service as accounts
from data_layer.accounts.login_attempts import (
    REGISTRATION,
    login_blocked,
    record_login_attempt,
    registration_blocked,
)
from data_layer.accounts.sessions import (
    SessionUser,
    create_user_session,
    end_user_session,
    user_for_token,
)
from data_layer.chat.sessions import link_sessions_to_user, load_chat_session
from data_layer.chat.transcripts import ConversationStore
from data_layer.referrals.service import referral_by_code

log = logging.getLogger(__name__)

MAX_PASSWORD_CHARS = 256
MAX_LINKED_CONVERSATIONS = 20
WRONG_CREDENTIALS = "Email or password is incorrect."


class ChatLink(msgspec.Struct):
    session_id: str
    token: str


class LoginBody(msgspec.Struct):
    email: str = ""
    password: str = ""
    chat_sessions: list[ChatLink] = msgspec.field(default_factory=list)
    """This browser's conversations (id + bearer token) to link to the account."""


class RegisterBody(msgspec.Struct):
    email: str = ""
    password: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str | None = None
    referral_code: str | None = None
    chat_sessions: list[ChatLink] = msgspec.field(default_factory=list)


class AccountUser(msgspec.Struct):
    id: UUID
    email: str
    first_name: str | None
    last_name: str | None
    user_type: str


class LoggedIn(msgspec.Struct):
    user: AccountUser
    linked_conversations: int = 0


class Me(msgspec.Struct):
    user: AccountUser


def _account(user: SessionUser) -> AccountUser:
    return AccountUser(user.user_id, user.email, user.first_name, user.last_name, user.user_type)


def session_cookie(settings: Settings, token: str | None) -> Cookie:
    """The login cookie (``token`` None: the cookie that deletes it)."""
    lifetime = int(dt.timedelta(days=settings.session_lifetime_days).total_seconds())
    return Cookie(
        key=SESSION_COOKIE,
        value=token or "",
        max_age=lifetime if token else 0,
        path="/",
        httponly=True,
        secure=settings.secure_cookies,
        samesite=settings.session_cookie_samesite,
    )


def _email(value: str) -> str:
    if not value.strip():
        raise InvalidInput("Enter your email address.", field="email")
    try:
        return accounts.normalize_email(value)
    except accounts.InvalidContactDetails:
        raise InvalidInput(
            "Enter a valid email address, like name@example.com.", field="email"
        ) from None


def _new_password(settings: Settings, password: str, email: str) -> str:
    minimum = settings.password_min_length
    if len(password) < minimum:
        raise InvalidInput(f"Choose a password of at least {minimum} characters.", field="password")
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput(
            f"Passwords are limited to {MAX_PASSWORD_CHARS} characters.", field="password"
        )
    if password.strip().lower() == email or len(set(password)) < 4:
        raise InvalidInput(
            "That password is too easy to guess; choose another one.", field="password"
        )
    return password


def _name(value: str, field: str, label: str) -> str:
    if not value.strip():
        raise InvalidInput(f"Enter your {label}.", field=field)
    try:
        return accounts.normalize_name(value, label)
    except accounts.InvalidContactDetails:
        raise InvalidInput(f"That does not look like a {label}.", field=field) from None


async def _link_conversations(db: AsyncSession, links: list[ChatLink], user_id: UUID) -> list[UUID]:
    """Link the conversations whose bearer token checks out and that belong to nobody yet."""
    verified: list[UUID] = []
    for link in links[:MAX_LINKED_CONVERSATIONS]:
        try:
            session_id = UUID(link.session_id)
        except ValueError:
            continue
        if not link.token or len(link.token) > 256:
            continue
        chat = await load_chat_session(db, session_id, token=link.token, user_id=None)
        if chat is not None and chat.user_id is None:
            verified.append(chat.id)
    return await link_sessions_to_user(db, verified, user_id)


async def _start_session(
    db: AsyncSession, client: ClientInfo, settings: Settings, user_id: UUID
) -> str:
    token = accounts.new_token()
    await create_user_session(
        db,
        user_id=user_id,
        token=token,
        lifetime=dt.timedelta(days=settings.session_lifetime_days),
        ip_address=client.ip_address,
        user_agent=client.user_agent,
    )
    return token


def _minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _wait(seconds: int) -> str:
    if seconds >= 60:
        return _minutes(seconds)
    return f"{seconds} second{'s' if seconds != 1 else ''}"


class AuthController(Controller):
    path = "/api/auth"
    cache_control = CacheControlHeader(no_store=True)
    tags = ["accounts"]

    @post(
        "/register",
        status_code=201,
        summary="Create a candidate account and log in",
        responses=error_responses(400, 409, 422, 429),
    )
    async def register(
        self,
        data: Annotated[RegisterBody, Body()],
        settings: Settings,
        db_session: AsyncSession,
        conversations: ConversationStore,
        client_info: ClientInfo,
    ) -> Response[LoggedIn]:
        email = _email(data.email)
        first_name = _name(data.first_name, "first_name", "first name")
        last_name = _name(data.last_name, "last_name", "last name")
        password = _new_password(settings, data.password, email)
        phone: str | None = None
        if data.phone and data.phone.strip():
            try:
                phone = accounts.normalize_phone(data.phone)
            except accounts.InvalidContactDetails as exc:
                raise InvalidInput(f"Phone: {exc}.", field="phone") from None
        ip = client_info.ip_address
        # Each unit of work ends before the next slow step (hashing holds no connection).
        async with db_session.begin():
            blocked = await registration_blocked(
                db_session, ip_address=ip, rule=registration_rule(settings)
            )
        if blocked is not None:
            log.warning("registration throttled for %s", ip)
            raise TooManyAttempts(
                "Too many accounts were created from your network recently. "
                f"Please try again in {_minutes(blocked.retry_after_s)}.",
                retry_after_s=blocked.retry_after_s,
            )
        password_hash = await hash_password(password)
        try:
            async with db_session.begin():
                await record_login_attempt(
                    db_session, email=email, ip_address=ip, succeeded=True, kind=REGISTRATION
                )
                referral = await referral_by_code(
                    db_session, (data.referral_code or "").strip() or None
                )
                account = await accounts.create_registered_candidate(
                    db_session,
                    email=email,
                    password_hash=password_hash,
                    first_name=first_name,
                    last_name=last_name,
                    phone=phone,
                    referral_id=referral.id if referral else None,
                )
                token = await _start_session(db_session, client_info, settings, account.user_id)
                await accounts.record_login(db_session, account.user_id)
                linked = await _link_conversations(db_session, data.chat_sessions, account.user_id)
        except (accounts.EmailAlreadyRegistered, IntegrityError):
            async with db_session.begin():
                # Trying known e-mails counts as well: it must not be a free oracle.
                await record_login_attempt(
                    db_session, email=email, ip_address=ip, succeeded=False, kind=REGISTRATION
                )
            raise Conflict(
                detail="An account with this email already exists. Log in instead.",
                extra={"field": "email"},
            ) from None
        conversations.assign_user_soon([str(i) for i in linked], str(account.user_id))
        user = AccountUser(account.user_id, email, first_name, last_name, "candidate")
        return Response(
            LoggedIn(user, len(linked)),
            status_code=201,
            cookies=[session_cookie(settings, token)],
        )

    @post(
        "/login",
        status_code=200,
        summary="Log in with email and password",
        responses=error_responses(400, 401, 422, 429),
    )
    async def login(
        self,
        data: Annotated[LoginBody, Body()],
        settings: Settings,
        db_session: AsyncSession,
        conversations: ConversationStore,
        client_info: ClientInfo,
    ) -> Response[LoggedIn]:
        email = _email(data.email)
        if not data.password:
            raise InvalidInput("Enter your password.", field="password")
        if len(data.password) > MAX_PASSWORD_CHARS:
            raise NotAuthorizedException(detail=WRONG_CREDENTIALS)
        ip = client_info.ip_address
        rule = login_rule(settings)
        async with db_session.begin():
            blocked = await login_blocked(db_session, email=email, ip_address=ip, rule=rule)
            candidate = None if blocked else await accounts.login_candidate(db_session, email)
        if blocked is not None:
            log.warning("login throttled (%s)", blocked.reason)
            raise TooManyAttempts(
                "Too many failed login attempts. For your security, logging in is paused: "
                f"try again in {_wait(blocked.retry_after_s)}.",
                retry_after_s=blocked.retry_after_s,
            )
        check = await verify_password(candidate.password_hash if candidate else None, data.password)
        ok = check.ok and candidate is not None and candidate.active
        linked: list[UUID] = []
        token: str | None = None
        async with db_session.begin():
            await record_login_attempt(db_session, email=email, ip_address=ip, succeeded=ok)
            if ok and candidate is not None:
                token = await _start_session(db_session, client_info, settings, candidate.user_id)
                await accounts.record_login(
                    db_session, candidate.user_id, new_password_hash=check.new_hash
                )
                linked = await _link_conversations(
                    db_session, data.chat_sessions, candidate.user_id
                )
        if candidate is not None:
            conversations.assign_user_soon([str(i) for i in linked], str(candidate.user_id))
        if token is None:
            raise NotAuthorizedException(detail=WRONG_CREDENTIALS)
        user = await user_for_token(db_session, token)
        assert user is not None
        return Response(
            LoggedIn(_account(user), len(linked)), cookies=[session_cookie(settings, token)]
        )

    @post(
        "/logout",
        status_code=204,
        summary="Log out (ends this login session)",
        responses=error_responses(),
    )
    async def logout(
        self, request: Request, settings: Settings, db_session: AsyncSession
    ) -> Response[None]:
        token = request.cookies.get(SESSION_COOKIE)
        if token and len(token) <= MAX_TOKEN_CHARS:
            async with db_session.begin():
                await end_user_session(db_session, token)
        return Response(None, status_code=204, cookies=[session_cookie(settings, None)])

    @get("/me", summary="The logged-in user", responses=error_responses(401))
    async def me(self, current_user: SessionUser | None) -> Me:
        if current_user is None:
            raise NotAuthorizedException(detail="You are not logged in.")
        return Me(_account(current_user))
