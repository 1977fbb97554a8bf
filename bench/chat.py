"""Chat figures: turn latency (offline and LLM mode), job search over 100k jobs, first SSE byte.

Builds its own services (a throwaway stack on free ports), seeds ``--jobs`` demo
jobs, and gives every job an embedding: ``--embed-real`` of them are embedded
with the bundled model, the rest get a real vector of another job plus small
noise (embedding 100,000 texts on 2 CPU cores takes far longer than the search
being measured; the HNSW index sees the same kind of distribution).

Then:
* ``search_p50_ms`` / ``search_p99_ms``: `search_jobs` (filters + semantic
  ranking, query vector given) over all jobs, straight through data_layer;
* ``offline_turn_p50_ms`` / ``turn_p50_ms`` / ``turn_p99_ms``: 50 concurrent
  conversations x 20 turns against the running server (uvicorn, real HTTP),
  offline mode and LLM mode with a local scripted model answering instantly;
  server-side time per turn from the ``Server-Timing`` header. Each simulated
  person pauses ``--think-s`` on average (uniformly 0.5x-1.5x) between a reply
  and their next message: 1 s by default, far quicker than people read a reply
  with job cards and type the next question (about 40 turns/s in all);
  Before measuring, 200 unmeasured turns warm the API process up (a fresh
  process is slower for its first few hundred turns);
* ``relaxed_*``: the same conversations with ``--relaxed-think-s`` (5 s)
  pauses, still brisk for people typing;
* ``*_api_cpu_ms_per_turn``: CPU seconds the API process spent per turn;
* ``first_byte_p50_ms``: request to the first SSE byte.

The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, free_port, percentile, throwaway_stack
from config.settings import Settings

CONVERSATION = [
    "ICU travel jobs in Texas",
    "only nights",
    "tell me more about the first one",
    "what about Arizona instead?",
    "show me more",
    "travel nurse jobs paying over 2.5k a week",
    "what does the second one pay?",
    "per diem CNA jobs in Florida",
    "thanks!",
    "med surg jobs in Ohio",
]

SEARCHES: list[tuple[dict[str, Any], str | None]] = [
    ({"specialty": "ICU", "job_type": "Travel", "state": "TX"}, "level 1 trauma center"),
    ({"profession": "Registered Nurse", "job_type": "Travel"}, "nights near the beach"),
    ({"specialty": "Med-Surg", "state": "OH"}, "teaching hospital"),
    ({"profession": "Certified Nursing Assistant", "job_type": "Per Diem"}, "long term care"),
    ({"job_type": "Travel", "min_weekly_pay": 2500}, "ICU nurse high pay"),
    ({"state": "CA"}, "pediatric oncology"),
    ({"profession": "Physical Therapist"}, "outpatient orthopedics"),
    ({"specialty": "L&D", "shift": "Nights"}, "high risk obstetrics"),
    ({"job_type": "Local", "state": "FL"}, "emergency department"),
    ({}, "travel nurse cardiac step down"),
]


async def build_database(settings: Settings, jobs: int, embed_real: int) -> dict[str, float]:
    import asyncpg
    from pgvector.asyncpg import register_vector
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.setup import migrate
    from data_layer.embeddings.jobs import embed_pending_jobs
    from data_layer.embeddings.model import get_embedding_model
    from devstack.demo_data import seed_demo

    figures: dict[str, float] = {}
    await migrate(settings)
    engine = create_engine(settings)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    started = time.perf_counter()
    await seed_demo(factory, jobs=jobs, candidates=200, seed=3)
    figures["seed_s"] = round(time.perf_counter() - started, 1)

    model = get_embedding_model()
    model.load()
    started = time.perf_counter()
    await embed_pending_jobs(factory, model, batch=256, limit=embed_real)
    figures["embed_real_s"] = round(time.perf_counter() - started, 1)

    async with engine.begin() as conn:
        index = (
            await conn.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes "
                    "WHERE tablename = 'job_embeddings' AND indexdef ILIKE '%hnsw%'"
                )
            )
        ).one()
        await conn.execute(text(f'DROP INDEX "{index.indexname}"'))
    await engine.dispose()

    dsn = settings.effective_database_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    await register_vector(conn)
    real = await conn.fetch("SELECT embedding, model_name FROM job_embeddings")
    vectors = np.stack([np.asarray(r["embedding"].to_numpy(), dtype=np.float32) for r in real])
    model_name = real[0]["model_name"]
    missing = await conn.fetch(
        "SELECT j.id FROM jobs j LEFT JOIN job_embeddings e ON e.job_id = j.id "
        "WHERE e.job_id IS NULL"
    )
    rng = np.random.default_rng(7)
    now = dt.datetime.now(dt.UTC)
    records = []
    for i, row in enumerate(missing):
        vector = vectors[i % len(vectors)] + rng.normal(0, 0.03, vectors.shape[1])
        vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        records.append((row["id"], vector, model_name, "bench-synthetic", now, now))
    await conn.copy_records_to_table(
        "job_embeddings",
        records=records,
        columns=["job_id", "embedding", "model_name", "content_hash", "created_at", "updated_at"],
    )
    started = time.perf_counter()
    await conn.execute("SET maintenance_work_mem = '512MB'")
    await conn.execute(index.indexdef)
    figures["hnsw_build_s"] = round(time.perf_counter() - started, 1)
    await conn.execute("ANALYZE")
    await conn.close()
    return figures


async def measure_search(settings: Settings, rounds: int) -> dict[str, float]:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.embeddings.model import get_embedding_model
    from data_layer.jobs.filters import JobSearchFilters
    from data_layer.jobs.search import search_jobs

    model = get_embedding_model()
    vectors = {q: model.encode([q])[0] for _, q in SEARCHES if q}
    embed_times = []
    for query in vectors:
        t0 = time.perf_counter()
        model.encode([query + " "])
        embed_times.append((time.perf_counter() - t0) * 1000)
    engine = create_engine(settings)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    timings: list[float] = []
    filter_only: list[float] = []
    for i in range(rounds):
        filters, query = SEARCHES[i % len(SEARCHES)]
        async with factory() as session:
            t0 = time.perf_counter()
            await search_jobs(
                session,
                JobSearchFilters.from_mapping({**filters, "query": query}),
                query_vector=vectors.get(query or ""),
            )
            timings.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            await search_jobs(session, JobSearchFilters.from_mapping(filters))
            filter_only.append((time.perf_counter() - t0) * 1000)
    await engine.dispose()
    warm = timings[len(SEARCHES) :]  # the first round warms caches
    return {
        "search_p50_ms": round(percentile(warm, 0.5), 2),
        "search_p99_ms": round(percentile(warm, 0.99), 2),
        "search_filters_only_p50_ms": round(percentile(filter_only[len(SEARCHES) :], 0.5), 2),
        "query_embed_p50_ms": round(percentile(embed_times, 0.5), 2),
    }


ONE_ADDRESS = {
    "CHAT_SESSIONS_PER_ADDRESS": "1000000/hour",
    "CHAT_SESSIONS_PER_USER": "1000000/hour",
    "CHAT_MESSAGES_PER_CONVERSATION": "1000000/minute",
    "CHAT_MESSAGES_PER_ADDRESS": "1000000/minute",
    "CHAT_MESSAGES_PER_USER": "1000000/minute",
    "CHAT_TURNS_IN_FLIGHT_PER_ADDRESS": "1000",
}
"""Every simulated visitor of a latency bench comes from 127.0.0.1 and types faster than a
person: the chat's abuse limits (measured by bench/abuse.py) would refuse them."""


def start_server(
    settings: Settings,
    port: int,
    extra_env: dict[str, str],
    extra_args: tuple[str, ...] = (),
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.effective_database_url,
        "MONGODB_URL": settings.effective_mongodb_url,
        "REDIS_URL": settings.effective_redis_url,
        "LOG_LEVEL": "WARNING",
        "DB_POOL_SIZE": "20",
        **extra_env,
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "assistant.app:create_app",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    # Measure the steady state: healthy, and the embedding model (loaded in the
    # background after start) ready for semantic ranking.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            if response.status_code == 200 and response.json()["semantic_search"] == "ready":
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the API did not become healthy with semantic search ready")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def conversation_figures(
    proc: subprocess.Popen[bytes],
    base: str,
    prefix: str,
    conversations: int,
    turns: int,
    think_s: float,
) -> dict[str, float]:
    """One load run: latency percentiles, achieved turn rate and API CPU per turn."""
    cpu_before = cpu_seconds(proc.pid)
    started = time.perf_counter()
    server_ms, client_ms = asyncio.run(run_conversations(base, conversations, turns, think_s))
    elapsed = time.perf_counter() - started
    cpu_after = cpu_seconds(proc.pid)
    figures = {
        f"{prefix}_p50_ms": round(percentile(server_ms, 0.5), 2),
        f"{prefix}_p99_ms": round(percentile(server_ms, 0.99), 2),
        f"{prefix}_client_p50_ms": round(percentile(client_ms, 0.5), 2),
        f"{prefix}s_per_s": round(len(server_ms) / elapsed, 1),
    }
    if cpu_before is not None and cpu_after is not None and server_ms:
        # Includes the three warm-up turns and session creation: a slight overestimate.
        figures[f"{prefix}_api_cpu_ms"] = round((cpu_after - cpu_before) * 1000 / len(server_ms), 2)
    return figures


async def run_conversations(
    base: str, conversations: int, turns: int, think_s: float
) -> tuple[list[float], list[float]]:
    server_ms: list[float] = []
    client_ms: list[float] = []
    limits = httpx.Limits(max_connections=conversations + 10)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        # Warm the embedding model, the pools and caches before measuring.
        warm = (await client.post("/api/chat/sessions")).json()
        for text in CONVERSATION[:3]:
            await client.post(
                f"/api/chat/sessions/{warm['session_id']}/messages",
                json={"content": text},
                headers={"Authorization": f"Bearer {warm['token']}"},
            )

        async def one(n: int) -> None:
            pace = random.Random(n)
            await asyncio.sleep(pace.uniform(0, think_s))  # people do not all arrive at once
            created = (await client.post("/api/chat/sessions")).json()
            auth = {"Authorization": f"Bearer {created['token']}"}
            for t in range(turns):
                if t:
                    # Reading the reply and typing the next message.
                    await asyncio.sleep(pace.uniform(0.5 * think_s, 1.5 * think_s))
                text = CONVERSATION[(n + t) % len(CONVERSATION)]
                t0 = time.perf_counter()
                response = await client.post(
                    f"/api/chat/sessions/{created['session_id']}/messages",
                    json={"content": text},
                    headers=auth,
                )
                client_ms.append((time.perf_counter() - t0) * 1000)
                response.raise_for_status()
                timing = response.headers.get("server-timing", "")
                server_ms.append(float(timing.split("dur=")[1]))

        await asyncio.gather(*(one(n) for n in range(conversations)))
    return server_ms, client_ms


async def first_byte(base: str, samples: int) -> list[float]:
    times: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        created = (await client.post("/api/chat/sessions")).json()
        headers = {"Authorization": f"Bearer {created['token']}", "Accept": "text/event-stream"}
        for i in range(samples):
            t0 = time.perf_counter()
            async with client.stream(
                "POST",
                f"/api/chat/sessions/{created['session_id']}/messages",
                json={"content": CONVERSATION[i % len(CONVERSATION)]},
                headers=headers,
            ) as response:
                chunks = response.aiter_raw()
                await anext(chunks)
                times.append((time.perf_counter() - t0) * 1000)
                async for _ in chunks:
                    pass
    return times[5:]


def scripted_policy(messages: list[dict[str, Any]]) -> Any:
    from tests.support.scripted_openai import ScriptedReply, ToolCall, after_tool

    result = after_tool(messages)
    if result is not None:
        return ScriptedReply(text=f"I found {result.get('total', 0)} jobs that fit.")
    if random.random() < 0.6:
        return ScriptedReply(
            tool_calls=[
                ToolCall("search_jobs", {"filters": {"specialty": "ICU", "job_type": "Travel"}})
            ]
        )
    return ScriptedReply(text="Happy to help! Tell me what kind of job you want.")


def serve_scripted_llm(port: int) -> None:
    """The scripted model in its own process, so it does not share the load generator's GIL."""
    import uvicorn

    from tests.support.scripted_openai import ScriptedOpenAI

    uvicorn.run(ScriptedOpenAI(scripted_policy), host="127.0.0.1", port=port, log_level="warning")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--embed-real", type=int, default=2_000)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--search-rounds", type=int, default=300)
    parser.add_argument(
        "--think-s",
        type=float,
        default=1.0,
        help="mean pause between a reply and the next message (0 = back to back)",
    )
    parser.add_argument(
        "--relaxed-think-s",
        type=float,
        default=5.0,
        help="mean pause of the extra relaxed run (negative = no relaxed run)",
    )
    args = parser.parse_args()

    figures: dict[str, Any] = {
        "jobs": args.jobs,
        "conversations": args.conversations,
        "turns_each": args.turns,
        "think_s": args.think_s,
        "relaxed_think_s": args.relaxed_think_s,
    }

    def load_runs(server: subprocess.Popen[bytes], base: str, prefix: str) -> None:
        # Steady state, as a long-running process serves: the first few hundred turns
        # import lazily, fill statement and schema caches and grow the GC's heap.
        asyncio.run(run_conversations(base, 20, 10, 0.2))
        figures.update(
            conversation_figures(server, base, prefix, args.conversations, args.turns, args.think_s)
        )
        if args.relaxed_think_s >= 0:
            figures.update(
                conversation_figures(
                    server,
                    base,
                    f"relaxed_{prefix}",
                    args.conversations,
                    args.turns,
                    args.relaxed_think_s,
                )
            )

    with throwaway_stack("esa-bench-chat-") as settings:
        figures.update(asyncio.run(build_database(settings, args.jobs, args.embed_real)))
        figures.update(asyncio.run(measure_search(settings, args.search_rounds)))

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(settings, port, ONE_ADDRESS)
        try:
            load_runs(server, base, "offline_turn")
            fb = asyncio.run(first_byte(base, 100))
            figures["first_byte_p50_ms"] = round(percentile(fb, 0.5), 2)
            figures["first_byte_p99_ms"] = round(percentile(fb, 0.99), 2)
        finally:
            stop_server(server)

        llm_port = free_port()
        llm = multiprocessing.get_context("spawn").Process(
            target=serve_scripted_llm, args=(llm_port,), daemon=True
        )
        llm.start()
        try:
            server = start_server(
                settings,
                port,
                {**ONE_ADDRESS, "OPENAI_BASE_URL": f"http://127.0.0.1:{llm_port}/v1"},
            )
            try:
                load_runs(server, base, "turn")
            finally:
                stop_server(server)
        finally:
            llm.terminate()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
