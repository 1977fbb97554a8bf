"""Tools: apply to a job (always confirmed first), and sign up from the chat to do so."""

from __future__ import annotations

import logging

from data_layer.accounts import service as accounts
from data_layer.accounts.login_attempts import (
    REGISTRATION,
    record_login_attempt,
    registration_blocked,
)
from data_layer.applications.service import JobNotOpen
from data_layer.applications.service import apply_to_job as store_application
from data_layer.chat.dialogue import ContactDetails, JobRef, PendingApplication
from data_layer.chat.sessions import assign_owner
from data_layer.jobs.search import get_job_details as load_job_details
from tools.application_results import (
    ApplicationCancelled,
    ApplicationJob,
    ApplicationRefused,
    ApplicationSubmitted,
    AwaitingConfirmation,
    DetailsRequired,
    RegistrationResult,
)
from tools.context import ToolContext
from tools.jobs import parse_job_id

log = logging.getLogger(__name__)


async def apply_to_job(
    ctx: ToolContext, job_id: str
) -> AwaitingConfirmation | DetailsRequired | ApplicationRefused:
    """Start an application: it is only created after the candidate confirms.

    Anonymous visitors are asked for their details first (``register_candidate``).
    """
    parsed = parse_job_id(job_id)
    details = await load_job_details(ctx.db, parsed) if parsed else None
    if details is None:
        return ApplicationRefused(status="not_found", note="No job with that id.")
    if not details.is_open:
        return ApplicationRefused(
            status="closed", note="This job is no longer open for applications."
        )
    card = details.card
    pending = PendingApplication(
        id=str(card.id),
        title=card.title,
        city=card.city,
        state=card.state,
        job_type=card.job_type,
        turn=ctx.turn,
        asked=ctx.actor.is_candidate,
    )
    ctx.state.pending_apply = pending
    ctx.state.focus = JobRef(id=pending.id, title=card.title, city=card.city, state=card.state)
    ctx.remember("applications_started", card.id)
    job = ApplicationJob.of(pending)
    if not ctx.actor.is_candidate:
        return DetailsRequired(
            job=job,
            missing=(ctx.state.contact or ContactDetails()).missing(),
            note="Ask for the missing details, then call register_candidate.",
        )
    return AwaitingConfirmation(
        job=job,
        note="Ask the candidate to confirm; call confirm_application only after they say yes.",
    )


async def confirm_application(
    ctx: ToolContext,
) -> ApplicationSubmitted | AwaitingConfirmation | DetailsRequired | ApplicationRefused:
    """Submit the pending application. Only valid after the candidate confirmed in a later turn."""
    pending = ctx.state.pending_apply
    if pending is None:
        return ApplicationRefused(
            status="nothing_pending", note="There is no application waiting to be confirmed."
        )
    if not ctx.actor.is_candidate:
        return DetailsRequired(note="Collect the candidate's details first.")
    job = ApplicationJob.of(pending)
    if pending.turn >= ctx.turn or not pending.asked:
        # The confirmation question has to reach the candidate before a yes can count.
        pending.asked = True
        return AwaitingConfirmation(
            job=job,
            note="The candidate has not confirmed yet: ask them to confirm.",
        )
    job_id = parse_job_id(pending.id)
    assert job_id is not None and ctx.actor.candidate_id is not None
    ctx.state.pending_apply = None
    try:
        stored = await store_application(
            ctx.db,
            candidate_id=ctx.actor.candidate_id,
            job_id=job_id,
            source="chat",
            referral_id=ctx.actor.referral_id,
            recruiter_share_id=ctx.actor.recruiter_share_id,
            acting_user_id=ctx.actor.user_id,
        )
    except JobNotOpen:
        return ApplicationRefused(
            status="closed", note="The job closed before the application was sent."
        )
    ctx.remember("applications_completed", stored.application_id)
    return ApplicationSubmitted(
        job=job,
        application_id=stored.application_id,
        already_applied=not stored.created,
        application_status=stored.status,
    )


async def cancel_application(ctx: ToolContext) -> ApplicationCancelled:
    pending = ctx.state.pending_apply
    ctx.state.pending_apply = None
    return ApplicationCancelled(job=ApplicationJob.of(pending) if pending else None)


async def register_candidate(
    ctx: ToolContext, first_name: str, last_name: str, email: str, phone: str
) -> RegistrationResult:
    """Create the visitor's candidate profile from the details they typed in the chat.

    The new account belongs to this conversation; an email that already has an
    account gets a request to log in instead (nobody can claim another's account).
    """
    if ctx.actor.is_candidate:
        return RegistrationResult(status="already_registered", first_name=ctx.actor.first_name)
    ip = ctx.actor.ip_address
    if ctx.registration_throttle is not None:
        blocked = await registration_blocked(ctx.db, ip_address=ip, rule=ctx.registration_throttle)
        if blocked is not None:
            log.warning("chat sign-up throttled for %s", ip)
            return RegistrationResult(
                status="throttled",
                retry_after_s=blocked.retry_after_s,
                note="Too many sign-ups from this network: the candidate can try again later "
                "or talk to a recruiter.",
            )
    try:
        account = await accounts.create_pending_candidate(
            ctx.db,
            first_name=first_name,
            last_name=last_name,
            email=email,
            phone=phone,
            referral_id=ctx.actor.referral_id,
        )
    except accounts.InvalidContactDetails as exc:
        return RegistrationResult(
            status="invalid", error=str(exc), note="Ask the candidate to correct it."
        )
    except accounts.EmailAlreadyRegistered as exc:
        await record_login_attempt(
            ctx.db, email=str(exc), ip_address=ip, succeeded=False, kind=REGISTRATION
        )
        return RegistrationResult(
            status="login_required",
            email=str(exc),
            note="That email already has an account: the candidate must log in.",
        )
    await record_login_attempt(
        ctx.db, email=email, ip_address=ip, succeeded=True, kind=REGISTRATION
    )
    ctx.actor = ctx.actor.as_candidate(account.user_id, account.candidate_id, account.first_name)
    # The conversation now belongs to the new user, in this same transaction.
    await assign_owner(ctx.db, ctx.actor.chat_session_id, account.user_id)
    ctx.state.contact = None
    pending = ctx.state.pending_apply
    if pending is None:
        return RegistrationResult(status="ok", first_name=account.first_name)
    # Asked right now, in this reply: a yes in the next message submits it.
    pending.turn = ctx.turn
    pending.asked = True
    return RegistrationResult(
        status="ok", first_name=account.first_name, pending_job=ApplicationJob.of(pending)
    )
