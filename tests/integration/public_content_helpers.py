"""Published content rows for the public-page and sitemap tests, written as publishing writes them.

One seeded database per test module: a city with the most open jobs, its most common
specialty, a city guide, a specialty page, a city x specialty page, three blog posts
(published, draft, archived) and an FAQ article, each with ``id`` = the page's
``ai_content`` reference id.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from assistant.app import create_app
from config.settings import Settings
from data_layer.content.kinds import ContentType, faq_key, reference_id_for, slug
from data_layer.models import (
    BlogPost,
    CityGuide,
    CitySpecialtyPage,
    ContentStatus,
    FaqArticle,
    SpecialtyPage,
)
from tests.conftest import database_copy

SITE = "https://careers.example.com"
# What the renderer makes: entities, typographic quotes, nested lists; printed byte for byte.
BODY = (
    "<h2>Why nurses pick {place}</h2>\n<p>Pay &amp; housing: “stipends” vary – ask.</p>\n"
    '<ul>\n<li><strong>Shifts</strong>: days &amp; nights</li>\n</ul>\n<p><a href="/jobs">All'
    " jobs</a></p>\n"
)


@dataclass
class PublishedSite:
    settings: Settings
    engine: AsyncEngine
    client: AsyncTestClient
    state: str
    """Lower-case state code, as in the URLs."""
    state_name: str
    city: str
    specialty: str
    rows: dict[str, dict[str, Any]]
    """``city_guide``, ``specialty_page``, ``city_specialty_page``, ``blog``, ``draft``,
    ``archived``: the column values inserted."""

    @property
    def city_path(self) -> str:
        return f"/travel-nursing/{self.state}/{slug(self.city)}"

    @property
    def specialty_path(self) -> str:
        return f"/specialties/{slug(self.specialty)}"

    @property
    def city_specialty_path(self) -> str:
        return f"{self.city_path}/{slug(self.specialty)}"


def page_id(content_type: ContentType, key: str) -> UUID:
    return UUID(str(reference_id_for(content_type, key)))


async def rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).mappings())


async def execute(engine: AsyncEngine, sql: str, **params: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(sql), params)


async def _place(engine: AsyncEngine) -> dict[str, Any]:
    """The city with most open jobs, and its most common specialty there."""
    return (
        await rows(
            engine,
            """SELECT j.client_city AS city, s.code AS state, s.name AS state_name,
                      s.id AS state_id, sp.id AS specialty_id, sp.name AS specialty,
                      count(*) AS n
               FROM jobs j JOIN states s ON s.id = j.client_state_id
               JOIN specialties sp ON sp.id = j.specialty_id
               WHERE j.display_on_external_job_board AND j.closed_at IS NULL
               GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY n DESC, city LIMIT 1""",
        )
    )[0]


def _seo(title: str, key: str) -> dict[str, Any]:
    return {
        "title": title,
        "content": BODY.format(place=title),
        "seo_title": f"{title} | Excel Medical Staffing",
        "seo_description": f"{title}: open jobs, pay and shifts. Key {key}.",
        "seo_keywords": f"{key}, travel nursing",
        "ai_generated": True,
    }


async def _insert(engine: AsyncEngine, place: dict[str, Any]) -> dict[str, dict[str, Any]]:
    state = place["state"].lower()
    city_key = f"{state}/{slug(place['city'])}"
    spec_key = slug(place["specialty"])
    where = f"{place['city']}, {place['state']}"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    values: dict[str, dict[str, Any]] = {
        "city_guide": {
            "id": page_id(ContentType.CITY_GUIDE, city_key),
            "city": place["city"],
            "state_id": place["state_id"],
            "slug": f"travel-nursing-{slug(place['city'])}-{state}",
            **_seo(f"Travel nursing in {where}", city_key),
        },
        "specialty_page": {
            "id": page_id(ContentType.SPECIALTY_PAGE, spec_key),
            "specialty_id": place["specialty_id"],
            "slug": f"{spec_key}-travel-nursing",
            **_seo(f"{place['specialty']} travel nursing", spec_key),
        },
        "city_specialty_page": {
            "id": page_id(ContentType.CITY_SPECIALTY_PAGE, f"{city_key}/{spec_key}"),
            "city": place["city"],
            "state_id": place["state_id"],
            "specialty_id": place["specialty_id"],
            "slug": f"{spec_key}-travel-nursing-{slug(place['city'])}-{state}",
            **_seo(f"{place['specialty']} travel nursing in {where}", f"{city_key}/{spec_key}"),
        },
    }
    for name, status, days in (
        ("blog", ContentStatus.PUBLISHED, 3),
        ("draft", ContentStatus.DRAFT, 1),
        ("archived", ContentStatus.ARCHIVED, 30),
    ):
        post_slug = f"{name}-travel-nurse-pay-guide"
        values[name] = {
            "id": page_id(ContentType.BLOG_POST, f"blog/{post_slug}"),
            "slug": post_slug,
            "status": status,
            "excerpt": f"The {name} post's excerpt.",
            "published_at": now - dt.timedelta(days=days) if name != "draft" else None,
            **_seo(f"Travel nurse pay guide ({name})", f"blog/{post_slug}"),
        }
    values["faq"] = {
        "id": page_id(ContentType.FAQ_ARTICLE, faq_key("pay-packages", "en")),
        "article_key": "pay-packages",
        "language": "en",
        "slug": "travel-pay-packages",
        "title": "How travel pay packages work",
        "summary": "Taxable base pay plus stipends.",
        "content": '<p>Line by line.</p>\n<h2 id="what-is-a-stipend">What is a stipend?</h2>\n'
        "<p>Tax-free money for housing &amp; meals.</p>\n",
        "topic": "pay_package",
        "seo_title": "How travel pay packages work | Excel Medical Staffing",
        "seo_description": "Taxable base pay plus tax-free stipends, explained.",
        "version": 1,
        "published_at": now - dt.timedelta(days=2),
    }
    factory = async_sessionmaker(engine, expire_on_commit=False)
    async with factory() as session, session.begin():
        session.add(FaqArticle(**values["faq"]))
        session.add(CityGuide(**values["city_guide"]))
        session.add(SpecialtyPage(**values["specialty_page"]))
        session.add(CitySpecialtyPage(**values["city_specialty_page"]))
        for name in ("blog", "draft", "archived"):
            session.add(BlogPost(**values[name]))
    return values


@dataclass
class SiteDatabase:
    """A copy of a template database and a MongoDB database of its own, with settings
    pointing the app at both (``public_base_url`` = :data:`SITE`)."""

    settings: Settings
    engine: AsyncEngine
    factory: async_sessionmaker[Any]
    mongo: AsyncDatabase[Any]


@asynccontextmanager
async def site_database(
    stack_settings: Settings, admin_pg_url: str, template: str
) -> AsyncIterator[SiteDatabase]:
    async with database_copy(admin_pg_url, template) as url:
        settings = stack_settings.model_copy(
            update={
                "database_url": url,
                "mongodb_url": stack_settings.effective_mongodb_url,
                "redis_url": stack_settings.effective_redis_url,
                "mongodb_db": f"t_{uuid.uuid4().hex[:10]}",
                "public_base_url": SITE,
            }
        )
        engine = create_async_engine(url)
        client: AsyncMongoClient[Any] = AsyncMongoClient(settings.effective_mongodb_url)
        try:
            yield SiteDatabase(
                settings,
                engine,
                async_sessionmaker(engine, expire_on_commit=False),
                client[settings.mongodb_db],
            )
        finally:
            await engine.dispose()
            await client.drop_database(settings.mongodb_db)
            await client.close()


@asynccontextmanager
async def published_site(
    stack_settings: Settings, admin_pg_url: str, seeded_template: str
) -> AsyncIterator[PublishedSite]:
    async with site_database(stack_settings, admin_pg_url, seeded_template) as site:
        place = await _place(site.engine)
        inserted = await _insert(site.engine, place)
        async with AsyncTestClient(create_app(site.settings)) as client:
            yield PublishedSite(
                settings=site.settings,
                engine=site.engine,
                client=client,
                state=place["state"].lower(),
                state_name=place["state_name"],
                city=place["city"],
                specialty=place["specialty"],
                rows=inserted,
            )
