"""``POST /webhooks/laboredge/jobs`` through a real Celery worker, and ``GET /ops/sync``.

The worker of this module is a real ``celery worker`` process, started with the
address of this module's simulator and its own database, on its own Redis
database number (so it never takes the session worker's tasks and vice versa).
A second Redis database number that no worker reads shows exactly what an API
call enqueued: its queue length.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest
from celery import Celery
from litestar.testing import AsyncTestClient
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.app import create_app
from assistant.webhooks import (
    DEV_SECRET_FILE,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
    signed_headers,
    verify_signature,
    webhook_secret,
)
from config.settings import ProductionSettingsError, Settings
from data_layer.models import Job, JobEmbedding, SyncRunKind, SyncRunStatus
from data_layer.sync.locks import sync_lock
from data_layer.sync.quarantine import quarantine
from data_layer.sync.runs import SyncCounts, finish_run, get_run, start_run
from devstack.laboredge_simulator import SimulatorConfig, SimulatorServer
from tests.support.celery_worker import running_worker
from tests.support.production import production_settings
from workers.laboredge import mapping
from workers.laboredge.config import LaborEdgeConfig
from workers.sync.options import SyncOptions
from workers.sync.pipeline import run_sync

SECRET = "test-webhook-secret-of-32-characters"
OPS_TOKEN = "ops-token-for-tests"
WORKER_REDIS_DB = 5
IDLE_REDIS_DB = 6
URL = "/webhooks/laboredge/jobs"


def _redis_url(settings: Settings, db: int) -> str:
    base = settings.effective_redis_url.rsplit("/", 1)[0]
    return f"{base}/{db}"


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(SimulatorConfig(jobs=80, seed=21)) as server:
        yield server


@pytest.fixture(scope="module")
async def hook_db_url(admin_pg_url: str, migrated_template: str) -> AsyncIterator[str]:
    name = f"t_hook_{uuid.uuid4().hex[:8]}"
    dsn = admin_pg_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
    finally:
        await conn.close()
    yield f"{admin_pg_url.rsplit('/', 1)[0]}/{name}"
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="module")
async def hook_engine(hook_db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(hook_db_url, pool_size=3)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="module")
def sync_worker(
    stack_settings: Settings, hook_db_url: str, sim: SimulatorServer
) -> Iterator[Celery]:
    """A real worker for this module: its database, this simulator, Redis db 5."""
    redis_url = _redis_url(stack_settings, WORKER_REDIS_DB)
    env = {
        **os.environ,
        "DATABASE_URL": hook_db_url,
        "MONGODB_URL": stack_settings.effective_mongodb_url,
        "REDIS_URL": redis_url,
        "LABOREDGE_API_URL": "",
        "LABOREDGE_SIM_PORT": str(sim.port),
        "LABOREDGE_BACKOFF_BASE_S": "0.01",
        "LABOREDGE_BACKOFF_MAX_S": "0.05",
        "SYNC_REFRESH_RETRY_S": "1",
        "LOG_JSON": "false",
    }
    log_path = Path(stack_settings.data_dir) / f"sync-worker-{uuid.uuid4().hex[:6]}.log"
    client = Celery("sync-test-client", broker=redis_url, backend=redis_url)
    with running_worker(client, env, log_path, concurrency=2) as app:
        yield app


def app_settings(base: Settings, db_url: str, redis_db: int) -> Settings:
    return base.model_copy(
        update={
            "database_url": db_url,
            "mongodb_url": base.effective_mongodb_url,
            "redis_url": _redis_url(base, redis_db),
            "laboredge_webhook_secret": SecretStr(SECRET),
            "ops_token": SecretStr(OPS_TOKEN),
            "warm_embeddings": False,
        }
    )


OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}


def signed(body: bytes, timestamp: int | None = None) -> dict[str, str]:
    return signed_headers(body, SECRET, timestamp)


def body_for(job_ids: list[Any]) -> bytes:
    return msgspec.json.encode({"jobIds": job_ids})


async def queue_length(settings: Settings, redis_db: int) -> int:
    redis = Redis.from_url(_redis_url(settings, redis_db))
    try:
        return int(await redis.llen("celery"))
    finally:
        await redis.aclose()


async def admin(sim: SimulatorServer, method: str, path: str, body: Any = None) -> Any:
    async with httpx.AsyncClient(base_url=sim.base_url, timeout=30) as http:
        response = await http.request(method, f"/__sim/{path}", json=body)
    response.raise_for_status()
    return response.json()


# --------------------------------------------------------------------- signature
def test_signature_is_an_hmac_of_the_timestamp_and_the_raw_body() -> None:
    body = body_for([1, 2])
    good = sign(body, SECRET, 1700000000)
    assert good.startswith("sha256=") and len(good) == 7 + 64
    expected = hmac.new(SECRET.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()
    assert good == f"sha256={expected}"
    assert verify_signature(body, good, SECRET, "1700000000")
    assert verify_signature(body, good.upper().replace("SHA256=", "sha256="), SECRET, "1700000000")
    assert not verify_signature(body, good, SECRET, "1700000001")  # re-dated: not the same call
    assert not verify_signature(body, good, SECRET, None)
    assert not verify_signature(body + b" ", good, SECRET, "1700000000")
    assert not verify_signature(body, sign(body, "other", 1700000000), SECRET, "1700000000")
    assert not verify_signature(body, good.removeprefix("sha256="), SECRET, "1700000000")
    assert not verify_signature(body, None, SECRET, "1700000000")
    assert not verify_signature(body, good, "", "1700000000")  # no secret: nothing is accepted


# ------------------------------------------------------------------ through the API
async def test_bad_or_missing_signature_is_401_and_enqueues_nothing(
    stack_settings: Settings, migrated_db_url: str
) -> None:
    settings = app_settings(stack_settings, migrated_db_url, IDLE_REDIS_DB)
    redis = Redis.from_url(_redis_url(stack_settings, IDLE_REDIS_DB))
    await redis.delete("celery")
    await redis.aclose()
    body = body_for([300001])
    async with AsyncTestClient(create_app(settings)) as client:
        missing = await client.post(URL, content=body)
        wrong = await client.post(URL, content=body, headers=signed_headers(body, "not-the-secret"))
        tampered = await client.post(URL, content=body_for([300004]), headers=signed(body))
        assert [missing.status_code, wrong.status_code, tampered.status_code] == [401] * 3
        assert missing.json()["extra"]["code"] == "invalid_signature"
        assert missing.json()["status_code"] == 401
        assert await queue_length(stack_settings, IDLE_REDIS_DB) == 0
        # a bad body behind a bad signature is still a 401: the body is never read
        junk = await client.post(URL, content=b"{nope", headers={SIGNATURE_HEADER: "sha256=00"})
        assert junk.status_code == 401
        # the old scheme (an HMAC of the body alone, no timestamp) is refused
        untimed = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        old_style = await client.post(URL, content=body, headers={SIGNATURE_HEADER: untimed})
        assert old_style.status_code == 401
        assert old_style.json()["extra"]["code"] == "invalid_signature"
        # the control: the same call signed right is enqueued, exactly once
        ok = await client.post(URL, content=body, headers=signed(body))
        assert ok.status_code == 202, ok.text
        assert ok.json()["enqueued"] == 1 and ok.json()["task_id"]
        assert await queue_length(stack_settings, IDLE_REDIS_DB) == 1
    redis = Redis.from_url(_redis_url(stack_settings, IDLE_REDIS_DB))
    (message,) = await redis.lrange("celery", 0, -1)
    await redis.delete("celery")
    await redis.aclose()
    envelope = msgspec.json.decode(message)
    assert envelope["headers"]["task"] == "workers.sync.refresh_jobs"
    assert envelope["headers"]["id"] == ok.json()["task_id"]


async def _drain(settings: Settings, redis_db: int) -> None:
    redis = Redis.from_url(_redis_url(settings, redis_db))
    await redis.delete("celery")
    await redis.aclose()


async def test_a_timestamp_outside_the_window_is_401_and_enqueues_nothing(
    stack_settings: Settings, migrated_db_url: str
) -> None:
    settings = app_settings(stack_settings, migrated_db_url, IDLE_REDIS_DB)
    await _drain(stack_settings, IDLE_REDIS_DB)
    body = body_for([300011])
    now = int(time.time())
    window = settings.laboredge_webhook_window_s
    async with AsyncTestClient(create_app(settings)) as client:
        old = await client.post(URL, content=body, headers=signed(body, now - window - 5))
        ahead = await client.post(URL, content=body, headers=signed(body, now + window + 5))
        garbled = {TIMESTAMP_HEADER: "soon", SIGNATURE_HEADER: sign(body, SECRET, "soon")}
        not_a_time = await client.post(URL, content=body, headers=garbled)
        unstamped = await client.post(
            URL, content=body, headers={SIGNATURE_HEADER: signed(body)[SIGNATURE_HEADER]}
        )
        assert await queue_length(stack_settings, IDLE_REDIS_DB) == 0
        # the control: inside the window (a little clock skew either way) it is accepted
        skewed = await client.post(URL, content=body, headers=signed(body, now - window + 30))
    for refused in (old, ahead, not_a_time):
        assert refused.status_code == 401, refused.text
        assert refused.json()["extra"] == {"code": "stale_timestamp"}
        assert TIMESTAMP_HEADER in refused.json()["detail"]
    assert unstamped.status_code == 401
    assert unstamped.json()["extra"] == {"code": "invalid_signature"}
    assert skewed.status_code == 202, skewed.text
    await _drain(stack_settings, IDLE_REDIS_DB)


async def test_a_replayed_call_is_401_and_enqueued_only_once(
    stack_settings: Settings, migrated_db_url: str
) -> None:
    settings = app_settings(stack_settings, migrated_db_url, IDLE_REDIS_DB)
    await _drain(stack_settings, IDLE_REDIS_DB)
    body = body_for([300021, 300022])
    captured = signed(body)
    async with AsyncTestClient(create_app(settings)) as client:
        first = await client.post(URL, content=body, headers=captured)
        replays = [await client.post(URL, content=body, headers=captured) for _ in range(3)]
        assert first.status_code == 202, first.text
        assert await queue_length(stack_settings, IDLE_REDIS_DB) == 1
    # another app process (same Redis) knows the call too
    async with AsyncTestClient(create_app(settings)) as other:
        elsewhere = await other.post(URL, content=body, headers=captured)
        # LaborEdge sending the same ids again, freshly signed, is a new call
        again = await other.post(URL, content=body, headers=signed(body, int(time.time()) - 2))
    for refused in (*replays, elsewhere):
        assert refused.status_code == 401
        assert refused.json() == {
            "status_code": 401,
            "detail": "this signed call was already received (replay)",
            "extra": {"code": "replayed"},
        }
    assert again.status_code == 202, again.text
    assert await queue_length(stack_settings, IDLE_REDIS_DB) == 2
    await _drain(stack_settings, IDLE_REDIS_DB)


@pytest.mark.parametrize("secret", ["", "dev-webhook-secret", "x" * 31])
def test_production_refuses_to_start_without_a_strong_secret(
    stack_settings: Settings, secret: str
) -> None:
    # Everything else production needs is set: the secret is the one problem named.
    settings = production_settings(stack_settings, laboredge_webhook_secret=SecretStr(secret))
    with pytest.raises(ProductionSettingsError) as refused:
        create_app(settings)
    [problem] = refused.value.problems
    assert "LABOREDGE_WEBHOOK_SECRET" in problem and "32+ characters" in problem
    assert "APP_ENV=production" in str(refused.value)
    if secret:
        assert secret not in str(refused.value)  # the reason, never the secret
    strong = settings.model_copy(update={"laboredge_webhook_secret": SecretStr("s" * 32)})
    create_app(strong)  # a strong secret starts
    # and production never falls back to a made-up secret
    assert (
        webhook_secret(settings.model_copy(update={"laboredge_webhook_secret": SecretStr("")}))
        == ""
    )


async def test_development_makes_one_secret_per_install_and_nobody_knows_it(
    stack_settings: Settings, migrated_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = app_settings(stack_settings, migrated_db_url, IDLE_REDIS_DB)
    settings = base.model_copy(
        update={"laboredge_webhook_secret": SecretStr(""), "data_dir": tmp_path / "data"}
    )
    assert settings.app_env == "development"
    made = webhook_secret(settings)
    stored = tmp_path / "data" / DEV_SECRET_FILE
    assert len(made) >= 32 and stored.read_text().strip() == made
    assert stored.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert webhook_secret(settings) == made  # kept: the same on every start
    other_install = settings.model_copy(update={"data_dir": tmp_path / "elsewhere"})
    assert webhook_secret(other_install) != made

    # `make run` hands the same secret to every process it starts
    from devstack.runner import _child_env

    monkeypatch.delenv("LABOREDGE_WEBHOOK_SECRET", raising=False)
    assert _child_env(settings)["LABOREDGE_WEBHOOK_SECRET"] == made

    await _drain(stack_settings, IDLE_REDIS_DB)
    body = body_for([300031])
    async with AsyncTestClient(create_app(settings)) as client:
        known = await client.post(
            URL, content=body, headers=signed_headers(body, "dev-webhook-secret")
        )
        right = await client.post(URL, content=body, headers=signed_headers(body, made))
    assert known.status_code == 401
    assert right.status_code == 202, right.text
    await _drain(stack_settings, IDLE_REDIS_DB)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", '"jobIds"'),
        (b'{"jobIds": []}', "1 to 500"),
        (msgspec.json.encode({"jobIds": list(range(1, 502))}), "1 to 500"),
        (b'{"jobIds": [1, -2]}', "positive integers"),
        (b'{"jobIds": [1, "2"]}', "positive integers"),
        (b'{"jobIds": [true]}', "positive integers"),
        (b'{"jobIds": "1,2"}', "list"),
        (b'{"ids": [1]}', '"jobIds"'),
    ],
)
async def test_bad_body_with_a_good_signature_is_422(
    stack_settings: Settings, migrated_db_url: str, body: bytes, detail: str
) -> None:
    settings = app_settings(stack_settings, migrated_db_url, IDLE_REDIS_DB)
    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.post(URL, content=body, headers=signed(body))
    assert response.status_code == 422
    assert response.json()["status_code"] == 422
    assert response.json()["extra"]["code"] == "invalid_body"
    assert detail in response.json()["detail"]
    assert await queue_length(stack_settings, IDLE_REDIS_DB) == 0


async def test_valid_webhook_refreshes_the_jobs_through_the_worker(
    stack_settings: Settings,
    sim: SimulatorServer,
    hook_db_url: str,
    hook_engine: AsyncEngine,
    sync_worker: Celery,
) -> None:
    options = SyncOptions(
        database_url=hook_db_url,
        laboredge=LaborEdgeConfig.for_simulator(sim.base_url, page_size=40),
    )
    first = await run_sync(options, "full", engine=hook_engine)
    assert first.status is SyncRunStatus.SUCCEEDED and first.inserted == 80

    change = await admin(sim, "POST", "mutate", {"update": 2, "close": 1, "seed": 17})
    changed, closed = change["updated"], change["closed"]
    truth = {r["jobId"]: r for r in (await admin(sim, "GET", "jobs"))["records"]}
    expected = {job_id: mapping.content_hash(truth[job_id]) for job_id in changed}

    settings = app_settings(stack_settings, hook_db_url, WORKER_REDIS_DB)
    body = body_for([*changed, *closed])
    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.post(URL, content=body, headers=signed(body))
        assert response.status_code == 202, response.text
        assert response.json()["enqueued"] == 3

        deadline = time.monotonic() + 60
        while True:
            async with hook_engine.connect() as conn:
                rows = {
                    r.external_job_id: r
                    for r in await conn.execute(
                        select(Job.external_job_id, Job.content_hash, Job.closed_at).where(
                            Job.external_job_id.in_([*changed, *closed])
                        )
                    )
                }
            done = all(rows[j].content_hash == expected[j] for j in changed) and all(
                rows[j].closed_at is not None for j in closed
            )
            if done:
                break
            assert time.monotonic() < deadline, f"not refreshed in time: {rows}"
            await asyncio.sleep(0.2)

        # the worker recorded a refresh run, visible on the ops endpoint
        status = (await client.get("/ops/sync", headers=OPS)).json()
    refresh = [r for r in status["runs"] if r["kind"] == SyncRunKind.REFRESH.value]
    assert refresh and refresh[0]["status"] == "succeeded"
    assert (refresh[0]["updated"], refresh[0]["closed"]) == (2, 1)
    assert status["lock_held"] is False and status["quarantine_open"] == 0
    async with hook_engine.connect() as conn:
        run = await get_run(conn, first.id)
    assert run is not None and run.kind is SyncRunKind.FULL

    # and the embedding task it enqueued embeds the changed jobs (and the rest)
    deadline = time.monotonic() + 120
    while True:
        async with hook_engine.connect() as conn:
            embedded = set(
                await conn.scalars(
                    select(Job.external_job_id).join(JobEmbedding, JobEmbedding.job_id == Job.id)
                )
            )
        if set(changed) <= embedded:
            break
        assert time.monotonic() < deadline, "the changed jobs were not embedded in time"
        await asyncio.sleep(0.5)


async def test_ops_endpoint_shows_runs_quarantine_and_lock(
    stack_settings: Settings, migrated_db_url: str, db_engine: AsyncEngine
) -> None:
    async with db_engine.begin() as conn:
        run_id = await start_run(conn, SyncRunKind.FULL)
        await quarantine(conn, run_id, [(12, "unknown professionId 1", {"jobId": 12})])
        await finish_run(conn, run_id, SyncCounts(fetched=5, inserted=4), "succeeded")
    settings = app_settings(stack_settings, migrated_db_url, IDLE_REDIS_DB)
    async with AsyncTestClient(create_app(settings)) as client:
        idle = (await client.get("/ops/sync", headers=OPS)).json()
        async with sync_lock(db_engine) as acquired:
            assert acquired
            busy = (await client.get("/ops/sync", headers=OPS)).json()
    assert idle["lock_held"] is False and busy["lock_held"] is True
    assert idle["quarantine_open"] == 1
    (run,) = idle["runs"]
    assert (run["id"], run["status"], run["fetched"], run["inserted"]) == (
        str(run_id),
        "succeeded",
        5,
        4,
    )


async def test_ops_endpoint_needs_the_ops_token(
    stack_settings: Settings, migrated_db_url: str
) -> None:
    settings = app_settings(stack_settings, migrated_db_url, IDLE_REDIS_DB)
    async with AsyncTestClient(create_app(settings)) as client:
        missing = await client.get("/ops/sync")
        wrong = await client.get("/ops/sync", headers={"Authorization": "Bearer guess"})
        right = await client.get("/ops/sync", headers=OPS)
    assert missing.status_code == wrong.status_code == 401
    assert "OPS_TOKEN" in wrong.json()["detail"]
    assert "runs" not in wrong.text
    assert right.status_code == 200 and "runs" in right.json()

    unset = settings.model_copy(update={"ops_token": SecretStr("")})
    async with AsyncTestClient(create_app(unset)) as client:
        hidden = await client.get("/ops/sync", headers={"Authorization": "Bearer "})
    assert hidden.status_code == 404
