"""Conversations whose dialogue state was stored by an earlier version go on where they were."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from config.settings import Settings
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _store_state(db: AsyncEngine, chat: Conversation, state: dict[str, Any]) -> None:
    async with db.begin() as conn:
        await conn.execute(
            text("UPDATE chat_sessions SET state = CAST(:s AS jsonb) WHERE id = CAST(:i AS uuid)"),
            {"s": json.dumps(state), "i": chat.session_id},
        )


async def test_a_state_stored_before_keeps_its_search_results_and_application(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        found = (await chat.say("travel nurse jobs in Texas"))["jobs"]
        second = found["jobs"][1]
        filters = {"profession": "Registered Nurse", "state": "TX", "job_type": "Travel"}
        await _store_state(
            db,
            chat,
            {
                "filters": filters,
                "query": None,
                "page": 1,
                "results": [
                    {"id": j["id"], "title": j["title"], "city": j["city"], "specialty": None}
                    for j in found["jobs"]
                ],
            },
        )
        more = await chat.say("show me more")
        assert more["jobs"]["page"] == 2 and more["jobs"]["filters"] == filters
        assert more["jobs"]["total"] == found["total"]

        await _store_state(
            db,
            chat,
            {
                "filters": filters,
                "page": 1,
                "results": [{"id": second["id"], "title": second["title"], "city": None}],
                "pending_apply": {
                    "id": second["id"],
                    "title": second["title"],
                    "city": second["city"],
                    "state": second["state"],
                    "job_type": second["job_type"],
                    "turn": 1,
                    "asked": False,
                },
                "expecting": "first_name",
                "contact": {},
            },
        )
        asked = await chat.say("Jane")
        assert "last name" in asked["text"].lower()


async def test_a_state_with_unreadable_parts_still_answers_from_the_rest(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        await chat.say("hello")
        await _store_state(
            db,
            chat,
            {
                "filters": {"job_type": "travelling", "state": "TX"},
                "page": "two",
                "results": "not a list",
                "pending_apply": {"title": "a job without its id"},
            },
        )
        more = await chat.say("show me more")
        assert more["jobs"]["filters"] == {"state": "TX"} and more["jobs"]["page"] == 2
        nothing = await chat.say("yes")
        assert nothing["actions"] == [] and "nothing waiting" in nothing["text"].lower()
