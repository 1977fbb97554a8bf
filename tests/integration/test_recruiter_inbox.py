"""The handoff inbox: a recruiter lists the conversations handed to them, reads the
transcript, replies (the reply reaches the person's widget live, whichever API process
serves either side) and closes with an outcome; the response time is recorded. Another
recruiter's handoffs do not exist for them."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any
from uuid import UUID

import httpx
import pytest
import uvicorn
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.app import create_app
from assistant.chat import api as chat_api
from config.settings import Settings
from tests.integration.account_helpers import signed_in_candidate
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation
from tests.integration.recruiter_helpers import (
    active_recruiters,
    rows,
    scalar,
    signed_in_admin,
    signed_in_recruiter,
)

ASK = "can I talk to a recruiter please"


@pytest.fixture
async def db(auth_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(auth_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _handed_off(client: AsyncTestClient, db: AsyncEngine) -> tuple[Conversation, Any]:
    """A visitor's conversation handed to a recruiter: (conversation, handoff row)."""
    chat = await start_conversation(client)
    reply = await chat.say(ASK)
    assert any(a["type"] == "handoff" for a in reply["actions"]), reply
    handoff = (
        await rows(
            db,
            "SELECT id, recruiter_id, first_response_at, recruiter_replies, status::text AS status,"
            " outcome FROM chat_handoffs WHERE chat_session_id = CAST(:s AS uuid)",
            s=chat.session_id,
        )
    )[0]
    return chat, handoff


async def _handoff_row(db: AsyncEngine, handoff_id: Any) -> Any:
    return (
        await rows(
            db,
            "SELECT first_response_at, created_at, recruiter_replies, status::text AS status, "
            "outcome, closed_at FROM chat_handoffs WHERE id = :h",
            h=handoff_id,
        )
    )[0]


async def test_recruiter_reads_replies_and_closes_a_handoff(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as visitor, chat_app(auth_settings) as console:
        chat, handoff = await _handed_off(visitor, db)
        me = await signed_in_recruiter(console, db, handoff["recruiter_id"])

        listed = (await console.get("/api/recruiter/handoffs")).json()["handoffs"]
        mine = [h for h in listed if h["id"] == str(handoff["id"])]
        assert len(mine) == 1, listed
        assert mine[0]["candidate"] == "Visitor" and mine[0]["signed_in"] is False
        assert mine[0]["messages"] == 2  # the visitor's question and the assistant's answer
        assert mine[0]["first_response_at"] is None and mine[0]["waiting_s"] >= 0
        assert all(h["status"] == "open" for h in listed)

        detail = await console.get(f"/api/recruiter/handoffs/{handoff['id']}")
        assert detail.status_code == 200, detail.text
        transcript = detail.json()["messages"]
        assert [m["role"] for m in transcript] == ["user", "assistant"]
        assert transcript[0]["text"] == ASK

        sent = await console.post(
            f"/api/recruiter/handoffs/{handoff['id']}/reply",
            json={"text": "Hi! I saw you wanted to talk. What kind of role are you after?"},
        )
        assert sent.status_code == 201, sent.text
        first = await _handoff_row(db, handoff["id"])
        assert first["recruiter_replies"] == 1 and first["first_response_at"] is not None
        assert first["first_response_at"] >= first["created_at"]
        assert sent.json()["handoff"]["waiting_s"] == int(
            (first["first_response_at"] - first["created_at"]).total_seconds()
        )

        again = await console.post(
            f"/api/recruiter/handoffs/{handoff['id']}/reply", json={"text": "Still there?"}
        )
        assert again.status_code == 201, again.text
        second = await _handoff_row(db, handoff["id"])
        assert second["recruiter_replies"] == 2
        assert second["first_response_at"] == first["first_response_at"]  # the first, kept

        # The person sees the replies in their conversation, signed with the first name.
        history = await chat.history()
        replies = [m for m in history if m["role"] == "recruiter"]
        assert [m["content"] for m in replies] == [
            "Hi! I saw you wanted to talk. What kind of role are you after?",
            "Still there?",
        ]
        assert {m["author"] for m in replies} == {me.first_name}
        # ... and so does the recruiter, in the transcript.
        transcript = (await console.get(f"/api/recruiter/handoffs/{handoff['id']}")).json()
        assert [m["role"] for m in transcript["messages"]][-2:] == ["recruiter", "recruiter"]
        assert transcript["handoff"]["messages"] == 4

        empty = await console.post(
            f"/api/recruiter/handoffs/{handoff['id']}/reply", json={"text": "   "}
        )
        assert empty.status_code == 422

        wrong = await console.post(
            f"/api/recruiter/handoffs/{handoff['id']}/close", json={"outcome": "ghosted"}
        )
        assert wrong.status_code == 422 and wrong.json()["extra"]["field"] == "outcome"
        closed = await console.post(
            f"/api/recruiter/handoffs/{handoff['id']}/close", json={"outcome": "resolved"}
        )
        assert closed.status_code == 200, closed.text
        assert closed.json()["status"] == "closed" and closed.json()["outcome"] == "resolved"
        row = await _handoff_row(db, handoff["id"])
        assert (row["status"], row["outcome"]) == ("closed", "resolved")
        assert row["closed_at"] is not None
        session_status = await scalar(
            db,
            "SELECT status::text FROM chat_sessions WHERE id = CAST(:s AS uuid)",
            s=chat.session_id,
        )
        assert session_status == "active"  # back to the assistant; a new handoff may follow

        late = await console.post(
            f"/api/recruiter/handoffs/{handoff['id']}/reply", json={"text": "One more thing"}
        )
        assert late.status_code == 409
        twice = await console.post(
            f"/api/recruiter/handoffs/{handoff['id']}/close", json={"outcome": "other"}
        )
        assert twice.status_code == 409
        assert (await _handoff_row(db, handoff["id"]))["outcome"] == "resolved"

        open_now = (await console.get("/api/recruiter/handoffs?status=open")).json()
        assert str(handoff["id"]) not in {h["id"] for h in open_now["handoffs"]}
        closed_list = (await console.get("/api/recruiter/handoffs?status=closed")).json()
        assert str(handoff["id"]) in {h["id"] for h in closed_list["handoffs"]}


async def test_a_signed_in_candidate_is_shown_by_first_name(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as person, chat_app(auth_settings) as console:
        await signed_in_candidate(person, db, "maria.inbox@example.org")
        chat, handoff = await _handed_off(person, db)
        await signed_in_recruiter(console, db, handoff["recruiter_id"])
        listed = (await console.get("/api/recruiter/handoffs")).json()["handoffs"]
    item = next(h for h in listed if h["id"] == str(handoff["id"]))
    assert item["candidate"] == "Maria" and item["signed_in"] is True
    assert chat.session_id  # the conversation the handoff came from


async def test_another_recruiters_handoff_does_not_exist_for_them(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with (
        chat_app(auth_settings) as visitor,
        chat_app(auth_settings) as other,
        chat_app(auth_settings) as admin,
    ):
        chat, handoff = await _handed_off(visitor, db)
        someone_else = next(r for r in await active_recruiters(db) if r != handoff["recruiter_id"])
        await signed_in_recruiter(other, db, someone_else)
        path = f"/api/recruiter/handoffs/{handoff['id']}"

        listed = (await other.get("/api/recruiter/handoffs")).json()["handoffs"]
        assert str(handoff["id"]) not in {h["id"] for h in listed}
        assert (await other.get(path)).status_code == 404
        reply = await other.post(f"{path}/reply", json={"text": "I am not your recruiter"})
        assert reply.status_code == 404
        close = await other.post(f"{path}/close", json={"outcome": "other"})
        assert close.status_code == 404
        untouched = await _handoff_row(db, handoff["id"])
        assert untouched["recruiter_replies"] == 0 and untouched["status"] == "open"
        assert untouched["first_response_at"] is None
        assert all(m["role"] != "recruiter" for m in await chat.history())

        # An admin sees every recruiter's handoffs and may step in.
        await signed_in_admin(admin, db, "ada.inbox@example.org")
        everyone = (await admin.get("/api/recruiter/handoffs")).json()["handoffs"]
        assert str(handoff["id"]) in {h["id"] for h in everyone}
        stepped_in = await admin.post(f"{path}/reply", json={"text": "Ada here, from the team."})
        assert stepped_in.status_code == 201, stepped_in.text
        replies = [m for m in await chat.history() if m["role"] == "recruiter"]
        assert [(m["author"], m["content"]) for m in replies] == [
            ("Ada", "Ada here, from the team.")
        ]


async def test_only_staff_reach_the_inbox(auth_settings: Settings, db: AsyncEngine) -> None:
    async with chat_app(auth_settings) as anonymous, chat_app(auth_settings) as candidate:
        chat, handoff = await _handed_off(anonymous, db)
        path = f"/api/recruiter/handoffs/{handoff['id']}"
        assert (await anonymous.get("/api/recruiter/handoffs")).status_code == 401
        assert (await anonymous.post(f"{path}/reply", json={"text": "hi"})).status_code == 401
        await signed_in_candidate(candidate, db, "nosy.candidate@example.org")
        assert (await candidate.get("/api/recruiter/handoffs")).status_code == 403
        assert (await candidate.get(path)).status_code == 403
        closing = await candidate.post(f"{path}/close", json={"outcome": "resolved"})
        assert closing.status_code == 403
    assert (await _handoff_row(db, handoff["id"]))["status"] == "open"
    assert chat.token


async def test_live_events_need_the_conversation_and_a_handoff(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        quiet = await start_conversation(client)
        response = await client.get(
            f"/api/chat/sessions/{quiet.session_id}/events", headers=quiet.auth
        )
        assert response.status_code == 409
        assert response.json()["extra"]["code"] == "no_handoff"
        chat, _ = await _handed_off(client, db)
        stranger = await client.get(
            f"/api/chat/sessions/{chat.session_id}/events", headers=quiet.auth
        )
        assert stranger.status_code == 404  # another conversation's token


# ------------------------------------------------------------- live, across two processes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _served(settings: Settings) -> Iterator[str]:
    """The app under uvicorn in a thread: a real streaming HTTP server."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


class _Events:
    """Reads an SSE response event by event: (id, event, data)."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.aiter_lines()

    async def next(self) -> tuple[str | None, str, dict[str, Any]]:
        """The next event with data (comments and heartbeats skipped), within 10 s."""
        async with asyncio.timeout(10):
            event_id, name, data = None, "message", []
            async for line in self._lines:
                if line.startswith("id:"):
                    event_id = line[3:].strip()
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())
                elif not line and data:
                    return event_id, name, json.loads("\n".join(data))
        raise AssertionError("the stream ended")


@asynccontextmanager
async def _follow(
    base: str, chat: dict[str, str], after: str | None = None
) -> AsyncIterator[_Events]:
    query = f"?after={after}" if after is not None else ""
    async with (
        httpx.AsyncClient(base_url=base, timeout=30) as client,
        client.stream(
            "GET",
            f"/api/chat/sessions/{chat['session_id']}/events{query}",
            headers={"Authorization": f"Bearer {chat['token']}", "Accept": "text/event-stream"},
        ) as response,
    ):
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        yield _Events(response)


async def test_a_reply_reaches_the_widget_live_from_another_api_process(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    port_settings = auth_settings.model_copy(update={"warm_embeddings": False})
    with _served(port_settings) as widget_side, _served(port_settings) as console_side:
        async with httpx.AsyncClient(base_url=widget_side, timeout=60) as visitor:
            created = (await visitor.post("/api/chat/sessions", json={})).json()
            said = await visitor.post(
                f"/api/chat/sessions/{created['session_id']}/messages",
                json={"content": ASK},
                headers={"Authorization": f"Bearer {created['token']}"},
            )
            assert said.status_code == 200, said.text
        recruiter_id = await scalar(
            db,
            "SELECT recruiter_id FROM chat_handoffs WHERE chat_session_id = CAST(:s AS uuid)",
            s=created["session_id"],
        )
        handoff_id = await scalar(
            db,
            "SELECT id FROM chat_handoffs WHERE chat_session_id = CAST(:s AS uuid)",
            s=created["session_id"],
        )
        async with (
            httpx.AsyncClient(base_url=console_side, timeout=60) as console,
            _follow(widget_side, created) as events,
        ):
            me = await signed_in_recruiter(console, db, recruiter_id)
            sent = await console.post(
                f"/api/recruiter/handoffs/{handoff_id}/reply",
                json={"text": "Hello from the recruiting team!"},
            )
            assert sent.status_code == 201, sent.text
            assert sent.json()["live"] is True
            first_id, name, data = await events.next()
            assert name == "recruiter.message"
            assert data["text"] == "Hello from the recruiting team!"
            assert data["author"] == me.first_name
            assert data["message_id"] == sent.json()["message_id"]

            closed = await console.post(
                f"/api/recruiter/handoffs/{handoff_id}/close", json={"outcome": "no_response"}
            )
            assert closed.status_code == 200, closed.text
            _, name, data = await events.next()
            assert name == "handoff.closed" and data == {"handoff_id": str(handoff_id)}
            assert "no_response" not in json.dumps(data)  # the outcome is the recruiter's note

        # A widget that was away gets what it missed, from the other process too.
        async with _follow(console_side, created, after="0") as replay:
            assert (await replay.next())[1] == "recruiter.message"
            assert (await replay.next())[1] == "handoff.closed"
        async with _follow(widget_side, created, after=first_id) as rest:
            assert (await rest.next())[1] == "handoff.closed"
        # A client that went away leaves no stream (nor its Redis subscription) behind.
        deadline = time.monotonic() + 10
        while UUID(created["session_id"]) in chat_api._live_streams:
            assert time.monotonic() < deadline, "a live stream outlived its client"
            await asyncio.sleep(0.05)
