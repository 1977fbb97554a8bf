"""FAQ articles on the editors' desk (``POST /api/editor/faq-articles`` and the pages API)
over the real app, PostgreSQL+pgvector and Mongo: only editors write them, bad input is a
422 naming the field, an article exists once per language; editing makes a version the
public page and the chat's passages ignore until it is approved; a Spanish translation
shares the article key; unpublishing takes page and passages down; the drafting workers
never plan an FAQ article (they state the agency's policy: editors write them)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient
from pymongo import AsyncMongoClient
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from assistant.app import create_app
from config.settings import Settings
from data_layer.content.kinds import ContentType
from data_layer.content.selection import plan_drafts
from tests.integration.account_helpers import signed_in_candidate
from tests.integration.editor_helpers import signed_in_editor
from tests.integration.recruiter_helpers import rows

API = "/api/editor"
MARKDOWN = """\
We pay a bonus for every nurse you refer who completes an assignment with us.

## How much is the referral bonus?

$750 per referred clinician, paid after they work 360 hours.

## Who can I refer?

Any licensed nurse or allied professional who is not already in our system.
"""
SPANISH = """\
Pagamos un bono por cada enfermera que nos recomiendes y complete una asignación.

## ¿Cuánto es el bono por referido?

750 dólares por cada profesional referido, después de 360 horas trabajadas.
"""
PAGE = {
    "title": "Referral bonus program",
    "seo_title": "Referral bonus for travel nurses | Excel Medical Staffing",
    "seo_description": "How much we pay when a nurse you refer completes an assignment, who "
    "you can refer and when the bonus is paid.",
    "excerpt": "Refer a friend, earn a bonus.",
}


@pytest.fixture
async def stores(auth_settings: Settings) -> AsyncIterator[tuple[Settings, AsyncEngine, Any]]:
    engine = create_async_engine(auth_settings.effective_database_url)
    client: AsyncMongoClient = AsyncMongoClient(auth_settings.effective_mongodb_url, tz_aware=True)
    try:
        yield auth_settings, engine, client[auth_settings.mongodb_db]
    finally:
        await client.drop_database(auth_settings.mongodb_db)
        await client.close()
        await engine.dispose()


def _error(response: Any, status: int, field: str | None = None) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status_code"] == status and body["detail"]
    if field is not None:
        assert (body.get("extra") or {}).get("field") == field, body
    return str(body["detail"])


async def _passages(engine: AsyncEngine, ref: str) -> list[Any]:
    return await rows(
        engine,
        "SELECT heading, text, anchor, version FROM faq_passages WHERE article_id = :a "
        "ORDER BY position",
        a=UUID(ref),
    )


async def test_an_editor_writes_edits_translates_publishes_and_unpublishes_an_faq_article(
    stores: tuple[Settings, AsyncEngine, Any],
) -> None:
    settings, engine, mongo = stores
    new = {"language": "en", "article_key": "referral-bonus", "markdown": MARKDOWN, "page": PAGE}
    async with (
        AsyncTestClient(create_app(settings)) as anonymous,
        AsyncTestClient(create_app(settings)) as candidate,
        AsyncTestClient(create_app(settings)) as editor,
    ):
        _error(await anonymous.post(f"{API}/faq-articles", json=new), 401)
        await signed_in_candidate(candidate, engine, "faq.candidate@example.net")
        _error(await candidate.post(f"{API}/faq-articles", json=new), 403)
        assert (await candidate.get("/editor/faq/new")).status_code == 403
        schema = (await anonymous.get("/schema/openapi.json")).json()
        assert f"{API}/faq-articles" in schema["paths"]

        me = await signed_in_editor(editor, engine)
        form = await editor.get("/editor/faq/new")
        assert form.status_code == 200 and 'id="new-faq-form"' in form.text
        assert 'href="/editor/faq/new"' in (await editor.get("/editor")).text

        for bad, field in (
            ({**new, "language": "fr"}, "language"),
            ({**new, "article_key": "!!"}, "article_key"),
            ({**new, "markdown": "  "}, "markdown"),
            ({**new, "page": {"seo_title": "No title"}}, "page.title"),
            ({**new, "page": {**PAGE, "slug": "Not A Slug"}}, "page.slug"),
            ({**new, "topic": "Pay Package!"}, "topic"),
        ):
            _error(await editor.post(f"{API}/faq-articles", json=bad), 422, field)

        made = await editor.post(f"{API}/faq-articles", json=new)
        assert made.status_code == 201, made.text
        v1 = made.json()
        ref = v1["reference_id"]
        assert (v1["content_type"], v1["version"], v1["status"]) == ("faq_article", 1, "draft")
        assert v1["source"] == "editor" and v1["author_id"] == str(me.user_id)
        assert v1["page"]["language"] == "en" and v1["page"]["article_key"] == "referral-bonus"
        assert v1["page"]["slug"] == "referral-bonus-program"
        assert v1["public_url"] == "/faq/referral-bonus-program"
        assert v1["approvable"] is True and v1["gate"]["passed"] is True
        assert "<h2>How much is the referral bonus?</h2>" in v1["html"]
        again = await editor.post(f"{API}/faq-articles", json=new)
        assert "already exists" in _error(again, 409)

        queue = (await editor.get(f"{API}/drafts", params={"type": "faq_article"})).json()
        assert [i["reference_id"] for i in queue["items"]] == [ref]
        page_path = f"{API}/pages/faq_article/{ref}"
        assert (await editor.get("/faq/referral-bonus-program")).status_code == 404

        approved = await editor.post(f"{page_path}/versions/1/approve", json={})
        assert approved.status_code == 200 and approved.json()["status"] == "published"
        live = await editor.get("/faq/referral-bonus-program")
        assert live.status_code == 200 and "$750 per referred clinician" in live.text
        first = await _passages(engine, ref)
        assert [p["anchor"] for p in first] == [
            "",
            "how-much-is-the-referral-bonus",
            "who-can-i-refer",
        ]

        edited = await editor.post(
            f"{page_path}/versions/1/edit",
            json={
                "markdown": MARKDOWN.replace("$750", "$1,000"),
                "page": {"title": "Referral bonus"},
            },
        )
        assert edited.status_code == 201 and edited.json()["version"] == 2
        assert (await editor.get("/faq/referral-bonus-program")).content == live.content
        assert await _passages(engine, ref) == first
        approved = await editor.post(f"{page_path}/versions/2/approve", json={})
        assert approved.status_code == 200, approved.text
        second = await _passages(engine, ref)
        assert "$1,000 per referred clinician" in second[1]["text"]
        assert {p["version"] for p in second} == {2}
        assert "<h1>Referral bonus</h1>" in (await editor.get("/faq/referral-bonus-program")).text

        translated = await editor.post(
            f"{API}/faq-articles",
            json={
                "language": "es",
                "article_key": "referral-bonus",
                "markdown": SPANISH,
                "page": {**PAGE, "title": "Programa de bonos por referidos"},
            },
        )
        assert translated.status_code == 201, translated.text
        es = translated.json()
        assert (
            es["reference_id"] != ref and es["public_url"] == "/faq/programa-de-bonos-por-referidos"
        )
        approved = await editor.post(
            f"{API}/pages/faq_article/{es['reference_id']}/versions/1/approve", json={}
        )
        assert approved.status_code == 200, approved.text
        spanish = await editor.get("/faq/programa-de-bonos-por-referidos")
        assert spanish.status_code == 200 and '<html lang="es">' in spanish.text
        assert 'href="http://testserver.local/faq/referral-bonus-program" hreflang="en"' in (
            spanish.text
        )
        assert [p["anchor"] for p in await _passages(engine, es["reference_id"])] == [
            "",
            "cuanto-es-el-bono-por-referido",
        ]

        down = await editor.post(f"{page_path}/unpublish", json={"note": "new policy coming"})
        assert down.status_code == 200 and down.json()["status"] == "unpublished"
        assert (await editor.get("/faq/referral-bonus-program")).status_code == 404
        assert await _passages(engine, ref) == []
        history = (await editor.get(f"{page_path}/history")).json()["events"]
        assert [e["action"] for e in history] == [
            "edited",
            "approved",
            "published",
            "edited",
            "approved",
            "published",
            "unpublished",
        ]
        assert {e["actor_id"] for e in history} == {str(me.user_id)}

    # The drafting workers plan every other type from the data, never an FAQ article.
    async with async_sessionmaker(engine)() as session:
        plan = await plan_drafts(
            session, mongo, settings, content_types=[ContentType.FAQ_ARTICLE], limit=100
        )
    assert plan.targets == []
