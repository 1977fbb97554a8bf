"""Tool: hand the conversation to a human recruiter."""

from __future__ import annotations

from typing import Literal

import msgspec

from data_layer.chat.handoffs import request_recruiter as open_handoff
from tools.context import ToolContext
from tools.results import ClientEvent, action, model_json

MAX_REASON_CHARS = 500


class HandoffResult(msgspec.Struct, frozen=True, kw_only=True):
    """Who will reply: ``ok`` with a recruiter, ``queued`` until one is free."""

    status: Literal["ok", "queued"]
    recruiter_name: str | None
    recruiter_email: str | None
    already_requested: bool

    def _facts(self) -> dict[str, object]:
        return {
            "recruiter_name": self.recruiter_name,
            "recruiter_email": self.recruiter_email,
            "already_requested": self.already_requested,
        }

    def for_model(self) -> str:
        return model_json(self.status, **self._facts())

    def client_events(self) -> tuple[ClientEvent, ...]:
        return (action("handoff", **self._facts()),)


async def request_recruiter(ctx: ToolContext, reason: str | None = None) -> HandoffResult:
    """The candidate's own recruiter if they have one, else the least busy active recruiter."""
    result = await open_handoff(
        ctx.db,
        chat_session_id=ctx.actor.chat_session_id,
        user_id=ctx.actor.user_id,
        candidate_id=ctx.actor.candidate_id,
        reason=(reason or "")[:MAX_REASON_CHARS] or None,
        transcript_messages=ctx.turn * 2,
    )
    ctx.state.handed_off = True
    return HandoffResult(
        status="ok" if result.recruiter_id else "queued",
        recruiter_name=result.recruiter_name,
        recruiter_email=result.recruiter_email,
        already_requested=result.already,
    )
