"""Shared test services: real PostgreSQL+pgvector, a MongoDB wire server and Redis.

They are started once per test session by the project's own `DevStack` in a
throwaway folder on free ports, unless DATABASE_URL / MONGODB_URL / REDIS_URL
are set, in which case those services are used. Tests are isolated by
database (a fresh copy of a migrated template per test that needs one), never
by sleeping.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from celery import Celery
from pymongo import AsyncMongoClient
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from config.settings import Settings
from devstack.services import DevStack
from tests.support.celery_worker import running_worker
from workers.celery_app import create_celery


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


MAILBOX_PORT = _free_port()
"""Port of the session's local SMTP server, chosen up front so the settings can name it
whether or not a test starts the server (the `mailbox` fixture)."""


def _plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def stack_settings() -> Iterator[Settings]:
    """Settings pointing at the session's services (embedded unless URLs are given)."""
    data_dir = Path(tempfile.mkdtemp(prefix="esa-test-"))
    settings = Settings(
        DATA_DIR=data_dir,
        PG_PORT=_free_port(),
        MONGO_PORT=_free_port(),
        REDIS_PORT=_free_port(),
        MONGODB_DB=f"test_{uuid.uuid4().hex[:8]}",
        LOG_JSON=False,
        # Litestar's test client calls itself testserver.local; the public sites the
        # tests configure are example.com hosts; browsers and uvicorn use 127.0.0.1.
        ALLOWED_HOSTS=["testserver.local", "127.0.0.1", "localhost", "*.example.com"],
        # The session's local SMTP server (the `mailbox` fixture) receives all mail.
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=MAILBOX_PORT,
        SMTP_STARTTLS=False,
        # The suite's conversations all come from one address and type faster than people;
        # the chat limits are tested on their own (test_chat_limits.py) with real values.
        CHAT_SESSIONS_PER_ADDRESS="1000000/hour",
        CHAT_SESSIONS_PER_USER="1000000/hour",
        CHAT_MESSAGES_PER_CONVERSATION="1000000/minute",
        CHAT_MESSAGES_PER_ADDRESS="1000000/minute",
        CHAT_MESSAGES_PER_USER="1000000/minute",
        CHAT_TURNS_IN_FLIGHT_PER_ADDRESS=1000,
        RESUME_UPLOADS_PER_ADDRESS="1000000/hour",
    )
    stack = DevStack(settings)
    stack.start()
    try:
        yield settings
    finally:
        stack.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


async def _create_database(admin_url: str, name: str, template: str | None = None) -> None:
    conn = await asyncpg.connect(_plain_dsn(admin_url))
    try:
        suffix = f' TEMPLATE "{template}"' if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    finally:
        await conn.close()


async def _drop_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(_plain_dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def admin_pg_url(stack_settings: Settings) -> str:
    return stack_settings.effective_database_url


@pytest.fixture
async def pg_url(admin_pg_url: str) -> AsyncIterator[str]:
    """URL of a new, empty database (dropped after the test)."""
    name = f"t_empty_{uuid.uuid4().hex[:10]}"
    await _create_database(admin_pg_url, name)
    try:
        yield _with_database(admin_pg_url, name)
    finally:
        await _drop_database(admin_pg_url, name)


@pytest.fixture(scope="session")
async def migrated_template(admin_pg_url: str) -> AsyncIterator[str]:
    """Name of a database migrated to head once per session; tests copy it."""
    from data_layer.db.migrations import run_migrations

    name = f"t_template_{uuid.uuid4().hex[:8]}"
    await _create_database(admin_pg_url, name)
    url = _with_database(admin_pg_url, name)
    await asyncio.to_thread(run_migrations, url)
    yield name
    await _drop_database(admin_pg_url, name)


@asynccontextmanager
async def database_copy(admin_url: str, template: str) -> AsyncIterator[str]:
    """A private copy of ``template`` (CREATE DATABASE ... TEMPLATE), dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    await _create_database(admin_url, name, template=template)
    try:
        yield _with_database(admin_url, name)
    finally:
        await _drop_database(admin_url, name)


@pytest.fixture
async def migrated_db_url(admin_pg_url: str, migrated_template: str) -> AsyncIterator[str]:
    """URL of a fresh copy of the migrated (empty) schema, private to this test."""
    async with database_copy(admin_pg_url, migrated_template) as url:
        yield url


@pytest.fixture
async def db_engine(migrated_db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(migrated_db_url, pool_size=5)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def db_session_factory(db_engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(db_engine, expire_on_commit=False)


@pytest.fixture
def test_settings(stack_settings: Settings, migrated_db_url: str) -> Settings:
    """Settings for one test: the private database and a private Mongo database."""
    return stack_settings.model_copy(
        update={
            "database_url": migrated_db_url,
            "mongodb_url": stack_settings.effective_mongodb_url,
            "redis_url": stack_settings.effective_redis_url,
            "mongodb_db": f"t_{uuid.uuid4().hex[:10]}",
        }
    )


@pytest.fixture
async def mongo_db(stack_settings: Settings) -> AsyncIterator[object]:
    """A private MongoDB database, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:10]}"
    client: AsyncMongoClient = AsyncMongoClient(stack_settings.effective_mongodb_url)
    try:
        yield client[name]
    finally:
        await client.drop_database(name)
        await client.close()


@pytest.fixture(scope="session")
async def worker_db_url(admin_pg_url: str) -> AsyncIterator[str]:
    """A migrated database owned by the session's Celery worker."""
    from data_layer.db.migrations import run_migrations

    name = f"t_worker_{uuid.uuid4().hex[:8]}"
    await _create_database(admin_pg_url, name)
    url = _with_database(admin_pg_url, name)
    await asyncio.to_thread(run_migrations, url)
    yield url
    await _drop_database(admin_pg_url, name)


@pytest.fixture(scope="session")
def worker_settings(stack_settings: Settings, worker_db_url: str) -> Settings:
    return stack_settings.model_copy(
        update={
            "database_url": worker_db_url,
            "mongodb_url": stack_settings.effective_mongodb_url,
            "redis_url": stack_settings.effective_redis_url,
        }
    )


@pytest.fixture(scope="session")
def celery_worker(worker_settings: Settings) -> Iterator[Celery]:
    """A real `celery worker` process on the session's Redis, and a client app for it."""
    env = {
        **os.environ,
        "DATABASE_URL": worker_settings.effective_database_url,
        "MONGODB_URL": worker_settings.effective_mongodb_url,
        "MONGODB_DB": worker_settings.mongodb_db,
        "REDIS_URL": worker_settings.effective_redis_url,
        "DATA_DIR": str(worker_settings.data_dir),
        "LOG_JSON": "false",
        "SMTP_HOST": worker_settings.smtp_host,
        "SMTP_PORT": str(worker_settings.smtp_port),
        "SMTP_STARTTLS": str(worker_settings.smtp_starttls).lower(),
    }
    log_path = Path(worker_settings.data_dir) / "celery-worker.log"
    with running_worker(create_celery(worker_settings), env, log_path) as app:
        yield app


# ---------------------------------------------------------------------------
# Added with data_layer/embeddings/model.py: the real embedding model (bundled
# all-MiniLM-L6-v2, CPU, offline), loaded once per test session.

from data_layer.embeddings.model import EmbeddingModel, get_embedding_model  # noqa: E402


@pytest.fixture(scope="session")
def embedding_model() -> EmbeddingModel:
    """The process-wide model (the API's query embedder shares it), loaded once."""
    model = get_embedding_model()
    model.load()
    return model


# ---------------------------------------------------------------------------
# Chat: a database with master data, demo jobs (embedded) and people, copied per test.

SEEDED_JOBS = 600
SEEDED_CANDIDATES = 40


@pytest.fixture(scope="session")
async def seeded_template(
    admin_pg_url: str, migrated_template: str, embedding_model: EmbeddingModel
) -> AsyncIterator[str]:
    from data_layer.embeddings.jobs import embed_pending_jobs
    from devstack.demo_data import seed_demo

    name = f"t_seeded_{uuid.uuid4().hex[:8]}"
    await _create_database(admin_pg_url, name, template=migrated_template)
    engine = create_async_engine(_with_database(admin_pg_url, name))
    try:
        factory = async_sessionmaker(engine, expire_on_commit=False)
        await seed_demo(factory, jobs=SEEDED_JOBS, candidates=SEEDED_CANDIDATES, seed=11)
        await embed_pending_jobs(factory, embedding_model, batch=256)
    finally:
        await engine.dispose()
    yield name
    await _drop_database(admin_pg_url, name)


@pytest.fixture
async def seeded_db_url(admin_pg_url: str, seeded_template: str) -> AsyncIterator[str]:
    async with database_copy(admin_pg_url, seeded_template) as url:
        yield url


@pytest.fixture
def chat_settings(stack_settings: Settings, seeded_db_url: str) -> Settings:
    return stack_settings.model_copy(
        update={
            "database_url": seeded_db_url,
            "mongodb_url": stack_settings.effective_mongodb_url,
            "redis_url": stack_settings.effective_redis_url,
            "mongodb_db": f"t_{uuid.uuid4().hex[:10]}",
            "public_base_url": "https://careers.example.com",
        }
    )


# ---------------------------------------------------------------------------
# Mail: devstack's local SMTP server in this process, on the port the test settings
# (and the Celery worker) send to.

from devstack.mailbox import LocalMailbox  # noqa: E402


@pytest.fixture(scope="session")
def mailbox() -> Iterator[LocalMailbox]:
    """Every mail the service sends in tests: ``wait_for(to, timeout=10) -> EmailMessage``
    (each message once, oldest first), ``links(message) -> list[str]``, ``clear()``."""
    with LocalMailbox(port=MAILBOX_PORT) as server:
        yield server
