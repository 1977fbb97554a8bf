"""LaborEdge sync figures: full sync and incremental sync throughput, embedding backfill.

Starts its own services (DevStack in a temporary folder on free ports), loads the
bundled master data (as `make run` does), and runs the LaborEdge simulator as a
separate process with 20,000 jobs (no faults). Then it measures, end to end
through the real client, HTTP and PostgreSQL:

* ``full_sync_jobs_per_s``: the first full sync into the empty ``jobs`` table
  (embeddings excluded), and ``full_sync_unchanged_jobs_per_s`` for a second one;
* ``incremental_1pct_s``: an incremental sync after the simulator changed 1% of
  the jobs (``modifiedSince`` + count check), and ``incremental_1pct_full_scan_s``
  for the same with the filter switched off (whole board, content hashes);
* ``embed_jobs_per_s``: embedding backfill of ``--embed-jobs`` jobs with the
  bundled model through the backend in use (``embed_backend``: ``EMBEDDING_BACKEND``,
  ONNX when ``make install`` exported it; loading excluded, reported as
  ``embed_model_load_s``);
* ``embed_agreement_at_10``: how far search results stay the same as with PyTorch's
  vectors: for 200 queries made from those jobs' facts, the share of the top 10
  (exact cosine over the embedded jobs, vectors as stored in pgvector) that PyTorch's
  vectors of the same texts and queries also rank in their top 10 (1.0 on the PyTorch
  backend). ``embed_torch_jobs_per_s`` is PyTorch's encode-only rate on those texts,
  ``embed_min_cosine`` the least similar job vector pair of the two.

The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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

from bench.common import ROOT, free_port, throwaway_stack
from config.settings import Settings


def start_simulator(port: int, jobs: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "laboredge-sim",
            "--port",
            str(port),
            "--jobs",
            str(jobs),
        ],
        cwd=ROOT,
        env={**os.environ, "LOG_JSON": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    with httpx.Client(timeout=2) as http:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"the simulator exited with {proc.returncode}")
            try:
                if http.get(f"http://127.0.0.1:{port}/__sim/stats").status_code == 200:
                    return proc
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the simulator did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


async def measure(settings: Settings, sim_url: str, args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.migrations import run_migrations
    from data_layer.embeddings.jobs import jobs_needing_embeddings
    from data_layer.embeddings.model import EmbeddingModel
    from data_layer.master.loader import load_master_data
    from workers.laboredge.config import LaborEdgeConfig
    from workers.sync.options import SyncKind, SyncOptions
    from workers.sync.pipeline import run_embeddings, run_sync

    await asyncio.to_thread(run_migrations, settings.effective_database_url)
    engine = create_engine(settings)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        await load_master_data(session)
        await session.commit()
    config = LaborEdgeConfig.for_simulator(sim_url, page_size=args.page_size)
    options = SyncOptions(database_url=settings.effective_database_url, laboredge=config)
    figures: dict[str, Any] = {"jobs": args.jobs, "page_size": args.page_size}

    async def timed(kind: SyncKind, opts: SyncOptions) -> tuple[float, Any]:
        started = time.perf_counter()
        info = await run_sync(opts, kind)
        elapsed = time.perf_counter() - started
        if info.status.value != "succeeded":
            raise SystemExit(f"{kind} sync {info.status.value}: {info.error_message}")
        return elapsed, info

    elapsed, info = await timed("full", options)
    assert info.inserted == args.jobs, info
    figures["full_sync_s"] = round(elapsed, 2)
    figures["full_sync_jobs_per_s"] = round(info.fetched / elapsed, 1)

    elapsed, info = await timed("full", options)
    assert info.unchanged == args.jobs, info
    figures["full_sync_unchanged_s"] = round(elapsed, 2)
    figures["full_sync_unchanged_jobs_per_s"] = round(info.fetched / elapsed, 1)

    changed = args.jobs // 100
    async with httpx.AsyncClient(base_url=sim_url, timeout=60) as http:
        await http.post("/__sim/mutate", json={"update": changed, "seed": 1})
        elapsed, info = await timed("incremental", options)
        assert info.updated == changed, info
        figures["incremental_1pct_s"] = round(elapsed, 3)

        await http.post("/__sim/mutate", json={"update": changed, "seed": 2})
        no_filter = SyncOptions(
            database_url=settings.effective_database_url,
            laboredge=config,
            use_modified_since=False,
        )
        elapsed, info = await timed("incremental", no_filter)
        assert info.updated == changed and info.fetched == args.jobs, info
        figures["incremental_1pct_full_scan_s"] = round(elapsed, 3)

    model = EmbeddingModel.from_settings(settings)
    started = time.perf_counter()
    model.load()
    model.encode(["warm-up"])
    figures["embed_backend"] = model.backend
    figures["embed_model_load_s"] = round(time.perf_counter() - started, 2)
    async with async_sessionmaker(engine)() as session:
        # The backfill takes pending jobs in this same order: these are the ones it embeds.
        pending = await jobs_needing_embeddings(session, model.name, args.embed_jobs)
    started = time.perf_counter()
    done = await run_embeddings(options, model=model, limit=args.embed_jobs)
    elapsed = time.perf_counter() - started
    figures["embed_jobs"] = done
    figures["embed_jobs_per_s"] = round((done or 0) / elapsed, 1)
    async with async_sessionmaker(engine)() as session:
        stored = await stored_vectors(session, [p.job_id for p in pending])
    figures.update(agreement_with_torch(model, [p.text for p in pending], stored))
    await engine.dispose()
    return figures


async def stored_vectors(session: Any, job_ids: list[Any]) -> np.ndarray:
    """The job vectors as pgvector holds them, in ``job_ids`` order."""
    from sqlalchemy import text

    rows = await session.execute(
        text("SELECT job_id, embedding::text AS v FROM job_embeddings WHERE job_id = ANY(:ids)"),
        {"ids": job_ids},
    )
    by_id = {row.job_id: json.loads(row.v) for row in rows}
    return np.asarray([by_id[job_id] for job_id in job_ids], dtype=np.float32)


def benchmark_queries(texts: list[str], count: int = 200) -> list[str]:
    """Searches as people type them, made from the facts (first lines) of sampled jobs."""
    rng = random.Random(12)
    queries: list[str] = []
    for index in rng.sample(range(len(texts)), min(count, len(texts))):
        lines = texts[index].split("\n")
        title, role = lines[0], lines[1] if len(lines) > 1 else ""
        place = lines[2] if len(lines) > 2 else ""
        form = len(queries) % 4
        if form == 0:
            queries.append(title)
        elif form == 1:
            queries.append(f"{role} jobs in {place}")
        elif form == 2:
            queries.append(f"travel {role.split(' - ')[-1]} {place.split(', ')[-1]}")
        else:
            queries.append(f"I have {rng.randint(1, 12)} years of {role} experience")
    return queries


def agreement_with_torch(model: Any, texts: list[str], stored: np.ndarray) -> dict[str, Any]:
    """``embed_agreement_at_10`` of the stored vectors against PyTorch's (see the docstring)."""
    from data_layer.embeddings.model import EmbeddingModel

    queries = benchmark_queries(texts)
    torch_model = model if model.backend == "torch" else EmbeddingModel(backend="torch")
    torch_model.encode(["warm-up"])
    started = time.perf_counter()
    reference = torch_model.encode(texts)
    torch_rate = len(texts) / (time.perf_counter() - started)
    ours, theirs = model.encode(queries) @ stored.T, torch_model.encode(queries) @ reference.T
    top = min(10, len(texts))
    overlap = [
        len(set(np.argsort(-a)[:top]) & set(np.argsort(-b)[:top])) / top
        for a, b in zip(ours, theirs, strict=True)
    ]
    return {
        "embed_torch_jobs_per_s": round(torch_rate, 1),
        "embed_agreement_at_10": round(float(np.mean(overlap)), 4),
        "embed_min_cosine": round(float((stored * reference).sum(axis=1).min()), 4),
        "embed_queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=20_000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--embed-jobs", type=int, default=2_000)
    args = parser.parse_args()

    with throwaway_stack("esa-bench-sync-") as stack_settings:
        settings = stack_settings.model_copy(update={"log_level": "WARNING"})
        port = free_port()
        simulator = start_simulator(port, args.jobs)
        try:
            figures = asyncio.run(measure(settings, f"http://127.0.0.1:{port}", args))
        finally:
            stop(simulator)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
