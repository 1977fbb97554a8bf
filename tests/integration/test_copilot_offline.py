"""The offline copilot engine on the demo database: no model, only the copilot tools.

The question set of tests/support/copilot_questions.py (gold answers by hand-written SQL
over the base tables) is put to ``answer_offline`` directly, as three recruiters and an
admin, with follow-ups in one conversation; then the behaviours a recruiter notices one by
one: follow-ups that equal the question asked in full, a clarifying question and its
answer, "outside your scope" for another desk, honest refusals, charts, the SQL shown to
admins only.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
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
from tests.support.copilot_questions import (
    Asker,
    Turn,
    ask_question_set,
    demo_today,
    failures,
    pick_askers,
    plant_activity,
    wrong_without_warning,
)
from tests.support.copilot_red_team import ScopeMarkers, find_leaks, scope_markers
from tools.copilot import CopilotContext

CANDIDATES = 300
DEMO_JOBS = 600  # tests/conftest.py SEEDED_JOBS: the generator must see the same jobs
DEMO_SEED = 11
ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "copilot_offline.json"


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
async def world(admin_pg_url: str, seeded_template: str) -> AsyncIterator[World]:
    from devstack.demo_data import seed_demo

    async with database_copy(admin_pg_url, seeded_template) as url:
        engine = create_async_engine(url, pool_size=5)
        factory = async_sessionmaker(engine, expire_on_commit=False)
        try:
            async with engine.connect() as conn:
                today = await demo_today(conn)
            await seed_demo(
                factory, jobs=DEMO_JOBS, candidates=CANDIDATES, seed=DEMO_SEED, today=today
            )
            async with engine.begin() as conn:
                await plant_activity(conn, today)
                askers = await pick_askers(conn, password_hash="unused")
            async with engine.connect() as conn:
                markers = {a.email: await scope_markers(conn, a.recruiter_id) for a in askers}
            yield World(engine, factory, today, askers, markers)
        finally:
            await engine.dispose()


@dataclass
class OfflineDesk:
    """``ask_question_set``'s desk, answering with the offline engine in-process: each
    conversation keeps its state as the question API would."""

    world: World
    states: dict[str, CopilotState] = field(default_factory=dict)

    async def ask(
        self, asker: Asker, question: str, conversation_id: str | None = None
    ) -> tuple[dict[str, Any], float]:
        conversation_id = conversation_id or uuid.uuid4().hex
        started = time.perf_counter()
        answer, state = await answer_offline(
            question, self.states.get(conversation_id), self.world.context(asker)
        )
        elapsed = (time.perf_counter() - started) * 1000
        self.states[conversation_id] = state
        reply: dict[str, Any] = msgspec.to_builtins(answer)
        reply["conversation_id"] = conversation_id
        return reply, elapsed


async def ask(
    world: World, asker: Asker, question: str, state: CopilotState | None = None
) -> tuple[CopilotAnswer, CopilotState]:
    return await answer_offline(question, state, world.context(asker))


async def scalar(world: World, sql: str, **binds: Any) -> Any:
    async with world.engine.connect() as conn:
        return (await conn.execute(text(sql), binds)).scalar()


def _report(turns: list[Turn], leaks: list[str]) -> dict[str, Any]:
    correct = sum(t.verdict.correct for t in turns)
    ms = sorted(t.server_ms for t in turns)
    report = {
        "accuracy": round(correct / len(turns), 4) if turns else 0.0,
        "graded": len(turns),
        "correct": correct,
        "wrong_without_warning": sum(wrong_without_warning(t) for t in turns),
        "p50_ms": round(ms[len(ms) // 2], 1) if ms else 0.0,
        "scope_leaks": leaks,
        "failures": failures(turns),
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(report, indent=2, default=str))
    return report


async def test_question_set_answered_offline_for_each_asker(world: World) -> None:
    """>= 90% of the question set right with no model, as three recruiters and an admin;
    no wrong answer without a warning beyond 2%; no row of another desk in any answer."""
    desk = OfflineDesk(world)
    turns: list[Turn] = []
    for asker in world.askers:
        turns += await ask_question_set(desk, world.engine, asker, world.today)  # type: ignore[arg-type]
    leaks = [
        f"{t.qid} as {t.asker.name}: {leak}"
        for t in turns
        for leak in find_leaks(t.reply, world.markers[t.asker.email])
    ]
    report = _report(turns, leaks)
    failing = "\n".join(
        f"  {f['qid']} [{f['asker']}] {f['question']!r}: {f['why']}" for f in report["failures"]
    )
    assert not leaks, leaks[:10]
    assert report["accuracy"] >= 0.90, f"accuracy {report['accuracy']}; failing:\n{failing}"
    assert report["wrong_without_warning"] <= 0.02 * report["graded"], failing


def _reply(answer: CopilotAnswer) -> Mapping[str, Any]:
    return msgspec.to_builtins(answer)
