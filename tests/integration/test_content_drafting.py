"""Drafting from the demo data: selection decides from the data, snapshots hold only
public jobs, every type is drafted with a passing gate and no ungrounded figure, a page
is redrafted only when its facts changed materially, and near-duplicates of published
pages are flagged."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.content import review
from data_layer.content.drafting import draft_page, save_draft
from data_layer.content.kinds import DRAFTED_TYPES, ContentType, Source
from data_layer.content.selection import plan_drafts
from data_layer.content.snapshots import build_snapshot
from data_layer.content.targets import Target
from tests.conftest import database_copy

EDITOR = "7d1c2f2e-0000-4000-8000-000000000002"
THIN = 3


@pytest.fixture(scope="module")
async def demo(
    stack_settings: Settings, admin_pg_url: str, seeded_template: str
) -> AsyncIterator[tuple[Any, async_sessionmaker, Settings]]:
    """The demo data (a private copy), a Mongo database, settings for a small data set."""
    client: AsyncMongoClient = AsyncMongoClient(stack_settings.effective_mongodb_url)
    name = f"t_{uuid.uuid4().hex[:10]}"
    async with database_copy(admin_pg_url, seeded_template) as url:
        engine = create_async_engine(url, pool_size=5)
        factory = async_sessionmaker(engine, expire_on_commit=False)
        async with factory() as session, session.begin():
            # A few jobs whose upstream description says next to nothing.
            await session.execute(
                text(
                    "UPDATE jobs SET description_text = 'Great job, apply now.' WHERE id IN "
                    "(SELECT id FROM jobs WHERE display_on_external_job_board "
                    "AND closed_at IS NULL ORDER BY id LIMIT :n)"
                ),
                {"n": THIN},
            )
        settings = stack_settings.model_copy(
            update={"database_url": url, "content_min_jobs_city_specialty": 2}
        )
        try:
            yield client[name], factory, settings
        finally:
            await engine.dispose()
            await client.drop_database(name)
            await client.close()


async def _public_job_ids(factory: async_sessionmaker) -> set[str]:
    async with factory() as session:
        rows = await session.scalars(
            text(
                "SELECT id::text FROM jobs WHERE display_on_external_job_board "
                "AND closed_at IS NULL"
            )
        )
        return set(rows)


async def test_every_type_is_drafted_from_the_demo_data_grounded_and_passing(demo: Any) -> None:
    db, factory, settings = demo
    async with factory() as session:
        plan = await plan_drafts(session, db, settings, limit=10_000)
    by_type: dict[str, list[Target]] = {}
    for target in plan.targets:
        by_type.setdefault(target.content_type.value, []).append(target)
    assert set(by_type) == {t.value for t in DRAFTED_TYPES}, {k: len(v) for k, v in by_type.items()}
    assert len(by_type["job_description"]) == THIN
    public = await _public_job_ids(factory)
    drafted = 0
    started = time.perf_counter()
    for kind, targets in by_type.items():
        for target in targets[:6]:
            outcome = await draft_page(db, factory, target)
            if outcome.status == "no_facts":
                assert kind == "blog_post", target
                continue
            assert outcome.status == "drafted", (target, outcome.status)
            doc = outcome.doc
            assert doc is not None
            drafted += 1
            gate = doc["gate"]
            errors = [f for f in gate["flags"] if f["severity"] == "error"]
            assert gate["passed"] and not errors, (target.key, errors, doc["generated_content"])
            assert gate["scores"]["grounding"]["ungrounded"] == 0
            assert doc["metadata"]["model"] == "deterministic" and doc["source"] == "writer"
            assert doc["snapshot_hash"] and doc["snapshot"]["open_jobs"] >= 1
            linked = set(re.findall(r"/jobs/([0-9a-f-]{36})", doc["generated_content"]))
            assert linked <= public  # links go to live, public jobs only
    elapsed = time.perf_counter() - started
    assert drafted >= 15
    print(f"drafted {drafted} in {elapsed:.2f}s: {drafted / elapsed * 60:.0f}/min")


async def test_snapshots_count_only_public_jobs(demo: Any) -> None:
    _db, factory, _settings = demo
    async with factory() as session:
        row = (
            await session.execute(
                text(
                    "SELECT client_state_code, client_city, count(*) AS n FROM jobs "
                    "WHERE display_on_external_job_board AND closed_at IS NULL "
                    "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 1"
                )
            )
        ).one()
        target = Target.city_guide(row.client_state_code, row.client_city)
        before = await build_snapshot(session, target)
        assert before is not None and before["open_jobs"] == row.n
        ids = [j["id"] for j in before["jobs"][:2]]
    async with factory() as session, session.begin():
        await session.execute(
            text("UPDATE jobs SET display_on_external_job_board = false WHERE id = :i"),
            {"i": uuid.UUID(ids[0])},
        )
        await session.execute(
            text("UPDATE jobs SET closed_at = now() WHERE id = :i"), {"i": uuid.UUID(ids[1])}
        )
    try:
        async with factory() as session:
            after = await build_snapshot(session, target)
        assert after is not None and after["open_jobs"] == row.n - 2
        assert not {j["id"] for j in after["jobs"]} & set(ids)
    finally:
        async with factory() as session, session.begin():
            await session.execute(
                text(
                    "UPDATE jobs SET display_on_external_job_board = true, closed_at = NULL "
                    "WHERE id = ANY(:ids)"
                ),
                {"ids": [uuid.UUID(i) for i in ids]},
            )


async def test_redrafts_only_when_facts_changed_materially_and_nothing_is_pending(
    demo: Any,
) -> None:
    db, factory, settings = demo
    async with factory() as session:
        row = (
            await session.execute(
                text(
                    "SELECT client_state_code, client_city FROM jobs "
                    "WHERE display_on_external_job_board AND closed_at IS NULL "
                    "GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1 OFFSET 1"
                )
            )
        ).one()
    target = Target.city_guide(row.client_state_code, row.client_city)
    first = await draft_page(db, factory, target, force=True)
    assert first.status == "drafted"
    assert (await draft_page(db, factory, target)).status == "pending"
    ref, version = target.reference_id, first.doc["version"]  # type: ignore[index]
    await review.approve(db, factory, ContentType.CITY_GUIDE, ref, version, reviewer_id=EDITOR)
    assert (await draft_page(db, factory, target)).status == "unchanged"
    async with factory() as session:
        plan = await plan_drafts(
            session, db, settings, content_types=[ContentType.CITY_GUIDE], limit=1000
        )
    assert target not in plan.targets and plan.skipped.get("unchanged", 0) >= 1
    # The market moves: travel pay in the city goes up by a fifth.
    async with factory() as session, session.begin():
        await session.execute(
            text(
                "UPDATE jobs SET weekly_pay = weekly_pay * 1.2 WHERE client_state_code = :s "
                "AND lower(client_city) = lower(:c)"
            ),
            {"s": row.client_state_code, "c": row.client_city},
        )
    async with factory() as session:
        plan = await plan_drafts(
            session, db, settings, content_types=[ContentType.CITY_GUIDE], limit=1000
        )
    assert target in plan.targets
    redrafted = await draft_page(db, factory, target)
    assert redrafted.status == "drafted" and redrafted.doc["version"] == version + 1  # type: ignore[index]


async def test_a_near_duplicate_of_a_published_page_is_flagged(demo: Any) -> None:
    db, factory, _settings = demo
    async with factory() as session:
        rows = (
            await session.execute(
                text(
                    "SELECT client_state_code, client_city FROM jobs "
                    "WHERE display_on_external_job_board AND closed_at IS NULL "
                    "GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 2 OFFSET 2"
                )
            )
        ).all()
    published = Target.city_guide(*rows[0])
    outcome = await draft_page(db, factory, published, force=True)
    doc = outcome.doc
    assert doc is not None
    await review.approve(
        db,
        factory,
        ContentType.CITY_GUIDE,
        published.reference_id,
        doc["version"],
        reviewer_id=EDITOR,
    )
    other = Target.city_guide(*rows[1])
    fresh = await draft_page(db, factory, other, force=True)
    assert fresh.doc is not None and fresh.doc["gate"]["scores"]["max_similarity"] < 0.8
    copied = await save_draft(
        db,
        content_type=ContentType.CITY_GUIDE,
        reference_id=other.reference_id,
        markdown=doc["generated_content"],
        page=fresh.doc["page"],
        snapshot=doc["snapshot"],
        snapshot_hash="copy",
        source=Source.EDITOR,
        prompt="copied",
        metadata={"model": "editor", "parameters": {}, "generation_time": 0.0},
    )
    codes = [f["code"] for f in copied["gate"]["flags"]]
    assert "near_duplicate" in codes and copied["gate"]["scores"]["max_similarity"] >= 0.8
    # Its own page's next version is not a duplicate of itself.
    again = await draft_page(db, factory, published, force=True)
    assert again.doc is not None
    assert "near_duplicate" not in [f["code"] for f in again.doc["gate"]["flags"]]
    # Taken down: no longer a page to duplicate.
    await review.unpublish(
        db, factory, ContentType.CITY_GUIDE, published.reference_id, reviewer_id=EDITOR
    )
    later = await draft_page(db, factory, other, force=True)
    assert later.doc is not None and later.doc["gate"]["scores"]["max_similarity"] < 0.8
