"""The offline copilot engine on the demo database: no model, only the copilot tools.

The behaviours a recruiter notices one by one, through ``answer_offline`` directly:
follow-ups that equal the question asked in full, a clarifying question and its answer,
"outside your scope" for another desk, honest refusals, charts, the SQL shown to admins
only. (The whole question set is graded through the question API in
test_copilot_questions.py.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from assistant.copilot.answer import CopilotAnswer, CopilotState
from assistant.copilot.offline import answer_offline
from data_layer.recruiting.scope import RecruiterScope
from tests.conftest import database_copy
from tests.integration.conftest import CopilotTemplate
from tests.support.copilot_questions import (
    Asker,
)
from tests.support.copilot_red_team import ScopeMarkers
from tools.copilot import CopilotContext


@dataclass
class World:
    engine: AsyncEngine
    factory: async_sessionmaker[AsyncSession]
    today: dt.date
    askers: list[Asker]
    markers: dict[str, ScopeMarkers]

    def context(self, asker: Asker) -> CopilotContext:
        scope = RecruiterScope(
            user_id=asker.user_id,
            recruiter_id=asker.recruiter_id,
            is_admin=asker.kind == "admin",
        )
        return CopilotContext(
            scope=scope,
            engine=self.engine,
            session_factory=self.factory,
            max_rows=500,
            timeout_ms=5000,
            today=self.today,
        )

    def recruiter(self, n: int = 0) -> Asker:
        return [a for a in self.askers if a.kind == "recruiter"][n]

    def admin(self) -> Asker:
        return next(a for a in self.askers if a.kind == "admin")


@pytest.fixture(scope="module")
async def world(admin_pg_url: str, copilot_template: CopilotTemplate) -> AsyncIterator[World]:
    t = copilot_template
    async with database_copy(admin_pg_url, t.name) as url:
        engine = create_async_engine(url, pool_size=5)
        factory = async_sessionmaker(engine, expire_on_commit=False)
        try:
            yield World(engine, factory, t.today, t.askers, t.markers)
        finally:
            await engine.dispose()


async def ask(
    world: World, asker: Asker, question: str, state: CopilotState | None = None
) -> tuple[CopilotAnswer, CopilotState]:
    return await answer_offline(question, state, world.context(asker))


async def scalar(world: World, sql: str, **binds: Any) -> Any:
    async with world.engine.connect() as conn:
        return (await conn.execute(text(sql), binds)).scalar()


async def test_a_follow_up_answers_as_the_question_asked_in_full(world: World) -> None:
    me = world.admin()
    first, state = await ask(world, me, "how many applications did we get last month")
    followed, state = await ask(world, me, "what about placements?", state)
    direct, _ = await ask(world, me, "placements last month")
    assert followed.value == direct.value and followed.answer == direct.answer
    narrowed, state = await ask(world, me, "by specialty", state)
    assert narrowed.table is not None and narrowed.value is None
    assert sum(r[-1] for r in narrowed.table.rows) == direct.value
    assert first.value is not None and "last month (October" in first.answer


async def test_show_me_those_candidates_lists_each_one_once(world: World) -> None:
    admin = world.admin()
    counted, state = await ask(world, admin, "how many licenses expire in the next 90 days")
    listed, state = await ask(world, admin, "show me those candidates", state)
    assert listed.table is not None
    names = [row[0] for row in listed.table.rows]
    assert len(names) == len(set(names)) and 0 < len(names) <= (counted.value or 0)
    assert state.row_ids and len(state.row_ids) >= len(names)


async def test_clarify_then_pick_a_choice(world: World) -> None:
    me = world.recruiter()
    asked, state = await ask(world, me, "how are we doing?")
    assert asked.clarify and asked.value is None and asked.table is None
    picked, _ = await ask(world, me, "2", state)
    direct, _ = await ask(world, me, asked.clarify[1])
    assert picked.value == direct.value is not None


async def test_another_desk_is_outside_scope_not_zero_rows(world: World) -> None:
    me, other = world.recruiter(0), world.recruiter(1)
    mine = await scalar(
        world, "SELECT count(*) FROM candidates WHERE recruiter_id = :r", r=other.recruiter_id
    )
    assert mine > 0
    answer, _ = await ask(world, me, f"list {other.name}'s candidates")
    assert answer.outside_scope and answer.table is None
    counted, _ = await ask(world, me, f"how many candidates does {other.name} have")
    assert counted.outside_scope and counted.value == 0
    as_admin, _ = await ask(world, world.admin(), f"how many candidates does {other.name} have")
    assert as_admin.value == mine and not as_admin.outside_scope


async def test_admins_see_the_sql_recruiters_do_not(world: World) -> None:
    admin_answer, _ = await ask(world, world.admin(), "applications by status")
    mine, _ = await ask(world, world.recruiter(), "applications by status")
    assert admin_answer.sql and "copilot." in admin_answer.sql
    assert mine.sql is None
    assert admin_answer.chart is not None and admin_answer.chart["mark"]["type"] == "bar"
    assert "all recruiters" in admin_answer.explanation
    assert "your candidates" in mine.explanation


async def test_a_time_breakdown_is_a_line_chart(world: World) -> None:
    answer, _ = await ask(world, world.admin(), "applications per month this year")
    assert answer.chart is not None and answer.chart["mark"]["type"] == "line"
    values = answer.chart["data"]["values"]
    assert answer.table is not None and len(values) == len(answer.table.rows) > 1


async def test_refusals_run_nothing_and_say_why(world: World) -> None:
    me = world.recruiter()
    before = await scalar(world, "SELECT count(*) FROM candidates")
    for question, words in (
        ("delete all my candidates", "can't change"),
        ("DROP TABLE candidates;", "SQL"),
        ("what's the weather in dallas tomorrow", "can't answer that yet"),
        ("how many open jobs in underwater welding", "won't guess"),
    ):
        answer, _ = await ask(world, me, question)
        assert answer.uncertain and words in answer.answer, (question, answer.answer)
        assert answer.value is None and answer.table is None
    assert await scalar(world, "SELECT count(*) FROM candidates") == before


async def test_candidates_for_a_job_by_its_number(world: World) -> None:
    admin = world.admin()
    external = await scalar(
        world,
        "SELECT j.external_job_id FROM jobs j JOIN job_embeddings e ON e.job_id = j.id "
        "WHERE j.closed_at IS NULL ORDER BY j.external_job_id LIMIT 1",
    )
    answer, state = await ask(world, admin, f"candidates for job {external}")
    assert str(external) in answer.answer
    assert state.job_id is not None
    again, _ = await ask(world, admin, "show me those candidates", state)
    assert again.answer == answer.answer
    missing, _ = await ask(world, admin, "candidates for job 99999999")
    assert missing.uncertain and "can't find job" in missing.answer


async def test_a_candidate_named_is_looked_up_in_the_askers_scope(world: World) -> None:
    me = world.recruiter()
    first, last, n = await _row(
        world,
        "SELECT u.first_name, u.last_name, (SELECT count(*) FROM applications a "
        "WHERE a.candidate_id = c.id) FROM candidates c JOIN users u ON u.id = c.user_id "
        "WHERE c.recruiter_id = :r AND (SELECT count(*) FROM candidates c2 JOIN users u2 "
        "ON u2.id = c2.user_id WHERE u2.first_name = u.first_name AND u2.last_name = "
        "u.last_name) = 1 ORDER BY 3 DESC LIMIT 1",
        r=me.recruiter_id,
    )
    answer, _ = await ask(world, me, f"how many jobs has {first} {last} applied to")
    assert answer.value == n and first in answer.answer
    other = world.recruiter(1)
    theirs, _ = await ask(world, other, f"how many jobs has {first} {last} applied to")
    assert theirs.uncertain and theirs.value is None


async def _row(world: World, sql: str, **binds: Any) -> tuple[Any, ...]:
    async with world.engine.connect() as conn:
        return tuple((await conn.execute(text(sql), binds)).one())


BEYOND_THE_METRICS = (
    "list nurses with 5+ years of experience",
    "who's available now",
    "how many candidates have never applied",
    "how many travel nurses do i have",
    "how many candidates hold a texas license",
    "licenses pending verification",
    "how many share links have i created this year",
    "handoffs still waiting for a first reply",
    "handoff outcomes this year",
    "how many jobs were posted in the last 7 days",
    "open jobs starting next month",
    "average weekly pay for open ICU jobs",
    "median hourly pay by specialty",
    "highest paying open job in texas",
    "open tele jobs paying over $2,500",
    "how many applications per job on average",
    "what percentage of applications get placed this year",
    "what's our interview rate",
    "how many candidates have BLS",
    "average years of experience of my candidates",
    "open jobs by job type",
    "handoffs by reason",
)


@pytest.mark.parametrize("question", BEYOND_THE_METRICS)
async def test_questions_beyond_the_metrics_run_in_the_askers_scope(
    world: World, question: str
) -> None:
    for asker in (world.recruiter(), world.admin()):
        answer, _ = await ask(world, asker, question)
        assert not answer.uncertain, (question, answer.answer)
        told = answer.value is not None or answer.table is not None
        assert told or answer.answer.startswith("I found no"), (question, answer.answer)
        assert (answer.sql is not None) is (asker.kind == "admin")


async def test_experience_counts_only_the_recruiters_own_candidates(world: World) -> None:
    me = world.recruiter()
    answer, _ = await ask(world, me, "how many candidates have more than 10 years experience")
    gold = await scalar(
        world,
        "SELECT count(*) FROM candidates WHERE recruiter_id = :r AND years_of_experience > 10",
        r=me.recruiter_id,
    )
    assert answer.value == gold


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (
            "applications this month vs last month",
            "applications this month",
            "applications last month",
        ),
        (
            "how many placements did we make this year compared to last year?",
            "placements this year",
            "placements last year",
        ),
    ],
)
async def test_two_periods_compared_are_both_answered(
    world: World, question: str, first: str, second: str
) -> None:
    admin = world.admin()
    compared, state = await ask(world, admin, question)
    a, _ = await ask(world, admin, first)
    b, _ = await ask(world, admin, second)
    assert compared.table is not None and not compared.uncertain
    assert [row[1] for row in compared.table.rows] == [a.value, b.value]
    assert compared.value is None and compared.chart is not None
    assert f"{a.value:,}" in compared.answer and f"{b.value:,}" in compared.answer
    # A follow-up goes on from the first period's question.
    narrowed, _ = await ask(world, admin, "only ICU", state)
    direct, _ = await ask(world, admin, first + " in ICU")
    assert narrowed.value == direct.value
