"""The widget in a real browser: search results as cards and chips, text-only rendering of
markup, keyboard-only use and the 360 px layout.

Every test serves the app with uvicorn on a free port over a seeded database copy
(600 demo jobs with embeddings) and loads the demo career site, which embeds the
widget with the same script tag a customer uses. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.async_api import expect

from config.settings import Settings
from tests.e2e.conftest import LiveApp, live_settings, start_live_app
from tests.e2e.widget_driver import HOST, WidgetDriver
from tests.e2e.widget_tab import SEARCH, XSS_IMG, Tab, free_port, watch_status
from tests.support.scripted_openai import ScriptedOpenAIServer, ScriptedReply

# ---------------------------------------------------------------------- search, cards, chips


async def test_search_shows_cards_of_real_rows_and_removing_a_chip_reruns_it(
    live_app: LiveApp, tab: Tab, artifacts: Path
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await watch_status(page)
    await w.say(SEARCH)

    assert "Searching jobs…" in await page.evaluate("window.__statuses")
    ids = await w.card_ids()
    assert ids
    rows = await live_app.fetch(
        """SELECT j.id::text AS id, j.title, s.name AS specialty, j.client_state_code AS state,
                  j.client_city AS city, j.job_type::text AS job_type, j.weekly_pay,
                  j.display_on_external_job_board AND j.closed_at IS NULL AS open
           FROM jobs j JOIN specialties s ON s.id = j.specialty_id WHERE j.id = ANY($1::uuid[])""",
        ids,
    )
    assert {r["id"] for r in rows} == set(ids)
    for row in rows:
        assert (row["specialty"], row["state"], row["job_type"], row["open"]) == (
            "ICU",
            "TX",
            "Travel",
            True,
        )
        card = page.locator(f"{HOST} article.card[data-job-id='{row['id']}']")
        await expect(card.locator("h3")).to_contain_text(row["title"])
        await expect(card).to_contain_text(f"{row['city']}, TX")
        await expect(card).to_contain_text(f"${round(float(row['weekly_pay'])):,}/wk")
        await expect(card.get_by_role("button", name=re.compile("^Details"))).to_be_visible()
        await expect(card.get_by_role("button", name=re.compile("^Apply"))).to_be_visible()

    for chip in ("ICU", "TX", "Travel"):
        await expect(page.get_by_role("button", name=f"Remove filter: {chip}")).to_be_visible()
    before_total = await w.latest_total()
    await page.screenshot(path=str(artifacts / "widget-desktop-search.png"))

    await page.get_by_role("button", name="Remove filter: TX").click()
    await w.idle()
    await expect(w.user_messages().last).to_have_text("Any state")
    await expect(page.get_by_role("button", name="Remove filter: TX")).to_have_count(0)
    await expect(page.get_by_role("button", name="Remove filter: ICU")).to_be_visible()
    after_total = await w.latest_total()
    assert after_total > before_total
    new_ids = await w.card_ids()
    widened = await live_app.fetch(
        """SELECT s.name AS specialty, j.job_type::text AS job_type, j.client_state_code AS state
           FROM jobs j JOIN specialties s ON s.id = j.specialty_id WHERE j.id = ANY($1::uuid[])""",
        new_ids,
    )
    assert all(r["specialty"] == "ICU" and r["job_type"] == "Travel" for r in widened)
    assert any(r["state"] != "TX" for r in widened)
    expected_total = await live_app.fetch(
        """SELECT count(*) AS n FROM jobs j JOIN specialties s ON s.id = j.specialty_id
           WHERE s.name = 'ICU' AND j.job_type = 'Travel' AND j.display_on_external_job_board
           AND j.closed_at IS NULL"""
    )
    assert after_total == expected_total[0]["n"]

    # Details shows the job's full description from the same row.
    await (
        page.locator(f"{HOST} article.card")
        .first.get_by_role("button", name=re.compile("^Details"))
        .click()
    )
    await w.idle()
    assert "Pay" in await w.last_bot_text()
    tab.assert_clean()


# ---------------------------------------------------------------------- XSS


async def test_markup_in_messages_is_shown_as_text_and_runs_nothing(
    chat_settings: Settings, tab: Tab
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    reply = (
        f"Here you go: {XSS_IMG} <script>window.__xss=3</script> **Bold move** "
        f"[evil link](https://evil.example/steal) [our jobs]({base}/jobs) "
        "javascript:alert(4)\n- first item\n- second item"
    )

    def policy(messages: list[dict[str, Any]]) -> ScriptedReply:
        return ScriptedReply(text=reply)

    with ScriptedOpenAIServer(policy) as llm:
        app = start_live_app(
            live_settings(chat_settings, port, openai_base_url=llm.base_url, llm_timeout_s=10.0),
            port,
        )
        try:
            page, w = tab.page, tab.widget
            await page.goto(base + "/")
            await w.open()
            await w.say(XSS_IMG)
            await expect(w.user_messages().last).to_have_text(XSS_IMG)
            bubble = w.bot_messages().last
            await expect(bubble).to_contain_text('<img src=x onerror="window.__xss=1;alert(1)">')
            await expect(bubble).to_contain_text("<script>window.__xss=3</script>")
            await expect(bubble).to_contain_text("[evil link](https://evil.example/steal)")
            await expect(bubble.locator("strong")).to_have_text("Bold move")
            await expect(bubble.locator("li")).to_have_count(2)
            links = bubble.locator("a")
            await expect(links).to_have_count(1)
            await expect(links).to_have_attribute("href", f"{base}/jobs")
            await expect(links).to_have_text("our jobs")
            dangerous = await page.evaluate(
                "() => document.querySelector('esa-chat-widget').shadowRoot"
                ".querySelectorAll('.log img, .log script, .log iframe, .log [onerror]').length"
            )
            assert dangerous == 0
            await page.wait_for_timeout(300)  # give a broken image's onerror time to fire
            assert await page.evaluate("window.__xss") is None
        finally:
            app.stop()
    tab.assert_clean()


async def test_offline_reply_to_markup_is_text_too(live_app: LiveApp, tab: Tab) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(f"find me {XSS_IMG} jobs in <b>Ohio</b>")
    await expect(w.user_messages().last).to_have_text(f"find me {XSS_IMG} jobs in <b>Ohio</b>")
    await page.wait_for_timeout(300)
    assert await page.evaluate("window.__xss") is None
    assert (
        await page.evaluate(
            "() => document.querySelector('esa-chat-widget').shadowRoot"
            ".querySelectorAll('.log img, .log b').length"
        )
        == 0
    )
    tab.assert_clean()


# ---------------------------------------------------------------------- keyboard, mobile


async def test_keyboard_only_main_flow(live_app: LiveApp, tab: Tab) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/jobs")
    await w.ready()

    async def tab_to(predicate: Any, key: str = "Tab", limit: int = 200) -> dict[str, Any]:
        for _ in range(limit):
            await page.keyboard.press(key)
            active = await w.shadow_active()
            if predicate(active):
                return active
        raise AssertionError("could not reach the control with the keyboard")

    await tab_to(lambda a: a["text"] == "Chat with us")
    focus_ring = await page.evaluate(
        "() => { const el = document.querySelector('esa-chat-widget').shadowRoot.activeElement;"
        " const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert focus_ring == ["solid", "3px"]
    await page.keyboard.press("Enter")
    await expect(w.panel).to_be_visible()
    await expect(w.input).to_be_focused()

    await page.keyboard.type(SEARCH)
    await page.keyboard.press("Enter")
    await w.idle()
    await tab_to(lambda a: a["label"].startswith("Apply:"), "Shift+Tab")
    await page.keyboard.press("Enter")
    await w.idle()
    await expect(w.input).to_be_focused()
    for answer in ("Riley", "Brooks", "riley.brooks@example.com", "214 555 0123"):
        await page.keyboard.type(answer)
        await page.keyboard.press("Enter")
        await w.idle()
    await expect(page.locator(f"{HOST} .notice.info", has_text="Check your inbox")).to_be_visible()
    await tab_to(lambda a: a["text"] == "Confirm application", "Shift+Tab")
    await page.keyboard.press("Enter")
    await w.idle()
    # Held until the mailed link is opened (tests/e2e/test_widget_accounts.py goes on from here).
    await expect(page.locator(f"{HOST} .notice.ok")).to_contain_text("Application saved")

    await page.keyboard.press("Escape")
    await expect(w.panel).to_be_hidden()
    assert (await w.shadow_active())["text"] == "Chat with us"
    await expect(w.launcher).to_have_attribute("aria-expanded", "false")
    rows = await live_app.fetch(
        """SELECT count(*) AS n FROM account_tokens WHERE purpose = 'verify_email'
           AND email = 'riley.brooks@example.com' AND used_at IS NULL"""
    )
    assert rows[0]["n"] == 1
    tab.assert_clean()


async def test_widget_at_360_px(live_app: LiveApp, browser: Any, artifacts: Path) -> None:
    context = await browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, has_touch=True
    )
    try:
        page = await context.new_page()
        w = WidgetDriver(page)
        await page.goto(live_app.base_url + "/")
        await w.ready()
        await page.screenshot(path=str(artifacts / "widget-360-closed.png"))
        await w.open()
        await w.say(SEARCH)
        await expect(w.cards.first).to_be_visible()
        box = await w.panel.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert await w.launcher.is_hidden()  # the panel is full screen; Close brings it back
        overflow = await page.evaluate(
            """() => { const r = document.querySelector('esa-chat-widget').shadowRoot;
                 return ['.panel', '.log', '.composer', '.chips'].map(s => {
                   const el = r.querySelector(s); return el.scrollWidth - el.clientWidth; }); }"""
        )
        assert all(extra <= 1 for extra in overflow), overflow
        page_overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert page_overflow <= 1
        await page.screenshot(path=str(artifacts / "widget-360.png"))
        await page.get_by_role("button", name="Close chat").click()
        await expect(w.launcher).to_be_visible()
        await expect(w.launcher).to_be_focused()
    finally:
        await context.close()
