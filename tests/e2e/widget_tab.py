"""What the widget tests share: a browser tab with the demo site, and transcript checks."""

from __future__ import annotations

import asyncio
import re
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
from playwright.async_api import BrowserContext, Page

from tests.e2e.widget_driver import HOST, WidgetDriver

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveApp

SEARCH = "ICU travel jobs in Texas"
XSS_IMG = '<img src=x onerror="window.__xss=1;alert(1)">'


@dataclass
class Tab:
    context: BrowserContext
    page: Page
    widget: WidgetDriver
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors


async def texts(locator: Any) -> list[str]:
    return [t.strip() for t in await locator.all_inner_texts()]


async def stored_session(page: Page) -> dict[str, Any]:
    store = await page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => k.startsWith('esa-chat:'));"
        " return k ? JSON.parse(localStorage.getItem(k)) : null; }"
    )
    assert store and store.get("current"), store
    return dict(store)


async def server_history(app: LiveApp, session: dict[str, Any]) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=app.base_url) as client:
        response = await client.get(
            f"/api/chat/sessions/{session['id']}/messages",
            headers={"Authorization": f"Bearer {session['token']}"},
        )
    assert response.status_code == 200, response.text
    return list(response.json()["messages"])


async def history_settled(app: LiveApp, session: dict[str, Any], messages: int) -> None:
    """Transcripts are written right after each reply; wait until the last one landed."""
    for _ in range(100):
        if len(await server_history(app, session)) >= messages:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the transcript did not reach MongoDB")


async def watch_status(page: Page) -> None:
    await page.evaluate(
        """() => {
          const root = document.querySelector('esa-chat-widget').shadowRoot;
          const status = root.querySelector('.status');
          window.__statuses = [];
          new MutationObserver(records => {
            for (const r of records) for (const n of r.addedNodes)
              if (n.textContent) window.__statuses.push(n.textContent);
          }).observe(status, {childList: true, subtree: true, characterData: true});
        }"""
    )


async def apply_anonymously(w: WidgetDriver, page: Page, job_id: str, details: list[str]) -> None:
    card = page.locator(f"{HOST} article.card[data-job-id='{job_id}']").last
    await card.get_by_role("button", name=re.compile("^Apply")).click()
    await w.idle()
    assert "first name" in (await w.last_bot_text()).lower()
    for answer in details:
        await w.say(answer)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
