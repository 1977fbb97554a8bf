"""Resumes in the conversation: what was read, saved on the person's yes, jobs matching it,
deleting it (issue 12, part 3). Real stack; the parsed resume is stored directly (as the
worker stores it) so the tests need no Celery worker.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.embeddings.model import EmbeddingModel
from data_layer.embeddings.resumes import embed_resume
from data_layer.models import ResumeStatus
from data_layer.resumes.matching import COMPACT_STATES
from data_layer.resumes.parsed_store import save_parsed
from data_layer.resumes.records import ResumeOwner, create_resume, record_parse
from data_layer.resumes.storage import ResumeFileMissing, new_resume_key, resume_storage
from data_layer.resumes.summaries import resume_texts
from tests.integration.account_helpers import signed_in_candidate
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
    last_user_text,
)

STRUCTURED: dict[str, Any] = {
    "contact_info": {
        "name": "Maria Delgado",
        "email": "maria.delgado@example.com",
        "phone": "(713) 555-0142",
        "address": "Houston, TX",
    },
    "education": [
        {
            "institution": "University of Houston",
            "degree": "Bachelor of Science in Nursing",
            "field": "Nursing",
            "start_date": None,
            "end_date": "2017-12-31",
        }
    ],
    "experience": [
        {
            "company": "Houston Methodist Hospital",
            "title": "ICU Staff Nurse",
            "location": "Houston, TX",
            "start_date": "2021-06-01",
            "end_date": None,
            "description": "Cared for 2-3 critically ill adults on ventilators and drips",
        },
        {
            "company": "St. Luke's Health",
            "title": "Med-Surg RN",
            "location": "Houston, TX",
            "start_date": "2018-01-01",
            "end_date": "2021-05-31",
            "description": None,
        },
    ],
    "skills": ["Epic", "ventilator management"],
    "certifications": [
        {
            "name": "BLS",
            "issuer": "American Heart Association",
            "date": None,
            "expiration_date": "2027-03-31",
        },
        {
            "name": "ACLS",
            "issuer": "American Heart Association",
            "date": None,
            "expiration_date": "2027-04-30",
        },
    ],
    "licenses": [
        {"type": "RN", "state": "TX", "number": "884471", "expiration_date": "2027-05-31"}
    ],
}
DETAILS: dict[str, Any] = {
    "contact_info": {},
    "licenses": [{"compact": True, "fields": {}}],
    "certifications": [{"fields": {}}, {"fields": {}}],
    "experience": [
        {"specialty": "ICU", "current": True, "fields": {}},
        {"specialty": "Med-Surg", "current": False, "fields": {}},
    ],
    "education": [{"fields": {}}],
    "skills": [],
}
EMPTY: dict[str, Any] = {
    "contact_info": {"name": None, "email": None, "phone": None, "address": None},
    "education": [],
    "experience": [],
    "skills": [],
    "certifications": [],
    "licenses": [],
}
NOTHING_FOUND = (
    "We couldn't find licenses, certifications or work history in this resume; "
    "a recruiter will review it."
)


# ------------------------------------------------------------------ fixtures
@pytest.fixture
async def db(auth_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(auth_settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def mongo(auth_settings: Settings) -> AsyncIterator[Any]:
    client: AsyncMongoClient = AsyncMongoClient(auth_settings.effective_mongodb_url, tz_aware=True)
    yield client[auth_settings.mongodb_db]
    await client.drop_database(auth_settings.mongodb_db)
    await client.close()


async def _sign_in(client: AsyncTestClient, db: AsyncEngine) -> uuid.UUID:
    """A candidate account, logged in in ``client``'s browser: their candidate id."""
    return await signed_in_candidate(client, db, f"maria.{uuid.uuid4().hex[:8]}@example.com")


async def _store_resume(
    settings: Settings,
    db: AsyncEngine,
    mongo: Any,
    chat: Conversation,
    *,
    candidate_id: uuid.UUID | None,
    status: ResumeStatus = ResumeStatus.PARSED,
    structured: dict[str, Any] = STRUCTURED,
    details: dict[str, Any] = DETAILS,
    message: str | None = None,
    model: EmbeddingModel | None = None,
) -> tuple[uuid.UUID, str]:
    """A resume uploaded in ``chat`` and read the way the worker does: (id, file path)."""
    resume_id = uuid.uuid4()
    path = await resume_storage(settings).put(
        new_resume_key("txt"), b"Maria Delgado, RN", "text/plain"
    )
    parsed_id = await save_parsed(
        mongo,
        resume_id=resume_id,
        candidate_id=candidate_id,
        raw_text="Maria Delgado, RN",
        structured_data=structured,
        details=details,
        engine="deterministic",
        document={"kind": "text", "pages": 1, "ocr_used": False, "needs_review": None},
    )
    async with async_sessionmaker(db)() as session, session.begin():
        await create_resume(
            session,
            resume_id=resume_id,
            owner=ResumeOwner(
                candidate_id=candidate_id, chat_session_id=uuid.UUID(chat.session_id)
            ),
            file_name="Maria Delgado CV.txt",
            file_path=path,
            file_type="text/plain",
            file_size=17,
            sha256="0" * 64,
        )
        await record_parse(
            session, resume_id, status=status, message=message, parsed_data_id=parsed_id
        )
        if model is not None and candidate_id is not None:
            texts = resume_texts(structured, details, today=dt.date.today())
            await embed_resume(
                session,
                model,
                candidate_id=candidate_id,
                resume_id=resume_id,
                texts=texts.parts,
                certifications=texts.certifications,
            )
    return resume_id, path


async def _count(db: AsyncEngine, sql: str, **params: Any) -> int:
    async with db.connect() as conn:
        return int((await conn.execute(text(sql), params)).scalar_one())


async def _facts(db: AsyncEngine, resume_id: uuid.UUID) -> dict[str, int]:
    return {
        table: await _count(
            db, f"SELECT count(*) FROM {table} WHERE source_resume_id = :r", r=resume_id
        )
        for table in ("candidate_licenses", "candidate_professions", "candidate_specialties")
    }


def _types(reply: dict[str, Any]) -> list[str]:
    return [a["type"] for a in reply["actions"]]


# ------------------------------------------------------------------- offline
async def test_after_an_upload_the_assistant_says_what_it_found_and_saves_it_on_a_yes(
    auth_settings: Settings, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(auth_settings) as client:
        candidate_id = await _sign_in(client, db)
        chat = await start_conversation(client)
        # Something the candidate entered themselves: kept as it is, never taken over.
        await _run(
            db,
            "INSERT INTO candidate_professions (id, candidate_id, profession_id, created_at) "
            "SELECT gen_random_uuid(), :c, id, now() FROM professions "
            "WHERE name = 'Registered Nurse'",
            c=candidate_id,
        )
        resume_id, _ = await _store_resume(
            auth_settings, db, mongo, chat, candidate_id=candidate_id
        )

        found = await chat.say("I uploaded my resume")
        said = found["text"]
        for fact in ("RN", "TX", "compact", "4471", "2027-05-31", "BLS", "ACLS", "ICU"):
            assert fact in said, said
        assert "884471" not in said  # the chat shows a license number's last four only
        assert "Is that right?" in said
        assert _types(found) == ["confirm_resume"]
        action = found["actions"][0]
        assert action["resume_id"] == str(resume_id)
        assert await _facts(db, resume_id) == {
            "candidate_licenses": 0,
            "candidate_professions": 0,
            "candidate_specialties": 0,
        }

        saved = await chat.say(action["confirm_text"])
        assert "saved" in saved["text"].lower(), saved["text"]
        facts = await _facts(db, resume_id)
        assert facts == {
            "candidate_licenses": 1,
            "candidate_professions": 0,  # theirs already, entered by hand
            "candidate_specialties": 2,  # ICU and Med-Surg
        }
        async with db.connect() as conn:
            lic = (
                await conn.execute(
                    text(
                        "SELECT s.code, p.name, l.license_number, l.expiration_date, l.status "
                        "FROM candidate_licenses l JOIN states s ON s.id = l.state_id "
                        "JOIN professions p ON p.id = l.profession_id "
                        "WHERE l.source_resume_id = :r"
                    ),
                    {"r": resume_id},
                )
            ).one()
            own = (
                await conn.execute(
                    text(
                        "SELECT count(*), count(source_resume_id) FROM candidate_professions "
                        "WHERE candidate_id = :c"
                    ),
                    {"c": candidate_id},
                )
            ).one()
            years = (
                await conn.execute(
                    text("SELECT years_of_experience FROM candidates WHERE id = :c"),
                    {"c": candidate_id},
                )
            ).scalar_one()
        assert tuple(lic) == (
            "TX",
            "Registered Nurse",
            "884471",
            dt.date(2027, 5, 31),
            "active",
        )
        assert tuple(own) == (1, 0)
        assert years is not None and float(years) > 7

        # Asked and confirmed again: nothing new.
        await chat.say("what did you find in my resume?")
        again = await chat.say("yes that's right")
        assert "already" in again["text"], again["text"]
        assert await _facts(db, resume_id) == facts


async def _run(db: AsyncEngine, sql: str, **params: Any) -> None:
    async with db.begin() as conn:
        await conn.execute(text(sql), params)


async def test_a_no_saves_nothing_and_a_yes_needs_the_question_first(
    auth_settings: Settings, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(auth_settings) as client:
        candidate_id = await _sign_in(client, db)
        chat = await start_conversation(client)
        resume_id, _ = await _store_resume(
            auth_settings, db, mongo, chat, candidate_id=candidate_id
        )
        # A yes to nothing asked saves nothing.
        stray = await chat.say("yes")
        assert "Is that right?" not in stray["text"]
        await chat.say("here is my resume")
        wrong = await chat.say("No, something's wrong")
        assert "haven't saved anything" in wrong["text"]
        assert sum((await _facts(db, resume_id)).values()) == 0


async def test_find_jobs_that_match_my_resume_shows_cards_saying_why(
    auth_settings: Settings, db: AsyncEngine, mongo: Any, embedding_model: EmbeddingModel
) -> None:
    async with chat_app(auth_settings) as client:
        candidate_id = await _sign_in(client, db)
        chat = await start_conversation(client)
        # A Wyoming nurse: few jobs in Wyoming, so most matches count through the compact.
        wyoming = json.loads(
            json.dumps(STRUCTURED).replace('"TX"', '"WY"').replace("Houston, TX", "Casper, WY")
        )
        await _store_resume(
            auth_settings,
            db,
            mongo,
            chat,
            candidate_id=candidate_id,
            structured=wyoming,
            model=embedding_model,
        )
        # Nothing confirmed yet: the assistant checks the facts with them first.
        first = await chat.say("find jobs that match my resume")
        assert "Is that right?" in first["text"], first["text"]
        assert first["jobs"] is None
        await chat.say("yes")

        found = await chat.say("find jobs that match my resume")
        jobs = found["jobs"]["jobs"]
        assert jobs, found["text"]
        assert found["jobs"]["source"] == "resume"
        for job in jobs:
            assert job["profession"] == "Registered Nurse"
            assert job["state"] in COMPACT_STATES
            why = job["why"]
            assert "WY" in why, why
            if job["state"] != "WY":
                assert "compact license covers" in why, why
            assert job["why"] in found["text"]
        assert any("compact license covers" in job["why"] for job in jobs), jobs
        # "Apply to the first one" then means the first card shown.
        details = await chat.say("tell me more about the first one")
        assert jobs[0]["title"] in details["text"]


async def test_a_visitor_is_asked_to_sign_in_and_nothing_is_written(
    auth_settings: Settings, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        resume_id, _ = await _store_resume(auth_settings, db, mongo, chat, candidate_id=None)
        found = await chat.say("did you get my CV?")
        assert "4471" in found["text"] and "Is that right?" in found["text"]
        answer = await chat.say("yes")
        assert _types(answer) == ["login_required"]
        assert "log in" in answer["text"]
        assert sum((await _facts(db, resume_id)).values()) == 0
        matched = await chat.say("find jobs that match my resume")
        assert _types(matched) == ["login_required"] and matched["jobs"] is None
    assert await _count(db, "SELECT count(*) FROM candidate_licenses") == await _count(
        db, "SELECT count(*) FROM candidate_licenses WHERE source_resume_id IS NULL"
    )


async def test_a_resume_that_needs_review_gets_its_message_not_invented_facts(
    auth_settings: Settings, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        await _store_resume(
            auth_settings,
            db,
            mongo,
            chat,
            candidate_id=None,
            status=ResumeStatus.NEEDS_REVIEW,
            structured=EMPTY,
            details={},
            message=NOTHING_FOUND,
        )
        reply = await chat.say("I uploaded my resume")
        assert NOTHING_FOUND in reply["text"]
        assert "Is that right?" not in reply["text"]
        assert "license" not in reply["text"].replace("licenses, certifications", "")
        assert reply["actions"] == []
        # A yes now confirms nothing.
        assert "saved" not in (await chat.say("yes"))["text"].lower()


async def test_delete_my_resume_asks_then_deletes_everything_read_from_it(
    auth_settings: Settings, db: AsyncEngine, mongo: Any, embedding_model: EmbeddingModel
) -> None:
    async with chat_app(auth_settings) as client:
        candidate_id = await _sign_in(client, db)
        chat = await start_conversation(client)
        resume_id, path = await _store_resume(
            auth_settings, db, mongo, chat, candidate_id=candidate_id, model=embedding_model
        )
        await chat.say("I uploaded my resume")
        await chat.say("yes")
        assert (await _facts(db, resume_id))["candidate_licenses"] == 1

        asked = await chat.say("please delete my resume")
        assert _types(asked) == ["confirm_resume_delete"]
        assert "Maria Delgado CV.txt" in asked["text"]
        assert await _count(db, "SELECT count(*) FROM candidate_resumes WHERE id = :r", r=resume_id)

        done = await chat.say(asked["actions"][0]["confirm_text"])
        assert _types(done) == ["resume_deleted"], done
    assert (
        await _count(db, "SELECT count(*) FROM candidate_resumes WHERE id = :r", r=resume_id) == 0
    )
    assert (
        await _count(db, "SELECT count(*) FROM resume_embeddings WHERE resume_id = :r", r=resume_id)
        == 0
    )
    assert sum((await _facts(db, resume_id)).values()) == 0
    assert (
        await _count(
            db,
            "SELECT count(*) FROM candidates WHERE id = :c AND years_of_experience IS NULL",
            c=candidate_id,
        )
        == 1
    )
    assert await mongo["parsed_resumes"].count_documents({"resume_id": str(resume_id)}) == 0
    with pytest.raises(ResumeFileMissing):
        await resume_storage(auth_settings).get(path)


async def test_a_no_keeps_the_resume(auth_settings: Settings, db: AsyncEngine, mongo: Any) -> None:
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        resume_id, path = await _store_resume(auth_settings, db, mongo, chat, candidate_id=None)
        await chat.say("delete my resume")
        kept = await chat.say("No, keep it")
        assert "kept" in kept["text"]
        # A later yes is no answer to a question no longer open.
        await chat.say("yes")
    assert await _count(db, "SELECT count(*) FROM candidate_resumes WHERE id = :r", r=resume_id)
    assert await resume_storage(auth_settings).get(path)


async def test_another_conversations_resume_is_never_read(
    auth_settings: Settings, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(auth_settings) as client:
        mine = await start_conversation(client)
        resume_id, _ = await _store_resume(auth_settings, db, mongo, mine, candidate_id=None)
        other = await start_conversation(client)
        reply = await other.say("I uploaded my resume")
        assert "4471" not in reply["text"] and "don't see a resume" in reply["text"]
        asked = await other.say("delete my resume")
        assert "no resume" in asked["text"].lower()
        await other.say("yes")
    assert await _count(db, "SELECT count(*) FROM candidate_resumes WHERE id = :r", r=resume_id)


# ------------------------------------------------------------------------ LLM
def eager_policy(messages: list[dict[str, Any]]) -> ScriptedReply:
    """A model that calls the resume tools whatever the person said: the server decides."""
    result = after_tool(messages)
    if result is not None:
        return ScriptedReply(text=json.dumps(result))
    words = last_user_text(messages).lower()
    if "uploaded" in words:
        return ScriptedReply(tool_calls=[ToolCall("review_resume", {})])
    if "delete" in words:
        return ScriptedReply(tool_calls=[ToolCall("delete_resume", {})])
    if "match" in words:
        return ScriptedReply(tool_calls=[ToolCall("jobs_matching_resume", {})])
    # "What's the weather?" or "yes": it confirms either way.
    return ScriptedReply(tool_calls=[ToolCall("confirm_resume_facts", {})])


@pytest.fixture
def scripted() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer(eager_policy) as server:
        yield server


@pytest.fixture
def llm_settings(auth_settings: Settings, scripted: ScriptedOpenAIServer) -> Settings:
    return auth_settings.model_copy(
        update={"openai_base_url": scripted.base_url, "llm_timeout_s": 10.0}
    )


async def test_the_model_confirming_without_the_persons_yes_saves_nothing(
    llm_settings: Settings, scripted: ScriptedOpenAIServer, db: AsyncEngine, mongo: Any
) -> None:
    async with chat_app(llm_settings) as client:
        candidate_id = await _sign_in(client, db)
        chat = await start_conversation(client)
        resume_id, _ = await _store_resume(llm_settings, db, mongo, chat, candidate_id=candidate_id)
        found = await chat.say("I uploaded my resume")
        review = json.loads(found["text"])
        assert review["status"] == "parsed" and "4471" in review["summary"]
        assert "884471" not in json.dumps(scripted.app.requests[-1]["messages"])
        assert _types(found) == ["confirm_resume"]

        # The model "confirms" on its own: the person said no yes.
        refused = await chat.say("what's the weather?")
        assert '"confirmation_required"' in refused["text"]
        assert sum((await _facts(db, resume_id)).values()) == 0
        assert await _count(db, "SELECT count(*) FROM candidate_resumes WHERE id = :r", r=resume_id)

        saved = await chat.say("yes")
        assert json.loads(saved["text"])["status"] == "saved"
    assert (await _facts(db, resume_id))["candidate_licenses"] == 1
    tools = {t["function"]["name"] for t in scripted.app.requests[0]["tools"]}
    assert {
        "review_resume",
        "confirm_resume_facts",
        "jobs_matching_resume",
        "delete_resume",
    } <= tools
