"""Request guards (assistant/auth/origin.py): trusted Host, same-site Origin, JSON-only API bodies.

The real app over a seeded database copy; the Litestar test client talks to it as
``http://testserver.local``. The public site is ``http://jobs.example.com`` (http, so
the login cookie is not Secure and the client sends it back) and one partner site is
in ``CORS_ORIGINS``.
"""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from assistant.app import create_app
from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings
from tests.integration.account_helpers import SignUps
from tests.integration.chat_helpers import chat_app, start_conversation

PUBLIC = "http://jobs.example.com"
PARTNER = "https://partner.example.org"
OWN = "http://testserver.local"  # the test client's own origin
EVIL = "https://evil.example.net"
PASSWORD = "correct horse battery"


@pytest.fixture
def settings(chat_settings: Settings) -> Settings:
    return chat_settings.model_copy(
        update={"public_base_url": PUBLIC, "cors_origins": [PARTNER], "warm_embeddings": False}
    )


def assert_error(response: Any, status_code: int) -> dict[str, Any]:
    assert response.status_code == status_code, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"status_code", "detail", "extra"}, body
    assert body["status_code"] == status_code and body["detail"].strip()
    return body


async def _register(client: AsyncTestClient, email: str, **headers: str) -> Any:
    body = {"email": email, "password": PASSWORD, "first_name": "Dana", "last_name": "Reyes"}
    return await client.post("/api/auth/register", json=body, headers=headers)


async def _logged_in(client: AsyncTestClient, sign_up: SignUps, email: str) -> None:
    response = await _register(client, email)  # no Origin, no Referer: a non-browser client
    assert response.status_code == 202, response.text
    token = (await sign_up.mail_to(email)).token("/account/verify")
    assert (await client.post("/api/auth/verify", json={"token": token})).status_code == 200
    assert client.cookies.get(SESSION_COOKIE)


# ------------------------------------------------------------------ Origin (CSRF)


async def test_cookie_authenticated_posts_from_a_foreign_site_get_403(
    settings: Settings, sign_up: SignUps
) -> None:
    async with chat_app(settings) as client:
        await _logged_in(client, sign_up, "csrf@example.com")
        conversation = await start_conversation(client)
        message = f"/api/chat/sessions/{conversation.session_id}/messages"
        before = await conversation.history()

        for headers in (
            {"Origin": EVIL},
            {"Referer": f"{EVIL}/page?x=1"},
            {"Origin": "null"},  # sandboxed frames, data: URLs
            {"Origin": EVIL, "Referer": f"{OWN}/"},  # the Origin decides
            {"Origin": "http://jobs.example.com.evil.example.net"},
            {"Origin": "https://jobs.example.com"},  # another scheme is another origin
        ):
            body = assert_error(await client.post("/api/auth/logout", headers=headers), 403)
            assert body["extra"]["code"] == "cross_site_request"
            refused = await client.post(message, json={"content": "ICU jobs"}, headers=headers)
            assert_error(refused, 403)

        # The forged requests did nothing: still logged in, no turn was taken.
        assert (await client.get("/api/auth/me")).status_code == 200
        assert await conversation.history() == before

        # The allowed origins: the public site, CORS_ORIGINS, the request's own origin.
        for origin in (PUBLIC, PARTNER, OWN, f"{OWN}:80"):
            turn = await client.post(
                message, json={"content": "ICU jobs in Texas"}, headers={"Origin": origin}
            )
            assert turn.status_code == 200, (origin, turn.text)
        referred = await client.post(
            message, json={"content": "nights"}, headers={"Referer": f"{PARTNER}/careers"}
        )
        assert referred.status_code == 200, referred.text
        logout = await client.post("/api/auth/logout", headers={"Origin": PARTNER})
        assert logout.status_code == 204, logout.text
        assert (await client.get("/api/auth/me")).status_code == 401


async def test_login_and_registration_are_checked_even_without_a_cookie(
    settings: Settings, sign_up: SignUps
) -> None:
    async with chat_app(settings) as client:
        forged = await _register(client, "forged@example.com", Origin=EVIL)
        assert_error(forged, 403)
        assert SESSION_COOKIE not in client.cookies

        assert (await _register(client, "mine@example.com", Origin=PUBLIC)).status_code == 202
        token = (await sign_up.mail_to("mine@example.com")).token("/account/verify")
        forged_link = await client.post(
            "/api/auth/verify", json={"token": token}, headers={"Origin": EVIL}
        )
        assert_error(forged_link, 403)
        opened = await client.post(
            "/api/auth/verify", json={"token": token}, headers={"Origin": PUBLIC}
        )
        assert opened.status_code == 200, opened.text
        client.cookies.clear()
        credentials = {"email": "mine@example.com", "password": PASSWORD}
        login = await client.post("/api/auth/login", json=credentials, headers={"Origin": EVIL})
        assert_error(login, 403)
        assert SESSION_COOKIE not in client.cookies
        login = await client.post("/api/auth/login", json=credentials, headers={"Origin": PARTNER})
        assert login.status_code == 200, login.text


async def test_bearer_only_requests_and_reads_are_not_origin_checked(
    settings: Settings, sign_up: SignUps
) -> None:
    async with chat_app(settings) as client:
        created = await client.post("/api/chat/sessions", headers={"Origin": EVIL})
        assert created.status_code == 201, created.text
        token, sid = created.json()["token"], created.json()["session_id"]
        turn = await client.post(
            f"/api/chat/sessions/{sid}/messages",
            json={"content": "ICU jobs"},
            headers={"Authorization": f"Bearer {token}", "Origin": EVIL},
        )
        assert turn.status_code == 200, turn.text  # the token is the credential, not a cookie

        await _logged_in(client, sign_up, "reader@example.com")
        me = await client.get("/api/auth/me", headers={"Origin": EVIL})
        assert me.status_code == 200  # reads change nothing (CORS keeps the answer from EVIL)


# ------------------------------------------------------------------ JSON-only API bodies


async def test_api_bodies_must_be_json(settings: Settings) -> None:
    async with chat_app(settings) as client:
        conversation = await start_conversation(client)  # no body at all: fine
        message = f"/api/chat/sessions/{conversation.session_id}/messages"
        before = await conversation.history()
        for content_type in (
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            None,  # a Blob body: fetch sends no Content-Type
        ):
            headers = {**conversation.auth, "Origin": PARTNER}
            if content_type:
                headers["Content-Type"] = content_type
            refused = await client.post(message, content=b'{"content": "hi"}', headers=headers)
            body = assert_error(refused, 415)
            assert body["extra"]["code"] == "json_only"
            # CORS headers still reach an allowed origin, so the widget can read the error
            assert refused.headers["access-control-allow-origin"] == PARTNER

        form = await client.post(
            "/api/auth/login",
            content=b"email=a%40example.com&password=x",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": PUBLIC},
        )
        assert_error(form, 415)

        accepted = await client.post(
            message,
            content=b'{"content": "ICU jobs"}',
            headers={**conversation.auth, "Content-Type": "application/json; charset=utf-8"},
        )
        assert accepted.status_code == 200, accepted.text
        assert len(await conversation.history()) > len(before)


# ------------------------------------------------------------------ Host


async def test_other_hosts_get_400(settings: Settings) -> None:
    async with chat_app(settings) as client:
        for path in ("/", "/jobs", "/api/auth/me", "/widget.js"):
            response = await client.get(path, headers={"Host": "evil.example.net"})
            body = assert_error(response, 400)
            assert "evil" not in response.text, body
        refused = await client.post("/api/chat/sessions", headers={"Host": "evil.example.net"})
        assert_error(refused, 400)
        for host in ("jobs.example.com", "JOBS.example.com.", "127.0.0.1:8000", "localhost:1"):
            page = await client.get("/", headers={"Host": host})
            assert page.status_code == 200, (host, page.text[:200])
            assert f'data-api="http://{host}"' in page.text


async def test_allowed_hosts_setting_replaces_the_default(settings: Settings) -> None:
    strict = settings.model_copy(update={"allowed_hosts": ["*.example.org", "api.example.com"]})
    async with AsyncTestClient(create_app(strict), base_url="http://api.example.com") as client:
        assert (await client.get("/api/auth/me")).status_code == 401  # answered: not logged in
        for host in ("www.example.org", "a.b.example.org"):
            response = await client.get("/api/auth/me", headers={"Host": host})
            assert response.status_code == 401, host
        for host in ("testserver.local", "127.0.0.1", "example.org.evil.net", "xexample.org"):
            assert_error(await client.get("/api/auth/me", headers={"Host": host}), 400)


def test_allowed_hosts_default_follows_the_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = Settings(_env_file=None, PUBLIC_BASE_URL="https://Careers.Example.com:8443/x")  # type: ignore[call-arg]
    assert plain.effective_allowed_hosts == [
        "127.0.0.1",
        "careers.example.com",
        "localhost",
    ]
    monkeypatch.setenv("ALLOWED_HOSTS", '["jobs.example.com", "*.example.org"]')
    given = Settings(_env_file=None)  # type: ignore[call-arg]
    assert given.effective_allowed_hosts == ["jobs.example.com", "*.example.org"]
