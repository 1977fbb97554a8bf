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
from data_layer.chat.sessions import assign_owner
from data_layer.jobs.search import get_job_details as load_job_details
from tools.context import ToolContext
from tools.jobs import _job_id
from tools.results import ToolResult

log = logging.getLogger(__name__)

CONTACT_FIELDS = ("first_name", "last_name", "email", "phone")


async def apply_to_job(ctx: ToolContext, job_id: str) -> ToolResult:
    """Start an application: it is only created after the candidate confirms.

    Anonymous visitors are asked for their details first (``register_candidate``).
    """
    parsed = _job_id(job_id)
    details = await load_job_details(ctx.db, parsed) if parsed else None
    if details is None:
        return ToolResult("not_found", message="No job with that id.")
    if not details.is_open:
        return ToolResult("closed", message="This job is no longer open for applications.")
    job = {
        "id": str(details.card.id),
        "title": details.card.title,
        "city": details.card.city,
        "state": details.card.state,
        "job_type": details.card.job_type,
    }
    ctx.state["pending_apply"] = {**job, "turn": ctx.turn, "asked": ctx.actor.is_candidate}
    ctx.state["focus_job"] = {k: job[k] for k in ("id", "title", "city", "state")}
    ctx.remember("applications_started", details.card.id)
    if not ctx.actor.is_candidate:
        missing = [f for f in CONTACT_FIELDS if not ctx.state.get("contact", {}).get(f)]
        return ToolResult(
            "details_required",
            {"job": job, "missing": missing},
            "Ask for the missing details, then call register_candidate.",
        )
    ctx.emit("action", {"type": "confirm_apply", "job": job})
    return ToolResult(
        "confirmation_required",
        {"job": job},
        "Ask the candidate to confirm; call confirm_application only after they say yes.",
    )


async def confirm_application(ctx: ToolContext) -> ToolResult:
    """Submit the pending application. Only valid after the candidate confirmed in a later turn."""
    pending = ctx.state.get("pending_apply")
    if not pending:
        return ToolResult(
            "nothing_pending", message="There is no application waiting to be confirmed."
        )
    if not ctx.actor.is_candidate:
        return ToolResult("details_required", message="Collect the candidate's details first.")
    if pending.get("turn", ctx.turn) >= ctx.turn or not pending.get("asked"):
        # The confirmation question has to reach the candidate before a yes can count.
        pending["asked"] = True
        ctx.emit("action", {"type": "confirm_apply", "job": _public(pending)})
        return ToolResult(
            "confirmation_required",
            {"job": _public(pending)},
            "The candidate has not confirmed yet: ask them to confirm.",
        )
    job_id = _job_id(pending["id"])
    assert job_id is not None and ctx.actor.candidate_id is not None
    try:
        result = await store_application(
            ctx.db,
            candidate_id=ctx.actor.candidate_id,
            job_id=job_id,
            source="chat",
            referral_id=ctx.actor.referral_id,
            recruiter_share_id=ctx.actor.recruiter_share_id,
            acting_user_id=ctx.actor.user_id,
        )
    except JobNotOpen:
        ctx.state.pop("pending_apply", None)
        return ToolResult("closed", message="The job closed before the application was sent.")
    ctx.state.pop("pending_apply", None)
    ctx.remember("applications_completed", result.application_id)
    data = {
        "application_id": str(result.application_id),
        "job": _public(pending),
        "already_applied": not result.created,
        "status": result.status,
    }
    ctx.emit("action", {"type": "applied", **data})
    return ToolResult("ok", data)


async def cancel_application(ctx: ToolContext) -> ToolResult:
    pending = ctx.state.pop("pending_apply", None)
    return ToolResult(
        "cancelled" if pending else "nothing_pending", {"job": _public(pending or {})}
    )


async def register_candidate(
    ctx: ToolContext, first_name: str, last_name: str, email: str, phone: str
) -> ToolResult:
    """Create the visitor's candidate profile from the details they typed in the chat.

    The new account belongs to this conversation; an email that already has an
    account gets a request to log in instead (nobody can claim another's account).
    """
    if ctx.actor.is_candidate:
        return ToolResult("already_registered", {"first_name": ctx.actor.first_name})
    ip = ctx.actor.ip_address
    if ctx.registration_throttle is not None:
        blocked = await registration_blocked(ctx.db, ip_address=ip, rule=ctx.registration_throttle)
        if blocked is not None:
            log.warning("chat sign-up throttled for %s", ip)
            return ToolResult(
                "throttled",
                {"retry_after_s": blocked.retry_after_s},
                "Too many sign-ups from this network: the candidate can try again later "
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
        return ToolResult("invalid", {"error": str(exc)}, "Ask the candidate to correct it.")
    except accounts.EmailAlreadyRegistered as exc:
        await record_login_attempt(
            ctx.db, email=str(exc), ip_address=ip, succeeded=False, kind=REGISTRATION
        )
        ctx.emit("action", {"type": "login_required", "email": str(exc)})
        return ToolResult(
            "login_required",
            {"email": str(exc)},
            "That email already has an account: the candidate must log in.",
        )
    await record_login_attempt(
        ctx.db, email=email, ip_address=ip, succeeded=True, kind=REGISTRATION
    )
    ctx.actor = ctx.actor.as_candidate(account.user_id, account.candidate_id, account.first_name)
    # The conversation now belongs to the new user, in this same transaction.
    await assign_owner(ctx.db, ctx.actor.chat_session_id, account.user_id)
    ctx.state.pop("contact", None)
    pending = ctx.state.get("pending_apply")
    data: dict[str, object] = {"first_name": account.first_name}
    if pending:
        pending["turn"] = ctx.turn
        pending["asked"] = True
        ctx.emit("action", {"type": "confirm_apply", "job": _public(pending)})
        data["pending_job"] = _public(pending)
    return ToolResult("ok", data)


def _public(pending: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in pending.items() if k not in ("turn", "asked")}
