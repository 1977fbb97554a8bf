"""Tool: hand the conversation to a human recruiter.

An anonymous visitor learns only the recruiter's first name; their e-mail (never the
phone or last name) is for signed-in people, so the chat is no directory of the staff.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from data_layer.chat.handoffs import HandoffResult as Handoff
from data_layer.chat.handoffs import LimitKind
from data_layer.chat.handoffs import request_recruiter as open_handoff
from tools.context import ToolContext
from tools.results import ClientEvent, action, model_json

MAX_REASON_CHARS = 500

_LIMIT_NOTE = (
    "No recruiter was contacted: this conversation (or this network) has asked for "
    "recruiters as often as allowed for now. Say so kindly, suggest applying to a job or "
    "trying again tomorrow, and never make up a recruiter's name or contact details."
)
_CONFIRM_NOTE = (
    "The person has not asked for a recruiter in their own words: ask whether they would "
    "like one to join the chat, and hand off only after they say so."
)
_FIRST_NAME_NOTE = (
    "Only the recruiter's first name is shared until the person signs in; they will reply "
    "in this chat. Never guess an e-mail address or phone number."
)


class HandoffResult(msgspec.Struct, frozen=True, kw_only=True):
    """Who will reply: ``ok`` with a recruiter, ``queued`` until one is free, or
    ``limit_reached`` (a cap refused a new handoff: nobody was asked)."""

    status: Literal["ok", "queued", "limit_reached", "confirmation_required"]
    recruiter_name: str | None
    recruiter_email: str | None
    already_requested: bool
    limit: LimitKind | None = None

    def _facts(self) -> dict[str, object]:
        return {
            "recruiter_name": self.recruiter_name,
            "recruiter_email": self.recruiter_email,
            "already_requested": self.already_requested,
        }

    def for_model(self) -> str:
        if self.status == "confirmation_required":
            return model_json(self.status, note=_CONFIRM_NOTE)
        if self.status == "limit_reached":
            return model_json(self.status, note=_LIMIT_NOTE, limit=self.limit)
        note = _FIRST_NAME_NOTE if self.recruiter_name and not self.recruiter_email else None
        return model_json(self.status, note=note, **self._facts())

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status in ("limit_reached", "confirmation_required"):
            return ()  # nothing was handed off: the widget must not show a handoff
        return (action("handoff", **self._facts()),)


def _shown(handoff: Handoff, *, signed_in: bool) -> HandoffResult:
    """The handoff as this person may see it: full name and e-mail only once signed in."""
    if handoff.limit is not None:
        return HandoffResult(
            status="limit_reached",
            recruiter_name=None,
            recruiter_email=None,
            already_requested=False,
            limit=handoff.limit,
        )
    contact = handoff.contact
    return HandoffResult(
        status="ok" if handoff.recruiter_id else "queued",
        recruiter_name=(contact.full_name or contact.first_name)
        if signed_in
        else contact.first_name,
        recruiter_email=contact.email if signed_in else None,
        already_requested=handoff.already,
    )


async def request_recruiter(ctx: ToolContext, reason: str | None = None) -> HandoffResult:
    """The candidate's own recruiter if they have one, else the least busy active recruiter.

    Only when the person's own message asks for a person, or says yes to the offer of one
    (the server reads it, :class:`~tools.context.UserConfirmation`): a recruiter's queue is
    not the model's to fill.
    """
    confirmed = ctx.user_confirmed
    if not (confirmed.wants_recruiter or confirmed.yes):
        return HandoffResult(
            status="confirmation_required",
            recruiter_name=None,
            recruiter_email=None,
            already_requested=False,
        )
    handoff = await open_handoff(
        ctx.db,
        chat_session_id=ctx.actor.chat_session_id,
        user_id=ctx.actor.user_id,
        candidate_id=ctx.actor.candidate_id,
        reason=(reason or "")[:MAX_REASON_CHARS] or None,
        transcript_messages=ctx.turn * 2,
        limits=ctx.handoff_limits,
    )
    if handoff.limit is None:
        ctx.state.handed_off = True
    return _shown(handoff, signed_in=ctx.actor.user_id is not None)
