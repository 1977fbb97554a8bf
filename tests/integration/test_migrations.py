"""Alembic migrations: upgrade, no drift from the models, downgrade, upgrade again."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import asyncpg
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import create_async_engine

from data_layer.db.migrations import (
    alembic_config,
    context_options,
    current_revision,
    downgrade,
    run_migrations,
)
from data_layer.models import metadata

ROOT = Path(__file__).resolve().parents[2]


def _dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def _diff(url: str) -> list[Any]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:

            def compare(sync_conn: Connection) -> list[Any]:
                ctx = MigrationContext.configure(sync_conn, opts=context_options())
                return list(compare_metadata(ctx, metadata))

            return await conn.run_sync(compare)
    finally:
        await engine.dispose()


async def _user_tables_and_types(url: str) -> tuple[list[str], list[str]]:
    conn = await asyncpg.connect(_dsn(url))
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        )
        types = await conn.fetch(
            """SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = 'public' AND t.typtype = 'e' ORDER BY 1"""
        )
    finally:
        await conn.close()
    return [r[0] for r in tables], [r[0] for r in types]


async def _schema_fingerprint(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything of the public schema that autogenerate does not compare."""
    conn = await asyncpg.connect(_dsn(url))
    try:
        indexes = await conn.fetch(
            """SELECT tablename, indexname, indexdef FROM pg_indexes
               WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY 1, 2"""
        )
        constraints = await conn.fetch(
            """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
               FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
               WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'alembic_version'
               ORDER BY 1, 2"""
        )
        columns = await conn.fetch(
            """SELECT table_name, column_name, data_type, udt_name, is_nullable,
                      column_default, character_maximum_length, numeric_precision,
                      numeric_scale, is_identity, identity_generation
               FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name <> 'alembic_version'
               ORDER BY 1, 2"""
        )
        enums = await conn.fetch(
            """SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)
               FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
               JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = 'public' GROUP BY 1 ORDER BY 1"""
        )
        extensions = await conn.fetch("SELECT extname FROM pg_extension ORDER BY 1")
    finally:
        await conn.close()
    return {
        "indexes": [tuple(r) for r in indexes],
        "constraints": [tuple(r) for r in constraints],
        "columns": [tuple(r) for r in columns],
        "enums": [(r[0], tuple(r[1])) for r in enums],
        "extensions": [tuple(r) for r in extensions],
    }


async def test_upgrade_compare_downgrade_upgrade(pg_url: str) -> None:
    assert await asyncio.to_thread(current_revision, pg_url) is None

    await asyncio.to_thread(run_migrations, pg_url)
    assert await asyncio.to_thread(current_revision, pg_url) == _head()
    tables, types = await _user_tables_and_types(pg_url)
    # spec tables, embedding tables, sync tables (0002), chat tables (0003),
    # login_attempts (0004), account_tokens + email_outbox (0007), alembic_version,
    # outbox_events + outbox_consumers + content_replan_marks (0013),
    # faq_articles + faq_passages (0015)
    assert len(tables) == 40 + 2 + 2 + 2 + 1 + 2 + 1 + 3 + 2
    assert len(types) == 16 + 2 + 2  # spec enums + sync (0002) + chat (0003) enum types
    assert await _diff(pg_url) == []

    await asyncio.to_thread(downgrade, pg_url, "base")
    assert await asyncio.to_thread(current_revision, pg_url) is None
    tables, types = await _user_tables_and_types(pg_url)
    assert tables == ["alembic_version"]  # Alembic's bookkeeping table, now empty
    assert types == []

    await asyncio.to_thread(run_migrations, pg_url, "head")
    assert await asyncio.to_thread(current_revision, pg_url) == _head()
    assert await _diff(pg_url) == []


async def test_migrated_schema_equals_create_all(pg_url: str, migrated_db_url: str) -> None:
    """Index predicates/methods/opclasses, constraint definitions and defaults too."""
    engine = create_async_engine(pg_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE EXTENSION IF NOT EXISTS vector"))
            await conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            await conn.run_sync(metadata.create_all)
    finally:
        await engine.dispose()

    from_models = await _schema_fingerprint(pg_url)
    from_migrations = await _schema_fingerprint(migrated_db_url)
    for key in from_models:
        assert from_migrations[key] == from_models[key], key


async def test_run_migrations_works_inside_a_running_event_loop(pg_url: str) -> None:
    run_migrations(pg_url)  # blocking on purpose: must not clash with this loop
    assert current_revision(pg_url) == _head()
    downgrade(pg_url)
    assert current_revision(pg_url) is None


def test_offline_sql_creates_extensions_first() -> None:
    buffer = io.StringIO()
    cfg = alembic_config("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    cfg.output_buffer = buffer
    command.upgrade(cfg, "head", sql=True)
    sql = buffer.getvalue()
    assert sql.index("CREATE EXTENSION IF NOT EXISTS vector") < sql.index("CREATE TABLE users")
    assert "USING hnsw (embedding vector_cosine_ops)" in sql
    assert "CREATE TYPE application_status AS ENUM" in sql


async def test_alembic_cli_from_another_directory(pg_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": _dsn(pg_url)}
    proc = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini"), "upgrade", "head"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert await asyncio.to_thread(current_revision, pg_url) == _head()
