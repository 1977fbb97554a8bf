"""The chat API the widget and any client use: sessions, messages (JSON or SSE), history,
and the live events of a conversation handed to a recruiter (SSE)."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException, ServiceUnavailableException
from litestar.params import Body, Parameter
from litestar.response import ServerSentEvent, ServerSentEventMessage
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.agent.events import ChatEvent
from assistant.auth import current
from assistant.auth.current import ClientInfo
from assistant.auth.throttles import chat_token_limits
from assistant.chat.turns import (
    ConversationFull,
    ConversationNotFound,
    TurnInProgress,
    run_turn,
)
from assistant.dependencies import AppResources
from assistant.errors import Conflict, InvalidInput, TooManyAttempts, error_responses
from assistant.limits.chat import Refusal
from assistant.limits.turn_queue import AddressBusy, QueueTimeout
from assistant.resources import Resources
from config.settings import Settings
from data_layer.accounts.sessions import SessionUser
from data_layer.analytics import service as analytics
from data_layer.chat import live
from data_layer.chat.handoffs import was_handed_off
from data_layer.chat.sessions import create_chat_session, load_chat_session
from data_layer.chat.transcripts import ConversationStore, UnknownMessage

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
MAX_MESSAGE_BODY_BYTES = 32 * 1024
"""A 4,000-character message is at most ~16 KB of JSON-escaped UTF-8: anything much larger
is refused (413) before it is read, let alone decoded."""
MAX_SESSION_BODY_BYTES = 16 * 1024
NOT_FOUND = "Conversation not found."
CONVERSATION_FULL = (
    "This conversation has reached its length limit. Start a new chat to keep going."
)
TURN_IN_PROGRESS = "Your previous message is still being answered. Send this one in a moment."
SLOW_DOWN = "You're sending messages faster than we can answer. Please try again in a moment."
BUSY = "We're answering a lot of people right now. Please send that again in a few seconds."
NO_HANDOFF = "No recruiter has joined this conversation."
LIVE_HEARTBEAT_S = 15.0
LIVE_LIFETIME_S = 600.0
"""A live stream ends after this long and the widget reconnects (with the last event id it
saw): the conversation's access is checked again, and no stream outlives its token."""
LIVE_STREAMS_PER_CONVERSATION = 3
_live_streams: dict[UUID, int] = {}
"""Live streams open in this process, per conversation (a few tabs; not a flood of
Redis subscriptions for one token)."""


class NewSession(msgspec.Struct, forbid_unknown_fields=False):
    referral_code: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    share_code: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    page_url: Annotated[str, msgspec.Meta(max_length=2048)] | None = None
    referrer: Annotated[str, msgspec.Meta(max_length=2048)] | None = None


class SessionCreated(msgspec.Struct):
    session_id: UUID
    token: str


class NewMessage(msgspec.Struct):
    content: str


class Reply(msgspec.Struct):
    message_id: str
    text: str
    jobs: dict[str, Any] | None
    actions: list[dict[str, Any]]
    language: str = "en"
    """The conversation's language ("en" or "es"): what the reply is written in."""


class HistoryMessage(msgspec.Struct, omit_defaults=True):
    role: str
    content: str
    timestamp: str
    message_id: str | None = None
    jobs: dict[str, Any] | None = None
    """The search results this reply showed (filters, total, job cards), if any."""
    author: str | None = None
    """A recruiter's message (``role`` ``recruiter``): their first name."""


class History(msgspec.Struct):
    """One page of the transcript, oldest message first; the default page is the newest."""

    session_id: UUID
    messages: list[HistoryMessage]
    has_more: bool = False
    """Older messages exist: ask again with ``before=next_before``."""
    next_before: str | None = None
    user_messages: int = 0
    """The user messages of the whole conversation (not only of this page)."""


def _clean_content(content: str) -> str:
    text = content.strip()
    if not text:
        raise InvalidInput("Message is empty: type something to send.", field="content")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            f"Message is too long ({len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}).",
            field="content",
        )
    return text


def _sse(event: ChatEvent) -> ServerSentEventMessage:
    return ServerSentEventMessage(event=event.type, data=json.dumps(event.data, default=str))


class ChatController(Controller):
    path = "/api/chat/sessions"
    tags = ["chat"]

    @post(
        status_code=201,
        summary="Start a conversation",
        responses=error_responses(400, 413, 422, 429, 503),
        request_max_body_size=MAX_SESSION_BODY_BYTES,
    )
    async def create_session(
        self,
        db_session: AsyncSession,
        conversations: ConversationStore,
        current_user: SessionUser | None,
        client_info: ClientInfo,
        resources: AppResources,
        data: Annotated[NewSession | None, Body()] = None,
    ) -> SessionCreated:
        # Counted and written in a turn slot: a script opening hundreds of conversations at
        # once waits its turn there (behind people) instead of all of them reaching Redis,
        # PostgreSQL and MongoDB together.
        try:
            async with resources.turn_queue.other_work(client_info.ip_address):
                refused = await resources.chat_limits.new_conversation(
                    client_info.ip_address, current_user.user_id if current_user else None
                )
                if refused is None:
                    return await _start_session(
                        db_session, conversations, current_user, client_info, data or NewSession()
                    )
        except QueueTimeout:
            raise ServiceUnavailableException(detail=BUSY, headers={"Retry-After": "5"}) from None
        # Refused: the slot is given back before the slow answer.
        raise await _slow_down(resources, refused, "Too many new conversations from here")

    @post(
        "/{session_id:uuid}/messages",
        status_code=200,
        summary="Send a message",
        responses=error_responses(400, 404, 409, 413, 422, 429, 503),
        request_max_body_size=MAX_MESSAGE_BODY_BYTES,
    )
    async def send_message(
        self,
        request: Request,
        session_id: UUID,
        data: Annotated[NewMessage, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> Response[Reply] | ServerSentEvent:
        # The hot path: its dependencies form a chain (resources -> current_user), as
        # Litestar resolves independent ones concurrently in a task group (~0.15 ms), and
        # it takes no db_session: the turn runs in a transaction of its own (chat.turns).
        started = time.perf_counter()
        text = _clean_content(data.content)
        token = current.bearer_token(request)
        user_id = current_user.user_id if current_user else None
        address = current.client_info(request).ip_address
        # An address with its share of turns already running (or being counted) is refused
        # in-process, before the Redis counts; the counts come before any database work.
        try:
            with resources.turn_queue.holding(address):
                refused = await resources.chat_limits.message(session_id, address, user_id)
        except AddressBusy:
            refused = Refusal("address_in_flight", 1)
        if refused is not None:
            raise await _slow_down(
                resources, refused, "You're sending messages faster than we can answer"
            )
        streaming = "text/event-stream" in request.headers.get("accept", "")
        if streaming:
            # A stream's status is sent before the turn runs: check access first.
            async with resources.session_factory() as db:
                allowed = await load_chat_session(
                    db,
                    session_id,
                    token=token,
                    user_id=user_id,
                    limits=chat_token_limits(resources.settings),
                )
            if allowed is None:
                raise NotFoundException(detail=NOT_FOUND)
        turn = _in_turn_slot(
            resources,
            address,
            run_turn(
                resources,
                session_id=session_id,
                token=token,
                user=current_user,
                text=text,
                client=current.client_info(request),
            ),
        )
        if streaming:
            return ServerSentEvent(_stream(turn))
        reply = await _collect(turn)
        elapsed_ms = (time.perf_counter() - started) * 1000
        return Response(reply, headers={"Server-Timing": f"turn;dur={elapsed_ms:.1f}"})

    @get(
        "/{session_id:uuid}/messages",
        summary="The conversation so far, a page at a time (newest page first)",
        responses=error_responses(400, 404, 422, 503),
    )
    async def history(
        self,
        request: Request,
        session_id: UUID,
        db_session: AsyncSession,
        conversations: ConversationStore,
        current_user: SessionUser | None,
        settings: Settings,
        before: str | None = None,
        limit: int | None = None,
    ) -> History:
        size = settings.chat_history_page_default if limit is None else limit
        if not 1 <= size <= settings.chat_history_page_max:
            raise InvalidInput(
                f"limit must be between 1 and {settings.chat_history_page_max}.", field="limit"
            )
        if before is not None and not 1 <= len(before) <= 80:
            raise InvalidInput("before must be a message id.", field="before")
        # Ended before the MongoDB read, so a slow read holds no database connection.
        async with db_session.begin():
            allowed = await load_chat_session(
                db_session,
                session_id,
                token=current.bearer_token(request),
                user_id=current_user.user_id if current_user else None,
                limits=chat_token_limits(settings),
            )
        # An owned conversation's transcript (names, e-mail, phone) is its owner's alone:
        # a token without the owner's login gets the same answer as a wrong token.
        if allowed is None or allowed.owned_by_someone_else:
            raise NotFoundException(detail=NOT_FOUND)
        try:
            page = await asyncio.wait_for(
                conversations.page(str(session_id), before=before, limit=size), 3
            )
        except UnknownMessage:
            raise InvalidInput(
                "before names no message of this conversation.", field="before"
            ) from None
        except Exception as exc:
            log.warning("history read failed for %s: %s", session_id, type(exc).__name__)
            raise ServiceUnavailableException(
                detail="Conversation history is unavailable; try again shortly."
            ) from None
        if page is None:
            return History(session_id=session_id, messages=[])
        messages = [
            HistoryMessage(
                role=str(m.get("role")),
                content=str(m.get("content", "")),
                timestamp=str(m.get("timestamp", "")),
                message_id=m.get("message_id"),
                jobs=m.get("jobs") if isinstance(m.get("jobs"), dict) else None,
                author=_author(m),
            )
            for m in page.messages
        ]
        return History(
            session_id=session_id,
            messages=messages,
            has_more=page.has_more,
            next_before=page.next_before,
            user_messages=page.user_messages,
        )

    @get(
        "/{session_id:uuid}/events",
        summary="Live events of a conversation handed to a recruiter (Server-Sent Events)",
        description=(
            "`recruiter.message` (`message_id`, `text`, `author`, `timestamp`) when the "
            "recruiter replies, `handoff.closed` when they close the handoff. Each event has an "
            "`id`; reconnect with `after` (or `Last-Event-ID`) set to the last one seen to get "
            "what was missed. The stream ends after a while: reconnect."
        ),
        responses=error_responses(400, 404, 409, 422, 429),
    )
    async def events(
        self,
        request: Request,
        session_id: UUID,
        resources: AppResources,
        current_user: SessionUser | None,
        after: Annotated[int | None, Parameter(ge=0)] = None,
    ) -> ServerSentEvent:
        async with resources.session_factory() as db, db.begin():
            allowed = await load_chat_session(
                db,
                session_id,
                token=current.bearer_token(request),
                user_id=current_user.user_id if current_user else None,
                limits=chat_token_limits(resources.settings),
            )
            # Recruiters' replies are the transcript: its owner's alone, as for history.
            if allowed is None or allowed.owned_by_someone_else:
                raise NotFoundException(detail=NOT_FOUND)
            if not await was_handed_off(db, session_id):
                raise Conflict(detail=NO_HANDOFF, extra={"code": "no_handoff"})
        if _live_streams.get(session_id, 0) >= LIVE_STREAMS_PER_CONVERSATION:
            raise TooManyAttempts(
                "This conversation is already open in several places. Close one and try again.",
                retry_after_s=int(LIVE_HEARTBEAT_S),
            )
        last = after if after is not None else _event_id(request.headers.get("last-event-id"))
        return ServerSentEvent(_live(resources, session_id, last))


async def _start_session(
    db_session: AsyncSession,
    conversations: ConversationStore,
    current_user: SessionUser | None,
    client_info: ClientInfo,
    body: NewSession,
) -> SessionCreated:
    token = secrets.token_urlsafe(32)
    async with db_session.begin():
        session_id = await create_chat_session(
            db_session,
            token=token,
            user_id=current_user.user_id if current_user else None,
            referral_code=(body.referral_code or "").strip() or None,
            share_code=(body.share_code or "").strip() or None,
            page_url=body.page_url,
            referrer=body.referrer,
            user_agent=client_info.user_agent,
            ip_address=client_info.ip_address,
        )
        if body.page_url:
            await analytics.record_page_view(
                db_session,
                user_id=current_user.user_id if current_user else None,
                session_id=str(session_id),
                page_url=body.page_url,
                referrer_url=body.referrer,
                user_agent=client_info.user_agent,
                ip_address=client_info.ip_address,
            )
    await conversations.start(
        str(session_id),
        str(current_user.user_id) if current_user else None,
        {
            "page_url": body.page_url,
            "referrer": body.referrer,
            "user_agent": client_info.user_agent,
            "ip_address": client_info.ip_address,
        },
    )
    return SessionCreated(session_id=session_id, token=token)


def _author(message: dict[str, Any]) -> str | None:
    author = message.get("author") if message.get("role") == "recruiter" else None
    return str(author) if author else None


def _event_id(header: str | None) -> int | None:
    try:
        return int(header) if header else None
    except ValueError:
        return None


async def _live(
    resources: Resources, session_id: UUID, after: int | None
) -> AsyncIterator[ServerSentEventMessage]:
    _live_streams[session_id] = _live_streams.get(session_id, 0) + 1
    try:
        # A first line at once: the client knows the stream is open (and when to retry).
        yield ServerSentEventMessage(data=None, comment="live", retry=3000)
        async for item in live.follow(
            resources.redis,
            session_id,
            after=after,
            heartbeat_s=LIVE_HEARTBEAT_S,
            lifetime_s=LIVE_LIFETIME_S,
        ):
            if isinstance(item, live.Heartbeat):
                yield ServerSentEventMessage(data=None, comment="keep-alive")
            else:
                yield ServerSentEventMessage(
                    event=item.type, data=json.dumps(item.data, default=str), id=item.id
                )
    except (RedisError, OSError) as exc:  # the widget reconnects; the transcript has it all
        log.warning("live events of %s interrupted (%s)", session_id, type(exc).__name__)
    finally:
        left = _live_streams.get(session_id, 1) - 1
        if left > 0:
            _live_streams[session_id] = left
        else:
            _live_streams.pop(session_id, None)


async def _slow_down(resources: Resources, refused: Refusal, what: str) -> TooManyAttempts:
    # A script retrying at once is slowed to one try per delay and connection, while the
    # wait costs this process nothing but an open socket.
    await asyncio.sleep(min(resources.settings.chat_refusal_delay_s, refused.retry_after_s))
    return TooManyAttempts(
        f"{what}. Please wait {refused.retry_after_s} second"
        f"{'' if refused.retry_after_s == 1 else 's'} and try again.",
        retry_after_s=refused.retry_after_s,
    )


async def _in_turn_slot(
    resources: Resources, address: str | None, turn: AsyncIterator[ChatEvent]
) -> AsyncIterator[ChatEvent]:
    """The turn's events, answered in one of the process's turn slots (waiting fairly for
    one, see turn_queue); the slot is taken when the turn starts and given back however it
    ends (finished, failed, or the client went away mid-stream)."""
    async with resources.turn_queue.turn(address):
        async for event in turn:
            yield event


async def _stream(turn: AsyncIterator[ChatEvent]) -> AsyncIterator[ServerSentEventMessage]:
    try:
        async for event in turn:
            yield _sse(event)
    except ConversationNotFound:
        yield ServerSentEventMessage(event="error", data=json.dumps({"detail": NOT_FOUND}))
    except ConversationFull:
        yield ServerSentEventMessage(event="error", data=json.dumps({"detail": CONVERSATION_FULL}))
    except TurnInProgress:
        yield ServerSentEventMessage(event="error", data=json.dumps({"detail": TURN_IN_PROGRESS}))
    except AddressBusy:
        yield ServerSentEventMessage(event="error", data=json.dumps({"detail": SLOW_DOWN}))
    except QueueTimeout:
        yield ServerSentEventMessage(event="error", data=json.dumps({"detail": BUSY}))
    except Exception:
        log.exception("chat turn failed while streaming")
        yield ServerSentEventMessage(
            event="error",
            data=json.dumps({"detail": "Sorry, something went wrong. Please try again."}),
        )


async def _collect(turn: AsyncIterator[ChatEvent]) -> Reply:
    jobs: dict[str, Any] | None = None
    actions: list[dict[str, Any]] = []
    try:
        async for event in turn:
            if event.type == "jobs":
                jobs = event.data
            elif event.type == "action":
                actions.append(event.data)
            elif event.type == "message.done":
                return Reply(
                    event.data["message_id"],
                    event.data["text"],
                    jobs,
                    actions,
                    event.data.get("language", "en"),
                )
    except ConversationNotFound:
        raise NotFoundException(detail=NOT_FOUND) from None
    except ConversationFull:
        raise Conflict(detail=CONVERSATION_FULL, extra={"code": "conversation_full"}) from None
    except TurnInProgress:
        raise Conflict(detail=TURN_IN_PROGRESS, extra={"code": "turn_in_progress"}) from None
    except AddressBusy:
        raise TooManyAttempts(SLOW_DOWN, retry_after_s=1) from None
    except QueueTimeout:
        raise ServiceUnavailableException(detail=BUSY, headers={"Retry-After": "5"}) from None
    finally:
        # Finish the turn now (its lock, session and turn slot), not whenever the
        # suspended generator is collected.
        await turn.aclose()  # type: ignore[attr-defined]
    raise RuntimeError("turn ended without message.done")
