"""Candidate accounts: register, login, logout, me; throttling; linking chats; "my" data."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings
from data_layer.accounts.service import hash_token
from tests.integration.account_helpers import PASSWORD, SignUps
from tests.integration.chat_helpers import chat_app, start_conversation


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


def _set_cookies(response: Any) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]


def _set_cookie(response: Any) -> str:
    cookies = _set_cookies(response)
    assert len(cookies) == 1, cookies
    return cookies[0]


# ------------------------------------------------------------------ register / login / me


async def test_sign_up_mails_a_link_and_only_the_link_creates_the_account_and_logs_in(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        response = await sign_up.register(
            client, "  Dana.Reyes@Example.com ", phone="(512) 555-0142"
        )
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "verification_sent"
        assert "Check your inbox" in response.json()["detail"]
        assert SESSION_COOKIE not in client.cookies  # nobody is logged in by a form
        assert (
            await _scalar(
                db, "SELECT count(*) FROM users WHERE email = :e", e="dana.reyes@example.com"
            )
            == 0
        )
        assert (await client.get("/api/auth/me")).status_code == 401

        mail = await sign_up.mail_to("dana.reyes@example.com")
        assert mail.subject == "Confirm your email for Excel Medical Staffing"
        token = mail.token("/account/verify")
        stored = await _scalar(
            db, "SELECT token_hash FROM account_tokens WHERE email = 'dana.reyes@example.com'"
        )
        assert stored == hash_token(token)  # only the hash is kept

        verified = await client.post("/api/auth/verify", json={"token": token})
        assert verified.status_code == 200, verified.text
        user = verified.json()["user"]
        assert user["email"] == "dana.reyes@example.com"
        assert user["user_type"] == "candidate" and user["roles"] == ["candidate"]
        cookie = next(c for c in _set_cookies(verified) if c.startswith(f"{SESSION_COOKIE}="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        assert "Secure" not in cookie  # the public site is http here
        assert "Path=/" in cookie and "Max-Age=2592000" in cookie
        session_token = cookie.split(";", 1)[0].split("=", 1)[1]

        me = await client.get("/api/auth/me")
        assert me.status_code == 200 and me.json()["user"]["id"] == user["id"]
        # The link works once.
        again = await client.post("/api/auth/verify", json={"token": token})
        assert again.status_code == 422 and again.json()["extra"]["code"] == "link_unusable"

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
    assert row["token"] == hash_token(session_token) and session_token not in row["token"]
    lifetime = row["expires_at"] - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=29) < lifetime <= dt.timedelta(days=30)
    assert row["ip_address"] and row["user_agent"]


async def test_cookies_are_secure_when_the_public_site_is_https(
    chat_settings: Settings, sign_up: SignUps
) -> None:
    assert chat_settings.public_base_url.startswith("https://")
    async with chat_app(chat_settings) as client:
        response = await sign_up.register(client, "secure@example.com")
        assert response.status_code == 202
        assert all("Secure" in c for c in _set_cookies(response))
        token = (await sign_up.mail_to("secure@example.com")).token("/account/verify")
        # The https-only sign-up cookie does not come back over http: choose the password here.
        verified = await client.post(
            "/api/auth/verify", json={"token": token, "password": "violet-harbor-lantern-42"}
        )
        assert verified.status_code == 200, verified.text
        assert all("Secure" in c for c in _set_cookies(verified))


async def test_login_logout_and_me(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "lee@example.com")
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


async def test_wrong_password_and_unknown_email_get_the_same_401(
    auth_settings: Settings, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "kim@example.com")
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


async def test_expired_session_is_not_a_login(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "old@example.com")
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


async def test_registering_a_taken_address_answers_the_same_and_only_mails_its_owner(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "taken@example.com")
        client.cookies.clear()
        again = await sign_up.register(
            client, "Taken@Example.com", password="someone-elses-pass-99"
        )
        fresh = await sign_up.register(client, "fresh.person@example.com")
    # No enumeration: the same status and shape either way.
    assert again.status_code == fresh.status_code == 202
    assert again.json().keys() == fresh.json().keys()
    notice = await sign_up.mail_to("taken@example.com")
    assert notice.subject == "You already have an Excel Medical Staffing account"
    assert not any("#token=" in link for link in notice.links)
    hashes = await _scalar(
        db, "SELECT count(DISTINCT password_hash) FROM users WHERE email = 'taken@example.com'"
    )
    assert hashes == 1
    login = {"email": "taken@example.com", "password": PASSWORD}
    async with chat_app(auth_settings) as client:
        assert (await client.post("/api/auth/login", json=login)).status_code == 200


async def test_a_chat_sign_up_never_reserves_an_address_and_its_application_waits_for_the_owner(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    """Someone applies in the chat with another person's address: no account exists, the
    owner registers normally, and the held application reaches the owner's account."""
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        await chat.say("ICU travel jobs in Texas")
        for answer in ("apply to the first one", "Pat", "Quinn", "pat.quinn@example.com"):
            await chat.say(answer)
        sent = await chat.say("512-555-0199")
        assert "p***@example.com" in sent["text"] or "confirmation link" in sent["text"], sent
        assert any(a["type"] == "verification_sent" for a in sent["actions"]), sent
        held = await chat.say("yes")
        assert any(a["type"] == "application_held" for a in held["actions"]), held
        assert "confirm your email" in held["text"]
        assert (
            await _scalar(db, "SELECT count(*) FROM users WHERE email = 'pat.quinn@example.com'")
            == 0
        )
        # ... nor can anyone log in with it.
        login = {"email": "pat.quinn@example.com", "password": PASSWORD}
        assert (await client.post("/api/auth/login", json=login)).status_code == 401

    # The real owner registers from their own browser and confirms.
    chat_mail = await sign_up.mail_to("pat.quinn@example.com")
    assert chat_mail.subject == "Confirm your email to send your application"
    async with chat_app(auth_settings) as owner:
        verified = await sign_up(owner, "pat.quinn@example.com", first_name="Patricia")
        assert verified["applications_sent"] == 1
        apps = (await owner.get("/api/me/applications")).json()["applications"]
        assert len(apps) == 1 and apps[0]["status"] == "applied"
        # The chat sign-up's link was superseded by the registration's: it no longer works.
        stale = await owner.post(
            "/api/auth/verify", json={"token": chat_mail.token("/account/verify")}
        )
        assert stale.status_code == 422
    row = await _one(
        db,
        "SELECT first_name, phone FROM users WHERE email = 'pat.quinn@example.com'",
    )
    assert row["first_name"] == "Patricia"  # the owner's details, not the chat's
    assert row["phone"] is None


# ------------------------------------------------------------------ brute force


async def test_repeated_failures_of_one_email_from_one_address_are_delayed_with_retry_after(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "target@example.com")
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
        await sign_up(client, "bystander@example.com")

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


async def test_a_successful_login_resets_the_email_count(
    auth_settings: Settings, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "typo@example.com")
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
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    settings = auth_settings.model_copy(
        update={"register_max_per_ip": 3, "login_max_failures_per_ip": 1}
    )
    async with chat_app(settings) as client:
        await sign_up(client, "mass1@example.com")
        assert (await sign_up.register(client, "mass2@example.com")).status_code == 202
        # probing an existing e-mail counts too
        assert (await sign_up.register(client, "mass1@example.com")).status_code == 202
        refused = await sign_up.register(client, "mass3@example.com")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert "try again in" in refused.json()["detail"]
        # registration rows are not failed logins: this address may still log in
        client.cookies.clear()
        login = await client.post(
            "/api/auth/login", json={"email": "mass1@example.com", "password": PASSWORD}
        )
        assert login.status_code == 200
    created = await _scalar(db, "SELECT count(*) FROM users WHERE email LIKE 'mass%@example.com'")
    assert created == 1  # mass2 never opened its link


# ------------------------------------------------------------------ linking conversations


async def test_login_links_only_this_browsers_anonymous_conversations_with_valid_tokens(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "owner@example.com")
        client.cookies.clear()
        mine_1 = await start_conversation(client)
        mine_2 = await start_conversation(client)
        await mine_1.say("hi")
        someone_else = await start_conversation(client)
        # another user's conversation, already owned
        await sign_up(client, "other@example.com")
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
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        assert (await client.get("/api/me/applications")).status_code == 401
        assert (await client.get("/api/me/referrals")).status_code == 401

        await sign_up(client, "applicant@example.com")
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
        await sign_up(client, "nosy@example.com")
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
