"""``GET /metrics`` on the real app: behind the ops token, and one chat turn of each engine
moves the counters it should (scraped before and after), with route templates as labels.

Also the values read at scrape time (queue depth from Redis, sync runs and lag from
``sync_runs``), the content gate's outcomes and a Celery task's count.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.content.drafting import draft_page
from data_layer.content.targets import Target
from data_layer.models import SyncRunKind, SyncRunStatus
from data_layer.sync.runs import SyncCounts, finish_run, start_run
from tests.integration.chat_helpers import chat_app, start_conversation
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
)

TOKEN = "metrics-test-token-" + "x" * 24
CHAT_ROUTE = "/api/chat/sessions/{session_id}/messages"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(body: str) -> Samples:
    samples: Samples = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def scrape(client: AsyncTestClient) -> Samples:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return parse(response.text)


@pytest.fixture
def queue() -> str:
    return f"esa-metrics-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def metrics_settings(chat_settings: Settings, queue: str) -> Settings:
    return chat_settings.model_copy(
        update={"ops_token": SecretStr(TOKEN), "metrics_queues": ["celery", queue]}
    )


def _search_then_answer(messages: list[dict[str, Any]]) -> ScriptedReply:
    result = after_tool(messages)
    if result is not None:
        return ScriptedReply(text=f"I found {result.get('total', 0)} jobs.")
    return ScriptedReply(tool_calls=[ToolCall("search_jobs", {"filters": {"state": "TX"}})])


@pytest.fixture
def scripted() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(_search_then_answer) as server:
        yield server


async def test_metrics_need_the_ops_token(metrics_settings: Settings) -> None:
    async with chat_app(metrics_settings) as client:
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
    without = metrics_settings.model_copy(update={"ops_token": SecretStr("")})
    async with chat_app(without) as client:
        assert (await client.get("/metrics")).status_code == 404


async def test_a_chat_turn_and_the_shared_state_show_in_the_metrics(
    metrics_settings: Settings, queue: str, mongo_db: Any
) -> None:
    redis = Redis.from_url(metrics_settings.effective_redis_url)
    engine = create_async_engine(metrics_settings.effective_database_url)
    try:
        await redis.rpush(queue, "a", "b", "c")
        async with engine.begin() as conn:  # a successful incremental sync, 90 s ago
            run = await start_run(
                conn,
                SyncRunKind.INCREMENTAL,
                started_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=100),
            )
            await finish_run(conn, run, SyncCounts(), SyncRunStatus.SUCCEEDED, None)
        async with chat_app(metrics_settings) as client:
            before = await scrape(client)
            chat = await start_conversation(client)
            reply = await chat.say("show me travel nurse jobs in Texas")
            assert reply["jobs"] is not None
            # The content gate counts each drafted version by type and outcome.
            factory = async_sessionmaker(engine, expire_on_commit=False)
            drafted = await draft_page(mongo_db, factory, Target.specialty_page("ICU"))
            assert drafted.status == "drafted"
            after = await scrape(client)
    finally:
        await redis.delete(queue)
        await redis.aclose()
        await engine.dispose()

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    posted = {"method": "POST", "route": CHAT_ROUTE, "status": "2xx"}
    assert delta("esa_http_requests_total", **posted) == 1
    assert delta("esa_http_request_duration_seconds_count", **posted) == 1
    created = {"method": "POST", "route": "/api/chat/sessions", "status": "2xx"}
    assert delta("esa_http_requests_total", **created) == 1
    assert delta("esa_chat_turns_total", engine="offline", outcome="ok") == 1
    assert delta("esa_chat_turn_duration_seconds_count", engine="offline") == 1
    assert delta("esa_tool_calls_total", tool="search_jobs", outcome="ok") == 1
    assert delta("esa_tool_call_duration_seconds_count", tool="search_jobs") == 1
    gate = sum(
        delta("esa_content_gate_checks_total", content_type="specialty_page", outcome=o)
        for o in ("passed", "failed")
    )
    assert gate == 1
    # No id ever becomes a label value: only route templates.
    routes = {dict(labels).get("route") for (_, labels) in after if dict(labels).get("route")}
    assert CHAT_ROUTE in routes
    assert not any(
        len(part) == 36 and part.count("-") == 4 for r in routes for part in str(r).split("/")
    )
    # read at scrape time
    assert value(after, "esa_celery_queue_length", queue=queue) == 3
    assert value(after, "esa_scrape_source_up", source="redis") == 1
    assert value(after, "esa_scrape_source_up", source="postgres") == 1
    assert value(after, "esa_sync_runs_total", kind="incremental", outcome="succeeded") == 1
    lag = value(after, "esa_sync_lag_seconds", kind="incremental")
    assert 0 <= lag < 3600
    assert ("esa_celery_unacked_tasks", frozenset()) in after


async def test_an_llm_turn_counts_model_calls_tokens_and_tools(
    metrics_settings: Settings, scripted: ScriptedOpenAIServer
) -> None:
    settings = metrics_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 5.0}
    )
    model = settings.openai_model
    async with chat_app(settings) as client:
        before = await scrape(client)
        chat = await start_conversation(client)
        reply = await chat.say("any jobs in Texas?")
        assert reply["text"].startswith("I found")
        after = await scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("esa_chat_turns_total", engine="llm", outcome="ok") == 1
    assert delta("esa_tool_calls_total", tool="search_jobs", outcome="ok") == 1
    calls = {"purpose": "chat", "model": model, "outcome": "ok"}
    assert delta("esa_llm_request_duration_seconds_count", **calls) == 2  # tool call, answer
    # the scripted server reports 50 prompt tokens per call and one per word written
    assert delta("esa_llm_tokens_total", purpose="chat", model=model, kind="prompt") == 100
    assert delta("esa_llm_tokens_total", purpose="chat", model=model, kind="completion") >= 2


async def test_celery_tasks_are_counted_by_name_and_outcome(metrics_settings: Settings) -> None:
    from workers.health import heartbeat

    async with chat_app(metrics_settings) as client:
        before = await scrape(client)
        assert heartbeat.apply().get() == "ok"  # runs here, through the task signals
        after = await scrape(client)
    labels = {"task": "workers.health.heartbeat", "outcome": "succeeded"}
    assert (
        value(after, "esa_celery_tasks_total", **labels)
        - value(before, "esa_celery_tasks_total", **labels)
        == 1
    )


def test_several_processes_behind_one_port_report_their_sum(tmp_path: Path) -> None:
    """PROMETHEUS_MULTIPROC_DIR (uvicorn --workers, a prefork worker): each process counts
    in the shared folder and the one that is scraped reports the total."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    root = Path(__file__).resolve().parents[2]
    count = "from config.metrics import CHAT_TURNS; CHAT_TURNS.labels('offline', 'ok').inc()"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, cwd=root, check=True)
    show = (
        "import sys; from config.metrics import exposition; sys.stdout.write(exposition().decode())"
    )
    shown = subprocess.run(
        [sys.executable, "-c", show], env=env, cwd=root, check=True, capture_output=True, text=True
    )
    assert value(parse(shown.stdout), "esa_chat_turns_total", engine="offline", outcome="ok") == 2
