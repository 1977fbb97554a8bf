"""Tools: the candidate's referrals and inviting a friend."""

from __future__ import annotations

from data_layer.accounts import service as accounts
from data_layer.referrals.service import create_referral as store_referral
from data_layer.referrals.service import list_referrals
from tools.context import ToolContext
from tools.results import ToolResult


def _mask(email: str | None) -> str | None:
    if not email or "@" not in email:
        return email
    local, domain = email.split("@", 1)
    return f"{local[0]}***@{domain}"


async def lookup_referrals(ctx: ToolContext) -> ToolResult:
    """The signed-in user's own referrals, with status and rewards. Nobody else's."""
    if ctx.actor.user_id is None:
        ctx.emit("action", {"type": "login_required", "reason": "referrals"})
        return ToolResult("login_required", message="Referrals are private: ask them to log in.")
    referrals = await list_referrals(ctx.db, ctx.actor.user_id)
    return ToolResult(
        "ok",
        {
            "referrals": [
                {
                    "referred_email": _mask(r.referred_email),
                    "status": r.status,
                    "referral_code": r.referral_code,
                    "created_at": r.created_at.date(),
                    "rewards": [
                        {"amount": w.amount, "status": w.status, "payment_date": w.payment_date}
                        for w in r.rewards
                    ],
                }
                for r in referrals
            ]
        },
    )


async def create_referral(ctx: ToolContext, email: str) -> ToolResult:
    """Invite a friend by email on behalf of the signed-in user."""
    if ctx.actor.user_id is None:
        ctx.emit("action", {"type": "login_required", "reason": "referral"})
        return ToolResult("login_required", message="Only signed-in users can refer friends.")
    try:
        referral, created = await store_referral(ctx.db, ctx.actor.user_id, email)
    except accounts.InvalidContactDetails as exc:
        return ToolResult("invalid", {"error": str(exc)})
    url = f"{ctx.public_base_url.rstrip('/')}/?ref={referral.referral_code}"
    return ToolResult(
        "ok",
        {
            "referred_email": _mask(referral.referred_email),
            "referral_code": referral.referral_code,
            "url": url,
            "already_invited": not created,
        },
    )
