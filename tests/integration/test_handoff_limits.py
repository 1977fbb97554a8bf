"""Recruiter handoffs: no staff directory for anonymous visitors, caps per conversation and
per address, and assignment that neither ties nor waits for another conversation's reply."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.app import create_app
from config.settings import Settings
from tests.integration.account_helpers import SignUps
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
)

ASK = "can I talk to a recruiter please"
REFUSED = "can't bring in another recruiter"


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).mappings())


async def _scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()


async def _execute(engine: AsyncEngine, sql: str, **params: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(sql), params)


async def _recruiter_of(engine: AsyncEngine, chat: Conversation) -> Any:
    """The recruiter the conversation's latest handoff went to, with their full contact."""
    return (
        await _rows(
            engine,
            "SELECT r.email, r.phone, u.first_name, u.last_name FROM chat_handoffs h "
            "JOIN recruiters r ON r.id = h.recruiter_id JOIN users u ON u.id = r.user_id "
            "WHERE h.chat_session_id = CAST(:s AS uuid) ORDER BY h.created_at DESC LIMIT 1",
            s=chat.session_id,
        )
    )[0]


async def _handoffs(engine: AsyncEngine) -> int:
    return int(await _scalar(engine, "SELECT count(*) FROM chat_handoffs"))


def _handoff_action(reply: dict[str, Any]) -> dict[str, Any]:
    actions = [a for a in reply["actions"] if a["type"] == "handoff"]
    assert len(actions) == 1, reply
    return actions[0]


# ------------------------------------------------------------------ who sees what


async def test_anonymous_visitor_learns_only_the_recruiters_first_name(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        reply = await chat.say(ASK)
        again = await chat.say("talk to a human")
    recruiter = await _recruiter_of(db, chat)
    for shown in (reply, again):
        action = _handoff_action(shown)
        assert action["recruiter_name"] == recruiter["first_name"]
        assert action["recruiter_email"] is None
        said = json.dumps(shown)
        assert "@" not in said and recruiter["email"] not in said
        assert recruiter["last_name"] not in said
        assert not recruiter["phone"] or recruiter["phone"] not in said
    assert recruiter["first_name"] in reply["text"]
    assert _handoff_action(again)["already_requested"] is True


async def test_signed_in_candidate_gets_the_recruiters_name_and_email(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "dana.handoff@example.org")
        chat = await start_conversation(client)
        reply = await chat.say(ASK)
    recruiter = await _recruiter_of(db, chat)
    action = _handoff_action(reply)
    assert action["recruiter_email"] == recruiter["email"]
    assert action["recruiter_name"] == f"{recruiter['first_name']} {recruiter['last_name']}"
    assert recruiter["email"] in reply["text"]


@pytest.fixture
def scripted() -> Iterator[ScriptedOpenAIServer]:
    def policy(messages: list[dict[str, Any]]) -> ScriptedReply:
        result = after_tool(messages)
        if result is not None:  # the model repeats what the tool told it, word for word
            return ScriptedReply(text=json.dumps(result))
        return ScriptedReply(tool_calls=[ToolCall("request_recruiter", {"reason": "questions"})])

    with ScriptedOpenAIServer(policy) as server:
        yield server


@pytest.fixture
def llm_settings(chat_settings: Settings, scripted: ScriptedOpenAIServer) -> Settings:
    return chat_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 10.0}
    )


async def test_the_model_is_told_no_email_for_an_anonymous_visitor(
    llm_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(llm_settings) as client:
        chat = await start_conversation(client)
        reply = await chat.say(ASK)
    told = json.loads(reply["text"])  # exactly the tool result the model saw
    recruiter = await _recruiter_of(db, chat)
    assert told["status"] == "ok" and told["recruiter_name"] == recruiter["first_name"]
    assert told["recruiter_email"] is None and "sign" in told["note"]
    assert "@" not in json.dumps(reply) and recruiter["last_name"] not in json.dumps(reply)


# ------------------------------------------------------------------ caps


async def test_handoffs_per_conversation_are_capped(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    settings = chat_settings.model_copy(update={"handoff_max_per_conversation": 2})
    async with chat_app(settings) as client:
        chat = await start_conversation(client)
        for _ in range(2):
            assert _handoff_action(await chat.say(ASK))["already_requested"] is False
            # The recruiter closes it; the visitor asks for someone again.
            await _execute(db, "UPDATE chat_handoffs SET status = 'closed'")
        refused = await chat.say(ASK)
    assert [a for a in refused["actions"] if a["type"] == "handoff"] == []
    assert REFUSED in refused["text"]
    assert await _handoffs(db) == 2


async def test_handoffs_per_address_per_day_are_capped(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    settings = chat_settings.model_copy(update={"handoff_max_per_address_per_day": 3})
    async with chat_app(settings) as client:
        chats = [await start_conversation(client) for _ in range(5)]
        for chat in chats[:3]:
            _handoff_action(await chat.say(ASK))
        refused = await chats[3].say(ASK)
        assert [a for a in refused["actions"] if a["type"] == "handoff"] == []
        assert REFUSED in refused["text"]
        assert await _handoffs(db) == 3

        # Another address is not held back by this one.
        await _execute(
            db,
            "UPDATE chat_sessions SET ip_address = '203.0.113.9' WHERE id = CAST(:s AS uuid)",
            s=chats[4].session_id,
        )
        _handoff_action(await chats[4].say(ASK))
        # A day later the address may ask again.
        await _execute(db, "UPDATE chat_handoffs SET created_at = created_at - interval '25 hours'")
        _handoff_action(await chats[3].say(ASK))
    assert await _handoffs(db) == 5


# ------------------------------------------------------------------ concurrency


def _least_loaded_fill(loads: list[int], extra: int) -> list[int]:
    """The loads after ``extra`` handoffs each went to a least loaded recruiter."""
    filled = sorted(loads)
    for _ in range(extra):
        filled[0] += 1
        filled.sort()
    return filled


async def _open_loads(engine: AsyncEngine) -> list[int]:
    rows = await _rows(
        engine,
        "SELECT (SELECT count(*) FROM chat_handoffs h WHERE h.recruiter_id = r.id "
        "AND h.status = 'open') AS n FROM recruiters r WHERE r.active",
    )
    return sorted(int(r["n"]) for r in rows)


@asynccontextmanager
async def _live_app(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app served in this event loop, so requests really run at the same time
    (Litestar's test client answers one request at a time from a worker thread)."""
    app = create_app(settings)
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
            yield c


async def _open(client: httpx.AsyncClient) -> dict[str, str]:
    """A new conversation: its path and bearer header."""
    created = await client.post("/api/chat/sessions")
    assert created.status_code == 201, created.text
    body = created.json()
    return {"id": body["session_id"], "token": body["token"]}


async def _say(client: httpx.AsyncClient, chat: dict[str, str], content: str) -> dict[str, Any]:
    response = await client.post(
        f"/api/chat/sessions/{chat['id']}/messages",
        json={"content": content},
        headers={"Authorization": f"Bearer {chat['token']}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    reply: dict[str, Any] = response.json()
    return reply


async def test_concurrent_handoffs_are_all_assigned_and_stay_balanced(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    settings = chat_settings.model_copy(update={"handoff_max_per_address_per_day": 100})
    before = await _open_loads(db)
    async with _live_app(settings) as client:
        chats = [await _open(client) for _ in range(10)]
        async with asyncio.timeout(60):
            replies = await asyncio.gather(*(_say(client, chat, ASK) for chat in chats))
    assert all(_handoff_action(r)["recruiter_name"] for r in replies)
    assigned = await _scalar(
        db, "SELECT count(*) FROM chat_handoffs WHERE recruiter_id IS NOT NULL"
    )
    assert assigned == 10
    assert await _open_loads(db) == _least_loaded_fill(before, 10)


async def test_the_assignment_lock_is_not_held_while_a_model_writes_its_reply(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    """Conversation A's model takes its time after A's handoff; B's handoff meanwhile is
    assigned at once (the old lock waited for A's whole turn to commit)."""

    def policy(messages: list[dict[str, Any]]) -> ScriptedReply:
        slow = any(
            m.get("role") == "user" and str(m.get("content")).startswith("A:") for m in messages
        )
        if after_tool(messages) is not None:
            return ScriptedReply(text="A recruiter will join you here.", delay_s=6.0 * slow)
        return ScriptedReply(tool_calls=[ToolCall("request_recruiter", {})])

    with ScriptedOpenAIServer(policy) as server:
        settings = chat_settings.model_copy(
            update={"openai_base_url": server.base_url, "llm_timeout_s": 20.0}
        )
        async with _live_app(settings) as client:
            a, b = await _open(client), await _open(client)
            a_turn = asyncio.create_task(_say(client, a, f"A: {ASK}"))
            for _ in range(200):  # until A's handoff is written; A's turn goes on
                if await _handoffs(db):
                    break
                await asyncio.sleep(0.05)
            started = time.perf_counter()
            b_reply = await _say(client, b, f"B: {ASK}")
            b_took = time.perf_counter() - started
            assert not a_turn.done()
            await a_turn
    assert b_took < 3.0, b_took
    assert _handoff_action(b_reply)["recruiter_name"]
    assert await _handoffs(db) == 2
