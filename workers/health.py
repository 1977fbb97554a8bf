"""Operational tasks: a PostgreSQL round trip that proves a worker is wired to the stores."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from config.settings import get_settings
from workers.celery_app import celery_app

log = logging.getLogger(__name__)


async def _database_round_trip(token: str) -> dict[str, Any]:
    engine = create_async_engine(
        get_settings().effective_database_url, poolclass=NullPool, hide_parameters=True
    )
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text(
                        "SELECT CAST(:token AS text) AS token, current_database() AS db, "
                        "(SELECT count(*) FROM professions) AS professions"
                    ),
                    {"token": token},
                )
            ).one()
    finally:
        await engine.dispose()
    return {"token": row.token, "database": row.db, "professions": int(row.professions)}


@celery_app.task(name="workers.health.database_round_trip")
def database_round_trip(token: str) -> dict[str, Any]:
    """Echo `token` through PostgreSQL along with what the worker's database holds."""
    return asyncio.run(_database_round_trip(token))


@celery_app.task(name="workers.health.heartbeat")
def heartbeat() -> str:
    log.info("worker heartbeat")
    return "ok"
