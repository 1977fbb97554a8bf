"""Shared pieces of the backup tests: settings of a private backup location and a
database filled with demo rows and MongoDB documents."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import asyncpg
from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from config.settings import Settings


def backup_settings(base: Settings, database_url: str, folder: Path, **extra: object) -> Settings:
    """``base`` pointed at one database, a private Mongo database and a private backup
    folder (and WAL folder: nothing of the session server's archive is touched)."""
    values: dict[str, object] = {
        "database_url": database_url,
        "mongodb_url": base.effective_mongodb_url,
        "redis_url": base.effective_redis_url,
        "mongodb_db": f"t_bk_{uuid.uuid4().hex[:10]}",
        "backup_dir": str(folder / "backups"),
        "wal_archive_dir": str(folder / "wal"),
        "backup_base_backup": "never",
    }
    values.update(extra)
    return base.model_copy(update=values)


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def fill(settings: Settings, *, jobs: int = 40, candidates: int = 8) -> None:
    """Demo rows in PostgreSQL and documents in MongoDB with the service's indexes and a
    collection of every BSON type we store, with its own unique, TTL and compound indexes."""
    from data_layer.db.mongo import ensure_indexes
    from devstack.demo_data import seed_demo

    engine = create_async_engine(settings.effective_database_url)
    try:
        factory = async_sessionmaker(engine, expire_on_commit=False)
        await seed_demo(factory, jobs=jobs, candidates=candidates, seed=7)
    finally:
        await engine.dispose()
    client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url, tz_aware=True)
    try:
        db = client[settings.mongodb_db]
        await ensure_indexes(db, settings.analytics_retention_days)
        await db.chat_conversations.insert_many(
            [
                {
                    "session_id": f"s-{i}",
                    "messages": [{"role": "user", "text": f"hello {i}", "n": i}],
                    "last_activity": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
                    + dt.timedelta(minutes=i),
                }
                for i in range(25)
            ]
        )
        await db.mixed.insert_many(
            [
                {
                    "code": i,
                    "ratio": i / 7,
                    "label": "é ✓ " * (i % 3),
                    "tags": ["a", "b"][: i % 3],
                    "nested": {"deep": {"value": i, "none": None}},
                    "blob": bytes(range(i % 16)),
                    "when": dt.datetime(2025, 2, 1, 12, 30, tzinfo=dt.UTC) + dt.timedelta(days=i),
                    "flag": i % 2 == 0,
                    "big": 2**40 + i,
                }
                for i in range(30)
            ]
        )
        await db.mixed.create_index([("code", ASCENDING)], name="code_unique", unique=True)
        await db.mixed.create_index(
            [("when", ASCENDING)], name="when_ttl", expireAfterSeconds=86400 * 3650
        )
        await db.mixed.create_index([("label", ASCENDING), ("code", DESCENDING)], name="label_code")
    finally:
        await client.close()


async def table_rows(url: str, table: str) -> int:
    conn = await asyncpg.connect(plain(url))
    try:
        return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))
    finally:
        await conn.close()
