"""Abuse figures (issue 11): a chat flood next to people chatting at a human pace.

Builds a throwaway stack with ``--jobs`` demo jobs and runs the API under uvicorn
(real HTTP, offline engine, the default chat limits, ``--proxy-headers`` so each
simulated client has its own address via ``X-Forwarded-For``). Two phases of
``--seconds`` each:

* quiet: ``--people`` well-behaved conversations (one address each, arriving at random
  moments of the first ``--think-s``) send a message, read the reply and think
  ``--think-s`` (uniformly 0.5x-1.5x) before the next;
  meanwhile a signed-in visitor polls ``/api/auth/me`` and ``/jobs`` twice a second;
* flood: the same, plus ``--hostile`` conversations from ``--hostile-addresses``
  addresses sending back to back as fast as the server answers.

Each simulated client has its own HTTP connection pool (as browsers and scripts on
other machines would: one shared httpx pool of hundreds of connections costs the
load generator more CPU than the server), and the flood runs in a process of its own,
so the people's timings are not those of a load generator starved by its own attackers.
On Linux with two or more cores the attackers' process is pinned to the last core and
everything else (the stores, the API, the people) to the others, in both phases: real
attackers spend their own machines' CPU, not the server's (``--no-pin`` to share).

Figures per phase: the well-behaved turn p50/p99 (client-side, ms) and their error
count (anything but 200), the p99 of ``/api/auth/me`` and ``/jobs``, and in the
flood the hostile requests and the share answered 429. The last line printed is
one JSON object. Goal: well-behaved p99 in the flood within 2x of the quiet phase,
0 errors for them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chat import start_server, stop_server
from bench.common import free_port, percentile, throwaway_stack
from config.settings import Settings

PEOPLE_SAY = [
    "ICU travel jobs in Texas",
    "only nights",
    "tell me more about the first one",
    "what about Arizona instead?",
    "show me more",
    "travel nurse jobs paying over 2.5k a week",
]
PASSWORD = "bench-marigold-canyon-58"


@dataclass
class Phase:
    turns_ms: list[float] = field(default_factory=list)
    errors: int = 0
    me_ms: list[float] = field(default_factory=list)
    jobs_ms: list[float] = field(default_factory=list)
    hostile: int = 0
    hostile_429: int = 0
    hostile_other: int = 0

    def figures(self, prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            f"{prefix}_turns": len(self.turns_ms),
            f"{prefix}_turn_p50_ms": round(percentile(self.turns_ms, 0.5), 1),
            f"{prefix}_turn_p99_ms": round(percentile(self.turns_ms, 0.99), 1),
            f"{prefix}_errors": self.errors,
            f"{prefix}_me_p99_ms": round(percentile(self.me_ms, 0.99), 1),
            f"{prefix}_jobs_p99_ms": round(percentile(self.jobs_ms, 0.99), 1),
        }
        if self.hostile:
            out[f"{prefix}_hostile_requests"] = self.hostile
            out[f"{prefix}_hostile_429_share"] = round(self.hostile_429 / self.hostile, 3)
            out[f"{prefix}_hostile_other_errors"] = self.hostile_other
        return out


async def _start(client: httpx.AsyncClient, address: str) -> tuple[str, dict[str, str]]:
    response = await client.post("/api/chat/sessions", headers={"X-Forwarded-For": address})
    response.raise_for_status()
    body = response.json()
    return body["session_id"], {
        "Authorization": f"Bearer {body['token']}",
        "X-Forwarded-For": address,
    }


def _client(base: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base, timeout=60)


async def person(base: str, n: int, until: float, think_s: float, phase: Phase) -> None:
    async with _client(base) as client:
        await _chat_like_a_person(client, n, until, think_s, phase)


async def _chat_like_a_person(
    client: httpx.AsyncClient, n: int, until: float, think_s: float, phase: Phase
) -> None:
    rng = random.Random(n)
    # People arrive at their own moments, not all in the same millisecond.
    await asyncio.sleep(rng.uniform(0, think_s))
    session_id, headers = await _start(client, f"10.1.{n // 250}.{n % 250 + 1}")
    turn = 0
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            response = await client.post(
                f"/api/chat/sessions/{session_id}/messages",
                json={"content": PEOPLE_SAY[turn % len(PEOPLE_SAY)]},
                headers=headers,
            )
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        phase.turns_ms.append((time.perf_counter() - started) * 1000)
        phase.errors += 0 if ok else 1
        turn += 1
        await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))


async def attacker(base: str, n: int, addresses: int, until: float, phase: Phase) -> None:
    address = f"172.16.{n % addresses}.9"
    async with _client(base) as client:
        try:
            session_id, headers = await _start(client, address)
        except httpx.HTTPError:
            phase.hostile += 1
            phase.hostile_429 += 1
            return
        await _send_back_to_back(client, session_id, headers, until, phase)


async def _send_back_to_back(
    client: httpx.AsyncClient,
    session_id: str,
    headers: dict[str, str],
    until: float,
    phase: Phase,
) -> None:
    while time.monotonic() < until:
        try:
            response = await client.post(
                f"/api/chat/sessions/{session_id}/messages",
                json={"content": "ICU travel jobs in Texas paying over 3k"},
                headers=headers,
            )
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        phase.hostile += 1
        if status == 429:
            phase.hostile_429 += 1
        elif status != 200:
            phase.hostile_other += 1


async def prober(base: str, cookie: str, until: float, phase: Phase) -> None:
    async with _client(base) as client:
        await _poll(client, cookie, until, phase)


async def _poll(client: httpx.AsyncClient, cookie: str, until: float, phase: Phase) -> None:
    while time.monotonic() < until:
        started = time.perf_counter()
        await client.get("/api/auth/me", cookies={"esa_session": cookie})
        phase.me_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        await client.get("/jobs", params={"state": "TX"})
        phase.jobs_ms.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.5)


def _cores() -> list[int]:
    """The cores this process may use, when it can be pinned (Linux) and there are two+."""
    if not hasattr(os, "sched_getaffinity"):
        return []
    cores = sorted(os.sched_getaffinity(0))
    return cores if len(cores) >= 2 else []


def pin_attackers_apart(pin: bool) -> list[int]:
    """Keep this process (and what it starts) off the last core; returns the cores."""
    cores = _cores() if pin else []
    if cores:
        os.sched_setaffinity(0, cores[:-1])
    return cores


def flood_for(
    base: str, hostile: int, addresses: int, seconds: float, core: int | None
) -> tuple[int, int, int]:
    """The attackers, in a process of their own: (requests, 429s, other errors)."""
    if core is not None:
        os.sched_setaffinity(0, {core})

    async def run() -> Phase:
        phase = Phase()
        until = time.monotonic() + seconds
        await asyncio.gather(*(attacker(base, n, addresses, until, phase) for n in range(hostile)))
        return phase

    phase = asyncio.run(run())
    return phase.hostile, phase.hostile_429, phase.hostile_other


async def run_phase(
    base: str, cookie: str, args: argparse.Namespace, *, flood: bool, offset: int
) -> Phase:
    phase = Phase()
    loop = asyncio.get_running_loop()
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        await loop.run_in_executor(pool, int)  # the attackers' process is up and imported
        until = time.monotonic() + args.seconds
        tasks = [person(base, offset + n, until, args.think_s, phase) for n in range(args.people)]
        tasks.append(prober(base, cookie, until, phase))
        if flood:
            attackers = loop.run_in_executor(
                pool,
                flood_for,
                base,
                args.hostile,
                args.hostile_addresses,
                args.seconds,
                args.attacker_core,
            )
            _, (phase.hostile, phase.hostile_429, phase.hostile_other) = await asyncio.gather(
                asyncio.gather(*tasks), attackers
            )
        else:
            await asyncio.gather(*tasks)
    return phase


async def signed_in_cookie(settings: Settings, base: str) -> str:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from assistant.auth.passwords import hash_password
    from data_layer.accounts.service import create_candidate_account
    from data_layer.db.engine import create_engine

    engine = create_engine(settings)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            await create_candidate_account(
                session,
                email="bench.person@example.com",
                first_name="Bench",
                last_name="Person",
                phone=None,
                password_hash=await hash_password(PASSWORD),
                referral_id=None,
                from_chat=False,
            )
    finally:
        await engine.dispose()
    async with httpx.AsyncClient(base_url=base) as client:
        response = await client.post(
            "/api/auth/login", json={"email": "bench.person@example.com", "password": PASSWORD}
        )
        response.raise_for_status()
        return str(response.cookies["esa_session"])


async def build(settings: Settings, jobs: int) -> None:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.setup import migrate
    from devstack.demo_data import seed_demo

    await migrate(settings)
    engine = create_engine(settings)
    try:
        await seed_demo(
            async_sessionmaker(engine, expire_on_commit=False), jobs=jobs, candidates=50, seed=5
        )
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--hostile", type=int, default=200)
    parser.add_argument("--hostile-addresses", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument(
        "--think-s",
        type=float,
        default=8.0,
        help="mean pause between a reply and the next message (reading job cards, typing)",
    )
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="let the attackers share the server's cores (default: pinned apart)",
    )
    args = parser.parse_args()
    cores = pin_attackers_apart(args.pin)
    args.attacker_core = cores[-1] if cores else None

    figures: dict[str, Any] = {
        "people": args.people,
        "hostile": args.hostile,
        "hostile_addresses": args.hostile_addresses,
        "seconds_per_phase": args.seconds,
        "think_s": args.think_s,
        "attackers_pinned_to_core": args.attacker_core,
    }
    with throwaway_stack("esa-bench-abuse-") as settings:
        asyncio.run(build(settings, args.jobs))
        port = free_port()
        server = start_server(
            settings,
            port,
            {"WARM_EMBEDDINGS": "true", "OPENAI_API_KEY": "", "OPENAI_BASE_URL": ""},
            ("--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"),
        )
        base = f"http://127.0.0.1:{port}"
        try:
            cookie = asyncio.run(signed_in_cookie(settings, base))
            # Warm-up: the first turns of a fresh process import and fill caches.
            asyncio.run(
                run_phase(
                    base,
                    cookie,
                    argparse.Namespace(**{**vars(args), "seconds": 10}),
                    flood=False,
                    offset=900,
                )
            )
            quiet = asyncio.run(run_phase(base, cookie, args, flood=False, offset=0))
            flood = asyncio.run(run_phase(base, cookie, args, flood=True, offset=300))
        finally:
            stop_server(server)
    figures.update(quiet.figures("quiet"))
    figures.update(flood.figures("flood"))
    quiet_p99 = figures["quiet_turn_p99_ms"]
    figures["flood_p99_over_quiet"] = round(figures["flood_turn_p99_ms"] / quiet_p99, 2)
    figures["goal_met"] = figures["flood_p99_over_quiet"] <= 2.0 and figures["flood_errors"] == 0
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
