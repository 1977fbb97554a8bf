"""``POST /api/recruiter/ask``: a pipeline question answered as JSON or as server-sent events.

Recruiters and admins only (login cookie; anonymous 401, other accounts 403). The scope
of the answer comes from the login, never from the request: a recruiter's own candidates,
applications, share links and handoffs; an admin's everything. ``conversation_id`` names
one of the asker's own conversations (anyone else's reads as 404); without it a new one
starts. ``Accept: text/event-stream`` streams the same answer as events: ``answer``
(the sentence, in pieces), ``table``, ``chart``, ``explanation``, then ``done`` with the
whole object (``error`` if it failed after the stream began).

``GET /api/recruiter/conversations/{id}`` gives back the questions and answers' sentences
of one of the asker's conversations (the console restores itself after a reload).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import (
    NotFoundException,
    PermissionDeniedException,
    ServiceUnavailableException,
)
from litestar.params import Body
from litestar.response import ServerSentEvent, ServerSentEventMessage

from assistant.agent.events import text_pieces
from assistant.auth.guards import requires_role
from assistant.copilot.answer import CopilotAnswer, CopilotState, Table
from assistant.copilot.cache import CachedAnswer
from assistant.copilot.conversations import StoredConversation, new_conversation_id
from assistant.copilot.engine import Answered, answer_question, state_from_data
from assistant.copilot.services import CopilotServices, copilot_services
from assistant.dependencies import AppResources
from assistant.errors import InvalidInput, TooManyAttempts, error_responses
from data_layer.accounts.sessions import SessionUser
from data_layer.recruiting.scope import RecruiterScope, scope_for_user
from tools.copilot import CopilotContext

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
MAX_ASK_BODY_BYTES = 8 * 1024
NOT_FOUND = "Conversation not found."
NOT_STAFF = "Your account cannot use the recruiter copilot."
UNAVAILABLE = "The copilot cannot reach its conversation store; try again shortly."
FAILED = "Sorry, something went wrong answering that. Please try again."
_CONVERSATION_ID = re.compile(r"^[0-9a-f]{32}$")


class AskBody(msgspec.Struct):
    question: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_QUESTION_CHARS)]
    conversation_id: Annotated[str, msgspec.Meta(max_length=64)] | None = None


class TableOut(msgspec.Struct):
    columns: list[str]
    rows: list[list[Any]]


class AskReply(msgspec.Struct):
    """One answer. ``value`` is the single number when there is one; ``chart`` a Vega-Lite
    spec with inline data (never code); ``sql`` only for admins; ``clarify`` the choices
    offered when the question was ambiguous."""

    conversation_id: str
    answer: str
    value: int | float | None
    table: TableOut | None
    chart: dict[str, Any] | None
    explanation: str
    sql: str | None
    uncertain: bool
    outside_scope: bool
    clarify: list[str] | None


class StoredMessage(msgspec.Struct):
    question: str
    answer: str
    at: str


class ConversationOut(msgspec.Struct):
    conversation_id: str
    messages: list[StoredMessage]


def _cell(value: Any) -> Any:
    """A table cell as JSON: numbers stay numbers, dates ISO text, ids text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple):
        return [_cell(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _cell(v) for k, v in value.items()}
    return str(value)


def _plain_answer(answer: CopilotAnswer) -> CopilotAnswer:
    """The answer with JSON-ready cells, so a fresh answer, its stream and its cached copy
    say exactly the same (a Decimal is a number in all three, a date ISO text)."""
    table = answer.table
    if table is not None:
        table = Table(
            columns=[str(c) for c in table.columns],
            rows=[[_cell(v) for v in row] for row in table.rows],
        )
    return msgspec.structs.replace(
        answer,
        value=_cell(answer.value),
        table=table,
        chart=_cell(answer.chart) if answer.chart is not None else None,
    )


def _reply(conversation_id: str, answer: CopilotAnswer, scope: RecruiterScope) -> AskReply:
    answer = _plain_answer(answer)
    table = None
    if answer.table is not None:
        table = TableOut(columns=answer.table.columns, rows=answer.table.rows)
    return AskReply(
        conversation_id=conversation_id,
        answer=answer.answer,
        value=answer.value,
        table=table,
        chart=answer.chart,
        explanation=answer.explanation,
        # "How I got this" down to the SQL is for admins; a recruiter gets the words.
        sql=answer.sql if scope.is_admin else None,
        uncertain=answer.uncertain,
        outside_scope=answer.outside_scope,
        clarify=list(answer.clarify) if answer.clarify else None,
    )


def _clean_question(text: str) -> str:
    question = " ".join(text.split())
    if not question:
        raise InvalidInput("Type a question to ask.", field="question")
    return question


def _sse(event: str, data: Any) -> ServerSentEventMessage:
    return ServerSentEventMessage(event=event, data=json.dumps(data, default=str))


class CopilotController(Controller):
    path = "/api/recruiter"
    guards = [requires_role("recruiter", "admin")]
    cache_control = CacheControlHeader(no_store=True)
    tags = ["recruiter copilot"]

    @post(
        "/ask",
        status_code=200,
        summary="Ask a pipeline question (JSON, or server-sent events)",
        responses=error_responses(400, 401, 403, 404, 413, 422, 429, 503),
        request_max_body_size=MAX_ASK_BODY_BYTES,
    )
    async def ask(
        self,
        request: Request,
        data: Annotated[AskBody, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> Response[AskReply] | ServerSentEvent:
        started = time.perf_counter()
        if current_user is None:  # the guard let nobody anonymous through; typing only
            raise PermissionDeniedException(detail=NOT_STAFF)
        question = _clean_question(data.question)
        services = copilot_services(request.app.state, resources)
        user_id = str(current_user.user_id)
        retry_after = await services.limits.ask(user_id)
        if retry_after is not None:
            raise TooManyAttempts(
                f"You're asking faster than the copilot allows. Please wait {retry_after} "
                f"second{'' if retry_after == 1 else 's'} and try again.",
                retry_after_s=retry_after,
            )
        async with resources.session_factory() as db:
            scope = await scope_for_user(db, current_user.user_id, current_user.roles)
        if scope is None:
            raise PermissionDeniedException(detail=NOT_STAFF)
        stored = await _conversation(services, data.conversation_id, user_id)
        ctx = CopilotContext(
            scope=scope,
            engine=resources.engine,
            session_factory=resources.session_factory,
            max_rows=resources.settings.copilot_max_rows,
            timeout_ms=resources.settings.copilot_statement_timeout_ms,
            today=services.today(),
        )
        turn = _Turn(services, ctx, user_id, question, stored)
        if "text/event-stream" in request.headers.get("accept", ""):
            return ServerSentEvent(_stream(turn))
        reply, cached = await turn.run()
        elapsed_ms = (time.perf_counter() - started) * 1000
        return Response(
            reply,
            headers={
                "Server-Timing": f"ask;dur={elapsed_ms:.1f}",
                "X-Copilot-Cache": "hit" if cached else "miss",
            },
        )

    @get(
        "/conversations/{conversation_id:str}",
        summary="One of your copilot conversations: questions and answers, oldest first",
        responses=error_responses(400, 401, 403, 404, 503),
    )
    async def conversation(
        self,
        request: Request,
        conversation_id: str,
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> ConversationOut:
        if current_user is None:
            raise PermissionDeniedException(detail=NOT_STAFF)
        services = copilot_services(request.app.state, resources)
        if not _CONVERSATION_ID.match(conversation_id):
            raise NotFoundException(detail=NOT_FOUND)
        try:
            messages = await services.conversations.messages(
                conversation_id, str(current_user.user_id)
            )
        except Exception as exc:
            log.warning("copilot conversation read failed: %s", type(exc).__name__)
            raise ServiceUnavailableException(detail=UNAVAILABLE) from None
        if messages is None:
            raise NotFoundException(detail=NOT_FOUND)
        return ConversationOut(
            conversation_id=conversation_id,
            messages=[
                StoredMessage(
                    question=str(m.get("question", "")),
                    answer=str(m.get("answer", "")),
                    at=m["at"].isoformat() if isinstance(m.get("at"), dt.datetime) else "",
                )
                for m in messages
            ],
        )


async def _conversation(
    services: CopilotServices, conversation_id: str | None, user_id: str
) -> StoredConversation | None:
    """The asker's conversation named by the request (404 when it is not theirs or not at
    all), or None to start a new one."""
    if conversation_id is None or not conversation_id.strip():
        return None
    if not _CONVERSATION_ID.match(conversation_id.strip()):
        raise NotFoundException(detail=NOT_FOUND)
    try:
        stored = await services.conversations.load(conversation_id.strip(), user_id)
    except Exception as exc:
        log.warning("copilot conversation read failed: %s", type(exc).__name__)
        raise ServiceUnavailableException(detail=UNAVAILABLE) from None
    if stored is None:
        raise NotFoundException(detail=NOT_FOUND)
    return stored


class _Turn:
    """One question: from the cache or an engine, then remembered in the conversation."""

    def __init__(
        self,
        services: CopilotServices,
        ctx: CopilotContext,
        user_id: str,
        question: str,
        stored: StoredConversation | None,
    ) -> None:
        self.services = services
        self.ctx = ctx
        self.user_id = user_id
        self.question = question
        self.stored = stored
        self.conversation_id = stored.conversation_id if stored else new_conversation_id()

    async def run(self) -> tuple[AskReply, bool]:
        state = state_from_data(self.stored.state) if self.stored else None
        # An answer that depends on the conversation so far (a follow-up) is never reused.
        standalone = state is None or _is_empty(state)
        cache = self.services.cache
        scope = self.ctx.scope
        if standalone:
            hit = await cache.get(self.question, self.user_id, scope, self.ctx.today)
            if hit is not None:
                answered = _from_cache(hit)
                if answered is not None:
                    await self._remember(answered)
                    return _reply(self.conversation_id, answered.answer, scope), True
        answered = await answer_question(
            self.question,
            state,
            self.ctx,
            llm=self.services.llm,
            earlier_questions=self.stored.questions if self.stored else [],
        )
        await self._remember(answered)
        if standalone and answered.verified:
            await cache.put(
                self.question,
                self.user_id,
                scope,
                self.ctx.today,
                CachedAnswer(
                    answer=msgspec.to_builtins(_plain_answer(answered.answer)),
                    state=msgspec.to_builtins(answered.state),
                ),
            )
        return _reply(self.conversation_id, answered.answer, scope), False

    async def _remember(self, answered: Answered) -> None:
        state = answered.state
        message = {
            "question": self.question,
            "answer": _storable_sentence(answered.answer, state),
            "metric_query": msgspec.to_builtins(state.last_query) if state.last_query else None,
            "engine": answered.engine,
            "uncertain": answered.answer.uncertain,
            "outside_scope": answered.answer.outside_scope,
            "rows": len(answered.answer.table.rows) if answered.answer.table else 0,
        }
        try:
            await self.services.conversations.record(
                self.conversation_id,
                self.user_id,
                message=message,
                state=msgspec.to_builtins(state),
            )
        except Exception as exc:
            # The answer stands; only the follow-up memory of this question is lost.
            log.warning("copilot conversation write failed: %s", type(exc).__name__)


REDACTED = "…"


def _storable_sentence(answer: CopilotAnswer, state: CopilotState) -> str:
    """The answer's sentence as kept with the conversation: when its rows are candidates,
    the names it quotes from them are left out (the rows themselves are never kept)."""
    sentence = answer.answer
    if not state.row_ids or answer.table is None:
        return sentence
    quoted = {
        cell
        for row in answer.table.rows
        for cell in row
        if isinstance(cell, str) and len(cell) > 1 and cell in sentence
    }
    for cell in sorted(quoted, key=len, reverse=True):
        sentence = sentence.replace(cell, REDACTED)
    return sentence


def _is_empty(state: CopilotState) -> bool:
    return state.last_query is None and not state.row_ids and state.pending is None


def _from_cache(hit: CachedAnswer) -> Answered | None:
    try:
        answer = msgspec.convert(hit.answer, CopilotAnswer)
    except msgspec.ValidationError:
        return None
    state = state_from_data(hit.state) or CopilotState()
    return Answered(answer, state, verified=True, engine="cache")


async def _stream(turn: _Turn) -> AsyncIterator[ServerSentEventMessage]:
    try:
        reply, _ = await turn.run()
    except Exception:
        log.exception("copilot answer failed while streaming")
        yield _sse("error", {"detail": FAILED})
        return
    for piece in text_pieces(reply.answer):
        yield _sse("answer", {"text": piece})
    if reply.table is not None:
        yield _sse("table", msgspec.to_builtins(reply.table))
    if reply.chart is not None:
        yield _sse("chart", reply.chart)
    yield _sse("explanation", {"text": reply.explanation, "sql": reply.sql})
    yield _sse("done", msgspec.to_builtins(reply))
