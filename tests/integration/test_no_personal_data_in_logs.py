"""No personal data in any log line: a whole journey (search, apply with contact details in
the chat, a referral, a failing statement with a personal parameter) logged at DEBUG by
every logger, through the project's own formatter too, mentions none of it."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import secrets
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from assistant.app import create_app
from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings
from data_layer.accounts.sessions import create_user_session
from data_layer.db.engine import create_engine
from tests.integration.chat_helpers import Conversation, start_conversation

FIRST, LAST = "Marisol", "Quintanilla-Brookfield"
EMAIL = "marisol.qb.private@example.org"
PHONE = "(555) 201-7788"
FRIEND = "friend.private.ref@example.net"


@pytest.fixture
async def db(auth_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(auth_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _a_candidate(db: AsyncEngine) -> tuple[object, list[str], str]:
    """A confirmed candidate with a working login: id, personal strings, login token."""
    async with db.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT u.id, u.email, u.first_name, u.last_name, u.phone FROM candidates c "
                    "JOIN users u ON u.id = c.user_id AND u.status = 'active' LIMIT 1"
                )
            )
        ).one()
    token = secrets.token_urlsafe(32)
    async with async_sessionmaker(db)() as session, session.begin():
        await create_user_session(
            session,
            user_id=row.id,
            token=token,
            lifetime=dt.timedelta(hours=1),
            ip_address="198.51.100.23",
            user_agent="pytest",
        )
    personal = [v for v in (row.email, row.first_name, row.last_name, row.phone) if v]
    return row.id, personal, token


async def test_a_full_journey_logs_no_personal_data(
    auth_settings: Settings, db: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = auth_settings.model_copy(update={"log_level": "DEBUG"})
    app = create_app(settings)  # configures logging: its handler and formatter on the root
    root = logging.getLogger()
    formatted = io.StringIO()
    ours = logging.StreamHandler(formatted)
    ours.setFormatter(root.handlers[0].formatter)
    root.addHandler(ours)
    root.addHandler(caplog.handler)
    root.setLevel(logging.DEBUG)  # LOG_LEVEL=DEBUG: every logger the project leaves open
    _, referrer_personal, login = await _a_candidate(db)
    said: list[str] = []
    try:
        async with AsyncTestClient(app) as client:

            async def say(chat: Conversation, content: str) -> dict[str, object]:
                said.append(content)
                return await chat.say(content)

            chat = await start_conversation(
                client, page_url="https://careers.example.com/jobs", referrer=None
            )
            found = await say(chat, "travel nurse jobs in Texas")
            assert found["jobs"]
            asked = await say(chat, "I'd like to apply to the first one")
            assert "first name" in str(asked["text"]).lower()
            await say(chat, FIRST)
            await say(chat, LAST)
            await say(chat, EMAIL)
            confirm = await say(chat, PHONE)
            assert "confirm_apply" in [a["type"] for a in confirm["actions"]]  # type: ignore[index,union-attr]
            await say(chat, "yes, submit it")
            await say(chat, f"My name is {FIRST} {LAST}, my email is {EMAIL}, call {PHONE}")

            client.cookies.set(SESSION_COOKIE, login)
            referring = await start_conversation(client)
            await say(referring, "I want to refer a friend")
            await say(referring, FRIEND)
            history = await client.get(
                f"/api/chat/sessions/{referring.session_id}/messages", headers=referring.auth
            )
            assert history.status_code == 200

            await client.app.state.resources.conversations.flush(10)

        # A statement that fails with a personal value as its parameter, on an engine of the
        # project's factory, logged as the app logs an unexpected failure (with traceback).
        engine = create_engine(settings)
        try:
            async with engine.connect() as conn:
                await conn.execute(
                    text("SELECT CAST(CAST(:email AS text) AS integer)"), {"email": EMAIL}
                )
        except Exception:
            logging.getLogger("assistant.test").exception("statement failed")
        else:
            raise AssertionError("the statement should have failed")
        finally:
            await engine.dispose()
    finally:
        root.removeHandler(ours)
        root.removeHandler(caplog.handler)

    lines = [formatted.getvalue()]
    for record in caplog.records:
        lines.append(record.getMessage())
        lines.append(repr(record.args))
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    logged = "\n".join(lines)
    assert "statement failed" in logged and "integer" in logged  # the failure is there
    assert len(caplog.records) > 10  # and the journey was logged at all
    personal = [
        FIRST,
        LAST,
        EMAIL,
        PHONE,
        "201-7788",
        "2017788",
        FRIEND,
        *referrer_personal,
        *(s for s in said if len(s) >= 12),
    ]
    leaked = [p for p in personal if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", logged, re.I)]
    assert not leaked, f"personal data in the logs: {leaked}"
