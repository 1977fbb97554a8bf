"""`GET /health`: overall status for anyone; per-dependency details for operators.

Anyone (a load balancer) gets the overall status and `semantic_search`: 200 when
every dependency answers, 503 when one is down. With
`Authorization: Bearer <OPS_TOKEN>` (the check of `/ops`) the report also names
each dependency with its status, latency and failure reason. Without a configured
OPS_TOKEN, or with a wrong one, the answer is the public one: details are never
shown, and the status code stays what a load balancer expects.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import msgspec
from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from sqlalchemy import text

from assistant.dependencies import AppResources
from assistant.ops import has_ops_token
from assistant.resources import Resources
from data_layer.backups.runs import BackupsHealth, backups_health

log = logging.getLogger(__name__)


class DependencyHealth(msgspec.Struct):
    status: str
    latency_ms: float
    error: str | None = None


class HealthStatus(msgspec.Struct):
    """The public answer: no dependency names, latencies or failure reasons."""

    status: str
    semantic_search: str = "off"


class HealthReport(msgspec.Struct):
    """The operator answer (with `Authorization: Bearer <OPS_TOKEN>`)."""

    status: str
    dependencies: dict[str, DependencyHealth]
    # The service answers while the embedding model loads (search ranks by filters
    # and text until then): informative, never a reason for 503.
    semantic_search: str = "off"
    # The last backup and recovery drill (data_layer/backups/runs.py): informative too. A
    # failed drill is an alert for operators, not a reason to take replicas out of the
    # load balancer, which could not fix it.
    backups: BackupsHealth | None = None


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


async def _backups(resources: Resources) -> BackupsHealth:
    """The backups detail; ``unknown`` when its record cannot be read in time."""
    try:
        return await asyncio.wait_for(
            backups_health(resources.mongo, resources.settings), resources.settings.health_timeout_s
        )
    except Exception as exc:  # the detail never fails the health answer
        log.warning("backups health unknown: %s", type(exc).__name__)
        return BackupsHealth(
            "unknown", problems=[f"backup record unreadable: {type(exc).__name__}"]
        )


class HealthController(Controller):
    path = "/health"
    tags = ["operations"]

    @get(
        summary="Service health (dependency details with the ops token)",
        description=(
            "Anyone gets `status` (`ok` / `degraded`) and `semantic_search` "
            "(`off` / `loading` / `ready`); 503 when a dependency is down. With "
            "`Authorization: Bearer <OPS_TOKEN>` the answer adds `dependencies`: each "
            "one's status, latency and failure reason, and `backups`: the last backup and "
            "recovery drill (`ok` / `failing` / `stale` / `none`; never a reason for 503). "
            "Without a configured OPS_TOKEN, or with a wrong one, the public answer."
        ),
        responses={
            200: ResponseSpec(
                HealthStatus | HealthReport,
                description="Every dependency answers. `dependencies` only with the ops token.",
                generate_examples=False,
                examples=[
                    Example("public", value={"status": "ok", "semantic_search": "ready"}),
                    Example(
                        "with the ops token",
                        value={
                            "status": "ok",
                            "dependencies": {
                                name: {"status": "ok", "latency_ms": 1.2, "error": None}
                                for name in ("postgresql", "mongodb", "redis")
                            },
                            "semantic_search": "ready",
                        },
                    ),
                ],
            ),
            503: ResponseSpec(
                HealthStatus | HealthReport,
                description=(
                    "A dependency is down (named in `dependencies`, with the ops token only)."
                ),
                generate_examples=False,
                examples=[
                    Example("public", value={"status": "degraded", "semantic_search": "ready"}),
                    Example(
                        "with the ops token",
                        value={
                            "status": "degraded",
                            "dependencies": {
                                "postgresql": {"status": "ok", "latency_ms": 1.2, "error": None},
                                "mongodb": {"status": "ok", "latency_ms": 1.4, "error": None},
                                "redis": {
                                    "status": "down",
                                    "latency_ms": 2000.0,
                                    "error": "timeout",
                                },
                            },
                            "semantic_search": "ready",
                        },
                    ),
                ],
            ),
        },
    )
    async def health(
        self, request: Request, resources: AppResources
    ) -> Response[HealthStatus | HealthReport]:
        report = await check_dependencies(resources)
        status_code = 200 if report.status == "ok" else 503
        if has_ops_token(request):
            report.backups = await _backups(resources)
            return Response(report, status_code=status_code)
        return Response(
            HealthStatus(report.status, report.semantic_search), status_code=status_code
        )
