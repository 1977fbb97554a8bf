"""The mailed links: confirming an address from another device, forgotten passwords, staff
invitations and roles. Answers never tell whether an address has an account."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from assistant.auth.passwords import hash_password
from config.settings import Settings
from data_layer.accounts.staff import create_staff_user, staff_invitation
from tests.integration.account_helpers import PASSWORD, SignUps
from tests.integration.chat_helpers import chat_app, start_conversation

NEW_PASSWORD = "amber-quarry-violin-58"


@pytest.fixture
async def db(auth_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(auth_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()


async def _execute(engine: AsyncEngine, sql: str, **params: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(sql), params)


async def test_a_link_opened_in_another_browser_asks_for_a_password_first(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as laptop:
        assert (await sign_up.register(laptop, "two.devices@example.com")).status_code == 202
    token = (await sign_up.mail_to("two.devices@example.com")).token("/account/verify")
    async with chat_app(auth_settings) as phone:
        asked = await phone.post("/api/auth/verify", json={"token": token})
        assert asked.status_code == 200
        assert asked.json() == {"status": "password_required", "email": "two.devices@example.com"}
        weak = await phone.post("/api/auth/verify", json={"token": token, "password": "password1"})
        assert weak.status_code == 422 and weak.json()["extra"]["field"] == "password"
        # Neither answer used the link up.
        done = await phone.post("/api/auth/verify", json={"token": token, "password": NEW_PASSWORD})
        assert done.status_code == 200 and done.json()["status"] == "verified"
        assert (await phone.get("/api/auth/me")).status_code == 200
    async with chat_app(auth_settings) as client:
        old = {"email": "two.devices@example.com", "password": PASSWORD}
        new = {"email": "two.devices@example.com", "password": NEW_PASSWORD}
        assert (await client.post("/api/auth/login", json=old)).status_code == 401
        assert (await client.post("/api/auth/login", json=new)).status_code == 200


async def test_a_stranger_registering_your_address_never_chooses_your_password(
    auth_settings: Settings, sign_up: SignUps
) -> None:
    """Pre-hijacking: the attacker registers the victim's address with their own password.
    The victim opens the (unexpected) link: it asks the victim for a password."""
    async with chat_app(auth_settings) as attacker:
        response = await sign_up.register(
            attacker, "victim@example.com", password="attackers-own-secret-77"
        )
        assert response.status_code == 202
    token = (await sign_up.mail_to("victim@example.com")).token("/account/verify")
    async with chat_app(auth_settings) as victim:
        asked = await victim.post("/api/auth/verify", json={"token": token})
        assert asked.json()["status"] == "password_required"
        await victim.post("/api/auth/verify", json={"token": token, "password": NEW_PASSWORD})
    async with chat_app(auth_settings) as attacker:
        stolen = {"email": "victim@example.com", "password": "attackers-own-secret-77"}
        assert (await attacker.post("/api/auth/login", json=stolen)).status_code == 401


async def test_unknown_used_and_expired_links_get_one_answer(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up.register(client, "late@example.com")
        token = (await sign_up.mail_to("late@example.com")).token("/account/verify")
        await _execute(
            db,
            "UPDATE account_tokens SET expires_at = now() - interval '1 minute' "
            "WHERE email = 'late@example.com'",
        )
        answers = [
            await client.post("/api/auth/verify", json={"token": token}),
            await client.post("/api/auth/verify", json={"token": "x" * 43}),
            await client.post("/api/auth/verify", json={"token": ""}),
            await client.post(
                "/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
            ),
        ]
    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"].startswith("This link has expired or was already used")
    assert await _scalar(db, "SELECT count(*) FROM users WHERE email = 'late@example.com'") == 0


async def test_forgot_password_answers_the_same_for_everyone_and_the_link_resets_once(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as old_browser:
        await sign_up(old_browser, "forgetful@example.com")
        chat = await start_conversation(old_browser)
        await chat.say("hello")
        async with chat_app(auth_settings) as client:
            known = await client.post(
                "/api/auth/password/forgot", json={"email": "Forgetful@example.com"}
            )
            unknown = await client.post(
                "/api/auth/password/forgot", json={"email": "nobody.here@example.com"}
            )
            assert known.status_code == unknown.status_code == 202
            assert known.json()["detail"].replace("forgetful", "X") == unknown.json()[
                "detail"
            ].replace("nobody.here", "X")
            mail = await sign_up.mail_to("forgetful@example.com")
            assert mail.subject == "Reset your Excel Medical Staffing password"
            token = mail.token("/account/password")
            assert sign_up.mailbox.messages_to("nobody.here@example.com") == []

            weak = await client.post(
                "/api/auth/password/reset", json={"token": token, "password": "forgetful1"}
            )
            assert weak.status_code == 422 and weak.json()["extra"]["field"] == "password"
            reset = await client.post(
                "/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
            )
            assert reset.status_code == 200, reset.text
            assert reset.json()["user"]["email"] == "forgetful@example.com"
            assert (await client.get("/api/auth/me")).status_code == 200
            again = await client.post(
                "/api/auth/password/reset",
                json={"token": token, "password": "another-pass-word-91"},
            )
            assert again.status_code == 422
        # Everything the old password opened is closed: the login and the conversation token.
        assert (await old_browser.get("/api/auth/me")).status_code == 401
        old_browser.cookies.clear()
        history = await old_browser.get(
            f"/api/chat/sessions/{chat.session_id}/messages", headers=chat.auth
        )
        assert history.status_code == 404


async def test_account_mail_to_one_address_is_capped_per_hour(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    settings = auth_settings.model_copy(update={"account_mail_max_per_email": 2})
    async with chat_app(settings) as client:
        for _ in range(4):
            response = await client.post(
                "/api/auth/password/forgot", json={"email": "nobody@example.com"}
            )
            assert response.status_code == 202
            response = await sign_up.register(client, "bombed@example.com")
            assert response.status_code == 202
    queued = await _scalar(
        db, "SELECT count(*) FROM email_outbox WHERE to_address = 'bombed@example.com'"
    )
    assert queued == 2


async def test_an_old_pending_chat_account_is_claimed_by_resetting_its_password(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    """Accounts from before confirmations existed (pending, no password) are not lost: the
    owner of the address asks for a link and gets in, with their applications."""
    async with db.connect() as conn:
        user_id = (
            await conn.execute(
                text(
                    "SELECT u.id FROM users u JOIN candidates c ON c.user_id = u.id "
                    "JOIN applications a ON a.candidate_id = c.id "
                    "WHERE u.status = 'pending' AND u.password_hash IS NULL LIMIT 1"
                )
            )
        ).scalar_one()
        email = (
            await conn.execute(text("SELECT email FROM users WHERE id = :u"), {"u": user_id})
        ).scalar_one()
    async with chat_app(auth_settings) as client:
        login = {"email": email, "password": NEW_PASSWORD}
        assert (await client.post("/api/auth/login", json=login)).status_code == 401
        assert (
            await client.post("/api/auth/password/forgot", json={"email": email})
        ).status_code == 202
        token = (await sign_up.mail_to(email)).token("/account/password")
        reset = await client.post(
            "/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
        )
        assert reset.status_code == 200, reset.text
        apps = (await client.get("/api/me/applications")).json()["applications"]
        assert apps
        client.cookies.clear()
        assert (await client.post("/api/auth/login", json=login)).status_code == 200
    assert await _scalar(db, "SELECT status::text FROM users WHERE id = :u", u=user_id) == "active"


async def test_a_staff_invitation_sets_the_password_and_gives_a_short_staff_session(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    factory = async_sessionmaker(db, expire_on_commit=False)
    async with factory() as session, session.begin():
        staff = await create_staff_user(
            session, email="new.recruiter@example.com", role="recruiter"
        )
        link = await staff_invitation(
            session,
            user_id=staff.user_id,
            email=staff.email,
            base_url=auth_settings.public_base_url,
            lifetime=dt.timedelta(hours=auth_settings.set_password_link_hours),
        )
    token = link.split("#token=", 1)[1]
    async with chat_app(auth_settings) as client:
        before = {"email": "new.recruiter@example.com", "password": NEW_PASSWORD}
        assert (await client.post("/api/auth/login", json=before)).status_code == 401
        done = await client.post(
            "/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
        )
        assert done.status_code == 200, done.text
        assert done.json()["user"]["roles"] == ["recruiter"]
        cookie = next(v for k, v in done.headers.multi_items() if k.lower() == "set-cookie")
        hours = auth_settings.staff_session_lifetime_hours
        assert f"Max-Age={hours * 3600}" in cookie
    lifetime = await _scalar(
        db,
        "SELECT max(s.expires_at) - now() FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE u.email = 'new.recruiter@example.com'",
    )
    assert dt.timedelta(hours=hours - 1) < lifetime <= dt.timedelta(hours=hours)


async def test_routes_guarded_by_role_refuse_everyone_else(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    factory = async_sessionmaker(db, expire_on_commit=False)
    async with factory() as session, session.begin():
        admin = await create_staff_user(session, email="site.admin@example.com", role="admin")
        await session.execute(
            text("UPDATE users SET password_hash = :h, status = 'active' WHERE id = :u"),
            {"h": await hash_password(NEW_PASSWORD), "u": admin.user_id},
        )
    async with chat_app(auth_settings) as client:
        anonymous = await client.get("/api/admin/users")
        assert anonymous.status_code == 401
        await sign_up(client, "just.a.candidate@example.com")
        candidate = await client.get("/api/admin/users")
        assert candidate.status_code == 403
        client.cookies.clear()
        login = {"email": "site.admin@example.com", "password": NEW_PASSWORD}
        assert (await client.post("/api/auth/login", json=login)).status_code == 200
        listed = await client.get("/api/admin/users", params={"role": "admin"})
        assert listed.status_code == 200, listed.text
        emails = {u["email"] for u in listed.json()["users"]}
        assert "site.admin@example.com" in emails
        assert "just.a.candidate@example.com" not in emails
        bad = await client.get("/api/admin/users", params={"role": "superuser"})
        assert bad.status_code == 422


async def test_account_links_from_another_site_are_refused(auth_settings: Settings) -> None:
    async with chat_app(auth_settings) as client:
        for path, body in (
            ("/api/auth/verify", {"token": "x"}),
            ("/api/auth/password/forgot", {"email": "a@example.com"}),
            ("/api/auth/password/reset", {"token": "x", "password": NEW_PASSWORD}),
        ):
            response = await client.post(
                path, json=body, headers={"Origin": "https://evil.example.net"}
            )
            assert response.status_code == 403, (path, response.text)


async def test_a_link_never_opens_an_account_disabled_after_it_was_mailed(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "closing.soon@example.com")
        await client.post("/api/auth/password/forgot", json={"email": "closing.soon@example.com"})
        token = (await sign_up.mail_to("closing.soon@example.com")).token("/account/password")
        await _execute(
            db, "UPDATE users SET status = 'inactive' WHERE email = 'closing.soon@example.com'"
        )
        client.cookies.clear()
        reset = await client.post(
            "/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}
        )
        assert reset.status_code == 409, reset.text
        assert reset.json()["detail"].startswith("This account is closed")
        assert (await client.get("/api/auth/me")).status_code == 401
        login = {"email": "closing.soon@example.com", "password": NEW_PASSWORD}
        assert (await client.post("/api/auth/login", json=login)).status_code == 401
