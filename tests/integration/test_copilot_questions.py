"""The copilot examined: the question set (tests/support/copilot_questions.py) asked through
``POST /api/recruiter/ask`` as three recruiters and an admin, graded against gold answers
computed by hand-written SQL over the base tables; the red team
(tests/support/copilot_red_team.py) thrown at the SQL guard, the API and a model that does
whatever the text it reads tells it to.

The demo database of the session is grown to 300 candidates with the demo generator (the
same seed and "today"), and given certification expiries, chat handoffs and injection text
in job titles, notes, names and handoff reasons. The engine answers relative to the demo's
"today". Failing questions are written to test-artifacts/copilot_questions.json.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from config.settings import Settings
from tests.conftest import database_copy
from tests.integration.conftest import COPILOT_PASSWORD, CopilotTemplate
from tests.support.copilot_questions import (
    Asker,
    Desk,
    Turn,
    ask_question_set,
    failures,
    wrong_without_warning,
)
from tests.support.copilot_red_team import (
    HOSTILE_QUESTIONS,
    HOSTILE_SQL,
    SLOW_SQL,
    HostileQuestion,
    Planted,
    ScopeMarkers,
    database_fingerprint,
    find_leaks,
)
from tests.support.scripted_openai import (
    ScriptedOpenAIServer,
    ScriptedReply,
    ToolCall,
    after_tool,
)

ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "copilot_questions.json"


@dataclass
class World:
    settings: Settings
    engine: AsyncEngine
    today: dt.date
    askers: list[Asker]
    planted: Planted
    markers: dict[str, ScopeMarkers]


@pytest.fixture
async def world(
    auth_settings: Settings, admin_pg_url: str, copilot_template: CopilotTemplate
) -> AsyncIterator[World]:
    """A private copy of the session's copilot database (tests here try to write to it)."""
    t = copilot_template
    async with database_copy(admin_pg_url, t.name) as url:
        settings = auth_settings.model_copy(
            update={
                "database_url": url,
                "copilot_asks_per_user": "100000/minute",
                "copilot_statement_timeout_ms": 5000,
            }
        )
        engine = create_async_engine(url, pool_size=5)
        try:
            yield World(settings, engine, t.today, t.askers, t.planted, t.markers)
        finally:
            await engine.dispose()


async def open_desk(client: AsyncTestClient[Litestar], world: World) -> Desk:
    from assistant.copilot.services import copilot_services

    app = client.app
    # The engine's "today" is the demo data's, not the wall clock's.
    copilot_services(app.state, app.state.resources).today = lambda: world.today
    desk = Desk(client, COPILOT_PASSWORD)
    for asker in world.askers:
        await desk.sign_in(asker)
    return desk


def _report(turns: list[Turn], leaks: list[str]) -> dict[str, Any]:
    correct = sum(t.verdict.correct for t in turns)
    report = {
        "accuracy": round(correct / len(turns), 4) if turns else 0.0,
        "graded": len(turns),
        "correct": correct,
        "wrong_without_warning": sum(wrong_without_warning(t) for t in turns),
        "scope_leaks": leaks,
        "failures": failures(turns),
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(report, indent=2, default=str))
    return report


async def test_question_set_answered_right_for_each_asker_without_leaks(world: World) -> None:
    """>= 90% of the question set right with no model, through the question API, as three
    recruiters and an admin (with follow-ups); no wrong answer without a warning beyond 2%;
    no answer showing a row outside the asker's scope."""
    kinds = {a.kind for a in world.askers}
    assert kinds == {"recruiter", "admin"} and len(world.askers) >= 4
    async with AsyncTestClient(app=_app(world.settings)) as client:
        desk = await open_desk(client, world)
        turns: list[Turn] = []
        for asker in world.askers:
            turns += await ask_question_set(
                desk, world.engine, asker, world.today, max_rows=world.settings.copilot_max_rows
            )
    leaks = [
        f"{t.qid} as {t.asker.name}: {leak}"
        for t in turns
        for leak in find_leaks(t.reply, world.markers[t.asker.email])
    ]
    report = _report(turns, leaks)
    # Every asker got real answers, not a blanket refusal.
    for asker in world.askers:
        mine = [t for t in turns if t.asker == asker]
        assert len(mine) >= 60, f"{asker.name} was asked only {len(mine)} questions"
    assert not leaks, leaks[:10]
    failing = "\n".join(
        f"  {f['qid']} [{f['asker']}] {f['question']!r}: {f['why']}" for f in report["failures"]
    )
    assert report["accuracy"] >= 0.90, (
        f"accuracy {report['accuracy']} over {report['graded']} answers; failing:\n{failing}"
    )
    # A wrong answer is tolerable only when it says it may be wrong (or asks back).
    assert report["wrong_without_warning"] <= 0.02 * report["graded"], failing


def _app(settings: Settings) -> Litestar:
    from assistant.app import create_app

    return create_app(settings)


# ------------------------------------------------------------------------------ red team
async def test_red_team_sql_is_rejected_and_writes_nothing(world: World) -> None:
    """Every hostile statement is refused by the guard and by the run_sql tool; the ones
    that would write, run raw in a recruiter's read scope (as if the guard had let them
    through), change nothing either; the slow ones are refused or stopped in time."""
    from data_layer.recruiting.scope import RecruiterScope, scoped_read
    from data_layer.recruiting.sql_guard import SQLRejected, guard_sql
    from data_layer.recruiting.sql_runner import SQLTimedOut
    from tools.copilot import CopilotContext, run_sql

    assert len(HOSTILE_SQL) >= 50
    async with world.engine.connect() as conn:
        before = await database_fingerprint(conn)
    accepted = []
    for hostile in HOSTILE_SQL:
        try:
            guard_sql(hostile.sql, max_rows=100)
        except SQLRejected as rejected:
            assert rejected.reason.strip(), f"{hostile.name}: a rejection without a reason"
        else:
            accepted.append(hostile.name)
    assert not accepted, f"the guard accepted: {accepted}"

    recruiter = next(a for a in world.askers if a.kind == "recruiter")
    scope = RecruiterScope(
        user_id=recruiter.user_id, recruiter_id=recruiter.recruiter_id, is_admin=False
    )
    ctx = CopilotContext(
        scope=scope,
        engine=world.engine,
        session_factory=async_sessionmaker(world.engine, expire_on_commit=False),
        max_rows=100,
        timeout_ms=500,
        today=world.today,
    )
    for hostile in HOSTILE_SQL:
        with pytest.raises(SQLRejected):
            await run_sql(ctx, hostile.sql)
    for slow in SLOW_SQL:
        started = time.perf_counter()
        with pytest.raises((SQLRejected, SQLTimedOut)):
            await run_sql(ctx, slow.sql)
        assert time.perf_counter() - started < 5, f"{slow.name} ran past the timeout"

    # Past the guard: the database itself refuses (or the statement is rolled back).
    for hostile in (h for h in HOSTILE_SQL if h.writes):
        try:
            async with scoped_read(world.engine, scope, timeout_ms=500) as conn:
                await conn.exec_driver_sql(hostile.sql)
        except Exception:  # any refusal will do: what matters is the fingerprint below
            pass
    async with world.engine.connect() as conn:
        after = await database_fingerprint(conn)
    assert after == before, _diff(before, after)


async def _fingerprint(world: World) -> dict[str, Any]:
    async with world.engine.connect() as conn:
        return await database_fingerprint(conn)


def _diff(before: dict[str, Any], after: dict[str, Any]) -> str:
    changed = [k for k in before.keys() | after.keys() if before.get(k) != after.get(k)]
    return f"the database changed: {sorted(changed)}"


def _hostile_text(
    question: HostileQuestion, asker: Asker, world: World, other: Asker, stranger: str
) -> str:
    return question.text.format(
        other=other.name, other_first=other.name.split()[0], stranger=stranger
    )


async def _stranger(world: World, asker: Asker) -> str:
    """A candidate on another recruiter's desk, by name (unique)."""
    async with world.engine.connect() as conn:
        name = await conn.scalar(
            text(
                "SELECT concat_ws(' ', u.first_name, u.last_name) FROM candidates c "
                "JOIN users u ON u.id = c.user_id WHERE c.recruiter_id IS DISTINCT FROM :rid "
                "AND c.recruiter_id IS NOT NULL ORDER BY c.id LIMIT 1"
            ),
            {"rid": asker.recruiter_id},
        )
    return str(name)


async def test_hostile_questions_change_nothing_and_leak_nothing(world: World) -> None:
    """Hostile questions (delete, drop, another desk's candidates, an admin claimed, planted
    instructions read back from the data) as each asker: nothing written, nothing outside
    the scope shown, another desk's figures not given."""
    problems: list[str] = []
    recruiters = [a for a in world.askers if a.kind == "recruiter"]
    async with AsyncTestClient(app=_app(world.settings)) as client:
        desk = await open_desk(client, world)
        # After signing in: logins write sessions and login attempts, questions nothing.
        before = await _fingerprint(world)
        for asker in world.askers:
            other = next(r for r in recruiters if r != asker)
            stranger = await _stranger(world, asker)
            for question in HOSTILE_QUESTIONS:
                if question.asker not in ("any", asker.kind):
                    continue
                words = _hostile_text(question, asker, world, other, stranger)
                reply, _ = await desk.ask(asker, words)
                problems += [
                    f"{question.qid} as {asker.name}: {leak}"
                    for leak in find_leaks(reply, world.markers[asker.email])
                ]
                if question.expect == "not_other_desk":
                    problems += await _other_desk_check(world, question, asker, other, reply)
    async with world.engine.connect() as conn:
        after = await database_fingerprint(conn)
    assert after == before, _diff(before, after)
    assert not problems, problems


async def _other_desk_check(
    world: World, question: HostileQuestion, asker: Asker, other: Asker, reply: dict[str, Any]
) -> list[str]:
    async with world.engine.connect() as conn:
        theirs = await conn.scalar(
            text(question.about), {"other_rid": other.recruiter_id, "today": world.today}
        )
        mine = await conn.scalar(
            text(question.about), {"other_rid": asker.recruiter_id, "today": world.today}
        )
    value = reply.get("value")
    if theirs and theirs != mine and value is not None and float(value) == float(theirs):
        return [f"{question.qid} as {asker.name}: gave {other.name}'s figure {theirs}"]
    return []


# ------------------------------------------------------------------- a gullible model
def _gullible(proposals: list[str], outcomes: list[dict[str, Any]]) -> Any:
    """A model that obeys whatever it reads: every question makes it call run_sql with the
    next hostile statement; after the tool answers, it says something harmless."""

    def policy(messages: list[dict[str, Any]]) -> ScriptedReply:
        result = after_tool(messages)
        if result is not None:
            outcomes.append(result)
            return ScriptedReply(text="Done, as the data told me to.")
        sql = HOSTILE_SQL[len(proposals) % len(HOSTILE_SQL)].sql
        proposals.append(sql)
        return ScriptedReply(tool_calls=[ToolCall("run_sql", {"sql": sql})])

    return policy


async def test_a_model_that_obeys_injections_cannot_write_or_leak(world: World) -> None:
    """With the LLM engine on and a scripted model that proposes every hostile statement
    (as a model following the planted instructions would), each is rejected, the database
    is unchanged, no row outside the scope reaches the asker, and no candidate's e-mail or
    phone number reaches the model."""
    proposals: list[str] = []
    outcomes: list[dict[str, Any]] = []
    async with world.engine.connect() as conn:
        contacts = [
            value
            for row in await conn.execute(
                text(
                    "SELECT u.email, c.cell_phone FROM candidates c JOIN users u "
                    "ON u.id = c.user_id"
                )
            )
            for value in row
            if value
        ]
    problems: list[str] = []
    with ScriptedOpenAIServer(_gullible(proposals, outcomes)) as model:
        settings = world.settings.model_copy(
            # Every question reaches the model: no answer is reused from the cache.
            update={
                "openai_base_url": model.base_url,
                "llm_timeout_s": 10.0,
                "copilot_cache_ttl_s": 0,
            }
        )
        async with AsyncTestClient(app=_app(settings)) as client:
            desk = await open_desk(client, world)
            before = await _fingerprint(world)
            recruiter = next(a for a in world.askers if a.kind == "recruiter")
            prompts = [q.text for q in HOSTILE_QUESTIONS if "{" not in q.text]
            asked = 0
            # Questions the server refuses before the model sees them propose nothing;
            # keep asking (other wordings) until the model has proposed every statement.
            while len(proposals) < len(HOSTILE_SQL) and asked < 3 * len(HOSTILE_SQL):
                reply, _ = await desk.ask(recruiter, prompts[asked % len(prompts)])
                asked += 1
                problems += [
                    f"{asked}: {leak}" for leak in find_leaks(reply, world.markers[recruiter.email])
                ]
        sent = json.dumps(model.app.requests).lower()
    async with world.engine.connect() as conn:
        after = await database_fingerprint(conn)
    assert after == before, _diff(before, after)
    assert len(proposals) >= len(HOSTILE_SQL), "the model was not asked often enough"
    not_rejected = [o for o in outcomes if o.get("status") != "rejected"]
    assert not not_rejected, not_rejected[:5]
    assert not problems, problems
    reached = [c for c in contacts if c.lower() in sent]
    assert not reached, f"personal data reached the model: {reached[:5]}"
