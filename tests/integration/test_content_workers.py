"""The content pipeline's engines and entry points: the model writer against the scripted
OpenAI-compatible server (grounded reply, reply with smuggled markup and a wrong figure,
failing server -> deterministic fallback), the CLI in the foreground, and a Celery round
trip through a real worker."""

from __future__ import annotations

import argparse
import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from celery import Celery
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.content.drafting import draft_page
from data_layer.content.kinds import ContentType
from data_layer.content.rendering import render_markdown
from data_layer.content.targets import Target, target_to_dict
from data_layer.content.writer import write_page
from tests.conftest import database_copy
from tests.support.scripted_openai import ScriptedOpenAIServer, ScriptedReply
from workers.content.llm import FACTS_NOTE, ContentLLM


class Model:
    """Plays the model: writes the page from the facts it was sent, optionally spoiled."""

    def __init__(self) -> None:
        self.spoil: str | None = None
        self.fail = False

    def __call__(self, messages: list[dict[str, Any]]) -> ScriptedReply:
        if self.fail:
            return ScriptedReply(status=500)
        data = messages[-1]["content"]
        facts = json.loads(data.split("<<<FACTS\n", 1)[1].rsplit("\nFACTS>>>", 1)[0])
        page = write_page(ContentType(facts["content_type"]), facts["key"], facts)
        markdown = page.markdown
        if self.spoil == "unsafe":
            pay = facts["pay"]["max"]
            markdown = markdown.replace(f"${pay:,}", f"${pay + 150:,}", 1)
            markdown += (
                '\n<script>steal()</script>\n\n<img src="x" onerror="alert(1)">\n\n'
                "Read [more](https://elsewhere.example/guide).\n"
            )
        reply = {
            "title": page.page["title"] + " (model)",
            "seo_title": page.page["seo_title"],
            "seo_description": page.page["seo_description"],
            "excerpt": page.page["excerpt"],
            "markdown": markdown,
        }
        return ScriptedReply(text=json.dumps(reply))


@pytest.fixture(scope="module")
def model() -> Model:
    return Model()


@pytest.fixture(scope="module")
def server(model: Model) -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(model) as running:
        yield running


@pytest.fixture(scope="module")
async def demo(
    stack_settings: Settings, admin_pg_url: str, seeded_template: str, server: ScriptedOpenAIServer
) -> AsyncIterator[tuple[Any, async_sessionmaker, Settings]]:
    client: AsyncMongoClient = AsyncMongoClient(stack_settings.effective_mongodb_url)
    name = f"t_{uuid.uuid4().hex[:10]}"
    async with database_copy(admin_pg_url, seeded_template) as url:
        engine = create_async_engine(url, pool_size=5)
        settings = stack_settings.model_copy(
            update={
                "database_url": url,
                "mongodb_url": stack_settings.effective_mongodb_url,
                "mongodb_db": name,
                "openai_base_url": server.base_url,
                "openai_model": "content-model",
                "content_llm_timeout_s": 10.0,
            }
        )
        try:
            yield client[name], async_sessionmaker(engine, expire_on_commit=False), settings
        finally:
            await engine.dispose()
            await client.drop_database(name)
            await client.close()


async def _busiest_city(factory: async_sessionmaker, offset: int = 0) -> Target:
    async with factory() as session:
        row = (
            await session.execute(
                text(
                    "SELECT client_state_code, client_city FROM jobs "
                    "WHERE display_on_external_job_board AND closed_at IS NULL "
                    "GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1 OFFSET :o"
                ),
                {"o": offset},
            )
        ).one()
    return Target.city_guide(row.client_state_code, row.client_city)


async def test_the_model_writes_from_the_facts_given_as_data(
    demo: Any, model: Model, server: ScriptedOpenAIServer
) -> None:
    db, factory, settings = demo
    model.spoil, model.fail = None, False
    target = await _busiest_city(factory)
    outcome = await draft_page(
        db, factory, target, engine="llm", model=ContentLLM(settings), force=True
    )
    doc = outcome.doc
    assert outcome.status == "drafted" and outcome.fallback is None and doc is not None
    assert doc["source"] == "llm" and doc["metadata"]["model"] == "content-model"
    assert doc["metadata"]["parameters"]["prompt_version"] == "1"
    assert doc["page"]["title"].endswith("(model)")
    assert (
        doc["page"]["slug"]
        == write_page(target.content_type, target.key, doc["snapshot"]).page["slug"]
    )
    assert doc["gate"]["passed"], doc["gate"]["flags"]
    sent = server.app.requests[-1]["messages"]
    assert sent[0]["role"] == "system" and '"open_jobs"' not in sent[0]["content"]
    assert target.city not in sent[0]["content"]  # the facts travel only as data
    assert sent[1]["content"].startswith(FACTS_NOTE) and "FACTS>>>" in sent[1]["content"]
    assert "[system]" in doc["original_prompt"] and "<<<FACTS" in doc["original_prompt"]


async def test_a_model_reply_with_markup_and_a_wrong_figure_is_flagged_and_sanitised(
    demo: Any, model: Model
) -> None:
    db, factory, settings = demo
    model.spoil, model.fail = "unsafe", False
    target = await _busiest_city(factory, offset=1)
    outcome = await draft_page(
        db, factory, target, engine="llm", model=ContentLLM(settings), force=True
    )
    doc = outcome.doc
    assert doc is not None and doc["source"] == "llm"
    codes = {f["code"] for f in doc["gate"]["flags"] if f["severity"] == "error"}
    assert {"ungrounded_pay", "html_removed", "link_removed"} <= codes
    assert not doc["gate"]["passed"]
    html = render_markdown(doc["generated_content"])
    assert not re.search(r"<script|onerror|elsewhere\.example|<img", html)


async def test_a_failing_model_falls_back_to_the_writer_and_says_so(
    demo: Any, model: Model
) -> None:
    db, factory, settings = demo
    model.spoil, model.fail = None, True
    target = await _busiest_city(factory, offset=2)
    outcome = await draft_page(
        db, factory, target, engine="llm", model=ContentLLM(settings), force=True
    )
    doc = outcome.doc
    assert doc is not None and outcome.fallback and "InternalServerError" in outcome.fallback
    assert doc["source"] == "writer" and doc["metadata"]["model"] == "deterministic"
    assert doc["metadata"]["parameters"]["fallback"] == outcome.fallback
    assert doc["gate"]["passed"]


async def test_the_cli_drafts_in_the_foreground_and_prints_a_summary(
    demo: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.content import _draft

    _db, _factory, settings = demo
    assert await _draft(settings, ["specialty_page"], 3, "writer") == 0
    summary = capsys.readouterr().out
    assert "content draft (specialty_page): 3 drafted (3 passed the gate" in summary
    assert "drafts/min" in summary


def test_the_cli_refuses_flags_that_cannot_work() -> None:
    from cli.content import cmd_content

    offline = Settings(OPENAI_BASE_URL="", OPENAI_API_KEY="")  # type: ignore[call-arg]
    args = argparse.Namespace(content_type="city_guide", limit=3, engine="llm")
    assert cmd_content(offline, args) == 2


def test_tasks_round_trip_through_a_real_worker(celery_worker: Celery) -> None:
    assert celery_worker.send_task("workers.content.publish_due").get(timeout=60) == 0
    target = target_to_dict(Target.city_guide("TX", "Nowhere"))
    result = celery_worker.send_task("workers.content.draft_page", args=[target, "writer"])
    reply = result.get(timeout=60)
    assert reply["status"] == "no_facts" and reply["content_type"] == "city_guide"
    # The worker's database has no jobs: at most the monthly ranking post is tried (and its
    # draft task finds no facts).
    assert celery_worker.send_task("workers.content.plan_drafts").get(timeout=60) <= 1


def test_beat_schedules_planning_and_publishing() -> None:
    from workers.celery_app import content_schedule

    on = content_schedule(Settings(CONTENT_PLAN_INTERVAL_S=3600))  # type: ignore[call-arg]
    assert on["content-plan"]["schedule"] == 3600.0
    assert on["content-publish-due"]["schedule"] == 60.0
    assert content_schedule(Settings(CONTENT_SCHEDULE_ENABLED=False)) == {}  # type: ignore[call-arg]
