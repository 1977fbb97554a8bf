"""Writing an approved version to its PostgreSQL page, and marking it published in Mongo.

Order matters: the page row is written (one transaction) BEFORE the version is marked
``published``. Just before the write the version is marked ``reviewed`` with
``publish_at`` = now, so a crash between the two steps leaves a version that
:func:`data_layer.content.review.publish_due` publishes again (the row write is an
idempotent upsert of the same bytes) and then marks; a page is never live without a
version that is, or is about to be, marked published.

Concurrent publishes of two versions of one page are ordered by a transaction-level
advisory lock on the page; the row write takes a stamp (``clock_timestamp()``) under
that lock, so the last row written has the highest stamp. In Mongo the version with
the highest stamp stays ``published`` and every other one becomes ``superseded``,
whichever order the Mongo updates arrive in.

An FAQ article is written into ``faq_articles`` with its passages in ``faq_passages``:
the passages are cut and embedded BEFORE the transaction (the model takes a while) and
replaced inside it, with the row, so the chat quotes exactly the live version; taking
the article down deletes its row and (ON DELETE CASCADE) its passages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from data_layer.content.errors import ReviewRefused
from data_layer.content.kinds import ContentType, DraftStatus, EventAction
from data_layer.content.kinds import slug as slugify
from data_layer.content.rendering import render_markdown
from data_layer.content.store import collection, event, page_filter, update_version
from data_layer.embeddings.model import TextEncoder, get_embedding_model
from data_layer.faq import passages as faq_passages
from data_layer.models import (
    BlogPost,
    CityGuide,
    CitySpecialtyPage,
    ContentStatus,
    FaqArticle,
    FaqPassage,
    Specialty,
    SpecialtyPage,
    State,
    User,
)

TABLES: dict[ContentType, Any] = {
    ContentType.CITY_GUIDE: CityGuide,
    ContentType.SPECIALTY_PAGE: SpecialtyPage,
    ContentType.CITY_SPECIALTY_PAGE: CitySpecialtyPage,
    ContentType.BLOG_POST: BlogPost,
    ContentType.FAQ_ARTICLE: FaqArticle,
}

FAQ_LANGUAGES = frozenset({"en", "es"})


def _stamp_us(stamp: dt.datetime) -> int:
    """Microseconds since the epoch: Mongo dates keep only milliseconds, too coarse to order."""
    return int(stamp.timestamp() * 1_000_000)


async def _lock(session: AsyncSession, reference_id: str) -> dt.datetime:
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"content:{reference_id}"},
    )
    return (await session.execute(text("SELECT clock_timestamp()"))).scalar_one()


async def _state_id(session: AsyncSession, page: dict[str, Any]) -> int | None:
    if page.get("state_id"):
        return int(page["state_id"])
    code = str(page.get("state_code") or "").upper()
    if not code:
        return None
    return await session.scalar(select(State.id).where(State.code == code))


async def _specialty_id(session: AsyncSession, page: dict[str, Any]) -> int:
    if page.get("specialty_id"):
        return int(page["specialty_id"])
    name = str(page.get("specialty_name") or "")
    found = await session.scalar(
        select(Specialty.id)
        .where(func.lower(Specialty.name) == name.lower())
        .order_by(Specialty.active.desc(), Specialty.id)
        .limit(1)
    )
    if found is None:
        raise ReviewRefused(f"specialty '{name}' is not in the master data")
    return int(found)


async def _author(session: AsyncSession, reviewer_id: str | None) -> UUID | None:
    """The blog post's author: the approving editor, when that is an account we have."""
    try:
        user_id = UUID(str(reviewer_id))
    except ValueError:
        return None
    return await session.scalar(select(User.id).where(User.id == user_id))


async def _row(
    session: AsyncSession,
    content_type: ContentType,
    doc: dict[str, Any],
    html: str,
    reviewer_id: str | None,
    stamp: dt.datetime,
) -> dict[str, Any]:
    page = doc.get("page") or {}
    values: dict[str, Any] = {
        "title": str(page.get("title") or "")[:500],
        "slug": str(page.get("slug") or ""),
        "content": html,
        "seo_title": (page.get("seo_title") or None),
        "seo_description": (page.get("seo_description") or None),
        "seo_keywords": (page.get("seo_keywords") or None),
        "ai_generated": True,
        "updated_at": stamp,
    }
    if content_type is ContentType.BLOG_POST:
        values |= {
            "excerpt": page.get("excerpt") or None,
            "author_id": await _author(session, reviewer_id),
            "status": ContentStatus.PUBLISHED,
            "published_at": stamp,
        }
    if content_type in {ContentType.CITY_GUIDE, ContentType.CITY_SPECIALTY_PAGE}:
        values |= {"city": str(page.get("city") or ""), "state_id": await _state_id(session, page)}
    if content_type in {ContentType.SPECIALTY_PAGE, ContentType.CITY_SPECIALTY_PAGE}:
        values["specialty_id"] = await _specialty_id(session, page)
    if content_type is ContentType.CITY_GUIDE:
        facilities = (doc.get("snapshot") or {}).get("facilities") or []
        values["healthcare_facilities"] = ", ".join(facilities) or None
    return values


async def slug_taken(
    session_factory: async_sessionmaker, content_type: ContentType, reference_id: str, slug: str
) -> bool:
    """Whether another page of the type already uses ``slug`` (slugs are unique per table)."""
    table = TABLES.get(content_type)
    if table is None:
        return False
    async with session_factory() as session:
        found = await session.scalar(
            select(table.id).where(table.slug == slug, table.id != UUID(reference_id))
        )
    return found is not None


def faq_identity(page: dict[str, Any]) -> tuple[str, str]:
    """(article key, language) of an FAQ version's page fields, or ReviewRefused."""
    language = str(page.get("language") or "").strip().lower()
    if language not in FAQ_LANGUAGES:
        raise ReviewRefused(
            f"an FAQ article's language is one of {', '.join(sorted(FAQ_LANGUAGES))}"
        )
    article_key = slugify(str(page.get("article_key") or ""))
    if not article_key:
        raise ReviewRefused("an FAQ article needs an article key (e.g. 'pay-packages')")
    return article_key, language


def _faq_values(
    doc: dict[str, Any], html: str, stamp: dt.datetime, key: tuple[str, str]
) -> dict[str, Any]:
    page = doc.get("page") or {}
    return {
        "article_key": key[0][:120],
        "language": key[1],
        "title": str(page.get("title") or "")[:500],
        "slug": str(page.get("slug") or ""),
        "summary": page.get("excerpt") or None,
        "content": html,
        "topic": (str(page.get("topic") or "")[:64] or None),
        "seo_title": (page.get("seo_title") or None),
        "seo_description": (page.get("seo_description") or None),
        "seo_keywords": (page.get("seo_keywords") or None),
        "version": int(doc.get("version") or 0),
        "updated_at": stamp,
    }


async def _write_faq(
    session: AsyncSession,
    doc: dict[str, Any],
    html: str,
    stamp: dt.datetime,
    prepared: faq_passages.PreparedPassages,
) -> None:
    """The live FAQ row and its passages, in the caller's transaction."""
    reference_id = UUID(str(doc["reference_id"]))
    key = faq_identity(doc.get("page") or {})
    values = _faq_values(doc, html, stamp, key)
    clash = await session.scalar(
        select(FaqArticle.id).where(
            FaqArticle.article_key == key[0],
            FaqArticle.language == key[1],
            FaqArticle.id != reference_id,
        )
    )
    if clash is not None:
        raise ReviewRefused(f"the {key[1]} FAQ article '{key[0]}' is another page")
    statement = pg_insert(FaqArticle).values(
        id=reference_id, created_at=stamp, published_at=stamp, **values
    )
    await session.execute(
        statement.on_conflict_do_update(index_elements=[FaqArticle.id], set_=values)
    )
    await faq_passages.replace_passages(session, reference_id, prepared)


async def _check_slug(session: AsyncSession, table: Any, reference_id: str, slug: str) -> None:
    clash = await session.scalar(
        select(table.id).where(table.slug == slug, table.id != UUID(reference_id))
    )
    if clash is not None:
        raise ReviewRefused(f"slug '{slug}' is already used by another page")


async def write_page(
    session_factory: async_sessionmaker,
    doc: dict[str, Any],
    *,
    reviewer_id: str | None,
    encoder: TextEncoder | None = None,
) -> tuple[dt.datetime, str]:
    """Upsert the version's page row in one transaction; returns (stamp, html written).

    ``encoder``: the embedding model for an FAQ article's passages (default: the
    service's own; tests may pass the same model they loaded once).
    """
    content_type = ContentType(doc["content_type"])
    reference_id = str(doc["reference_id"])
    html = render_markdown(doc.get("generated_content") or "")
    prepared = None
    if content_type is ContentType.FAQ_ARTICLE:
        faq_identity(doc.get("page") or {})  # refused before the slow part, not after
        html = faq_passages.anchored_html(html)
        prepared = await faq_passages.prepare(doc, encoder=encoder)
    async with session_factory() as session, session.begin():
        stamp = await _lock(session, reference_id)
        table = TABLES.get(content_type)
        if table is None:  # a job description lives on its job's page (read from Mongo)
            return stamp, html
        if prepared is not None:
            await _check_slug(
                session, table, reference_id, str((doc.get("page") or {}).get("slug") or "")
            )
            await _write_faq(session, doc, html, stamp, prepared)
            return stamp, html
        values = await _row(session, content_type, doc, html, reviewer_id, stamp)
        await _check_slug(session, table, reference_id, values["slug"])
        statement = pg_insert(table).values(id=UUID(reference_id), created_at=stamp, **values)
        await session.execute(
            statement.on_conflict_do_update(index_elements=[table.id], set_=values)
        )
    return stamp, html


async def reembed_faq(
    db: AsyncDatabase,
    session_factory: async_sessionmaker,
    *,
    encoder: TextEncoder | None = None,
    everything: bool = False,
) -> int:
    """Embed the live FAQ articles' passages again from their published versions: those
    made by another model than ``encoder`` (default: the service's), or all of them.

    Each article is embedded outside any transaction, then its passages are replaced
    under the page's lock only if the same version is still live (a publish meanwhile
    wrote fresh passages already). Returns how many articles were re-embedded.
    """
    model = encoder or get_embedding_model()
    async with session_factory() as session:
        live = (await session.execute(select(FaqArticle.id, FaqArticle.version))).all()
        stale = set(
            (
                await session.execute(
                    select(FaqPassage.article_id).where(FaqPassage.model_name != model.name)
                )
            ).scalars()
        )
        with_passages = set((await session.execute(select(FaqPassage.article_id))).scalars())
    done = 0
    for article_id, version in live:
        if not everything and article_id not in stale and article_id in with_passages:
            continue
        doc = await collection(db).find_one(
            {**page_filter(ContentType.FAQ_ARTICLE, str(article_id)), "version": version}
        )
        if doc is None:  # the version behind the row is gone from Mongo: nothing to cut
            continue
        prepared = await faq_passages.prepare(doc, encoder=model)
        async with session_factory() as session, session.begin():
            await _lock(session, str(article_id))
            current = await session.scalar(
                select(FaqArticle.version).where(FaqArticle.id == article_id)
            )
            if current != version:
                continue
            await faq_passages.replace_passages(session, article_id, prepared)
        done += 1
    return done


async def remove_page(
    session_factory: async_sessionmaker, content_type: ContentType, reference_id: str
) -> None:
    """Take the page down: a blog post is archived (its row stays), other pages deleted."""
    table = TABLES.get(content_type)
    async with session_factory() as session, session.begin():
        stamp = await _lock(session, reference_id)
        if table is None:
            return
        if content_type is ContentType.BLOG_POST:
            await session.execute(
                update(BlogPost)
                .where(BlogPost.id == UUID(reference_id))
                .values(status=ContentStatus.ARCHIVED, updated_at=stamp)
            )
        else:
            await session.execute(delete(table).where(table.id == UUID(reference_id)))


async def mark_published(
    db: AsyncDatabase,
    doc: dict[str, Any],
    *,
    stamp: dt.datetime,
    html: str,
    actor_id: str | None,
) -> bool:
    """Flip the version to published and the page's other published versions to superseded.

    Idempotent (a repeat changes nothing). Returns whether this version is the live one.
    """
    seq = _stamp_us(stamp)

    def publish(current: dict[str, Any]) -> dict[str, Any] | None:
        if current.get("status") != DraftStatus.REVIEWED.value:
            return None
        return {
            "status": DraftStatus.PUBLISHED.value,
            "published_at": stamp,
            "publish_seq": seq,
            "published_html": html,
        }

    await update_version(
        db,
        doc["_id"],
        publish,
        lambda _: [event(EventAction.PUBLISHED, actor_id)],
    )
    same_page = page_filter(doc["content_type"], doc["reference_id"])
    live = [
        d
        async for d in collection(db).find(
            {**same_page, "status": DraftStatus.PUBLISHED.value}, projection={"publish_seq": 1}
        )
    ]
    # The highest stamp wrote the row last: that version is live, every other one is not.
    winner = max(live, key=lambda d: int(d.get("publish_seq") or 0), default=None)
    for other in live:
        if winner is not None and other["_id"] != winner["_id"]:
            await update_version(db, other["_id"], _supersede_published)
    return winner is not None and winner["_id"] == doc["_id"]


def _supersede_published(current: dict[str, Any]) -> dict[str, Any] | None:
    if current.get("status") != DraftStatus.PUBLISHED.value:
        return None
    return {"status": DraftStatus.SUPERSEDED.value}
