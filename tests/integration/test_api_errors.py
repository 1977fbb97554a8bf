"""Every error of the API has one shape, ``{"status_code", "detail", "extra"?}``, documented once.

Bad input in each area (accounts, chat, webhook, "my" data, operations) is a 422
naming the field, the OpenAPI document points every error response at the one
``ErrorBody`` schema, and an unexpected failure is a generic 500 whose details
reach the log and never the caller.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from pydantic import SecretStr

from assistant.app import create_app
from assistant.errors import UNEXPECTED
from assistant.webhooks import signed_headers
from config.settings import Settings

SECRET = "errors-test-webhook-secret"
OPS_TOKEN = "errors-test-ops-token"
ORIGIN = "https://partner.example.org"


@pytest.fixture
def settings(test_settings: Settings) -> Settings:
    return test_settings.model_copy(
        update={
            "laboredge_webhook_secret": SecretStr(SECRET),
            "ops_token": SecretStr(OPS_TOKEN),
            "cors_origins": [ORIGIN],
            "warm_embeddings": False,
        }
    )


def assert_error_shape(response: Any, status_code: int) -> dict[str, Any]:
    assert response.status_code == status_code, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"status_code", "detail", "extra"}, body
    assert body["status_code"] == status_code
    assert isinstance(body["detail"], str) and body["detail"].strip()
    assert isinstance(body.get("extra", {}), dict), body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


async def test_invalid_input_is_the_same_422_in_every_area(settings: Settings) -> None:
    async with AsyncTestClient(create_app(settings)) as client:
        # accounts: a framework type error and one of our own rules
        wrong_type = await client.post(
            "/api/auth/login", json={"email": 5, "password": "x"}, headers={"Origin": ORIGIN}
        )
        short = await client.post(
            "/api/auth/register",
            json={
                "email": "ana@example.com",
                "password": "short",
                "first_name": "Ana",
                "last_name": "Silva",
            },
        )
        # chat: session creation and messages
        bad_session = await client.post("/api/chat/sessions", json={"page_url": 5})
        created = await client.post("/api/chat/sessions", json=None)
        assert created.status_code == 201, created.text
        session = created.json()
        messages = f"/api/chat/sessions/{session['session_id']}/messages"
        auth = {"Authorization": f"Bearer {session['token']}"}
        no_content = await client.post(messages, json={}, headers=auth)
        empty = await client.post(messages, json={"content": "  "}, headers=auth)
        # webhook: a signed body that is not what LaborEdge sends
        body = b'{"jobIds": "1,2"}'
        hook = await client.post(
            "/webhooks/laboredge/jobs", content=body, headers=signed_headers(body, SECRET)
        )
        # operations: a query parameter of the wrong type
        ops = await client.get(
            "/ops/sync", params={"limit": "many"}, headers={"Authorization": f"Bearer {OPS_TOKEN}"}
        )

    body = assert_error_shape(wrong_type, 422)
    assert body["extra"]["field"] == "email" and "email" in body["detail"]
    assert body["extra"]["errors"][0] == {
        "field": "email",
        "message": "Expected `str`, got `int`",
        "source": "body",
    }
    # CORS stays on error responses: the widget on a partner page can read them.
    assert wrong_type.headers["access-control-allow-origin"] == ORIGIN

    body = assert_error_shape(short, 422)
    assert body["extra"] == {"field": "password"} and "at least 10 characters" in body["detail"]

    body = assert_error_shape(bad_session, 422)
    assert body["extra"]["field"] == "page_url" and "page_url" in body["detail"]

    body = assert_error_shape(no_content, 422)
    assert body == {
        "status_code": 422,
        "detail": "content is required.",
        "extra": {
            "field": "content",
            "errors": [
                {
                    "field": "content",
                    "message": "Object missing required field `content`",
                    "source": "body",
                }
            ],
        },
    }

    body = assert_error_shape(empty, 422)
    assert body["extra"] == {"field": "content"} and "empty" in body["detail"]

    body = assert_error_shape(hook, 422)
    assert body["extra"] == {"field": "jobIds", "code": "invalid_body"}

    body = assert_error_shape(ops, 422)
    assert body["extra"]["field"] == "limit" and "limit" in body["detail"]


async def test_refusals_have_the_same_shape(settings: Settings) -> None:
    async with AsyncTestClient(create_app(settings)) as client:
        anonymous_me = await client.get("/api/me/applications")
        anonymous_account = await client.get("/api/auth/me")
        missing = await client.get(
            f"/api/chat/sessions/{uuid.uuid4()}/messages", headers={"Authorization": "Bearer x"}
        )
        unsigned = await client.post("/webhooks/laboredge/jobs", content=b'{"jobIds": [1]}')
        no_route = await client.get("/api/nothing-here")
        wrong_method = await client.delete("/api/auth/login")
        not_json = await client.post(
            "/api/auth/login", content=b"{nope", headers={"content-type": "application/json"}
        )

    assert assert_error_shape(anonymous_me, 401)["detail"] == "Log in to see this."
    assert assert_error_shape(anonymous_account, 401)["detail"] == "You are not logged in."
    assert assert_error_shape(missing, 404)["detail"] == "Conversation not found."
    assert assert_error_shape(unsigned, 401)["extra"] == {"code": "invalid_signature"}
    assert_error_shape(no_route, 404)
    assert_error_shape(wrong_method, 405)
    assert "JSON" in assert_error_shape(not_json, 400)["detail"]


async def test_the_openapi_document_points_every_error_at_one_schema(settings: Settings) -> None:
    async with AsyncTestClient(create_app(settings)) as client:
        document = (await client.get("/schema/openapi.json")).json()

    schema = document["components"]["schemas"]["ErrorBody"]
    assert set(schema["properties"]) == {"status_code", "detail", "extra"}
    assert set(schema["required"]) == {"status_code", "detail"}

    expected = {
        ("post", "/api/auth/register"): {"400", "422", "429", "500"},
        ("post", "/api/auth/verify"): {"400", "409", "422", "500"},
        ("post", "/api/auth/password/forgot"): {"400", "422", "500"},
        ("post", "/api/auth/password/reset"): {"400", "409", "422", "500"},
        ("get", "/api/admin/users"): {"400", "401", "403", "422", "500"},
        ("post", "/api/auth/login"): {"400", "401", "422", "429", "500"},
        ("get", "/api/auth/me"): {"401", "500"},
        ("get", "/api/me/applications"): {"401", "500"},
        ("get", "/api/me/referrals"): {"401", "500"},
        ("post", "/api/chat/sessions"): {"400", "413", "422", "429", "500", "503"},
        ("post", "/api/chat/sessions/{session_id}/messages"): {
            "400",
            "404",
            "409",
            "413",
            "422",
            "429",
            "500",
            "503",
        },
        ("get", "/api/chat/sessions/{session_id}/messages"): {"400", "404", "422", "500", "503"},
        ("post", "/api/chat/sessions/{session_id}/resumes"): {
            "400",
            "404",
            "413",
            "422",
            "429",
            "500",
        },
        ("get", "/api/me/resumes/{resume_id}"): {"400", "401", "403", "404", "500"},
        ("post", "/webhooks/laboredge/jobs"): {"401", "422", "500", "503"},
        ("get", "/ops/sync"): {"400", "401", "404", "422", "500"},
    }
    for (method, path), codes in expected.items():
        responses = document["paths"][path][method]["responses"]
        errors = {code for code in responses if int(code) >= 400}
        assert errors == codes, (method, path, errors)
        for code in errors:
            content = responses[code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ErrorBody"}, (path, code)
            assert responses[code]["description"]
    # ...and no API route answers an error the document does not describe with it.
    for path, item in document["paths"].items():
        if not path.startswith(("/api/", "/webhooks/", "/ops/")):
            continue
        for method, operation in item.items():
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    schema_ref = response["content"]["application/json"]["schema"]
                    assert schema_ref.get("$ref") == "#/components/schemas/ErrorBody", (
                        method,
                        path,
                        code,
                    )


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def error_log() -> Iterator[_Records]:
    handler = _Records()
    logger = logging.getLogger("assistant.errors")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


async def test_an_unexpected_failure_is_a_generic_500_and_a_log_line(
    settings: Settings, error_log: _Records
) -> None:
    # A real failure, not a mock: nothing listens where the database should be.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+asyncpg://nobody:secret-password@127.0.0.1:{port}/assistant"
    broken = settings.model_copy(update={"database_url": url})
    async with AsyncTestClient(create_app(broken)) as client:
        response = await client.post(
            "/api/chat/sessions", json={"page_url": "https://site/jobs"}, headers={"Origin": ORIGIN}
        )

    body = assert_error_shape(response, 500)
    assert body == {"status_code": 500, "detail": UNEXPECTED}
    assert str(port) not in response.text and "secret-password" not in response.text
    assert response.headers["access-control-allow-origin"] == ORIGIN
    (record,) = [r for r in error_log.records if r.levelno >= logging.ERROR]
    assert "POST /api/chat/sessions" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[1] is not None
