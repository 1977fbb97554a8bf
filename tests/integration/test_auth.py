"""Candidate accounts: register, login, logout, me; throttling; linking chats; "my" data."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings
from data_layer.accounts.service import hash_token
from tests.integration.chat_helpers import chat_app, start_conversation

PASSWORD = "correct horse battery"


@pytest.fixture
async def db(auth_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(auth_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _one(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).mappings().one()


async def _scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()


async def _register(client: AsyncTestClient, email: str, **extra: Any) -> Any:
    body = {"email": email, "password": PASSWORD, "first_name": "Dana", "last_name": "Reyes"}
    return await client.post("/api/auth/register", json={**body, **extra})


def _set_cookie(response: Any) -> str:
    cookies = [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]
    assert len(cookies) == 1, cookies
    return cookies[0]


# ------------------------------------------------------------------ register / login / me


async def test_register_logs_in_with_a_hashed_session_row_and_a_safe_cookie(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        response = await _register(client, "  Dana.Reyes@Example.com ", phone="(512) 555-0142")
        assert response.status_code == 201, response.text
        user = response.json()["user"]
        assert user["email"] == "dana.reyes@example.com"
        assert user["user_type"] == "candidate"
        cookie = _set_cookie(response)
        assert cookie.startswith(f"{SESSION_COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        assert "Secure" not in cookie  # the public site is http here
        assert "Path=/" in cookie and "Max-Age=2592000" in cookie
        token = cookie.split(";", 1)[0].split("=", 1)[1]

        me = await client.get("/api/auth/me")
        assert me.status_code == 200 and me.json()["user"]["id"] == user["id"]

    row = await _one(
        db,
        """SELECT u.password_hash, u.status::text AS status, u.last_login, u.phone,
                  s.token, s.expires_at, s.ip_address, s.user_agent,
                  (SELECT count(*) FROM candidates c WHERE c.user_id = u.id) AS candidates
           FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.email = :e""",
        e="dana.reyes@example.com",
    )
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]
    assert row["status"] == "active" and row["candidates"] == 1
    assert row["phone"] == "+15125550142"
    assert row["last_login"] is not None
    assert row["token"] == hash_token(token) and token not in row["token"]
    lifetime = row["expires_at"] - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=29) < lifetime <= dt.timedelta(days=30)
    assert row["ip_address"] and row["user_agent"]


async def test_cookie_is_secure_when_the_public_site_is_https(chat_settings: Settings) -> None:
    assert chat_settings.public_base_url.startswith("https://")
    async with chat_app(chat_settings) as client:
        response = await _register(client, "secure@example.com")
        assert response.status_code == 201
        assert "Secure" in _set_cookie(response)


async def test_login_logout_and_me(auth_settings: Settings, db: AsyncEngine) -> None:
    async with chat_app(auth_settings) as client:
        assert (await _register(client, "lee@example.com")).status_code == 201
        client.cookies.clear()
        assert (await client.get("/api/auth/me")).status_code == 401
        before = await _scalar(db, "SELECT last_login FROM users WHERE email = 'lee@example.com'")

        response = await client.post(
            "/api/auth/login", json={"email": "LEE@example.com", "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        assert response.json()["user"]["email"] == "lee@example.com"
        me = await client.get("/api/auth/me")
        assert me.status_code == 200 and "no-store" in me.headers["cache-control"]
        after = await _scalar(db, "SELECT last_login FROM users WHERE email = 'lee@example.com'")
        assert after > before
        assert await _scalar(db, "SELECT count(*) FROM sessions") == 2

        token = client.cookies.get(SESSION_COOKIE)
        logout = await client.post("/api/auth/logout")
        assert logout.status_code == 204
        assert "Max-Age=0" in _set_cookie(logout)
        assert (await client.get("/api/auth/me")).status_code == 401
        # The server-side session is gone: the old cookie is worthless even if replayed.
        assert (
            await _scalar(db, "SELECT count(*) FROM sessions WHERE token = :t", t=hash_token(token))
            == 0
        )
        client.cookies.set(SESSION_COOKIE, token)
        assert (await client.get("/api/auth/me")).status_code == 401


async def test_wrong_password_and_unknown_email_get_the_same_401(auth_settings: Settings) -> None:
    async with chat_app(auth_settings) as client:
        assert (await _register(client, "kim@example.com")).status_code == 201
        client.cookies.clear()
        wrong = await client.post(
            "/api/auth/login", json={"email": "kim@example.com", "password": "not it at all"}
        )
        unknown = await client.post(
            "/api/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
        )
        assert wrong.status_code == unknown.status_code == 401
        assert (
            wrong.json()["detail"] == unknown.json()["detail"] == "Email or password is incorrect."
        )
        assert SESSION_COOKIE not in client.cookies


async def test_expired_session_is_not_a_login(auth_settings: Settings, db: AsyncEngine) -> None:
    async with chat_app(auth_settings) as client:
        assert (await _register(client, "old@example.com")).status_code == 201
        async with db.begin() as conn:
            await conn.execute(text("UPDATE sessions SET expires_at = now() - interval '1 minute'"))
        assert (await client.get("/api/auth/me")).status_code == 401
        assert (await client.get("/api/me/applications")).status_code == 401


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "valid email address"),
        ({"email": ""}, "email", "Enter your email"),
        ({"password": "short"}, "password", "at least 10 characters"),
        ({"password": "aaaaaaaaaaaa"}, "password", "too easy to guess"),
        ({"password": "x" * 257}, "password", "limited to 256"),
        ({"first_name": ""}, "first_name", "Enter your first name"),
        ({"last_name": "12345"}, "last_name", "does not look like a last name"),
        ({"phone": "123"}, "phone", "10 digits"),
    ],
)
async def test_registration_validation_is_a_clear_422(
    auth_settings: Settings, body: dict[str, str], field: str, message: str
) -> None:
    base = {
        "email": "val@example.com",
        "password": PASSWORD,
        "first_name": "Val",
        "last_name": "Ortiz",
    }
    async with chat_app(auth_settings) as client:
        response = await client.post("/api/auth/register", json={**base, **body})
    assert response.status_code == 422, response.text
    payload = response.json()
    assert message in payload["detail"]
    assert payload["extra"]["field"] == field
    assert "Traceback" not in response.text


async def test_malformed_bodies_never_leak_a_stack_trace(auth_settings: Settings) -> None:
    async with chat_app(auth_settings) as client:
        wrong_type = await client.post("/api/auth/login", json={"email": 5, "password": []})
        not_json = await client.post(
            "/api/auth/login", content=b"{nope", headers={"content-type": "application/json"}
        )
        no_password = await client.post("/api/auth/login", json={"email": "a@example.com"})
    assert wrong_type.status_code in (400, 422)
    assert not_json.status_code in (400, 422)
    assert no_password.status_code == 422 and "password" in no_password.json()["detail"]
    for response in (wrong_type, not_json, no_password):
        assert "Traceback" not in response.text and 'File "' not in response.text


async def test_an_existing_email_cannot_be_registered_again_not_even_a_chat_pending_user(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        assert (await _register(client, "taken@example.com")).status_code == 201
        again = await _register(client, "Taken@Example.com")
        assert again.status_code == 409
        assert "already exists" in again.json()["detail"]

        # A pending user created by applying in the chat (no password yet) stays unclaimed.
        client.cookies.clear()
        chat = await start_conversation(client)
        await chat.say("ICU travel jobs in Texas")
        for answer in (
            "apply to the first one",
            "Pat",
            "Quinn",
            "pat.quinn@example.com",
            "512-555-0199",
        ):
            await chat.say(answer)
        status = await _scalar(
            db, "SELECT status::text FROM users WHERE email = 'pat.quinn@example.com'"
        )
        assert status == "pending"
        claim = await _register(client, "pat.quinn@example.com")
        assert claim.status_code == 409
        assert (
            await _scalar(
                db, "SELECT password_hash FROM users WHERE email = 'pat.quinn@example.com'"
            )
            is None
        )
        # ... and it cannot be logged into either: it has no password.
        login = await client.post(
            "/api/auth/login", json={"email": "pat.quinn@example.com", "password": PASSWORD}
        )
        assert login.status_code == 401


# ------------------------------------------------------------------ brute force


async def test_repeated_failures_of_one_email_from_one_address_are_delayed_with_retry_after(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        assert (await _register(client, "target@example.com")).status_code == 201
        client.cookies.clear()
        for _ in range(5):
            failed = await client.post(
                "/api/auth/login", json={"email": "target@example.com", "password": "guess-guess"}
            )
            assert failed.status_code == 401
        delayed = await client.post(
            "/api/auth/login", json={"email": "target@example.com", "password": PASSWORD}
        )
        assert delayed.status_code == 429, delayed.text
        assert "Too many failed login attempts" in delayed.json()["detail"]
        assert "try again in 1 second" in delayed.json()["detail"]
        assert delayed.headers["retry-after"] == "1"
        assert SESSION_COOKIE not in client.cookies  # this pair waits, even with the password

        # Other accounts from this address are not locked by one email's failures.
        assert (await _register(client, "bystander@example.com")).status_code == 201

        # Once the delay has passed, the right password works again.
        async with db.begin() as conn:
            await conn.execute(
                text("UPDATE login_attempts SET created_at = created_at - interval '2 seconds'")
            )
        client.cookies.clear()
        ok = await client.post(
            "/api/auth/login", json={"email": "target@example.com", "password": PASSWORD}
        )
        assert ok.status_code == 200
    failures = await _scalar(
        db,
        "SELECT count(*) FROM login_attempts WHERE email = 'target@example.com' AND NOT succeeded",
    )
    assert failures == 5  # the refused attempt is not counted (it would extend the wait forever)


async def test_a_successful_login_resets_the_email_count(auth_settings: Settings) -> None:
    async with chat_app(auth_settings) as client:
        assert (await _register(client, "typo@example.com")).status_code == 201
        client.cookies.clear()
        for _ in range(4):
            bad = {"email": "typo@example.com", "password": "almost right"}
            assert (await client.post("/api/auth/login", json=bad)).status_code == 401
        good = {"email": "typo@example.com", "password": PASSWORD}
        assert (await client.post("/api/auth/login", json=good)).status_code == 200
        for _ in range(4):
            bad = {"email": "typo@example.com", "password": "almost right"}
            assert (await client.post("/api/auth/login", json=bad)).status_code == 401
        assert (await client.post("/api/auth/login", json=good)).status_code == 200


async def test_repeated_failures_from_one_address_are_blocked_across_emails(
    auth_settings: Settings,
) -> None:
    settings = auth_settings.model_copy(update={"login_max_failures_per_ip": 6})
    async with chat_app(settings) as client:
        for n in range(6):
            attempt = {"email": f"spray{n}@example.com", "password": "Summer2026!"}
            assert (await client.post("/api/auth/login", json=attempt)).status_code == 401
        blocked = await client.post(
            "/api/auth/login", json={"email": "spray99@example.com", "password": "Summer2026!"}
        )
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 0


async def test_mass_registrations_from_one_address_are_refused_without_touching_logins(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    settings = auth_settings.model_copy(
        update={"register_max_per_ip": 3, "login_max_failures_per_ip": 1}
    )
    async with chat_app(settings) as client:
        assert (await _register(client, "mass1@example.com")).status_code == 201
        assert (await _register(client, "mass2@example.com")).status_code == 201
        # probing an existing e-mail counts too
        assert (await _register(client, "mass1@example.com")).status_code == 409
        refused = await _register(client, "mass3@example.com")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert "try again in" in refused.json()["detail"]
        # registration rows are not failed logins: this address may still log in
        login = await client.post(
            "/api/auth/login", json={"email": "mass1@example.com", "password": PASSWORD}
        )
        assert login.status_code == 200
    created = await _scalar(db, "SELECT count(*) FROM users WHERE email LIKE 'mass%@example.com'")
    assert created == 2


# ------------------------------------------------------------------ linking conversations


async def test_login_links_only_this_browsers_anonymous_conversations_with_valid_tokens(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        assert (await _register(client, "owner@example.com")).status_code == 201
        client.cookies.clear()
        mine_1 = await start_conversation(client)
        mine_2 = await start_conversation(client)
        await mine_1.say("hi")
        someone_else = await start_conversation(client)
        # another user's conversation, already owned
        assert (await _register(client, "other@example.com")).status_code == 201
        owned = await start_conversation(client)
        client.cookies.clear()

        response = await client.post(
            "/api/auth/login",
            json={
                "email": "owner@example.com",
                "password": PASSWORD,
                "chat_sessions": [
                    {"session_id": mine_1.session_id, "token": mine_1.token},
                    {"session_id": mine_2.session_id, "token": mine_2.token},
                    # a guessed / stolen id without its token is not linked
                    {"session_id": someone_else.session_id, "token": "x" * 43},
                    # a valid token of a conversation someone else owns is not taken over
                    {"session_id": owned.session_id, "token": owned.token},
                    {"session_id": "not-a-uuid", "token": "y"},
                ],
            },
        )
        assert response.status_code == 200, response.text
        assert response.json()["linked_conversations"] == 2
        # The account now reaches its linked conversations with the cookie alone.
        history = await client.get(f"/api/chat/sessions/{mine_1.session_id}/messages")
        assert history.status_code == 200 and len(history.json()["messages"]) == 2
        foreign = await client.get(f"/api/chat/sessions/{someone_else.session_id}/messages")
        assert foreign.status_code == 404

    owners = {
        str(r["id"]): r["email"]
        async for r in _rows(
            db,
            "SELECT c.id, u.email FROM chat_sessions c LEFT JOIN users u ON u.id = c.user_id",
        )
    }
    assert owners[mine_1.session_id] == owners[mine_2.session_id] == "owner@example.com"
    assert owners[someone_else.session_id] is None
    assert owners[owned.session_id] == "other@example.com"

    # The transcripts in MongoDB carry the new owner too (for the user's history and analytics).
    owner_id = await _scalar(db, "SELECT id::text FROM users WHERE email = 'owner@example.com'")
    mongo: AsyncMongoClient = AsyncMongoClient(auth_settings.effective_mongodb_url)
    try:
        docs = mongo[auth_settings.mongodb_db].chat_conversations
        stored = {
            d["session_id"]: d.get("user_id")
            async for d in docs.find({}, {"session_id": 1, "user_id": 1})
        }
    finally:
        await mongo.close()
    assert stored[mine_1.session_id] == stored[mine_2.session_id] == owner_id
    assert stored[someone_else.session_id] is None


async def _rows(engine: AsyncEngine, sql: str) -> AsyncIterator[Any]:
    async with engine.connect() as conn:
        for row in (await conn.execute(text(sql))).mappings():
            yield row


# ------------------------------------------------------------------ my applications / referrals


async def test_my_applications_and_referrals_are_the_callers_own(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        assert (await client.get("/api/me/applications")).status_code == 401
        assert (await client.get("/api/me/referrals")).status_code == 401

        assert (await _register(client, "applicant@example.com")).status_code == 201
        empty = await client.get("/api/me/applications")
        assert empty.status_code == 200 and empty.json() == {"applications": []}

        chat = await start_conversation(client)
        await chat.say("ICU travel jobs in Texas")
        await chat.say("apply to the first one")
        done = await chat.say("yes")
        assert any(a["type"] == "applied" for a in done["actions"]), done
        await chat.say("refer my friend sam.lee@example.com")

        mine = (await client.get("/api/me/applications")).json()["applications"]
        assert len(mine) == 1
        job_id = mine[0]["job_id"]
        assert mine[0]["status"] == "applied"
        assert mine[0]["job_url"] == f"http://testserver.local/jobs/{job_id}"
        referrals = (await client.get("/api/me/referrals")).json()
        assert [r["referred_email"] for r in referrals["referrals"]] == ["s***@example.com"]
        assert referrals["invite_url_template"] == "http://testserver.local/?ref={code}"

        # Someone else, logged in, sees none of it.
        client.cookies.clear()
        assert (await _register(client, "nosy@example.com")).status_code == 201
        assert (await client.get("/api/me/applications")).json() == {"applications": []}
        assert (await client.get("/api/me/referrals")).json()["referrals"] == []

    count = await _scalar(
        db,
        """SELECT count(*) FROM applications a JOIN candidates c ON c.id = a.candidate_id
           JOIN users u ON u.id = c.user_id WHERE u.email = 'applicant@example.com'""",
    )
    assert count == 1


# ------------------------------------------------------------------ CORS


async def test_cors_allows_configured_origins_only(auth_settings: Settings) -> None:
    settings = auth_settings.model_copy(update={"cors_origins": ["https://partner.example.org"]})
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization",
    }
    async with chat_app(settings) as client:
        allowed = await client.options(
            "/api/chat/sessions", headers={"Origin": "https://partner.example.org", **preflight}
        )
        assert allowed.status_code in (200, 204)
        assert allowed.headers["access-control-allow-origin"] == "https://partner.example.org"
        assert allowed.headers["access-control-allow-credentials"] == "true"
        own = await client.options(
            "/api/auth/login", headers={"Origin": "http://testserver.local", **preflight}
        )
        assert own.headers["access-control-allow-origin"] == "http://testserver.local"

        evil = await client.options(
            "/api/chat/sessions", headers={"Origin": "https://evil.example.net", **preflight}
        )
        assert "access-control-allow-origin" not in evil.headers
        assert evil.status_code >= 400
        simple = await client.post(
            "/api/chat/sessions", headers={"Origin": "https://evil.example.net"}
        )
        assert "access-control-allow-origin" not in simple.headers
