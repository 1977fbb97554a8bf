"""`GET /health` as a load balancer and an operator see it.

Anyone gets the overall status (200 / 503) and `semantic_search`; the
per-dependency report (names, latency, failure reason) needs the ops token.
A wrong token gets the public answer, not 401: a load balancer sending a stale
token must keep seeing 200 / 503.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from litestar.testing import AsyncTestClient
from pydantic import SecretStr

from assistant.app import create_app
from config.settings import Settings
from tests.conftest import _free_port

OPS_TOKEN = "health-test-ops-token"
OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}


@pytest.fixture
def ops_settings(test_settings: Settings) -> Settings:
    return test_settings.model_copy(update={"ops_token": SecretStr(OPS_TOKEN)})


@pytest.fixture
def redis_down(ops_settings: Settings) -> Settings:
    return ops_settings.model_copy(
        update={"redis_url": f"redis://127.0.0.1:{_free_port()}/0", "health_timeout_s": 0.5}
    )


async def test_health_reports_every_dependency_with_latency_to_the_operator(
    ops_settings: Settings,
) -> None:
    async with AsyncTestClient(create_app(ops_settings)) as client:
        response = await client.get("/health", headers=OPS)
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


async def test_health_is_503_and_names_the_dependency_that_is_down_to_the_operator(
    redis_down: Settings,
) -> None:
    async with AsyncTestClient(create_app(redis_down)) as client:
        response = await client.get("/health", headers=OPS)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["dependencies"]["redis"]["status"] == "down"
    assert body["dependencies"]["redis"]["error"]
    assert body["dependencies"]["postgresql"]["status"] == "ok"
    assert body["dependencies"]["mongodb"]["status"] == "ok"


def assert_public_view(response: httpx.Response, status_code: int, status: str) -> None:
    assert response.status_code == status_code, response.text
    body = response.json()
    assert set(body) == {"status", "semantic_search"}, body
    assert body["status"] == status
    text = response.text.lower()
    for leak in ("dependencies", "redis", "postgresql", "mongodb", "error", "latency"):
        assert leak not in text, text
    for reason in ("timeout", "connection", "refused", "127.0.0.1"):
        assert reason not in text, text


async def test_health_without_the_ops_token_says_only_503_and_degraded(
    redis_down: Settings,
) -> None:
    async with AsyncTestClient(create_app(redis_down)) as client:
        anonymous = await client.get("/health")
        wrong = await client.get("/health", headers={"Authorization": "Bearer not-the-token"})
        not_bearer = await client.get("/health", headers={"Authorization": OPS_TOKEN})
    for response in (anonymous, wrong, not_bearer):
        assert_public_view(response, 503, "degraded")


async def test_health_without_the_ops_token_says_only_ok(ops_settings: Settings) -> None:
    async with AsyncTestClient(create_app(ops_settings)) as client:
        anonymous = await client.get("/health")
        wrong = await client.get("/health", headers={"Authorization": "Bearer not-the-token"})
    for response in (anonymous, wrong):
        assert_public_view(response, 200, "ok")
        assert response.json()["semantic_search"] in ("loading", "ready")


async def test_health_never_shows_details_when_no_ops_token_is_configured(
    redis_down: Settings,
) -> None:
    unset = redis_down.model_copy(update={"ops_token": SecretStr("")})
    async with AsyncTestClient(create_app(unset)) as client:
        anonymous = await client.get("/health")
        empty_bearer = await client.get("/health", headers={"Authorization": "Bearer "})
        some_bearer = await client.get("/health", headers=OPS)
    for response in (anonymous, empty_bearer, some_bearer):
        assert_public_view(response, 503, "degraded")


async def test_openapi_schema_is_served(test_settings: Settings) -> None:
    async with AsyncTestClient(create_app(test_settings)) as client:
        response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    health = response.json()["paths"]["/health"]["get"]
    assert "OPS_TOKEN" in health["description"]
    assert {"200", "503"} <= set(health["responses"])
    schemas = response.json()["components"]["schemas"]
    assert "HealthStatus" in schemas
    assert "HealthReport" in schemas
