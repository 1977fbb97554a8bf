"""The Chat Completions client under ChatOpenAI, against a server speaking the real protocol."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from assistant.agent.openai_wire import ChatCompletionsWire
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
