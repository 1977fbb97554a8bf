"""Offline mode: deterministic understanding + dialogue state, acting through the same tools.

Used when no LLM is configured and as the fallback when the LLM fails. The
language part (`nlu`) turns a message into an intent and structured filters
grounded in the master data; this module keeps the dialogue state between
turns (last filters and results, the job in focus, a pending application, the
details being collected) and decides which tool to call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import msgspec

from assistant.agent import account_turns, events, faq_turns, replies, resume_turns
from assistant.agent.events import ChatEvent
from assistant.agent.nlu import ContactInfo, Intent, Understanding, refine, understand
from assistant.agent.tool_calls import observed_call
from data_layer.chat.dialogue import CONTACT_FIELDS, ContactDetails, PendingApplication
from data_layer.jobs.filters import JobSearchFilters
from tools import applications, handoff, jobs, referrals
from tools.application_results import (
    ApplicationHeld,
    ApplicationJob,
    ApplicationRefused,
    ApplicationSubmitted,
    AwaitingConfirmation,
    DetailsRequired,
)
from tools.context import ToolContext
from tools.job_results import JobNotFound
from tools.results import ToolResult

Result = TypeVar("Result", bound=ToolResult)

# The engine's own short answers live in the reply catalogue (English and Spanish); these
# names are their English texts.
NOTHING_TO_CONFIRM = replies.say("engine.nothing_to_confirm")
LOGIN_PROMPT = replies.say("engine.login_prompt")
NO_MORE_RESULTS = replies.say("engine.no_more_results")
REFERRAL_EMAIL_NOT_TYPED = replies.say("engine.referral_email_not_typed")
REFERRAL_LIMIT = replies.say("engine.referral_limit")
JOB_CLOSED = replies.say("engine.job_closed")


class OfflineEngine:
    async def run(self, ctx: ToolContext, text: str) -> AsyncIterator[ChatEvent]:
        turn = _Turn(ctx)
        expecting = ctx.state.expecting
        ctx.state.expecting = None  # each reply asks anew
        meaning = understand(text, expecting=expecting)
        # Answer in the conversation's language, not only this message's: "ok" or an e-mail
        # address keeps a Spanish conversation Spanish (turns and handlers read it here).
        ctx.state.language = replies.conversation_language(ctx.state.language, text)
        meaning.language = turn.lang = ctx.state.language
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
        self.lang: replies.Lang = ctx.state.language

    async def call(self, name: str, fn: Callable[..., Awaitable[Result]], *args: Any) -> Result:
        self.out.append(events.tool_started(name))
        result = await observed_call(
            name, lambda: self.ctx.in_transaction(lambda: fn(self.ctx, *args))
        )
        self.out.extend(events.after_tool(name, result))
        return result

    # ------------------------------------------------------------- dispatch
    async def respond(self, meaning: Understanding, expecting: str | None, text: str) -> str:
        intent = meaning.intent
        pending = self.state.pending_apply
        # Before the account and resume turns: "can I take a week off in my contract?" may
        # read as something else, and the FAQ answers it if an article clearly does.
        general = await faq_turns.first(self, meaning, expecting, text)
        if general is not None:
            return general
        about_resume = await resume_turns.respond(self, meaning, expecting, text)
        if about_resume is not None:
            return about_resume
        about_account = await account_turns.respond(self, meaning, expecting, text)
        if about_account is not None:
            return about_account
        about_faq = await faq_turns.respond(self, meaning, expecting, text)
        if about_faq is not None:
            return about_faq

        if expecting in CONTACT_FIELDS or expecting == "name":
            if intent is Intent.CANCEL:
                return await self.cancel_apply()
            if intent in (Intent.PROVIDE_INFO, Intent.UNKNOWN, Intent.CONFIRM) or meaning.contact:
                return await self.collect_details(meaning, text)
        if expecting == "referral_email" and (meaning.referral_email or meaning.contact):
            email = meaning.referral_email or (meaning.contact.email if meaning.contact else None)
            if email:
                return await self.refer(email)

        if intent is Intent.CONFIRM:
            if pending:
                return await self.confirm_apply(pending)
            return replies.say("engine.nothing_to_confirm", self.lang)
        if intent is Intent.CANCEL:
            if pending:
                return await self.cancel_apply()
            return replies.smalltalk("ack", lang=self.lang)
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
            self.state.expecting = "referral_email"
            return replies.ask_for("referral_email", lang=self.lang)
        if intent is Intent.HUMAN:
            return await self.human(text)
        if intent is Intent.LOGIN:
            self.out.append(events.action({"type": "login_required", "reason": "requested"}))
            return replies.say("engine.login_prompt", self.lang)
        if intent is Intent.PROVIDE_INFO and pending:
            return await self.collect_details(meaning, text)
        if intent is Intent.GREETING:
            return replies.greeting(str(self.ctx.actor.chat_session_id), lang=self.lang)
        if intent is Intent.SMALLTALK:
            return replies.smalltalk(meaning.smalltalk or "thanks", text, lang=self.lang)
        if intent is Intent.HELP:
            return replies.help(lang=self.lang)
        return replies.did_not_understand(text, lang=self.lang)

    # --------------------------------------------------------------- search
    async def search(self, meaning: Understanding) -> str:
        result = await self.call(
            "search_jobs", jobs.search_jobs, _searched(self.state.filters, meaning), 1
        )
        if result.total == 0:
            return replies.no_results(result.filters, lang=self.lang)
        return replies.search_results(result.filters, result.total, result.jobs, lang=self.lang)

    async def more_results(self) -> str:
        filters = self.state.filters
        if filters is None:
            return replies.need_search_first(lang=self.lang)
        page = self.state.page + 1
        result = await self.call("search_jobs", jobs.search_jobs, filters, page)
        if not result.jobs:
            return replies.say("engine.no_more_results", self.lang)
        return replies.search_results(
            filters, result.total, result.jobs, offset=(page - 1) * jobs.PAGE_SIZE, lang=self.lang
        )

    # -------------------------------------------------------------- details
    def resolve_job(self, meaning: Understanding) -> str | None:
        results = self.state.results
        ref = meaning.job_reference
        if ref is not None and ref.job_id:
            return ref.job_id  # a widget button names the job exactly; the tool validates it
        if ref is not None:
            if ref.ordinal is not None and results:
                index = ref.ordinal - 1 if ref.ordinal > 0 else len(results) + ref.ordinal
                if 0 <= index < len(results):
                    return results[index].id
                return None
            if ref.city:
                for item in results:
                    if (item.city or "").lower() == ref.city.lower():
                        return item.id
            if ref.text:
                needle = ref.text.lower()
                for item in results:
                    if needle in f"{item.title or ''} {item.specialty or ''}".lower():
                        return item.id
            if ref.city or ref.text:
                return None
        if self.state.focus is not None:
            return self.state.focus.id
        if len(results) == 1:
            return results[0].id
        return None

    async def details(self, meaning: Understanding) -> str:
        job_id = self.resolve_job(meaning)
        if job_id is None:
            if self.state.results:
                return replies.reference_not_found(lang=self.lang)
            return replies.need_search_first(lang=self.lang)
        result = await self.call("get_job_details", jobs.get_job_details, job_id)
        if isinstance(result, JobNotFound):
            return replies.reference_not_found(lang=self.lang)
        return replies.job_details(result, topic=meaning.detail_topic, lang=self.lang)

    # ---------------------------------------------------------------- apply
    async def apply(self, meaning: Understanding) -> str:
        job_id = self.resolve_job(meaning)
        if job_id is None:
            if self.state.results:
                return replies.ask_for("job", lang=self.lang)
            return replies.need_search_first(lang=self.lang)
        result = await self.call("apply_to_job", applications.apply_to_job, job_id)
        if isinstance(result, ApplicationRefused):
            return replies.say("engine.job_closed", self.lang)
        if isinstance(result, AwaitingConfirmation):
            self.state.expecting = "confirm_apply"
            return replies.confirm_apply(result.job, lang=self.lang)
        if meaning.contact:
            _merge_contact(self._contact(), meaning.contact)
        pending = self.state.pending_apply
        assert pending is not None  # the tool just started it
        return await self.next_detail_or_register(pending)

    def _contact(self) -> ContactDetails:
        if self.state.contact is None:
            self.state.contact = ContactDetails()
        return self.state.contact

    async def collect_details(self, meaning: Understanding, text: str) -> str:
        pending = self.state.pending_apply
        if pending is None:
            return replies.did_not_understand(text, lang=self.lang)
        errors = list(meaning.contact.errors) if meaning.contact else []
        if meaning.contact:
            _merge_contact(self._contact(), meaning.contact)
        if errors:
            error = errors[0]
            field = "first_name" if error.field == "name" else error.field
            self.state.expecting = field
            return replies.invalid(field, error.reason, lang=self.lang)
        return await self.next_detail_or_register(pending)

    async def next_detail_or_register(self, pending: PendingApplication) -> str:
        contact = self._contact()
        details = contact.complete()
        if details is None:
            field = contact.missing()[0]
            self.state.expecting = field
            return replies.ask_for(field, contact.first_name, lang=self.lang)
        result = await self.call("register_candidate", applications.register_candidate, *details)
        if result.status == "invalid":
            error = result.error or ""
            field = _field_of(error)
            setattr(contact, field, None)
            self.state.expecting = field
            return replies.invalid(field, error, lang=self.lang)
        if result.status == "login_required":
            self.state.contact = None
            return replies.login_required(result.email, lang=self.lang)
        if result.status == "throttled":
            return replies.signups_paused(result.retry_after_s or 60, lang=self.lang)
        if result.status == "mail_limit":
            return replies.confirmation_mail_limit(result.email, lang=self.lang)
        self.state.expecting = "confirm_apply"
        job = ApplicationJob.of(self.state.pending_apply or pending)
        if result.status == "verification_sent":
            return replies.confirmation_sent(result.first_name, result.email, job, lang=self.lang)
        return replies.confirm_apply(job, lang=self.lang)

    async def confirm_apply(self, pending: PendingApplication) -> str:
        if not self.ctx.actor.is_candidate and self.state.signup is None:
            return await self.next_detail_or_register(pending)
        result = await self.call("confirm_application", applications.confirm_application)
        if isinstance(result, ApplicationSubmitted):
            return replies.applied(result.job, already=result.already_applied, lang=self.lang)
        if isinstance(result, ApplicationHeld):
            return replies.application_held(result.job, result.email, lang=self.lang)
        if isinstance(result, DetailsRequired):
            return await self.next_detail_or_register(pending)
        if result.status == "closed":
            return replies.say("engine.job_closed", self.lang)
        if isinstance(result, AwaitingConfirmation):
            self.state.expecting = "confirm_apply"
            return replies.confirm_apply(result.job, lang=self.lang)
        return replies.say("engine.nothing_to_confirm", self.lang)

    async def cancel_apply(self) -> str:
        await self.call("cancel_application", applications.cancel_application)
        self.state.contact = None
        return replies.apply_cancelled(lang=self.lang)

    # --------------------------------------------------------- referrals etc
    async def referral_status(self) -> str:
        result = await self.call("lookup_referrals", referrals.lookup_referrals)
        if result.status == "login_required":
            return replies.say("engine.login_prompt", self.lang)
        return replies.referrals_summary(result.referrals, lang=self.lang)

    async def refer(self, email: str) -> str:
        result = await self.call("create_referral", referrals.create_referral, email)
        if result.status == "login_required":
            return replies.say("engine.login_prompt", self.lang)
        if result.status == "invalid":
            self.state.expecting = "referral_email"
            return replies.invalid("referral_email", result.error or "", lang=self.lang)
        if result.status == "confirmation_required":
            self.state.expecting = "referral_email"
            return replies.say("engine.referral_email_not_typed", self.lang)
        if result.status == "limit_reached":
            return replies.say("engine.referral_limit", self.lang)
        return replies.referral_created(
            result.referred_email, result.referral_code, result.url, lang=self.lang
        )

    async def human(self, text: str) -> str:
        result = await self.call("request_recruiter", handoff.request_recruiter, text)
        return replies.handoff(
            result.recruiter_name,
            already=result.already_requested,
            email=result.recruiter_email,
            limit_reached=result.status == "limit_reached",
            lang=self.lang,
        )


def _searched(previous: JobSearchFilters | None, meaning: Understanding) -> JobSearchFilters:
    """The search a message asks for: a new one, or the previous one refined.

    ``refine`` also drops what the change contradicts (a city outside a new state, ...).
    A refinement keeps the previous free words unless the message brings its own.
    """
    said = meaning.filters
    if not meaning.refinement:
        return said
    before = previous or JobSearchFilters()
    refined = refine(
        before, said, replace=meaning.replace_fields, newer_provenance=meaning.provenance
    ).filters
    return msgspec.structs.replace(refined, query=said.query or before.query)


def _merge_contact(contact: ContactDetails, info: ContactInfo) -> None:
    for field in CONTACT_FIELDS:
        value = getattr(info, field, None)
        if value:
            setattr(contact, field, value)


def _field_of(error: str) -> str:
    lowered = error.lower()
    if "email" in lowered:
        return "email"
    if "phone" in lowered:
        return "phone"
    if "last" in lowered:
        return "last_name"
    return "first_name"
