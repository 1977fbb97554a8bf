"""Signed-in candidates in the chat; a MongoDB outage costs neither a reply nor a message."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings
from data_layer.accounts.sessions import create_user_session
from data_layer.chat.transcripts import stored_messages
from data_layer.referrals.service import list_referrals
from devstack.services import DevStack
from tests.conftest import _free_port
from tests.integration.chat_helpers import chat_app, start_conversation


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


ACTIVE = "JOIN users u ON u.id = c.user_id AND u.status = 'active'"
"""Only confirmed, enabled accounts have working logins."""


def _mask(email: str) -> str:
    local, domain = email.split("@", 1)
    return f"{local[0]}***@{domain}"


async def _login(engine: AsyncEngine, user_id: Any) -> str:
    import datetime as dt

    token = secrets.token_urlsafe(32)
    async with async_sessionmaker(engine)() as session, session.begin():
        await create_user_session(
            session,
            user_id=user_id,
            token=token,
            lifetime=dt.timedelta(hours=1),
            ip_address="127.0.0.1",
            user_agent="pytest",
        )
    return token


async def test_signed_in_candidate_sees_only_their_own_referrals(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with db.connect() as conn:
        referrer = (
            await conn.execute(
                text(
                    "SELECT r.referrer_id FROM referrals r JOIN candidates c "
                    "ON c.user_id = r.referrer_id "
                    f"{ACTIVE} GROUP BY r.referrer_id "
                    "HAVING count(*) >= 1 LIMIT 1"
                )
            )
        ).scalar_one()
    async with async_sessionmaker(db)() as session:
        own = await list_referrals(session, referrer)
    token = await _login(db, referrer)
    async with chat_app(chat_settings) as client:
        client.cookies.set(SESSION_COOKIE, token)
        chat = await start_conversation(client)
        reply = await chat.say("did my friend sign up? when is my referral bonus paid?")
        # The conversation is the user's: their login reaches it without the chat token.
        history = await client.get(f"/api/chat/sessions/{chat.session_id}/messages")
        assert history.status_code == 200 and len(history.json()["messages"]) == 2
        client.cookies.clear()
        assert (
            await client.get(f"/api/chat/sessions/{chat.session_id}/messages")
        ).status_code == 404
    assert reply["actions"] == []
    assert own, "the chosen user must have referrals to show"
    for referral in own:
        assert referral.referred_email
        assert _mask(referral.referred_email) in reply["text"]
    async with db.connect() as conn:
        others = (
            (
                await conn.execute(
                    text("SELECT referred_email FROM referrals WHERE referrer_id <> :u"),
                    {"u": referrer},
                )
            )
            .scalars()
            .all()
        )
    own_masked = {_mask(r.referred_email) for r in own if r.referred_email}
    leaked = [_mask(e) for e in others if _mask(e) not in own_masked and _mask(e) in reply["text"]]
    assert not leaked


async def test_signed_in_candidate_applies_without_giving_details_again(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with db.connect() as conn:
        user_id, candidate_id = (
            await conn.execute(text(f"SELECT c.user_id, c.id FROM candidates c {ACTIVE} LIMIT 1"))
        ).one()
    token = await _login(db, user_id)
    async with chat_app(chat_settings) as client:
        client.cookies.set(SESSION_COOKIE, token)
        chat = await start_conversation(client)
        await chat.say("travel nurse jobs in Texas")
        asked = await chat.say("apply to the first one")
        assert [a["type"] for a in asked["actions"]] == ["confirm_apply"]
        done = await chat.say("yes")
    assert done["actions"][0]["type"] == "applied"
    async with db.connect() as conn:
        count = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM applications WHERE candidate_id = :c AND source = 'chat'"
                ),
                {"c": candidate_id},
            )
        ).scalar_one()
    assert count == 1


async def test_expired_or_foreign_login_reaches_nobody_elses_conversation(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with db.connect() as conn:
        alice, bob = (
            (
                await conn.execute(
                    text(f"SELECT c.user_id FROM candidates c {ACTIVE} ORDER BY c.user_id LIMIT 2")
                )
            )
            .scalars()
            .all()
        )
    alice_token, bob_token = await _login(db, alice), await _login(db, bob)
    async with chat_app(chat_settings) as client:
        client.cookies.set(SESSION_COOKIE, alice_token)
        chat = await start_conversation(client)
        await chat.say("hi")
        client.cookies.set(SESSION_COOKIE, bob_token)
        url = f"/api/chat/sessions/{chat.session_id}/messages"
        assert (await client.get(url)).status_code == 404
        assert (await client.post(url, json={"content": "hi"})).status_code == 404


async def test_mongo_outage_still_replies_and_writes_the_turn_when_back(
    chat_settings: Settings,
) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="esa-mongo-"))
    mongo_settings = chat_settings.model_copy(
        update={
            "data_dir": data_dir,
            "mongo_port": _free_port(),
            "mongodb_url": "",
            "health_timeout_s": 0.5,
        }
    )
    stack = DevStack(mongo_settings)  # only MongoDB is embedded: the other URLs are set
    stack.start()
    try:
        async with chat_app(mongo_settings) as client:
            resources = client.app.state.resources
            chat = await start_conversation(client)
            stack._stop_mongo()
            reply = await chat.say("ICU travel jobs in Texas")
            assert reply["text"] and reply["jobs"] is not None
            history = await client.get(
                f"/api/chat/sessions/{chat.session_id}/messages", headers=chat.auth
            )
            assert history.status_code == 503
            assert resources.conversations.pending >= 1  # held in memory, not dropped
            stack._start_mongo()
            # The queued writes drain on their own once MongoDB answers again.
            mongo: AsyncMongoClient[Any] = AsyncMongoClient(mongo_settings.effective_mongodb_url)
            doc = None
            deadline = time.monotonic() + 45
            while time.monotonic() < deadline:
                doc = await mongo[mongo_settings.mongodb_db].chat_conversations.find_one(
                    {"session_id": chat.session_id}
                )
                if doc is not None and len(stored_messages(doc)) == 2:
                    break
                await asyncio.sleep(0.2)
            await mongo.close()
            assert resources.conversations.pending == 0
        assert doc is not None
        assert next(m["content"] for m in stored_messages(doc)) == "ICU travel jobs in Texas"
        assert len(stored_messages(doc)) == 2
    finally:
        stack.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


async def test_signed_in_candidate_refers_a_friend_once(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with db.connect() as conn:
        user_id = (
            await conn.execute(text(f"SELECT c.user_id FROM candidates c {ACTIVE} LIMIT 1"))
        ).scalar_one()
    token = await _login(db, user_id)
    async with chat_app(chat_settings) as client:
        client.cookies.set(SESSION_COOKIE, token)
        chat = await start_conversation(client)
        asked = await chat.say("I want to refer a friend")
        assert "email" in asked["text"].lower()
        first = await chat.say("pat.friend@example.net")
        again = await chat.say("refer my friend pat.friend@example.net")
    async with db.connect() as conn:
        rows = (
            await conn.execute(
                text(
                    "SELECT referral_code, status::text AS status FROM referrals "
                    "WHERE referrer_id = :u AND referred_email = 'pat.friend@example.net'"
                ),
                {"u": user_id},
            )
        ).all()
    assert len(rows) == 1 and rows[0].status == "sent"
    assert rows[0].referral_code in first["text"] and rows[0].referral_code in again["text"]


async def test_chat_sign_ups_from_one_address_pause_past_the_limit(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    settings = chat_settings.model_copy(update={"register_max_per_ip": 1})

    async def sign_up(client: Any, first: str, email: str) -> dict[str, Any]:
        chat = await start_conversation(client)
        await chat.say("travel nurse jobs in Texas")
        await chat.say("I'd like to apply to the first one")
        for answer in (first, "Doe", email):
            await chat.say(answer)
        return await chat.say("(555) 201-3344")

    async with chat_app(settings) as client:
        accepted = await sign_up(client, "Kim", "kim.first.signup@example.org")
        refused = await sign_up(client, "Lee", "lee.second.signup@example.org")
    assert [a["type"] for a in accepted["actions"]] == ["verification_sent", "confirm_apply"]
    assert refused["actions"] == []
    assert "try again in" in refused["text"] and "recruiter" in refused["text"]
    async with db.connect() as conn:
        emails = set(
            await conn.scalars(
                text("SELECT email FROM account_tokens WHERE email LIKE '%.signup@example.org'")
            )
        )
    assert emails == {"kim.first.signup@example.org"}
