"""Resume matching at scale: candidates for a job and jobs for a candidate, with filters.

Builds a throwaway stack, loads master data, inserts synthetic candidates (RN-heavy
professions, 1-3 licenses weighted by state population, 10% expired, certifications,
a summary vector plus 1-3 experience vectors each) and jobs (professions, states,
required certifications, 90% open), then times ``find_candidates_for_job`` (the job's
hard filters plus an optional filter on half the queries) and ``jobs_for_candidate``,
and measures ``recall_at_20`` of the production path against the exact scan with the
same filters.

Vectors are random but clustered (one centre per specialty-like topic plus noise), so
the HNSW graph has the neighbourhoods real embeddings have; rows go in by binary COPY
and the HNSW indexes are built once after the load.

    .venv/bin/python bench/resume_matching.py --resumes 20000 --jobs 20000

Loading 100,000 + 100,000 and building the indexes takes minutes. ``--data-dir DIR``
keeps the stack's data folder: the first run loads it, later runs with the same sizes
and seed reuse it and only time the queries (the folder records what it holds).

The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import struct
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, stack_in, throwaway_stack

EMBEDDING_DIM = 384
TOPICS = 60
QUERIES = 200
TODAY = datetime.date(2026, 11, 28)

# (profession name, share) and (state code, weight ~ nursing workforce).
PROFESSIONS = [
    ("Registered Nurse", 0.62),
    ("Licensed Practical Nurse", 0.1),
    ("Physical Therapist", 0.06),
    ("Respiratory Therapist", 0.06),
    ("Surgical Technologist", 0.06),
    ("Occupational Therapist", 0.05),
    ("Radiologic Technologist", 0.05),
]
BIG_STATES = {"CA": 10, "TX": 8, "FL": 7, "NY": 7, "PA": 5, "OH": 4, "IL": 4, "NC": 4, "GA": 3}
CERTS = [("BLS", 0.9), ("ACLS", 0.5), ("PALS", 0.2), ("NIHSS", 0.15), ("TNCC", 0.1)]
JOB_CERTS = [("BLS", 0.7), ("ACLS", 0.3), ("PALS", 0.08)]


def _progress(what: str, done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r{what:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _vector_codec(vec: np.ndarray) -> bytes:
    # pgvector's binary format: dim (int16), unused (int16), float4 big-endian values.
    return struct.pack(">HH", EMBEDDING_DIM, 0) + vec.astype(">f4").tobytes()


class Synth:
    """Random but realistic rows, reproducible from the seed."""

    def __init__(self, seed: int, states: dict[str, int], professions: dict[str, int]) -> None:
        self.rng = np.random.default_rng(seed)
        self.states = states
        self.state_codes = sorted(c for c in states if len(c) == 2)
        weights = np.array([BIG_STATES.get(c, 1.0) for c in self.state_codes])
        self.state_p = weights / weights.sum()
        self.professions = [professions[name] for name, _ in PROFESSIONS]
        shares = np.array([share for _, share in PROFESSIONS])
        self.profession_p = shares / shares.sum()
        centres = self.rng.normal(size=(TOPICS, EMBEDDING_DIM)).astype(np.float32)
        self.centres = centres / np.linalg.norm(centres, axis=1, keepdims=True)

    def vectors(self, topic: int, n: int) -> np.ndarray:
        noise = self.rng.normal(scale=0.06, size=(n, EMBEDDING_DIM)).astype(np.float32)
        v = self.centres[topic] + noise
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    def state(self) -> str:
        return str(self.rng.choice(self.state_codes, p=self.state_p))

    def profession(self) -> int:
        return int(self.rng.choice(self.professions, p=self.profession_p))


async def _load(conn: Any, synth: Synth, resumes: int, jobs: int, batch: int) -> dict[str, Any]:
    """Insert candidates and jobs by COPY; returns a few facts for the queries."""
    rng = synth.rng
    await conn.set_type_codec(
        "vector", encoder=_vector_codec, decoder=bytes, schema="public", format="binary"
    )
    now = datetime.datetime.now(datetime.UTC)
    candidate_ids: list[uuid.UUID] = []
    for start in range(0, resumes, batch):
        n = min(batch, resumes - start)
        users, cands, profs, lics, rows = [], [], [], [], []
        for _ in range(n):
            uid, cid = uuid.uuid4(), uuid.uuid4()
            candidate_ids.append(cid)
            users.append((uid, f"{uid.hex}@example.com", now, now))
            years = Decimal(int(rng.integers(0, 25)))
            cands.append((cid, uid, years, now, now))
            prof = synth.profession()
            profs.append((uuid.uuid4(), cid, prof, now))
            home = synth.state()
            for k in range(int(rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1]))):
                code = home if k == 0 else synth.state()
                expired = rng.random() < 0.1
                expiry = TODAY + datetime.timedelta(
                    days=int(rng.integers(-400, -1) if expired else rng.integers(30, 900))
                )
                lics.append(
                    (uuid.uuid4(), cid, synth.states[code], prof, expiry, "active", now, now)
                )
            certs: dict[str, str | None] = {}
            for name, share in CERTS:
                if rng.random() < share:
                    certs[name] = (
                        TODAY + datetime.timedelta(days=int(rng.integers(-60, 700)))
                    ).isoformat()
            topic = int(rng.integers(TOPICS))
            n_exp = int(rng.integers(1, 4))
            vecs = synth.vectors(topic, 1 + n_exp)
            for p, vec in enumerate(vecs):
                part = "summary" if p == 0 else f"experience:{p - 1}"
                rows.append(
                    (
                        uuid.uuid4(),
                        cid,
                        None,
                        vec,
                        "bench",
                        "0" * 64,
                        part,
                        json.dumps(certs) if p == 0 else None,
                        now,
                        now,
                    )
                )
        await conn.copy_records_to_table(
            "users", records=users, columns=["id", "email", "created_at", "updated_at"]
        )
        await conn.copy_records_to_table(
            "candidates",
            records=cands,
            columns=["id", "user_id", "years_of_experience", "created_at", "updated_at"],
        )
        await conn.copy_records_to_table(
            "candidate_professions",
            records=profs,
            columns=["id", "candidate_id", "profession_id", "created_at"],
        )
        await conn.copy_records_to_table(
            "candidate_licenses",
            records=lics,
            columns=[
                "id",
                "candidate_id",
                "state_id",
                "profession_id",
                "expiration_date",
                "status",
                "created_at",
                "updated_at",
            ],
        )
        await conn.copy_records_to_table(
            "resume_embeddings",
            records=rows,
            columns=[
                "id",
                "candidate_id",
                "resume_id",
                "embedding",
                "model_name",
                "content_hash",
                "part",
                "certifications",
                "created_at",
                "updated_at",
            ],
        )
        _progress("candidates", start + n, resumes)
    job_ids: list[uuid.UUID] = []
    ext = 0
    for start in range(0, jobs, batch):
        n = min(batch, jobs - start)
        job_rows, cert_rows, emb_rows = [], [], []
        for _ in range(n):
            jid = uuid.uuid4()
            job_ids.append(jid)
            ext += 1
            code = synth.state()
            closed = now if rng.random() < 0.1 else None
            job_rows.append(
                (jid, ext, "Travel job", True, synth.profession(), synth.states[code], code,
                 closed, now, now)
            )  # fmt: skip
            for name, share in JOB_CERTS:
                if rng.random() < share:
                    cert_rows.append((uuid.uuid4(), jid, name, False, False, now))
            emb_rows.append(
                (jid, synth.vectors(int(rng.integers(TOPICS)), 1)[0], "bench", "h" * 32, now, now)
            )
        await conn.copy_records_to_table(
            "jobs",
            records=job_rows,
            columns=[
                "id",
                "external_job_id",
                "job_title",
                "display_on_external_job_board",
                "profession_id",
                "client_state_id",
                "client_state_code",
                "closed_at",
                "created_at",
                "updated_at",
            ],
        )
        await conn.copy_records_to_table(
            "job_required_certifications",
            records=cert_rows,
            columns=[
                "id",
                "job_id",
                "certification",
                "for_onboarding",
                "for_submittal",
                "created_at",
            ],
        )
        await conn.copy_records_to_table(
            "job_embeddings",
            records=emb_rows,
            columns=[
                "job_id",
                "embedding",
                "model_name",
                "content_hash",
                "created_at",
                "updated_at",
            ],
        )
        _progress("jobs", start + n, jobs)
    return {"candidate_ids": candidate_ids, "job_ids": job_ids}


_HNSW = {
    "ix_resume_embeddings_embedding_hnsw": "resume_embeddings",
    "ix_job_embeddings_embedding_hnsw": "job_embeddings",
}


async def measure(
    resumes: int = 100_000,
    jobs: int = 100_000,
    *,
    queries: int = QUERIES,
    seed: int = 12,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Load a stack (or reuse ``data_dir``'s) and return the figures (see the module doc)."""
    import asyncpg
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    from data_layer.db.migrations import run_migrations

    figures: dict[str, Any] = {"resumes": resumes, "jobs": jobs, "queries": queries}
    wanted = {"resumes": resumes, "jobs": jobs, "seed": seed}
    if (
        data_dir is not None
        and (data_dir / "data").exists()
        and not (data_dir / "bench-loaded.json").exists()
    ):
        raise SystemExit(f"{data_dir} was not fully loaded (interrupted?): delete it first.")
    stack = throwaway_stack("esa-bench-matching-") if data_dir is None else stack_in(data_dir)
    with stack as settings:
        url = settings.effective_database_url
        engine = create_async_engine(url, pool_size=4)
        factory = async_sessionmaker(engine, expire_on_commit=False)
        dsn = url.replace("postgresql+asyncpg://", "postgresql://")
        loaded_marker = None if data_dir is None else data_dir / "bench-loaded.json"
        if loaded_marker is not None and loaded_marker.exists():
            if json.loads(loaded_marker.read_text()) != wanted:
                raise SystemExit(
                    f"{data_dir} holds {loaded_marker.read_text()}, not {wanted}: "
                    "use another --data-dir or the same sizes and seed."
                )
            await asyncio.to_thread(run_migrations, url)  # the code may have new ones
            conn = await asyncpg.connect(dsn)
            try:
                loaded = {
                    "candidate_ids": [
                        r[0] for r in await conn.fetch("SELECT id FROM candidates ORDER BY ctid")
                    ],
                    "job_ids": [
                        r[0] for r in await conn.fetch("SELECT id FROM jobs ORDER BY ctid")
                    ],
                }
            finally:
                await conn.close()
            figures["reused_data_dir"] = True
        else:
            loaded = await _load_fresh(url, dsn, factory, seed, resumes, jobs, figures)
            if loaded_marker is not None:
                loaded_marker.write_text(json.dumps(wanted))
        figures |= await _time_queries(factory, loaded, queries, seed)
        await engine.dispose()
    return figures


async def _load_fresh(
    url: str,
    dsn: str,
    factory: Any,
    seed: int,
    resumes: int,
    jobs: int,
    figures: dict[str, Any],
) -> dict[str, Any]:
    """Migrate, load master data and the synthetic rows, then build the HNSW indexes."""
    import asyncpg

    from data_layer.db.migrations import run_migrations
    from data_layer.master.loader import load_master_data

    await asyncio.to_thread(run_migrations, url)
    async with factory() as session:
        await load_master_data(session)
        await session.commit()
    conn = await asyncpg.connect(dsn)
    try:
        states = {r["code"]: r["id"] for r in await conn.fetch("SELECT code, id FROM states")}
        professions = {
            r["name"]: r["id"] for r in await conn.fetch("SELECT name, id FROM professions")
        }
        synth = Synth(seed, states, professions)
        for index in _HNSW:
            await conn.execute(f"DROP INDEX {index}")
        started = time.perf_counter()
        loaded = await _load(conn, synth, resumes, jobs, batch=2000)
        figures["load_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        await conn.execute("SET maintenance_work_mem = '1GB'")
        await conn.execute("SET max_parallel_maintenance_workers = 1")
        for index, table in _HNSW.items():
            sys.stderr.write(f"building {index}...\n")
            built = time.perf_counter()
            await conn.execute(
                f"CREATE INDEX {index} ON {table} USING hnsw (embedding vector_cosine_ops)"
            )
            figures[f"{table}_hnsw_build_s"] = round(time.perf_counter() - built, 1)
        # VACUUM, not only ANALYZE: COPY leaves the visibility map unset, which
        # autovacuum sets in a live database; index-only scans depend on it.
        await conn.execute("VACUUM ANALYZE")
        figures["index_build_s"] = round(time.perf_counter() - started, 1)
    finally:
        await conn.close()
    return loaded


async def _time_queries(
    factory: Any, loaded: dict[str, Any], queries: int, seed: int
) -> dict[str, Any]:
    """Time both searches on a loaded database and check them against the exact scan."""
    from data_layer.resumes.matching import (
        CandidateFilters,
        Viewer,
        find_candidates_for_job,
        jobs_for_candidate,
    )

    figures: dict[str, Any] = {}
    rng = np.random.default_rng(seed + 1)
    admin = Viewer(user_id=uuid.uuid4(), roles=frozenset({"admin"}))
    job_sample = rng.choice(loaded["job_ids"], size=queries, replace=False)
    cand_ms: list[float] = []
    filtered_ms: list[float] = []
    recalls: list[float] = []
    sizes: list[int] = []
    missing = 0
    for i, job_id in enumerate(job_sample):
        filters = CandidateFilters(min_years=3) if i % 2 else None
        async with factory() as session:
            t0 = time.perf_counter()
            found = await find_candidates_for_job(
                session, job_id, viewer=admin, limit=20, filters=filters, today=TODAY
            )
            elapsed = (time.perf_counter() - t0) * 1000
        (filtered_ms if filters else cand_ms).append(elapsed)
        async with factory() as session:
            truth = await find_candidates_for_job(
                session,
                job_id,
                viewer=admin,
                limit=20,
                filters=filters,
                today=TODAY,
                exact=True,
            )
        sizes.append(len(found))
        missing += len(found) < len(truth)  # a short page where the exact scan has more
        if truth:
            got = {m.candidate_id for m in found}
            recalls.append(len(got & {m.candidate_id for m in truth}) / len(truth))
        if (i + 1) % 20 == 0 or i + 1 == queries:
            _progress("candidates?", i + 1, queries)
    everything = cand_ms + filtered_ms
    figures["candidates_for_job_p50_ms"] = round(percentile(everything, 0.5), 1)
    figures["candidates_for_job_p95_ms"] = round(percentile(filtered_ms, 0.95), 1)
    figures["candidates_for_job_unfiltered_p95_ms"] = round(percentile(cand_ms, 0.95), 1)
    figures["recall_at_20"] = round(float(np.mean(recalls)), 4) if recalls else None
    figures["candidates_short_pages"] = sum(1 for n in sizes if n < 20)
    figures["candidates_short_pages_with_more_rows"] = missing

    cand_sample = rng.choice(loaded["candidate_ids"], size=queries, replace=False)
    jobs_ms: list[float] = []
    job_recalls: list[float] = []
    for i, cid in enumerate(cand_sample):
        async with factory() as session:
            t0 = time.perf_counter()
            found_jobs = await jobs_for_candidate(session, cid, limit=20, today=TODAY)
            jobs_ms.append((time.perf_counter() - t0) * 1000)
        async with factory() as session:
            truth_jobs = await jobs_for_candidate(session, cid, limit=20, today=TODAY, exact=True)
        if truth_jobs:
            got_jobs = {m.job_id for m in found_jobs}
            job_recalls.append(len(got_jobs & {m.job_id for m in truth_jobs}) / len(truth_jobs))
        if (i + 1) % 20 == 0 or i + 1 == queries:
            _progress("jobs?", i + 1, queries)
    figures["jobs_for_resume_p50_ms"] = round(percentile(jobs_ms, 0.5), 1)
    figures["jobs_for_resume_p95_ms"] = round(percentile(jobs_ms, 0.95), 1)
    figures["jobs_recall_at_20"] = round(float(np.mean(job_recalls)), 4) if job_recalls else None
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resumes", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="keep the loaded stack here and reuse it on the next run (default: throwaway)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    data_dir = None if args.data_dir is None else args.data_dir.resolve()
    figures = asyncio.run(
        measure(args.resumes, args.jobs, queries=args.queries, seed=args.seed, data_dir=data_dir)
    )
    figures["total_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
