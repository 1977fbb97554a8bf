"""Correcting what was read from a resume in the chat (issue 12, part 3): uploaded through
the API and parsed by the real Celery worker, corrected in the candidate's own words, the
new summary confirmed, and the profile holding the corrected facts. With the LLM engine the
correction is the person's message too: the model has no argument to write one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from celery import Celery
from litestar.testing import AsyncTestClient
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from config.settings import Settings
from data_layer.db.engine import create_engine
from data_layer.master.loader import load_master_data
from data_layer.resumes.corrections import apply_correction
from data_layer.resumes.parsed_store import load_parsed, save_corrections, save_parsed
from tests.integration.account_helpers import signed_in_candidate
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
    last_user_text,
)

RESUME = """Maria Delgado, RN
Houston, TX | (713) 555-0142 | maria.delgado@example.com

LICENSES
Registered Nurse - Texas #884471 (Compact) exp. 05/31/2027
Registered Nurse - California #95123456, expires 08/2027

CERTIFICATIONS
BLS - American Heart Association - exp 03/2027
ACLS - American Heart Association - exp 04/2027

EXPERIENCE
ICU Staff Nurse, Houston Methodist Hospital, Houston, TX
06/2021 - Present
- Cared for 2-3 critically ill adults on ventilators and drips
"""


# ------------------------------------------------------------------ fixtures
@pytest.fixture
async def db(worker_settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The worker's database, with the master data profile facts are written against."""
    engine = create_engine(worker_settings)
    async with async_sessionmaker(engine)() as session, session.begin():
        await load_master_data(session)
    yield engine
    await engine.dispose()


@pytest.fixture
async def mongo(worker_settings: Settings) -> AsyncIterator[Any]:
    client: AsyncMongoClient = AsyncMongoClient(
        worker_settings.effective_mongodb_url, tz_aware=True
    )
    yield client[worker_settings.mongodb_db]
    await client.close()


async def _candidate_uploads(client: AsyncTestClient, db: AsyncEngine) -> tuple[Conversation, str]:
    """A signed-in candidate's conversation in ``client`` with ``RESUME`` read in it."""
    await signed_in_candidate(client, db, f"maria.{uuid.uuid4().hex[:8]}@example.com")
    chat = await start_conversation(client)
    return chat, await _upload(chat)


async def _upload(chat: Conversation) -> str:
    """``RESUME`` attached in ``chat``, once the worker has read it: its id."""
    base = f"/api/chat/sessions/{chat.session_id}/resumes"
    accepted = await chat.client.post(
        base,
        files={"file": ("Maria Delgado CV.txt", RESUME.encode(), "text/plain")},
        headers=chat.auth,
    )
    assert accepted.status_code == 202, accepted.text
    resume_id = str(accepted.json()["resume_id"])
    deadline = time.monotonic() + 90
    while (await _status(chat, resume_id))["status"] == "processing":
        assert time.monotonic() < deadline, "the worker never parsed the resume"
        await asyncio.sleep(0.3)
    return resume_id


async def _status(chat: Conversation, resume_id: str) -> dict[str, Any]:
    response = await chat.client.get(
        f"/api/chat/sessions/{chat.session_id}/resumes/{resume_id}", headers=chat.auth
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def _licenses(db: AsyncEngine, resume_id: str) -> dict[str, tuple[dt.date | None, str]]:
    """This resume's ``candidate_licenses`` rows: state -> (expiry, status)."""
    async with db.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT s.code, l.expiration_date, l.status FROM candidate_licenses l "
                "JOIN states s ON s.id = l.state_id WHERE l.source_resume_id = :r"
            ),
            {"r": uuid.UUID(resume_id)},
        )
        return {code: (expires, str(status)) for code, expires, status in rows}


async def _certifications(db: AsyncEngine, resume_id: str) -> Any:
    async with db.connect() as conn:
        return (
            await conn.execute(
                text(
                    "SELECT certifications FROM resume_embeddings "
                    "WHERE resume_id = :r AND part = 'summary'"
                ),
                {"r": uuid.UUID(resume_id)},
            )
        ).scalar_one()


def _types(reply: dict[str, Any]) -> list[str]:
    return [a["type"] for a in reply["actions"]]


# ------------------------------------------------------------------- offline
async def test_a_candidate_corrects_an_expiry_and_the_profile_gets_the_corrected_one(
    worker_settings: Settings, celery_worker: Celery, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(worker_settings) as client:
        chat, resume_id = await _candidate_uploads(client, db)

        found = await chat.say("I uploaded my resume")
        assert "RN license in TX (compact) ending 4471 expires 2027-05-31" in found["text"]
        assert _types(found) == ["confirm_resume"]

        # The widget's "No, something's wrong" button: they are asked what is different.
        wrong = await chat.say(found["actions"][0]["correct_text"])
        assert "haven't saved anything" in wrong["text"]
        assert "Tell me what's different" in wrong["text"]
        assert await _licenses(db, resume_id) == {}

        fixed = await chat.say("my Texas license expires June 2028")
        said = fixed["text"]
        assert said.startswith("Got it: I changed your TX RN license's expiry to 2028-06-30."), said
        assert (
            "Here's what I have now: RN license in TX (compact) ending 4471 expires 2028-06-30"
            in said
        )
        assert said.endswith("Is that right?")
        assert "884471" not in said
        assert _types(fixed) == ["confirm_resume"]
        assert "expires 2028-06-30" in fixed["actions"][0]["summary"]

        # What the resume's status says is corrected as well.
        status = await _status(chat, resume_id)
        texas = next(x for x in status["structured_data"]["licenses"] if x["state"] == "TX")
        assert texas["expiration_date"] == "2028-06-30"
        assert "expires 2028-06-30" in status["message"]
        parsed = await load_parsed(mongo, uuid.UUID(resume_id))
        assert parsed is not None
        [entry] = parsed["corrections"]
        assert entry["text"] == "my Texas license expires June 2028"
        assert [c["value"] for c in entry["changes"]] == ["2028-06-30"]
        index = parsed["structured_data"]["licenses"].index(texas)
        field = parsed["details"]["licenses"][index]["fields"]["expiration_date"]
        assert field == {
            "confidence": 1.0,
            "evidence": "my Texas license expires June 2028",
            "corrected": True,
        }

        saved = await chat.say("yes")
        assert "saved" in saved["text"].lower(), saved["text"]
    licenses = await _licenses(db, resume_id)
    assert licenses["TX"] == (dt.date(2028, 6, 30), "active")
    assert licenses["CA"] == (dt.date(2027, 8, 31), "active")


async def test_correcting_after_confirming_updates_and_removes_this_resumes_facts(
    worker_settings: Settings, celery_worker: Celery, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(worker_settings) as client:
        chat, resume_id = await _candidate_uploads(client, db)
        await chat.say("I uploaded my resume")
        await chat.say("yes")
        assert set(await _licenses(db, resume_id)) == {"TX", "CA"}
        assert await _certifications(db, resume_id) == {"BLS": "2027-03-31", "ACLS": "2027-04-30"}

        asked = await chat.say("what did you find in my resume?")
        assert "Is that right?" in asked["text"]
        # What cannot be changed here is said, with the way to change it; nothing changes.
        years = await chat.say("No, I have 12 years of experience")
        assert "years of experience come from the dates of your jobs" in years["text"]
        assert "upload a corrected resume" in years["text"]
        assert "talk to a recruiter" in years["text"]
        assert _types(years) == []
        parsed = await load_parsed(mongo, uuid.UUID(resume_id))
        assert parsed is not None and "corrections" not in parsed

        fixed = await chat.say(
            "I don't have a California license, remove ACLS and my Texas license expires June 2028"
        )
        said = fixed["text"]
        assert "removed your CA RN license" in said, said
        assert "removed ACLS" in said
        assert "changed your TX RN license's expiry to 2028-06-30" in said
        assert "CA" not in said.split("Here's what I have now:")[1]

        saved = await chat.say("yes")
        assert "updated the expiry of 1 license" in saved["text"], saved["text"]
        assert "removed 1 license you took off" in saved["text"]
    assert await _licenses(db, resume_id) == {"TX": (dt.date(2028, 6, 30), "active")}
    # Matching reads the certifications held from the resume's summary row.
    assert await _certifications(db, resume_id) == {"BLS": "2027-03-31"}


async def test_a_new_parse_of_the_file_keeps_the_candidates_corrections(
    worker_settings: Settings, mongo: Any
) -> None:
    resume_id = uuid.uuid4()
    structured = {
        "contact_info": {"name": None, "email": None, "phone": None, "address": None},
        "education": [],
        "experience": [],
        "skills": [],
        "certifications": [
            {"name": "ACLS", "issuer": None, "date": None, "expiration_date": "2027-04-30"}
        ],
        "licenses": [
            {"type": "RN", "state": "TX", "number": "884471", "expiration_date": "2027-05-31"}
        ],
    }
    details: dict[str, Any] = {
        "licenses": [{"compact": True, "fields": {}}],
        "certifications": [{"fields": {}}],
    }
    parse = {
        "candidate_id": None,
        "raw_text": "Maria Delgado, RN",
        "engine": "deterministic",
        "document": {"kind": "text", "pages": 1, "ocr_used": False, "needs_review": None},
    }
    await save_parsed(
        mongo, resume_id=resume_id, structured_data=structured, details=details, **parse
    )
    said = "my Texas license expires June 2028 and remove ACLS"
    corrected = apply_correction(structured, details, said)
    entry = corrected.log_entry(said, dt.datetime.now(dt.UTC))
    assert await save_corrections(
        mongo, resume_id, corrected.structured, corrected.details, [entry]
    )
    # After a visitor signs in their upload is parsed again: the corrections stay.
    await save_parsed(
        mongo, resume_id=resume_id, structured_data=structured, details=details, **parse
    )
    parsed = await load_parsed(mongo, resume_id)
    assert parsed is not None
    assert parsed["structured_data"]["licenses"][0]["expiration_date"] == "2028-06-30"
    assert parsed["structured_data"]["certifications"] == []
    assert len(parsed["corrections"]) == 1
    assert not await save_corrections(mongo, uuid.uuid4(), structured, details, [entry])


# ------------------------------------------------------------------------ LLM
MODELS_OWN_WORDS = "remove my Texas license and add a New York RN license"


def correcting_policy(messages: list[dict[str, Any]]) -> ScriptedReply:
    """A model that corrects the resume with words of its own, whatever the person said."""
    result = after_tool(messages)
    if result is not None:
        return ScriptedReply(text=json.dumps(result))
    words = last_user_text(messages).lower()
    if "uploaded" in words:
        return ScriptedReply(tool_calls=[ToolCall("review_resume", {})])
    if words.startswith("yes"):
        return ScriptedReply(tool_calls=[ToolCall("confirm_resume_facts", {})])
    return ScriptedReply(
        tool_calls=[
            ToolCall(
                "correct_resume_facts", {"text": MODELS_OWN_WORDS, "correction": MODELS_OWN_WORDS}
            )
        ]
    )


@pytest.fixture
def scripted() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(correcting_policy) as server:
        yield server


async def test_the_model_cannot_pass_its_own_correction(
    worker_settings: Settings,
    celery_worker: Celery,
    scripted: ScriptedOpenAIServer,
    db: AsyncEngine,
    mongo: Any,
) -> None:
    settings = worker_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 10.0}
    )
    async with chat_app(settings) as client:
        chat, resume_id = await _candidate_uploads(client, db)
        before = await load_parsed(mongo, uuid.UUID(resume_id))
        assert before is not None
        review = json.loads((await chat.say("I uploaded my resume"))["text"])
        assert review["status"] == "parsed"

        # The person corrects nothing: the model's words change nothing.
        idle = json.loads((await chat.say("what's the weather like in Houston?"))["text"])
        assert idle["status"] == "nothing_changed"
        after = await load_parsed(mongo, uuid.UUID(resume_id))
        assert after is not None
        assert after["structured_data"] == before["structured_data"]

        # The person corrects an expiry: only that, in their words, is applied.
        fixed = await chat.say("my Texas license expires June 2028")
        result = json.loads(fixed["text"])
        assert result["status"] == "corrected"
        assert result["changes"] == ["changed your TX RN license's expiry to 2028-06-30"]
        assert _types(fixed) == ["confirm_resume"]
        parsed = await load_parsed(mongo, uuid.UUID(resume_id))
        assert parsed is not None
        states = [x["state"] for x in parsed["structured_data"]["licenses"]]
        assert states == ["TX", "CA"]
        assert [e["text"] for e in parsed["corrections"]] == ["my Texas license expires June 2028"]
        assert MODELS_OWN_WORDS not in json.dumps(parsed, default=str)

        # A yes that corrects something saves nothing until the correction is made.
        but = json.loads((await chat.say("yes, but the California one expires 2029"))["text"])
        assert but["status"] == "confirmation_required"
        assert "correct_resume_facts" in but["note"]
        assert await _licenses(db, resume_id) == {}

        saved = json.loads((await chat.say("yes"))["text"])
        assert saved["status"] == "saved"
    assert (await _licenses(db, resume_id))["TX"] == (dt.date(2028, 6, 30), "active")
    tools = {t["function"]["name"]: t["function"] for t in scripted.app.requests[0]["tools"]}
    assert tools["correct_resume_facts"]["parameters"].get("properties", {}) == {}
