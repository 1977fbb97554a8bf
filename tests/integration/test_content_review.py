"""The review transitions of the content service against real PostgreSQL and Mongo:
approval is refused over unresolved gate errors unless overridden with a note, rejecting
and requesting changes need a note, only the approved bytes reach the page row, a later
draft never changes the live page, scheduling, unpublishing, concurrent versions."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.content import review
from data_layer.content.drafting import save_draft
from data_layer.content.kinds import ContentType, Source, reference_id_for
from data_layer.content.store import collection
from tests.conftest import database_copy

EDITOR = "7d1c2f2e-0000-4000-8000-000000000001"
GOOD = (
    "## Travel nursing in Dallas\n\nThere are 12 open jobs in Dallas right now. "
    "See [all jobs](/jobs?city=Dallas)."
)
PAGE = {
    "title": "Travel Nurse Jobs in Dallas, TX",
    "slug": "dallas-tx",
    "seo_title": "Travel Nurse Jobs in Dallas, TX: pay and shifts",
    "seo_description": "Open travel nursing jobs in Dallas, Texas: weekly pay ranges, shifts and "
    "the facilities hiring now.",
    "seo_keywords": "dallas travel nurse",
    "excerpt": "Travel nursing in Dallas.",
    "city": "Dallas",
    "state_code": "TX",
    "state_name": "Texas",
}


@pytest.fixture(scope="module")
async def module_stores(
    stack_settings: Settings, admin_pg_url: str, migrated_template: str
) -> AsyncIterator[tuple[Any, async_sessionmaker]]:
    """One PostgreSQL copy and one Mongo database for the module (tests use their own pages)."""
    client: AsyncMongoClient = AsyncMongoClient(stack_settings.effective_mongodb_url)
    name = f"t_{uuid.uuid4().hex[:10]}"
    async with database_copy(admin_pg_url, migrated_template) as url:
        engine = create_async_engine(url, pool_size=5)
        factory = async_sessionmaker(engine, expire_on_commit=False)
        async with factory() as session, session.begin():
            await session.execute(
                text("INSERT INTO states (id, name, code, active) VALUES (1, 'Texas', 'TX', true)")
            )
        try:
            yield client[name], factory
        finally:
            await engine.dispose()
            await client.drop_database(name)
            await client.close()


@pytest.fixture
async def stores(module_stores: Any) -> Any:
    """The module's stores, emptied: each test starts from no content at all."""
    db, factory = module_stores
    await db["ai_content"].delete_many({})
    async with factory() as session, session.begin():
        for table in ("city_guides", "blog_posts"):
            await session.execute(text(f"DELETE FROM {table}"))
    return db, factory


async def _draft(
    db: Any, markdown: str = GOOD, key: str = "tx/dallas", page: dict[str, Any] | None = None
) -> dict[str, Any]:
    return await save_draft(
        db,
        content_type=ContentType.CITY_GUIDE,
        reference_id=reference_id_for(ContentType.CITY_GUIDE, key),
        markdown=markdown,
        page=dict(page or PAGE),
        snapshot={"open_jobs": 12},
        snapshot_hash="h1",
        source=Source.WRITER,
        prompt="deterministic writer v1",
        metadata={"model": "deterministic", "parameters": {}, "generation_time": 0.01},
    )


async def _row(factory: async_sessionmaker, ref: str) -> Any:
    async with factory() as session:
        return (
            await session.execute(
                text(
                    "SELECT slug, content, seo_title, ai_generated, state_id FROM city_guides "
                    "WHERE id = :i"
                ),
                {"i": UUID(ref)},
            )
        ).first()


async def test_approve_is_refused_over_gate_errors_unless_overridden_with_a_note(
    stores: Any,
) -> None:
    db, factory = stores
    doc = await _draft(
        db, GOOD + '\n\n<script>alert(1)</script><a href="https://evil.example/x">x</a>'
    )
    assert doc["gate"]["passed"] is False and doc["gate"]["open_errors"] >= 2
    ref = doc["reference_id"]
    with pytest.raises(review.ReviewRefused, match="unresolved error"):
        await review.approve(db, factory, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR)
    with pytest.raises(review.ReviewRefused, match="unresolved error"):
        await review.approve(
            db, factory, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR, override_note="  "
        )
    assert await _row(factory, ref) is None
    published = await review.approve(
        db,
        factory,
        ContentType.CITY_GUIDE,
        ref,
        1,
        reviewer_id=EDITOR,
        override_note="the sanitiser drops them; the facts are right",
    )
    assert published["status"] == "published"
    errors = [f for f in published["gate"]["flags"] if f["severity"] == "error"]
    assert errors and all(f["overridden"] and f["override_note"] for f in errors)
    assert [e["action"] for e in published["events"]] == [
        "drafted",
        "approved",
        "overridden",
        "published",
    ]
    row = await _row(factory, ref)
    assert row.slug == "dallas-tx" and row.ai_generated and row.state_id == 1
    assert "<script" not in row.content and "evil.example" not in row.content
    assert '<a href="/jobs?city=Dallas">all jobs</a>' in row.content


async def test_reject_and_request_changes_need_a_note(stores: Any) -> None:
    db, _ = stores
    doc = await _draft(db)
    ref = doc["reference_id"]
    for blank in ("", "   ", None):
        with pytest.raises(review.ReviewRefused, match="required"):
            await review.reject(db, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR, note=blank)  # type: ignore[arg-type]
        with pytest.raises(review.ReviewRefused, match="required"):
            await review.request_changes(
                db,
                ContentType.CITY_GUIDE,
                ref,
                1,
                reviewer_id=EDITOR,
                note=blank,  # type: ignore[arg-type]
            )
    with pytest.raises(review.ReviewRefused, match="2000"):
        await review.reject(db, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR, note="x" * 2001)
    sent_back = await review.request_changes(
        db, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR, note="say more about nights"
    )
    assert sent_back["status"] == "changes_requested"
    assert sent_back["review_notes"] == "say more about nights"
    with pytest.raises(review.ReviewRefused, match="changes requested"):
        await review.request_changes(
            db, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR, note="again"
        )
    rejected = await review.reject(
        db, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR, note="not useful"
    )
    assert rejected["status"] == "rejected" and rejected["reviewer_id"] == EDITOR
    history = await review.history(db, ContentType.CITY_GUIDE, ref)
    assert [(e["action"], e["note"]) for e in history] == [
        ("drafted", "writer: deterministic"),
        ("changes_requested", "say more about nights"),
        ("rejected", "not useful"),
    ]
    with pytest.raises(review.ContentNotFound):
        await review.reject(db, ContentType.CITY_GUIDE, ref, 9, reviewer_id=EDITOR, note="x")


async def test_only_approved_bytes_are_live_and_a_later_draft_never_changes_the_page(
    stores: Any,
) -> None:
    db, factory = stores
    first = await _draft(db)
    ref = first["reference_id"]
    await review.approve(db, factory, ContentType.CITY_GUIDE, ref, 1, reviewer_id=EDITOR)
    live = (await _row(factory, ref)).content
    assert "12 open jobs" in live

    edited = await review.edit(
        db,
        ContentType.CITY_GUIDE,
        ref,
        base_version=1,
        markdown=GOOD.replace("right now", "this week"),
        page_fields={"title": "Dallas travel nursing"},
        editor_id=EDITOR,
    )
    assert (edited["version"], edited["status"], edited["source"]) == (2, "draft", "editor")
    assert edited["based_on_version"] == 1 and edited["page"]["title"] == "Dallas travel nursing"
    regenerated = await _draft(db, GOOD.replace("12 open", "12 listed"))
    assert regenerated["version"] == 3
    assert (await _row(factory, ref)).content == live  # drafts never touch the page
    versions = await review.list_versions(db, ContentType.CITY_GUIDE, ref)
    assert [v["status"] for v in versions] == ["published", "superseded", "draft"]

    diff = review.diff_versions(versions[0], versions[1])
    assert diff["fields"] == [
        {"field": "title", "before": PAGE["title"], "after": "Dallas travel nursing"}
    ]
    assert any(chunk["op"] == "replace" for chunk in diff["body"])
    assert "<del>right now.</del>" in diff["html"] or "<del>right" in diff["html"]

    with pytest.raises(review.ReviewRefused, match="edit the latest"):
        await review.edit(
            db,
            ContentType.CITY_GUIDE,
            ref,
            base_version=2,
            markdown="stale",
            page_fields={},
            editor_id=EDITOR,
        )
    with pytest.raises(review.ReviewRefused, match="superseded"):
        await review.approve(db, factory, ContentType.CITY_GUIDE, ref, 2, reviewer_id=EDITOR)
    await review.approve(db, factory, ContentType.CITY_GUIDE, ref, 3, reviewer_id=EDITOR)
    assert "12 listed" in (await _row(factory, ref)).content
    statuses = [v["status"] for v in await review.list_versions(db, ContentType.CITY_GUIDE, ref)]
    assert statuses == ["superseded", "superseded", "published"]


async def test_scheduled_publication_and_unpublish(stores: Any) -> None:
    db, factory = stores
    doc = await _draft(db)
    ref = doc["reference_id"]
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(review.ReviewRefused, match="time zone"):
        await review.approve(
            db,
            factory,
            ContentType.CITY_GUIDE,
            ref,
            1,
            reviewer_id=EDITOR,
            publish_at=dt.datetime(2030, 1, 1),
        )
    scheduled = await review.approve(
        db,
        factory,
        ContentType.CITY_GUIDE,
        ref,
        1,
        reviewer_id=EDITOR,
        publish_at=now + dt.timedelta(hours=2),
    )
    assert scheduled["status"] == "reviewed"
    assert [e["action"] for e in scheduled["events"]][-2:] == ["approved", "scheduled"]
    assert await review.publish_due(db, factory, now) == 0
    assert await _row(factory, ref) is None
    assert await review.publish_due(db, factory, now + dt.timedelta(hours=3)) == 1
    assert await review.publish_due(db, factory, now + dt.timedelta(hours=3)) == 0
    assert (await review.get_version(db, ContentType.CITY_GUIDE, ref))["status"] == "published"
    assert await _row(factory, ref) is not None

    taken_down = await review.unpublish(
        db, factory, ContentType.CITY_GUIDE, ref, reviewer_id=EDITOR, note="hospital asked"
    )
    assert taken_down["status"] == "unpublished"
    assert await _row(factory, ref) is None
    with pytest.raises(review.ReviewRefused, match="not published"):
        await review.unpublish(db, factory, ContentType.CITY_GUIDE, ref, reviewer_id=EDITOR)
    with pytest.raises(review.ContentNotFound):
        await review.unpublish(
            db,
            factory,
            ContentType.CITY_GUIDE,
            reference_id_for("city_guide", "tx/x"),
            reviewer_id=EDITOR,
        )


async def test_a_blog_post_is_archived_when_unpublished(stores: Any) -> None:
    db, factory = stores
    ref = reference_id_for(ContentType.BLOG_POST, "blog/icu-pay")
    await save_draft(
        db,
        content_type=ContentType.BLOG_POST,
        reference_id=ref,
        markdown="ICU pay is up.",
        page={**PAGE, "slug": "icu-pay", "title": "ICU pay"},
        snapshot={},
        snapshot_hash="b",
        source=Source.WRITER,
        prompt="deterministic writer v1",
        metadata={"model": "deterministic", "parameters": {}, "generation_time": 0.0},
    )
    await review.approve(db, factory, ContentType.BLOG_POST, ref, 1, reviewer_id="not-a-user")
    async with factory() as session:
        status = await session.scalar(
            text("SELECT status::text FROM blog_posts WHERE id = :i"), {"i": UUID(ref)}
        )
        assert status == "published"
        await review.unpublish(db, factory, ContentType.BLOG_POST, ref, reviewer_id=EDITOR)
        status = await session.scalar(
            text("SELECT status::text FROM blog_posts WHERE id = :i"), {"i": UUID(ref)}
        )
    assert status == "archived"


async def test_a_publish_that_crashed_after_the_row_write_is_completed_by_publish_due(
    stores: Any,
) -> None:
    from data_layer.content import publishing

    db, factory = stores
    doc = await _draft(db)
    ref = doc["reference_id"]
    raw = await collection(db).find_one({"reference_id": ref, "version": 1})
    await collection(db).update_one(
        {"_id": raw["_id"]},
        {"$set": {"status": "reviewed", "publish_at": dt.datetime.now(dt.UTC)}},
    )
    await publishing.write_page(factory, raw, reviewer_id=EDITOR)  # ...and the process died
    assert await _row(factory, ref) is not None
    assert await review.publish_due(db, factory, dt.datetime.now(dt.UTC)) == 1
    assert (await review.get_version(db, ContentType.CITY_GUIDE, ref, 1))["status"] == "published"


async def test_concurrent_drafts_get_distinct_versions_and_one_stays_pending(stores: Any) -> None:
    db, _ = stores
    docs = await asyncio.gather(*(_draft(db) for _ in range(8)))
    assert sorted(d["version"] for d in docs) == list(range(1, 9))
    ref = docs[0]["reference_id"]
    statuses = [v["status"] for v in await review.list_versions(db, ContentType.CITY_GUIDE, ref)]
    assert statuses.count("draft") >= 1 and statuses[-1] == "draft"


async def test_the_queue_filters_by_type_status_flags_and_age(stores: Any) -> None:
    db, _ = stores
    await _draft(db)
    await _draft(
        db, GOOD + "<iframe src=x></iframe>", key="tx/austin", page={**PAGE, "slug": "austin-tx"}
    )
    everything = await review.list_drafts(db)
    assert everything.total == 2
    flagged = await review.list_drafts(db, flagged=True)
    assert [i["slug"] for i in flagged.items] == ["austin-tx"] and flagged.items[0]["flags_count"]
    clean = await review.list_drafts(db, flagged=False, content_type="city_guide", status="draft")
    assert [i["slug"] for i in clean.items] == ["dallas-tx"]
    assert (await review.list_drafts(db, older_than_days=1)).total == 0
    assert (await review.list_drafts(db, content_type=ContentType.BLOG_POST)).total == 0
    for bad in ({"status": "nope"}, {"content_type": "x"}, {"limit": 0}, {"offset": -1}):
        with pytest.raises(review.ReviewRefused):
            await review.list_drafts(db, **bad)
    page = await review.list_drafts(db, limit=1, offset=1)
    assert page.total == 2 and len(page.items) == 1
