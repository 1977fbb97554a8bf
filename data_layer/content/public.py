"""Published content as the public site reads it: the PostgreSQL rows publishing wrote.

Only approved versions ever reach these tables (:mod:`data_layer.content.review` writes
them from the approved version's sanitised HTML), so the public site reads nothing else:
never a draft in ``ai_content``. A city guide, specialty page or city x specialty page
row exists only while it is published (unpublishing deletes it); a blog post is live
only with status ``published`` (unpublishing archives it).

A job description has no table of its own: the published version's HTML (rendered and
sanitised at approval, ``published_html``) is read from its ``ai_content`` document by
:func:`published_job_description` and shown on the job's page.

Every read is one indexed statement selecting plain columns (Core, no ORM objects):
a page view must stay well under the 20 ms the public pages are allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.content.kinds import ContentType, DraftStatus
from data_layer.content.store import collection, page_filter
from data_layer.models import (
    BlogPost,
    CityGuide,
    CitySpecialtyPage,
    ContentStatus,
    Specialty,
    SpecialtyPage,
    State,
)


class PageKind(StrEnum):
    """The public page types; the values are the ``ai_content.content_type`` names."""

    CITY_GUIDE = "city_guide"
    SPECIALTY_PAGE = "specialty_page"
    CITY_SPECIALTY_PAGE = "city_specialty_page"
    BLOG_POST = "blog_post"


@dataclass(frozen=True, slots=True)
class PublishedPage:
    """One live page: what the public template prints, exactly as stored."""

    kind: PageKind
    id: UUID
    title: str
    slug: str
    content: str
    """Sanitised HTML written at approval: printed as is, never re-rendered here."""
    excerpt: str | None
    seo_title: str | None
    seo_description: str | None
    seo_keywords: str | None
    featured_image: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None
    city: str | None = None
    state_id: int | None = None
    state_code: str | None = None
    state_name: str | None = None
    specialty_id: int | None = None
    specialty_name: str | None = None
    has_city_guide: bool = False
    """City x specialty page: whether its city's guide is live (to link it)."""
    has_specialty_page: bool = False
    """City x specialty page: whether its specialty's page is live (to link it)."""


@dataclass(frozen=True, slots=True)
class PageLink:
    """A live page as a list names it (hub pages, related pages, the blog index)."""

    kind: PageKind
    title: str
    slug: str
    summary: str | None
    updated_at: dt.datetime
    published_at: dt.datetime | None = None
    city: str | None = None
    state_code: str | None = None
    specialty_name: str | None = None


_TABLES: dict[PageKind, Any] = {
    PageKind.CITY_GUIDE: CityGuide,
    PageKind.SPECIALTY_PAGE: SpecialtyPage,
    PageKind.CITY_SPECIALTY_PAGE: CitySpecialtyPage,
    PageKind.BLOG_POST: BlogPost,
}


def _common(table: Any) -> list[Any]:
    return [
        table.id,
        table.title,
        table.slug,
        table.content,
        table.seo_title,
        table.seo_description,
        table.seo_keywords,
        table.featured_image,
        table.created_at,
        table.updated_at,
    ]


def _live(kind: PageKind) -> list[ColumnElement[bool]]:
    """What makes a row public: blog posts carry a status, the other tables only live rows."""
    if kind is PageKind.BLOG_POST:
        return [BlogPost.status == ContentStatus.PUBLISHED]
    return []


def _page(kind: PageKind, row: Any) -> PublishedPage:
    values = row._mapping
    return PublishedPage(
        kind=kind,
        id=values["id"],
        title=values["title"],
        slug=values["slug"],
        content=values["content"] or "",
        excerpt=values.get("excerpt"),
        seo_title=values["seo_title"],
        seo_description=values["seo_description"],
        seo_keywords=values["seo_keywords"],
        featured_image=values["featured_image"],
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        published_at=values.get("published_at"),
        city=values.get("city"),
        state_id=values.get("state_id"),
        state_code=values.get("state_code"),
        state_name=values.get("state_name"),
        specialty_id=values.get("specialty_id"),
        specialty_name=values.get("specialty_name"),
        has_city_guide=bool(values.get("has_city_guide")),
        has_specialty_page=bool(values.get("has_specialty_page")),
    )


def _page_select(kind: PageKind) -> Select[Any]:
    """The page's columns with its state's and specialty's names (primary-key joins)."""
    table = _TABLES[kind]
    columns = _common(table)
    stmt: Select[Any]
    if kind is PageKind.BLOG_POST:
        stmt = select(*columns, BlogPost.excerpt, BlogPost.published_at)
    elif kind is PageKind.SPECIALTY_PAGE:
        stmt = select(
            *columns,
            SpecialtyPage.specialty_id,
            Specialty.name.label("specialty_name"),
        ).join(Specialty, Specialty.id == SpecialtyPage.specialty_id)
    elif kind is PageKind.CITY_GUIDE:
        stmt = select(
            *columns,
            CityGuide.city,
            CityGuide.state_id,
            State.code.label("state_code"),
            State.name.label("state_name"),
        ).outerjoin(State, State.id == CityGuide.state_id)
    else:
        page = CitySpecialtyPage
        guide = exists().where(CityGuide.state_id == page.state_id, CityGuide.city == page.city)
        specialty_page = exists().where(SpecialtyPage.specialty_id == page.specialty_id)
        stmt = (
            select(
                *columns,
                page.city,
                page.state_id,
                page.specialty_id,
                State.code.label("state_code"),
                State.name.label("state_name"),
                Specialty.name.label("specialty_name"),
                guide.label("has_city_guide"),
                specialty_page.label("has_specialty_page"),
            )
            .outerjoin(State, State.id == page.state_id)
            .join(Specialty, Specialty.id == page.specialty_id)
        )
    return stmt.where(*_live(kind))


async def page_by_id(session: AsyncSession, kind: PageKind, page_id: UUID) -> PublishedPage | None:
    """The live page whose id is ``page_id`` (the ``ai_content`` reference id), or None."""
    table = _TABLES[kind]
    row = (await session.execute(_page_select(kind).where(table.id == page_id))).first()
    return _page(kind, row) if row is not None else None


async def blog_post_by_slug(session: AsyncSession, slug: str) -> PublishedPage | None:
    """The published blog post at ``/blog/{slug}`` (the unique slug index), or None."""
    kind = PageKind.BLOG_POST
    row = (await session.execute(_page_select(kind).where(BlogPost.slug == slug))).first()
    return _page(kind, row) if row is not None else None


def _link_select(kind: PageKind) -> Select[Any]:
    table = _TABLES[kind]
    summary: Any = table.seo_description
    if kind is PageKind.BLOG_POST:
        summary = func.coalesce(BlogPost.seo_description, BlogPost.excerpt)
    columns: list[Any] = [table.title, table.slug, summary.label("summary"), table.updated_at]
    if kind is PageKind.BLOG_POST:
        return select(*columns, BlogPost.published_at).where(*_live(kind))
    if kind is PageKind.SPECIALTY_PAGE:
        return select(*columns, Specialty.name.label("specialty_name")).join(
            Specialty, Specialty.id == SpecialtyPage.specialty_id
        )
    place = [table.city, State.code.label("state_code")]
    if kind is PageKind.CITY_GUIDE:
        return select(*columns, *place).outerjoin(State, State.id == table.state_id)
    return (
        select(*columns, *place, Specialty.name.label("specialty_name"))
        .outerjoin(State, State.id == table.state_id)
        .join(Specialty, Specialty.id == table.specialty_id)
    )


def _link(kind: PageKind, row: Any) -> PageLink:
    values = row._mapping
    return PageLink(
        kind=kind,
        title=values["title"],
        slug=values["slug"],
        summary=values["summary"],
        updated_at=values["updated_at"],
        published_at=values.get("published_at"),
        city=values.get("city"),
        state_code=values.get("state_code"),
        specialty_name=values.get("specialty_name"),
    )


async def list_pages(
    session: AsyncSession,
    kind: PageKind,
    *,
    limit: int,
    offset: int = 0,
    state_id: int | None = None,
    city: str | None = None,
    specialty_ids: Sequence[int] | None = None,
) -> list[PageLink]:
    """Live pages of one kind, newest first for the blog and by title otherwise.

    The narrowing arguments pick related pages (a city's specialty pages, a specialty's
    cities), each on an indexed column (``state_id``, ``specialty_id``).
    """
    table = _TABLES[kind]
    stmt = _link_select(kind)
    if state_id is not None:
        stmt = stmt.where(table.state_id == state_id)
    if city is not None:
        stmt = stmt.where(table.city == city)
    if specialty_ids is not None:
        stmt = stmt.where(table.specialty_id.in_(list(specialty_ids)))
    if kind is PageKind.BLOG_POST:
        stmt = stmt.order_by(BlogPost.published_at.desc().nulls_last(), BlogPost.id)
    else:
        stmt = stmt.order_by(table.title, table.id)
    rows = (await session.execute(stmt.offset(offset).limit(limit))).all()
    return [_link(kind, row) for row in rows]


async def count_pages(session: AsyncSession, kind: PageKind) -> int:
    """How many pages of ``kind`` are live (the hubs' and blog index's page count)."""
    table = _TABLES[kind]
    stmt = select(func.count()).select_from(table).where(*_live(kind))
    return int((await session.execute(stmt)).scalar_one())


async def published_job_description(db: AsyncDatabase, job_id: UUID | str) -> str | None:
    """The approved description of a job (sanitised HTML, as published), or None.

    Only a ``published`` version counts (never a draft or a scheduled one); should two be
    marked published for an instant (a publish racing another), the later publish wins,
    as it does in :mod:`data_layer.content.publishing`. Found through the unique
    (content_type, reference_id, version) index.
    """
    found = await collection(db).find_one(
        {
            **page_filter(ContentType.JOB_DESCRIPTION, str(job_id)),
            "status": DraftStatus.PUBLISHED.value,
        },
        projection={"published_html": 1},
        sort=[("publish_seq", DESCENDING)],
    )
    html = (found or {}).get("published_html")
    return str(html) if html else None
