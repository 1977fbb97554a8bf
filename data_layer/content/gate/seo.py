"""SEO fields: title and description lengths search engines show, a clean slug."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from data_layer.content.gate.flags import Flag, error, warning

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TITLE_RANGE = (30, 60)
"""Characters of a result title before search engines cut it (about 600 px)."""
DESCRIPTION_RANGE = (70, 160)


def check_seo(page: Mapping[str, Any]) -> list[Flag]:
    flags: list[Flag] = []
    title = str(page.get("title") or "").strip()
    if not title:
        flags.append(error("title_missing", "the page has no title"))
    slug = str(page.get("slug") or "")
    if not SLUG.fullmatch(slug) or len(slug) > 120:
        flags.append(
            error("slug_format", f"slug '{slug}' must be lowercase words joined by hyphens")
        )
    seo_title = str(page.get("seo_title") or "").strip()
    low, high = TITLE_RANGE
    if not seo_title:
        flags.append(error("seo_title_missing", "no SEO title"))
    elif not low <= len(seo_title) <= high:
        flags.append(
            warning(
                "seo_title_length",
                f"SEO title is {len(seo_title)} characters; {low}-{high} show best",
            )
        )
    description = str(page.get("seo_description") or "").strip()
    low, high = DESCRIPTION_RANGE
    if not description:
        flags.append(error("seo_description_missing", "no meta description"))
    elif not low <= len(description) <= high:
        flags.append(
            warning(
                "seo_description_length",
                f"meta description is {len(description)} characters; {low}-{high} show best",
            )
        )
    return flags
