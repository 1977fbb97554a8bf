"""Chat abuse limits (issue 11, finding 1): conversations and messages are counted per
address, conversation and user in Redis (shared by every replica), a conversation has a
turn cap, its turns run one at a time, and no database transaction or row lock is held
while the model writes a reply."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.app import create_app
from assistant.limits.chat import ChatLimits
from assistant.limits.turn_queue import TurnQueue
from config.settings import Settings
from tests.integration.account_helpers import SignUps
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation
from tests.support.client_address import ClientAddress
from tests.support.scripted_openai import ScriptedOpenAIServer, ScriptedReply


@asynccontextmanager
async def _app(settings: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    redis = Redis.from_url(settings.effective_redis_url)
    try:
        await ChatLimits(settings, redis).reset()  # earlier tests' counts do not leak in here
    finally:
        await redis.aclose()
    async with AsyncTestClient(ClientAddress(create_app(settings))) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _post(chat: Conversation, content: str, address: str = "192.0.2.10") -> Any:
    return await chat.client.post(
        f"/api/chat/sessions/{chat.session_id}/messages",
        json={"content": content},
        headers={**chat.auth, "X-Test-Client": address},
    )


async def _new(client: AsyncTestClient[Any], address: str = "192.0.2.10") -> Any:
    return await client.post("/api/chat/sessions", headers={"X-Test-Client": address})


def _conversation(client: AsyncTestClient[Any], response: Any) -> Conversation:
    assert response.status_code == 201, response.text
    return Conversation(client, response.json()["session_id"], response.json()["token"])


async def test_one_conversation_past_its_message_limit_waits_and_others_go_on(
    chat_settings: Settings,
) -> None:
    settings = chat_settings.model_copy(update={"chat_messages_per_conversation": "3/minute"})
    async with _app(settings) as client:
        flood = _conversation(client, await _new(client))
        calm = _conversation(client, await _new(client))
        for _ in range(3):
            assert (await _post(flood, "ICU jobs in Texas")).status_code == 200
        refused = await _post(flood, "ICU jobs in Texas")
        assert refused.status_code == 429, refused.text
        assert 0 < int(refused.headers["retry-after"]) <= 60
        assert "faster than we can answer" in refused.json()["detail"]
        assert (await _post(calm, "ICU jobs in Texas")).status_code == 200


async def test_an_address_is_limited_across_its_conversations_and_replicas(
    chat_settings: Settings,
) -> None:
    settings = chat_settings.model_copy(
        update={"chat_sessions_per_address": "3/hour", "chat_messages_per_address": "4/minute"}
    )
    second_replica = AsyncTestClient(ClientAddress(create_app(settings)))  # type: ignore[arg-type]
    async with _app(settings) as replica_a, second_replica as replica_b:
        if True:  # both replicas count in the same Redis
            first = _conversation(replica_a, await _new(replica_a, "198.51.100.1"))
            second = _conversation(replica_b, await _new(replica_b, "198.51.100.1"))
            _conversation(replica_a, await _new(replica_a, "198.51.100.1"))
            refused = await _new(replica_b, "198.51.100.1")
            assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
            # Another address is not affected.
            other = _conversation(replica_b, await _new(replica_b, "198.51.100.2"))

            for chat in (first, second, first, second):
                assert (await _post(chat, "hello", "198.51.100.1")).status_code == 200
            assert (await _post(first, "hello", "198.51.100.1")).status_code == 429
            assert (await _post(other, "hello", "198.51.100.2")).status_code == 200


async def test_a_signed_in_user_is_limited_across_addresses(
    chat_settings: Settings, sign_up: SignUps
) -> None:
    settings = chat_settings.model_copy(
        update={"public_base_url": "http://testserver.local", "chat_messages_per_user": "3/minute"}
    )
    async with _app(settings) as client:
        await sign_up(client, "busy.user@example.com")
        home = _conversation(client, await _new(client, "203.0.113.1"))
        work = _conversation(client, await _new(client, "203.0.113.2"))
        assert (await _post(home, "hi", "203.0.113.1")).status_code == 200
        assert (await _post(work, "hi", "203.0.113.2")).status_code == 200
        assert (await _post(home, "hi", "203.0.113.1")).status_code == 200
        assert (await _post(work, "hi", "203.0.113.3")).status_code == 429


async def test_a_conversation_has_a_turn_cap(chat_settings: Settings) -> None:
    settings = chat_settings.model_copy(update={"chat_max_turns": 2})
    async with _app(settings) as client:
        chat = _conversation(client, await _new(client))
        assert (await _post(chat, "hi")).status_code == 200
        assert (await _post(chat, "ICU jobs")).status_code == 200
        full = await _post(chat, "more please")
        assert full.status_code == 409
        assert full.json()["extra"]["code"] == "conversation_full"
        assert "Start a new chat" in full.json()["detail"]


async def test_a_conversations_turns_run_one_at_a_time(chat_settings: Settings) -> None:
    settings = chat_settings.model_copy(update={"chat_turn_wait_s": 0.3})
    async with _app(settings) as client:
        chat = _conversation(client, await _new(client))
        redis = Redis.from_url(settings.effective_redis_url)
        try:
            held = redis.lock(f"esa:chat-turn:{chat.session_id}", timeout=30)
            assert await held.acquire()
            busy = await _post(chat, "hello")
            assert busy.status_code == 409 and busy.json()["extra"]["code"] == "turn_in_progress"
            await held.release()
        finally:
            await redis.aclose()
        assert (await _post(chat, "hello")).status_code == 200


async def test_a_message_body_larger_than_any_message_is_refused_unread(
    chat_settings: Settings,
) -> None:
    async with _app(chat_settings) as client:
        chat = _conversation(client, await _new(client))
        huge = await chat.client.post(
            f"/api/chat/sessions/{chat.session_id}/messages",
            content=b'{"content": "' + b"a" * 200_000 + b'"}',
            headers={**chat.auth, "content-type": "application/json"},
        )
        assert huge.status_code == 413, huge.text
        assert set(huge.json()) <= {"status_code", "detail", "extra"}


async def _database_seen_from_outside(database_url: str, session_id: str) -> tuple[bool, int]:
    """(the conversation's row can be locked by someone else, app connections idle in a
    transaction), looked at from another connection."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            locked = await conn.execute(
                text("SELECT id FROM chat_sessions WHERE id = CAST(:s AS uuid) FOR UPDATE NOWAIT"),
                {"s": session_id},
            )
            free = locked.scalar_one_or_none() is not None
            idle = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
                    )
                )
            ).scalar_one()
            await conn.rollback()
        return free, int(idle)
    finally:
        await engine.dispose()


async def test_no_transaction_or_row_lock_is_held_while_the_model_thinks(
    chat_settings: Settings,
) -> None:
    seen: list[tuple[bool, int]] = []
    session: dict[str, str] = {}

    def policy(messages: list[dict[str, Any]]) -> ScriptedReply:
        # Runs while the API waits for the model: look at the database from outside then.
        # (the model server runs its own event loop: the check gets a thread and loop of its own)
        check = _database_seen_from_outside(chat_settings.effective_database_url, session["id"])
        with ThreadPoolExecutor(1) as pool:
            seen.append(pool.submit(asyncio.run, check).result())
        return ScriptedReply(text="Thought about it.")

    with ScriptedOpenAIServer(policy) as model:
        settings = chat_settings.model_copy(
            update={"openai_base_url": model.base_url, "llm_timeout_s": 10.0}
        )
        async with chat_app(settings) as client:
            chat = await start_conversation(client)
            session["id"] = chat.session_id
            await chat.say("ICU jobs in Texas")
            reply = await chat.say("anything in Ohio?")
    assert reply["text"] == "Thought about it."
    assert seen and all(free for free, _ in seen), seen
    assert all(idle == 0 for _, idle in seen), seen


async def test_an_address_gets_only_a_few_turns_answered_at_once(chat_settings: Settings) -> None:
    # Slots for more than this address's two turns: the limit looked at here is its places.
    settings = chat_settings.model_copy(
        update={
            "chat_turns_in_flight_per_address": 2,
            "chat_turns_running": 4,
            "chat_refusal_delay_s": 0.0,
        }
    )
    app = create_app(settings)
    async with AsyncTestClient(ClientAddress(app)) as client:  # type: ignore[arg-type]
        first = _conversation(client, await _new(client, "192.0.2.50"))
        other = _conversation(client, await _new(client, "192.0.2.51"))
        queue: TurnQueue = app.state.resources.turn_queue
        async with AsyncExitStack() as held:
            # Two turns of this address are being answered (as a flood's would be).
            await held.enter_async_context(queue.turn("192.0.2.50"))
            second = AsyncExitStack()
            await second.enter_async_context(queue.turn("192.0.2.50"))
            busy = await _post(first, "ICU jobs", "192.0.2.50")
            assert busy.status_code == 429 and busy.headers["retry-after"] == "1"
            assert (await _post(other, "ICU jobs", "192.0.2.51")).status_code == 200
            await second.aclose()
            assert (await _post(first, "ICU jobs", "192.0.2.50")).status_code == 200
        # Every finished turn gave its place back.
        assert not queue.address_full("192.0.2.50") and queue.running == 0


async def test_a_turn_that_finds_no_free_slot_in_time_is_told_busy(
    chat_settings: Settings,
) -> None:
    settings = chat_settings.model_copy(
        update={"chat_turns_running": 1, "chat_turn_queue_wait_s": 0.2}
    )
    app = create_app(settings)
    async with AsyncTestClient(ClientAddress(app)) as client:  # type: ignore[arg-type]
        chat = _conversation(client, await _new(client, "192.0.2.60"))
        queue: TurnQueue = app.state.resources.turn_queue
        async with queue.turn("192.0.2.61"):  # another visitor's long turn
            busy = await _post(chat, "ICU jobs", "192.0.2.60")
        assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
        assert "send that again" in busy.json()["detail"]
        assert (await _post(chat, "ICU jobs", "192.0.2.60")).status_code == 200


async def test_starting_a_conversation_waits_for_a_turn_slot_and_may_be_told_busy(
    chat_settings: Settings,
) -> None:
    """Starting a conversation writes to PostgreSQL and MongoDB as a turn does: it waits for
    a slot with the turns, so a script opening hundreds at once queues instead of crowding
    out people's turns."""
    settings = chat_settings.model_copy(
        update={"chat_turns_running": 1, "chat_turn_queue_wait_s": 0.2}
    )
    app = create_app(settings)
    async with AsyncTestClient(ClientAddress(app)) as client:  # type: ignore[arg-type]
        queue: TurnQueue = app.state.resources.turn_queue
        async with queue.turn("192.0.2.71"):  # another visitor's long turn
            busy = await _new(client, "192.0.2.70")
        assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
        assert "send that again" in busy.json()["detail"]
        _conversation(client, await _new(client, "192.0.2.70"))
        assert queue.running == 0
