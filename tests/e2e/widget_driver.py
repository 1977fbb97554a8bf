"""Driving the chat widget from Playwright (its locators pierce the open shadow root)."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Locator, Page, expect

HOST = "esa-chat-widget"
TURN_TIMEOUT_MS = 30_000


class WidgetDriver:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.host = page.locator(HOST)
        self.launcher = page.get_by_role("button", name="Chat with us")
        self.panel = page.get_by_role("dialog", name="Excel Medical Staffing")
        self.input = page.locator(f"{HOST} #esa-input")
        self.log = page.get_by_role("log", name="Conversation")
        self.cards = page.locator(f"{HOST} article.card")
        self.chips = page.get_by_role("group", name="Search filters")

    async def ready(self) -> None:
        await expect(self.host).to_have_attribute("data-ready", "")

    async def open(self) -> None:
        await self.ready()
        if await self.panel.is_visible():
            return  # reopened by itself after a page load (it does not steal the focus then)
        await self.launcher.click()
        await expect(self.panel).to_be_visible()
        await expect(self.input).to_be_focused()

    async def idle(self) -> None:
        await expect(self.host).not_to_have_attribute("data-busy", "", timeout=TURN_TIMEOUT_MS)

    async def say(self, text: str) -> None:
        await self.input.fill(text)
        await self.input.press("Enter")
        await self.idle()

    def bot_messages(self) -> Locator:
        return self.page.locator(f"{HOST} .msg.bot:not([aria-busy])")

    def user_messages(self) -> Locator:
        return self.page.locator(f"{HOST} .msg.user")

    async def last_bot_text(self) -> str:
        return (await self.bot_messages().last.inner_text()).strip()

    async def card_ids(self) -> list[str]:
        """Job ids of the cards of the latest result list."""
        results = self.page.locator(f"{HOST} .results").last
        ids = await results.locator("article.card").evaluate_all(
            "cards => cards.map(c => c.dataset.jobId)"
        )
        return [str(i) for i in ids]

    async def latest_total(self) -> int:
        total = await self.page.locator(f"{HOST} .results").last.get_attribute("data-total")
        return int(total or 0)

    async def shadow_active(self) -> dict[str, Any]:
        """What has keyboard focus inside the widget: tag, text and accessible label."""
        return dict(
            await self.page.evaluate(
                """() => {
                  const host = document.querySelector('esa-chat-widget');
                  const el = host && host.shadowRoot && host.shadowRoot.activeElement;
                  if (!el) return {tag: null, text: '', label: '', id: ''};
                  return {tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim(),
                          label: el.getAttribute('aria-label') || '', id: el.id || ''};
                }"""
            )
        )
