"""Public content pages: published rows served byte for byte in the site's layout, with
title/meta/canonical/Open Graph, structured data Google accepts (read back with extruct),
live job links, 404 for anything not published, ETags; JobPosting only on open job pages."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import AsyncIterator
from typing import Any

import extruct
import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy.ext.asyncio import async_sessionmaker

from assistant.web import jobs_cache
from config.settings import Settings
from data_layer.content.drafting import save_draft
from data_layer.content.kinds import ContentType, Source, city_key, reference_id_for
from data_layer.content.review import approve, edit, unpublish
from tests.integration.public_content_helpers import (
    SITE,
    PublishedSite,
    execute,
    page_id,
    published_site,
    rows,
)

REQUIRED = {
    "Article": ("headline", "datePublished", "dateModified", "author", "publisher"),
    "WebPage": ("name", "url", "description"),
    "CollectionPage": ("name", "url"),
    "BreadcrumbList": ("itemListElement",),
    "JobPosting": ("title", "description", "datePosted", "hiringOrganization", "jobLocation"),
}


@pytest.fixture(scope="module")
async def site(
    stack_settings: Settings, admin_pg_url: str, seeded_template: str
) -> AsyncIterator[PublishedSite]:
    async with published_site(stack_settings, admin_pg_url, seeded_template) as published:
        yield published


def structured(page: str, url: str) -> dict[str, Any]:
    """JSON-LD items by type (each checked for its required properties) and the OG tags."""
    data = extruct.extract(page, base_url=url, syntaxes=["json-ld", "opengraph"])
    by_type: dict[str, Any] = {}
    for item in data["json-ld"]:
        kind = item["@type"]
        assert item["@context"] == "https://schema.org"
        for prop in REQUIRED[kind]:
            assert item.get(prop), f"{kind} lacks {prop}"
        assert kind not in by_type, f"two {kind} items"
        by_type[kind] = item
    og = dict(data["opengraph"][0]["properties"]) if data["opengraph"] else {}
    return {"ld": by_type, "og": og}


def check_breadcrumbs(crumbs: dict[str, Any], page: str, names: list[str], url: str) -> None:
    items = crumbs["itemListElement"]
    assert [i["name"] for i in items] == names
    assert [i["position"] for i in items] == list(range(1, len(names) + 1))
    assert all(i["@type"] == "ListItem" and i["item"].startswith(f"{SITE}/") for i in items)
    assert items[0]["item"] == f"{SITE}/" and items[-1]["item"] == url
    trail = page.split('<nav class="crumbs" aria-label="Breadcrumb">')[1].split("</nav>")[0]
    assert all(html.escape(name) in trail for name in names)  # what is marked up is visible


def head_tags(page: str) -> dict[str, str]:
    head = page.split("</head>")[0]
    found = {
        "title": html.unescape(re.search(r"<title>(.*?)</title>", head, re.S)[1]),  # type: ignore[index]
        "description": html.unescape(
            re.search(r'<meta name="description" content="([^"]*)">', head)[1]  # type: ignore[index]
        ),
        "canonical": re.search(r'<link rel="canonical" href="([^"]*)">', head)[1],  # type: ignore[index]
    }
    return found


async def open_jobs_in(site: PublishedSite, ids: list[str]) -> list[Any]:
    return await rows(
        site.engine,
        """SELECT j.id::text, j.client_city AS city, lower(s.code) AS state, sp.name AS specialty
           FROM jobs j JOIN states s ON s.id = j.client_state_id
           LEFT JOIN specialties sp ON sp.id = j.specialty_id
           WHERE j.id = ANY(CAST(:ids AS uuid[]))
             AND j.display_on_external_job_board AND j.closed_at IS NULL""",
        ids=ids,
    )


def job_links(page: str) -> list[str]:
    return re.findall(r'href="/jobs/([0-9a-f-]{36})"', page)


async def test_city_guide_prints_the_published_row_with_seo_tags_jobs_and_webpage_data(
    site: PublishedSite,
) -> None:
    row = site.rows["city_guide"]
    response = await site.client.get(site.city_path)
    assert response.status_code == 200, response.text
    page = response.text
    url = SITE + site.city_path
    # The stored HTML, byte for byte, inside the site's layout.
    assert f'<div class="prose">{row["content"]}</div>'.encode() in response.content
    tags = head_tags(page)
    assert tags == {
        "title": row["seo_title"],
        "description": row["seo_description"],
        "canonical": url,
    }
    assert '<script src="/widget.js" data-api="http://testserver.local" async></script>' in page
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "public, no-cache"

    data = structured(page, url)
    assert set(data["ld"]) == {"WebPage", "BreadcrumbList"}  # no JobPosting on a guide
    webpage = data["ld"]["WebPage"]
    assert (webpage["name"], webpage["url"]) == (row["title"], url)
    assert f"<h1>{html.escape(row['title'])}</h1>" in page
    where = f"{site.city}, {site.state.upper()}"
    check_breadcrumbs(data["ld"]["BreadcrumbList"], page, ["Home", "Travel nursing", where], url)
    og = data["og"]
    assert og["og:title"] == row["seo_title"] and og["og:url"] == url
    assert og["og:type"] == "website" and og["og:description"] == row["seo_description"]

    # Live jobs of this city, by the board's rules; and the city x specialty page linked.
    ids = job_links(page)
    assert 1 <= len(ids) <= 6
    live = await open_jobs_in(site, ids)
    assert len(live) == len(set(ids))
    assert all((j["city"], j["state"]) == (site.city, site.state) for j in live)
    assert f'href="{site.city_specialty_path}"' in page


async def test_specialty_and_city_specialty_pages_link_each_other_and_their_jobs(
    site: PublishedSite,
) -> None:
    spec = await site.client.get(site.specialty_path)
    both = await site.client.get(site.city_specialty_path)
    assert spec.status_code == both.status_code == 200
    row = site.rows["specialty_page"]
    assert f'<div class="prose">{row["content"]}</div>'.encode() in spec.content
    spec_url = SITE + site.specialty_path
    data = structured(spec.text, spec_url)
    check_breadcrumbs(
        data["ld"]["BreadcrumbList"], spec.text, ["Home", "Specialties", site.specialty], spec_url
    )
    assert head_tags(spec.text)["canonical"] == spec_url
    assert f'href="{site.city_specialty_path}"' in spec.text
    live = await open_jobs_in(site, job_links(spec.text))
    assert live and all(j["specialty"] == site.specialty for j in live)

    row = site.rows["city_specialty_page"]
    both_url = SITE + site.city_specialty_path
    assert f'<div class="prose">{row["content"]}</div>'.encode() in both.content
    data = structured(both.text, both_url)
    assert set(data["ld"]) == {"WebPage", "BreadcrumbList"}
    where = f"{site.city}, {site.state.upper()}"
    check_breadcrumbs(
        data["ld"]["BreadcrumbList"],
        both.text,
        ["Home", "Travel nursing", where, site.specialty],
        both_url,
    )
    crumbs = data["ld"]["BreadcrumbList"]["itemListElement"]
    assert crumbs[2]["item"] == SITE + site.city_path  # the city's guide is live: linked
    assert f'href="{site.city_path}"' in both.text and f'href="{site.specialty_path}"' in both.text
    live = await open_jobs_in(site, job_links(both.text))
    assert live
    assert all(
        (j["city"], j["state"], j["specialty"]) == (site.city, site.state, site.specialty)
        for j in live
    )


async def test_blog_post_is_an_article_and_only_published_posts_are_served(
    site: PublishedSite,
) -> None:
    post = site.rows["blog"]
    path = f"/blog/{post['slug']}"
    response = await site.client.get(path)
    assert response.status_code == 200
    page = response.text
    url = SITE + path
    assert f'<div class="prose">{post["content"]}</div>'.encode() in response.content
    assert head_tags(page) == {
        "title": post["seo_title"],
        "description": post["seo_description"],
        "canonical": url,
    }
    data = structured(page, url)
    article = data["ld"]["Article"]
    assert article["headline"] == post["title"]
    published = dt.datetime.fromisoformat(article["datePublished"])
    assert published == post["published_at"]
    assert article["author"]["name"] == article["publisher"]["name"] == "Excel Medical Staffing"
    assert f'<time datetime="{article["datePublished"]}">' in page  # the date is visible
    assert "By Excel Medical Staffing" in page
    check_breadcrumbs(data["ld"]["BreadcrumbList"], page, ["Home", "Blog", post["title"]], url)
    assert data["og"]["og:type"] == "article"
    assert data["og"]["article:published_time"] == article["datePublished"]

    for hidden in ("draft", "archived"):
        gone = await site.client.get(f"/blog/{site.rows[hidden]['slug']}")
        assert gone.status_code == 404, hidden
        assert site.rows[hidden]["content"] not in gone.text

    index = await site.client.get("/blog")
    assert index.status_code == 200
    assert f'href="{path}"' in index.text
    for hidden in ("draft", "archived"):
        assert site.rows[hidden]["slug"] not in index.text
    data = structured(index.text, f"{SITE}/blog")
    assert data["ld"]["CollectionPage"]["url"] == f"{SITE}/blog"
    assert (await site.client.get("/blog?page=2")).status_code == 404
    assert (await site.client.get("/blog?page=x")).status_code == 404
    for hub, path_of in (
        ("/travel-nursing", site.city_path),
        ("/specialties", site.specialty_path),
    ):
        listed = await site.client.get(hub)
        assert listed.status_code == 200 and f'href="{path_of}"' in listed.text


async def test_unknown_unpublished_and_misspelt_pages(site: PublishedSite) -> None:
    for path in (
        "/travel-nursing/zz/nowhere",
        f"/travel-nursing/{site.state}/atlantis",
        f"/travel-nursing/{site.state}/{site.city_path.rsplit('/', 1)[1]}/basket-weaving",
        "/specialties/basket-weaving",
        "/blog/no-such-post",
        "/travel-nursing/texas/dallas",
        "/specialties/icu--",
    ):
        response = await site.client.get(path)
        assert response.status_code == 404, path
        assert (
            "couldn" in response.text and '<meta name="robots" content="noindex">' in response.text
        )

    typed = site.city_path.replace(f"/{site.state}/", f"/{site.state.upper()}/").title()
    typed = "/travel-nursing" + typed[len("/travel-nursing") :]
    upper = await site.client.get(typed, follow_redirects=False)
    assert upper.status_code == 301 and upper.headers["location"] == site.city_path

    # A page taken down (its row deleted by unpublishing) is gone at once.
    extra_id = page_id(ContentType.CITY_GUIDE, f"{site.state}/gone-town")
    await execute(
        site.engine,
        """INSERT INTO city_guides (id, city, state_id, title, slug, content, ai_generated,
                                    created_at, updated_at)
           SELECT :id, 'Gone Town', id, 'Gone Town', 'gone-town', '<p>bye</p>', true, now(), now()
           FROM states WHERE lower(code) = :state""",
        id=extra_id,
        state=site.state,
    )
    assert (await site.client.get(f"/travel-nursing/{site.state}/gone-town")).status_code == 200
    await execute(site.engine, "DELETE FROM city_guides WHERE id = :id", id=extra_id)
    assert (await site.client.get(f"/travel-nursing/{site.state}/gone-town")).status_code == 404


async def test_pages_come_from_the_published_row_never_from_a_newer_draft(
    site: PublishedSite,
) -> None:
    row = site.rows["city_guide"]
    client: AsyncMongoClient = AsyncMongoClient(site.settings.effective_mongodb_url)
    try:
        await client[site.settings.mongodb_db]["ai_content"].insert_one(
            {
                "content_type": "city_guide",
                "reference_id": str(row["id"]),
                "version": 99,
                "status": "draft",
                "generated_content": "## DRAFT-ONLY words\n\nNot approved.",
                "page": {"title": "DRAFT-ONLY title"},
            }
        )
        page = (await site.client.get(site.city_path)).text
    finally:
        await client.drop_database(site.settings.mongodb_db)
        await client.close()
    assert "DRAFT-ONLY" not in page and row["content"] in page


async def test_etag_revalidation_and_a_changed_page_gets_a_new_etag(site: PublishedSite) -> None:
    first = await site.client.get(site.specialty_path)
    etag = first.headers["etag"]
    again = await site.client.get(site.specialty_path, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    await execute(
        site.engine,
        "UPDATE specialty_pages SET content = content || '<p>More.</p>', updated_at = now() "
        "WHERE id = :id",
        id=site.rows["specialty_page"]["id"],
    )
    changed = await site.client.get(site.specialty_path, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert "<p>More.</p>" in changed.text


async def test_job_posting_only_on_an_open_job_and_removed_when_it_closes(
    site: PublishedSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = job_links((await site.client.get(site.city_path)).text)[0]  # a guide lists it
    url = f"{SITE}/jobs/{job_id}"
    page = (await site.client.get(f"/jobs/{job_id}")).text
    posting = structured(page, url)["ld"]["JobPosting"]
    assert posting["jobLocation"]["address"]["addressLocality"]
    assert posting["hiringOrganization"]["name"] == "Excel Medical Staffing"
    assert "validThrough" not in posting
    assert html.escape(posting["title"]) in page  # marked-up facts are on the page

    await execute(
        site.engine, "UPDATE jobs SET closed_at = now() WHERE id = CAST(:i AS uuid)", i=job_id
    )
    closed = await site.client.get(f"/jobs/{job_id}")
    assert closed.status_code == 200
    assert "This job is closed" in closed.text
    assert "application/ld+json" not in closed.text
    assert structured(closed.text, url)["ld"] == {}

    await execute(
        site.engine,
        "UPDATE jobs SET display_on_external_job_board = false WHERE id = CAST(:i AS uuid)",
        i=job_id,
    )
    hidden = await site.client.get(f"/jobs/{job_id}")
    assert hidden.status_code == 404 and "JobPosting" not in hidden.text
    # Once the guides' few seconds of memory of their job searches run out, it is gone there too.
    monkeypatch.setattr(jobs_cache, "TTL_S", 0.0)
    for path in (site.city_path, site.specialty_path, site.city_specialty_path):
        assert job_id not in (await site.client.get(path)).text


@pytest.fixture
async def content_db(site: PublishedSite) -> AsyncIterator[AsyncDatabase]:
    """The app's own Mongo database (where the review service keeps versions)."""
    client: AsyncMongoClient = AsyncMongoClient(site.settings.effective_mongodb_url)
    try:
        yield client[site.settings.mongodb_db]
    finally:
        await client.drop_database(site.settings.mongodb_db)
        await client.close()


async def draft(
    db: AsyncDatabase, content_type: ContentType, reference_id: str, markdown: str, page: dict
) -> dict[str, Any]:
    return await save_draft(
        db,
        content_type=content_type,
        reference_id=reference_id,
        markdown=markdown,
        page=page,
        snapshot={},
        snapshot_hash="test",
        source=Source.WRITER,
        prompt="deterministic writer (test)",
        metadata={"model": "deterministic", "parameters": {}, "generation_time": 0.0},
    )


async def test_an_approved_version_is_served_and_a_later_draft_never_is(
    site: PublishedSite, content_db: AsyncDatabase
) -> None:
    other = (
        await rows(
            site.engine,
            """SELECT j.client_city AS city, s.code AS state, count(*) AS n
               FROM jobs j JOIN states s ON s.id = j.client_state_id
               WHERE j.display_on_external_job_board AND j.closed_at IS NULL
                 AND j.client_city <> :city
               GROUP BY 1, 2 ORDER BY n DESC, city LIMIT 1""",
            city=site.city,
        )
    )[0]
    key = city_key(other["state"], other["city"])
    ref = reference_id_for(ContentType.CITY_GUIDE, key)
    path = f"/travel-nursing/{key}"
    factory = async_sessionmaker(site.engine, expire_on_commit=False)
    fields = {
        "title": f"Travel nursing in {other['city']}",
        "slug": f"travel-nursing-{key.replace('/', '-')}",
        "seo_title": f"Travel nursing in {other['city']} | Excel",
        "seo_description": f"Open travel nursing jobs in {other['city']}, pay and shifts.",
        "city": other["city"],
        "state_code": other["state"],
    }
    first = await draft(
        content_db,
        ContentType.CITY_GUIDE,
        ref,
        "## Living here\n\nNurses & techs like it. <script>alert(1)</script>"
        '<img src=x onerror="alert(2)">\n\n[elsewhere](https://evil.example.net/x)\n',
        fields,
    )
    assert (await site.client.get(path)).status_code == 404  # a draft is not a page
    await approve(
        content_db,
        factory,
        ContentType.CITY_GUIDE,
        ref,
        first["version"],
        reviewer_id="editor-test",
        override_note="test page",
    )
    live = await site.client.get(path)
    assert live.status_code == 200
    (row,) = await rows(site.engine, "SELECT content FROM city_guides WHERE id = :id", id=ref)
    assert f'<div class="prose">{row["content"]}</div>'.encode() in live.content
    for hostile in ("<script>alert", "onerror", "evil.example.net"):
        assert hostile not in live.text

    second = await edit(
        content_db,
        ContentType.CITY_GUIDE,
        ref,
        base_version=first["version"],
        markdown="## NEWER DRAFT\n\nNot approved yet.\n",
        page_fields={"title": "NEWER TITLE"},
        editor_id="editor-test",
    )
    assert second["version"] > first["version"]
    still = await site.client.get(path)
    assert still.content == live.content and "NEWER" not in still.text

    await unpublish(content_db, factory, ContentType.CITY_GUIDE, ref, reviewer_id="editor-test")
    assert (await site.client.get(path)).status_code == 404


async def test_a_thin_job_shows_its_approved_description_in_page_and_job_posting(
    site: PublishedSite, content_db: AsyncDatabase
) -> None:
    job_id = (
        await rows(
            site.engine,
            """SELECT id::text FROM jobs WHERE display_on_external_job_board
               AND closed_at IS NULL ORDER BY id DESC LIMIT 1""",
        )
    )[0]["id"]
    await execute(
        site.engine,
        "UPDATE jobs SET description_text = 'ICU need.' WHERE id = CAST(:i AS uuid)",
        i=job_id,
    )
    fields = {"title": "ICU nurse", "slug": f"job-{job_id}"}
    version = await draft(
        content_db,
        ContentType.JOB_DESCRIPTION,
        job_id,
        "## About the unit\n\nA 24-bed ICU with *steady* nights.\n",
        fields,
    )
    before = (await site.client.get(f"/jobs/{job_id}")).text
    assert "24-bed ICU" not in before  # a draft shows nowhere
    await approve(
        content_db,
        factory := async_sessionmaker(site.engine),
        ContentType.JOB_DESCRIPTION,
        job_id,
        version["version"],
        reviewer_id="editor-test",
        override_note="test",
    )
    page = (await site.client.get(f"/jobs/{job_id}")).text
    written = "<h2>About the unit</h2>\n<p>A 24-bed ICU with <em>steady</em> nights.</p>"
    assert written in page and "<p>ICU need.</p>" in page
    posting = structured(page, f"{SITE}/jobs/{job_id}")["ld"]["JobPosting"]
    assert "24-bed ICU" in posting["description"]
    await unpublish(content_db, factory, ContentType.JOB_DESCRIPTION, job_id, reviewer_id="e")
    assert "24-bed ICU" not in (await site.client.get(f"/jobs/{job_id}")).text
