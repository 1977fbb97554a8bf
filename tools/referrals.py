"""Tools: the candidate's referrals and inviting a friend.

Inviting mails nobody by itself but creates a referral in the person's name, so it is a
consequential action: it needs the friend's address in the person's own message (never
only in the model's arguments) and is capped per user per day, counted in PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Literal
from uuid import UUID

import msgspec
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts import service as accounts
from data_layer.models import Referral as ReferralRow
from data_layer.referrals.service import create_referral as store_referral
from data_layer.referrals.service import list_referrals
from tools.context import ToolContext
from tools.results import ClientEvent, action, mask_email, model_json

log = logging.getLogger(__name__)

_CAP_WINDOW = dt.timedelta(days=1)


class Reward(msgspec.Struct, frozen=True, kw_only=True):
    amount: float
    status: str
    """``pending``, ``approved``, ``paid`` or ``rejected``."""
    payment_date: dt.date | None = None


class Referral(msgspec.Struct, frozen=True, kw_only=True):
    referred_email: str | None
    """Masked."""
    status: str
    """``sent``, ``registered``, ``applied`` or ``placed``."""
    referral_code: str | None = None
    created_at: dt.date | None = None
    rewards: list[Reward] = []


class ReferralList(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in person's own referrals; ``login_required`` for anyone else."""

    status: Literal["ok", "login_required"]
    referrals: list[Referral] = []
    note: str | None = None

    def for_model(self) -> str:
        if self.status == "ok":
            return model_json(self.status, self.note, referrals=self.referrals)
        return model_json(self.status, self.note)

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status == "login_required":
            return (action("login_required", reason="referrals"),)
        return ()


class ReferralInvite(msgspec.Struct, frozen=True, kw_only=True):
    """A friend invited (or invited before: ``already_invited``)."""

    status: Literal["ok", "login_required", "invalid", "confirmation_required", "limit_reached"]
    note: str | None = None
    referred_email: str | None = None
    """Masked."""
    referral_code: str | None = None
    url: str | None = None
    """The sign-up link carrying the referral code."""
    already_invited: bool = False
    error: str | None = None

    def for_model(self) -> str:
        if self.status == "ok":
            return model_json(
                self.status,
                self.note,
                referred_email=self.referred_email,
                referral_code=self.referral_code,
                url=self.url,
                already_invited=self.already_invited,
            )
        if self.status == "invalid":
            return model_json(self.status, self.note, error=self.error)
        return model_json(self.status, self.note)

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status == "login_required":
            return (action("login_required", reason="referral"),)
        return ()


async def lookup_referrals(ctx: ToolContext) -> ReferralList:
    """The signed-in user's own referrals, with status and rewards. Nobody else's."""
    if ctx.actor.user_id is None:
        return ReferralList(
            status="login_required", note="Referrals are private: ask them to log in."
        )
    stored = await list_referrals(ctx.db, ctx.actor.user_id)
    return ReferralList(
        status="ok",
        referrals=[
            Referral(
                referred_email=mask_email(r.referred_email),
                status=r.status,
                referral_code=r.referral_code,
                created_at=r.created_at.date(),
                rewards=[
                    Reward(amount=w.amount, status=w.status, payment_date=w.payment_date)
                    for w in r.rewards
                ],
            )
            for r in stored
        ],
    )


async def create_referral(ctx: ToolContext, email: str) -> ReferralInvite:
    """Invite a friend by email on behalf of the signed-in user.

    Only an address the person typed in this turn's message, and at most
    :attr:`ToolContext.referrals_per_day` new invitations per user per 24 hours.
    """
    user_id = ctx.actor.user_id
    if user_id is None:
        return ReferralInvite(
            status="login_required", note="Only signed-in users can refer friends."
        )
    try:
        address = accounts.normalize_email(email)
    except accounts.InvalidContactDetails as exc:
        return ReferralInvite(status="invalid", error=str(exc))
    if address not in ctx.user_confirmed.emails:
        log.info("referral refused: the address is not in the person's message")
        return ReferralInvite(
            status="confirmation_required",
            note="The person has not typed this address in their own words: nothing was "
            "created. Ask them to type their friend's email address.",
        )
    if await _invited_recently(ctx.db, user_id) >= ctx.referrals_per_day:
        log.warning("referral refused: daily cap of %d reached", ctx.referrals_per_day)
        return ReferralInvite(
            status="limit_reached",
            note="They invited as many friends as one day allows: nothing was created. "
            "They can invite more tomorrow.",
        )
    try:
        referral, created = await store_referral(ctx.db, user_id, address)
    except accounts.InvalidContactDetails as exc:
        return ReferralInvite(status="invalid", error=str(exc))
    return ReferralInvite(
        status="ok",
        referred_email=mask_email(referral.referred_email),
        referral_code=referral.referral_code,
        url=f"{ctx.public_base_url.rstrip('/')}/?ref={referral.referral_code}",
        already_invited=not created,
    )


async def _invited_recently(db: AsyncSession, user_id: UUID) -> int:
    """Referrals ``user_id`` created in the last 24 hours.

    The transaction-scoped lock makes two conversations of one user count one after the
    other, so together they cannot pass the cap.
    """
    await db.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"referrals:{user_id}"},
    )
    since = dt.datetime.now(dt.UTC) - _CAP_WINDOW
    count = await db.scalar(
        select(func.count())
        .select_from(ReferralRow)
        .where(ReferralRow.referrer_id == user_id, ReferralRow.created_at >= since)
    )
    return int(count or 0)
