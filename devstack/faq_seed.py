"""Put the demo FAQ articles in as editors would: a version each, approved through review.

Nothing here writes ``faq_articles`` or ``faq_passages`` directly: each article is
created (:func:`data_layer.content.review.create_faq_article`) or edited like any page,
then approved through :func:`data_layer.content.review.approve`, which publishes the
row and embeds its passages. So the development stack and the tests serve the demo
policies exactly as the agency's own would be served.

Idempotent: an article whose latest version already says what the demo says (and is
live) is left alone. A demo article changed in the code gets a new version, unless an
editor has written the latest one or took the article down: an editor's decision wins
over the demo data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from data_layer.content import review
from data_layer.content.errors import ContentNotFound
from data_layer.content.kinds import ContentType, DraftStatus, faq_key, reference_id_for
from data_layer.models import FaqArticle
from devstack.faq_demo import ARTICLES, DemoArticle

__all__ = ["SEED_ACTOR", "faq_reference_id", "seed_faq"]

SEED_ACTOR = "devstack-seed"
"""Author and reviewer of the demo versions (not an account: no one can sign in as it)."""

_EDITABLE = ("title", "slug", "seo_title", "seo_description", "seo_keywords", "excerpt")
_OPEN = {DraftStatus.DRAFT.value, DraftStatus.REVIEWED.value}
"""A version in these states may still be approved (a seed cut off before approving)."""


def faq_reference_id(article_key: str, language: str) -> str:
    """The page id of an FAQ article (``faq_articles.id`` once it is live)."""
    return reference_id_for(ContentType.FAQ_ARTICLE, faq_key(article_key, language))


def _same(doc: dict[str, Any], article: DemoArticle) -> bool:
    page = doc.get("page") or {}
    wanted = article.page()
    return doc.get("generated_content") == article.markdown and all(
        page.get(name) == wanted[name] for name in _EDITABLE
    )


async def _live_version(session_factory: async_sessionmaker, reference_id: str) -> int | None:
    async with session_factory() as session:
        return await session.scalar(
            select(FaqArticle.version).where(FaqArticle.id == UUID(reference_id))
        )


async def seed_faq(
    db: AsyncDatabase,
    session_factory: async_sessionmaker,
    *,
    articles: Iterable[DemoArticle] = ARTICLES,
) -> dict[str, int]:
    """Publish the demo FAQ articles through the review flow; counts of what happened.

    ``faq.published``: versions approved now; ``faq.unchanged``: already live as written;
    ``faq.kept``: left as an editor left them (their own version, or taken down).
    """
    counts = {"faq.published": 0, "faq.unchanged": 0, "faq.kept": 0}
    kind = ContentType.FAQ_ARTICLE
    for article in articles:
        reference_id = faq_reference_id(article.key, article.language)
        try:
            latest: dict[str, Any] | None = await review.get_version(db, kind, reference_id)
        except ContentNotFound:
            latest = None
        fields = {name: article.page()[name] for name in _EDITABLE}
        if latest is None:
            doc = await review.create_faq_article(
                db,
                session_factory,
                language=article.language,
                article_key=article.key,
                markdown=article.markdown,
                page_fields=fields,
                topic=article.topic,
                editor_id=SEED_ACTOR,
            )
        elif latest.get("author_id") != SEED_ACTOR and latest.get("reviewer_id") != SEED_ACTOR:
            counts["faq.kept"] += 1  # an editor's version: theirs to publish or not
            continue
        elif _same(latest, article) and latest["status"] in _OPEN:
            doc = latest  # created or approved by a seed that stopped before publishing
        elif _same(latest, article) and latest["status"] == DraftStatus.PUBLISHED.value:
            if await _live_version(session_factory, reference_id) == latest["version"]:
                counts["faq.unchanged"] += 1
                continue
            # Live in Mongo but not in PostgreSQL (its database was recreated): a new
            # version of the same text puts the row and passages back.
            doc = await _edit(db, latest, article, fields)
        elif latest["status"] in {DraftStatus.UNPUBLISHED.value, DraftStatus.REJECTED.value}:
            counts["faq.kept"] += 1  # taken down or refused: not brought back by a seed
            continue
        else:
            doc = await _edit(db, latest, article, fields)
        await review.approve(
            db, session_factory, kind, reference_id, doc["version"], reviewer_id=SEED_ACTOR
        )
        counts["faq.published"] += 1
    return counts


async def _edit(
    db: AsyncDatabase, latest: dict[str, Any], article: DemoArticle, fields: dict[str, str]
) -> dict[str, Any]:
    return await review.edit(
        db,
        ContentType.FAQ_ARTICLE,
        latest["reference_id"],
        base_version=latest["version"],
        markdown=article.markdown,
        page_fields=fields,
        editor_id=SEED_ACTOR,
    )
