"""A local OpenAI-compatible chat completions server that plays scripted replies.

It speaks the real protocol (``POST /v1/chat/completions`` with ``stream: true``:
SSE chunks, streamed ``tool_calls`` carrying ``index`` on every delta, a final
``choices: []`` chunk with ``usage``, then ``[DONE]``), so LangChain's real
``ChatOpenAI`` client runs end to end. A *policy* decides each reply from the
request's messages; it can also fail (HTTP 500) or stall (to trip timeouts).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn


@dataclass
class ToolCall:
    name: str
    arguments: dict[str, Any]


@dataclass
class ScriptedReply:
    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    status: int = 200
    delay_s: float = 0.0
    stream_error: str = ""  # sent as an ``error`` event after the first chunk
    hold: threading.Event | None = None  # answer only once it is set (a model mid-reply)


Policy = Callable[[list[dict[str, Any]]], ScriptedReply]


def last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            return str(message.get("content") or "")
    return ""


def after_tool(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last tool result when the model is being asked to continue after a tool call."""
    if messages and messages[-1].get("role") == "tool":
        try:
            return json.loads(messages[-1].get("content") or "{}")
        except json.JSONDecodeError:
            return {}
    return None


def _chunk(payload: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(payload)}\n\n".encode()


class ScriptedOpenAI:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.requests: list[dict[str, Any]] = []
        self.clients: list[tuple[str, int] | None] = []  # (host, port): one per connection
        self.headers: list[dict[str, str]] = []
        self._counter = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if not scope["path"].endswith("/chat/completions"):
            await self._plain(send, 404, {"error": {"message": "not found"}})
            return
        request = json.loads(body or b"{}")
        self.requests.append(request)
        client = scope.get("client")
        self.clients.append(tuple(client) if client else None)
        self.headers.append({k.decode(): v.decode() for k, v in scope.get("headers", [])})
        reply = self.policy(list(request.get("messages") or []))
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.hold is not None:
            await asyncio.to_thread(reply.hold.wait, 120)
        if reply.status != 200:
            await self._plain(send, reply.status, {"error": {"message": "scripted failure"}})
            return
        self._counter += 1
        await self._stream(send, request, reply, f"chatcmpl-{self._counter}")

    async def _plain(self, send: Any, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": data})

    async def _stream(
        self, send: Any, request: dict[str, Any], reply: ScriptedReply, cid: str
    ) -> None:
        model = request.get("model", "scripted")
        created = int(time.time())

        def base(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/event-stream")],
            }
        )
        parts = [_chunk(base({"role": "assistant", "content": ""}))]
        if reply.stream_error:
            parts.append(_chunk({"error": {"message": reply.stream_error, "type": "server_error"}}))
        words = reply.text.split(" ") if reply.text else []
        for i, word in enumerate(words):
            parts.append(_chunk(base({"content": word if i == 0 else " " + word})))
        for index, call in enumerate(reply.tool_calls):
            arguments = json.dumps(call.arguments)
            half = len(arguments) // 2
            parts.append(
                _chunk(
                    base(
                        {
                            "tool_calls": [
                                {
                                    "index": index,
                                    "id": f"call_{cid}_{index}",
                                    "type": "function",
                                    "function": {"name": call.name, "arguments": ""},
                                }
                            ]
                        }
                    )
                )
            )
            for piece in (arguments[:half], arguments[half:]):
                parts.append(
                    _chunk(
                        base({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
                    )
                )
        finish = "tool_calls" if reply.tool_calls else "stop"
        parts.append(_chunk(base({}, finish)))
        usage = {"prompt_tokens": 50, "completion_tokens": max(1, len(words)), "total_tokens": 60}
        parts.append(
            _chunk(
                {
                    "id": cid,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "choices": [],
                    "usage": usage,
                }
            )
        )
        parts.append(b"data: [DONE]\n\n")
        for part in parts:
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})


class ScriptedOpenAIServer:
    """Runs a :class:`ScriptedOpenAI` under uvicorn in a background thread."""

    def __init__(self, policy: Policy) -> None:
        self.app = ScriptedOpenAI(policy)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self._server = uvicorn.Server(
            uvicorn.Config(
                self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
            )
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def set_policy(self, policy: Policy) -> None:
        self.app.policy = policy

    def __enter__(self) -> ScriptedOpenAIServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("scripted OpenAI server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
