"""The handoff inbox API (``/api/recruiter/handoffs``, recruiters and admins).

A recruiter sees the conversations handed to them, reads the transcript, replies (the
reply is stored in the transcript and reaches the person's widget live, through
:mod:`data_layer.chat.live`) and closes the handoff with an outcome. Another recruiter's
handoff is answered 404, exactly like one that does not exist.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Annotated, Any, Literal, get_args
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException, ServiceUnavailableException
from litestar.params import Body, Parameter
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.errors import Conflict, InvalidInput, error_responses
from assistant.recruiter.staff import STAFF_ONLY, staff_scope
from assistant.resources import AppResources
from data_layer.accounts.sessions import SessionUser
from data_layer.chat import live
from data_layer.chat.transcripts import ConversationStore, UnknownMessage
from data_layer.models import HandoffStatus
from data_layer.recruiting import inbox
from data_layer.recruiting.inbox import HandoffClosed, HandoffSummary

log = logging.getLogger(__name__)

NOT_FOUND = "No such handoff in your inbox."
ALREADY_CLOSED = "This conversation was closed: it takes no more replies."
MAX_REPLY_CHARS = 2000
VISITOR = "Visitor"

Outcome = Literal["resolved", "applied", "not_interested", "no_response", "other"]
if set(get_args(Outcome)) != set(inbox.OUTCOMES):  # one list of outcomes: the model's
    raise RuntimeError("the inbox's outcomes differ from HandoffOutcome")


class HandoffItem(msgspec.Struct):
    id: UUID
    status: str
    candidate: str
    """The person's first name, or "Visitor" for someone not signed in."""
    signed_in: bool
    reason: str | None
    created_at: dt.datetime
    waiting_s: int
    """Seconds from the handoff to the first reply (so far, while nobody has replied)."""
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str | None
    recruiter_replies: int
    messages: int
    """Messages in the conversation (the person's, the assistant's and recruiters')."""
    recruiter_id: UUID | None
    recruiter_name: str | None
    assigned_by: str


class HandoffList(msgspec.Struct):
    handoffs: list[HandoffItem]
    has_more: bool


class JobShown(msgspec.Struct):
    id: str
    title: str


class TranscriptMessage(msgspec.Struct, omit_defaults=True):
    role: str
    """``user`` (the person), ``assistant`` or ``recruiter``."""
    text: str
    timestamp: str
    message_id: str | None = None
    author: str | None = None
    """A recruiter's reply: who wrote it (first name)."""
    jobs: list[JobShown] | None = None
    """Jobs the assistant showed with this message."""


class HandoffDetail(msgspec.Struct):
    handoff: HandoffItem
    messages: list[TranscriptMessage]
    has_more: bool
    """Older messages exist: ask again with ``before=next_before``."""
    next_before: str | None


class ReplyBody(msgspec.Struct):
    text: str


class ReplySent(msgspec.Struct):
    message_id: str
    handoff: HandoffItem
    live: bool
    """The reply was pushed to the person's open widget (else they see it on their next
    visit: it is in the transcript either way)."""


class CloseBody(msgspec.Struct):
    outcome: Outcome


def _item(handoff: HandoffSummary, messages: int, now: dt.datetime) -> HandoffItem:
    return HandoffItem(
        id=handoff.id,
        status=handoff.status,
        candidate=handoff.candidate_first_name or VISITOR,
        signed_in=handoff.candidate_user_id is not None,
        reason=handoff.reason,
        created_at=handoff.created_at,
        waiting_s=int(handoff.waiting(now).total_seconds()),
        first_response_at=handoff.first_response_at,
        closed_at=handoff.closed_at,
        outcome=handoff.outcome,
        recruiter_replies=handoff.recruiter_replies,
        messages=messages,
        recruiter_id=handoff.recruiter_id,
        recruiter_name=handoff.recruiter_name,
        assigned_by=handoff.assigned_by,
    )


async def _counts(
    conversations: ConversationStore, handoffs: list[HandoffSummary]
) -> dict[str, int]:
    """Message counts from MongoDB; the inbox still lists handoffs (count 0) without it."""
    try:
        return await asyncio.wait_for(
            conversations.message_counts([str(h.chat_session_id) for h in handoffs]), 3
        )
    except Exception as exc:
        log.warning("inbox: message counts unavailable (%s)", type(exc).__name__)
        return {}


def _jobs_shown(message: dict[str, Any]) -> list[JobShown] | None:
    jobs = message.get("jobs")
    cards = jobs.get("jobs") if isinstance(jobs, dict) else None
    if not isinstance(cards, list) or not cards:
        return None
    return [
        JobShown(str(card.get("id", "")), str(card.get("title", "")))
        for card in cards
        if isinstance(card, dict)
    ]


def _transcript_message(message: dict[str, Any]) -> TranscriptMessage:
    stamp = message.get("timestamp", "")
    return TranscriptMessage(
        role=str(message.get("role")),
        text=str(message.get("content", "")),
        timestamp=stamp.isoformat() if isinstance(stamp, dt.datetime) else str(stamp),
        message_id=message.get("message_id"),
        author=message.get("author") if message.get("role") == "recruiter" else None,
        jobs=_jobs_shown(message),
    )


def _clean_reply(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("The reply is empty: type something to send.", field="text")
    if len(cleaned) > MAX_REPLY_CHARS:
        raise InvalidInput(
            f"The reply is too long ({len(cleaned):,} characters; the limit is "
            f"{MAX_REPLY_CHARS:,}).",
            field="text",
        )
    return cleaned


class InboxController(Controller):
    path = "/api/recruiter/handoffs"
    guards = [STAFF_ONLY]
    cache_control = CacheControlHeader(no_store=True)
    tags = ["recruiter"]

    @get(
        summary="Conversations handed to me (admins: to anyone)",
        responses=error_responses(400, 401, 403, 422),
    )
    async def list_handoffs(
        self,
        db_session: AsyncSession,
        conversations: ConversationStore,
        current_user: SessionUser | None,
        status: Literal["open", "closed"] = "open",
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
    ) -> HandoffList:
        scope = staff_scope(current_user)
        async with db_session.begin():
            found = await inbox.list_handoffs(
                db_session, scope, status=HandoffStatus(status), limit=limit + 1, offset=offset
            )
        page = found[:limit]
        counts = await _counts(conversations, page)
        now = dt.datetime.now(dt.UTC)
        return HandoffList(
            [_item(h, counts.get(str(h.chat_session_id), 0), now) for h in page],
            has_more=len(found) > limit,
        )

    @get(
        "/{handoff_id:uuid}",
        summary="A handoff with its conversation (a page at a time, newest page first)",
        responses=error_responses(400, 401, 403, 404, 422, 503),
    )
    async def handoff(
        self,
        handoff_id: UUID,
        db_session: AsyncSession,
        conversations: ConversationStore,
        current_user: SessionUser | None,
        before: Annotated[str | None, Parameter(min_length=1, max_length=80)] = None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 100,
    ) -> HandoffDetail:
        scope = staff_scope(current_user)
        async with db_session.begin():
            handoff = await inbox.get_handoff(db_session, scope, handoff_id)
        if handoff is None:
            raise NotFoundException(detail=NOT_FOUND)
        session_id = str(handoff.chat_session_id)
        try:
            page = await asyncio.wait_for(
                conversations.page(session_id, before=before, limit=limit), 3
            )
        except UnknownMessage:
            raise InvalidInput(
                "before names no message of this conversation.", field="before"
            ) from None
        except Exception as exc:
            log.warning("inbox: transcript of %s unreadable (%s)", session_id, type(exc).__name__)
            raise ServiceUnavailableException(
                detail="The conversation is unavailable right now; try again shortly."
            ) from None
        counts = await _counts(conversations, [handoff])
        now = dt.datetime.now(dt.UTC)
        return HandoffDetail(
            handoff=_item(handoff, counts.get(session_id, 0), now),
            messages=[_transcript_message(m) for m in (page.messages if page else [])],
            has_more=bool(page and page.has_more),
            next_before=page.next_before if page else None,
        )

    @post(
        "/{handoff_id:uuid}/reply",
        status_code=201,
        summary="Reply to the person (shown live in their chat)",
        responses=error_responses(400, 401, 403, 404, 409, 413, 422),
        request_max_body_size=16 * 1024,
    )
    async def reply(
        self,
        handoff_id: UUID,
        data: Annotated[ReplyBody, Body()],
        db_session: AsyncSession,
        conversations: ConversationStore,
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> ReplySent:
        scope = staff_scope(current_user)
        assert current_user is not None
        text = _clean_reply(data.text)
        try:
            async with db_session.begin():
                handoff = await inbox.record_reply(db_session, scope, handoff_id)
        except HandoffClosed:
            raise Conflict(detail=ALREADY_CLOSED, extra={"code": "handoff_closed"}) from None
        if handoff is None:
            raise NotFoundException(detail=NOT_FOUND)
        author = current_user.first_name or "Your recruiter"
        now = dt.datetime.now(dt.UTC)
        message = await conversations.add_message(
            str(handoff.chat_session_id),
            {
                "role": "recruiter",
                "content": text,
                "timestamp": now,
                "author": author,
                "handoff_id": str(handoff.id),
            },
        )
        pushed = True
        try:
            await live.publish(
                resources.redis,
                handoff.chat_session_id,
                live.RECRUITER_MESSAGE,
                {
                    "message_id": message["message_id"],
                    "text": text,
                    "author": author,
                    "timestamp": now.isoformat(),
                },
            )
        except (RedisError, OSError) as exc:
            pushed = False
            log.warning("inbox: live delivery of a reply failed (%s)", type(exc).__name__)
        counts = await _counts(conversations, [handoff])
        return ReplySent(
            message_id=message["message_id"],
            handoff=_item(handoff, counts.get(str(handoff.chat_session_id), 0), now),
            live=pushed,
        )

    @post(
        "/{handoff_id:uuid}/close",
        status_code=200,
        summary="Close the handoff with its outcome",
        responses=error_responses(400, 401, 403, 404, 409, 422),
    )
    async def close(
        self,
        handoff_id: UUID,
        data: Annotated[CloseBody, Body()],
        db_session: AsyncSession,
        conversations: ConversationStore,
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> HandoffItem:
        scope = staff_scope(current_user)
        try:
            async with db_session.begin():
                handoff = await inbox.close_handoff(db_session, scope, handoff_id, data.outcome)
        except HandoffClosed:
            raise Conflict(
                detail="This handoff is already closed.", extra={"code": "handoff_closed"}
            ) from None
        if handoff is None:
            raise NotFoundException(detail=NOT_FOUND)
        try:
            # The person learns the recruiter left the chat, not what they wrote down.
            await live.publish(
                resources.redis,
                handoff.chat_session_id,
                live.HANDOFF_CLOSED,
                {"handoff_id": str(handoff.id)},
            )
        except (RedisError, OSError) as exc:
            log.warning("inbox: live notice of a close failed (%s)", type(exc).__name__)
        counts = await _counts(conversations, [handoff])
        return _item(handoff, counts.get(str(handoff.chat_session_id), 0), dt.datetime.now(dt.UTC))
