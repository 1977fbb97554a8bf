"""Tool: hand the conversation to a human recruiter."""

from __future__ import annotations

from data_layer.chat.handoffs import request_recruiter as open_handoff
from tools.context import ToolContext
from tools.results import ToolResult


async def request_recruiter(ctx: ToolContext, reason: str | None = None) -> ToolResult:
    """The candidate's own recruiter if they have one, else the least busy active recruiter."""
    result = await open_handoff(
        ctx.db,
        chat_session_id=ctx.actor.chat_session_id,
        user_id=ctx.actor.user_id,
        candidate_id=ctx.actor.candidate_id,
        reason=(reason or "")[:500] or None,
        transcript_messages=ctx.turn * 2,
    )
    data = {
        "recruiter_name": result.recruiter_name,
        "recruiter_email": result.recruiter_email,
        "already_requested": result.already,
    }
    ctx.state["handed_off"] = True
    ctx.emit("action", {"type": "handoff", **data})
    return ToolResult("ok" if result.recruiter_id else "queued", data)
