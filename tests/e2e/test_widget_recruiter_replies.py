"""The widget in a real browser after a handoff: the recruiter's replies arrive live (also
while the chat is closed, shown on its button), are not repeated after a reload, stay text,
and the end of the handoff is said."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import httpx
import pytest
from playwright.async_api import expect
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.e2e.conftest import LiveApp
from tests.e2e.widget_driver import HOST
from tests.e2e.widget_tab import XSS_IMG, Tab, stored_session
from tests.integration.recruiter_helpers import signed_in_recruiter

LIVE_MS = 15_000


@pytest.fixture
async def db(live_app: LiveApp) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(live_app.settings.effective_database_url)
    yield engine
    await engine.dispose()


async def test_recruiter_replies_arrive_live_once_as_text_until_the_handoff_ends(
    live_app: LiveApp, tab: Tab, db: AsyncEngine
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say("Can I talk to a recruiter?")
    banner = page.locator(f"{HOST} .banner")
    await expect(banner).to_be_visible()
    session = (await stored_session(page))["current"]
    handoff = (
        await live_app.fetch(
            "SELECT id, recruiter_id FROM chat_handoffs WHERE chat_session_id = $1::uuid",
            session["id"],
        )
    )[0]
    replies = page.locator(f"{HOST} .msg.recruiter")
    path = f"/api/recruiter/handoffs/{handoff['id']}"
    async with httpx.AsyncClient(base_url=live_app.base_url, timeout=30) as console:
        staff = await signed_in_recruiter(console, db, UUID(str(handoff["recruiter_id"])))

        async def reply(text: str) -> None:
            sent = await console.post(f"{path}/reply", json={"text": text})
            assert sent.status_code == 201, sent.text

        await reply("Hi, I'm here to help.")
        await expect(replies).to_have_count(1, timeout=LIVE_MS)
        await expect(replies.first).to_have_text(f"{staff.first_name}: Hi, I'm here to help.")

        # A reload shows it from the transcript, and the live stream does not repeat it.
        await page.reload()
        await w.open()
        await expect(replies).to_have_count(1)
        await reply("Are you after ICU or ER?")
        await expect(replies).to_have_count(2, timeout=LIVE_MS)

        # With the chat closed the reply still comes, and the button says so.
        await w.panel.get_by_role("button", name="Close chat").click()
        await expect(w.panel).to_be_hidden()
        await reply(XSS_IMG)
        unread = page.locator(f"{HOST} .launcher .unread")
        await expect(unread).to_be_visible(timeout=LIVE_MS)
        await expect(w.launcher).to_contain_text("New message")
        await w.launcher.click()
        await expect(unread).to_have_count(0)
        await expect(replies).to_have_count(3)
        await expect(replies.last).to_contain_text(XSS_IMG)  # markup shown as text
        assert await page.evaluate("window.__xss") is None

        closed = await console.post(f"{path}/close", json={"outcome": "resolved"})
        assert closed.status_code == 200, closed.text
        await expect(page.locator(f"{HOST} .notice").last).to_contain_text(
            "left the chat", timeout=LIVE_MS
        )
        await expect(banner).to_be_hidden()
        assert (await stored_session(page))["current"]["handedOff"] is False
    tab.assert_clean()
