"""Recruiters' share links to jobs (``recruiter_job_shares``): made, listed, opened.

A link is ``{PUBLIC_BASE_URL}/j/{code}``. Opening it records a ``job_views`` row with
the share (and bumps the share's and the job's counters in the same transaction); the
visitor lands on the job page with ``?share={code}``, which the widget hands to the chat
session, whose applications then carry ``applications.recruiter_share_id``.

What a recruiter is shown is counted from those rows (views, applications, placements),
never read from the counters: rows are what the copilot counts too, so both agree.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

from sqlalchemy import ColumnElement, Select, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusHistory,
    Job,
    JobView,
    Recruiter,
    RecruiterJobShare,
    User,
)
from data_layer.recruiting.scope import RecruiterScope

__all__ = [
    "CODE_PATTERN",
    "JobNotShareable",
    "NoRecruiterProfile",
    "ShareLink",
    "ShareVisit",
    "create_share",
    "get_share",
    "list_shares",
    "open_share",
    "share_url",
]

CODE_PATTERN: Final = re.compile(r"^[A-Za-z0-9_-]{4,64}$")
"""What a share code can look like (ours are 10 lowercase base32 characters; older or
imported ones may differ): anything else is not looked up."""
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_CODE_LENGTH = 10


class JobNotShareable(Exception):
    """No such job, or it is closed or not on the board: nobody could apply through a link."""


class NoRecruiterProfile(Exception):
    """The account has no ``recruiters`` row, and a share link belongs to a recruiter."""


@dataclass(frozen=True)
class ShareLink:
    id: UUID
    share_code: str
    url: str
    job_id: UUID
    job_title: str
    job_open: bool
    recruiter_id: UUID
    recruiter_name: str | None
    created_at: dt.datetime
    views: int
    applications: int
    placements: int


@dataclass(frozen=True)
class ShareVisit:
    share_id: UUID
    job_id: UUID
    share_code: str


def share_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/j/{code}"


def _new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))


def _in_scope(scope: RecruiterScope) -> ColumnElement[bool]:
    if scope.is_admin:
        return RecruiterJobShare.id.is_not(None)
    if scope.recruiter_id is None:
        return RecruiterJobShare.id.is_(None)
    return RecruiterJobShare.recruiter_id == scope.recruiter_id


def _counted() -> Select[Any]:
    """Shares with what their rows say: views, applications, placements (ever placed)."""
    share = RecruiterJobShare
    views = (
        select(func.count())
        .select_from(JobView)
        .where(JobView.recruiter_share_id == share.id)
        .correlate(share)
        .scalar_subquery()
    )
    applications = (
        select(func.count())
        .select_from(Application)
        .where(Application.recruiter_share_id == share.id)
        .correlate(share)
        .scalar_subquery()
    )
    ever_placed = exists().where(
        ApplicationStatusHistory.application_id == Application.id,
        ApplicationStatusHistory.status == ApplicationStatus.PLACED,
    )
    placements = (
        select(func.count())
        .select_from(Application)
        .where(
            Application.recruiter_share_id == share.id,
            or_(Application.status == ApplicationStatus.PLACED, ever_placed),
        )
        .correlate(share)
        .scalar_subquery()
    )
    return (
        select(
            share.id,
            share.share_code,
            share.share_url,
            share.job_id,
            share.recruiter_id,
            share.created_at,
            func.coalesce(Job.title, Job.job_title).label("job_title"),
            (Job.display_on_external_job_board & Job.closed_at.is_(None)).label("job_open"),
            User.first_name,
            User.last_name,
            views.label("views"),
            applications.label("applications"),
            placements.label("placements"),
        )
        .join(Job, Job.id == share.job_id)
        .join(Recruiter, Recruiter.id == share.recruiter_id)
        .outerjoin(User, User.id == Recruiter.user_id)
    )


def _link(row: Any, base_url: str) -> ShareLink:
    name = " ".join(p for p in (row.first_name, row.last_name) if p) or None
    return ShareLink(
        id=row.id,
        share_code=row.share_code,
        url=share_url(base_url, row.share_code),
        job_id=row.job_id,
        job_title=row.job_title or "Job",
        job_open=bool(row.job_open),
        recruiter_id=row.recruiter_id,
        recruiter_name=name,
        created_at=row.created_at,
        views=int(row.views),
        applications=int(row.applications),
        placements=int(row.placements),
    )


async def list_shares(
    session: AsyncSession,
    scope: RecruiterScope,
    *,
    base_url: str,
    limit: int,
    offset: int = 0,
    job_id: UUID | None = None,
) -> list[ShareLink]:
    """The shares in scope, newest first, with their counts."""
    stmt = _counted().where(_in_scope(scope))
    if job_id is not None:
        stmt = stmt.where(RecruiterJobShare.job_id == job_id)
    stmt = stmt.order_by(RecruiterJobShare.created_at.desc(), RecruiterJobShare.id)
    rows = await session.execute(stmt.limit(limit).offset(offset))
    return [_link(r, base_url) for r in rows]


async def get_share(
    session: AsyncSession, scope: RecruiterScope, share_id: UUID, *, base_url: str
) -> ShareLink | None:
    row = (
        await session.execute(_counted().where(RecruiterJobShare.id == share_id, _in_scope(scope)))
    ).one_or_none()
    return None if row is None else _link(row, base_url)


async def create_share(
    session: AsyncSession, scope: RecruiterScope, job_id: UUID, *, base_url: str
) -> tuple[ShareLink, bool]:
    """The scope's recruiter's link to an open job: their existing one, or a new one.

    One link per recruiter and job, so its counts are never split over several links.
    Returns (link, created). Raises :class:`NoRecruiterProfile` or
    :class:`JobNotShareable`. Flushes, never commits.
    """
    if scope.recruiter_id is None:
        raise NoRecruiterProfile(str(scope.user_id))
    job = (
        await session.execute(
            select(Job.display_on_external_job_board, Job.closed_at).where(Job.id == job_id)
        )
    ).one_or_none()
    if job is None or not job.display_on_external_job_board or job.closed_at is not None:
        raise JobNotShareable(str(job_id))
    # Serialises this recruiter's shares of this job, so a double click makes one link.
    await session.execute(
        select(
            func.pg_advisory_xact_lock(
                func.hashtextextended(f"share:{scope.recruiter_id}:{job_id}", 0)
            )
        )
    )
    mine = RecruiterScope(scope.user_id, scope.recruiter_id, is_admin=False)
    existing = await list_shares(session, mine, base_url=base_url, limit=1, job_id=job_id)
    if existing:
        return existing[0], False
    for _ in range(5):
        code = _new_code()
        taken = await session.scalar(
            select(RecruiterJobShare.id).where(RecruiterJobShare.share_code == code)
        )
        if taken is None:
            break
    else:  # 32**10 codes: five collisions in a row mean something else is wrong
        raise RuntimeError("could not find a free share code")
    share_id = (
        await session.execute(
            insert(RecruiterJobShare)
            .values(
                recruiter_id=scope.recruiter_id,
                job_id=job_id,
                share_code=code,
                share_url=share_url(base_url, code),
            )
            .returning(RecruiterJobShare.id)
        )
    ).scalar_one()
    created = await get_share(session, mine, share_id, base_url=base_url)
    assert created is not None
    return created, True


async def open_share(
    session: AsyncSession,
    code: str,
    *,
    user_id: UUID | None,
    referrer_url: str | None,
) -> ShareVisit | None:
    """Someone opened the link ``code``: a ``job_views`` row with the share, and the share's
    and job's counters kept in step with the rows. None for an unknown code (nothing
    written). Flushes, never commits."""
    if not CODE_PATTERN.match(code):
        return None
    share = (
        await session.execute(
            select(RecruiterJobShare.id, RecruiterJobShare.job_id).where(
                RecruiterJobShare.share_code == code
            )
        )
    ).one_or_none()
    if share is None:
        return None
    await session.execute(
        insert(JobView).values(
            job_id=share.job_id,
            user_id=user_id,
            referrer_url=(referrer_url or None) and referrer_url[:2048],
            recruiter_share_id=share.id,
        )
    )
    await session.execute(
        update(Job).where(Job.id == share.job_id).values(page_views=Job.page_views + 1)
    )
    await session.execute(
        update(RecruiterJobShare)
        .where(RecruiterJobShare.id == share.id)
        .values(views=RecruiterJobShare.views + 1)
    )
    return ShareVisit(share.id, share.job_id, code)
