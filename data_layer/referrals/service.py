"""Referrals: a candidate's invitations, their progress and the rewards they earn."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts.service import InvalidContactDetails, normalize_email
from data_layer.models import Referral, ReferralReward, ReferralStatus, User

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud


@dataclass(frozen=True)
class RewardView:
    amount: float
    status: str
    payment_date: dt.date | None


@dataclass(frozen=True)
class ReferralView:
    referral_id: UUID
    referred_email: str | None
    status: str
    referral_code: str
    created_at: dt.datetime
    rewards: list[RewardView] = field(default_factory=list)


def new_referral_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


async def list_referrals(session: AsyncSession, referrer_user_id: UUID) -> list[ReferralView]:
    """The referrals ``referrer_user_id`` made, newest first, with their rewards."""
    referrals = (
        (
            await session.execute(
                select(Referral)
                .where(Referral.referrer_id == referrer_user_id)
                .order_by(Referral.created_at.desc())
            )
        )
        .scalars()
        .all()
    )
    rewards: dict[UUID, list[RewardView]] = {}
    if referrals:
        for reward in (
            await session.execute(
                select(ReferralReward)
                .where(ReferralReward.referral_id.in_([r.id for r in referrals]))
                .order_by(ReferralReward.created_at)
            )
        ).scalars():
            rewards.setdefault(reward.referral_id, []).append(
                RewardView(float(reward.amount), reward.status.value, reward.payment_date)
            )
    return [
        ReferralView(
            r.id,
            r.referred_email,
            r.status.value,
            r.referral_code,
            r.created_at,
            rewards.get(r.id, []),
        )
        for r in referrals
    ]


async def create_referral(
    session: AsyncSession, referrer_user_id: UUID, email: str, job_id: UUID | None = None
) -> tuple[ReferralView, bool]:
    """Invite ``email``; inviting the same person twice returns the first invitation."""
    email = normalize_email(email)
    own_email = (
        await session.execute(select(User.email).where(User.id == referrer_user_id))
    ).scalar_one()
    if own_email == email:
        raise InvalidContactDetails("you cannot refer yourself")
    existing = (
        await session.execute(
            select(Referral).where(
                Referral.referrer_id == referrer_user_id,
                func.lower(Referral.referred_email) == email,
            )
        )
    ).scalar_one_or_none()
    if existing is not None:
        return _view(existing), False
    for _ in range(5):
        code = new_referral_code()
        created = (
            await session.execute(
                insert(Referral)
                .values(
                    referrer_id=referrer_user_id,
                    referred_email=email,
                    referral_code=code,
                    status=ReferralStatus.SENT,
                    job_id=job_id,
                )
                .on_conflict_do_nothing(index_elements=["referral_code"])
                .returning(Referral.id)
            )
        ).scalar_one_or_none()
        if created is not None:
            referral = await session.get(Referral, created)
            assert referral is not None
            return _view(referral), True
    raise RuntimeError("could not allocate a unique referral code")


def _view(r: Referral) -> ReferralView:
    return ReferralView(r.id, r.referred_email, r.status.value, r.referral_code, r.created_at, [])


async def referral_by_code(session: AsyncSession, code: str | None) -> Referral | None:
    if not code:
        return None
    return (
        await session.execute(select(Referral).where(Referral.referral_code == code.strip()))
    ).scalar_one_or_none()


def total_rewards(referrals: list[ReferralView], status: str) -> Decimal:
    return sum(
        (Decimal(str(w.amount)) for r in referrals for w in r.rewards if w.status == status),
        Decimal(0),
    )
