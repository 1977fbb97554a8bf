"""The live FAQ articles as the public site reads them (``/faq``, ``/faq/{slug}``).

Only approved versions are ever in ``faq_articles`` (publishing writes the row from the
approved version's sanitised HTML, unpublishing deletes it), so these reads never see a
draft. Each is one indexed statement selecting plain columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import FaqArticle

__all__ = ["FaqLink", "LiveFaqArticle", "faq_article_by_slug", "list_faq_articles", "translations"]

HUB_LIMIT = 500
"""More FAQ articles than an agency writes; the hub lists them all on one page."""


@dataclass(frozen=True, slots=True)
class LiveFaqArticle:
    article_key: str
    language: str
    slug: str
    title: str
    summary: str | None
    content: str
    """Sanitised HTML with an id on each question heading: printed as is."""
    seo_title: str | None
    seo_description: str | None
    seo_keywords: str | None
    published_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class FaqLink:
    article_key: str
    language: str
    slug: str
    title: str
    summary: str | None
    updated_at: dt.datetime


async def faq_article_by_slug(session: AsyncSession, slug: str) -> LiveFaqArticle | None:
    row = (
        await session.execute(
            select(
                FaqArticle.article_key,
                FaqArticle.language,
                FaqArticle.slug,
                FaqArticle.title,
                FaqArticle.summary,
                FaqArticle.content,
                FaqArticle.seo_title,
                FaqArticle.seo_description,
                FaqArticle.seo_keywords,
                FaqArticle.published_at,
                FaqArticle.updated_at,
            ).where(FaqArticle.slug == slug)
        )
    ).first()
    if row is None:
        return None
    values = row._asdict()
    return LiveFaqArticle(**{**values, "content": values["content"] or ""})


async def list_faq_articles(
    session: AsyncSession, *, language: str | None = None, article_key: str | None = None
) -> list[FaqLink]:
    """Live articles by language, then title (optionally one language or one article)."""
    statement = select(
        FaqArticle.article_key,
        FaqArticle.language,
        FaqArticle.slug,
        FaqArticle.title,
        FaqArticle.summary,
        FaqArticle.updated_at,
    )
    if language is not None:
        statement = statement.where(FaqArticle.language == language)
    if article_key is not None:
        statement = statement.where(FaqArticle.article_key == article_key)
    statement = statement.order_by(FaqArticle.language, FaqArticle.title).limit(HUB_LIMIT)
    return [FaqLink(**row._asdict()) for row in (await session.execute(statement)).all()]


async def translations(session: AsyncSession, article: LiveFaqArticle) -> list[FaqLink]:
    """The article's live versions in other languages (same ``article_key``)."""
    return [
        link
        for link in await list_faq_articles(session, article_key=article.article_key)
        if link.language != article.language
    ]
