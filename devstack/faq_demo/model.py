"""One demo FAQ article as an editor would enter it: the page fields and the Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class DemoArticle:
    key: str
    """Shared by the article's translations (``pay-packages``)."""
    language: str
    topic: str
    title: str
    slug: str
    seo_title: str
    seo_description: str
    seo_keywords: str
    excerpt: str
    markdown: str

    def page(self) -> dict[str, Any]:
        """The version's page fields (what the desk shows and publishing writes)."""
        return {
            "title": self.title,
            "slug": self.slug,
            "seo_title": self.seo_title,
            "seo_description": self.seo_description,
            "seo_keywords": self.seo_keywords,
            "excerpt": self.excerpt,
            "article_key": self.key,
            "language": self.language,
            "topic": self.topic,
        }
