"""The logged-in candidate's own data: ``GET /api/me/applications`` and ``/api/me/referrals``.

Identity comes only from the login cookie; every query is scoped to that user
(there is no id to name in the request). Anonymous callers get 401.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec
from litestar import Controller, get
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotAuthorizedException
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.errors import error_responses
from config.settings import Settings
from data_layer.accounts.sessions import SessionUser
from data_layer.applications.service import list_applications
from data_layer.referrals.service import list_referrals

LOGIN_NEEDED = "Log in to see this."


class MyApplication(msgspec.Struct):
    application_id: UUID
    job_id: UUID
    job_title: str
    city: str | None
    state: str | None
    status: str
    applied_at: dt.datetime
    job_url: str


class MyApplications(msgspec.Struct):
    applications: list[MyApplication]


class MyReward(msgspec.Struct):
    amount: float
    status: str
    payment_date: dt.date | None


class MyReferral(msgspec.Struct):
    referral_id: UUID
    referred_email: str | None
    status: str
    referral_code: str
    created_at: dt.datetime
    rewards: list[MyReward]


class MyReferrals(msgspec.Struct):
    referrals: list[MyReferral]
    invite_url_template: str
    """The sign-up link a referral code makes: replace ``{code}``."""


def mask_email(email: str | None) -> str | None:
    """``j***@example.com``: the friend's address is recognisable, not harvestable."""
    if not email or "@" not in email:
        return email
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def _signed_in(user: SessionUser | None) -> SessionUser:
    if user is None:
        raise NotAuthorizedException(detail=LOGIN_NEEDED)
    return user


class MeController(Controller):
    path = "/api/me"
    cache_control = CacheControlHeader(no_store=True)
    tags = ["accounts"]

    @get("/applications", summary="My applications", responses=error_responses(401))
    async def applications(
        self, current_user: SessionUser | None, db_session: AsyncSession, settings: Settings
    ) -> MyApplications:
        user = _signed_in(current_user)
        if user.candidate_id is None:
            return MyApplications([])
        base = settings.public_base_url.rstrip("/")
        rows = await list_applications(db_session, user.candidate_id)
        return MyApplications(
            [
                MyApplication(
                    application_id=a.application_id,
                    job_id=a.job_id,
                    job_title=a.job_title,
                    city=a.city,
                    state=a.state,
                    status=a.status,
                    applied_at=a.applied_at,
                    job_url=f"{base}/jobs/{a.job_id}",
                )
                for a in rows
            ]
        )

    @get("/referrals", summary="My referrals", responses=error_responses(401))
    async def referrals(
        self, current_user: SessionUser | None, db_session: AsyncSession, settings: Settings
    ) -> MyReferrals:
        user = _signed_in(current_user)
        rows = await list_referrals(db_session, user.user_id)
        base = settings.public_base_url.rstrip("/")
        return MyReferrals(
            [
                MyReferral(
                    referral_id=r.referral_id,
                    referred_email=mask_email(r.referred_email),
                    status=r.status,
                    referral_code=r.referral_code,
                    created_at=r.created_at,
                    rewards=[MyReward(w.amount, w.status, w.payment_date) for w in r.rewards],
                )
                for r in rows
            ],
            invite_url_template=f"{base}/?ref={{code}}",
        )
