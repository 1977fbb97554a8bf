"""The Chat Completions client under ChatOpenAI, against a server speaking the real protocol,
and the contract with ChatOpenAI it imitates the SDK client for."""

from __future__ import annotations

import inspect
import json
from typing import Any

import openai
import pytest
from langchain_core.messages import AIMessageChunk, HumanMessage
from langchain_openai import ChatOpenAI
from openai.resources.chat.completions import AsyncCompletions
from openai.types.chat import completion_create_params

from assistant.agent.llm import chat_model
from assistant.agent.llm_tools import AGENT_TOOLS
from assistant.agent.openai_wire import SDK_REQUEST_OPTIONS, ChatCompletionsWire
from config.settings import Settings
from tests.support.scripted_openai import ScriptedOpenAIServer, ScriptedReply, ToolCall

MESSAGES = [{"role": "user", "content": "ICU jobs in Texas"}]


async def _collect(wire: ChatCompletionsWire, **extra: Any) -> list[dict[str, Any]]:
    stream = await wire.create(
        model="scripted",
        messages=MESSAGES,
        stream=True,
        stream_options={"include_usage": True},
        **extra,
    )
    async with stream as chunks:  # type: ignore[union-attr]
        return [chunk async for chunk in chunks]


async def test_streamed_text_tool_calls_and_usage_arrive_as_dicts_over_one_connection() -> None:
    replies = iter(
        [
            ScriptedReply(text="Here are three ICU jobs."),
            ScriptedReply(tool_calls=[ToolCall("search_jobs", {"filters": {"state": "TX"}})]),
            ScriptedReply(text="Done."),
        ]
    )
    with ScriptedOpenAIServer(lambda _messages: next(replies)) as server:
        wire = ChatCompletionsWire(api_key="sk-test", base_url=server.base_url, timeout_s=5)
        try:
            text_chunks = await _collect(wire)
            tool_chunks = await _collect(wire, extra_headers={"X-Trace": "t-1"})
            await _collect(wire)
        finally:
            await wire.aclose()

    text = "".join(
        c["choices"][0]["delta"].get("content") or "" for c in text_chunks if c["choices"]
    )
    assert text == "Here are three ICU jobs."
    assert text_chunks[-1]["choices"] == [] and text_chunks[-1]["usage"]["total_tokens"] == 60

    calls = [
        call
        for c in tool_chunks
        if c["choices"]
        for call in c["choices"][0]["delta"].get("tool_calls") or []
    ]
    assert calls[0]["function"]["name"] == "search_jobs" and calls[0]["index"] == 0
    arguments = "".join(call["function"]["arguments"] for call in calls)
    assert json.loads(arguments) == {"filters": {"state": "TX"}}

    assert server.app.requests[0]["stream_options"] == {"include_usage": True}
    assert server.app.headers[0]["authorization"] == "Bearer sk-test"
    assert server.app.headers[1]["x-trace"] == "t-1"
    # The stream is read to its end, so the keep-alive connection serves every call.
    assert len(set(server.app.clients)) == 1


async def test_an_http_error_is_raised_as_the_sdk_status_error() -> None:
    with ScriptedOpenAIServer(lambda _m: ScriptedReply(status=500)) as server:
        wire = ChatCompletionsWire(api_key="sk-test", base_url=server.base_url, timeout_s=5)
        try:
            with pytest.raises(openai.APIStatusError) as raised:
                await _collect(wire)
        finally:
            await wire.aclose()
    assert raised.value.status_code == 500
    assert "scripted failure" in str(raised.value)


async def test_an_error_event_inside_the_stream_is_raised() -> None:
    with ScriptedOpenAIServer(lambda _m: ScriptedReply(text="Hi", stream_error="overloaded")) as s:
        wire = ChatCompletionsWire(api_key="sk-test", base_url=s.base_url, timeout_s=5)
        try:
            with pytest.raises(openai.APIError, match="overloaded"):
                await _collect(wire)
        finally:
            await wire.aclose()


# --------------------------------------------------------------------------- the contract
# ChatOpenAI believes the wire is the SDK's ``AsyncOpenAI().chat.completions``. These
# tests pin what it relies on, so a langchain-openai or openai upgrade that calls the
# client differently fails here instead of sending every LLM turn to the offline fallback.


class _RecordingClient:
    """The wire as ChatOpenAI sees it; notes every attribute the wire does not offer."""

    def __init__(self, wire: ChatCompletionsWire) -> None:
        self._wire = wire
        self.payloads: list[dict[str, Any]] = []
        self.missing: list[str] = []

    async def create(self, **payload: Any) -> Any:
        self.payloads.append(dict(payload))
        return await self._wire.create(**payload)

    def __getattr__(self, name: str) -> Any:
        self.missing.append(name)
        raise AttributeError(name)


def _model(base_url: str, client: _RecordingClient) -> ChatOpenAI:
    settings = Settings(_env_file=None, openai_base_url=base_url, llm_timeout_s=5.0)  # type: ignore[call-arg]
    return chat_model(settings, client)  # type: ignore[arg-type]


async def test_chatopenai_as_the_agent_builds_it_uses_only_create_and_consumes_dict_chunks() -> (
    None
):
    replies = iter(
        [
            ScriptedReply(text="Here are three ICU jobs."),
            ScriptedReply(tool_calls=[ToolCall("search_jobs", {"filters": {"state": "TX"}})]),
        ]
    )
    with ScriptedOpenAIServer(lambda _messages: next(replies)) as server:
        wire = ChatCompletionsWire(api_key="sk-test", base_url=server.base_url, timeout_s=5)
        client = _RecordingClient(wire)
        try:
            model = _model(server.base_url, client)
            text = await model.ainvoke([HumanMessage("ICU jobs in Texas")])
            agent_model = model.bind_tools(AGENT_TOOLS)
            chunks = [chunk async for chunk in agent_model.astream("ICU jobs in Texas")]
        finally:
            await wire.aclose()

    assert client.missing == [], (
        "langchain-openai now uses async_client."
        + ", ".join(client.missing)
        + ": teach ChatCompletionsWire that, or drop it for the SDK client"
    )
    # No SDK client was built behind it (that is the CPU the wire saves) ...
    assert model.root_async_client is None
    # ... and what came back was understood: text, then a streamed tool call with its usage.
    assert text.content == "Here are three ICU jobs."
    call = sum(chunks[1:], chunks[0])
    assert isinstance(call, AIMessageChunk)
    assert [(c["name"], c["args"]) for c in call.tool_calls] == [
        ("search_jobs", {"filters": {"state": "TX"}})
    ]
    assert call.usage_metadata is not None and call.usage_metadata["total_tokens"] == 60


async def test_everything_chatopenai_passes_is_a_body_field_or_an_option_the_wire_handles() -> None:
    with ScriptedOpenAIServer(lambda _m: ScriptedReply(text="Hi")) as server:
        wire = ChatCompletionsWire(api_key="sk-test", base_url=server.base_url, timeout_s=5)
        client = _RecordingClient(wire)
        try:
            model = _model(server.base_url, client).bind_tools(AGENT_TOOLS)
            await model.ainvoke("hello", extra_headers={"X-Trace": "t-2"})
        finally:
            await wire.aclose()

    streamed = completion_create_params.CompletionCreateParamsStreaming
    body_fields = set(streamed.__required_keys__ | streamed.__optional_keys__)
    sdk_options = {
        name
        for name in inspect.signature(AsyncCompletions.create).parameters
        if name != "self" and name not in body_fields
    }
    # Every request option the SDK's create() takes is one the wire knows how to honour.
    assert sdk_options == SDK_REQUEST_OPTIONS
    [payload] = client.payloads
    assert set(payload) - SDK_REQUEST_OPTIONS <= body_fields, set(payload) - body_fields
    assert payload["stream"] is True and payload["stream_options"] == {"include_usage": True}
    assert server.app.headers[0]["x-trace"] == "t-2"


async def test_a_model_error_through_chatopenai_is_raised_as_the_sdk_error() -> None:
    """The chat turn falls back to the offline engine on it: it must not be swallowed."""
    with ScriptedOpenAIServer(lambda _m: ScriptedReply(status=500)) as server:
        wire = ChatCompletionsWire(api_key="sk-test", base_url=server.base_url, timeout_s=5)
        try:
            with pytest.raises(openai.APIStatusError):
                await _model(server.base_url, _RecordingClient(wire)).ainvoke("hello")
        finally:
            await wire.aclose()
