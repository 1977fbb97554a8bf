"""schema.org data and Open Graph tags of the public content pages.

Google reads the JSON-LD only if every marked-up fact is visible on the page, so the
templates print each one of these (title, dates, publisher, the breadcrumb trail).
``JobPosting`` is not here: it belongs on single-job pages only
(:func:`assistant.web.templates.job_posting_ld`), never on a guide that lists jobs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.web.format import esc, json_for_script
from assistant.web.templates import COMPANY


@dataclass(frozen=True, slots=True)
class Crumb:
    name: str
    url: str
    """Absolute URL (the last crumb is the page itself)."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value else None


def organization(site_url: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": COMPANY, "url": site_url}


def breadcrumb_ld(crumbs: Sequence[Crumb]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": c.name, "item": c.url}
            for n, c in enumerate(crumbs, start=1)
        ],
    }


def webpage_ld(
    *,
    kind: str,
    name: str,
    description: str,
    url: str,
    site_url: str,
    published: dt.datetime | None,
    modified: dt.datetime | None,
) -> dict[str, Any]:
    """``WebPage`` (or a subtype such as ``CollectionPage`` for the hubs)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": name,
        "description": description,
        "url": url,
        "inLanguage": "en-US",
        "isPartOf": {"@type": "WebSite", "name": COMPANY, "url": site_url},
        "publisher": organization(site_url),
    }
    if published:
        data["datePublished"] = _iso(published)
    if modified:
        data["dateModified"] = _iso(modified)
    return data


def article_ld(
    *,
    headline: str,
    description: str,
    url: str,
    site_url: str,
    published: dt.datetime,
    modified: dt.datetime,
    image: str | None,
) -> dict[str, Any]:
    """``Article`` of a blog post; the company is its author (the page says so)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        # Google shows at most 110 characters of a headline.
        "headline": headline[:110],
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": _iso(published),
        "dateModified": _iso(modified),
        "author": organization(site_url),
        "publisher": organization(site_url),
        "inLanguage": "en-US",
    }
    if image:
        data["image"] = [image]
    return data


def ld_scripts(*blocks: dict[str, Any]) -> str:
    return "".join(
        f'<script type="application/ld+json">{json_for_script(b)}</script>\n' for b in blocks
    )


def open_graph(
    *,
    og_type: str,
    title: str,
    description: str,
    url: str,
    image: str | None = None,
    published: dt.datetime | None = None,
    modified: dt.datetime | None = None,
    keywords: str | None = None,
) -> str:
    """Open Graph and Twitter card tags (what a shared link previews)."""
    tags = [
        ("property", "og:type", og_type),
        ("property", "og:site_name", COMPANY),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:locale", "en_US"),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if image:
        tags += [("property", "og:image", image), ("name", "twitter:image", image)]
    if og_type == "article":
        if published:
            tags.append(("property", "article:published_time", _iso(published) or ""))
        if modified:
            tags.append(("property", "article:modified_time", _iso(modified) or ""))
    if keywords:
        tags.append(("name", "keywords", keywords))
    return "".join(
        f'<meta {attr}="{esc(key)}" content="{esc(value)}">\n' for attr, key, value in tags
    )
