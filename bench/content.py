"""SEO content figures: drafting throughput, the quality gate's cost, public page latency,
the sitemap at 100,000 pages, and what reached the public without an editor's approval.

Builds its own services (a throwaway stack on free ports), seeds ``--jobs`` demo jobs
(118,000: about 100,000 open ones, so the sitemap lists over 100,000 URLs), gives 2 % of
them a one-line upstream description (thin: a job-description draft's case), then:

* drafting: the planner (``data_layer.content.selection.plan_drafts``) picks up to a fifth
  of ``--drafts`` pages of each content type, each drafted by the deterministic writer through
  ``data_layer.content.drafting.draft_page`` (snapshot, writer, gate, versioned save) with
  ``--concurrency`` drafts in flight in this one process: ``drafts_per_min``;
* the gate: every drafted version's gate run again, timed on its own, once everything is
  published (so the near-duplicate check compares against every published page):
  ``gate_ms_p50`` / ``gate_ms_p95``;
* publishing: every draft that passed the gate approved through
  ``data_layer.content.review.approve`` (no override); drafts with error flags stay with
  the editors. Three planted drafts an editor must not be able to wave through (a wrong
  pay figure, ``<script>``/``onerror=``/a foreign link, a number from nowhere) are tried
  without an override: ``refused_approvals`` counts the refusals;
* public pages, through the real app in this process: each published page fetched once
  (``public_page_cold_p50_ms``: its job search not yet remembered), then ``--requests``
  random fetches of them: ``public_page_p50_ms`` / ``public_page_p95_ms``;
* the sitemap: ``/sitemap.xml`` and every file it lists, fetched as a crawler does
  (gzip): ``sitemap_s`` and ``sitemap_urls``;
* audit over everything published (PostgreSQL rows and published job descriptions):
  ``published_without_approval`` (no approved, published version whose rendering is the
  row's bytes, or the page served other bytes), ``unsanitised_published`` (content the
  allow-list would change, or script/handler/javascript: markup), and
  ``ungrounded_numbers_published`` (figures of the published text that are not facts of
  its snapshot, by the gate's own grounding check). All three must be 0.

    .venv/bin/python bench/content.py --jobs 118000 --drafts 600

The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, throwaway_stack
from config.settings import Settings

TODAY = dt.date(2026, 11, 28)
SEED = 7
REVIEWER = "bench-editor"
_HOSTILE = re.compile(r"<script|<iframe|<style|\son\w+\s*=|javascript:", re.IGNORECASE)


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def app_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "public_base_url": "http://testserver.local",
            "allowed_hosts": ["testserver.local", "127.0.0.1", "localhost"],
            "warm_embeddings": False,
            "log_level": "WARNING",
        }
    )


# ------------------------------------------------------------------------------ building
async def build(settings: Settings, jobs: int) -> dict[str, Any]:
    import asyncpg
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.setup import migrate
    from devstack.demo_data import seed_demo

    await migrate(settings)
    engine = create_engine(settings)
    started = time.perf_counter()
    try:
        factory = async_sessionmaker(engine, expire_on_commit=False)
        await seed_demo(factory, jobs=jobs, candidates=200, seed=SEED, today=TODAY)
    finally:
        await engine.dispose()
    figures: dict[str, Any] = {"seed_s": round(time.perf_counter() - started, 1)}
    dsn = settings.effective_database_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        # Upstream sometimes sends a one-line description: 2 % of the jobs get one, so the
        # job-description drafts have work (the demo generator writes full descriptions).
        await conn.execute(
            """UPDATE jobs SET description_text = left(description_text, 120)
               WHERE abs(hashtext(id::text)) % 50 = 0"""
        )
        await conn.execute("VACUUM ANALYZE")
        figures["jobs"] = await conn.fetchval("SELECT count(*) FROM jobs")
        figures["open_jobs"] = await conn.fetchval(
            "SELECT count(*) FROM jobs WHERE display_on_external_job_board AND closed_at IS NULL"
        )
    finally:
        await conn.close()
    _say(f"seeded {figures['jobs']} jobs ({figures['open_jobs']} open) in {figures['seed_s']} s")
    return figures


# ------------------------------------------------------------------------------ drafting
async def drafting(
    settings: Settings, limit: int, concurrency: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from data_layer.content.drafting import draft_page
    from data_layer.content.kinds import ContentType
    from data_layer.content.runtime import content_stores
    from data_layer.content.selection import plan_drafts

    now = dt.datetime.combine(TODAY, dt.time(12, 0), tzinfo=dt.UTC)
    drafted: list[dict[str, Any]] = []
    statuses: dict[str, int] = {}
    async with content_stores(settings) as (db, factory):
        started = time.perf_counter()
        pending: list[Any] = []
        considered = 0
        # Every type gets its share (the planner alone would take the biggest markets first,
        # all city guides and specialty pages, and reach no job description at this limit).
        for kind in ContentType:
            async with factory() as session:
                plan = await plan_drafts(
                    session, db, settings, content_types=[kind], limit=limit // 5, now=now
                )
            pending += plan.targets
            considered += plan.considered
        plan_s = time.perf_counter() - started
        _say(f"planned {len(pending)} of {considered} pages in {plan_s:.1f} s")
        slots = asyncio.Semaphore(concurrency)

        async def one(target: Any) -> None:
            async with slots:
                outcome = await draft_page(db, factory, target, engine="writer", now=now)
            statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
            if outcome.doc is not None:
                drafted.append(outcome.doc)

        started = time.perf_counter()
        await asyncio.gather(*(one(t) for t in pending))
        elapsed = time.perf_counter() - started
    by_type: dict[str, int] = {}
    for doc in drafted:
        by_type[doc["content_type"]] = by_type.get(doc["content_type"], 0) + 1
    passed = sum(1 for d in drafted if d["gate"]["passed"])
    _say(f"drafted {len(drafted)} in {elapsed:.1f} s ({passed} passed the gate): {by_type}")
    return {
        "drafts": len(drafted),
        "drafts_per_min": round(len(drafted) / elapsed * 60, 1) if elapsed else None,
        "draft_plan_s": round(plan_s, 2),
        "drafts_by_type": by_type,
        "drafts_passed_gate": passed,
        "draft_outcomes": statuses,
    }, drafted


# ---------------------------------------------------------------------------- publishing
def _planted(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Edits an editor must not approve without an override: (what, markdown)."""
    body = doc["generated_content"]
    money = re.search(r"\$\d[\d,]*", body)
    wrong_pay = (
        body.replace(money.group(0), "$9,871", 1)
        if money
        else body + "\nTravel nurses here earn $9,871 a week.\n"
    )
    return [
        ("wrong_pay", wrong_pay),
        (
            "markup",
            body + '\n<script>alert(1)</script><img src=x onerror="alert(2)">\n'
            "[more pay](https://elsewhere.example.net/pay)\n",
        ),
        ("made_up_number", body + "\nOur 4,321 nurses rated it 9.7 out of 10.\n"),
    ]


async def publishing(settings: Settings, drafted: list[dict[str, Any]]) -> dict[str, Any]:
    from data_layer.content.errors import ReviewRefused
    from data_layer.content.review import approve, edit
    from data_layer.content.runtime import content_stores

    published = refused = failed = 0
    async with content_stores(settings) as (db, factory):
        started = time.perf_counter()
        for doc in drafted:
            if not doc["gate"]["passed"]:
                continue
            try:
                await approve(
                    db,
                    factory,
                    doc["content_type"],
                    doc["reference_id"],
                    doc["version"],
                    reviewer_id=REVIEWER,
                )
                published += 1
            except ReviewRefused as why:
                failed += 1
                _say(f"approval refused for {doc['content_type']} {doc['reference_id']}: {why}")
        approve_s = time.perf_counter() - started
        # Planted versions of flagged-free pages: the gate must stop each without an override.
        victims = [d for d in drafted if d["gate"]["passed"]][:3]
        for victim in victims:
            latest = victim["version"]
            for what, markdown in _planted(victim):
                version = await edit(
                    db,
                    victim["content_type"],
                    victim["reference_id"],
                    base_version=latest,
                    markdown=markdown,
                    page_fields=None,
                    editor_id=REVIEWER,
                )
                latest = version["version"]
                try:
                    await approve(
                        db,
                        factory,
                        victim["content_type"],
                        victim["reference_id"],
                        latest,
                        reviewer_id=REVIEWER,
                    )
                    _say(f"PLANTED {what} WAS APPROVED for {victim['reference_id']}")
                except ReviewRefused:
                    refused += 1
    _say(
        f"published {published} ({failed} refused) in {approve_s:.1f} s; planted refused {refused}"
    )
    return {
        "published": published,
        "approvals_refused": failed,
        "approve_s": round(approve_s, 1),
        "refused_approvals": refused,
        "planted": 3 * len(victims),
    }


async def gate_timing(settings: Settings, drafted: list[dict[str, Any]]) -> dict[str, Any]:
    from data_layer.content.gate import run_gate
    from data_layer.content.runtime import content_stores

    timings: list[float] = []
    async with content_stores(settings) as (db, _):
        for doc in drafted:
            started = time.perf_counter()
            await run_gate(
                db,
                content_type=doc["content_type"],
                reference_id=doc["reference_id"],
                markdown=doc["generated_content"],
                page=doc["page"],
                snapshot=doc["snapshot"],
            )
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "gate_ms_p50": round(percentile(timings, 0.5), 1),
        "gate_ms_p95": round(percentile(timings, 0.95), 1),
    }


# ------------------------------------------------------------------------- public pages
async def _published_rows(settings: Settings) -> list[dict[str, Any]]:
    """Every live page (content_type, id, path, content), read straight from the tables, and
    the open job pages that show a published description."""
    from sqlalchemy import text

    from assistant.web import content_urls as urls
    from data_layer.content.kinds import ContentType
    from data_layer.content.runtime import content_stores
    from data_layer.content.store import collection
    from data_layer.db.engine import create_engine

    engine = create_engine(settings)
    pages: list[dict[str, Any]] = []
    queries = {
        "city_guide": """SELECT g.id::text, s.code, g.city, NULL, g.content FROM city_guides g
                          JOIN states s ON s.id = g.state_id""",
        "specialty_page": """SELECT p.id::text, NULL, NULL, sp.name, p.content
                              FROM specialty_pages p
                              JOIN specialties sp ON sp.id = p.specialty_id""",
        "city_specialty_page": """SELECT p.id::text, s.code, p.city, sp.name, p.content
                                   FROM city_specialty_pages p JOIN states s ON s.id = p.state_id
                                   JOIN specialties sp ON sp.id = p.specialty_id""",
        "blog_post": """SELECT id::text, NULL, NULL, slug, content FROM blog_posts
                         WHERE status = 'published'""",
    }
    try:
        async with engine.connect() as conn:
            thin = await conn.execute(
                text(
                    """SELECT id::text FROM jobs WHERE display_on_external_job_board
                       AND closed_at IS NULL AND length(description_text) < 300"""
                )
            )
            thin_ids = {row[0] for row in thin}
            for kind, sql in queries.items():
                for page_id, code, city, name, content in await conn.execute(text(sql)):
                    if kind == "city_guide":
                        path = urls.city_guide_path(code, city)
                    elif kind == "specialty_page":
                        path = urls.specialty_path(name)
                    elif kind == "city_specialty_page":
                        path = urls.city_specialty_path(code, city, name)
                    else:
                        path = urls.blog_path(name)
                    pages.append(
                        {"content_type": kind, "id": page_id, "path": path, "content": content}
                    )
    finally:
        await engine.dispose()
    # The job pages that show an approved description (published_html, as published).
    async with content_stores(settings) as (db, _):
        async for doc in collection(db).find(
            {"content_type": ContentType.JOB_DESCRIPTION.value, "status": "published"}
        ):
            if doc["reference_id"] in thin_ids:
                pages.append(
                    {
                        "content_type": ContentType.JOB_DESCRIPTION.value,
                        "id": doc["reference_id"],
                        "path": urls.job_path(doc["reference_id"]),
                        "content": doc.get("published_html") or "",
                    }
                )
    return pages


async def public_pages(
    settings: Settings, pages: list[dict[str, Any]], requests: int
) -> tuple[dict[str, Any], int]:
    from litestar.testing import AsyncTestClient

    from assistant.app import create_app

    mismatched = 0
    cold: list[float] = []
    warm: list[float] = []
    rng = random.Random(SEED)
    async with AsyncTestClient(app=create_app(app_settings(settings))) as client:
        await client.get("/")  # imports, pools and the master data warm up
        for page in pages:
            started = time.perf_counter()
            response = await client.get(page["path"])
            cold.append((time.perf_counter() - started) * 1000)
            served = f'<div class="prose">{page["content"]}</div>'.encode()
            if response.status_code != 200 or served not in response.content:
                mismatched += 1
                _say(f"{page['path']}: {response.status_code}, not the published bytes")
        content_pages = [p for p in pages if p["content_type"] != "job_description"]
        for _ in range(requests if content_pages else 0):
            page = rng.choice(content_pages)
            started = time.perf_counter()
            await client.get(page["path"])
            warm.append((time.perf_counter() - started) * 1000)
    return {
        "public_pages": len(content_pages),
        "job_pages_with_written_description": len(pages) - len(content_pages),
        "public_page_cold_p50_ms": round(percentile(cold, 0.5), 1),
        "public_page_p50_ms": round(percentile(warm, 0.5), 1),
        "public_page_p95_ms": round(percentile(warm, 0.95), 1),
    }, mismatched


async def sitemap(settings: Settings) -> dict[str, Any]:
    from litestar.testing import AsyncTestClient

    from assistant.app import create_app

    base = "http://testserver.local"
    urls = files = 0
    async with AsyncTestClient(app=create_app(app_settings(settings))) as client:
        await client.get("/robots.txt")
        started = time.perf_counter()
        index = await client.get("/sitemap.xml", headers={"accept-encoding": "gzip"})
        for loc in re.findall(r"<loc>([^<]+)</loc>", index.text):
            part = await client.get(loc.removeprefix(base), headers={"accept-encoding": "gzip"})
            if part.status_code != 200:
                raise RuntimeError(f"{loc}: {part.status_code}")
            files += 1
            urls += part.text.count("<url>")
        elapsed = time.perf_counter() - started
    _say(f"sitemap: {urls} URLs in {files} files, {elapsed:.2f} s")
    return {"sitemap_s": round(elapsed, 2), "sitemap_urls": urls, "sitemap_files": files}


# --------------------------------------------------------------------------------- audit
async def audit(settings: Settings, pages: list[dict[str, Any]], mismatched: int) -> dict[str, Any]:
    """Over everything published: approved, sanitised, grounded."""
    from data_layer.content.gate.grounding import check_grounding
    from data_layer.content.gate.text import sentences
    from data_layer.content.kinds import ContentType, DraftStatus, EventAction
    from data_layer.content.rendering import render_markdown, sanitise_html
    from data_layer.content.runtime import content_stores
    from data_layer.content.store import collection, decoded_events

    without_approval = mismatched
    unsanitised = ungrounded = 0
    async with content_stores(settings) as (db, _):
        published = {
            (d["content_type"], d["reference_id"]): d
            async for d in collection(db).find({"status": DraftStatus.PUBLISHED.value})
        }
        live = [
            (p["content_type"], p["id"], p["content"])
            for p in pages
            if p["content_type"] != ContentType.JOB_DESCRIPTION.value
        ] + [
            (ContentType.JOB_DESCRIPTION.value, ref, doc.get("published_html") or "")
            for (kind, ref), doc in published.items()
            if kind == ContentType.JOB_DESCRIPTION.value
        ]
        for kind, ref, content in live:
            doc = published.get((kind, ref))
            approved = doc is not None and any(
                e.get("action") == EventAction.APPROVED.value and e.get("actor_id")
                for e in decoded_events(doc)
            )
            if not approved or render_markdown(doc["generated_content"]) != content:
                without_approval += 1
                continue
            if sanitise_html(content) != content or _HOSTILE.search(content):
                unsanitised += 1
            _, flags = check_grounding(sentences(doc["generated_content"]), doc["snapshot"])
            ungrounded += sum(1 for f in flags if f.severity == "error")
    return {
        "audited_published": len(live),
        "published_without_approval": without_approval,
        "unsanitised_published": unsanitised,
        "ungrounded_numbers_published": ungrounded,
    }


# ---------------------------------------------------------------------------------- main
async def run(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    figures.update(await build(settings, args.jobs))
    drafted_figures, drafted = await drafting(settings, args.drafts, args.concurrency)
    figures.update(drafted_figures)
    figures.update(await publishing(settings, drafted))
    figures.update(await gate_timing(settings, drafted))
    pages = await _published_rows(settings)
    page_figures, mismatched = await public_pages(settings, pages, args.requests)
    figures.update(page_figures)
    figures.update(await sitemap(settings))
    figures.update(await audit(settings, pages, mismatched))
    return figures


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=118_000, help="demo jobs to seed")
    parser.add_argument("--drafts", type=int, default=600, help="most pages to draft")
    parser.add_argument("--concurrency", type=int, default=2, help="drafts in flight")
    parser.add_argument("--requests", type=int, default=1000, help="timed page fetches")
    args = parser.parse_args()
    started = time.perf_counter()
    with throwaway_stack("esa-bench-content-") as settings:
        figures = asyncio.run(run(settings, args))
    figures["total_s"] = round(time.perf_counter() - started, 1)
    keys = (
        "drafts_per_min",
        "gate_ms_p50",
        "public_page_p50_ms",
        "sitemap_s",
        "sitemap_urls",
        "published_without_approval",
        "unsanitised_published",
        "ungrounded_numbers_published",
    )
    print(json.dumps({**{k: figures[k] for k in keys}, **figures}, default=str))


if __name__ == "__main__":
    main()
