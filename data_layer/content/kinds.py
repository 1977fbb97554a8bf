"""The vocabulary of the content pipeline: content types, version statuses, page keys.

A page's identity (``reference_id``) exists before any PostgreSQL row does: it is a
UUIDv5 of the content type and the page's natural key (``tx/dallas``, ``icu``,
``tx/dallas/icu``, ``blog/<slug>``), so drafting, review, the public URL and the
published row (``id = reference_id``) all agree without a lookup table. A job
description's reference id is the job's own id.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Final

from slugify import slugify

NAMESPACE: Final = uuid.UUID("5b0f7a8e-2f0c-4c8e-9d54-7a1c3e0b9e14")
"""Fixed forever: changing it would give every page a new identity (and URL row)."""


class ContentType(StrEnum):
    CITY_GUIDE = "city_guide"
    SPECIALTY_PAGE = "specialty_page"
    CITY_SPECIALTY_PAGE = "city_specialty_page"
    BLOG_POST = "blog_post"
    JOB_DESCRIPTION = "job_description"
    FAQ_ARTICLE = "faq_article"
    """An FAQ article: written by the agency's editors, never drafted from our data."""


class DraftStatus(StrEnum):
    DRAFT = "draft"
    """Waiting for review."""
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    REVIEWED = "reviewed"
    """Approved and scheduled (``publish_at`` in the future, or a publish in progress)."""
    PUBLISHED = "published"
    """The live version: at most one per page."""
    UNPUBLISHED = "unpublished"
    SUPERSEDED = "superseded"
    """Replaced: an older published version by a newer one, or an older pending draft by a
    newer version of the same page (so the queue never offers a stale draft)."""


PENDING: Final[frozenset[DraftStatus]] = frozenset(
    {DraftStatus.DRAFT, DraftStatus.CHANGES_REQUESTED}
)
"""Versions still waiting for someone: a newer version replaces them."""


class Source(StrEnum):
    WRITER = "writer"
    LLM = "llm"
    EDITOR = "editor"


class EventAction(StrEnum):
    DRAFTED = "drafted"
    EDITED = "edited"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    OVERRIDDEN = "overridden"


PUBLIC_TYPES: Final[frozenset[ContentType]] = frozenset(
    {
        ContentType.CITY_GUIDE,
        ContentType.SPECIALTY_PAGE,
        ContentType.CITY_SPECIALTY_PAGE,
        ContentType.BLOG_POST,
        ContentType.FAQ_ARTICLE,
    }
)
"""Types with a PostgreSQL table of their own (a job description lives on its job's page)."""

DRAFTED_TYPES: Final[frozenset[ContentType]] = frozenset(
    set(ContentType) - {ContentType.FAQ_ARTICLE}
)
"""Types the drafting workers write from our data. FAQ articles state the agency's policies:
only its editors write them (a model or the writer would be inventing policy)."""


def slug(text: str) -> str:
    """URL slug of a name (python-slugify: ``"Coeur d'Alene"`` -> ``coeur-d-alene``)."""
    return slugify(text or "")


def city_key(state_code: str, city: str) -> str:
    return f"{state_code.strip().lower()}/{slug(city)}"


def specialty_key(specialty: str) -> str:
    return slug(specialty)


def city_specialty_key(state_code: str, city: str, specialty: str) -> str:
    return f"{city_key(state_code, city)}/{slug(specialty)}"


def blog_key(post_slug: str) -> str:
    return f"blog/{post_slug}"


def faq_key(article_key: str, language: str) -> str:
    """An FAQ article in one language (``faq/en/pay-packages``): translations are pages of
    their own, linked by ``article_key``."""
    return f"faq/{language.strip().lower()}/{slug(article_key)}"


def reference_id_for(content_type: ContentType | str, key: str) -> str:
    """The page's stable id (UUID text). For a job description ``key`` is the job's id."""
    kind = ContentType(content_type)
    if not key or not key.strip():
        raise ValueError("a page key must not be empty")
    if kind is ContentType.JOB_DESCRIPTION:
        return str(uuid.UUID(key.strip()))
    return str(uuid.uuid5(NAMESPACE, f"{kind.value}:{key.strip()}"))
