"""The demo career site (server-rendered, escaped, JSON-LD) and the widget script as served."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.web.widget import WIDGET_SOURCE
from config.settings import Settings
from tests.integration.chat_helpers import chat_app

HOSTILE_TITLE = '</script><script>alert("t")</script><img src=x onerror=alert(1)> ICU "RN" & co'


@pytest.fixture
def site_settings(chat_settings: Settings) -> Settings:
    return chat_settings.model_copy(update={"public_base_url": "https://careers.example.com"})


@pytest.fixture
async def db(site_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(site_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).mappings())


def _job_links(page: str) -> list[str]:
    return re.findall(r'href="/jobs/([0-9a-f-]{36})"', page)


async def test_home_page_shows_hot_and_featured_jobs_and_embeds_the_widget(
    site_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(site_settings) as client:
        response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<script src="/widget.js" data-api="http://testserver.local" async></script>' in page
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp

    ids = _job_links(page)
    assert len(ids) >= 6
    rows = await _rows(
        db,
        """SELECT id::text, hot_job, featured_job, display_on_external_job_board AS shown,
                  closed_at FROM jobs WHERE id = ANY(CAST(:ids AS uuid[]))""",
        ids=ids,
    )
    assert len(rows) == len(set(ids))
    assert all(r["shown"] and r["closed_at"] is None for r in rows)
    hot_section = page.split('id="hot-title"')[1].split("</section>")[0]
    featured_section = page.split('id="featured-title"')[1].split("</section>")[0]
    by_id = {r["id"]: r for r in rows}
    assert all(by_id[i]["hot_job"] for i in _job_links(hot_section))
    assert _job_links(featured_section)
    assert all(by_id[i]["featured_job"] for i in _job_links(featured_section))
    open_jobs = (
        await _rows(
            db,
            "SELECT count(*) AS n FROM jobs WHERE display_on_external_job_board "
            "AND closed_at IS NULL",
        )
    )[0]["n"]
    assert f"<strong>{open_jobs:,}</strong>open jobs" in page


async def test_job_list_filters_are_the_database_filters(
    site_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(site_settings) as client:
        response = await client.get("/jobs", params={"state": "TX", "job_type": "Travel"})
        page_two = await client.get("/jobs", params={"page": "2"})
        junk = await client.get("/jobs", params={"page": "x", "shift": "<b>", "job_type": "Nope"})
    assert response.status_code == 200
    expected = await _rows(
        db,
        """SELECT id::text FROM jobs WHERE client_state_code = 'TX' AND job_type = 'Travel'
           AND display_on_external_job_board AND closed_at IS NULL""",
    )
    ids = _job_links(response.text)
    assert ids and set(ids) <= {r["id"] for r in expected}
    assert f"{len(expected):,} open job" in response.text
    assert page_two.status_code == 200 and 'rel="prev"' in page_two.text
    assert junk.status_code == 200 and "<b>" not in junk.text.split("<main")[1]


async def test_job_detail_page_escapes_everything_and_has_job_posting_json_ld(
    site_settings: Settings, db: AsyncEngine
) -> None:
    row = (
        await _rows(
            db,
            """SELECT id::text, client_city, client_state_code, weekly_pay, job_type::text AS jt
               FROM jobs WHERE display_on_external_job_board AND closed_at IS NULL
               AND weekly_pay IS NOT NULL LIMIT 1""",
        )
    )[0]
    async with db.begin() as conn:
        await conn.execute(
            text("UPDATE jobs SET title = :t, description_text = :d WHERE id = CAST(:i AS uuid)"),
            {"t": HOSTILE_TITLE, "d": "Great unit.\n<script>alert(2)</script>", "i": row["id"]},
        )
    async with chat_app(site_settings) as client:
        response = await client.get(f"/jobs/{row['id']}")
        missing = await client.get("/jobs/00000000-0000-0000-0000-000000000000")
        garbage = await client.get("/jobs/not-a-job")
    assert response.status_code == 200
    page = response.text
    assert "<img src=x" not in page and "<script>alert" not in page
    assert html.escape(HOSTILE_TITLE, quote=True) in page

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "JobPosting"
    assert data["title"] == HOSTILE_TITLE  # exact, once JSON-decoded
    assert data["hiringOrganization"]["name"] == "Excel Medical Staffing"
    address = data["jobLocation"]["address"]
    assert (address["addressLocality"], address["addressRegion"]) == (
        row["client_city"],
        row["client_state_code"],
    )
    assert data["baseSalary"]["value"]["value"] == float(row["weekly_pay"])
    assert data["baseSalary"]["value"]["unitText"] == "WEEK"
    assert data["url"] == f"https://careers.example.com/jobs/{row['id']}"
    assert data["employmentType"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["datePosted"])
    assert f"data-esa-ask=\"I'd like to apply to {html.escape(HOSTILE_TITLE)} (job " in page

    assert missing.status_code == 404 and "couldn" in missing.text
    assert garbage.status_code == 404


async def test_widget_script_is_small_cached_and_never_builds_html_from_strings(
    site_settings: Settings,
) -> None:
    source = WIDGET_SOURCE.read_text()
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "Function(",
    ):
        assert sink not in source, sink
    async with chat_app(site_settings) as client:
        plain = await client.get("/widget.js", headers={"accept-encoding": "identity"})
        packed = await client.get("/widget.js", headers={"accept-encoding": "gzip"})
        etag = plain.headers["etag"]
        again = await client.get("/widget.js", headers={"if-none-match": etag})
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith("text/javascript")
    assert plain.content == source.encode()
    assert packed.headers.get("content-encoding") == "gzip"
    assert len(gzip.compress(source.encode(), 9)) < 50 * 1024
    assert again.status_code == 304
    assert "max-age" in plain.headers["cache-control"]
