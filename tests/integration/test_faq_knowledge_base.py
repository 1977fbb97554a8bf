"""The FAQ knowledge base's publishing half, against real PostgreSQL+pgvector and Mongo:
approving an FAQ article writes its live row and embedded passages; a later draft leaves
them alone; approving it replaces them; unpublishing removes both. The demo FAQ goes in
through the same review flow, and seeding twice changes nothing."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.content import publishing, review
from data_layer.content.kinds import ContentType, DraftStatus
from data_layer.content.store import collection
from data_layer.models import FaqArticle, FaqPassage
from devstack.faq_demo import ARTICLES
from devstack.faq_seed import SEED_ACTOR, faq_reference_id, seed_faq
from tests.conftest import database_copy

EDITOR = "7d1c2f2e-0000-4000-8000-0000000000fa"
FAQ = ContentType.FAQ_ARTICLE
FIELDS = {
    "title": "Pet policy on assignment",
    "seo_title": "Pets on travel assignments | Excel Medical Staffing",
    "seo_description": "Whether you can bring a dog or a cat on assignment, with company "
    "housing or your own place, and what a pet deposit costs.",
    "excerpt": "Bringing your pet on assignment.",
}
V1 = """\
Many travelers bring a pet along. Here is how it works.

## Can I bring my dog?

Yes. With company housing we look for a pet-friendly apartment; the pet deposit is yours.

## Can I bring a cat?

Yes, on the same terms as a dog.
"""
V2 = """\
Many travelers bring a pet along. Here is how it works.

## Can I bring my dog?

Yes. With company housing we look for a pet-friendly apartment and pay the pet deposit.

## Do you cover pet insurance?

No, pet insurance is not part of our benefits.
"""

ES = """\
Muchos viajeros llevan a su mascota. Así funciona.

## ¿Puedo llevar a mi perro?

Sí. Con la vivienda de la empresa buscamos un apartamento que acepte mascotas.
"""


@pytest.fixture(scope="module")
async def module_stores(
    stack_settings: Settings, admin_pg_url: str, migrated_template: str
) -> AsyncIterator[tuple[Any, async_sessionmaker]]:
    client: AsyncMongoClient = AsyncMongoClient(stack_settings.effective_mongodb_url)
    name = f"t_{uuid.uuid4().hex[:10]}"
    async with database_copy(admin_pg_url, migrated_template) as url:
        engine = create_async_engine(url, pool_size=5)
        try:
            yield client[name], async_sessionmaker(engine, expire_on_commit=False)
        finally:
            await engine.dispose()
            await client.drop_database(name)
            await client.close()


@pytest.fixture
async def stores(module_stores: Any) -> Any:
    """No content at all at the start of each test."""
    db, factory = module_stores
    await collection(db).delete_many({})
    async with factory() as session, session.begin():
        await session.execute(text("DELETE FROM faq_articles"))
    return db, factory


async def _passages(factory: async_sessionmaker, reference_id: str) -> list[FaqPassage]:
    async with factory() as session:
        found = await session.scalars(
            select(FaqPassage)
            .where(FaqPassage.article_id == uuid.UUID(reference_id))
            .order_by(FaqPassage.position)
        )
        return list(found)


async def _article(factory: async_sessionmaker, reference_id: str) -> FaqArticle | None:
    async with factory() as session:
        return await session.get(FaqArticle, uuid.UUID(reference_id))


async def test_approval_publishes_passages_a_draft_does_not_touch_them_unpublish_removes_them(
    stores: Any,
) -> None:
    db, factory = stores
    first = await review.create_faq_article(
        db,
        factory,
        language="en",
        article_key="pets",
        markdown=V1,
        page_fields=FIELDS,
        editor_id=EDITOR,
    )
    ref = first["reference_id"]
    assert ref == faq_reference_id("pets", "en")
    assert first["page"]["slug"] == "pet-policy-on-assignment"
    # The gate does not hold an editor's policy to a data snapshot: no grounding errors.
    assert first["gate"]["open_errors"] == 0, first["gate"]["flags"]
    assert await _article(factory, ref) is None and await _passages(factory, ref) == []

    await review.approve(db, factory, FAQ, ref, 1, reviewer_id=EDITOR)
    article = await _article(factory, ref)
    assert article is not None
    assert (article.article_key, article.language, article.version) == ("pets", "en", 1)
    assert article.slug == "pet-policy-on-assignment"
    assert article.summary == FIELDS["excerpt"]
    # The live page carries an id on each question: the anchors the chat links to.
    assert re.findall(r'<h2 id="([^"]+)">', article.content or "") == [
        "can-i-bring-my-dog",
        "can-i-bring-a-cat",
    ]
    live = await _passages(factory, ref)
    assert [(p.position, p.heading, p.anchor) for p in live] == [
        (0, "Pet policy on assignment", ""),
        (1, "Can I bring my dog?", "can-i-bring-my-dog"),
        (2, "Can I bring a cat?", "can-i-bring-a-cat"),
    ]
    assert "the pet deposit is yours" in live[1].text
    assert {p.version for p in live} == {1} and {p.language for p in live} == {"en"}
    vectors = np.array([p.embedding for p in live], dtype=np.float32)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)

    # An editor's new draft: nothing the chat quotes changes until it is approved.
    await review.edit(db, FAQ, ref, base_version=1, markdown=V2, page_fields={}, editor_id=EDITOR)
    unchanged = await _passages(factory, ref)
    assert [(p.id, p.text, p.version) for p in unchanged] == [
        (p.id, p.text, p.version) for p in live
    ]
    assert (await _article(factory, ref)).version == 1  # type: ignore[union-attr]

    await review.approve(db, factory, FAQ, ref, 2, reviewer_id=EDITOR)
    replaced = await _passages(factory, ref)
    assert [p.heading for p in replaced] == [
        "Pet policy on assignment",
        "Can I bring my dog?",
        "Do you cover pet insurance?",
    ]
    assert {p.version for p in replaced} == {2}
    assert "pay the pet deposit" in replaced[1].text
    assert not any("cat" in p.text for p in replaced)
    assert (await _article(factory, ref)).version == 2  # type: ignore[union-attr]
    statuses = [v["status"] for v in await review.list_versions(db, FAQ, ref)]
    assert statuses == [DraftStatus.SUPERSEDED.value, DraftStatus.PUBLISHED.value]

    await review.unpublish(db, factory, FAQ, ref, reviewer_id=EDITOR, note="policy under review")
    assert await _article(factory, ref) is None
    assert await _passages(factory, ref) == []


async def test_faq_articles_are_refused_without_a_language_key_or_a_free_slug(
    stores: Any,
) -> None:
    db, factory = stores

    async def create(**overrides: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "language": "en",
            "article_key": "pets",
            "markdown": V1,
            "page_fields": FIELDS,
            "editor_id": EDITOR,
        }
        return await review.create_faq_article(db, factory, **{**values, **overrides})

    with pytest.raises(review.ReviewRefused, match="language is one of en, es"):
        await create(language="fr")
    with pytest.raises(review.ReviewRefused, match="article key"):
        await create(article_key="  ")
    with pytest.raises(review.ReviewRefused, match="title"):
        await create(page_fields={"seo_title": "x"})
    with pytest.raises(review.ReviewRefused, match="must not be empty"):
        await create(markdown="  ")
    made = await create()
    with pytest.raises(review.ReviewRefused, match="already exists"):
        await create()
    await review.approve(db, factory, FAQ, made["reference_id"], 1, reviewer_id=EDITOR)
    # The Spanish translation is a page of its own; it may not take the English slug.
    with pytest.raises(review.ReviewRefused, match="slug 'pet-policy-on-assignment'"):
        await create(language="es")
    spanish = await create(
        language="es",
        markdown=ES,
        page_fields={**FIELDS, "title": "Mascotas durante la asignación"},
    )
    assert spanish["page"]["slug"] == "mascotas-durante-la-asignacion"
    await review.approve(db, factory, FAQ, spanish["reference_id"], 1, reviewer_id=EDITOR)
    async with factory() as session:
        rows = (await session.execute(select(FaqArticle.language, FaqArticle.slug))).all()
    assert sorted(rows) == [
        ("en", "pet-policy-on-assignment"),
        ("es", "mascotas-durante-la-asignacion"),
    ]


async def test_the_demo_faq_is_seeded_through_review_once_and_an_editors_word_is_kept(
    stores: Any,
) -> None:
    db, factory = stores
    # Three articles and their translations: every demo article's gate and passages are
    # checked without a database in tests/unit/test_faq_demo.py (embedding is the slow part).
    demo = [a for a in ARTICLES if a.key in {"pay-packages", "housing", "benefits"}]
    assert len(demo) == 6
    counts = await seed_faq(db, factory, articles=demo)
    assert counts == {"faq.published": len(demo), "faq.unchanged": 0, "faq.kept": 0}
    async with factory() as session:
        articles = (await session.execute(select(func.count()).select_from(FaqArticle))).scalar()
        by_language = dict(
            (
                await session.execute(
                    select(FaqArticle.language, func.count()).group_by(FaqArticle.language)
                )
            ).all()
        )
        passages = (await session.execute(select(func.count()).select_from(FaqPassage))).scalar()
        spanish_anchor = await session.scalar(
            select(func.count())
            .select_from(FaqPassage)
            .where(FaqPassage.language == "es", FaqPassage.anchor != "")
        )
    assert articles == len(demo)
    assert by_language == {"en": 3, "es": 3}
    assert passages and passages > 4 * len(demo)  # an introduction and the questions
    assert spanish_anchor
    # Every version was written and approved as an editor would: gate passed, history kept.
    versions = [doc async for doc in collection(db).find({"content_type": FAQ.value})]
    assert len(versions) == len(demo)
    assert all(v["status"] == DraftStatus.PUBLISHED.value for v in versions)
    assert all(v["gate"]["open_errors"] == 0 for v in versions)
    assert {e["action"] for v in versions for e in v["events"]} == {
        "edited",
        "approved",
        "published",
    }

    again = await seed_faq(db, factory, articles=demo)
    assert again == {"faq.published": 0, "faq.unchanged": len(demo), "faq.kept": 0}
    assert await collection(db).count_documents({"content_type": FAQ.value}) == len(demo)

    # An editor rewrote one article and took another down: a seed leaves both as they are.
    pay, housing = demo[0], demo[1]
    assert (pay.key, housing.key, pay.language, housing.language) == (
        "pay-packages",
        "housing",
        "en",
        "en",
    )
    pay_ref = faq_reference_id(pay.key, pay.language)
    await review.edit(
        db,
        FAQ,
        pay_ref,
        base_version=1,
        markdown=pay.markdown + "\n## Is pay weekly?\n\nYes, every Friday.\n",
        page_fields={},
        editor_id=EDITOR,
    )
    await review.approve(db, factory, FAQ, pay_ref, 2, reviewer_id=EDITOR)
    housing_ref = faq_reference_id(housing.key, housing.language)
    await review.unpublish(db, factory, FAQ, housing_ref, reviewer_id=EDITOR)
    third = await seed_faq(db, factory, articles=demo)
    assert third == {"faq.published": 0, "faq.unchanged": len(demo) - 2, "faq.kept": 2}
    assert await _article(factory, housing_ref) is None
    pay_passages = await _passages(factory, pay_ref)
    assert pay_passages[-1].heading == "Is pay weekly?"
    assert all(p.version == 2 for p in pay_passages)
    assert (await review.get_version(db, FAQ, pay_ref))["author_id"] == EDITOR != SEED_ACTOR


async def test_passages_of_another_model_are_embedded_again_from_the_live_version(
    stores: Any,
) -> None:
    db, factory = stores
    doc = await review.create_faq_article(
        db,
        factory,
        language="en",
        article_key="pets",
        markdown=V1,
        page_fields=FIELDS,
        editor_id=EDITOR,
    )
    ref = doc["reference_id"]
    await review.approve(db, factory, FAQ, ref, 1, reviewer_id=EDITOR)
    before = await _passages(factory, ref)
    assert await publishing.reembed_faq(db, factory) == 0  # all made by the current model
    async with factory() as session, session.begin():
        await session.execute(
            text("UPDATE faq_passages SET model_name = 'old-model', embedding = :zero"),
            {"zero": str([0.0] * 383 + [1.0])},
        )
    assert await publishing.reembed_faq(db, factory) == 1
    after = await _passages(factory, ref)
    assert [(p.heading, p.text, p.anchor, p.version) for p in after] == [
        (p.heading, p.text, p.anchor, p.version) for p in before
    ]
    assert {p.model_name for p in after} == {before[0].model_name}
    assert np.allclose(
        np.array([p.embedding for p in after]), np.array([p.embedding for p in before]), atol=1e-5
    )
