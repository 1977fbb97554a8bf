"""Bring the stores to the schema this code expects (``python -m assistant migrate``)."""

from __future__ import annotations

import asyncio

from pymongo import AsyncMongoClient

from config.settings import Settings
from data_layer.db.migrations import run_migrations
from data_layer.db.mongo import ensure_indexes

__all__ = ["migrate"]


async def migrate(settings: Settings) -> list[str]:
    """Apply PostgreSQL migrations to head and ensure the MongoDB indexes.

    Returns the names of the MongoDB indexes created or replaced.
    """
    await asyncio.to_thread(run_migrations, settings.effective_database_url)
    client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url)
    try:
        return await ensure_indexes(client[settings.mongodb_db], settings.analytics_retention_days)
    finally:
        await client.close()
