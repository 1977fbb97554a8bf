"""2.6 Referral Management: ``referral_sources``, ``referrals``, ``referral_rewards``."""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import IntPKBase, bool_column, enum_column, money

if TYPE_CHECKING:
    from data_layer.models.jobs import Job
    from data_layer.models.users import User

__all__ = ["Referral", "ReferralReward", "ReferralSource", "ReferralStatus", "RewardStatus"]


class ReferralStatus(enum.StrEnum):
    SENT = "sent"
    REGISTERED = "registered"
    APPLIED = "applied"
    PLACED = "placed"


class RewardStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"


class ReferralSource(IntPKBase):
    __tablename__ = "referral_sources"

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1024))
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)


class Referral(UUIDAuditBase):
    __tablename__ = "referrals"

    referrer_id: Mapped[UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    referred_email: Mapped[str | None] = mapped_column(String(320), index=True)
    referred_user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    referral_code: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[ReferralStatus] = enum_column(
        ReferralStatus, "referral_status", ReferralStatus.SENT, index=True
    )
    job_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )

    referrer: Mapped[User] = relationship(foreign_keys=[referrer_id], lazy="raise")
    referred_user: Mapped[User | None] = relationship(foreign_keys=[referred_user_id], lazy="raise")
    job: Mapped[Job | None] = relationship(lazy="raise")
    rewards: Mapped[list[ReferralReward]] = relationship(
        back_populates="referral", passive_deletes="all", lazy="raise"
    )


class ReferralReward(UUIDAuditBase):
    __tablename__ = "referral_rewards"

    # RESTRICT: payout records are never removed implicitly.
    referral_id: Mapped[UUID] = mapped_column(
        ForeignKey("referrals.id", ondelete="RESTRICT"), index=True
    )
    amount: Mapped[Decimal] = money(nullable=False)
    status: Mapped[RewardStatus] = enum_column(
        RewardStatus, "reward_status", RewardStatus.PENDING, index=True
    )
    payment_date: Mapped[datetime.date | None]
    payment_method: Mapped[str | None] = mapped_column(String(100))
    payment_reference: Mapped[str | None] = mapped_column(String(255))

    referral: Mapped[Referral] = relationship(back_populates="rewards", lazy="raise")
