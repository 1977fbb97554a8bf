"""Login throttling cannot lock an owner out: delays per (e-mail, address), a per-address ceiling.

The test client always calls from one address; :func:`_app_from` gives each request
the address in its ``X-Test-Client`` header (as uvicorn's ``--proxy-headers`` does
behind a trusted proxy), so attacker and owner can call from different addresses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.app import create_app
from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings
from tests.integration.account_helpers import SignUps
from tests.support.client_address import ClientAddress

PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.23"


@asynccontextmanager
async def _app_from(settings: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(ClientAddress(create_app(settings))) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture
async def db(auth_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(auth_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _login(client: AsyncTestClient[Any], email: str, password: str, address: str) -> Any:
    client.cookies.clear()
    return await client.post(
        "/api/auth/login",
        json={"email": email, "password": password},
        headers={"X-Test-Client": address},
    )


async def _register(
    client: AsyncTestClient[Any], sign_up: SignUps, email: str, address: str
) -> None:
    """A confirmed account, signed up (and its link opened) from ``address``."""
    body = {"email": email, "password": PASSWORD, "first_name": "Vic", "last_name": "Tim"}
    headers = {"X-Test-Client": address}
    response = await client.post("/api/auth/register", json=body, headers=headers)
    assert response.status_code == 202, response.text
    token = (await sign_up.mail_to(email)).token("/account/verify")
    verified = await client.post("/api/auth/verify", json={"token": token}, headers=headers)
    assert verified.json()["status"] == "verified", verified.text
    client.cookies.clear()


async def _age(db: AsyncEngine, address: str, seconds: int) -> None:
    """Let ``seconds`` pass for the attempts from ``address``."""
    async with db.begin() as conn:
        await conn.execute(
            text(
                "UPDATE login_attempts SET created_at = created_at - make_interval(secs => :s) "
                "WHERE ip_address = :a"
            ),
            {"s": seconds, "a": address},
        )


async def test_failures_from_another_address_do_not_lock_the_owner_out(
    auth_settings: Settings, sign_up: SignUps
) -> None:
    async with _app_from(auth_settings) as client:  # the default settings
        await _register(client, sign_up, "owner@example.com", OWNER)
        answers = [
            (await _login(client, "owner@example.com", "guess-guess", ATTACKER)).status_code
            for _ in range(10)
        ]
        assert answers == [401] * 5 + [429] * 5
        owner = await _login(client, "owner@example.com", PASSWORD, OWNER)
        assert owner.status_code == 200, owner.text


async def test_an_attackers_wrong_passwords_never_keep_the_owner_out(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    settings = auth_settings.model_copy(
        update={"login_free_failures_per_pair": 2, "login_max_delay_s": 20}
    )
    async with _app_from(settings) as client:
        await _register(client, sign_up, "victim@example.com", OWNER)
        for _ in range(2):
            wrong = await _login(client, "victim@example.com", "guess-guess", ATTACKER)
            assert wrong.status_code == 401
        waits: list[int] = []
        for _ in range(7):
            delayed = await _login(client, "victim@example.com", PASSWORD, ATTACKER)
            assert delayed.status_code == 429, delayed.text
            body = delayed.json()
            assert body["status_code"] == 429 and "Too many failed login attempts" in body["detail"]
            waits.append(int(delayed.headers["retry-after"]))
            # Meanwhile the owner logs in from their own address with the right password.
            owner = await _login(client, "victim@example.com", PASSWORD, OWNER)
            assert owner.status_code == 200, owner.text
            assert SESSION_COOKIE in owner.cookies
            await _age(db, ATTACKER, waits[-1])  # the wait is over: the pair may guess again
            wrong = await _login(client, "victim@example.com", "guess-guess", ATTACKER)
            assert wrong.status_code == 401
        # After 2 free failures the pair waits 1, 2, 4, 8, 16 s, then the 20 s cap.
        assert waits == [1, 2, 4, 8, 16, 20, 20]
        # An owner's own typos delay only their own address's pair, and never for long.
        for _ in range(2):
            typo = await _login(client, "victim@example.com", "almost right", OWNER)
            assert typo.status_code == 401
        assert (await _login(client, "victim@example.com", PASSWORD, OWNER)).status_code == 429
        await _age(db, OWNER, 1)
        assert (await _login(client, "victim@example.com", PASSWORD, OWNER)).status_code == 200
    attacker_failures = await _scalar(
        db,
        "SELECT count(*) FROM login_attempts WHERE ip_address = :a AND NOT succeeded",
        a=ATTACKER,
    )
    assert attacker_failures == 9  # refused attempts are not counted


async def _scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()


async def test_one_address_trying_many_emails_hits_its_ceiling(
    auth_settings: Settings, sign_up: SignUps
) -> None:
    settings = auth_settings.model_copy(update={"login_max_failures_per_ip": 6})
    async with _app_from(settings) as client:
        await _register(client, sign_up, "sprayed@example.com", OWNER)
        for n in range(6):
            attempt = await _login(client, f"spray{n}@example.com", "Summer2026!", ATTACKER)
            assert attempt.status_code == 401
        for email in ("spray99@example.com", "sprayed@example.com"):
            blocked = await _login(client, email, "Summer2026!", ATTACKER)
            assert blocked.status_code == 429
            assert blocked.json()["status_code"] == 429
            assert 850 <= int(blocked.headers["retry-after"]) <= 900
        # Other addresses are not affected.
        assert (await _login(client, "sprayed@example.com", PASSWORD, OWNER)).status_code == 200
