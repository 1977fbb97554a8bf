"""Recruiter copilot figures: accuracy on the question set, scope leaks, the red team, and
answer latency over 100,000 jobs and 500,000 applications.

Builds its own services (a throwaway stack on free ports), seeds ``--jobs`` demo jobs and
``--candidates`` demo candidates for a fixed "today" (with their licenses, applications,
shares, share views and referrals), grows the applications to ``--applications`` with one
``INSERT ... SELECT generate_series`` over the seeded candidates and jobs (each with its
status history, dated between the job's posting and today), and adds certification
expiries, chat handoffs and the red team's planted injection text
(tests/support/copilot_questions.py ``plant_activity``, tests/support/copilot_red_team.py
``plant_injections``).

Then, through ``POST /api/recruiter/ask`` of the real app (in this process, the engine's
"today" fixed), as the three recruiters with the most candidates and the admin:

* offline engine (no model): the question set, graded against gold answers computed by
  hand-written SQL over the base tables: ``offline_accuracy``, ``wrong_without_warning``
  (share of answers that are wrong and not flagged uncertain, out of scope or a
  clarifying question), ``scope_leaks`` (answers showing a row outside the asker's scope,
  over the question set and the hostile questions), ``answer_p50_ms`` / ``answer_p95_ms``
  (the API's own time, Server-Timing, for the number and list questions);
* the red team: every hostile SQL string through the guard and the ``run_sql`` tool, the
  writing ones also run raw in a recruiter's read scope as if the guard had let them
  through, the hostile questions through the API (offline), and the LLM engine with a
  scripted model (tests/support/scripted_openai.py) that obeys whatever it reads and
  proposes every hostile statement: ``write_attempts_blocked`` (attempts to write that
  changed nothing), ``writes_succeeded`` (tables whose rows or counts changed: must be 0),
  ``personal_data_to_model`` (candidate e-mails or phones found in what the model was sent);
* the LLM engine with the scripted model answering instantly (one metric call per
  question): ``llm_answer_p50_ms`` / ``llm_answer_p95_ms`` (model time excluded).

The answer cache is off (``COPILOT_CACHE_TTL_S=0``), so every answer is computed.

    .venv/bin/python bench/copilot.py --jobs 100000 --applications 500000

The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, throwaway_stack
from config.settings import Settings

TODAY = dt.date(2026, 11, 28)
SEED = 5
PASSWORD = "bench-copper-lantern-42"

# Final application statuses as the demo generator weighs them (devstack/demo_data/activity.py).
_OUTCOMES = (
    ("applied", 33),
    ("reviewing", 18),
    ("interviewing", 12),
    ("offered", 6),
    ("placed", 8),
    ("rejected", 23),
)
_SOURCES = ("website", "chat_assistant", "indeed", "linkedin", "email_campaign", "mobile_app")
_TOPIC_METRIC = {
    "applications": "applications",
    "placements": "placements",
    "interviews": "interviews",
    "candidates": "candidates",
    "licenses": "licenses_expiring",
    "certifications": "certifications_expiring",
    "jobs": "open_jobs",
    "share_links": "share_views",
    "referrals": "referrals",
    "handoffs": "handoffs_open",
}


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


# ------------------------------------------------------------------------------ building
def _status_case() -> str:
    """SQL picking a final status from a number in [0, 100) by the outcome weights."""
    parts, upper = [], 0
    for status, weight in _OUTCOMES:
        upper += weight
        parts.append(f"WHEN pick < {upper} THEN '{status}'")
    return "CASE " + " ".join(parts) + " END"


_GROW_APPLICATIONS = """
CREATE TEMP TABLE bench_c AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, recruiter_id FROM candidates;
CREATE TEMP TABLE bench_j AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, posted_date FROM jobs
     WHERE posted_date IS NOT NULL;
CREATE TEMP TABLE bench_r AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM recruiters WHERE active;
CREATE TEMP TABLE bench_apps AS
SELECT md5('bench-app:' || g)::uuid AS id, c.id AS candidate_id, j.id AS job_id,
       ({status})::application_status AS status,
       coalesce(c.recruiter_id, r.id) AS recruiter_id,
       (ARRAY[{sources}])[1 + (abs(hashtext('s' || g)::bigint) % {n_sources})] AS source,
       j.posted_date + (anchor - j.posted_date) * (0.7 * frac) AS created_at,
       frac2, 1 + abs(hashtext('k' || g)::bigint) % 3 AS rejected_after
  FROM (SELECT g, abs(hashtext('p' || g)::bigint) % 100 AS pick,
               (abs(hashtext('f' || g)::bigint) % 10000) / 10000.0 AS frac,
               (abs(hashtext('u' || g)::bigint) % 10000) / 10000.0 AS frac2,
               abs(hashtext('j' || g)::bigint) AS jpick,
               CAST(:anchor AS timestamptz) AS anchor
          FROM generate_series(CAST(:start AS bigint), CAST(:stop AS bigint)) g) x
  JOIN bench_c c ON c.n = x.g % (SELECT count(*) FROM bench_c)
  JOIN bench_j j ON j.n = x.jpick % (SELECT count(*) FROM bench_j)
  JOIN bench_r r ON r.n = x.jpick % (SELECT count(*) FROM bench_r)
 WHERE j.posted_date < x.anchor;
INSERT INTO applications (id, candidate_id, job_id, status, recruiter_id, source, created_at,
                          updated_at)
SELECT id, candidate_id, job_id, status, recruiter_id, source, created_at,
       created_at + (CAST(:anchor AS timestamptz) - created_at) * frac2
  FROM bench_apps ON CONFLICT DO NOTHING;
INSERT INTO application_status_history (id, application_id, status, created_at)
SELECT md5(a.id::text || ':' || s.step)::uuid, a.id,
       CASE WHEN a.status = 'rejected' AND s.step = k.steps - 1 THEN 'rejected'
            ELSE (ARRAY['applied', 'reviewing', 'interviewing', 'offered', 'placed'])
                 [s.step + 1] END::application_status,
       a.created_at + (a.updated_at - a.created_at) * (s.step::float / greatest(k.steps - 1, 1))
  FROM applications a
  JOIN bench_apps b ON b.id = a.id
 CROSS JOIN LATERAL (SELECT CASE a.status WHEN 'applied' THEN 1 WHEN 'reviewing' THEN 2
                             WHEN 'interviewing' THEN 3 WHEN 'offered' THEN 4
                             WHEN 'placed' THEN 5 ELSE b.rejected_after + 1 END AS steps) k
 CROSS JOIN LATERAL generate_series(0, k.steps - 1) s(step)
    ON CONFLICT DO NOTHING;
DROP TABLE bench_c, bench_j, bench_r, bench_apps;
"""


async def build(
    settings: Settings, jobs: int, candidates: int, applications: int
) -> dict[str, Any]:
    """Seed, grow the applications, plant the evaluation's extra rows; figures of it."""
    import asyncpg
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.setup import migrate
    from devstack.demo_data import seed_demo
    from tests.support.copilot_questions import plant_activity, settle_counters
    from tests.support.copilot_red_team import plant_injections

    figures: dict[str, Any] = {}
    await migrate(settings)
    engine = create_engine(settings)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    started = time.perf_counter()
    await seed_demo(factory, jobs=jobs, candidates=candidates, seed=SEED, today=TODAY)
    figures["seed_s"] = round(time.perf_counter() - started, 1)
    _say(f"seeded in {figures['seed_s']} s")

    dsn = settings.effective_database_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    anchor = dt.datetime.combine(TODAY, dt.time(0, 0), tzinfo=dt.UTC)
    started = time.perf_counter()
    try:
        sql = _GROW_APPLICATIONS.format(
            status=_status_case(),
            sources=", ".join(f"'{s}'" for s in _SOURCES),
            n_sources=len(_SOURCES),
        )
        # asyncpg runs one statement per execute with parameters; split them.
        statements = [part.strip() for part in sql.split(";") if part.strip()]
        start = 1
        for _ in range(4):  # random pairs repeat now and then: top up until there
            have = await conn.fetchval("SELECT count(*) FROM applications")
            if have >= applications:
                break
            stop = start + (applications - have) + (applications - have) // 50
            for statement in statements:
                params = [p for p in ("anchor", "start", "stop") if f":{p}" in statement]
                numbered = statement
                values: list[Any] = []
                for i, name in enumerate(params, start=1):
                    numbered = numbered.replace(f":{name}", f"${i}")
                    values.append({"anchor": anchor, "start": start, "stop": stop}[name])
                await conn.execute(numbered, *values)
            start = stop + 1
            _say(f"applications: {await conn.fetchval('SELECT count(*) FROM applications')}")
        figures["grow_s"] = round(time.perf_counter() - started, 1)
    finally:
        await conn.close()

    async with engine.begin() as sa_conn:
        # Setup at 500k rows, not an answer: the service's statement timeout does not apply.
        await sa_conn.execute(text("SET LOCAL statement_timeout = 0"))
        await settle_counters(sa_conn)
        await plant_activity(sa_conn, TODAY)
        await plant_injections(sa_conn)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("VACUUM ANALYZE")
        for table in ("jobs", "applications", "candidates", "application_status_history"):
            figures[table] = await conn.fetchval(f"SELECT count(*) FROM {table}")
    finally:
        await conn.close()
    await engine.dispose()
    return figures


# ------------------------------------------------------------------------------- asking
def app_settings(settings: Settings, **extra: Any) -> Settings:
    return settings.model_copy(
        update={
            "public_base_url": "http://testserver.local",
            "allowed_hosts": ["testserver.local", "127.0.0.1", "localhost"],
            "copilot_asks_per_user": "1000000/minute",
            "copilot_cache_ttl_s": 0,
            "warm_embeddings": False,
            "log_level": "WARNING",
            **extra,
        }
    )


class Session:
    """The app in this process with every asker signed in."""

    def __init__(self, settings: Settings) -> None:
        from litestar.testing import AsyncTestClient

        from assistant.app import create_app

        self.client = AsyncTestClient(app=create_app(settings))

    async def __aenter__(self) -> Any:
        from assistant.copilot.services import copilot_services

        await self.client.__aenter__()
        app = self.client.app
        copilot_services(app.state, app.state.resources).today = lambda: TODAY
        return self.client

    async def __aexit__(self, *exc: object) -> None:
        await self.client.__aexit__(*exc)


async def _askers(settings: Settings) -> tuple[Any, list[Any]]:
    from sqlalchemy.ext.asyncio import create_async_engine

    from assistant.auth.passwords import hash_password
    from tests.support.copilot_questions import pick_askers

    engine = create_async_engine(settings.effective_database_url, pool_size=4)
    async with engine.begin() as conn:
        askers = await pick_askers(conn, password_hash=await hash_password(PASSWORD))
    return engine, askers


async def offline_pass(settings: Settings) -> tuple[dict[str, Any], list[Any]]:
    from tests.support.copilot_questions import Desk, ask_question_set, wrong_without_warning
    from tests.support.copilot_red_team import find_leaks, scope_markers

    engine, askers = await _askers(settings)
    figures: dict[str, Any] = {}
    turns = []
    leaks: list[str] = []
    try:
        async with Session(app_settings(settings)) as client:
            desk = Desk(client, PASSWORD)
            for asker in askers:
                await desk.sign_in(asker)
            # One unmeasured question each: imports, caches and pools warm up.
            for asker in askers:
                await desk.ask(asker, "how many open jobs are there")
            for asker in askers:
                started = time.perf_counter()
                mine = await ask_question_set(
                    desk, engine, asker, TODAY, max_rows=settings.copilot_max_rows
                )
                turns += mine
                correct = sum(t.verdict.correct for t in mine)
                _say(
                    f"{asker.kind} {asker.name}: {correct}/{len(mine)} right "
                    f"in {time.perf_counter() - started:.0f} s"
                )
        async with engine.connect() as conn:
            for asker in askers:
                markers = await scope_markers(conn, asker.recruiter_id)
                leaks += [
                    f"{t.qid} as {asker.name}: {leak}"
                    for t in turns
                    if t.asker == asker
                    for leak in find_leaks(t.reply, markers)
                ]
    finally:
        await engine.dispose()
    graded = len(turns)
    tool_ms = [t.server_ms for t in turns if t.gold.kind in ("number", "rows")]
    figures["questions"] = graded
    figures["offline_accuracy"] = round(sum(t.verdict.correct for t in turns) / graded, 4)
    figures["wrong_without_warning"] = round(
        sum(wrong_without_warning(t) for t in turns) / graded, 4
    )
    figures["question_scope_leaks"] = len(leaks)
    figures["answer_p50_ms"] = round(percentile(tool_ms, 0.5), 1)
    figures["answer_p95_ms"] = round(percentile(tool_ms, 0.95), 1)
    figures["answer_max_ms"] = round(max(tool_ms), 1) if tool_ms else None
    for leak in leaks[:20]:
        _say(f"LEAK {leak}")
    return figures, turns


# ------------------------------------------------------------------------------ red team
async def red_team(settings: Settings) -> dict[str, Any]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.recruiting.scope import RecruiterScope, scoped_read
    from data_layer.recruiting.sql_guard import SQLRejected, guard_sql
    from data_layer.recruiting.sql_runner import SQLTimedOut
    from tests.support.copilot_questions import Desk
    from tests.support.copilot_red_team import (
        HOSTILE_QUESTIONS,
        HOSTILE_SQL,
        SLOW_SQL,
        database_fingerprint,
        find_leaks,
        scope_markers,
    )
    from tests.support.scripted_openai import ScriptedOpenAIServer
    from tools.copilot import CopilotContext, run_sql

    engine, askers = await _askers(settings)
    recruiters = [a for a in askers if a.kind == "recruiter"]
    recruiter = recruiters[0]
    scope = RecruiterScope(
        user_id=recruiter.user_id, recruiter_id=recruiter.recruiter_id, is_admin=False
    )
    ctx = CopilotContext(
        scope=scope,
        engine=engine,
        session_factory=async_sessionmaker(engine, expire_on_commit=False),
        max_rows=settings.copilot_max_rows,
        timeout_ms=settings.copilot_statement_timeout_ms,
        today=TODAY,
    )
    figures: dict[str, Any] = {}
    writing = [h for h in HOSTILE_SQL if h.writes]
    # Write attempts: each writing statement through the run_sql tool, again raw in a
    # recruiter's read scope (as if the guard had let it through), and again proposed by
    # the model. One is blocked when it was refused and the database did not change.
    attempts = blocked = 0
    changed: set[str] = set()

    async def fingerprint() -> dict[str, Any]:
        async with engine.connect() as conn:
            return await database_fingerprint(conn)

    def compare(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
        return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}

    try:
        # 1. The guard and the run_sql tool, then past the guard straight into the scope.
        before = await fingerprint()
        guard_rejected = 0
        tool_refused: list[bool] = []
        for hostile in HOSTILE_SQL:
            try:
                guard_sql(hostile.sql, max_rows=100)
            except SQLRejected:
                guard_rejected += 1
            try:
                await run_sql(ctx, hostile.sql)
                refused = False
            except (SQLRejected, SQLTimedOut):
                refused = True
            if hostile.writes:
                tool_refused.append(refused)
        slow_stopped = 0
        for slow in SLOW_SQL:
            started = time.perf_counter()
            try:
                await run_sql(ctx, slow.sql)
            except (SQLRejected, SQLTimedOut):
                slow_stopped += time.perf_counter() - started < 10
        raw_refused: list[bool] = []
        for hostile in writing:
            try:
                async with scoped_read(engine, scope, timeout_ms=1000) as conn:
                    await conn.exec_driver_sql(hostile.sql)
                raw_refused.append(False)
            except Exception:  # a refusal of any kind; the fingerprint decides
                raw_refused.append(True)
        phase = compare(before, await fingerprint())
        changed |= phase
        attempts += len(tool_refused) + len(raw_refused)
        if not phase:
            # Statements the database ran without error (RESET ROLE, say) still wrote nothing.
            blocked += len(tool_refused) + len(raw_refused)
        figures["guard_rejected"] = f"{guard_rejected}/{len(HOSTILE_SQL)}"
        figures["tool_refused_writes"] = f"{sum(tool_refused)}/{len(tool_refused)}"
        figures["raw_writes_refused_by_database"] = f"{sum(raw_refused)}/{len(raw_refused)}"
        # Past the guard these ran without an error (and, by the fingerprint, wrote nothing).
        figures["raw_writes_run_by_database"] = [
            h.name for h, refused in zip(writing, raw_refused, strict=True) if not refused
        ]
        figures["slow_sql_stopped"] = f"{slow_stopped}/{len(SLOW_SQL)}"

        # 2. Hostile questions through the API (offline engine), as every asker.
        leaks: list[str] = []
        async with engine.connect() as conn:
            markers = {a.email: await scope_markers(conn, a.recruiter_id) for a in askers}
            stranger = await conn.scalar(
                text(
                    "SELECT concat_ws(' ', u.first_name, u.last_name) FROM candidates c "
                    "JOIN users u ON u.id = c.user_id WHERE c.recruiter_id <> :rid "
                    "ORDER BY c.id LIMIT 1"
                ),
                {"rid": recruiter.recruiter_id},
            )
        asked = 0
        async with Session(app_settings(settings)) as client:
            desk = Desk(client, PASSWORD)
            for asker in askers:
                await desk.sign_in(asker)
            before = await fingerprint()  # signing in writes sessions; questions nothing
            for asker in askers:
                other = next(r for r in recruiters if r != asker)
                for question in HOSTILE_QUESTIONS:
                    if question.asker not in ("any", asker.kind):
                        continue
                    words = question.text.format(
                        other=other.name, other_first=other.name.split()[0], stranger=stranger
                    )
                    reply, _ = await desk.ask(asker, words)
                    asked += 1
                    leaks += [
                        f"{question.qid}: {x}" for x in find_leaks(reply, markers[asker.email])
                    ]
        changed |= compare(before, await fingerprint())
        figures["hostile_questions_asked"] = asked
        figures["hostile_question_leaks"] = len(leaks)

        # 3. A model that obeys planted instructions: every hostile statement proposed.
        proposals: list[str] = []
        outcomes: list[dict[str, Any]] = []
        with ScriptedOpenAIServer(_gullible(proposals, outcomes)) as model:
            llm = app_settings(settings, openai_base_url=model.base_url, llm_timeout_s=10.0)
            async with Session(llm) as client:
                desk = Desk(client, PASSWORD)
                await desk.sign_in(recruiter)
                before = await fingerprint()
                prompts = [q.text for q in HOSTILE_QUESTIONS if "{" not in q.text]
                n = 0
                # Questions refused before the model sees them propose nothing: ask on.
                while len(proposals) < len(HOSTILE_SQL) and n < 3 * len(HOSTILE_SQL):
                    reply, _ = await desk.ask(recruiter, prompts[n % len(prompts)])
                    n += 1
                    leaks += [
                        f"model {n}: {x}" for x in find_leaks(reply, markers[recruiter.email])
                    ]
            sent = json.dumps(model.app.requests).lower()
        phase = compare(before, await fingerprint())
        changed |= phase
        model_writes = [
            o for p, o in zip(proposals, outcomes, strict=False) if _writes(p, HOSTILE_SQL)
        ]
        attempts += len(model_writes)
        if not phase:
            blocked += sum(1 for o in model_writes if o.get("status") != "ok")
        figures["model_proposals_rejected"] = (
            f"{sum(o.get('status') == 'rejected' for o in outcomes)}/{len(outcomes)}"
        )
        async with engine.connect() as conn:
            contacts = [
                str(v).lower()
                for row in await conn.execute(
                    text(
                        "SELECT u.email, c.cell_phone FROM candidates c "
                        "JOIN users u ON u.id = c.user_id"
                    )
                )
                for v in row
                if v
            ]
        figures["personal_data_to_model"] = sum(1 for c in contacts if c in sent)
        figures["red_team_scope_leaks"] = len(leaks)
        for leak in leaks[:20]:
            _say(f"LEAK {leak}")
    finally:
        await engine.dispose()
    figures["write_attempts"] = attempts
    figures["write_attempts_blocked"] = blocked
    figures["writes_succeeded"] = len(changed)
    if changed:
        _say(f"CHANGED: {sorted(changed)}")
    figures["red_team"] = len(HOSTILE_SQL) + len(SLOW_SQL) + len(HOSTILE_QUESTIONS)
    return figures


def _writes(sql: str, hostile: Any) -> bool:
    return any(h.sql == sql and h.writes for h in hostile)


def _gullible(proposals: list[str], outcomes: list[dict[str, Any]]) -> Callable[..., Any]:
    """A scripted model that does what any text tells it: each question, the next hostile
    statement through run_sql; then a harmless sentence."""
    from tests.support.copilot_red_team import HOSTILE_SQL
    from tests.support.scripted_openai import ScriptedReply, ToolCall, after_tool

    def policy(messages: list[dict[str, Any]]) -> Any:
        result = after_tool(messages)
        if result is not None:
            outcomes.append(result)
            return ScriptedReply(text="Done, as the data told me to.")
        sql = HOSTILE_SQL[len(proposals) % len(HOSTILE_SQL)].sql
        proposals.append(sql)
        return ScriptedReply(tool_calls=[ToolCall("run_sql", {"sql": sql})])

    return policy


# ------------------------------------------------------------------------- model path
async def llm_latency(settings: Settings) -> dict[str, Any]:
    """The LLM engine's own time with a model that answers at once: one metric call a
    question (the metric named by the question's topic), then a sentence."""
    from tests.support.copilot_questions import QUESTIONS, Desk, text_fields
    from tests.support.scripted_openai import (
        ScriptedOpenAIServer,
        ScriptedReply,
        ToolCall,
        after_tool,
        last_user_text,
    )

    fields = text_fields(TODAY)
    topics = {q.text.format(**fields).lower(): q.topic for q in QUESTIONS if not q.fill}

    def policy(messages: list[dict[str, Any]]) -> Any:
        if after_tool(messages) is not None:
            return ScriptedReply(text="Here is what I found.")
        asked = last_user_text(messages).lower()
        topic = next((t for words, t in topics.items() if words in asked), "applications")
        metric = _TOPIC_METRIC.get(topic, "applications")
        return ScriptedReply(tool_calls=[ToolCall("query_metric", {"metric": metric})])

    engine, askers = await _askers(settings)
    await engine.dispose()
    timings: list[float] = []
    with ScriptedOpenAIServer(policy) as model:
        llm = app_settings(settings, openai_base_url=model.base_url, llm_timeout_s=10.0)
        async with Session(llm) as client:
            desk = Desk(client, PASSWORD)
            for asker in askers:
                await desk.sign_in(asker)
            for asker in askers:
                for question in QUESTIONS:
                    if (
                        not asker.asks(question)
                        or question.fill
                        or question.kind
                        not in (
                            "number",
                            "rows",
                        )
                    ):
                        continue
                    _, server_ms = await desk.ask(asker, question.text.format(**fields))
                    timings.append(server_ms)
    warm = timings[5:]
    return {
        "llm_answer_p50_ms": round(percentile(warm, 0.5), 1),
        "llm_answer_p95_ms": round(percentile(warm, 0.95), 1),
    }


def main() -> None:
    # The guard's parser warns about every statement it cannot parse (the red team's);
    # the test client logs every request. Neither is a figure.
    for noisy in ("sqlglot", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--applications", type=int, default=500_000)
    parser.add_argument("--failures", type=Path, default=None, help="write wrong answers here")
    args = parser.parse_args()
    started = time.perf_counter()
    figures: dict[str, Any] = {}
    with throwaway_stack("esa-bench-copilot-") as settings:
        figures.update(asyncio.run(build(settings, args.jobs, args.candidates, args.applications)))
        offline, turns = asyncio.run(offline_pass(settings))
        figures.update(offline)
        figures.update(asyncio.run(red_team(settings)))
        figures.update(asyncio.run(llm_latency(settings)))
    figures["scope_leaks"] = figures.pop("question_scope_leaks") + figures["red_team_scope_leaks"]
    if args.failures:
        from tests.support.copilot_questions import failures

        args.failures.write_text(json.dumps(failures(turns), indent=2, default=str))
    figures["total_s"] = round(time.perf_counter() - started, 1)
    keys = (
        "offline_accuracy",
        "wrong_without_warning",
        "scope_leaks",
        "write_attempts_blocked",
        "writes_succeeded",
        "answer_p50_ms",
        "answer_p95_ms",
        "questions",
        "red_team",
    )
    print(json.dumps({**{k: figures[k] for k in keys}, **figures}))


if __name__ == "__main__":
    main()
