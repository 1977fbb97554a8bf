"""Crawlers and link checkers probe public pages with HEAD: status and headers as GET, no body."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from config.settings import Settings
from tests.integration.public_content_helpers import PublishedSite, published_site, rows

# Headers a crawler decides on: what the page is, how long to cache it, whether it changed.
COMPARED = ("content-type", "cache-control", "etag", "last-modified")


@pytest.fixture(scope="module")
async def site(
    stack_settings: Settings, admin_pg_url: str, seeded_template: str
) -> AsyncIterator[PublishedSite]:
    async with published_site(stack_settings, admin_pg_url, seeded_template) as published:
        yield published


async def _public_paths(site: PublishedSite) -> list[tuple[str, int]]:
    (job,) = await rows(
        site.engine,
        """SELECT id::text FROM jobs WHERE display_on_external_job_board AND closed_at IS NULL
           ORDER BY id LIMIT 1""",
    )
    return [
        ("/", 200),
        ("/jobs", 200),
        (f"/jobs/{job['id']}", 200),
        (site.city_path, 200),
        (site.specialty_path, 200),
        (f"/blog/{site.rows['blog']['slug']}", 200),
        ("/faq", 200),
        (f"/faq/{site.rows['faq']['slug']}", 200),
        ("/sitemap.xml", 200),
        ("/sitemaps/pages-1.xml", 200),
        ("/robots.txt", 200),
        (f"/jobs/{uuid.uuid4()}", 404),
        ("/faq/no-such-article", 404),
        ("/sitemaps/no-such-file.xml", 404),
        ("/no-such-page", 404),
    ]


async def test_head_answers_every_public_page_like_get_without_a_body(site: PublishedSite) -> None:
    for path, status in await _public_paths(site):
        got = await site.client.get(path)
        head = await site.client.head(path)
        assert (path, got.status_code, head.status_code) == (path, status, status)
        if status == 200:
            assert got.content, path
        assert head.content == b"", path
        for name in COMPARED:
            assert (path, name, head.headers.get(name)) == (path, name, got.headers.get(name))
    # The pages a crawler indexes say what they are on HEAD too.
    assert (await site.client.head("/robots.txt")).headers["content-type"].startswith("text/plain")
    assert "xml" in (await site.client.head("/sitemap.xml")).headers["content-type"]
    assert (await site.client.head("/jobs")).headers["content-type"].startswith("text/html")
