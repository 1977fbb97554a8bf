"""The workers' model calls are measured like the chat's: one content draft by the model
and one resume parse by the model each move ``esa_llm_request_duration_seconds`` and
``esa_llm_tokens_total`` under their own ``purpose`` (content, resume), a failing call
counts as an error without tokens, and with tracing on each call is an ``llm`` span.

The real OpenAI SDK of each worker talks to the scripted OpenAI-compatible server, which
reports 50 prompt tokens per call and one completion token per word it streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from prometheus_client.parser import text_string_to_metric_families

from config.metrics import exposition
from config.settings import Settings
from config.tracing import add_processor, configure_tracing, disable_tracing
from data_layer.content.targets import Target
from data_layer.content.writer import write_page
from tests.integration.test_resume_llm_engine import FAITHFUL, RESUME, TODAY
from tests.support.scripted_openai import ScriptedOpenAIServer, ScriptedReply
from tests.unit.test_content_gate import SNAPSHOT
from workers.content.llm import ContentLLM
from workers.resumes.llm_engine import LLMParseFailed, parse_with_llm

TARGET = Target.city_guide("TX", "Dallas")
CONTENT_MODEL = "content-model"
RESUME_MODEL = "resume-model"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape() -> Samples:
    """What Prometheus reads from this process."""
    samples: Samples = {}
    for family in text_string_to_metric_families(exposition().decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


def _draft_reply() -> str:
    page = write_page(TARGET.content_type, TARGET.key, SNAPSHOT)
    return json.dumps(
        {
            "title": page.page["title"],
            "seo_title": page.page["seo_title"],
            "seo_description": page.page["seo_description"],
            "excerpt": page.page["excerpt"],
            "markdown": page.markdown,
        }
    )


class Model:
    """Answers a content draft or a resume parse, whichever it is asked for; or fails."""

    def __init__(self) -> None:
        self.fail = False

    def __call__(self, messages: list[dict[str, Any]]) -> ScriptedReply:
        if self.fail:
            return ScriptedReply(status=500)
        if "<<<FACTS" in str(messages[-1].get("content")):
            return ScriptedReply(text=_draft_reply())
        return ScriptedReply(text=json.dumps(FAITHFUL))


@pytest.fixture(scope="module")
def model() -> Model:
    return Model()


@pytest.fixture(scope="module")
def server(model: Model) -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(model) as running:
        yield running


@pytest.fixture
def settings(server: ScriptedOpenAIServer, model: Model, tmp_path: Path) -> Iterator[Settings]:
    model.fail = False
    yield Settings(  # type: ignore[call-arg]
        DATA_DIR=tmp_path,
        OPENAI_BASE_URL=server.base_url,
        OPENAI_API_KEY="test-key",
        OPENAI_MODEL=CONTENT_MODEL,
        CONTENT_LLM_TIMEOUT_S=10.0,
        RESUME_LLM_TIMEOUT_S=10.0,
    )
    model.fail = False


async def test_a_content_draft_by_the_model_counts_its_call_and_tokens(
    settings: Settings, server: ScriptedOpenAIServer
) -> None:
    before = scrape()
    written, why = await ContentLLM(settings).write(TARGET, SNAPSHOT)
    after = scrape()
    assert why is None and written is not None and written.model == CONTENT_MODEL
    labels = {"purpose": "content", "model": CONTENT_MODEL}
    assert (
        delta(before, after, "esa_llm_request_duration_seconds_count", **labels, outcome="ok") == 1
    )
    assert delta(before, after, "esa_llm_tokens_total", **labels, kind="prompt") == 50
    completion = delta(before, after, "esa_llm_tokens_total", **labels, kind="completion")
    assert completion == len(_draft_reply().split(" ")) > 1  # one per word streamed
    # The worker asked for the usage chunk, as the chat does.
    assert server.app.requests[-1]["stream_options"] == {"include_usage": True}
    # Nothing was booked under another purpose.
    for purpose in ("chat", "resume"):
        assert not delta(
            before,
            after,
            "esa_llm_request_duration_seconds_count",
            purpose=purpose,
            model=CONTENT_MODEL,
            outcome="ok",
        )


async def test_a_resume_parse_by_the_model_counts_its_call_and_tokens(
    settings: Settings,
) -> None:
    resume_settings = settings.model_copy(update={"openai_model": RESUME_MODEL})
    before = scrape()
    parsed = await parse_with_llm(RESUME, settings=resume_settings, today=TODAY)
    after = scrape()
    assert parsed.contact_info.name is not None
    labels = {"purpose": "resume", "model": RESUME_MODEL}
    assert (
        delta(before, after, "esa_llm_request_duration_seconds_count", **labels, outcome="ok") == 1
    )
    assert delta(before, after, "esa_llm_tokens_total", **labels, kind="prompt") == 50
    words = len(json.dumps(FAITHFUL).split(" "))
    assert delta(before, after, "esa_llm_tokens_total", **labels, kind="completion") == words


async def test_a_failing_model_call_counts_as_an_error_without_tokens(
    settings: Settings, model: Model
) -> None:
    model.fail = True
    resume_settings = settings.model_copy(update={"openai_model": RESUME_MODEL})
    before = scrape()
    with pytest.raises(LLMParseFailed):
        await parse_with_llm(RESUME, settings=resume_settings, today=TODAY)
    written, why = await ContentLLM(settings).write(TARGET, SNAPSHOT)
    after = scrape()
    assert written is None and why is not None  # the writer's page is used instead
    for purpose, name in (("resume", RESUME_MODEL), ("content", CONTENT_MODEL)):
        labels = {"purpose": purpose, "model": name}
        count = "esa_llm_request_duration_seconds_count"
        assert delta(before, after, count, **labels, outcome="error") == 1, purpose
        assert delta(before, after, count, **labels, outcome="ok") == 0, purpose
        for kind in ("prompt", "completion"):
            assert delta(before, after, "esa_llm_tokens_total", **labels, kind=kind) == 0


async def test_with_tracing_on_each_workers_model_call_is_a_span(settings: Settings) -> None:
    exporter = InMemorySpanExporter()
    assert configure_tracing(settings.model_copy(update={"otel_enabled": True}), "worker")
    add_processor(SimpleSpanProcessor(exporter))
    try:
        await ContentLLM(settings).write(TARGET, SNAPSHOT)
        resume_settings = settings.model_copy(update={"openai_model": RESUME_MODEL})
        await parse_with_llm(RESUME, settings=resume_settings, today=TODAY)
    finally:
        disable_tracing()
    calls = [s for s in exporter.get_finished_spans() if s.name == "llm chat.completions"]
    assert [s.attributes["esa.llm.purpose"] for s in calls] == ["content", "resume"]
    for span, name in zip(calls, (CONTENT_MODEL, RESUME_MODEL), strict=True):
        assert span.kind is SpanKind.CLIENT
        assert span.attributes["gen_ai.request.model"] == name
        assert span.attributes["gen_ai.usage.input_tokens"] == 50
        assert span.status.status_code is not StatusCode.ERROR
