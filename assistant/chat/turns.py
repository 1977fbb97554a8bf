"""One chat turn: take the conversation's turn lock, act through an engine, persist, stream.

The LLM and the offline engine drive the same tools and yield the same events; this
module does not care which one answered. Turns of one conversation run one at a time
(a Redis lock, so across replicas); no database transaction or row lock is held while
an engine thinks: the conversation is read in a short transaction, each tool call
commits its own (so a receipt the user sees is for a committed row), and the dialogue
state is saved in a last one before ``message.done``. If the client goes away mid-turn
the state is not saved and the message can simply be sent again (tools are idempotent).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

from opentelemetry import trace
from redis.exceptions import RedisError

from assistant.agent import events, replies
from assistant.agent.events import ChatEvent
from assistant.agent.nlu import user_confirmation
from assistant.agent.offline import OfflineEngine
from assistant.auth.current import ClientInfo
from assistant.auth.mail import wake_mail_worker
from assistant.auth.throttles import chat_token_limits, link_rules, registration_rule
from assistant.resources import Resources, broker_client
from config.metrics import CHAT_TURN_DURATION, CHAT_TURNS
from config.tracing import span
from data_layer.accounts.sessions import SessionUser
from data_layer.chat.handoffs import HandoffLimits
from data_layer.chat.sessions import ChatSessionRecord, load_chat_session, save_turn
from data_layer.chat.transcripts import TurnRecord
from data_layer.resumes.removal import ResumeFiles
from tools.context import Actor, ToolContext

log = logging.getLogger(__name__)

_offline = OfflineEngine()


class ConversationNotFound(Exception):
    """No such conversation for this caller (missing, or not theirs: the same to them)."""


class ConversationFull(Exception):
    """The conversation reached ``CHAT_MAX_TURNS``: a new one must be started."""


class TurnInProgress(Exception):
    """The previous message of this conversation is still being answered."""


@asynccontextmanager
async def _one_turn_at_a_time(resources: Resources, session_id: UUID) -> AsyncIterator[None]:
    """Serialise a conversation's turns across every API replica with a Redis lock, so no
    database row lock has to be held while a model writes its reply."""
    settings = resources.settings
    lock = resources.redis.lock(
        f"esa:chat-turn:{session_id}",
        timeout=settings.llm_timeout_s * 2 + 60,  # a crashed replica's lock expires
        blocking_timeout=settings.chat_turn_wait_s,
    )
    try:
        acquired = await lock.acquire()
    except RedisError as exc:  # Redis down: answer anyway (the turn counter still advances)
        log.warning("chat turn lock unavailable: %s", type(exc).__name__)
        yield
        return
    if not acquired:
        raise TurnInProgress(str(session_id))
    try:
        yield
    finally:
        try:
            await lock.release()
        except RedisError as exc:  # expired or Redis gone: it times out by itself
            log.warning("chat turn lock not released: %s", type(exc).__name__)


def _actor_for(chat: ChatSessionRecord, user: SessionUser | None) -> Actor:
    """Who acts in this turn: only ever the login cookie's user (or an anonymous visitor).

    The conversation's token never lends anyone an identity: in a conversation owned by
    someone else, the token holder acts as themselves (usually anonymous).
    """
    role = "anonymous"
    if user is not None:
        role = next((r for r in ("admin", "recruiter", "content_editor") if r in user.roles), None)
        role = role or ("candidate" if user.candidate_id else "anonymous")
    return Actor(
        chat_session_id=chat.id,
        user_id=user.user_id if user else None,
        candidate_id=user.candidate_id if user else None,
        role=role,
        first_name=user.first_name if user else None,
        referral_id=chat.referral_id,
        referral_code=chat.referral_code,
        recruiter_share_id=chat.recruiter_share_id,
        share_job_id=chat.share_job_id,
        page_url=chat.page_url,
        referrer=chat.referrer,
        user_agent=chat.user_agent,
        ip_address=chat.ip_address,
    )


async def _history(resources: Resources, session_id: UUID, turns: int) -> list[dict[str, Any]]:
    try:
        async with asyncio.timeout(0.5):
            return await resources.conversations.recent(str(session_id), turns)
    except Exception as exc:  # the model can answer without history; the user must get a reply
        log.warning("chat history unavailable for the LLM: %s", type(exc).__name__)
        return []


class _Shown:
    """The job cards and actions a turn showed, as they streamed to the person."""

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.last_jobs: dict[str, Any] | None = None

    def note(self, event: ChatEvent) -> None:
        if event.type in ("jobs", "action"):
            self.kinds.append(event.type)
        if event.type == "jobs":
            self.last_jobs = event.data


def _assistant_message(
    message_id: str, text: str, at: dt.datetime, jobs: dict[str, Any] | None
) -> dict[str, Any]:
    """The reply as the transcript keeps it: with the job cards it showed, for a reload."""
    message: dict[str, Any] = {
        "role": "assistant",
        "content": text,
        "timestamp": at,
        "message_id": message_id,
    }
    if jobs is not None:
        message["jobs"] = jobs
    return message


_ENGINE_OUTCOMES = {
    "llm": ("llm", "ok"),
    "offline": ("offline", "ok"),
    "offline_fallback": ("offline", "fallback"),
}
"""The turn's ``engine_used`` as metric labels: the engine that answered, and how."""
_REFUSALS = (ConversationNotFound, ConversationFull, TurnInProgress)
"""A turn refused before any engine ran is not counted as a turn."""


def _record_turn(engine_used: str, elapsed_s: float) -> None:
    engine, outcome = _ENGINE_OUTCOMES.get(engine_used, (engine_used, "ok"))
    CHAT_TURNS.labels(engine, outcome).inc()
    CHAT_TURN_DURATION.labels(engine).observe(elapsed_s)
    current = trace.get_current_span()
    current.set_attribute("chat.engine", engine)
    current.set_attribute("chat.outcome", outcome)


async def run_turn(
    resources: Resources,
    *,
    session_id: UUID,
    token: str | None,
    user: SessionUser | None,
    text: str,
    client: ClientInfo,
) -> AsyncIterator[ChatEvent]:
    """One turn (below), counted by engine and outcome and traced as ``chat.turn``."""
    started = time.perf_counter()
    with span("chat.turn", attributes={"chat.llm_configured": resources.llm is not None}):
        try:
            async for event in _answer_turn(
                resources,
                session_id=session_id,
                token=token,
                user=user,
                text=text,
                client=client,
                started=started,
            ):
                yield event
        except _REFUSALS:
            raise
        except Exception:
            # No reply at all: counted against the engine the turn started with.
            engine = "llm" if resources.llm is not None else "offline"
            CHAT_TURNS.labels(engine, "error").inc()
            CHAT_TURN_DURATION.labels(engine).observe(time.perf_counter() - started)
            raise


async def _answer_turn(
    resources: Resources,
    *,
    session_id: UUID,
    token: str | None,
    user: SessionUser | None,
    text: str,
    client: ClientInfo,
    started: float,
) -> AsyncIterator[ChatEvent]:
    settings = resources.settings
    message_id = uuid.uuid4().hex
    reply: list[str] = []
    shown = _Shown()
    engine_used = "offline"
    received_at = dt.datetime.now(dt.UTC)
    async with _one_turn_at_a_time(resources, session_id), resources.session_factory() as db:
        async with db.begin():
            chat = await load_chat_session(
                db,
                session_id,
                token=token,
                user_id=user.user_id if user else None,
                limits=chat_token_limits(settings),
            )
            if chat is None:
                raise ConversationNotFound(str(session_id))
            if chat.turns >= settings.chat_max_turns:
                raise ConversationFull(str(session_id))
        # From here on no transaction is open while an engine thinks: each tool call is a
        # short transaction of its own (ToolContext.in_transaction).
        actor = _actor_for(chat, user)
        ctx = ToolContext(
            actor=actor,
            db=db,
            public_base_url=settings.public_base_url,
            # Someone else's conversation: its owner's details stay out of this turn.
            state=chat.state.for_visitor() if chat.owned_by_someone_else else chat.state,
            turn=chat.turns + 1,
            embed_query=resources.query_embedder,
            registration_throttle=registration_rule(settings),
            link_rules=link_rules(settings),
            # Consequential tools act only on the person's own words, read here, never the model's.
            user_confirmed=user_confirmation(text),
            referrals_per_day=settings.referrals_max_per_user_per_day,
            handoff_limits=HandoffLimits(
                settings.handoff_max_per_conversation, settings.handoff_max_per_address_per_day
            ),
            resume_files=ResumeFiles(resources.mongo, settings),
        )

        # The language to answer in, for either engine (the LLM reads it as data).
        ctx.state.language = replies.conversation_language(ctx.state.language, text)
        use_offline = resources.llm is None
        if resources.llm is not None:
            history = await _history(resources, session_id, chat.turns)
            initial_state = ctx.state.snapshot()
            try:
                async with asyncio.timeout(settings.llm_timeout_s):
                    async for event in resources.llm.run(ctx, text, history):
                        if event.type == "message.delta":
                            reply.append(event.data["text"])
                        shown.note(event)
                        yield event
                engine_used = "llm"
            except Exception as exc:  # any model failure: the offline engine answers instead
                log.warning("LLM turn failed, offline fallback: %s", type(exc).__name__)
                await db.rollback()  # a tool cut off mid-call keeps nothing
                # What finished tools committed stays (every tool is idempotent: a repeated
                # search or application changes nothing); the dialogue starts afresh.
                shown = _Shown()
                ctx.metadata.clear()
                ctx.state = initial_state
                ctx.actor = actor
                use_offline = True
                engine_used = "offline_fallback"
                if reply:
                    reply.append("\n\n")
                    yield events.delta("\n\n")
        if use_offline:
            async for event in _offline.run(ctx, text):
                if event.type == "message.delta":
                    reply.append(event.data["text"])
                shown.note(event)
                yield event

        if ctx.actor.first_name:
            ctx.state.first_name = ctx.actor.first_name
        async with db.begin():
            await save_turn(db, session_id, state=ctx.state)

    if ctx.mail_queued:
        await wake_mail_worker(broker_client(settings))

    reply_text = "".join(reply).strip()
    replied_at = dt.datetime.now(dt.UTC)
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    user_id = str(ctx.actor.user_id) if ctx.actor.user_id else None
    context = {
        "page_url": actor.page_url,
        "referrer": actor.referrer,
        "user_agent": client.user_agent or actor.user_agent,
        "ip_address": client.ip_address or actor.ip_address,
    }
    resources.conversations.append_turn_soon(
        TurnRecord(
            session_id=str(session_id),
            user_id=user_id,
            messages=[
                {"role": "user", "content": text, "timestamp": received_at},
                _assistant_message(message_id, reply_text, replied_at, shown.last_jobs),
            ],
            metadata=ctx.metadata,
            context=context,
            event={
                "event_type": "chat_turn",
                "user_id": user_id,
                "session_id": str(session_id),
                "timestamp": replied_at,
                "data": {
                    "engine": engine_used,
                    "tools": shown.kinds,
                    "turn": ctx.turn,
                    "latency_ms": elapsed_ms,
                    "message_id": message_id,
                },
                "context": context,
            },
        )
    )
    _record_turn(engine_used, time.perf_counter() - started)
    yield events.done(message_id, reply_text, language=ctx.state.language)
