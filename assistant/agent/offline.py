"""Offline mode: deterministic understanding + dialogue state, acting through the same tools.

Used when no LLM is configured and as the fallback when the LLM fails. The
language part (`nlu`) turns a message into an intent and structured filters
grounded in the master data; this module keeps the dialogue state between
turns (last filters and results, the job in focus, a pending application, the
details being collected) and decides which tool to call.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from assistant.agent import events, replies
from assistant.agent.events import ChatEvent
from assistant.agent.nlu import Intent, SearchFilters, Understanding, understand
from tools import applications, handoff, jobs, referrals
from tools.context import ToolContext
from tools.results import ToolResult

log = logging.getLogger(__name__)

CONTACT_FIELDS = ("first_name", "last_name", "email", "phone")

NOTHING_TO_CONFIRM = (
    "There's nothing waiting for a yes right now. Want me to find jobs, or apply to one of "
    "the jobs I showed you?"
)
LOGIN_PROMPT = (
    "For that I need to know it's you: please log in (use the Log in button in this chat) "
    "and ask me again."
)
NO_MORE_RESULTS = (
    "That's all the jobs matching this search. Want me to widen it, for example a nearby "
    "state or any shift?"
)
JOB_CLOSED = (
    "That job is no longer open for applications, sorry. Want me to find similar open jobs?"
)


class OfflineEngine:
    async def run(self, ctx: ToolContext, text: str) -> AsyncIterator[ChatEvent]:
        turn = _Turn(ctx)
        expecting = ctx.state.pop("expecting", None)
        meaning = understand(text, expecting=expecting)
        reply = await turn.respond(meaning, expecting, text)
        for event in turn.out:
            yield event
        for piece in events.text_pieces(reply):
            yield events.delta(piece)


class _Turn:
    """One offline turn: tool calls become events in `out`; `respond` returns the reply text."""

    def __init__(self, ctx: ToolContext) -> None:
        self.ctx = ctx
        self.state = ctx.state
        self.out: list[ChatEvent] = []

    async def call(
        self, name: str, fn: Callable[..., Awaitable[ToolResult]], *args: Any
    ) -> ToolResult:
        self.out.append(events.tool_started(name))
        before = len(self.ctx.events)
        result = await fn(self.ctx, *args)
        self.out.append(events.tool_finished(name))
        for event in self.ctx.events[before:]:
            self.out.append(
                events.jobs(event.data) if event.kind == "jobs" else events.action(event.data)
            )
        return result

    # ------------------------------------------------------------- dispatch
    async def respond(self, meaning: Understanding, expecting: str | None, text: str) -> str:
        intent = meaning.intent
        pending = self.state.get("pending_apply")

        if expecting in CONTACT_FIELDS or (expecting == "name"):
            if intent in (Intent.CANCEL,):
                return await self.cancel_apply()
            if intent in (Intent.PROVIDE_INFO, Intent.UNKNOWN, Intent.CONFIRM) or meaning.contact:
                return await self.collect_details(meaning, text)
        if expecting == "referral_email" and (meaning.referral_email or meaning.contact):
            email = meaning.referral_email or (meaning.contact.email if meaning.contact else None)
            if email:
                return await self.refer(email)

        if intent is Intent.CONFIRM:
            if pending:
                return await self.confirm_apply()
            return NOTHING_TO_CONFIRM
        if intent is Intent.CANCEL:
            if pending:
                return await self.cancel_apply()
            return replies.smalltalk("ack")
        if intent is Intent.APPLY:
            return await self.apply(meaning)
        if intent is Intent.JOB_DETAILS:
            return await self.details(meaning)
        if intent is Intent.MORE_RESULTS:
            return await self.more_results()
        if intent is Intent.SEARCH:
            return await self.search(meaning)
        if intent is Intent.REFERRAL_STATUS:
            return await self.referral_status()
        if intent is Intent.REFER_FRIEND:
            if meaning.referral_email:
                return await self.refer(meaning.referral_email)
            self.state["expecting"] = "referral_email"
            return replies.ask_for("referral_email")
        if intent is Intent.HUMAN:
            return await self.human(text)
        if intent is Intent.LOGIN:
            self.out.append(events.action({"type": "login_required", "reason": "requested"}))
            return LOGIN_PROMPT
        if intent is Intent.PROVIDE_INFO and pending:
            return await self.collect_details(meaning, text)
        if intent is Intent.GREETING:
            return replies.greeting(str(self.ctx.actor.chat_session_id))
        if intent is Intent.SMALLTALK:
            return replies.smalltalk(meaning.smalltalk or "thanks", text)
        if intent is Intent.HELP:
            return replies.help()
        return replies.did_not_understand(text)

    # --------------------------------------------------------------- search
    async def search(self, meaning: Understanding) -> str:
        previous = SearchFilters.from_dict(self.state.get("filters") or {})
        if meaning.refinement:
            # merge() also drops what the change contradicts (a city outside a new state, ...).
            merged = previous.merge(meaning.filters, replace=meaning.replace_fields).as_dict()
        else:
            merged = meaning.filters.as_dict()
        query = meaning.filters.query or None
        if meaning.refinement and not query:
            query = self.state.get("query")
        merged.pop("query", None)
        result = await self.call("search_jobs", jobs.search_jobs, merged, query, 1)
        total = result.data["total"]
        if total == 0:
            return replies.no_results(merged, _relax(merged))
        return replies.search_results(merged, total, result.data["jobs"])

    async def more_results(self) -> str:
        filters = self.state.get("filters")
        if filters is None:
            return replies.need_search_first()
        page = int(self.state.get("page") or 1) + 1
        result = await self.call(
            "search_jobs", jobs.search_jobs, filters, self.state.get("query"), page
        )
        if not result.data["jobs"]:
            return NO_MORE_RESULTS
        return replies.search_results(
            filters, result.data["total"], result.data["jobs"], offset=(page - 1) * jobs.PAGE_SIZE
        )

    # -------------------------------------------------------------- details
    def resolve_job(self, meaning: Understanding) -> str | None:
        results: list[dict[str, Any]] = list(self.state.get("results") or [])
        ref = meaning.job_reference
        if ref is not None and ref.job_id:
            return ref.job_id  # a widget button names the job exactly; the tool validates it
        if ref is not None:
            if ref.ordinal is not None and results:
                index = ref.ordinal - 1 if ref.ordinal > 0 else len(results) + ref.ordinal
                if 0 <= index < len(results):
                    return str(results[index]["id"])
                return None
            if ref.city:
                for item in results:
                    if (item.get("city") or "").lower() == ref.city.lower():
                        return str(item["id"])
            if ref.text:
                needle = ref.text.lower()
                for item in results:
                    haystack = f"{item.get('title')} {item.get('specialty')}".lower()
                    if needle in haystack:
                        return str(item["id"])
            if ref.city or ref.text:
                return None
        focus = self.state.get("focus_job")
        if focus:
            return str(focus["id"])
        if len(results) == 1:
            return str(results[0]["id"])
        return None

    async def details(self, meaning: Understanding) -> str:
        job_id = self.resolve_job(meaning)
        if job_id is None:
            return (
                replies.reference_not_found()
                if self.state.get("results")
                else (replies.need_search_first())
            )
        result = await self.call("get_job_details", jobs.get_job_details, job_id)
        if result.status == "not_found":
            return replies.reference_not_found()
        return replies.job_details(result.data["job"], topic=meaning.detail_topic)

    # ---------------------------------------------------------------- apply
    async def apply(self, meaning: Understanding) -> str:
        job_id = self.resolve_job(meaning)
        if job_id is None:
            if self.state.get("results"):
                return replies.ask_for("job")
            return replies.need_search_first()
        result = await self.call("apply_to_job", applications.apply_to_job, job_id)
        if result.status in ("not_found", "closed"):
            return JOB_CLOSED
        if result.status == "details_required":
            contact = self.state.setdefault("contact", {})
            if meaning.contact:
                _merge_contact(contact, meaning.contact)
            return await self.next_detail_or_register(result.data["job"])
        self.state["expecting"] = "confirm_apply"
        return replies.confirm_apply(result.data["job"])

    async def collect_details(self, meaning: Understanding, text: str) -> str:
        pending = self.state.get("pending_apply")
        if not pending:
            return replies.did_not_understand(text)
        contact = self.state.setdefault("contact", {})
        errors = list(meaning.contact.errors) if meaning.contact else []
        if meaning.contact:
            _merge_contact(contact, meaning.contact)
        if errors:
            error = errors[0]
            field = "first_name" if error.field == "name" else error.field
            self.state["expecting"] = field
            return replies.invalid(field, error.reason)
        return await self.next_detail_or_register(pending)

    async def next_detail_or_register(self, job: dict[str, Any]) -> str:
        contact = self.state.setdefault("contact", {})
        for field in CONTACT_FIELDS:
            if not contact.get(field):
                self.state["expecting"] = field
                return replies.ask_for(field, contact.get("first_name"))
        result = await self.call(
            "register_candidate",
            applications.register_candidate,
            contact["first_name"],
            contact["last_name"],
            contact["email"],
            contact["phone"],
        )
        if result.status == "invalid":
            error = str(result.data.get("error", ""))
            field = _field_of(error)
            contact.pop(field, None)
            self.state["expecting"] = field
            return replies.invalid(field, error)
        if result.status == "login_required":
            self.state.pop("contact", None)
            return replies.login_required(str(result.data.get("email")))
        if result.status == "throttled":
            return replies.signups_paused(int(result.data.get("retry_after_s") or 60))
        self.state["expecting"] = "confirm_apply"
        return replies.confirm_apply(self.state.get("pending_apply") or job)

    async def confirm_apply(self) -> str:
        pending = self.state.get("pending_apply") or {}
        if not self.ctx.actor.is_candidate:
            return await self.next_detail_or_register(pending)
        result = await self.call("confirm_application", applications.confirm_application)
        if result.status == "ok":
            return replies.applied(result.data["job"], already=bool(result.data["already_applied"]))
        if result.status == "closed":
            return JOB_CLOSED
        if result.status == "confirmation_required":
            self.state["expecting"] = "confirm_apply"
            return replies.confirm_apply(result.data["job"])
        return NOTHING_TO_CONFIRM

    async def cancel_apply(self) -> str:
        await self.call("cancel_application", applications.cancel_application)
        self.state.pop("contact", None)
        return replies.apply_cancelled()

    # --------------------------------------------------------- referrals etc
    async def referral_status(self) -> str:
        result = await self.call("lookup_referrals", referrals.lookup_referrals)
        if result.status == "login_required":
            return LOGIN_PROMPT
        return replies.referrals_summary(result.data["referrals"])

    async def refer(self, email: str) -> str:
        result = await self.call("create_referral", referrals.create_referral, email)
        if result.status == "login_required":
            return LOGIN_PROMPT
        if result.status == "invalid":
            self.state["expecting"] = "referral_email"
            return replies.invalid("referral_email", str(result.data.get("error")))
        return replies.referral_created(
            result.data["referred_email"], result.data["referral_code"], result.data["url"]
        )

    async def human(self, text: str) -> str:
        result = await self.call("request_recruiter", handoff.request_recruiter, text)
        return replies.handoff(
            result.data.get("recruiter_name"), already=bool(result.data.get("already_requested"))
        )


def _merge_contact(contact: dict[str, Any], info: Any) -> None:
    for field in CONTACT_FIELDS:
        value = getattr(info, field, None)
        if value:
            contact[field] = value


def _field_of(error: str) -> str:
    lowered = error.lower()
    if "email" in lowered:
        return "email"
    if "phone" in lowered:
        return "phone"
    if "last" in lowered:
        return "last_name"
    return "first_name"


_RELAX_ORDER = (
    "min_weekly_pay",
    "min_hourly_pay",
    "shift_hours",
    "shift",
    "start",
    "start_to",
    "city",
    "hot_only",
    "job_type",
    "specialty",
    "state",
)


def _relax(filters: dict[str, Any]) -> str | None:
    """The filter whose removal most likely brings results back (the most restrictive kind)."""
    for key in _RELAX_ORDER:
        if key in filters:
            return key
    return None
