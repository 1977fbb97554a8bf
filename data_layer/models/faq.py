"""The FAQ knowledge base (beyond spec): published FAQ articles and their passages' vectors.

``faq_articles`` holds the live version of each FAQ article (one row per article and
language), written by :mod:`data_layer.content.publishing` when an editor approves a
version, exactly like the other content tables: ``id`` is the page's ``ai_content``
reference id and ``content`` the approved version's sanitised HTML. An English article and
its Spanish translation share ``article_key``.

``faq_passages`` is the article cut into answerable passages (the introduction, then one
passage per question heading), each with its all-MiniLM-L6-v2 vector (384 dimensions,
cosine, HNSW) for the chat's retrieval. Passages are rewritten in the same transaction as
their article row and go with it (ON DELETE CASCADE), so the chat never quotes a version
that is not the live one.
"""

from __future__ import annotations

import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase, UUIDBase
from advanced_alchemy.types import DateTimeUTC
from pgvector.sqlalchemy import Vector
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import CreatedAtMixin
from data_layer.models.embeddings import EMBEDDING_DIM

__all__ = ["FaqArticle", "FaqPassage"]


class FaqArticle(UUIDAuditBase):
    __tablename__ = "faq_articles"
    __table_args__ = (
        UniqueConstraint("article_key", "language", name="uq_faq_articles_article_key_language"),
    )

    article_key: Mapped[str] = mapped_column(String(120))
    """Shared by an article's translations (``pay-packages``)."""
    language: Mapped[str] = mapped_column(String(8))
    """``en`` or ``es``."""
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(64))
    seo_title: Mapped[str | None] = mapped_column(String(255))
    seo_description: Mapped[str | None] = mapped_column(String(1024))
    seo_keywords: Mapped[str | None] = mapped_column(String(1024))
    version: Mapped[int] = mapped_column(Integer)
    """The ``ai_content`` version this row was written from."""
    published_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))


class FaqPassage(CreatedAtMixin, UUIDBase):
    __tablename__ = "faq_passages"
    __table_args__ = (
        Index(
            "ix_faq_passages_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_ops={"embedding": "vector_cosine_ops"},
        ),
    )

    article_id: Mapped[UUID] = mapped_column(
        ForeignKey("faq_articles.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8), index=True)
    position: Mapped[int] = mapped_column(Integer)
    """0 = the introduction, then the question sections in page order."""
    heading: Mapped[str] = mapped_column(String(500))
    """The section's question (the article's title for the introduction)."""
    text: Mapped[str] = mapped_column(Text)
    """The passage as the chat quotes it: the approved version's words, Markdown lists kept."""
    anchor: Mapped[str] = mapped_column(String(255))
    """The section's id on the public page (``#how-much-is-the-referral-bonus``)."""
    embedding: Mapped[list[float]] = mapped_column(Vector(EMBEDDING_DIM), nullable=False)
    model_name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))

    article: Mapped[FaqArticle] = relationship(lazy="raise")
