"""What the sitemap lists: every public URL's parts and last change, a file's worth at a time.

The sources are the open jobs shown on the board and the live content pages (the same
rules as the pages themselves: :mod:`data_layer.jobs.search`, :mod:`data_layer.content.public`).
Each is cut into files of at most ``per_file`` URLs in primary-key order:

- :func:`sitemap_files` counts a source's files and each file's newest change in one
  statement (ids and timestamps only), for the sitemap index;
- :func:`sitemap_rows` reads one file: it finds the file's first id, then takes the next
  ``per_file`` rows from there along the primary key (keyset, one statement). Rows are plain
  tuples: at 100,000 URLs an ORM object per row would cost more than the whole query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import (
    BlogPost,
    CityGuide,
    CitySpecialtyPage,
    ContentStatus,
    FaqArticle,
    Job,
    Specialty,
    SpecialtyPage,
    State,
)


class SitemapSource(StrEnum):
    """One family of public URLs; the value names its files (``jobs-1.xml``)."""

    JOBS = "jobs"
    CITY_GUIDES = "city-guides"
    SPECIALTIES = "specialties"
    CITY_SPECIALTIES = "city-specialties"
    BLOG = "blog"
    FAQ = "faq"


@dataclass(frozen=True, slots=True)
class SitemapFile:
    number: int
    """1-based, as in the file's name."""
    urls: int
    lastmod: dt.datetime | None


_TABLES: dict[SitemapSource, Any] = {
    SitemapSource.JOBS: Job,
    SitemapSource.CITY_GUIDES: CityGuide,
    SitemapSource.SPECIALTIES: SpecialtyPage,
    SitemapSource.CITY_SPECIALTIES: CitySpecialtyPage,
    SitemapSource.BLOG: BlogPost,
    SitemapSource.FAQ: FaqArticle,
}


def _public(source: SitemapSource) -> list[ColumnElement[bool]]:
    if source is SitemapSource.JOBS:
        # Exactly the board's rule (data_layer.jobs.search): shown and not closed.
        return [Job.display_on_external_job_board, Job.closed_at.is_(None)]
    if source is SitemapSource.BLOG:
        return [BlogPost.status == ContentStatus.PUBLISHED]
    if source in (SitemapSource.CITY_GUIDES, SitemapSource.CITY_SPECIALTIES):
        return [_TABLES[source].state_id.is_not(None)]  # no state, no URL
    return []  # the other content tables hold live pages only


def _columns(source: SitemapSource) -> Select[Any]:
    """The URL's parts, then its last change (always the row's last column)."""
    if source is SitemapSource.JOBS:
        return select(Job.id, Job.updated_at)
    if source is SitemapSource.BLOG:
        return select(BlogPost.slug, BlogPost.updated_at)
    if source is SitemapSource.FAQ:
        return select(FaqArticle.slug, FaqArticle.updated_at)
    if source is SitemapSource.SPECIALTIES:
        return select(Specialty.name, SpecialtyPage.updated_at).join(
            Specialty, Specialty.id == SpecialtyPage.specialty_id
        )
    if source is SitemapSource.CITY_GUIDES:
        return select(State.code, CityGuide.city, CityGuide.updated_at).join(
            State, State.id == CityGuide.state_id
        )
    page = CitySpecialtyPage
    return (
        select(State.code, page.city, Specialty.name, page.updated_at)
        .join(State, State.id == page.state_id)
        .join(Specialty, Specialty.id == page.specialty_id)
    )


async def sitemap_files(
    session: AsyncSession, source: SitemapSource, per_file: int
) -> list[SitemapFile]:
    """The files ``source`` needs at ``per_file`` URLs each (none when it has no URL)."""
    table = _TABLES[source]
    numbered = (
        select(
            table.updated_at.label("updated_at"),
            func.row_number().over(order_by=table.id).label("n"),
        )
        .where(*_public(source))
        .subquery()
    )
    chunk = ((numbered.c.n - 1) // per_file).label("chunk")
    stmt = (
        select(chunk, func.count(), func.max(numbered.c.updated_at)).group_by(chunk).order_by(chunk)
    )
    rows = (await session.execute(stmt)).all()
    return [SitemapFile(number=int(c) + 1, urls=int(n), lastmod=last) for c, n, last in rows]


async def sitemap_rows(
    session: AsyncSession, source: SitemapSource, number: int, per_file: int
) -> list[Row[Any]]:
    """File ``number``'s rows: the URL's parts, then ``updated_at``. Empty past the last file."""
    if number < 1:
        return []
    table = _TABLES[source]
    first = (
        select(table.id)
        .where(*_public(source))
        .order_by(table.id)
        .offset((number - 1) * per_file)
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        _columns(source)
        .where(*_public(source), table.id >= first)
        .order_by(table.id)
        .limit(per_file)
    )
    return list((await session.execute(stmt)).all())
