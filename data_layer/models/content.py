"""2.7 Content Management: ``blog_posts``, ``city_guides``, ``specialty_pages``,
``city_specialty_pages`` (SEO pages, optionally AI generated)."""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import bool_column, enum_column, trgm_index

if TYPE_CHECKING:
    from data_layer.models.master import Specialty, State
    from data_layer.models.users import User

__all__ = ["BlogPost", "CityGuide", "CitySpecialtyPage", "ContentStatus", "SpecialtyPage"]


class ContentStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class BlogPost(UUIDAuditBase):
    __tablename__ = "blog_posts"

    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    content: Mapped[str | None] = mapped_column(Text)
    excerpt: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ContentStatus] = enum_column(
        ContentStatus, "content_status", ContentStatus.DRAFT, index=True
    )
    featured_image: Mapped[str | None] = mapped_column(String(2048))
    published_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), index=True
    )
    seo_title: Mapped[str | None] = mapped_column(String(255))
    seo_description: Mapped[str | None] = mapped_column(String(1024))
    seo_keywords: Mapped[str | None] = mapped_column(String(1024))
    ai_generated: Mapped[bool] = bool_column()

    author: Mapped[User | None] = relationship(lazy="raise")


class CityGuide(UUIDAuditBase):
    __tablename__ = "city_guides"
    __table_args__ = (trgm_index("ix_city_guides_city_trgm", "city"),)

    city: Mapped[str] = mapped_column(String(255))
    state_id: Mapped[int | None] = mapped_column(
        ForeignKey("states.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    content: Mapped[str | None] = mapped_column(Text)
    cost_of_living_index: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    housing_info: Mapped[str | None] = mapped_column(Text)
    things_to_do: Mapped[str | None] = mapped_column(Text)
    healthcare_facilities: Mapped[str | None] = mapped_column(Text)
    featured_image: Mapped[str | None] = mapped_column(String(2048))
    seo_title: Mapped[str | None] = mapped_column(String(255))
    seo_description: Mapped[str | None] = mapped_column(String(1024))
    seo_keywords: Mapped[str | None] = mapped_column(String(1024))
    ai_generated: Mapped[bool] = bool_column()

    state: Mapped[State | None] = relationship(lazy="raise")


class SpecialtyPage(UUIDAuditBase):
    __tablename__ = "specialty_pages"

    specialty_id: Mapped[int] = mapped_column(
        ForeignKey("specialties.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    content: Mapped[str | None] = mapped_column(Text)
    featured_image: Mapped[str | None] = mapped_column(String(2048))
    seo_title: Mapped[str | None] = mapped_column(String(255))
    seo_description: Mapped[str | None] = mapped_column(String(1024))
    seo_keywords: Mapped[str | None] = mapped_column(String(1024))
    ai_generated: Mapped[bool] = bool_column()

    specialty: Mapped[Specialty] = relationship(lazy="raise")


class CitySpecialtyPage(UUIDAuditBase):
    __tablename__ = "city_specialty_pages"
    __table_args__ = (trgm_index("ix_city_specialty_pages_city_trgm", "city"),)

    city: Mapped[str] = mapped_column(String(255))
    state_id: Mapped[int | None] = mapped_column(
        ForeignKey("states.id", ondelete="RESTRICT"), index=True
    )
    specialty_id: Mapped[int] = mapped_column(
        ForeignKey("specialties.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    content: Mapped[str | None] = mapped_column(Text)
    featured_image: Mapped[str | None] = mapped_column(String(2048))
    seo_title: Mapped[str | None] = mapped_column(String(255))
    seo_description: Mapped[str | None] = mapped_column(String(1024))
    seo_keywords: Mapped[str | None] = mapped_column(String(1024))
    ai_generated: Mapped[bool] = bool_column()

    state: Mapped[State | None] = relationship(lazy="raise")
    specialty: Mapped[Specialty] = relationship(lazy="raise")
