"""The stores a drafting process needs, opened from settings (workers, CLI, benchmark)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Literal

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy.ext.asyncio import async_sessionmaker

from config.settings import Settings
from data_layer.db.engine import create_engine


@asynccontextmanager
async def content_stores(
    settings: Settings,
) -> AsyncIterator[tuple[AsyncDatabase, async_sessionmaker]]:
    """(the Mongo database holding ``ai_content``, a session factory for PostgreSQL)."""
    engine = create_engine(settings)
    client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url, tz_aware=True)
    try:
        yield client[settings.mongodb_db], async_sessionmaker(engine, expire_on_commit=False)
    finally:
        await client.close()
        await engine.dispose()


def chosen_engine(settings: Settings, requested: str | None = None) -> Literal["writer", "llm"]:
    """``writer`` or ``llm``: the request, else ``CONTENT_ENGINE`` (auto = llm in LLM mode)."""
    wanted = requested or settings.content_engine
    if wanted == "auto":
        return "llm" if settings.llm_enabled else "writer"
    if wanted not in {"writer", "llm"}:
        raise ValueError(f"unknown content engine '{wanted}' (writer, llm or auto)")
    return "llm" if wanted == "llm" else "writer"
