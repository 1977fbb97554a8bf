"""Chat Completions over HTTP for ``ChatOpenAI``, without the OpenAI SDK's model layer.

``ChatOpenAI`` hands a ready JSON payload to ``async_client.create(**payload)``
and accepts plain dict chunks back. The SDK in between re-walks every message
and tool schema against its typed request definitions and builds a pydantic
object for each streamed chunk, which LangChain immediately dumps back to a
dict: together about a third of the CPU of an agent turn. This client sends
the payload as it is and yields the decoded chunks, so the agent's turn costs
less while LangChain keeps doing message conversion, tool binding and parsing.

Errors surface as the SDK's own exception types, so LangChain reports them the
usual way and the chat turn falls back to the offline engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any

import httpx
import msgspec
import openai

from config.llm_calls import ModelCall, Purpose

_DEFAULT_BASE_URL = "https://api.openai.com/v1"

SDK_REQUEST_OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
"""The arguments of the SDK's ``chat.completions.create`` that are not request body fields.

The wire honours each (the turn's own deadline stands in for ``timeout``); everything
else ``ChatOpenAI`` passes is sent as the JSON body. ``tests/integration/test_openai_wire.py``
pins this list and the rest of the interface to the installed SDK and ``langchain-openai``.
"""


class ChatCompletionsWire:
    """The ``chat.completions`` surface ``ChatOpenAI`` calls: ``create(**payload)``."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None,
        timeout_s: float,
        max_connections: int = 100,
    ) -> None:
        self._url = (base_url or _DEFAULT_BASE_URL).rstrip("/") + "/chat/completions"
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0)),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    async def create(self, **payload: Any) -> ChunkStream | dict[str, Any]:
        """``ChatOpenAI``'s call: the chat's model calls."""
        return await self.create_for("chat", payload)

    async def create_for(
        self, purpose: Purpose, payload: dict[str, Any]
    ) -> ChunkStream | dict[str, Any]:
        """One completion, measured under ``purpose`` (the copilot shares this client)."""
        call = ModelCall(str(payload.get("model") or "unknown"), purpose=purpose)
        try:
            answer = await self._create(payload, call)
        except BaseException as exc:
            call.finish(None, "cancelled" if isinstance(exc, asyncio.CancelledError) else "error")
            raise
        if isinstance(answer, dict):
            call.finish(answer.get("usage"), "ok")
        return answer

    async def _create(
        self, payload: dict[str, Any], call: ModelCall
    ) -> ChunkStream | dict[str, Any]:
        headers = {**self._headers, **(payload.pop("extra_headers", None) or {})}
        query = payload.pop("extra_query", None) or None
        payload.update(payload.pop("extra_body", None) or {})
        payload.pop("timeout", None)  # the turn's own deadline bounds the call
        request = self._http.build_request(
            "POST", self._url, params=query, content=msgspec.json.encode(payload), headers=headers
        )
        response = await self._http.send(request, stream=True)
        if response.status_code >= 400:
            body = await response.aread()
            await response.aclose()
            raise _status_error(response, body)
        if not payload.get("stream"):
            try:
                return msgspec.json.decode(await response.aread())
            finally:
                await response.aclose()
        return ChunkStream(response, call)

    async def aclose(self) -> None:
        await self._http.aclose()


class ChunkStream:
    """Server-sent chunks of a streamed completion, decoded to dicts."""

    def __init__(self, response: httpx.Response, call: ModelCall | None = None) -> None:
        self._response = response
        self._call = call

    async def __aenter__(self) -> ChunkStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._response.aclose()
        if self._call is not None:  # left before the end (a tool call limit, a timeout)
            self._call.finish(None, "error" if exc is not None else "ok")

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[dict[str, Any]]:
        usage: dict[str, Any] | None = None
        outcome = "error"
        try:
            async for chunk in self._decoded():
                if isinstance(chunk.get("usage"), dict):
                    usage = chunk["usage"]  # the last chunk, with stream_options.include_usage
                yield chunk
            outcome = "ok"
        finally:
            if self._call is not None:
                self._call.finish(usage, outcome)

    async def _decoded(self) -> AsyncIterator[dict[str, Any]]:
        done = False
        # Read to the end of the body even after [DONE]: a response closed early
        # takes its keep-alive connection with it.
        async for line in self._response.aiter_lines():
            if done or not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                done = True
                continue
            chunk = msgspec.json.decode(data)
            if isinstance(chunk, dict) and chunk.get("error"):
                raise openai.APIError(
                    str(chunk["error"].get("message") or chunk["error"]),
                    self._response.request,
                    body=chunk["error"],
                )
            yield chunk


def _status_error(response: httpx.Response, body: bytes) -> openai.APIStatusError:
    try:
        detail: Any = msgspec.json.decode(body)
    except msgspec.DecodeError:
        detail = body.decode(errors="replace")[:500]
    error = detail.get("error") if isinstance(detail, dict) else None
    message = (error or {}).get("message") if isinstance(error, dict) else None
    return openai.APIStatusError(
        f"Error code: {response.status_code} - {message or detail}",
        response=response,
        body=detail,
    )
