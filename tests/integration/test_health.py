"""`GET /health` as a load balancer and an operator see it."""

from __future__ import annotations

import asyncio
import time

from litestar.testing import AsyncTestClient

from assistant.app import create_app
from config.settings import Settings
from tests.conftest import _free_port


async def test_health_reports_every_dependency_with_latency(test_settings: Settings) -> None:
    async with AsyncTestClient(create_app(test_settings)) as client:
        response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["dependencies"]) == {"postgresql", "mongodb", "redis"}
    for dep in body["dependencies"].values():
        assert dep["status"] == "ok"
        assert 0 <= dep["latency_ms"] < 2000
    assert body["semantic_search"] in ("loading", "ready")


async def test_health_says_when_semantic_search_is_ready(test_settings: Settings) -> None:
    seen = []
    async with AsyncTestClient(create_app(test_settings)) as client:
        deadline = time.monotonic() + 60  # the model loads in the background
        while time.monotonic() < deadline:
            response = await client.get("/health")
            assert response.status_code == 200  # serving all along
            seen.append(response.json()["semantic_search"])
            if seen[-1] != "loading":
                break
            await asyncio.sleep(0.1)
    assert seen[-1] == "ready", seen


async def test_health_is_503_and_names_the_dependency_that_is_down(
    test_settings: Settings,
) -> None:
    settings = test_settings.model_copy(
        update={"redis_url": f"redis://127.0.0.1:{_free_port()}/0", "health_timeout_s": 0.5}
    )
    async with AsyncTestClient(create_app(settings)) as client:
        response = await client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["dependencies"]["redis"]["status"] == "down"
    assert body["dependencies"]["redis"]["error"]
    assert body["dependencies"]["postgresql"]["status"] == "ok"
    assert body["dependencies"]["mongodb"]["status"] == "ok"


async def test_openapi_schema_is_served(test_settings: Settings) -> None:
    async with AsyncTestClient(create_app(test_settings)) as client:
        response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/health" in response.json()["paths"]
