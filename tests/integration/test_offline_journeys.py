"""Offline mode over the real API: many phrasings, the filters understood, and the rows they create.

Each case is a fresh conversation; a case is a list of turns, and the filters
the assistant understood after the last turn are compared with what a person
meant. Every search must also leave a `user_searches` row with those filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from config.settings import Settings
from tests.integration.chat_helpers import chat_app, start_conversation

RN = "Registered Nurse"
_NEXT_MONTH = (dt.date.today().replace(day=1) + dt.timedelta(days=32)).replace(day=1)

# (turns, expected filters after the last turn)
SEARCHES: list[tuple[list[str], dict[str, Any]]] = [
    (["ICU travel jobs in Texas"], {"profession": RN, "specialty": "ICU", "job_type": "Travel", "state": "TX"}),
    (["critical care nurse jobs in TX"], {"profession": RN, "specialty": "ICU", "state": "TX"}),
    (["travel tele jobs"], {"profession": RN, "specialty": "Telemetry", "job_type": "Travel"}),
    (["L&D travel jobs in Florida"], {"specialty": "L&D", "job_type": "Travel", "state": "FL"}),
    (["labor and delivery nurse jobs in Arizona"], {"profession": RN, "specialty": "L&D", "state": "AZ"}),
    (["med surg jobs in Ohio"], {"specialty": "Med-Surg", "state": "OH"}),
    (["medsurg travel nurse"], {"profession": RN, "specialty": "Med-Surg", "job_type": "Travel"}),
    (["NICU jobs in California"], {"specialty": "NICU", "state": "CA"}),
    (["PICU travel contracts"], {"specialty": "PICU", "job_type": "Travel"}),
    (["oncology nurse jobs"], {"profession": RN, "specialty": "Oncology"}),
    (["dialysis RN jobs in Georgia"], {"profession": RN, "specialty": "Dialysis", "state": "GA"}),
    (["cath lab nurse jobs in Tennessee"], {"profession": RN, "specialty": "Cath Lab", "state": "TN"}),
    (["PACU jobs nights"], {"profession": RN, "specialty": "PACU", "shift": "Nights"}),
    (["per diem CNA jobs in Florida"], {"profession": "Certified Nursing Assistant", "job_type": "Per Diem", "state": "FL"}),
    (["PRN LPN jobs"], {"profession": "Licensed Practical Nurse", "job_type": "Per Diem"}),
    (["LVN jobs in Texas"], {"profession": "Licensed Practical Nurse", "state": "TX"}),
    (["permanent RN jobs in Dallas"], {"profession": RN, "job_type": "Perm", "city": "Dallas", "state": "TX"}),
    (["local nurse jobs in Houston, TX"], {"profession": RN, "job_type": "Local", "city": "Houston", "state": "TX"}),
    (["travel physical therapist jobs"], {"profession": "Physical Therapist", "job_type": "Travel"}),
    (["respiratory therapist jobs in Colorado"], {"profession": "Respiratory Therapist", "state": "CO"}),
    (["surgical tech travel jobs"], {"profession": "Surgical Technologist", "job_type": "Travel"}),
    (["rad tech jobs in Michigan"], {"profession": "Radiologic Technologist", "state": "MI"}),
    (["night shift ICU jobs"], {"profession": RN, "specialty": "ICU", "shift": "Nights"}),
    (["ICU nurse jobs, 12s, nights"], {"profession": RN, "specialty": "ICU", "shift": "Nights", "shift_hours": 12}),
    (["travel nurse jobs paying over 2.5k a week"], {"profession": RN, "job_type": "Travel", "min_weekly_pay": 2500.0}),
    (["RN jobs at least $3,000/week"], {"profession": RN, "min_weekly_pay": 3000.0}),
    (["CNA jobs $25/hr or more"], {"profession": "Certified Nursing Assistant", "min_hourly_pay": 25.0}),
    (["nurse jobs paying 60 an hour"], {"profession": RN, "min_hourly_pay": 60.0}),
    (["ICU jobs starting ASAP"], {"profession": RN, "specialty": "ICU", "start": "asap"}),
    (["hot travel nurse jobs"], {"profession": RN, "job_type": "Travel", "hot_only": True}),
    (["ER travel jobs in New York"], {"specialty": "ER", "job_type": "Travel", "state": "NY"}),
    (["icu nurse job in texas??"], {"profession": RN, "specialty": "ICU", "state": "TX"}),
    # refinements of the previous search
    (["ICU travel jobs in Texas", "only nights"], {"profession": RN, "specialty": "ICU", "job_type": "Travel", "state": "TX", "shift": "Nights"}),
    (["ICU travel jobs in Texas", "what about Arizona instead?"], {"profession": RN, "specialty": "ICU", "job_type": "Travel", "state": "AZ"}),
    (["travel nurse jobs in Dallas", "what about Arizona instead?"], {"profession": RN, "job_type": "Travel", "state": "AZ"}),
    (["ICU travel jobs in Texas", "over 3k a week"], {"profession": RN, "specialty": "ICU", "job_type": "Travel", "state": "TX", "min_weekly_pay": 3000.0}),
    (["RN jobs in Florida", "travel only"], {"profession": RN, "state": "FL", "job_type": "Travel"}),
    (["ICU jobs in Texas", "in Houston"], {"profession": RN, "specialty": "ICU", "state": "TX", "city": "Houston"}),
    (["travel nurse jobs nights", "no nights"], {"profession": RN, "job_type": "Travel"}),
    (["nurse jobs in Ohio", "NICU"], {"profession": RN, "specialty": "NICU", "state": "OH"}),
]  # fmt: skip


@pytest.fixture(scope="module")
async def journey_db(
    admin_pg_url: str, seeded_template: str, stack_settings: Settings
) -> AsyncIterator[tuple[Settings, AsyncEngine]]:
    from tests.conftest import _create_database, _drop_database, _with_database

    name = "t_journeys"
    await _drop_database(admin_pg_url, name)
    await _create_database(admin_pg_url, name, template=seeded_template)
    settings = stack_settings.model_copy(
        update={
            "database_url": _with_database(admin_pg_url, name),
            "mongodb_url": stack_settings.effective_mongodb_url,
            "redis_url": stack_settings.effective_redis_url,
            "mongodb_db": "t_journeys",
        }
    )
    engine = create_async_engine(settings.effective_database_url)
    yield settings, engine
    await engine.dispose()
    await _drop_database(admin_pg_url, name)


@pytest.fixture(scope="module")
async def client(journey_db: tuple[Settings, AsyncEngine]) -> AsyncIterator[AsyncTestClient]:
    async with chat_app(journey_db[0]) as app_client:
        yield app_client


@pytest.mark.parametrize(("turns", "expected"), SEARCHES, ids=[" / ".join(t) for t, _ in SEARCHES])
async def test_search_phrasings(
    client: AsyncTestClient,
    journey_db: tuple[Settings, AsyncEngine],
    turns: list[str],
    expected: dict[str, Any],
) -> None:
    chat = await start_conversation(client)
    reply: dict[str, Any] = {}
    for turn in turns:
        reply = await chat.say(turn)
    assert reply["jobs"] is not None, reply["text"]
    understood = {k: v for k, v in reply["jobs"]["filters"].items() if k != "query"}
    assert understood == expected
    assert "None" not in reply["text"] and "{" not in reply["text"]
    async with journey_db[1].connect() as conn:
        rows = (
            await conn.execute(
                text(
                    "SELECT filters, results_count FROM user_searches WHERE session_id = :s "
                    "ORDER BY created_at"
                ),
                {"s": chat.session_id},
            )
        ).all()
    assert len(rows) == len(turns)
    stored = {k: v for k, v in rows[-1].filters.items() if k not in ("page", "query")}
    assert stored == expected
    assert rows[-1].results_count == reply["jobs"]["total"]
    for card in reply["jobs"]["jobs"]:
        if "state" in expected:
            assert card["state"] == expected["state"]
        if "job_type" in expected:
            assert card["job_type"] == expected["job_type"]
        if "min_weekly_pay" in expected:
            assert card["weekly_pay"] >= expected["min_weekly_pay"]


# Conversations beyond search: (turns, what the last reply must show)
DIALOGUES: list[tuple[list[str], str]] = [
    (["hi"], "greeting"),
    (["hello there"], "greeting"),
    (["good morning!"], "greeting"),
    (["thanks!"], "smalltalk"),
    (["who are you?"], "smalltalk"),
    (["what can you do?"], "help"),
    (["help"], "help"),
    (["asdfgh qwerty"], "did_not_understand"),
    (["travel nurse jobs in Texas", "tell me more about the second one"], "details"),
    (["travel nurse jobs in Texas", "what does the first one pay?"], "details"),
    (["travel nurse jobs in Texas", "#3"], "details"),
    (["travel nurse jobs in Texas", "show me more"], "more"),
    (["travel nurse jobs in Texas", "apply to the first one"], "ask_first_name"),
    (["tell me about the second one"], "need_search"),
    (["did my friend sign up?"], "login_required"),
    (["when is my referral bonus paid?"], "login_required"),
    (["I want to refer a friend"], "ask_referral_email"),
    (["talk to a recruiter"], "handoff"),
    (["can I speak with a real person"], "handoff"),
    (["yes"], "nothing_pending"),
]


@pytest.mark.parametrize(("turns", "outcome"), DIALOGUES, ids=[" / ".join(t) for t, _ in DIALOGUES])
async def test_dialogue_phrasings(
    client: AsyncTestClient,
    journey_db: tuple[Settings, AsyncEngine],
    turns: list[str],
    outcome: str,
) -> None:
    chat = await start_conversation(client)
    replies = [await chat.say(turn) for turn in turns]
    last = replies[-1]
    said = last["text"].lower()
    actions = [a["type"] for a in last["actions"]]
    assert "None" not in last["text"].split() and "{" not in said
    if outcome == "greeting":
        assert "excel medical staffing" in said and last["jobs"] is None
    elif outcome == "smalltalk":
        assert last["jobs"] is None and said
    elif outcome == "help":
        assert "find jobs" in said and "apply" in said
    elif outcome == "did_not_understand":
        assert "icu travel jobs in texas" in said or "try" in said
    elif outcome == "details":
        shown = replies[0]["jobs"]["jobs"]
        async with journey_db[1].connect() as conn:
            viewed = (
                (
                    await conn.execute(
                        text("SELECT job_id FROM job_views WHERE session_id = :s"),
                        {"s": chat.session_id},
                    )
                )
                .scalars()
                .all()
            )
        assert len(viewed) == 1 and str(viewed[0]) in {j["id"] for j in shown}
        assert "$" in last["text"]
    elif outcome == "more":
        assert last["jobs"]["page"] == 2
        assert {j["id"] for j in last["jobs"]["jobs"]}.isdisjoint(
            {j["id"] for j in replies[0]["jobs"]["jobs"]}
        )
    elif outcome == "ask_first_name":
        assert "first name" in said
    elif outcome == "need_search":
        assert "looking for" in said or "search" in said
    elif outcome == "login_required":
        assert actions == ["login_required"] and "log in" in said
    elif outcome == "ask_referral_email":
        assert "email" in said
    elif outcome == "handoff":
        assert actions == ["handoff"] and "recruiter" in said
        async with journey_db[1].connect() as conn:
            status = (
                await conn.execute(
                    text("SELECT status::text FROM chat_sessions WHERE id = CAST(:s AS uuid)"),
                    {"s": chat.session_id},
                )
            ).scalar()
        assert status == "handed_off"
    elif outcome == "nothing_pending":
        assert actions == [] and last["jobs"] is None
    else:  # pragma: no cover - a typo in the table above
        raise AssertionError(outcome)
