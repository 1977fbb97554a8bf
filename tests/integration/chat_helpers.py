"""Helpers for chat tests: a client for the real app and SSE parsing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from litestar.testing import AsyncTestClient

from assistant.app import create_app
from config.settings import Settings


@dataclass
class Conversation:
    client: AsyncTestClient
    session_id: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def say(self, content: str) -> dict[str, Any]:
        response = await self.client.post(
            f"/api/chat/sessions/{self.session_id}/messages",
            json={"content": content},
            headers=self.auth,
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def stream(self, content: str) -> list[tuple[str, dict[str, Any]]]:
        response = await self.client.post(
            f"/api/chat/sessions/{self.session_id}/messages",
            json={"content": content},
            headers={**self.auth, "Accept": "text/event-stream"},
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/event-stream")
        return parse_sse(response.text)

    async def history(self) -> list[dict[str, Any]]:
        response = await self.client.get(
            f"/api/chat/sessions/{self.session_id}/messages", headers=self.auth
        )
        assert response.status_code == 200, response.text
        return response.json()["messages"]


def parse_sse(body: str) -> list[tuple[str, dict[str, Any]]]:
    parsed: list[tuple[str, dict[str, Any]]] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        event, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            parsed.append((event, json.loads("\n".join(data))))
    return parsed


async def start_conversation(client: AsyncTestClient, **body: Any) -> Conversation:
    response = await client.post("/api/chat/sessions", json=body or None)
    assert response.status_code == 201, response.text
    payload = response.json()
    return Conversation(client, payload["session_id"], payload["token"])


@asynccontextmanager
async def chat_app(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(create_app(settings)) as client:
        yield client
