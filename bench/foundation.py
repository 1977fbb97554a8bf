"""Foundation figures: time to a healthy service, seed throughput, /health latency.

Runs `python -m assistant run` on a fresh data folder (cold services, empty
database, DEMO_JOBS demo jobs), measures until `/health` answers 200, samples
`/health` latency, stops it, then times a bulk seed into a new database.
The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, free_port, percentile, throwaway_stack
from config.settings import Settings


def measure_ready_and_health(data_dir: Path, demo_jobs: int, samples: int) -> dict[str, float]:
    api_port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "PG_PORT": str(free_port()),
        "MONGO_PORT": str(free_port()),
        "REDIS_PORT": str(free_port()),
        "API_PORT": str(api_port),
        "DEMO_JOBS": str(demo_jobs),
    }
    for key in ("DATABASE_URL", "MONGODB_URL", "REDIS_URL"):
        env.pop(key, None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{api_port}/health"
    ready_s = float("nan")
    latencies: list[float] = []
    try:
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() - started < 180:
                if proc.poll() is not None:
                    raise SystemExit(f"`assistant run` exited with {proc.returncode}")
                try:
                    if client.get(url).status_code == 200:
                        ready_s = time.perf_counter() - started
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
            for _ in range(20):  # warm-up
                client.get(url)
            for _ in range(samples):
                t0 = time.perf_counter()
                response = client.get(url)
                latencies.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return {
        "ready_warm_s": round(ready_s, 2),
        "health_p50_ms": round(percentile(latencies, 0.5), 2),
        "health_p99_ms": round(percentile(latencies, 0.99), 2),
    }


async def measure_seed(settings: Settings, jobs: int) -> dict[str, float]:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.setup import migrate
    from data_layer.master.loader import load_master_data
    from devstack.demo_data import seed_demo

    await migrate(settings)
    engine = create_engine(settings)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    async with factory() as session:
        await load_master_data(session)
        await session.commit()
    marks: list[tuple[str, float]] = []

    def progress(stage: str, done: int, total: int) -> None:
        marks.append((stage, time.perf_counter()))

    started = time.perf_counter()
    counts = await seed_demo(factory, jobs=jobs, candidates=0, seed=1, progress=progress)
    elapsed = time.perf_counter() - started
    await engine.dispose()
    # The jobs stage runs from the previous stage's last report to its own last report.
    first = next(i for i, (stage, _) in enumerate(marks) if stage == "jobs")
    stage_start = marks[first - 1][1] if first else started
    stage_end = max(t for stage, t in marks if stage == "jobs")
    return {
        "seed_jobs": counts.get("jobs", jobs),
        "seed_jobs_per_s": round(jobs / (stage_end - stage_start), 1),
        "seed_total_s": round(elapsed, 2),
        "seed_total_jobs_per_s": round(jobs / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demo-jobs", type=int, default=5000)
    parser.add_argument("--seed-jobs", type=int, default=20000)
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="esa-bench-") as tmp:
        figures.update(measure_ready_and_health(Path(tmp) / "run", args.demo_jobs, args.samples))
    with throwaway_stack("esa-bench-seed-") as settings:
        figures.update(asyncio.run(measure_seed(settings, args.seed_jobs)))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
