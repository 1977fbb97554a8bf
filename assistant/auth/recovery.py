"""The e-mailed links (``/api/auth``): confirm an address, forgot / reset / change password.

Every link is a one-time token (:mod:`data_layer.accounts.tokens`). Answers never
tell whether an address has an account: "forgot password" is always 202, and an
unknown, used or expired link gets one message. A new password ends every other
login, conversation token and link of the account
(:func:`data_layer.accounts.credentials.set_password`).
"""

from __future__ import annotations

import logging
from typing import Annotated, Literal

import msgspec
from celery import Celery
from litestar import Controller, Request, Response, post
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotAuthorizedException
from litestar.params import Body
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth.api import SIGNUP_COOKIE, AccountUser, account_of, signup_cookie
from assistant.auth.current import SESSION_COOKIE, ClientInfo
from assistant.auth.fields import MAX_PASSWORD_CHARS, email_field, new_password_field
from assistant.auth.login_sessions import start_login
from assistant.auth.mail import wake_mail_worker
from assistant.auth.passwords import hash_password, verify_password
from assistant.auth.throttles import link_rules, login_rule, registration_rule
from assistant.errors import Conflict, InvalidInput, TooManyAttempts, error_responses
from assistant.resources import AppResources
from assistant.resume_tasks import after_hand_over
from config.settings import Settings
from data_layer.accounts import service as accounts
from data_layer.accounts.credentials import set_password
from data_layer.accounts.login_attempts import (
    PASSWORD_RESET,
    login_blocked,
    record_login_attempt,
    registration_blocked,
)
from data_layer.accounts.sessions import SessionUser, user_for_token
from data_layer.accounts.signups import (
    AccountDisabled,
    browser_may_use_password,
    complete_signup,
    send_password_reset,
)
from data_layer.accounts.tokens import LiveToken, consume_token, live_token
from data_layer.chat.sessions import adopt_session
from data_layer.chat.transcripts import ConversationStore
from data_layer.models import AccountTokenPurpose
from data_layer.resumes.records import adopt_conversation_resumes

log = logging.getLogger(__name__)

LINK_UNUSABLE = "This link has expired or was already used. Ask for a new one."
ACCOUNT_CLOSED = "This account is closed. Contact us if you need it again."
PASSWORD_LINKS = (AccountTokenPurpose.RESET_PASSWORD, AccountTokenPurpose.SET_PASSWORD)
VERIFY_LINKS = (AccountTokenPurpose.VERIFY_EMAIL,)


class VerifyBody(msgspec.Struct):
    token: str = ""
    password: str | None = None
    """Needed unless this browser registered with a password (see signups)."""


class Verified(msgspec.Struct, omit_defaults=True):
    status: Literal["verified", "password_required"]
    email: str
    user: AccountUser | None = None
    applications_sent: int = 0
    """Applications held with the sign-up (from the chat) that were sent now."""
    applications_closed: int = 0
    """Held applications whose job closed meanwhile."""
    linked_conversations: int = 0


class ForgotBody(msgspec.Struct):
    email: str = ""


class ResetBody(msgspec.Struct):
    token: str = ""
    password: str = ""


class ChangeBody(msgspec.Struct):
    current_password: str = ""
    new_password: str = ""


class Accepted(msgspec.Struct):
    detail: str


class PasswordSet(msgspec.Struct):
    user: AccountUser


def _token_field(value: str) -> str:
    token = value.strip()
    if not token or len(token) > 256:
        raise InvalidInput(LINK_UNUSABLE, field="token", code="link_unusable")
    return token


async def _signed_in(db: AsyncSession, cookie_value: object) -> AccountUser:
    user = await user_for_token(db, str(cookie_value))
    if user is None:  # a disabled account: its sessions do not count
        raise Conflict(detail=ACCOUNT_CLOSED)
    return account_of(user)


class AccountLinksController(Controller):
    path = "/api/auth"
    cache_control = CacheControlHeader(no_store=True)
    tags = ["accounts"]

    @post(
        "/verify",
        status_code=200,
        summary="Confirm an e-mail address with the mailed link (creates the account, logs in)",
        responses=error_responses(400, 409, 422),
    )
    async def verify(
        self,
        request: Request,
        data: Annotated[VerifyBody, Body()],
        settings: Settings,
        db_session: AsyncSession,
        conversations: ConversationStore,
        client_info: ClientInfo,
        resources: AppResources,
    ) -> Response[Verified]:
        raw = _token_field(data.token)
        async with db_session.begin():
            token = await live_token(db_session, raw, VERIFY_LINKS)
        if token is None:
            raise InvalidInput(LINK_UNUSABLE, field="token", code="link_unusable")
        password_hash = await self._password_for(request, settings, token, data.password)
        if password_hash is None:
            return Response(Verified(status="password_required", email=token.email))
        try:
            async with db_session.begin():
                consumed = await consume_token(db_session, raw, VERIFY_LINKS)
                if consumed is None:  # used by a second click in the meantime
                    raise InvalidInput(LINK_UNUSABLE, field="token", code="link_unusable")
                done = await complete_signup(db_session, consumed, password_hash)
                adopted = [
                    chat_id
                    for chat_id in done.chat_session_ids
                    if await adopt_session(db_session, chat_id, done.user_id)
                ]
                handed = await adopt_conversation_resumes(db_session, adopted, done.user_id)
                cookie = await start_login(db_session, client_info, settings, done.user_id)
        except (accounts.EmailAlreadyRegistered, IntegrityError):
            raise Conflict(detail="This address was just confirmed. Log in instead.") from None
        except AccountDisabled:
            raise Conflict(detail=ACCOUNT_CLOSED) from None
        conversations.assign_user_soon([str(i) for i in adopted], str(done.user_id))
        await after_hand_over(resources, *handed)
        log.info(
            "address confirmed: %d held application(s) sent, %d closed",
            done.applications_sent,
            done.jobs_closed,
        )
        return Response(
            Verified(
                status="verified",
                email=token.email,
                user=await _signed_in(db_session, cookie.value),
                applications_sent=done.applications_sent,
                applications_closed=done.jobs_closed,
                linked_conversations=len(adopted),
            ),
            cookies=[cookie, signup_cookie(settings, None)],
        )

    @staticmethod
    async def _password_for(
        request: Request, settings: Settings, token: LiveToken, typed: str | None
    ) -> str | None:
        """The password hash the account gets, or None when the person must choose one."""
        if typed:
            payload = token.payload
            names = [str(payload.get("first_name") or ""), str(payload.get("last_name") or "")]
            password = new_password_field(settings, typed, user_inputs=[token.email, *names])
            return await hash_password(password)
        if browser_may_use_password(token, request.cookies.get(SIGNUP_COOKIE)):
            return str(token.payload["password_hash"])
        return None

    @post(
        "/password/forgot",
        status_code=202,
        summary="Mail a password-reset link (the same answer whether or not the account exists)",
        responses=error_responses(400, 422),
    )
    async def forgot(
        self,
        data: Annotated[ForgotBody, Body()],
        settings: Settings,
        db_session: AsyncSession,
        client_info: ClientInfo,
        task_queue: Celery,
    ) -> Accepted:
        email = email_field(data.email)
        ip = client_info.ip_address
        sent = False
        async with db_session.begin():
            blocked = await registration_blocked(
                db_session, ip_address=ip, rule=registration_rule(settings), kind=PASSWORD_RESET
            )
            if blocked is None:
                sent = await send_password_reset(
                    db_session, rules=link_rules(settings), email=email
                )
                await record_login_attempt(
                    db_session, email=email, ip_address=ip, succeeded=sent, kind=PASSWORD_RESET
                )
            else:
                log.warning("password reset requests throttled for %s", ip)
        if sent:
            await wake_mail_worker(task_queue)
        return Accepted(
            detail=f"If {email} has an account, a link to choose a new password is on its way. "
            "It works once, for a limited time."
        )

    @post(
        "/password/reset",
        status_code=200,
        summary="Choose a new password with a reset or set-password link (logs in)",
        responses=error_responses(400, 409, 422),
    )
    async def reset(
        self,
        data: Annotated[ResetBody, Body()],
        settings: Settings,
        db_session: AsyncSession,
        client_info: ClientInfo,
    ) -> Response[PasswordSet]:
        raw = _token_field(data.token)
        async with db_session.begin():
            token = await live_token(db_session, raw, PASSWORD_LINKS)
        if token is None or token.user_id is None:
            raise InvalidInput(LINK_UNUSABLE, field="token", code="link_unusable")
        # Checked before the link is used up: a refused password leaves the link working.
        password = new_password_field(settings, data.password, user_inputs=[token.email])
        password_hash = await hash_password(password)
        async with db_session.begin():
            consumed = await consume_token(db_session, raw, PASSWORD_LINKS)
            if consumed is None or consumed.user_id is None:
                raise InvalidInput(LINK_UNUSABLE, field="token", code="link_unusable")
            await set_password(db_session, consumed.user_id, password_hash)
            cookie = await start_login(db_session, client_info, settings, consumed.user_id)
        log.info("password set through a %s link", consumed.purpose.value)
        return Response(
            PasswordSet(user=await _signed_in(db_session, cookie.value)), cookies=[cookie]
        )

    @post(
        "/password/change",
        status_code=204,
        summary="Change your password (ends your other logins and conversation tokens)",
        responses=error_responses(400, 401, 422, 429),
    )
    async def change(
        self,
        request: Request,
        data: Annotated[ChangeBody, Body()],
        settings: Settings,
        db_session: AsyncSession,
        current_user: SessionUser | None,
        client_info: ClientInfo,
    ) -> Response[None]:
        if current_user is None:
            raise NotAuthorizedException(detail="You are not logged in.")
        if not data.current_password or len(data.current_password) > MAX_PASSWORD_CHARS:
            raise InvalidInput("Enter your current password.", field="current_password")
        password = new_password_field(
            settings,
            data.new_password,
            user_inputs=[current_user.email, current_user.first_name or ""],
            field="new_password",
        )
        ip = client_info.ip_address
        async with db_session.begin():
            blocked = await login_blocked(
                db_session, email=current_user.email, ip_address=ip, rule=login_rule(settings)
            )
            account = await accounts.login_account(db_session, current_user.email)
        if blocked is not None:
            raise TooManyAttempts(
                "Too many wrong passwords: try again later.", retry_after_s=blocked.retry_after_s
            )
        check = await verify_password(
            account.password_hash if account else None, data.current_password
        )
        if not check.ok:
            async with db_session.begin():
                await record_login_attempt(
                    db_session, email=current_user.email, ip_address=ip, succeeded=False
                )
            raise InvalidInput("Your current password is not right.", field="current_password")
        password_hash = await hash_password(password)
        async with db_session.begin():
            await set_password(
                db_session,
                current_user.user_id,
                password_hash,
                keep_session_token=request.cookies.get(SESSION_COOKIE),
            )
        return Response(None, status_code=204)
