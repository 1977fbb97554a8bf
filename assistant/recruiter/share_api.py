"""Share links: ``/api/recruiter/shares`` (recruiters and admins) and ``/j/{code}`` (anyone).

``/j/{code}`` records the visit and redirects to the job page with ``?share={code}``;
the widget there passes the code to the chat session it opens, so an application made in
that conversation carries the share (``applications.recruiter_share_id``). Counts shown
to the recruiter come from those rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.params import Body, Parameter
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.errors import Conflict, InvalidInput, error_responses
from assistant.recruiter.staff import STAFF_ONLY, staff_scope
from assistant.web import templates
from config.settings import Settings
from data_layer.accounts.sessions import SessionUser
from data_layer.recruiting import share_links
from data_layer.recruiting.share_links import JobNotShareable, NoRecruiterProfile, ShareLink

NOT_FOUND = "No such share link among yours."


class NewShare(msgspec.Struct):
    job_id: UUID


class ShareItem(msgspec.Struct):
    id: UUID
    share_code: str
    url: str
    """``{PUBLIC_BASE_URL}/j/{share_code}``: the link to send."""
    job_id: UUID
    job_title: str
    job_url: str
    job_open: bool
    recruiter_id: UUID
    recruiter_name: str | None
    created_at: dt.datetime
    views: int
    """Visits through the link (``job_views`` rows of the share)."""
    applications: int
    """Applications made through the link (``applications.recruiter_share_id``)."""
    placements: int
    """Those applications that reached ``placed``."""
    conversion: float | None
    """applications / views (None before the first view)."""


class ShareList(msgspec.Struct):
    shares: list[ShareItem]
    has_more: bool


def _item(link: ShareLink, base_url: str) -> ShareItem:
    return ShareItem(
        id=link.id,
        share_code=link.share_code,
        url=link.url,
        job_id=link.job_id,
        job_title=link.job_title,
        job_url=f"{base_url.rstrip('/')}/jobs/{link.job_id}",
        job_open=link.job_open,
        recruiter_id=link.recruiter_id,
        recruiter_name=link.recruiter_name,
        created_at=link.created_at,
        views=link.views,
        applications=link.applications,
        placements=link.placements,
        conversion=round(link.applications / link.views, 4) if link.views else None,
    )


class ShareController(Controller):
    path = "/api/recruiter/shares"
    guards = [STAFF_ONLY]
    cache_control = CacheControlHeader(no_store=True)
    tags = ["recruiter"]

    @post(
        summary="A share link for a job (my existing one when I already shared it)",
        responses=error_responses(400, 401, 403, 409, 422),
    )
    async def create(
        self,
        data: Annotated[NewShare, Body()],
        db_session: AsyncSession,
        settings: Settings,
        current_user: SessionUser | None,
    ) -> Response[ShareItem]:
        scope = staff_scope(current_user)
        base = settings.public_base_url
        try:
            async with db_session.begin():
                link, created = await share_links.create_share(
                    db_session, scope, data.job_id, base_url=base
                )
        except NoRecruiterProfile:
            raise Conflict(
                detail="Share links belong to a recruiter, and this account has no recruiter "
                "profile.",
                extra={"code": "no_recruiter_profile"},
            ) from None
        except JobNotShareable:
            raise InvalidInput(
                "That job is not open on the job board, so it cannot be shared.",
                field="job_id",
            ) from None
        return Response(_item(link, base), status_code=201 if created else 200)

    @get(summary="My share links with their counts", responses=error_responses(400, 401, 403))
    async def list_shares(
        self,
        db_session: AsyncSession,
        settings: Settings,
        current_user: SessionUser | None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
    ) -> ShareList:
        scope = staff_scope(current_user)
        base = settings.public_base_url
        async with db_session.begin():
            found = await share_links.list_shares(
                db_session, scope, base_url=base, limit=limit + 1, offset=offset
            )
        return ShareList([_item(s, base) for s in found[:limit]], has_more=len(found) > limit)

    @get(
        "/{share_id:uuid}",
        summary="One of my share links with its counts",
        responses=error_responses(400, 401, 403, 404),
    )
    async def share(
        self,
        share_id: UUID,
        db_session: AsyncSession,
        settings: Settings,
        current_user: SessionUser | None,
    ) -> ShareItem:
        scope = staff_scope(current_user)
        base = settings.public_base_url
        async with db_session.begin():
            link = await share_links.get_share(db_session, scope, share_id, base_url=base)
        if link is None:
            raise NotFoundException(detail=NOT_FOUND)
        return _item(link, base)


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


class ShareRedirectController(Controller):
    include_in_schema = False

    @get("/j/{code:str}", name="site:share", cache_control=CacheControlHeader(no_store=True))
    async def open_link(
        self,
        request: Request,
        code: str,
        db_session: AsyncSession,
        settings: Settings,
        current_user: SessionUser | None,
    ) -> Response[str] | Redirect:
        async with db_session.begin():
            visit = await share_links.open_share(
                db_session,
                code,
                user_id=current_user.user_id if current_user else None,
                referrer_url=request.headers.get("referer"),
            )
        if visit is None:
            return Response(
                templates.not_found(api_origin=_origin(request)),
                status_code=404,
                media_type="text/html; charset=utf-8",
                headers={
                    "Content-Security-Policy": templates.content_security_policy(_origin(request)),
                    "X-Content-Type-Options": "nosniff",
                },
            )
        site = settings.public_base_url.rstrip("/")
        return Redirect(f"{site}/jobs/{visit.job_id}?share={visit.share_code}", status_code=302)
