"""``/sitemap.xml`` is an index of files of at most N URLs listing exactly the public pages
(open shown jobs, live content, published posts) with their last change; ``robots.txt``."""

from __future__ import annotations

import datetime as dt
import gzip
import math
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator

import pytest

from assistant.web import sitemap
from config.settings import Settings
from tests.integration.public_content_helpers import (
    SITE,
    PublishedSite,
    execute,
    published_site,
    rows,
)

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
async def site(
    stack_settings: Settings, admin_pg_url: str, seeded_template: str
) -> AsyncIterator[PublishedSite]:
    async with published_site(stack_settings, admin_pg_url, seeded_template) as published:
        # A few jobs the sitemap must leave out: closed, and hidden from the board.
        await execute(
            published.engine,
            """UPDATE jobs SET closed_at = now() WHERE id IN
               (SELECT id FROM jobs ORDER BY id LIMIT 5)""",
        )
        await execute(
            published.engine,
            """UPDATE jobs SET display_on_external_job_board = false WHERE id IN
               (SELECT id FROM jobs ORDER BY id DESC LIMIT 5)""",
        )
        yield published


async def expected_urls(site: PublishedSite) -> dict[str, dt.datetime | None]:
    jobs = await rows(
        site.engine,
        """SELECT id::text, updated_at FROM jobs
           WHERE display_on_external_job_board AND closed_at IS NULL""",
    )
    urls: dict[str, dt.datetime | None] = {
        f"{SITE}{path}": None
        for path in ("/", "/jobs", "/travel-nursing", "/specialties", "/blog", "/faq")
    }
    urls.update({f"{SITE}/jobs/{j['id']}": j["updated_at"] for j in jobs})
    tables = {
        "city_guides": site.city_path,
        "specialty_pages": site.specialty_path,
        "city_specialty_pages": site.city_specialty_path,
    }
    for table, path in tables.items():
        (row,) = await rows(site.engine, f"SELECT updated_at FROM {table}")
        urls[SITE + path] = row["updated_at"]
    (post,) = await rows(
        site.engine, "SELECT slug, updated_at FROM blog_posts WHERE status = 'published'"
    )
    urls[f"{SITE}/blog/{post['slug']}"] = post["updated_at"]
    (faq,) = await rows(site.engine, "SELECT slug, updated_at FROM faq_articles")
    urls[f"{SITE}/faq/{faq['slug']}"] = faq["updated_at"]
    return urls


async def read_sitemap(
    site: PublishedSite,
) -> tuple[list[tuple[str, str | None]], dict[str, list[str]]]:
    """The index's entries and every file's URLs (each file parsed on its own)."""
    response = await site.client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    entries = [
        (e.findtext("sm:loc", namespaces=NS) or "", e.findtext("sm:lastmod", namespaces=NS))
        for e in root.findall("sm:sitemap", NS)
    ]
    files: dict[str, list[str]] = {}
    for loc, _ in entries:
        assert loc.startswith(f"{SITE}/sitemaps/") and loc.endswith(".xml")
        part = await site.client.get(
            loc.removeprefix(SITE), headers={"accept-encoding": "identity"}
        )
        assert part.status_code == 200, loc
        urlset = ET.fromstring(part.content)
        assert urlset.tag == f"{{{NS['sm']}}}urlset"
        assert len(part.content) < 50 * 1024 * 1024
        files[loc] = []
        for url in urlset.findall("sm:url", NS):
            files[loc].append(url.findtext("sm:loc", namespaces=NS) or "")
            lastmod = url.findtext("sm:lastmod", namespaces=NS)
            if lastmod is not None:
                assert dt.datetime.fromisoformat(lastmod).tzinfo is not None
    return entries, files


async def test_the_index_lists_files_that_hold_exactly_the_public_urls(site: PublishedSite) -> None:
    entries, files = await read_sitemap(site)
    names = [loc.rsplit("/", 1)[1] for loc, _ in entries]
    assert names == [
        "pages-1.xml",
        "jobs-1.xml",
        "city-guides-1.xml",
        "specialties-1.xml",
        "city-specialties-1.xml",
        "blog-1.xml",
        "faq-1.xml",
    ]
    listed = [url for urls in files.values() for url in urls]
    expected = await expected_urls(site)
    assert len(listed) == len(set(listed))
    assert set(listed) == set(expected)
    for hidden in ("draft", "archived"):
        assert not any(site.rows[hidden]["slug"] in url for url in listed)
    # Every listed content page really is served.
    for url in listed:
        if "/jobs/" not in url:
            assert (await site.client.get(url.removeprefix(SITE))).status_code == 200, url


async def test_files_split_at_the_per_file_limit_with_lastmod_from_updated_at(
    site: PublishedSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = await expected_urls(site)
    jobs = {url: when for url, when in expected.items() if "/jobs/" in url}
    per_file = 97
    monkeypatch.setattr(sitemap, "URLS_PER_FILE", per_file)
    entries, files = await read_sitemap(site)
    job_files = [loc for loc, _ in entries if "/sitemaps/jobs-" in loc]
    assert len(job_files) == math.ceil(len(jobs) / per_file) > 2
    assert job_files == [f"{SITE}/sitemaps/jobs-{n}.xml" for n in range(1, len(job_files) + 1)]
    assert all(len(files[loc]) == per_file for loc in job_files[:-1])
    assert 0 < len(files[job_files[-1]]) <= per_file
    listed = [url for loc in job_files for url in files[loc]]
    assert len(listed) == len(set(listed)) and set(listed) == set(jobs)
    for loc, lastmod in entries:
        if loc in job_files:
            assert lastmod is not None
            newest = max(jobs[url] for url in files[loc])
            assert dt.datetime.fromisoformat(lastmod) == newest.replace(microsecond=0)
    past_end = f"/sitemaps/jobs-{len(job_files) + 1}.xml"
    for missing in (past_end, "/sitemaps/jobs-0.xml", "/sitemaps/pages-2.xml", "/sitemaps/x-1.xml"):
        assert (await site.client.get(missing)).status_code == 404, missing


async def test_files_are_gzipped_when_the_crawler_accepts_it(site: PublishedSite) -> None:
    plain = await site.client.get("/sitemaps/jobs-1.xml", headers={"accept-encoding": "identity"})
    packed = await site.client.get("/sitemaps/jobs-1.xml", headers={"accept-encoding": "gzip"})
    assert packed.headers.get("content-encoding") == "gzip"
    assert packed.content == plain.content  # the client undid the encoding
    assert len(gzip.compress(plain.content)) < len(plain.content)


async def test_robots_txt_allows_the_site_keeps_private_paths_out_and_names_the_sitemap(
    site: PublishedSite,
) -> None:
    response = await site.client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    for private in ("/api/", "/recruiter", "/editor", "/account", "/ops"):
        assert f"Disallow: {private}" in lines
    assert "Allow: /" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    # Nothing public is disallowed.
    disallowed = [line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")]
    for public in ("/jobs", "/blog", "/travel-nursing", "/specialties", "/faq", "/sitemap.xml"):
        assert not any(public.startswith(prefix) for prefix in disallowed), public
