"""Issue 11, finding 7: the smaller holes, each closed through the real app and stores.

- a job hidden from the external board is not shown by id (chat tool, job page) and
  takes no application;
- a body that is not UTF-8 is a 400 in the API's one error shape, never a 500;
- the model's ``page`` argument of ``search_jobs`` is bounded;
- a referral code used by someone else than the referred person attributes the
  application but never advances the referral.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from assistant.errors import NOT_UTF8
from config.settings import Settings
from data_layer.applications.service import JobNotOpen, apply_to_job
from tests.integration.account_helpers import SignUps
from tests.integration.chat_helpers import chat_app, start_conversation
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
    last_user_text,
)
from tools.jobs import MAX_PAGE

BAD_BODIES = [b"\xff\xfe", b'{"content": "caf\xe9"}', b'{"email": "\xc3\x28@x.org"}']


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).mappings())


async def _execute(engine: AsyncEngine, sql: str, **params: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(sql), params)


async def _open_jobs(engine: AsyncEngine, n: int) -> list[str]:
    rows = await _rows(
        engine,
        """SELECT id::text AS id FROM jobs WHERE display_on_external_job_board
           AND closed_at IS NULL ORDER BY id LIMIT :n""",
        n=n,
    )
    return [r["id"] for r in rows]


def tool_policy(messages: list[dict[str, Any]]) -> ScriptedReply:
    """A 'model' that calls the tool the person names and reads the tool's result back."""
    result = after_tool(messages)
    if result is not None:
        return ScriptedReply(text="TOOL " + json.dumps(result))
    words = last_user_text(messages).split()
    if words[:1] == ["details"]:
        return ScriptedReply(tool_calls=[ToolCall("get_job_details", {"job_id": words[1]})])
    if words[:1] == ["apply"]:
        return ScriptedReply(tool_calls=[ToolCall("apply_to_job", {"job_id": words[1]})])
    if words[:1] == ["page"]:
        filters = {"profession": "Registered Nurse"}
        return ScriptedReply(
            tool_calls=[ToolCall("search_jobs", {"filters": filters, "page": int(words[1])})]
        )
    return ScriptedReply(text="How can I help?")


@pytest.fixture
def scripted() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(tool_policy) as server:
        yield server


@pytest.fixture
def llm_settings(chat_settings: Settings, scripted: ScriptedOpenAIServer) -> Settings:
    return chat_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 10.0}
    )


def tool_result(reply: dict[str, Any]) -> dict[str, Any]:
    text_ = str(reply["text"])
    assert text_.startswith("TOOL "), text_
    result: dict[str, Any] = json.loads(text_.removeprefix("TOOL "))
    return result


# ------------------------------------------------------------------ (a) hidden jobs
async def test_a_hidden_job_is_not_shown_by_id_nor_open_to_applications(
    llm_settings: Settings, db: AsyncEngine
) -> None:
    hidden, visible = await _open_jobs(db, 2)
    # hidden from the board by LaborEdge (displayOnExternalJobBoard=false), still open
    await _execute(
        db,
        "UPDATE jobs SET display_on_external_job_board = false WHERE id = CAST(:j AS uuid)",
        j=hidden,
    )
    async with chat_app(llm_settings) as client:
        page = await client.get(f"/jobs/{hidden}")
        control_page = await client.get(f"/jobs/{visible}")
        chat = await start_conversation(client)
        details = tool_result(await chat.say(f"details {hidden}"))
        control = tool_result(await chat.say(f"details {visible}"))
        applying = tool_result(await chat.say(f"apply {hidden}"))

    assert page.status_code == 404
    assert hidden not in page.text
    assert control_page.status_code == 200 and visible in control_page.text
    assert details["status"] == "not_found", details
    assert control["job"]["id"] == visible
    assert applying["status"] == "not_found", applying

    # and the service itself takes no application to it, whoever asks
    candidate_id = (await _rows(db, "SELECT id FROM candidates ORDER BY created_at LIMIT 1"))[0][
        "id"
    ]
    async with async_sessionmaker(db, expire_on_commit=False)() as session:
        with pytest.raises(JobNotOpen):
            await apply_to_job(
                session, candidate_id=candidate_id, job_id=uuid.UUID(hidden), source="chat"
            )
    count = await _rows(
        db,
        "SELECT count(*) AS n FROM applications WHERE job_id = CAST(:j AS uuid)",
        j=hidden,
    )
    assert count[0]["n"] == 0


# ------------------------------------------------------------------ (b) bodies
@pytest.mark.parametrize("body", BAD_BODIES)
async def test_a_body_that_is_not_utf8_is_a_400_on_chat_and_auth(
    chat_settings: Settings, body: bytes
) -> None:
    json_type = {"content-type": "application/json"}
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        message = await client.post(
            f"/api/chat/sessions/{chat.session_id}/messages",
            content=body,
            headers={**chat.auth, **json_type},
        )
        login = await client.post("/api/auth/login", content=body, headers=json_type)
        register = await client.post("/api/auth/register", content=body, headers=json_type)
    for response in (message, login, register):
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/json")
        payload = response.json()
        assert set(payload) <= {"status_code", "detail", "extra"}
        assert payload["status_code"] == 400
        assert "JSON" in payload["detail"]
        if body != b"\xff\xfe":  # not JSON at all: the framework's own 400 says so
            assert payload["detail"] == NOT_UTF8
        assert "Traceback" not in response.text


# ------------------------------------------------------------------ (c) page bound
async def test_the_search_page_the_model_asks_for_is_bounded(llm_settings: Settings) -> None:
    async with chat_app(llm_settings) as client:
        chat = await start_conversation(client)
        huge = tool_result(await chat.say("page 1000000000"))
        zero = tool_result(await chat.say("page 0"))
        past = tool_result(await chat.say(f"page {MAX_PAGE + 1}"))
        last = tool_result(await chat.say(f"page {MAX_PAGE}"))
    for refused in (huge, zero, past):
        assert refused["status"] == "invalid_arguments", refused
        assert "page" in refused["note"] and "valid arguments" in refused["note"]
    assert f"<= {MAX_PAGE}" in huge["note"]
    assert last["page"] == MAX_PAGE and "jobs" in last


# ------------------------------------------------------------------ (d) referrals
async def test_a_referral_code_advances_only_the_referred_persons_referral(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    referrer = (
        await _rows(db, "SELECT id FROM users WHERE user_type = 'candidate' ORDER BY id LIMIT 1")
    )[0]["id"]
    friend = f"named.friend.{uuid.uuid4().hex[:6]}@example.net"
    code = f"T{uuid.uuid4().hex[:10].upper()}"
    await _execute(
        db,
        """INSERT INTO referrals (id, referrer_id, referred_email, referral_code, status,
                                 created_at, updated_at)
           VALUES (gen_random_uuid(), :r, :e, :c, 'sent', now(), now())""",
        r=referrer,
        e=friend.replace("named", "Named"),  # stored as typed: matched in any case
        c=code,
    )

    async def referral() -> Any:
        return (
            await _rows(
                db,
                """SELECT id, status::text AS status, referred_user_id FROM referrals
                   WHERE referral_code = :c""",
                c=code,
            )
        )[0]

    async def candidate_of(email: str) -> Any:
        return (
            await _rows(
                db,
                """SELECT c.id, c.user_id, c.referring_user_id FROM candidates c
                   JOIN users u ON u.id = c.user_id WHERE u.email = :e""",
                e=email,
            )
        )[0]

    stranger = f"someone.else.{uuid.uuid4().hex[:6]}@example.org"
    async with chat_app(auth_settings) as client:
        await sign_up(client, stranger, referral_code=code)
    after_stranger = await referral()
    assert (after_stranger["status"], after_stranger["referred_user_id"]) == ("sent", None)
    someone = await candidate_of(stranger)
    assert someone["referring_user_id"] == referrer  # attribution may stay

    # the stranger applies with the code: the application is attributed, the referral stays
    job_a, job_b = await _open_jobs(db, 2)
    factory = async_sessionmaker(db, expire_on_commit=False)
    async with factory() as session:
        await apply_to_job(
            session,
            candidate_id=someone["id"],
            job_id=uuid.UUID(job_a),
            source="chat",
            referral_id=after_stranger["id"],
        )
        await session.commit()
    assert (await referral())["status"] == "sent"
    attributed = await _rows(
        db,
        "SELECT referrer_id FROM applications WHERE candidate_id = :c",
        c=someone["id"],
    )
    assert [a["referrer_id"] for a in attributed] == [referrer]

    # the control: the person it was sent to moves it to registered, then applied
    async with chat_app(auth_settings) as client:
        await sign_up(client, friend.upper(), referral_code=code)
    named = await candidate_of(friend)
    registered = await referral()
    assert (registered["status"], registered["referred_user_id"]) == (
        "registered",
        named["user_id"],
    )
    async with factory() as session:
        await apply_to_job(
            session,
            candidate_id=named["id"],
            job_id=uuid.UUID(job_b),
            source="chat",
            referral_id=registered["id"],
        )
        await session.commit()
    assert (await referral())["status"] == "applied"
