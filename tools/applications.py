"""Tools: apply to a job (always confirmed first), and sign up from the chat to do so.

A sign-up from the chat creates no account: it mails a confirmation link
(:mod:`data_layer.accounts.signups`). Applications the visitor confirms before
opening it are held with the sign-up and sent when the address is confirmed, so
nobody can apply, or reserve an address, in someone else's name.
"""

from __future__ import annotations

import logging
from uuid import UUID

import msgspec

from data_layer.accounts import service as accounts
from data_layer.accounts.login_attempts import (
    REGISTRATION,
    record_login_attempt,
    registration_blocked,
)
from data_layer.accounts.signups import hold_application, start_signup
from data_layer.applications.service import JobNotOpen
from data_layer.applications.service import apply_to_job as store_application
from data_layer.chat.dialogue import (
    CONTACT_FIELDS,
    ContactDetails,
    JobRef,
    PendingApplication,
    PendingSignup,
)
from data_layer.jobs.search import get_job_details as load_job_details
from tools.application_results import (
    ApplicationCancelled,
    ApplicationHeld,
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

NOT_CONFIRMED_NOTE = (
    "The person has not said yes in their own words: nothing was submitted. Ask them to "
    "confirm (yes or no)."
)


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
        asked=_may_apply(ctx),
    )
    ctx.state.pending_apply = pending
    ctx.state.focus = JobRef(id=pending.id, title=card.title, city=card.city, state=card.state)
    ctx.remember("applications_started", card.id)
    job = ApplicationJob.of(pending)
    if not _may_apply(ctx):
        return DetailsRequired(
            job=job,
            missing=(ctx.state.contact or ContactDetails()).missing(),
            note="Ask for the missing details, then call register_candidate.",
        )
    return AwaitingConfirmation(
        job=job,
        note="Ask the candidate to confirm; call confirm_application only after they say yes.",
    )


def _may_apply(ctx: ToolContext) -> bool:
    """A signed-in candidate, or a visitor whose sign-up in this conversation awaits its link."""
    return ctx.actor.is_candidate or ctx.state.signup is not None


async def confirm_application(
    ctx: ToolContext,
) -> (
    ApplicationSubmitted
    | ApplicationHeld
    | AwaitingConfirmation
    | DetailsRequired
    | ApplicationRefused
):
    """Submit (or hold, for a pending sign-up) the pending application.

    Only valid when the question was asked in an earlier turn and the person's message of
    this turn is an explicit yes (:attr:`ToolContext.user_confirmed`, read by the server).
    """
    pending = ctx.state.pending_apply
    if pending is None:
        return ApplicationRefused(
            status="nothing_pending", note="There is no application waiting to be confirmed."
        )
    if not _may_apply(ctx):
        return DetailsRequired(note="Collect the candidate's details first.")
    job = ApplicationJob.of(pending)
    if pending.turn >= ctx.turn or not pending.asked:
        # The confirmation question has to reach the candidate before a yes can count.
        pending.asked = True
        return AwaitingConfirmation(
            job=job,
            note="The candidate has not confirmed yet: ask them to confirm.",
        )
    if not ctx.user_confirmed.yes:
        # Only the person's own words count, never the model's reading of them: text the
        # model saw (a job description, a name) must not be able to submit anything.
        log.info("application confirmation refused: no explicit yes in the message")
        pending.turn = ctx.turn
        return AwaitingConfirmation(job=job, note=NOT_CONFIRMED_NOTE)
    job_id = parse_job_id(pending.id)
    assert job_id is not None
    signup = ctx.state.signup
    if ctx.actor.candidate_id is None and signup is not None:
        return await _hold(ctx, signup, job_id, job)
    assert ctx.actor.candidate_id is not None
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


async def _hold(
    ctx: ToolContext, signup: PendingSignup, job_id: UUID, job: ApplicationJob
) -> ApplicationHeld | DetailsRequired:
    if not await hold_application(ctx.db, UUID(signup.token_id), job_id):
        # The link was used (then the person is signed in elsewhere) or expired.
        ctx.state.signup = None
        return DetailsRequired(
            job=job,
            missing=list(CONTACT_FIELDS),
            note="Their confirmation link expired or was already used: if they confirmed, "
            "they should log in; otherwise collect their details again.",
        )
    ctx.state.pending_apply = None
    ctx.remember("applications_held", job_id)
    return ApplicationHeld(job=job, email=signup.email)


async def register_candidate(
    ctx: ToolContext, first_name: str, last_name: str, email: str, phone: str
) -> RegistrationResult:
    """Sign the visitor up from the details they typed: a confirmation link is mailed to
    ``email``; their account exists (and held applications are sent) once they open it.

    An email that already has an account gets a request to log in instead (nobody can
    claim another's account, and its owner is told by mail that someone tried).
    """
    if ctx.actor.is_candidate:
        return RegistrationResult(status="already_registered", first_name=ctx.actor.first_name)
    if ctx.link_rules is None:
        return RegistrationResult(
            status="throttled", retry_after_s=3600, note="Sign-ups are unavailable here."
        )
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
        address = accounts.normalize_email(email)
        first = accounts.normalize_name(first_name, "first name")
        last = accounts.normalize_name(last_name, "last name")
        phone_number = accounts.normalize_phone(phone)
    except accounts.InvalidContactDetails as exc:
        return RegistrationResult(
            status="invalid", error=str(exc), note="Ask the candidate to correct it."
        )
    started = await start_signup(
        ctx.db,
        rules=ctx.link_rules,
        source="chat",
        email=address,
        first_name=first,
        last_name=last,
        phone=phone_number,
        referral_id=ctx.actor.referral_id,
        recruiter_share_id=ctx.actor.recruiter_share_id,
        chat_session_ids=(ctx.actor.chat_session_id,),
    )
    await record_login_attempt(
        ctx.db,
        email=address,
        ip_address=ip,
        succeeded=started.status == "sent",
        kind=REGISTRATION,
    )
    ctx.state.contact = None
    if started.status == "account_exists":
        ctx.mail_queued = True
        return RegistrationResult(
            status="login_required",
            email=address,
            note="That email already has an account: the candidate must log in.",
        )
    if started.status == "capped":
        return RegistrationResult(
            status="mail_limit",
            email=address,
            note="Several confirmation mails went to this address in the last hour: ask them "
            "to open the latest one (and check spam).",
        )
    assert started.token_id is not None
    ctx.mail_queued = True
    ctx.state.signup = PendingSignup(
        token_id=str(started.token_id), email=address, first_name=first
    )
    ctx.state.first_name = first
    pending = ctx.state.pending_apply
    result = RegistrationResult(
        status="verification_sent",
        first_name=first,
        email=address,
        note="A confirmation link was mailed; applications they confirm now are sent once they "
        "open it.",
    )
    if pending is None:
        return result
    # Asked right now, in this reply: a yes in the next message holds it for the link.
    pending.turn = ctx.turn
    pending.asked = True
    return msgspec.structs.replace(result, pending_job=ApplicationJob.of(pending))
