"""A conversation's bearer token is not a login: it expires, dies at logout and password
change, and never lends the owner's identity, details or transcript to whoever holds it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings
from tests.integration.account_helpers import PASSWORD, SignUps
from tests.integration.chat_helpers import Conversation, chat_app, start_conversation


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


def _url(chat: Conversation) -> str:
    return f"/api/chat/sessions/{chat.session_id}/messages"


async def _status_with_token_only(chat: Conversation) -> tuple[int, int]:
    """(history, new message) status codes for the token without any login cookie."""
    saved = dict(chat.client.cookies)
    chat.client.cookies.clear()
    try:
        history = await chat.client.get(_url(chat), headers=chat.auth)
        message = await chat.client.post(_url(chat), json={"content": "hi"}, headers=chat.auth)
    finally:
        for name, value in saved.items():
            chat.client.cookies.set(name, value)
    return history.status_code, message.status_code


async def test_an_unused_token_expires_after_the_idle_limit(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        await chat.say("ICU travel jobs in Texas")
        assert await _status_with_token_only(chat) == (200, 200)
        await _execute(
            db,
            "UPDATE chat_sessions SET last_activity = now() - make_interval(hours => :h) "
            "WHERE id = :id",
            h=auth_settings.chat_token_idle_hours + 1,
            id=chat.session_id,
        )
        assert await _status_with_token_only(chat) == (404, 404)


async def test_a_token_in_use_still_ends_at_the_absolute_limit(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        await chat.say("hello")
        await _execute(
            db,
            "UPDATE chat_sessions SET created_at = now() - make_interval(days => :d) "
            "WHERE id = :id",
            d=auth_settings.chat_token_max_days,
            id=chat.session_id,
        )
        assert await _status_with_token_only(chat) == (404, 404)


async def test_logout_revokes_every_conversation_token_of_the_user(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        await sign_up(client, "leaving@example.com")
        first = await start_conversation(client)
        second = await start_conversation(client)
        await first.say("ICU travel jobs in Texas")
        assert (await client.post("/api/auth/logout")).status_code == 204
        assert await _status_with_token_only(first) == (404, 404)
        assert await _status_with_token_only(second) == (404, 404)
        # The owner logs in again: their conversations are theirs, by login.
        login = {"email": "leaving@example.com", "password": PASSWORD}
        assert (await client.post("/api/auth/login", json=login)).status_code == 200
        assert (await client.get(_url(first))).status_code == 200
    revoked = await _scalar(
        db,
        "SELECT count(*) FROM chat_sessions c JOIN users u ON u.id = c.user_id "
        "WHERE u.email = 'leaving@example.com' AND c.token_revoked_at IS NOT NULL",
    )
    assert revoked == 2


async def test_a_token_without_the_owners_login_is_an_anonymous_visitor(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    """The shared computer: the owner's cookie is gone (expired, cleared), the token stays."""
    async with chat_app(auth_settings) as client:
        await sign_up(client, "morgan.ellis@example.com", first_name="Morgan", phone="512-555-0111")
        chat = await start_conversation(client)
        await chat.say("ICU travel jobs in Texas")
        await chat.say("refer my friend jo.friend@example.com")
        mine = await chat.say("show my referrals")
        assert "j***@example.com" in mine["text"]

        client.cookies.clear()
        history = await client.get(_url(chat), headers=chat.auth)
        assert history.status_code == 404  # the transcript (name, e-mail, phone) is not shown
        reply = await chat.say("show my referrals")
        assert [a["type"] for a in reply["actions"]] == ["login_required"]
        assert "j***@example.com" not in reply["text"] and "Morgan" not in reply["text"]
        applying = await chat.say("apply to the first one")
        assert "Morgan" not in applying["text"]
        assert not any(a["type"] == "confirm_apply" for a in applying["actions"])  # details first
    owner = await _scalar(
        db,
        "SELECT u.email FROM chat_sessions c JOIN users u ON u.id = c.user_id WHERE c.id = :id",
        id=chat.session_id,
    )
    assert owner == "morgan.ellis@example.com"
    state = await _scalar(
        db, "SELECT state::text FROM chat_sessions WHERE id = :id", id=chat.session_id
    )
    assert "Morgan" not in state  # the visitor's turns dropped the owner's details


async def test_another_signed_in_user_with_the_token_acts_as_themselves_and_owns_nothing(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as owner_client, chat_app(auth_settings) as other_client:
        await sign_up(owner_client, "first.owner@example.com")
        await sign_up(other_client, "second.user@example.com")
        owned = await start_conversation(owner_client)
        await owned.say("refer my friend owner.friend@example.com")
        nobodys = await start_conversation(other_client)
        other_client.cookies.clear()
        anonymous = await start_conversation(other_client)  # made while signed out
        await sign_up.register(other_client, "unused@example.com")  # no login from this
        login = {"email": "second.user@example.com", "password": PASSWORD}
        assert (await other_client.post("/api/auth/login", json=login)).status_code == 200

        # The other user holds the owner's token (copied from a shared browser).
        stolen = Conversation(other_client, owned.session_id, owned.token)
        reply = await stolen.say("show my referrals")
        assert "o***@example.com" not in reply["text"]
        assert (await other_client.get(_url(stolen), headers=stolen.auth)).status_code == 404
        # Chatting in a conversation nobody owns does not make it theirs either.
        await Conversation(other_client, anonymous.session_id, anonymous.token).say("hello")
        del nobodys
    owners = {
        row[0]: row[1]
        for row in (
            await _rows(
                db,
                "SELECT c.id::text, u.email FROM chat_sessions c "
                "LEFT JOIN users u ON u.id = c.user_id WHERE c.id IN (:a, :b)",
                a=owned.session_id,
                b=anonymous.session_id,
            )
        )
    }
    assert owners == {owned.session_id: "first.owner@example.com", anonymous.session_id: None}


async def _rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).all())


async def test_a_password_change_ends_other_logins_and_every_conversation_token(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as laptop, chat_app(auth_settings) as phone:
        await sign_up(laptop, "changer@example.com")
        login = {"email": "changer@example.com", "password": PASSWORD}
        assert (await phone.post("/api/auth/login", json=login)).status_code == 200
        chat = await start_conversation(phone)
        await chat.say("hello")

        wrong = await laptop.post(
            "/api/auth/password/change",
            json={"current_password": "not my password", "new_password": "quiet-orchard-maple-7"},
        )
        assert wrong.status_code == 422 and wrong.json()["extra"]["field"] == "current_password"
        weak = await laptop.post(
            "/api/auth/password/change",
            json={"current_password": PASSWORD, "new_password": "password123"},
        )
        assert weak.status_code == 422 and weak.json()["extra"]["field"] == "new_password"
        changed = await laptop.post(
            "/api/auth/password/change",
            json={"current_password": PASSWORD, "new_password": "quiet-orchard-maple-7"},
        )
        assert changed.status_code == 204, changed.text
        assert (await laptop.get("/api/auth/me")).status_code == 200  # this login stays
        assert (await phone.get("/api/auth/me")).status_code == 401  # the other one ended
        assert await _status_with_token_only(chat) == (404, 404)
        old = await phone.post("/api/auth/login", json=login)
        assert old.status_code == 401
        new = {"email": "changer@example.com", "password": "quiet-orchard-maple-7"}
        assert (await phone.post("/api/auth/login", json=new)).status_code == 200
    assert SESSION_COOKIE  # the cookie name the tests above rely on
