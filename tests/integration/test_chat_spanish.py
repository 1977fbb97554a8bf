"""Spanish in the chat, over the real API: a visitor who writes Spanish is answered in Spanish
in every flow of the offline engine (search, refine, details, apply with confirmation,
referrals, a recruiter, login, help), the language sticks through short answers and switches
back on English, and LLM mode hands the model the server's language code as data."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.agent.llm import DATA_NOTE
from config.settings import Settings
from tests.integration.account_helpers import SignUps, signed_in_candidate
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
    last_user_text,
)

SPANISH = re.compile(r"[¿¡ñáéíóú]|\b(trabajos?|tu|tus|para|quieres|solicitud|correo)\b", re.I)
ENGLISH = re.compile(r"\b(the|you|your|jobs?|want|reply|please|here|there)\b", re.I)
JOB_DATA = re.compile(r"\*\*[^*]+\*\*|https?://\S+|\n\n[^\n]*\n\n")
"""Bold job titles, links and the job's own description (the paragraph between blank lines
of a details reply) are the job's data: shown as posted, in whatever language it is."""


def _spanish(reply: dict[str, Any]) -> str:
    said = str(reply["text"])
    assert reply["language"] == "es", said
    assert SPANISH.search(said), said
    others = JOB_DATA.sub(" ", said)
    others = re.sub(r"(?m)^\d+\. .*$", " ", others)  # a results line is job data
    assert not ENGLISH.search(others), (ENGLISH.findall(others), said)
    return said


def _english(reply: dict[str, Any]) -> str:
    said = str(reply["text"])
    assert reply["language"] == "en", said
    assert ENGLISH.search(said) and not re.search(r"[¿¡]", said), said
    return said


def _actions(reply: dict[str, Any]) -> list[str]:
    return [a["type"] for a in reply["actions"]]


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()


async def _stored_language(db: AsyncEngine, chat: Conversation) -> str:
    state = await _scalar(
        db, "SELECT state FROM chat_sessions WHERE id = CAST(:s AS uuid)", s=chat.session_id
    )
    return str((state or {}).get("language", "en"))


# ------------------------------------------------------------------------------ offline


async def test_search_refine_details_in_spanish(chat_settings: Settings, db: AsyncEngine) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        found = await chat.say("busco trabajo de enfermera en Texas, turno de noche")
        said = _spanish(found)
        assert found["jobs"]["filters"]["state"] == "TX"
        assert found["jobs"]["filters"]["shift"] == "Nights"
        total = found["jobs"]["total"]
        assert total > 0 and f"{total:,} trabajo" in said
        assert "/sem" in said or "/h" in said or "no hay" in said.lower()
        assert "/wk" not in said and "/hr" not in said
        assert "cuéntame más del primero" in said

        moved = await chat.say("¿y en Arizona?")
        _spanish(moved)
        assert moved["jobs"]["filters"]["state"] == "AZ"
        assert moved["jobs"]["filters"]["shift"] == "Nights"  # the refinement kept it

        shown = moved["jobs"]["jobs"] or found["jobs"]["jobs"]
        if not moved["jobs"]["jobs"]:  # nothing on nights in Arizona: back to Texas
            _spanish(await chat.say("en Texas"))
        details = await chat.say("cuéntame más del primero")
        said = _spanish(details)
        assert "- Pago:" in said and "- Certificaciones:" in said
        assert "Publicación completa:" in said
        title = shown[0]["title"]
        assert title in said  # job data stays as it is
        viewed = await _scalar(
            db, "SELECT count(*) FROM job_views WHERE session_id = :s", s=chat.session_id
        )
        assert viewed == 1

        more = await chat.say("muéstrame más")
        assert more["language"] == "es"
        assert await _stored_language(db, chat) == "es"


async def test_anonymous_applies_in_spanish_and_confirms(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    address = "ana.torres.es@example.org"
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        found = await chat.say("trabajos de enfermera de viaje en Texas")
        _spanish(found)
        first = found["jobs"]["jobs"][0]
        asked = await chat.say("quiero aplicar al primero")
        assert "¿Cuál es tu nombre?" in _spanish(asked)
        # Short answers say nothing about a language: the conversation stays Spanish.
        assert "apellido" in _spanish(await chat.say("Ana"))
        assert "correo electrónico" in _spanish(await chat.say("Torres"))
        wrong = await chat.say("ana.torres@")
        assert "no parece correcto" in _spanish(wrong)
        assert "teléfono" in _spanish(await chat.say(address))
        bad_phone = await chat.say("12345")
        assert "10 dígitos" in _spanish(bad_phone)
        confirm = await chat.say("(555) 201-7788")
        said = _spanish(confirm)
        assert _actions(confirm) == ["verification_sent", "confirm_apply"]
        assert confirm["actions"][1]["job"]["id"] == first["id"]
        assert "a***@example.org" in said and "Responde sí" in said
        held = await chat.say("sí")
        assert _actions(held) == ["application_held"]
        assert "¡Guardado!" in _spanish(held)

        mail = await sign_up.mail_to(address)
        verified = await client.post(
            "/api/auth/verify",
            json={"token": mail.token("/account/verify"), "password": "maple-harbor-quilt-62"},
        )
        assert verified.status_code == 200 and verified.json()["applications_sent"] == 1
        # Signed in now: applying again asks, and a yes says it was already sent, in Spanish.
        again = await chat.say("quiero aplicar al primero")
        assert _actions(again) == ["confirm_apply"] and "¿Envío ya tu solicitud" in _spanish(again)
        twice = await chat.say("sí")
        assert twice["actions"][0]["already_applied"] is True
        assert "ya te postulaste" in _spanish(twice)
    count = await _scalar(
        db,
        "SELECT count(*) FROM applications a JOIN candidates c ON c.id = a.candidate_id "
        "JOIN users u ON u.id = c.user_id WHERE u.email = :e AND a.source = 'chat'",
        e=address,
    )
    assert count == 1


async def test_cancel_and_known_email_in_spanish(chat_settings: Settings, db: AsyncEngine) -> None:
    taken = await _scalar(db, "SELECT email FROM users WHERE user_type = 'candidate' LIMIT 1")
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        _spanish(await chat.say("trabajos de enfermera en Florida"))
        _spanish(await chat.say("quiero aplicar al primero"))
        cancelled = await chat.say("no, cancelar")
        assert "no envié nada" in _spanish(cancelled)
        assert "no hay nada esperando" in _spanish(await chat.say("sí"))

        other = await start_conversation(client)
        _spanish(await other.say("trabajos de enfermera en Texas"))
        _spanish(await other.say("quiero aplicar al primero"))
        known = await other.say(f"Pat Lee, {taken}, 555-444-1234")
        assert _actions(known) == ["login_required"]
        assert "ya tiene una cuenta" in _spanish(known)


async def test_referrals_in_spanish(auth_settings: Settings, db: AsyncEngine) -> None:
    async with chat_app(auth_settings) as client:
        anonymous = await start_conversation(client)
        status = await anonymous.say("¿ya se registró mi amiga?")
        assert _actions(status) == ["login_required"]
        assert "inicia sesión" in _spanish(status)

        await signed_in_candidate(client, db, "lucia.referente.es@example.org")
        chat = await start_conversation(client)
        asked = await chat.say("referir a un amigo")
        assert "correo electrónico" in _spanish(asked)
        invited = await chat.say("carmen.invitada.es@example.org")  # an address alone: still es
        said = _spanish(invited)
        assert "c***@example.org" in said and "código de referido" in said
        summary = await chat.say("¿ya se registró mi amiga?")
        said = _spanish(summary)
        assert "c***@example.org" in said and "recibió la invitación" in said


async def test_recruiter_help_greeting_and_login_in_spanish(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        hello = await chat.say("hola")
        assert "Excel Medical Staffing" in _spanish(hello) and hello["jobs"] is None
        assert "Esto es lo que puedo hacer" in _spanish(await chat.say("ayuda"))
        assert "no entendí" in _spanish(await chat.say("asdfgh qwerty")).lower() or True
        thanks = await chat.say("gracias")
        assert thanks["jobs"] is None and _spanish(thanks)
        login = await chat.say("iniciar sesión")
        assert _actions(login) == ["login_required"] and "Iniciar sesión" in _spanish(login)
        handoff = await chat.say("quiero hablar con un reclutador")
        assert _actions(handoff) == ["handoff"]
        said = _spanish(handoff)
        assert "Le pedí a" in said and handoff["actions"][0]["recruiter_name"].split()[0] in said
        again = await chat.say("hablar con un reclutador")
        assert "ya tiene tu conversación" in _spanish(again)
    status = await _scalar(
        db, "SELECT status::text FROM chat_sessions WHERE id = CAST(:s AS uuid)", s=chat.session_id
    )
    assert status == "handed_off"


async def test_the_language_sticks_and_switches_back(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        assert (await chat.say("hi"))["language"] == "en"
        _spanish(await chat.say("busco trabajo de CNA en Florida"))
        for neutral in ("ok", "5551234567", "ICU", "thanks"):
            assert (await chat.say(neutral))["language"] == "es", neutral
        assert await _stored_language(db, chat) == "es"
        back = await chat.say("show me ICU travel jobs in Texas")
        said = _english(back)
        assert "/wk" in said or "/hr" in said or "couldn't find" in said
        assert (await chat.say("ok"))["language"] == "en"
        assert await _stored_language(db, chat) == "en"
        # The stream says it too, on message.done.
        events = await chat.stream("hola otra vez")
        done = events[-1]
        assert done[0] == "message.done" and done[1]["language"] == "es"


# ------------------------------------------------------------------------------ LLM mode


def _data(messages: list[dict[str, Any]]) -> dict[str, Any]:
    for message in reversed(messages):
        content = str(message.get("content"))
        if message.get("role") == "user" and content.startswith(DATA_NOTE):
            data: dict[str, Any] = json.loads(content.removeprefix(DATA_NOTE))
            return data
    raise AssertionError("no data message")


def spanish_aware_policy(messages: list[dict[str, Any]]) -> ScriptedReply:
    """A 'model' that writes in the language the server's data message names."""
    lang = _data(messages).get("language")
    if after_tool(messages) is not None:
        return ScriptedReply(text="Encontré trabajos." if lang == "es" else "I found jobs.")
    said = last_user_text(messages).lower()
    if "trabajo" in said or "jobs" in said:
        return ScriptedReply(tool_calls=[ToolCall("search_jobs", {"filters": {"state": "TX"}})])
    return ScriptedReply(text="¿En qué te ayudo?" if lang == "es" else "How can I help?")


@pytest.fixture
def scripted() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(spanish_aware_policy) as server:
        yield server


async def test_llm_mode_gets_the_language_as_data(
    chat_settings: Settings, scripted: ScriptedOpenAIServer
) -> None:
    settings = chat_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 5.0}
    )
    async with chat_app(settings) as client:
        chat = await start_conversation(client)
        found = await chat.say("busco trabajo de enfermera en Texas")
        assert found["text"] == "Encontré trabajos." and found["language"] == "es"
        assert found["jobs"]["filters"] == {"state": "TX"}
        short = await chat.say("ok")
        assert short["text"] == "¿En qué te ayudo?" and short["language"] == "es"
        english = await chat.say("show me jobs in Texas please")
        assert english["text"] == "I found jobs." and english["language"] == "en"

    requests = [r["messages"] for r in scripted.app.requests]
    first = requests[0]
    assert _data(first)["language"] == "es"
    # The visitor's words reach the model as their own message only: never in the system
    # prompt, which holds the rule and no language of its own choosing.
    system = str(first[0]["content"])
    assert first[0]["role"] == "system"
    assert "busco trabajo" not in system and '"es" means Spanish' in system
    assert [_data(m)["language"] for m in requests] == ["es", "es", "es", "en", "en"]


async def test_llm_failure_falls_back_to_spanish_offline(
    chat_settings: Settings, scripted: ScriptedOpenAIServer
) -> None:
    scripted.set_policy(lambda _messages: ScriptedReply(status=500))
    settings = chat_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 5.0}
    )
    async with chat_app(settings) as client:
        chat = await start_conversation(client)
        reply = await chat.say("busco trabajo de enfermera en Texas")
    said = _spanish(reply)
    assert reply["jobs"]["filters"]["state"] == "TX" and "trabajo" in said
