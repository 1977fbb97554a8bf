"""Accounts (``/api/auth``): register, log in, log out, who am I.

A registration creates no account: it mails a confirmation link
(:mod:`data_layer.accounts.signups`, :mod:`assistant.auth.recovery` for the link's
endpoint), and answers the same 202 whether or not the address has an account,
so the form tells nobody who is registered. A login creates a ``sessions`` row
(token stored hashed, with expiry, IP and user agent; staff sessions end sooner)
and sets the HttpOnly cookie ``esa_session`` that
:func:`assistant.auth.current.current_user` reads; only confirmed, enabled accounts
log in. Failed logins are counted per (email, client address) pair and per client
address (:mod:`data_layer.accounts.login_attempts`): a failing pair must wait
growing delays between attempts, an address past its ceiling waits for the
window; both are refused with 429 and ``Retry-After`` before any password is
checked, and failures from other addresses never block an e-mail's owner.
Registrations are counted per client address the same way.

Logging in also links the browser's anonymous conversations to the account (the
widget sends each conversation's id with its bearer token; only live tokens of
conversations nobody owns count). Logging out ends the login session and every
bearer token of the user's conversations: on a shared computer the next person
finds nothing of theirs.
"""

from __future__ import annotations

import logging
import math
import secrets
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from celery import Celery
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import CacheControlHeader, Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth.current import MAX_TOKEN_CHARS, SESSION_COOKIE, ClientInfo
from assistant.auth.fields import (
    MAX_PASSWORD_CHARS,
    email_field,
    name_field,
    new_password_field,
    phone_field,
)
from assistant.auth.login_sessions import (
    ChatLink,
    link_conversations,
    session_cookie,
    start_login,
    unowned_conversations,
)
from assistant.auth.mail import wake_mail_worker
from assistant.auth.passwords import hash_password, verify_password
from assistant.auth.throttles import link_rules, login_rule, registration_rule
from assistant.errors import InvalidInput, TooManyAttempts, error_responses
from assistant.resources import AppResources
from assistant.resume_tasks import after_hand_over
from config.settings import Settings
from data_layer.accounts import service as accounts
from data_layer.accounts.credentials import revoke_chat_tokens
from data_layer.accounts.login_attempts import (
    REGISTRATION,
    login_blocked,
    record_login_attempt,
    registration_blocked,
)
from data_layer.accounts.sessions import SessionUser, end_user_session, user_for_token
from data_layer.accounts.signups import start_signup
from data_layer.chat.transcripts import ConversationStore
from data_layer.referrals.service import referral_by_code
from data_layer.resumes.records import adopt_conversation_resumes

log = logging.getLogger(__name__)

WRONG_CREDENTIALS = "Email or password is incorrect."
SIGNUP_COOKIE = "esa_signup"
"""Marks the browser that registered: only it may use the password typed at registration."""


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
    """Conversations to give the account once the address is confirmed."""


class AccountUser(msgspec.Struct):
    id: UUID
    email: str
    first_name: str | None
    last_name: str | None
    user_type: str
    roles: list[str] = msgspec.field(default_factory=list)


class LoggedIn(msgspec.Struct):
    user: AccountUser
    linked_conversations: int = 0


class SignupAccepted(msgspec.Struct):
    status: Literal["verification_sent"]
    email: str
    detail: str


class Me(msgspec.Struct):
    user: AccountUser


def account_of(user: SessionUser) -> AccountUser:
    return AccountUser(
        user.user_id,
        user.email,
        user.first_name,
        user.last_name,
        user.user_type,
        sorted(user.roles),
    )


def signup_cookie(settings: Settings, nonce: str | None) -> Cookie:
    return Cookie(
        key=SIGNUP_COOKIE,
        value=nonce or "",
        max_age=settings.verify_link_hours * 3600 if nonce else 0,
        path="/api/auth",
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )


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
        status_code=202,
        summary="Sign up: mails a link that confirms the address and creates the account",
        responses=error_responses(400, 422, 429),
    )
    async def register(
        self,
        data: Annotated[RegisterBody, Body()],
        settings: Settings,
        db_session: AsyncSession,
        client_info: ClientInfo,
        task_queue: Celery,
    ) -> Response[SignupAccepted]:
        email = email_field(data.email)
        first_name = name_field(data.first_name, "first_name", "first name")
        last_name = name_field(data.last_name, "last_name", "last name")
        password = new_password_field(
            settings, data.password, user_inputs=[email, first_name, last_name]
        )
        phone = phone_field(data.phone)
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
        nonce = secrets.token_urlsafe(32)
        async with db_session.begin():
            referral = await referral_by_code(
                db_session, (data.referral_code or "").strip() or None
            )
            started = await start_signup(
                db_session,
                rules=link_rules(settings),
                source="website",
                email=email,
                first_name=first_name,
                last_name=last_name,
                phone=phone,
                referral_id=referral.id if referral else None,
                password_hash=password_hash,
                browser_nonce=nonce,
                chat_session_ids=tuple(
                    await unowned_conversations(db_session, settings, data.chat_sessions)
                ),
            )
            await record_login_attempt(
                db_session,
                email=email,
                ip_address=ip,
                succeeded=started.status == "sent",
                kind=REGISTRATION,
            )
        if started.status != "capped":
            await wake_mail_worker(task_queue)
        # The same answer whether or not the address has an account (no enumeration).
        return Response(
            SignupAccepted(
                status="verification_sent",
                email=email,
                detail=f"Check your inbox: we sent a link to {email} to confirm it. Open it to "
                "finish creating your account.",
            ),
            status_code=202,
            cookies=[signup_cookie(settings, nonce)],
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
        resources: AppResources,
    ) -> Response[LoggedIn]:
        email = email_field(data.email)
        if not data.password:
            raise InvalidInput("Enter your password.", field="password")
        if len(data.password) > MAX_PASSWORD_CHARS:
            raise NotAuthorizedException(detail=WRONG_CREDENTIALS)
        ip = client_info.ip_address
        rule = login_rule(settings)
        async with db_session.begin():
            blocked = await login_blocked(db_session, email=email, ip_address=ip, rule=rule)
            account = None if blocked else await accounts.login_account(db_session, email)
        if blocked is not None:
            log.warning("login throttled (%s)", blocked.reason)
            raise TooManyAttempts(
                "Too many failed login attempts. For your security, logging in is paused: "
                f"try again in {_wait(blocked.retry_after_s)}.",
                retry_after_s=blocked.retry_after_s,
            )
        check = await verify_password(account.password_hash if account else None, data.password)
        ok = check.ok and account is not None and account.active
        linked: list[UUID] = []
        handed: tuple[UUID | None, list[UUID]] = (None, [])
        cookie: Cookie | None = None
        async with db_session.begin():
            await record_login_attempt(db_session, email=email, ip_address=ip, succeeded=ok)
            if ok and account is not None:
                cookie = await start_login(
                    db_session,
                    client_info,
                    settings,
                    account.user_id,
                    new_password_hash=check.new_hash,
                )
                linked = await link_conversations(
                    db_session, settings, data.chat_sessions, account.user_id
                )
                handed = await adopt_conversation_resumes(db_session, linked, account.user_id)
        if cookie is None or account is None:
            raise NotAuthorizedException(detail=WRONG_CREDENTIALS)
        conversations.assign_user_soon([str(i) for i in linked], str(account.user_id))
        await after_hand_over(resources, *handed)
        user = await user_for_token(db_session, str(cookie.value))
        assert user is not None
        return Response(LoggedIn(account_of(user), len(linked)), cookies=[cookie])

    @post(
        "/logout",
        status_code=204,
        summary="Log out: ends this login and the bearer tokens of all your conversations",
        responses=error_responses(),
    )
    async def logout(
        self, request: Request, settings: Settings, db_session: AsyncSession
    ) -> Response[None]:
        token = request.cookies.get(SESSION_COOKIE)
        if token and len(token) <= MAX_TOKEN_CHARS:
            async with db_session.begin():
                user = await user_for_token(db_session, token)
                await end_user_session(db_session, token)
                if user is not None:
                    revoked = await revoke_chat_tokens(db_session, user.user_id)
                    log.info("logout: %d conversation token(s) revoked", revoked)
        return Response(None, status_code=204, cookies=[session_cookie(settings, None)])

    @get("/me", summary="The logged-in user", responses=error_responses(401))
    async def me(self, current_user: SessionUser | None) -> Me:
        if current_user is None:
            raise NotAuthorizedException(detail="You are not logged in.")
        return Me(account_of(current_user))
