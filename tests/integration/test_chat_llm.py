"""LLM mode: LangChain's real ChatOpenAI against a local scripted OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any, get_args

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.agent.llm import DATA_NOTE
from config.settings import Settings
from data_layer.jobs.filters import FIELD_NAMES, JobTypeName
from tests.integration.account_helpers import SignUps
from tests.integration.chat_helpers import chat_app, start_conversation
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
    last_user_text,
)


def _known_ids(messages: list[dict[str, Any]]) -> list[str]:
    """Job ids from the server's data message (JSON after its note line)."""
    ids: list[str] = []
    for message in messages:
        content = str(message.get("content"))
        if message.get("role") == "user" and content.startswith(DATA_NOTE):
            data = json.loads(content.removeprefix(DATA_NOTE))
            ids.extend(job["id"] for job in data.get("jobs_shown", []))
            if "job_in_focus" in data:
                ids.append(data["job_in_focus"]["id"])
    return ids


def staffing_policy(messages: list[dict[str, Any]]) -> ScriptedReply:
    """A tiny, deterministic 'model' that drives the candidate journey through tools."""
    result = after_tool(messages)
    if result is not None:
        if "jobs" in result:
            return ScriptedReply(text=f"I found {result['total']} matching jobs for you.")
        if "job" in result and "certifications_required" in result["job"]:
            return ScriptedReply(text=f"{result['job']['title']} pays well. Want to apply?")
        if result.get("status") == "details_required":
            return ScriptedReply(text="Sure! What are your name, email and phone?")
        if result.get("status") in ("confirmation_required",) or "pending_job" in result:
            return ScriptedReply(text="Shall I submit your application? Please confirm.")
        if "application_id" in result:
            return ScriptedReply(text="Done: your application is in.")
        if result.get("status") == "held_until_email_confirmed":
            return ScriptedReply(text="Saved: it is sent once you confirm your email.")
        return ScriptedReply(text=f"Result: {result.get('status')}")
    said = last_user_text(messages).lower()
    ids = _known_ids(messages)
    if "nurse jobs" in said:
        return ScriptedReply(
            tool_calls=[
                ToolCall(
                    "search_jobs",
                    {"filters": {"profession": "Registered Nurse", "job_type": "Travel"}},
                )
            ]
        )
    if "tell me more" in said and ids:
        return ScriptedReply(tool_calls=[ToolCall("get_job_details", {"job_id": ids[0]})])
    if said.startswith("apply") and ids:
        return ScriptedReply(tool_calls=[ToolCall("apply_to_job", {"job_id": ids[-1]})])
    if "@" in said:
        first, last, email, phone = [p.strip() for p in last_user_text(messages).split(",")]
        return ScriptedReply(
            tool_calls=[
                ToolCall(
                    "register_candidate",
                    {"first_name": first, "last_name": last, "email": email, "phone": phone},
                )
            ]
        )
    if said in ("yes", "yes please"):
        return ScriptedReply(tool_calls=[ToolCall("confirm_application", {})])
    return ScriptedReply(text="How can I help with your job search?")


@pytest.fixture
def scripted() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(staffing_policy) as server:
        yield server


@pytest.fixture
def llm_settings(chat_settings: Settings, scripted: ScriptedOpenAIServer) -> Settings:
    return chat_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 5.0}
    )


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def test_search_details_apply_confirm_through_the_real_chatopenai_client(
    llm_settings: Settings, scripted: ScriptedOpenAIServer, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(llm_settings) as client:
        chat = await start_conversation(client)
        events = await chat.stream("show me travel nurse jobs")
        kinds = [k for k, _ in events]
        assert kinds.index("tool.started") < kinds.index("tool.finished") < kinds.index("jobs")
        jobs = next(d for k, d in events if k == "jobs")
        assert jobs["filters"] == {"profession": "Registered Nurse", "job_type": "Travel"}
        streamed = "".join(d["text"] for k, d in events if k == "message.delta")
        assert streamed == f"I found {jobs['total']} matching jobs for you."
        assert events[-1][1]["text"] == streamed

        details = await chat.say("tell me more about the first one")
        assert details["text"].endswith("Want to apply?")
        asked = await chat.say("apply to it")
        assert "name, email and phone" in asked["text"]
        confirm = await chat.say("Robin, Hale, robin.hale.llm@example.org, 555-222-3333")
        assert [a["type"] for a in confirm["actions"]] == ["verification_sent", "confirm_apply"]
        done = await chat.say("yes")
        assert [a["type"] for a in done["actions"]] == ["application_held"]
        assert done["text"] == "Saved: it is sent once you confirm your email."
        token = (await sign_up.mail_to("robin.hale.llm@example.org")).token("/account/verify")
        verified = await client.post(
            "/api/auth/verify", json={"token": token, "password": "hazel-lantern-orbit-48"}
        )
        assert verified.json()["applications_sent"] == 1, verified.text

    first_job = jobs["jobs"][0]["id"]
    async with db.connect() as conn:
        result = await conn.execute(
            text(
                """SELECT a.job_id, a.status::text AS status, a.source,
                          u.status::text AS ustatus
                   FROM applications a JOIN candidates c ON c.id = a.candidate_id
                   JOIN users u ON u.id = c.user_id
                   WHERE u.email = 'robin.hale.llm@example.org'"""
            )
        )
        rows = result.mappings().all()
    assert len(rows) == 1
    assert str(rows[0]["job_id"]) == first_job
    assert (rows[0]["status"], rows[0]["source"], rows[0]["ustatus"]) == (
        "applied",
        "chat",
        "active",
    )
    # The client really streamed (and asked for usage) from the local server.
    assert all(r.get("stream") is True for r in scripted.app.requests)
    assert scripted.app.requests[0]["stream_options"] == {"include_usage": True}


async def test_tools_offer_the_model_no_identity_arguments(
    llm_settings: Settings, scripted: ScriptedOpenAIServer
) -> None:
    async with chat_app(llm_settings) as client:
        chat = await start_conversation(client)
        await chat.say("hello")
    tools = scripted.app.requests[0]["tools"]
    names = {t["function"]["name"] for t in tools}
    assert names >= {"search_jobs", "apply_to_job", "lookup_referrals", "request_recruiter"}
    for definition in tools:
        params = json.dumps(definition["function"]["parameters"]).lower()
        for forbidden in ("user_id", "candidate_id", "session_id", "runtime", "recruiter_id"):
            assert forbidden not in params, (definition["function"]["name"], forbidden)


async def test_model_asking_for_someone_elses_data_gets_only_the_callers(
    llm_settings: Settings, scripted: ScriptedOpenAIServer, db: AsyncEngine
) -> None:
    def snoop(messages: list[dict[str, Any]]) -> ScriptedReply:
        result = after_tool(messages)
        if result is not None:
            return ScriptedReply(text=json.dumps(result))
        # The model tries to smuggle another user's identity into the arguments.
        return ScriptedReply(
            tool_calls=[ToolCall("lookup_referrals", {"user_id": "someone-else", "all": True})]
        )

    scripted.set_policy(snoop)
    async with chat_app(llm_settings) as client:
        chat = await start_conversation(client)
        reply = await chat.say("show me other people's referrals and applications")
    assert json.loads(reply["text"])["status"] == "login_required"
    assert [a["type"] for a in reply["actions"]] == ["login_required"]


@pytest.mark.parametrize("failure", ["http_500", "timeout"])
async def test_llm_failure_falls_back_to_the_offline_engine(
    llm_settings: Settings, scripted: ScriptedOpenAIServer, failure: str
) -> None:
    def broken(messages: list[dict[str, Any]]) -> ScriptedReply:
        if failure == "http_500":
            return ScriptedReply(status=500)
        return ScriptedReply(text="too late", delay_s=3.0)

    scripted.set_policy(broken)
    settings = llm_settings.model_copy(update={"llm_timeout_s": 1.0})
    async with chat_app(settings) as client:
        chat = await start_conversation(client)
        response = await client.post(
            f"/api/chat/sessions/{chat.session_id}/messages",
            json={"content": "ICU travel jobs in Texas"},
            headers=chat.auth,
        )
    assert response.status_code == 200
    body = response.json()
    assert body["jobs"]["filters"]["specialty"] == "ICU"
    assert "too late" not in body["text"] and body["text"]


async def test_two_api_processes_answering_one_conversation_give_the_model_every_turn(
    llm_settings: Settings, scripted: ScriptedOpenAIServer
) -> None:
    """Behind a load balancer consecutive turns land on different API processes."""

    def user_texts(request: dict[str, Any]) -> list[str]:
        return [
            m["content"]
            for m in request["messages"]
            if m.get("role") == "user" and not m["content"].startswith(DATA_NOTE)
        ]

    async with chat_app(llm_settings) as one, chat_app(llm_settings) as two:
        on_one = await start_conversation(one)
        on_two = replace(on_one, client=two)
        await on_one.say("hello there")
        await on_two.say("I am an ICU nurse")
        await on_two.history()  # the turn answered by the second process is stored
        await on_one.say("what can you do?")
        await on_one.history()
        await on_two.say("and in Texas?")

    assert user_texts(scripted.app.requests[-1]) == [
        "hello there",
        "I am an ICU nurse",
        "what can you do?",
        "and in Texas?",
    ]
    assert user_texts(scripted.app.requests[-2]) == [
        "hello there",
        "I am an ICU nurse",
        "what can you do?",
    ]


async def test_arguments_that_do_not_fit_the_schema_come_back_to_the_model_as_an_error(
    llm_settings: Settings, scripted: ScriptedOpenAIServer
) -> None:
    seen: list[dict[str, Any]] = []

    def sloppy(messages: list[dict[str, Any]]) -> ScriptedReply:
        result = after_tool(messages)
        if result is None:
            return ScriptedReply(
                tool_calls=[
                    ToolCall("search_jobs", {"filters": {"job_type": "travelling"}, "page": 0})
                ]
            )
        seen.append(result)
        return ScriptedReply(text="Let me try that search again.")

    scripted.set_policy(sloppy)
    async with chat_app(llm_settings) as client:
        chat = await start_conversation(client)
        events = await chat.stream("travel jobs please")
    kinds = [k for k, _ in events]
    assert kinds[:2] == ["tool.started", "tool.finished"] and "jobs" not in kinds
    assert events[-1][1]["text"] == "Let me try that search again."
    [result] = seen
    assert result["status"] == "invalid_arguments"
    assert "travelling" in result["note"] and "job_type" in result["note"]


async def test_the_search_tool_schema_is_the_filter_type(
    llm_settings: Settings, scripted: ScriptedOpenAIServer
) -> None:
    async with chat_app(llm_settings) as client:
        chat = await start_conversation(client)
        await chat.say("hello")
    [search] = [
        t["function"]
        for t in scripted.app.requests[0]["tools"]
        if t["function"]["name"] == "search_jobs"
    ]
    filters = search["parameters"]["properties"]["filters"]["anyOf"][0]
    assert tuple(filters["properties"]) == FIELD_NAMES
    job_types = filters["properties"]["job_type"]["anyOf"][0]["enum"]
    assert sorted(job_types) == sorted(get_args(JobTypeName))
