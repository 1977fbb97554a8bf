"""The deterministic writer: a useful, readable Markdown page from a snapshot alone.

No model, no network, no randomness: the same snapshot gives the same page. Every
number printed comes from the snapshot (the gate's grounding check holds the writer to
that as strictly as the model). Links go to live job pages (``/jobs/<id>``) and to the
career site's search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from data_layer.content.kinds import ContentType
from data_layer.content.writer import pages

WRITER_VERSION = 1
PROMPT = f"deterministic writer v{WRITER_VERSION}"

_WRITERS = {
    ContentType.CITY_GUIDE: pages.city_guide,
    ContentType.SPECIALTY_PAGE: pages.specialty_page,
    ContentType.CITY_SPECIALTY_PAGE: pages.city_specialty_page,
    ContentType.BLOG_POST: pages.blog_post,
    ContentType.JOB_DESCRIPTION: pages.job_description,
}


@dataclass(frozen=True, slots=True)
class WrittenPage:
    markdown: str
    page: dict[str, Any]


def write_page(content_type: ContentType, key: str, snapshot: dict[str, Any]) -> WrittenPage:
    lines, page = _WRITERS[ContentType(content_type)](key, snapshot)
    markdown = "\n".join(lines).strip() + "\n"
    return WrittenPage(markdown=markdown, page={**_empty_page(), **page})


def _empty_page() -> dict[str, Any]:
    return {
        "title": "",
        "slug": "",
        "seo_title": "",
        "seo_description": "",
        "seo_keywords": "",
        "excerpt": "",
        "city": None,
        "state_code": None,
        "state_name": None,
        "specialty_slug": None,
        "specialty_name": None,
        "job_id": None,
    }
