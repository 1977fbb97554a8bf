"""``/sitemap.xml`` (a sitemap index), ``/sitemaps/<name>-<n>.xml`` and ``/robots.txt``.

A sitemap file holds at most 50,000 URLs and 50 MB; beyond that a sitemap index lists
the files. We always serve the index, so the site grows without changing shape:

- ``pages-1.xml``: the home page, the job board and the content hubs;
- ``jobs-N.xml``: open jobs shown on the board;
- ``city-guides-N.xml``, ``specialties-N.xml``, ``city-specialties-N.xml``, ``blog-N.xml``,
  ``faq-N.xml``: the live content pages (only what the public pages themselves would serve).

Each file is one indexed statement (:mod:`data_layer.content.sitemap`) turned into XML
by string formatting; ``lastmod`` is the row's ``updated_at``. Size: our longest URL is
a blog post (slug <= 255 characters), so a line stays under ~600 bytes and 50,000 of them
under 30 MB, inside the 50 MB limit with no check per line.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from litestar import Controller, Request, Response
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.web import content_urls as urls
from assistant.web.page_route import page
from config.settings import Settings
from data_layer.content.sitemap import SitemapSource, sitemap_files, sitemap_rows

URLS_PER_FILE = 50_000
"""The protocol's limit per file (tests lower it to see the split)."""
PAGES_FILE = "pages"
_STATIC_PATHS = ("/", "/jobs", urls.CITY_HUB, urls.SPECIALTY_HUB, urls.BLOG_HUB, urls.FAQ_HUB)
_FILE_NAME = re.compile(r"^(?P<name>[a-z]+(?:-[a-z]+)*)-(?P<number>[1-9][0-9]{0,5})\.xml$")
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_URLSET_OPEN = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">\n'
_CACHE = "public, max-age=300"

# Where crawlers have no business: the APIs, staff desks, account links, operations.
_PRIVATE_PREFIXES = (
    "/api/",
    "/recruiter",
    "/editor",
    "/account",
    "/ops",
    "/schema",
    "/webhooks/",
    "/health",
    "/j/",  # share links: the same jobs again, with a recruiter's tracking code
)


def _lastmod(value: dt.datetime | None) -> str:
    return (
        f"<lastmod>{value.astimezone(dt.UTC).isoformat(timespec='seconds')}</lastmod>"
        if value
        else ""
    )


def _site(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/")


# Each source's row (URL parts..., updated_at) -> the page's path.
_PATHS: dict[SitemapSource, Callable[[Row[Any]], str]] = {
    SitemapSource.JOBS: lambda r: urls.job_path(r[0]),
    SitemapSource.BLOG: lambda r: escape(urls.blog_path(r[0])),
    SitemapSource.FAQ: lambda r: escape(urls.faq_path(r[0])),
    SitemapSource.SPECIALTIES: lambda r: urls.specialty_path(r[0]),
    SitemapSource.CITY_GUIDES: lambda r: urls.city_guide_path(r[0], r[1]),
    SitemapSource.CITY_SPECIALTIES: lambda r: urls.city_specialty_path(r[0], r[1], r[2]),
}


def urlset(site: str, rows: Sequence[Row[Any]], path_of: Callable[[Row[Any]], str]) -> str:
    """One sitemap file. ``site`` is XML-escaped once; paths are slugs, UUIDs or escaped."""
    base = escape(site)
    lines = [_URLSET_OPEN]
    lines += [f"<url><loc>{base}{path_of(r)}</loc>{_lastmod(r[-1])}</url>\n" for r in rows]
    lines.append("</urlset>\n")
    return "".join(lines)


def _xml(request: Request, text: str, status_code: int = 200) -> Response[bytes]:
    body = text.encode()
    headers = {
        "Cache-Control": _CACHE,
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
    }
    if "gzip" in request.headers.get("accept-encoding", "") and len(body) > 1024:
        # Level 5: nearly level 9's size at a fraction of its time on a 5 MB file.
        body = gzip.compress(body, compresslevel=5, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return Response(
        body, status_code=status_code, media_type="application/xml; charset=utf-8", headers=headers
    )


def robots_txt(settings: Settings) -> str:
    rules = "".join(f"Disallow: {prefix}\n" for prefix in _PRIVATE_PREFIXES)
    return f"User-agent: *\n{rules}Allow: /\n\nSitemap: {_site(settings)}/sitemap.xml\n"


class SitemapController(Controller):
    include_in_schema = False

    @page("/robots.txt", name="site:robots")
    async def robots(self, settings: Settings) -> Response[str]:
        return Response(
            robots_txt(settings),
            media_type="text/plain; charset=utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @page("/sitemap.xml", name="site:sitemap-index")
    async def index(
        self, request: Request, db_session: AsyncSession, settings: Settings
    ) -> Response[bytes]:
        base = escape(_site(settings))
        per_file = URLS_PER_FILE
        entries = [f"<sitemap><loc>{base}/sitemaps/{PAGES_FILE}-1.xml</loc></sitemap>\n"]
        for source in SitemapSource:
            for file in await sitemap_files(db_session, source, per_file):
                entries.append(
                    f"<sitemap><loc>{base}/sitemaps/{source.value}-{file.number}.xml</loc>"
                    f"{_lastmod(file.lastmod)}</sitemap>\n"
                )
        text = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">\n'
            + "".join(entries)
            + "</sitemapindex>\n"
        )
        return _xml(request, text)

    @page("/sitemaps/{file_name:str}", name="site:sitemap-file")
    async def file(
        self, request: Request, db_session: AsyncSession, settings: Settings, file_name: str
    ) -> Response[bytes]:
        matched = _FILE_NAME.match(file_name)
        missing = Response(b"", status_code=404, headers={"Cache-Control": "no-store"})
        if matched is None:
            return missing
        name, number = matched["name"], int(matched["number"])
        site = _site(settings)
        if name == PAGES_FILE:
            if number != 1:
                return missing
            lines = "".join(f"<url><loc>{escape(site + p)}</loc></url>\n" for p in _STATIC_PATHS)
            return _xml(request, f"{_URLSET_OPEN}{lines}</urlset>\n")
        try:
            source = SitemapSource(name)
        except ValueError:
            return missing
        rows = await sitemap_rows(db_session, source, number, URLS_PER_FILE)
        if not rows:
            return missing
        return _xml(request, urlset(site, rows, _PATHS[source]))
