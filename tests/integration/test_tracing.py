"""OpenTelemetry traces (``OTEL_ENABLED``): one chat turn is one trace, from the HTTP
request through the turn and its tool calls down to each SQL statement; an LLM turn's
model calls are spans of it; a Celery task continues the trace of whoever enqueued it
(a real worker process exporting over OTLP/HTTP to a local receiver).

Spans of this process are read with the SDK's in-memory exporter, added to the provider
the app configured. Tracing is turned off again after each test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from redis import Redis

from config.metrics import REGISTRY
from config.settings import Settings
from config.tracing import (
    add_processor,
    configure_tracing,
    disable_tracing,
    span,
    tracing_enabled,
)
from tests.integration.chat_helpers import chat_app, start_conversation
from tests.support.celery_worker import running_worker
from tests.support.otlp_receiver import otlp_receiver
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
)
from workers.celery_app import create_celery

CHAT_ROUTE = "/api/chat/sessions/{session_id}/messages"


@pytest.fixture
def traced_settings(chat_settings: Settings) -> Settings:
    return chat_settings.model_copy(update={"otel_enabled": True})


@pytest.fixture
def spans(traced_settings: Settings) -> Iterator[InMemorySpanExporter]:
    """Tracing on in this process (as the app turns it on), spans kept in memory."""
    exporter = InMemorySpanExporter()
    assert configure_tracing(traced_settings, "api") is not None
    add_processor(SimpleSpanProcessor(exporter))
    try:
        yield exporter
    finally:
        disable_tracing()


def counter(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _trace_of(exporter: InMemorySpanExporter, root_name: str) -> list[ReadableSpan]:
    roots = [s for s in exporter.get_finished_spans() if s.name == root_name]
    assert len(roots) == 1, [s.name for s in exporter.get_finished_spans()]
    trace_id = roots[0].context.trace_id
    return [s for s in exporter.get_finished_spans() if s.context.trace_id == trace_id]


def _parent(spans: list[ReadableSpan], child: ReadableSpan) -> ReadableSpan | None:
    if child.parent is None:
        return None
    return next((s for s in spans if s.context.span_id == child.parent.span_id), None)


def _ancestors(spans: list[ReadableSpan], child: ReadableSpan) -> list[str]:
    names: list[str] = []
    current = _parent(spans, child)
    while current is not None:
        names.append(current.name)
        current = _parent(spans, current)
    return names


def test_traces_are_off_unless_turned_on(chat_settings: Settings) -> None:
    assert chat_settings.otel_enabled is False
    assert configure_tracing(chat_settings, "api") is None
    assert not tracing_enabled()
    with span("anything") as nothing:
        assert not nothing.is_recording()


async def test_one_chat_turn_is_one_trace_down_to_the_sql_and_is_counted(
    traced_settings: Settings, spans: InMemorySpanExporter
) -> None:
    labels = {"method": "POST", "route": CHAT_ROUTE, "status": "2xx"}
    turns = counter("esa_chat_turns_total", engine="offline", outcome="ok")
    tools = counter("esa_tool_calls_total", tool="search_jobs", outcome="ok")
    requests = counter("esa_http_requests_total", **labels)
    async with chat_app(traced_settings) as client:
        chat = await start_conversation(client)
        spans.clear()
        reply = await chat.say("show me travel nurse jobs in Texas")
        assert reply["jobs"]

    trace = _trace_of(spans, f"POST {CHAT_ROUTE}")
    by_name = {s.name: s for s in trace}
    server = by_name[f"POST {CHAT_ROUTE}"]
    assert server.kind is SpanKind.SERVER and server.parent is None
    assert server.attributes is not None
    assert server.attributes["http.route"] == CHAT_ROUTE
    assert server.attributes["http.response.status_code"] == 200
    turn = by_name["chat.turn"]
    assert _parent(trace, turn) is server
    assert turn.attributes is not None
    assert (turn.attributes["chat.engine"], turn.attributes["chat.outcome"]) == ("offline", "ok")
    tool = by_name["tool search_jobs"]
    assert "chat.turn" in _ancestors(trace, tool)
    assert tool.attributes is not None and tool.attributes["tool.outcome"] == "ok"
    # the tool's own statements are its children; the turn's (loading, saving) are the turn's
    sql = [
        s
        for s in trace
        if s.kind is SpanKind.CLIENT and s.attributes and "db.query.text" in s.attributes
    ]
    assert any(_parent(trace, s) is tool and s.name.startswith("SELECT") for s in sql)
    assert any("chat.turn" in _ancestors(trace, s) and _parent(trace, s) is not tool for s in sql)
    # statements with placeholders: the visitor's words never reach a span
    assert not any("Texas" in str(s.attributes) for s in trace)

    assert counter("esa_chat_turns_total", engine="offline", outcome="ok") == turns + 1
    assert counter("esa_tool_calls_total", tool="search_jobs", outcome="ok") == tools + 1
    assert counter("esa_http_requests_total", **labels) == requests + 1


def _search_then_answer(messages: list[dict[str, Any]]) -> ScriptedReply:
    result = after_tool(messages)
    if result is not None:
        return ScriptedReply(text=f"I found {result.get('total', 0)} jobs.")
    return ScriptedReply(tool_calls=[ToolCall("search_jobs", {"filters": {"state": "TX"}})])


async def test_an_llm_turn_traces_its_model_calls_and_tools(
    traced_settings: Settings, spans: InMemorySpanExporter
) -> None:
    with ScriptedOpenAIServer(_search_then_answer) as server:
        settings = traced_settings.model_copy(
            update={"openai_base_url": server.base_url, "llm_timeout_s": 5.0}
        )
        async with chat_app(settings) as client:
            chat = await start_conversation(client)
            spans.clear()
            reply = await chat.say("any jobs in Texas?")
            assert reply["text"].startswith("I found")

    trace = _trace_of(spans, f"POST {CHAT_ROUTE}")
    calls = [s for s in trace if s.name == "llm chat.completions"]
    assert len(calls) == 2  # asks for the tool, then answers with its result
    for call in calls:
        assert call.kind is SpanKind.CLIENT
        assert "chat.turn" in _ancestors(trace, call)
        assert call.attributes is not None
        assert call.attributes["gen_ai.request.model"] == settings.openai_model
        assert call.attributes["gen_ai.usage.input_tokens"] == 50
    turn = next(s for s in trace if s.name == "chat.turn")
    assert turn.attributes is not None and turn.attributes["chat.engine"] == "llm"
    tool = next(s for s in trace if s.name == "tool search_jobs")
    assert "chat.turn" in _ancestors(trace, tool)


def test_a_celery_task_continues_the_trace_that_enqueued_it(
    worker_settings: Settings, spans: InMemorySpanExporter, tmp_path: Path
) -> None:
    # A broker database of its own: only this test's worker takes the task (and answers
    # the ping), whatever other workers the session runs.
    broker = worker_settings.effective_redis_url.rsplit("/", 1)[0] + "/11"
    settings = worker_settings.model_copy(update={"redis_url": broker})
    with otlp_receiver() as receiver:
        env = {
            **os.environ,
            "DATABASE_URL": settings.effective_database_url,
            "MONGODB_URL": settings.effective_mongodb_url,
            "MONGODB_DB": settings.mongodb_db,
            "REDIS_URL": broker,
            "DATA_DIR": str(settings.data_dir),
            "LOG_JSON": "false",
            "OTEL_ENABLED": "true",
            "OTEL_SERVICE_NAME": "esa-test-worker",
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.base_url,
            "OTEL_BSP_SCHEDULE_DELAY": "100",  # the SDK's batch delay: export soon
        }
        with running_worker(
            create_celery(settings), env, tmp_path / "worker.log", concurrency=1
        ) as client:
            token = uuid.uuid4().hex
            with span("POST /api/enqueue", kind=SpanKind.SERVER) as api_span:
                result = client.send_task("workers.health.database_round_trip", args=[token])
            assert result.get(timeout=60)["token"] == token
            task = receiver.wait_for("celery.task workers.health.database_round_trip")
            database = settings.effective_database_url.rsplit("/", 1)[1].split("?")[0]
            statement = receiver.wait_for(f"SELECT {database}")
    Redis.from_url(broker).flushdb()  # the broker database only this test used

    api = api_span.get_span_context()
    assert task.trace_id == api.trace_id
    assert task.parent_span_id == api.span_id
    assert task.service == "esa-test-worker"
    assert task.attributes["celery.task_name"] == "workers.health.database_round_trip"
    # the worker's SQL statement is a child of the task's span, in the same trace
    assert statement.trace_id == api.trace_id
    assert statement.parent_span_id == task.span_id
    assert token not in str(statement.attributes)  # a bound parameter, never recorded
