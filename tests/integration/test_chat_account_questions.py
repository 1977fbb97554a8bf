"""Account questions in the chat (issue 16, part 1): a signed-in candidate's applications
(listed, one with its history, withdrawn on their own yes), their availability and
preferences, a license or certification; anonymous visitors are asked to log in.

Real services throughout (the seeded PostgreSQL copy, MongoDB, the app through its HTTP
API); the LLM engine is LangChain's real client against the scripted model server. The
tools are also called directly with a hand-built context, to pin what they refuse.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from config.settings import Settings
from data_layer.applications.mine import WITHDRAWN_NOTE
from data_layer.applications.service import apply_to_job
from data_layer.candidates.preferences import ProfileChange
from data_layer.chat.dialogue import DialogueState
from data_layer.db.engine import create_engine
from data_layer.resumes.stated_facts import StatedCredential
from tests.integration.account_helpers import signed_in_candidate
from tests.integration.chat_helpers import chat_app
from tools import account
from tools.account import Pointer
from tools.context import Actor, ToolContext, UserConfirmation

# ------------------------------------------------------------------ fixtures


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(chat_settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def mongo(chat_settings: Settings) -> AsyncIterator[Any]:
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        chat_settings.effective_mongodb_url, tz_aware=True
    )
    yield client[chat_settings.mongodb_db]
    await client.close()


@dataclass
class Job:
    id: uuid.UUID
    title: str
    city: str
    state: str


@dataclass
class Candidate:
    candidate_id: uuid.UUID
    user_id: uuid.UUID
    jobs: list[Job]
    """Applied to in this order (so the last is the newest)."""
    applications: list[uuid.UUID]


async def _open_jobs(db: AsyncEngine, n: int) -> list[Job]:
    """``n`` open jobs in ``n`` different cities and states (words tell them apart)."""
    async with db.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT DISTINCT ON (client_state_code) id, coalesce(title, job_title), "
                "client_city, client_state_code FROM jobs "
                "WHERE display_on_external_job_board AND closed_at IS NULL "
                "AND client_city IS NOT NULL AND client_state_code IS NOT NULL "
                "ORDER BY client_state_code, id LIMIT :n"
            ),
            {"n": n},
        )
        return [Job(*row) for row in rows]


async def _applications(db: AsyncEngine, candidate_id: uuid.UUID, jobs: list[Job]) -> list[Any]:
    ids = []
    for job in jobs:
        async with async_sessionmaker(db)() as session, session.begin():
            applied = await apply_to_job(
                session, candidate_id=candidate_id, job_id=job.id, source="website"
            )
            ids.append(applied.application_id)
    return ids


async def _candidate_with_applications(
    client: Any, db: AsyncEngine, jobs: list[Job], email: str | None = None
) -> Candidate:
    """A candidate logged in in ``client``'s browser, with an application to each job."""
    email = email or f"ana.{uuid.uuid4().hex[:8]}@example.com"
    candidate_id = await signed_in_candidate(client, db, email)
    async with db.connect() as conn:
        user_id = (
            await conn.execute(
                text("SELECT user_id FROM candidates WHERE id = :c"), {"c": candidate_id}
            )
        ).scalar_one()
    return Candidate(candidate_id, user_id, jobs, await _applications(db, candidate_id, jobs))


async def _set_status(db: AsyncEngine, application_id: uuid.UUID, status: str) -> None:
    async with db.begin() as conn:
        await conn.execute(
            text("UPDATE applications SET status = :s WHERE id = :a"),
            {"s": status, "a": application_id},
        )
        await conn.execute(
            text(
                "INSERT INTO application_status_history (id, application_id, status, notes, "
                "created_at) VALUES (:i, :a, :s, 'Recruiter moved it', now())"
            ),
            {"i": uuid.uuid4(), "a": application_id, "s": status},
        )


async def _history(db: AsyncEngine, application_id: uuid.UUID) -> list[tuple[str, str | None]]:
    async with db.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT status::text, notes FROM application_status_history "
                "WHERE application_id = :a ORDER BY created_at, id"
            ),
            {"a": application_id},
        )
        return [(s, n) for s, n in rows]


async def _status(db: AsyncEngine, application_id: uuid.UUID) -> str:
    async with db.connect() as conn:
        return str(
            (
                await conn.execute(
                    text("SELECT status::text FROM applications WHERE id = :a"),
                    {"a": application_id},
                )
            ).scalar_one()
        )


@dataclass
class Tools:
    """Calls the account tools the way an engine does, one turn after another."""

    session: AsyncSession
    actor: Actor
    state: DialogueState
    turn: int = 0
    mongo: Any = None

    def ctx(self, said: str = "", **confirmed: Any) -> ToolContext:
        from data_layer.resumes.removal import ResumeFiles

        return ToolContext(
            actor=self.actor,
            db=self.session,
            public_base_url="https://careers.example.com",
            state=self.state,
            turn=self.turn,
            user_confirmed=UserConfirmation(message=said, **confirmed),
            resume_files=ResumeFiles(self.mongo, None) if self.mongo is not None else None,  # type: ignore[arg-type]
        )

    async def call(self, fn: Any, *args: Any, said: str = "", **confirmed: Any) -> Any:
        """One turn: the tool in a transaction of its own, as the engines run it."""
        self.turn += 1
        ctx = self.ctx(said, **confirmed)
        return await ctx.in_transaction(lambda: fn(ctx, *args))


@pytest.fixture
async def session(db: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with async_sessionmaker(db, expire_on_commit=False)() as session:
        yield session


def _tools(session: AsyncSession, who: Candidate | None, mongo: Any = None) -> Tools:
    actor = (
        Actor(
            chat_session_id=uuid.uuid4(),
            user_id=who.user_id,
            candidate_id=who.candidate_id,
            role="candidate",
        )
        if who is not None
        else Actor(chat_session_id=uuid.uuid4())
    )
    return Tools(session, actor, DialogueState(), mongo=mongo)


# ------------------------------------------------------------------ the tools themselves


async def test_tools_list_and_look_up_only_the_candidates_own_applications(
    chat_settings: Settings, db: AsyncEngine, session: AsyncSession
) -> None:
    jobs = await _open_jobs(db, 4)
    async with chat_app(chat_settings) as client:
        ana = await _candidate_with_applications(client, db, jobs[:3])
        bob = await _candidate_with_applications(client, db, jobs[3:])
    tools = _tools(session, ana)
    listed = await tools.call(account.list_my_applications)
    assert listed.status == "ok" and listed.total == 3
    # Newest first, each with its job.
    assert [a.job_id for a in listed.applications] == [str(j.id) for j in reversed(jobs[:3])]
    assert all(a.status == "applied" for a in listed.applications)
    assert {(a.city, a.state) for a in listed.applications} == {(j.city, j.state) for j in jobs[:3]}
    assert str(bob.applications[0]) not in listed.for_model()

    # "The second one" counts over the list shown; "the <city> one" by the job's words.
    second = await tools.call(account.application_status, Pointer(position=2))
    assert second.application.job_id == str(jobs[1].id)
    by_city = await tools.call(account.application_status, Pointer(words=jobs[0].city))
    assert by_city.status == "ok" and by_city.application.job_id == str(jobs[0].id)
    assert [h.status for h in by_city.history] == ["applied"]
    ambiguous = await tools.call(account.application_status, Pointer())
    assert ambiguous.status == "ambiguous" and len(ambiguous.choices) == 3

    # Someone else's application, by its exact id: not found, nothing of it shown.
    foreign = await tools.call(
        account.application_status, Pointer(application_id=str(bob.applications[0]))
    )
    assert foreign.status == "not_found" and foreign.application is None
    assert str(bob.applications[0]) not in foreign.for_model()
    refused = await tools.call(
        account.withdraw_application,
        Pointer(application_id=str(bob.applications[0])),
        said="yes",
        yes=True,
    )
    assert refused.status == "not_found"
    assert await _status(db, bob.applications[0]) == "applied"

    anonymous = _tools(session, None)
    for fn, args in (
        (account.list_my_applications, ()),
        (account.application_status, (Pointer(position=1),)),
        (account.withdraw_application, (Pointer(position=1),)),
        (account.update_profile, ()),
        (account.add_credential, ()),
    ):
        result = await anonymous.call(fn, *args)
        assert result.status == "login_required"
        assert [e.data for e in result.client_events()] == [
            {"type": "login_required", "reason": "account"}
        ]


async def test_withdraw_tool_acts_only_on_a_yes_right_after_its_question(
    chat_settings: Settings, db: AsyncEngine, session: AsyncSession
) -> None:
    jobs = await _open_jobs(db, 3)
    async with chat_app(chat_settings) as client:
        ana = await _candidate_with_applications(client, db, jobs)
    await _set_status(db, ana.applications[2], "placed")
    tools = _tools(session, ana)
    target = Pointer(application_id=str(ana.applications[0]))

    # A model calling withdraw straight away only gets the question asked.
    asked = await tools.call(account.withdraw_application, target, said="withdraw it", yes=False)
    assert asked.status == "confirmation_required"
    assert [e.data["type"] for e in asked.client_events()] == ["confirm_withdraw"]
    # ... and calling it again after an unrelated message is refused: no yes in it.
    weather = await tools.call(account.withdraw_application, target, said="what's the weather?")
    assert weather.status == "confirmation_required"
    # A yes two turns after the question no longer answers it either.
    tools.turn += 1
    late = await tools.call(account.withdraw_application, target, said="yes", yes=True)
    assert late.status == "confirmation_required"
    assert await _status(db, ana.applications[0]) == "applied"
    assert len(await _history(db, ana.applications[0])) == 1

    # The question, then the person's own yes: withdrawn, in the history.
    done = await tools.call(account.withdraw_application, Pointer(), said="yes", yes=True)
    assert done.status == "withdrawn" and done.application.status == "withdrawn"
    assert await _status(db, ana.applications[0]) == "rejected"
    assert (await _history(db, ana.applications[0]))[-1] == ("rejected", WITHDRAWN_NOTE)
    shown = await tools.call(account.application_status, target)
    assert shown.application.status == "withdrawn"
    assert [h.status for h in shown.history] == ["applied", "withdrawn"]

    # Withdrawn, placed: nothing more to withdraw, and nothing is asked.
    for application_id in (ana.applications[0], ana.applications[2]):
        again = await tools.call(
            account.withdraw_application, Pointer(application_id=str(application_id))
        )
        assert again.status == "not_allowed"
    assert await _status(db, ana.applications[2]) == "placed"
    # "No, keep it" drops the question.
    await tools.call(account.withdraw_application, Pointer(application_id=str(ana.applications[1])))
    assert (await tools.call(account.cancel_withdrawal)).status == "cancelled"
    kept = await tools.call(account.withdraw_application, Pointer(), said="yes", yes=True)
    assert kept.status == "confirmation_required"  # asked anew: "withdraw my application"
    assert await _status(db, ana.applications[1]) == "applied"


async def test_profile_tool_saves_only_what_the_message_states(
    chat_settings: Settings, db: AsyncEngine, session: AsyncSession
) -> None:
    async with chat_app(chat_settings) as client:
        ana = await _candidate_with_applications(client, db, [])
    tools = _tools(session, ana)
    nothing = await tools.call(account.update_profile, said="update my profile")
    assert nothing.status == "nothing_said"
    start = dt.date.today() + dt.timedelta(days=40)
    change = ProfileChange(
        available_from=start,
        preferred_states=("TX", "FL"),
        job_types=("Travel", "Per Diem"),
        shift="Nights",
    )
    saved = await tools.call(account.update_profile, profile_change=change)
    assert saved.status == "updated"
    assert set(saved.changed) == {"available_from", "preferred_states", "job_types", "shift"}
    assert saved.profile.preferred_states == ["FL", "TX"]
    assert saved.profile.job_types == ["Per Diem", "Travel"]
    async with db.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT c.available_from, "
                    "(SELECT array_agg(s.code ORDER BY s.code) FROM candidate_preferred_states p "
                    " JOIN states s ON s.id = p.state_id WHERE p.candidate_id = c.id), "
                    "(SELECT array_agg(j.job_type::text ORDER BY j.job_type::text) "
                    " FROM candidate_job_types j WHERE j.candidate_id = c.id) "
                    "FROM candidates c WHERE c.id = :c"
                ),
                {"c": ana.candidate_id},
            )
        ).one()
    assert row[0] == start and row[1] == ["FL", "TX"] and row[2] == ["PERDIEM", "TRAVEL"]
    again = await tools.call(account.update_profile, profile_change=change)
    assert again.status == "unchanged"
    # States said again replace the list; what is not said stays.
    narrowed = await tools.call(
        account.update_profile, profile_change=ProfileChange(preferred_states=("AZ",))
    )
    assert narrowed.profile.preferred_states == ["AZ"]
    assert narrowed.profile.shift == "Nights" and narrowed.profile.available_from == start


async def test_credential_tool_adds_a_license_row_and_a_certification_to_the_resume(
    chat_settings: Settings, db: AsyncEngine, session: AsyncSession, mongo: Any
) -> None:
    async with chat_app(chat_settings) as client:
        ana = await _candidate_with_applications(client, db, [])
    tools = _tools(session, ana, mongo)
    expiry = dt.date.today().replace(day=1) + dt.timedelta(days=400)
    added = await tools.call(
        account.add_credential,
        credential=StatedCredential(kind="license", name="RN", state="FL", expires_on=expiry),
    )
    assert added.status == "added" and added.label == "FL RN license"
    renewed = await tools.call(
        account.add_credential,
        credential=StatedCredential(
            kind="license", name="RN", state="FL", expires_on=expiry + dt.timedelta(days=365)
        ),
    )
    assert renewed.status == "updated"
    async with db.connect() as conn:
        rows = (
            await conn.execute(
                text(
                    "SELECT s.code, p.name, l.expiration_date, l.status::text, "
                    "l.source_resume_id FROM candidate_licenses l JOIN states s ON "
                    "s.id = l.state_id JOIN professions p ON p.id = l.profession_id "
                    "WHERE l.candidate_id = :c"
                ),
                {"c": ana.candidate_id},
            )
        ).all()
        professions = (
            await conn.execute(
                text("SELECT count(*) FROM candidate_professions WHERE candidate_id = :c"),
                {"c": ana.candidate_id},
            )
        ).scalar_one()
    assert rows == [("FL", "Registered Nurse", expiry + dt.timedelta(days=365), "active", None)]
    assert professions == 1
    no_state = await tools.call(
        account.add_credential, credential=StatedCredential(kind="license", name="RN")
    )
    assert no_state.status == "needs_state"
    # Certifications are kept with the resume: none yet, so nothing to keep it on.
    bls = StatedCredential(kind="certification", name="BLS", expires_on=expiry)
    assert (await tools.call(account.add_credential, credential=bls)).status == "no_resume"
    resume_id = await _read_resume(db, mongo, ana.candidate_id)
    assert (await tools.call(account.add_credential, credential=bls)).status == "added"
    renewal = StatedCredential(kind="certification", name="ACLS", expires_on=expiry)
    assert (await tools.call(account.add_credential, credential=renewal)).status == "updated"
    async with db.connect() as conn:
        certs = (
            await conn.execute(
                text(
                    "SELECT certifications FROM resume_embeddings "
                    "WHERE resume_id = :r AND part = 'summary'"
                ),
                {"r": resume_id},
            )
        ).scalar_one()
    assert certs == {"ACLS": expiry.isoformat(), "BLS": expiry.isoformat()}
    parsed = await mongo.parsed_resumes.find_one({"resume_id": str(resume_id)})
    assert {c["name"] for c in parsed["structured_data"]["certifications"]} == {"ACLS", "BLS"}
    assert len(parsed["corrections"]) == 2  # a re-parse of the file keeps them


async def _read_resume(db: AsyncEngine, mongo: Any, candidate_id: uuid.UUID) -> uuid.UUID:
    """A resume of ``candidate_id`` as the pipeline leaves it once read: its row, its
    parsed document (ACLS expiring 2026-01-31) and its summary vector row."""
    from data_layer.models import ResumeStatus
    from data_layer.resumes.parsed_store import save_parsed
    from data_layer.resumes.records import ResumeOwner, create_resume, record_parse

    resume_id = uuid.uuid4()
    structured = {
        "certifications": [
            {"name": "ACLS", "issuer": "AHA", "date": None, "expiration_date": "2026-01-31"}
        ],
        "licenses": [],
        "experience": [],
    }
    doc_id = await save_parsed(
        mongo,
        resume_id=resume_id,
        candidate_id=candidate_id,
        raw_text="ACLS exp 01/2026",
        structured_data=structured,
        details={},
        engine="test",
        document={},
    )
    async with async_sessionmaker(db)() as session, session.begin():
        owner = ResumeOwner(candidate_id=candidate_id)
        await create_resume(
            session,
            resume_id=resume_id,
            owner=owner,
            file_name="cv.txt",
            file_path=f"test/{resume_id}",
            file_type="text/plain",
            file_size=16,
            sha256="0" * 64,
        )
        await record_parse(
            session, resume_id, status=ResumeStatus.PARSED, message="ACLS", parsed_data_id=doc_id
        )
        await session.execute(
            text(
                "INSERT INTO resume_embeddings (id, candidate_id, resume_id, embedding, "
                "model_name, content_hash, part, certifications, created_at, updated_at) "
                "VALUES (:i, :c, :r, :e, 'test', 'x', 'summary', :certs, now(), now())"
            ),
            {
                "i": uuid.uuid4(),
                "c": candidate_id,
                "r": resume_id,
                "e": "[" + ",".join(["0.1"] * 384) + "]",
                "certs": '{"ACLS": "2026-01-31"}',
            },
        )
    return resume_id
