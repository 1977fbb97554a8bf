"""The offline chat understands the master data in PostgreSQL, kept current by the sync.

A specialty LaborEdge adds reaches the chat through a master-data sync: after it, asking for
it by name finds its jobs. The bundled catalog is only the vocabulary of an empty database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from assistant.agent.nlu import understand
from assistant.agent.nlu.lexicon import build_lexicon
from config.settings import Settings
from data_layer.master import catalog as md
from data_layer.master.vocabulary import catalog_vocabulary, read_vocabulary
from data_layer.models import Job, JobType, Profession, Specialty, State, SyncRunStatus
from tests.integration.chat_helpers import chat_app, start_conversation
from tests.support.simulator import simulators
from tests.unit.nlu.test_searches import NEW_SEARCHES
from workers.laboredge.config import LaborEdgeConfig
from workers.sync.options import SyncOptions
from workers.sync.pipeline import run_master_sync

RN = "Registered Nurse"
HYPERBARIC_ID = 990_001
"""LaborEdge's id of the specialty it adds (the catalog's ids are far below)."""
TODAY = dt.date(2026, 11, 26)


async def test_an_empty_database_reads_as_the_bundled_catalog(db_engine: AsyncEngine) -> None:
    async with db_engine.connect() as conn:
        vocabulary = await read_vocabulary(conn)
    assert vocabulary.source == "catalog"
    meaning = understand("ICU jobs in Texas", today=TODAY, lexicon=build_lexicon(vocabulary))
    assert meaning.filters.as_dict() == {"profession": RN, "specialty": "ICU", "state": "TX"}


async def test_a_seeded_database_is_understood_as_the_catalog_is(seeded_db_url: str) -> None:
    engine = create_async_engine(seeded_db_url)
    try:
        async with engine.connect() as conn:
            vocabulary = await read_vocabulary(conn)
    finally:
        await engine.dispose()
    assert vocabulary.source == "database"
    from_database, from_catalog = build_lexicon(vocabulary), build_lexicon(catalog_vocabulary())
    for text, _ in NEW_SEARCHES:
        by_database = understand(text, today=TODAY, lexicon=from_database)
        assert by_database.filters == understand(text, today=TODAY, lexicon=from_catalog).filters


async def _add_job(engine: AsyncEngine, specialty_external_id: int) -> str:
    """An open Houston job of that specialty, as a job sync would store it."""
    async with async_sessionmaker(engine)() as session, session.begin():
        rn = await session.scalar(select(Profession.id).where(Profession.name == RN))
        specialty = await session.scalar(
            select(Specialty.id).where(Specialty.external_id == specialty_external_id)
        )
        texas = await session.scalar(select(State.id).where(State.code == "TX"))
        assert specialty is not None, "the master sync did not store the new specialty"
        job = Job(
            title="Hyperbaric Medicine RN - Houston",
            job_title="Hyperbaric Medicine RN",
            display_on_external_job_board=True,
            job_type=JobType.TRAVEL,
            profession_id=rn,
            specialty_id=specialty,
            client_city="Houston",
            client_state_id=texas,
            client_state_code="TX",
            weekly_pay=Decimal("2950"),
            start_date=dt.date.today() + dt.timedelta(days=30),
            posted_date=dt.datetime.now(dt.UTC),
        )
        session.add(job)
        await session.flush()
        return str(job.id)


async def test_a_specialty_added_by_a_master_sync_is_found_by_name_in_the_chat(
    chat_settings: Settings,
) -> None:
    settings = chat_settings.model_copy(update={"vocabulary_refresh_s": 0.2})
    rn = md.find_profession("rn")
    assert rn is not None
    added = {"id": HYPERBARIC_ID, "name": "Hyperbaric Medicine", "professionId": rn.external_id}
    engine = create_async_engine(settings.effective_database_url)
    with simulators(jobs=1, extra_master={"specialties": ({**added, "active": True},)}) as start:
        sim = start()
        async with chat_app(settings) as client:
            chat = await start_conversation(client)
            before = await chat.say("hyperbaric medicine jobs")
            assert "specialty" not in before["jobs"]["filters"]

            options = SyncOptions(
                database_url=settings.effective_database_url,
                laboredge=LaborEdgeConfig.for_simulator(sim.base_url, timeout_s=5.0),
            )
            run = await run_master_sync(options, engine=engine)
            assert run.status is SyncRunStatus.SUCCEEDED, run.error_message
            job_id = await _add_job(engine, HYPERBARIC_ID)

            # The API notices the sync within VOCABULARY_REFRESH_S, without a restart.
            deadline = time.monotonic() + 15
            reply: dict[str, Any] = before
            while reply["jobs"]["filters"].get("specialty") is None:
                assert time.monotonic() < deadline, "the chat never learned the new specialty"
                await asyncio.sleep(0.2)
                reply = await chat.say("hyperbaric medicine jobs")
    await engine.dispose()

    assert reply["jobs"]["filters"] == {"profession": RN, "specialty": "Hyperbaric Medicine"}
    assert reply["jobs"]["total"] == 1
    assert [card["id"] for card in reply["jobs"]["jobs"]] == [job_id]
    assert "Hyperbaric Medicine" in reply["text"]
