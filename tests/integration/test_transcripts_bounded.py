"""Transcripts stay bounded: turns append (never rewrite the document), older messages move
to the archive, history comes in pages, and writes MongoDB did not take survive a restart."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient, monitoring
from redis.asyncio import Redis

from config.settings import Settings
from data_layer.chat.transcripts import (
    ConversationStore,
    TurnRecord,
    stored_messages,
)
from data_layer.db.mongo import CHAT_CONVERSATION_ARCHIVE
from devstack.services import DevStack
from tests.conftest import _free_port
from tests.integration.chat_helpers import chat_app, start_conversation
from tests.support.processes import api_process


def _turn(session_id: str, n: int) -> TurnRecord:
    now = dt.datetime.now(dt.UTC)
    return TurnRecord(
        session_id=session_id,
        user_id=None,
        messages=[
            {"role": "user", "content": f"question {n}", "timestamp": now},
            {
                "role": "assistant",
                "content": f"answer {n}",
                "timestamp": now,
                "message_id": f"m{n}",
            },
        ],
        metadata={"job_searches": [f"search-{n}"]},
    )


class _Updates(monitoring.CommandListener):
    """Every update command sent to ``chat_conversations``."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "update" and event.command.get("update") == "chat_conversations":
            self.updates.extend(dict(u) for u in event.command["updates"])

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        return None

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        return None


async def test_turns_append_and_older_messages_move_to_the_archive(
    stack_settings: Settings, mongo_db: Any
) -> None:
    listener = _Updates()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        stack_settings.effective_mongodb_url, event_listeners=[listener], tz_aware=True
    )
    db = client[mongo_db.name]
    store = ConversationStore(db, window=10, cache_size=3)
    try:
        await store.start("s-long", None, {"page_url": "https://careers.example.com/"})
        for n in range(1, 13):
            await store.append_turn(_turn("s-long", n))
        for other in range(5):  # more conversations than the cache holds
            await store.start(f"s-other-{other}", None, {})
    finally:
        await store.close()
    # A turn is update operators only: never a replacement of the whole document.
    assert len(listener.updates) >= 12
    for update in listener.updates:
        assert all(key.startswith("$") for key in update["u"]), update["u"]
        assert "$push" in update["u"]
    doc = await db.chat_conversations.find_one({"session_id": "s-long"})
    kept = stored_messages(doc)
    assert len(kept) <= 10
    assert doc["message_count"] == 24 and doc["user_messages"] == 12
    assert doc["metadata"]["job_searches"] == [f"search-{n}" for n in range(1, 13)]
    assert isinstance(doc["last_activity"], dt.datetime)
    archived = [
        m
        async for chunk in db[CHAT_CONVERSATION_ARCHIVE].find({}).sort("start")
        for m in chunk["messages"]
    ]
    contents = [m["content"] for m in archived + kept]
    assert contents == [f"{kind} {n}" for n in range(1, 13) for kind in ("question", "answer")]
    assert len(store._heads) <= 3  # the per-process cache stays bounded
    await client.close()


async def test_history_comes_in_pages_newest_first(chat_settings: Settings) -> None:
    settings = chat_settings.model_copy(
        update={
            "chat_transcript_window": 10,
            "chat_history_page_default": 4,
            "chat_history_page_max": 6,
        }
    )
    said = [f"ICU travel jobs in Texas, question {n}" for n in range(7)]
    async with chat_app(settings) as client:
        chat = await start_conversation(client)
        for text in said:
            await chat.say(text)
        url = f"/api/chat/sessions/{chat.session_id}/messages"
        first = (await client.get(url, headers=chat.auth)).json()
        assert len(first["messages"]) == 4
        assert first["has_more"] is True and first["next_before"]
        assert first["user_messages"] == 7
        assert first["messages"][-1]["role"] == "assistant"  # the newest page
        pages = [first["messages"]]
        cursor = first["next_before"]
        while cursor:
            response = await client.get(
                url, params={"before": cursor, "limit": 6}, headers=chat.auth
            )
            assert response.status_code == 200, response.text
            body = response.json()
            pages.insert(0, body["messages"])
            cursor = body["next_before"] if body["has_more"] else None
        everything = [m for page in pages for m in page]
        assert [m["content"] for m in everything if m["role"] == "user"] == said
        assert len(everything) == 14
        assert len({m["message_id"] for m in everything}) == 14
        too_many = await client.get(url, params={"limit": 7}, headers=chat.auth)
        assert too_many.status_code == 422 and too_many.json()["extra"]["field"] == "limit"
        unknown = await client.get(url, params={"before": "nope"}, headers=chat.auth)
        assert unknown.status_code == 422 and unknown.json()["extra"]["field"] == "before"


async def test_the_write_queue_is_bounded_and_logs_no_content(
    stack_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    dead: AsyncMongoClient[Any] = AsyncMongoClient(
        f"mongodb://127.0.0.1:{_free_port()}", serverSelectionTimeoutMS=100
    )
    redis = Redis.from_url(stack_settings.effective_redis_url)
    name = f"t_queue_{os.getpid()}_{time.monotonic_ns()}"
    store = ConversationStore(
        dead[name], redis=redis, queue_max=3, write_timeout_s=0.3, retry_delays_s=(60,)
    )
    try:
        await store.start("s-q", None, {"ip_address": "203.0.113.77"})
        for n in range(1, 5):
            await store.append_turn(_turn("s-q", n))
        assert await redis.llen(f"esa:transcript-writes:{name}") == 3
        assert store.pending == 3
    finally:
        await store.close()
        await redis.delete(f"esa:transcript-writes:{name}", f"esa:transcript-writes:{name}:drainer")
        await redis.aclose()
        await dead.close()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "dropped 2 oldest" in logged or "dropped 1 oldest" in logged
    for private in ("question", "answer", "203.0.113.77"):
        assert private not in logged


# --------------------------------------------------------------------------- kill test
def _app_env(settings: Settings, mongo_url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": settings.effective_database_url,
        "MONGODB_URL": mongo_url,
        "MONGODB_DB": settings.mongodb_db,
        "REDIS_URL": settings.effective_redis_url,
        "DATA_DIR": str(data_dir),
        "LOG_JSON": "false",
        "HEALTH_TIMEOUT_S": "0.5",
        "WARM_EMBEDDINGS": "false",
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
        "ALLOWED_HOSTS": '["127.0.0.1"]',
        "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    }


async def test_turns_queued_during_an_outage_survive_a_killed_api_process(
    chat_settings: Settings,
) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="esa-kill-"))
    mongo_settings = chat_settings.model_copy(
        update={"data_dir": data_dir, "mongo_port": _free_port(), "mongodb_url": ""}
    )
    stack = DevStack(mongo_settings)  # only MongoDB is embedded: the other URLs are set
    stack.start()
    mongo_url = mongo_settings.effective_mongodb_url
    env = _app_env(chat_settings, mongo_url, data_dir)
    queue_key = f"esa:transcript-writes:{chat_settings.mongodb_db}"
    redis = Redis.from_url(chat_settings.effective_redis_url)
    said = ["ICU travel jobs in Texas", "night shifts only", "over 2500 a week"]
    try:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        with api_process(env, port, data_dir / "api-1.log") as first:
            async with httpx.AsyncClient(base_url=base, timeout=30) as http:
                created = (await http.post("/api/chat/sessions", json={})).json()
                sid, auth = created["session_id"], {"Authorization": f"Bearer {created['token']}"}
                stack._stop_mongo()
                for text in said:
                    reply = await http.post(
                        f"/api/chat/sessions/{sid}/messages", json={"content": text}, headers=auth
                    )
                    assert reply.status_code == 200, reply.text
                for _ in range(150):  # the writes are queued in the background, after the replies
                    if await redis.llen(queue_key) >= len(said):
                        break
                    await asyncio.sleep(0.2)
                assert await redis.llen(queue_key) == len(said)  # held in Redis, not in memory
            first.send_signal(signal.SIGKILL)  # no shutdown: only Redis remembers the turns
            first.wait(10)
        stack._start_mongo()
        with api_process(env, port, data_dir / "api-2.log"):
            mongo: AsyncMongoClient[Any] = AsyncMongoClient(mongo_url, tz_aware=True)
            try:
                doc = None
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    doc = await mongo[chat_settings.mongodb_db].chat_conversations.find_one(
                        {"session_id": sid}
                    )
                    if doc is not None and len(stored_messages(doc)) == 2 * len(said):
                        break
                    await asyncio.sleep(0.3)
            finally:
                await mongo.close()
            assert doc is not None
            messages = stored_messages(doc)
            assert [m["content"] for m in messages if m["role"] == "user"] == said
            assert len(messages) == 2 * len(said)
            assert await redis.llen(queue_key) == 0
            async with httpx.AsyncClient(base_url=base, timeout=30) as http:
                history = await http.get(f"/api/chat/sessions/{sid}/messages", headers=auth)
            assert history.status_code == 200
            assert [m["content"] for m in history.json()["messages"] if m["role"] == "user"] == said
    finally:
        await redis.delete(queue_key, f"{queue_key}:drainer")
        await redis.aclose()
        stack.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
