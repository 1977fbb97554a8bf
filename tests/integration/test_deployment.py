"""What compose.yaml relies on, without Docker: the image's processes, started by its entry
point (deploy/entrypoint.sh) as separate OS processes with APP_ENV=production against the
stores' URLs (the session's services stand in for the managed ones).

- the API and a Celery worker answer a chat turn and a task (a resume upload parsed by the
  configured model), nothing embedded is started, the image's health checks pass;
- two API processes answer alternate turns of one conversation: each turn builds on the
  one the other process answered (the state is in the stores, not in a process);
- a worker killed (SIGKILL, its whole process tree, as a container dies) in the middle of
  a task: the broker hands the task out again after the visibility timeout, another worker
  completes it, and its effect is written exactly once.
"""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from celery import Celery
from pymongo import AsyncMongoClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import async_sessionmaker

from config.settings import PROJECT_ROOT, Settings
from data_layer.db.engine import create_engine
from data_layer.resumes.records import ResumeOwner, create_resume, resume_by_id
from data_layer.resumes.storage import new_resume_key, resume_storage
from tests.conftest import _free_port, database_copy
from tests.integration.test_resume_llm_engine import FAITHFUL, RESUME
from tests.support.celery_worker import wait_until_pinged
from tests.support.processes import (
    ENTRYPOINT,
    image_env,
    signal_group,
    start,
    stop_all,
    wait_until_answering,
)
from tests.support.production import process_env, production_settings
from tests.support.scripted_openai import ScriptedOpenAIServer, ScriptedReply
from workers.celery_app import create_celery

BROKER_DB = 11
"""This module's own Redis database: the session's Celery worker never takes its tasks."""
VISIBILITY_TIMEOUT_S = 10
"""Short, so that a dead worker's task comes back within the test, yet well above a resume
parse on a loaded machine: a task still running when it passes would be handed out twice."""
PARSE_TASK = "workers.resumes.parse_resume"
EMBEDDED_FOLDERS = {"postgres", "mongo", "redis", ".excel-staffing-assistant"}
"""What devstack/services.py puts in DATA_DIR when it starts an embedded service."""
DOOMED_QUEUE = "doomed"
"""The queue only the worker that is killed consumes, until the other takes it over."""


class Model:
    """The OpenAI-compatible endpoint of the workers: a faithful parse of ``RESUME``, at
    once, or held mid-reply for the next request when :meth:`hold_next` says so."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self._hold_next = False

    def hold_next(self) -> None:
        self.release.clear()
        self._hold_next = True

    def __call__(self, messages: list[dict[str, Any]]) -> ScriptedReply:
        hold, self._hold_next = (self.release if self._hold_next else None), False
        return ScriptedReply(text=json.dumps(FAITHFUL), hold=hold)


@dataclass
class Deployment:
    settings: Settings
    env: dict[str, str]
    apis: list[str]
    celery: Celery
    model: Model
    server: ScriptedOpenAIServer
    data_dir: Path
    logs: Path
    worker: str = ""
    doomed: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def _broker_url(settings: Settings) -> str:
    base, _, _ = settings.effective_redis_url.rpartition("/")
    return f"{base}/{BROKER_DB}"


@pytest.fixture(scope="module")
async def deployment(
    stack_settings: Settings,
    admin_pg_url: str,
    seeded_template: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Deployment]:
    data_dir = tmp_path_factory.mktemp("deployment-data")
    logs = tmp_path_factory.mktemp("deployment-logs")
    model = Model()
    async with database_copy(admin_pg_url, seeded_template) as db_url:
        with ScriptedOpenAIServer(model) as server:
            settings = production_settings(
                stack_settings,
                database_url=db_url,
                redis_url=_broker_url(stack_settings),
                mongodb_db=f"t_deploy_{uuid.uuid4().hex[:8]}",
                data_dir=data_dir,
                celery_visibility_timeout_s=VISIBILITY_TIMEOUT_S,
            )
            env = image_env(
                process_env(
                    settings,
                    API_HOST="127.0.0.1",
                    # Start-up cost: semantic search warms on its first use, if any.
                    WARM_EMBEDDINGS="false",
                    CELERY_VISIBILITY_TIMEOUT_S=str(VISIBILITY_TIMEOUT_S),
                    CELERY_CONCURRENCY="1",
                )
            )
            worker_env = {
                **env,
                "OPENAI_BASE_URL": server.base_url,
                "OPENAI_API_KEY": "test-key",
            }
            suffix = uuid.uuid4().hex[:6]
            deployment = Deployment(
                settings=settings,
                env=env,
                apis=[],
                celery=create_celery(settings),
                model=model,
                server=server,
                data_dir=data_dir,
                logs=logs,
                worker=f"worker-{suffix}@%h",
                doomed=f"doomed-{suffix}@%h",
            )
            ports = [_free_port(), _free_port()]
            try:
                # Started together, as compose starts them; each waited for below.
                for name, port in zip(("api-a", "api-b"), ports, strict=True):
                    deployment.processes[name] = start(
                        ["sh", str(ENTRYPOINT), "api"],
                        {**env, "API_PORT": str(port)},
                        logs / f"{name}.log",
                    )
                for name, hostname, extra in (
                    ("worker", deployment.worker, []),
                    ("doomed", deployment.doomed, ["--queues", DOOMED_QUEUE]),
                ):
                    deployment.processes[name] = start(
                        ["sh", str(ENTRYPOINT), "worker", *extra],
                        {**worker_env, "CELERY_HOSTNAME": hostname},
                        logs / f"{name}.log",
                    )
                for name, port in zip(("api-a", "api-b"), ports, strict=True):
                    process = deployment.processes[name]
                    await asyncio.to_thread(
                        wait_until_answering, process, port, logs / f"{name}.log"
                    )
                    deployment.apis.append(f"http://127.0.0.1:{port}")
                for name in ("worker", "doomed"):
                    hostname = getattr(deployment, name).replace("%h", socket.gethostname())
                    setattr(deployment, name, hostname)
                    await asyncio.to_thread(
                        wait_until_pinged,
                        deployment.celery,
                        deployment.processes[name],
                        hostname,
                        logs / f"{name}.log",
                    )
                yield deployment
            finally:
                model.release.set()
                stop_all(list(deployment.processes.values()))
                deployment.celery.close()
                redis = Redis.from_url(settings.effective_redis_url)
                await redis.flushdb()
                await redis.aclose()
                mongo: AsyncMongoClient[Any] = AsyncMongoClient(settings.effective_mongodb_url)
                await mongo.drop_database(settings.mongodb_db)
                await mongo.close()


async def _conversation(http: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    created = await http.post("/api/chat/sessions", json={})
    assert created.status_code == 201, created.text
    body = created.json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


async def _say(base: str, session_id: str, auth: dict[str, str], content: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        reply = await http.post(
            f"/api/chat/sessions/{session_id}/messages", json={"content": content}, headers=auth
        )
    assert reply.status_code == 200, reply.text
    return reply.json()


def _healthcheck(
    deployment: Deployment, check: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "deploy" / "healthcheck.py"), check],
        env={**deployment.env, **env},
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
    )


async def _parsed_documents(settings: Settings, resume_id: str) -> list[dict[str, Any]]:
    mongo: AsyncMongoClient[Any] = AsyncMongoClient(settings.effective_mongodb_url, tz_aware=True)
    try:
        cursor = mongo[settings.mongodb_db].parsed_resumes.find({"resume_id": resume_id})
        return [doc async for doc in cursor]
    finally:
        await mongo.close()


# ------------------------------------------------------------------------------ the tests
async def test_the_api_and_a_worker_as_separate_processes_answer_a_chat_turn_and_a_task(
    deployment: Deployment,
) -> None:
    api_a, api_b = deployment.apis
    async with httpx.AsyncClient(base_url=api_a, timeout=60) as http:
        session_id, auth = await _conversation(http)
        answer = await _say(api_a, session_id, auth, "ICU travel jobs in Texas")
        assert answer["jobs"]["total"] > 0 and answer["jobs"]["filters"]["state"] == "TX"

        uploaded = await http.post(
            f"/api/chat/sessions/{session_id}/resumes",
            files={"file": ("resume.txt", RESUME.encode(), "text/plain")},
            headers=auth,
        )
        assert uploaded.status_code == 202, uploaded.text
        resume_id = uploaded.json()["resume_id"]

    # The other API process reports what the worker process made of it.
    async with httpx.AsyncClient(base_url=api_b, timeout=60) as http:
        deadline = time.monotonic() + 60
        while True:
            status = await http.get(
                f"/api/chat/sessions/{session_id}/resumes/{resume_id}", headers=auth
            )
            assert status.status_code == 200, status.text
            if status.json()["status"] != "processing":
                break
            assert time.monotonic() < deadline, deployment.log("worker")[-3000:]
            await asyncio.sleep(0.2)
        body = status.json()
        assert body["status"] == "parsed", body
        licenses = body["structured_data"]["licenses"]
        assert [(x["state"], x["number"]) for x in licenses] == [("TX", "884471")]
        [parsed] = await _parsed_documents(deployment.settings, resume_id)
        assert parsed["engine"] == "llm"  # the worker read it with the configured model

        for base in deployment.apis:  # both on the same stores, every one answering
            health = await http.get(
                f"{base}/health",
                headers={"Authorization": f"Bearer {deployment.env['OPS_TOKEN']}"},
            )
            assert health.status_code == 200, health.text
            dependencies = health.json()["dependencies"]
            assert {name: d["status"] for name, d in dependencies.items()} == {
                "postgresql": "ok",
                "mongodb": "ok",
                "redis": "ok",
            }

    # Nothing embedded was started: the data folder holds the uploads, no service's data.
    folders = {p.name for p in deployment.data_dir.iterdir()}
    assert "resumes" in folders and not folders & EMBEDDED_FOLDERS, folders
    # The image's health checks (deploy/healthcheck.py), as Docker runs them.
    port = api_a.rsplit(":", 1)[1]
    api = _healthcheck(deployment, "api", API_PORT=port)
    assert api.returncode == 0 and api.stdout.strip() == "api: /health answered 200", api
    worker = _healthcheck(deployment, "worker", CELERY_HOSTNAME=deployment.worker)
    assert worker.returncode == 0, worker
    assert worker.stdout.strip() == f"worker: {deployment.worker} answered a ping"
    missing = _healthcheck(
        deployment, "worker", CELERY_HOSTNAME="nobody@nowhere", HEALTHCHECK_TIMEOUT_S="0.5"
    )
    assert missing.returncode == 1, missing


async def test_two_api_processes_answer_alternate_turns_of_one_conversation(
    deployment: Deployment,
) -> None:
    api_a, api_b = deployment.apis
    async with httpx.AsyncClient(base_url=api_a, timeout=60) as http:
        session_id, auth = await _conversation(http)
    first = await _say(api_a, session_id, auth, "ICU travel jobs in Texas")
    filters = first["jobs"]["filters"]
    assert filters == {
        "profession": "Registered Nurse",
        "specialty": "ICU",
        "job_type": "Travel",
        "state": "TX",
    }
    # B never saw this conversation: it refines the search A made.
    second = await _say(api_b, session_id, auth, "only nights")
    assert second["jobs"]["filters"] == {**filters, "shift": "Nights"}
    # And A goes on from B's turn, not from what it remembers of its own.
    third = await _say(api_a, session_id, auth, "what about Arizona instead?")
    assert third["jobs"]["filters"] == {**filters, "shift": "Nights", "state": "AZ"}

    async with httpx.AsyncClient(base_url=api_b, timeout=60) as http:
        history = await http.get(f"/api/chat/sessions/{session_id}/messages", headers=auth)
    assert history.status_code == 200, history.text
    messages = history.json()["messages"]
    assert [m["content"] for m in messages if m["role"] == "user"] == [
        "ICU travel jobs in Texas",
        "only nights",
        "what about Arizona instead?",
    ]
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3


async def test_a_worker_killed_mid_task_its_task_is_redelivered_and_completed_once(
    deployment: Deployment,
) -> None:
    settings = deployment.settings
    async with httpx.AsyncClient(base_url=deployment.apis[0], timeout=60) as http:
        session_id, _ = await _conversation(http)
    # An upload as the API stores it (file, then row); its task goes to the doomed worker.
    data = RESUME.encode()
    path = await resume_storage(settings).put(new_resume_key("txt"), data, "text/plain")
    engine = create_engine(settings)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with sessions() as db, db.begin():
            record = await create_resume(
                db,
                resume_id=uuid.uuid4(),
                owner=ResumeOwner(chat_session_id=uuid.UUID(session_id)),
                file_name="resume.txt",
                file_path=path,
                file_type="text/plain",
                file_size=len(data),
                sha256="0" * 64,
            )
        resume_id = str(record.id)
        asked_before = len(deployment.server.app.requests)
        deployment.model.hold_next()
        task = deployment.celery.send_task(PARSE_TASK, args=[resume_id], queue=DOOMED_QUEUE)

        # The doomed worker is in the middle of it: the model has its request.
        deadline = time.monotonic() + 60
        while len(deployment.server.app.requests) == asked_before:
            assert time.monotonic() < deadline, deployment.log("doomed")[-3000:]
            await asyncio.sleep(0.05)
        doomed = deployment.processes["doomed"]
        signal_group(doomed, signal.SIGKILL)  # the whole tree: no shutdown, no acknowledgement
        doomed.wait(10)
        redis = Redis.from_url(settings.effective_redis_url)
        try:
            assert await redis.hlen("unacked") == 1  # taken, never acknowledged

            # Another worker serves the queue; the broker hands the task out again once the
            # visibility timeout has passed since the dead worker took it.
            replies = deployment.celery.control.add_consumer(
                DOOMED_QUEUE, destination=[deployment.worker], reply=True, timeout=30
            )
            assert replies, "the other worker did not take over the queue"
            outcome = await asyncio.to_thread(task.get, timeout=90)
            assert outcome == "parsed"
            deadline = time.monotonic() + 30
            while await redis.hlen("unacked") or await redis.llen(DOOMED_QUEUE):
                assert time.monotonic() < deadline, "the redelivered task was never acknowledged"
                await asyncio.sleep(0.1)
        finally:
            await redis.aclose()

        # Completed exactly once: the model was asked twice (the killed attempt and the
        # redelivered one), the result written once.
        assert len(deployment.server.app.requests) == asked_before + 2
        async with sessions() as db:
            row = await resume_by_id(db, record.id)
        assert row is not None and row.status == "parsed"
        [parsed] = await _parsed_documents(settings, resume_id)
        assert parsed["engine"] == "llm"
        done = re.compile(rf"Task {PARSE_TASK}\[{task.id}\] succeeded")
        assert len(done.findall(deployment.log("worker"))) == 1
        assert f"[{task.id}] received" in deployment.log("doomed")
        assert not done.search(deployment.log("doomed"))
    finally:
        await engine.dispose()


@pytest.fixture(autouse=True)
def _no_leftover_hold(deployment: Deployment) -> Iterator[None]:
    yield
    deployment.model.release.set()
