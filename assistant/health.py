"""`GET /health`: each dependency's status and latency; 503 when one is down."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import msgspec
from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from sqlalchemy import text

from assistant.dependencies import AppResources
from assistant.resources import Resources

log = logging.getLogger(__name__)


class DependencyHealth(msgspec.Struct):
    status: str
    latency_ms: float
    error: str | None = None


class HealthReport(msgspec.Struct):
    status: str
    dependencies: dict[str, DependencyHealth]
    # The service answers while the embedding model loads (search ranks by filters
    # and text until then): informative, never a reason for 503.
    semantic_search: str = "off"


async def _timed(check: Callable[[], Awaitable[object]], limit_s: float) -> DependencyHealth:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check(), limit_s)
    except Exception as exc:  # any failure means "down"; the reason goes to the report
        elapsed = (time.perf_counter() - started) * 1000
        reason = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
        return DependencyHealth("down", round(elapsed, 2), reason)
    return DependencyHealth("ok", round((time.perf_counter() - started) * 1000, 2))


async def check_dependencies(resources: Resources) -> HealthReport:
    async def postgres() -> None:
        async with resources.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def mongodb() -> None:
        await resources.mongo_client.admin.command("ping")

    async def redis() -> None:
        await resources.redis.ping()

    timeout = resources.settings.health_timeout_s
    results = await asyncio.gather(
        _timed(postgres, timeout), _timed(mongodb, timeout), _timed(redis, timeout)
    )
    deps = dict(zip(("postgresql", "mongodb", "redis"), results, strict=True))
    down = [name for name, dep in deps.items() if dep.status != "ok"]
    if down:
        log.warning("health check failed", extra={"down": down})
    embedder = resources.query_embedder
    semantic = embedder.status if embedder is not None else "off"
    return HealthReport("ok" if not down else "degraded", deps, semantic)


class HealthController(Controller):
    path = "/health"
    tags = ["operations"]

    @get(
        summary="Service and dependency health",
        responses={
            503: ResponseSpec(
                HealthReport, description="A dependency is down (named in the report)."
            )
        },
    )
    async def health(self, resources: AppResources) -> Response[HealthReport]:
        report = await check_dependencies(resources)
        return Response(report, status_code=200 if report.status == "ok" else 503)
