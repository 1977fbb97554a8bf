"""The chat widget in a real browser (Debian Chromium via Playwright) against the real app.

Every test serves the app with uvicorn on a free port over a seeded database copy
(600 demo jobs with embeddings) and loads the demo career site, which embeds the
widget with the same script tag a customer uses. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, Route, expect

from config.settings import Settings
from tests.e2e.conftest import LiveApp, live_settings, start_live_app
from tests.e2e.widget_driver import HOST, WidgetDriver
from tests.support.scripted_openai import ScriptedOpenAIServer, ScriptedReply

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


@pytest.fixture
async def tab(browser: Any) -> AsyncIterator[Tab]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    opened = Tab(context, page, WidgetDriver(page))

    async def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    await context.close()


async def _texts(locator: Any) -> list[str]:
    return [t.strip() for t in await locator.all_inner_texts()]


async def _stored_session(page: Page) -> dict[str, Any]:
    store = await page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => k.startsWith('esa-chat:'));"
        " return k ? JSON.parse(localStorage.getItem(k)) : null; }"
    )
    assert store and store.get("current"), store
    return dict(store)


async def _server_history(app: LiveApp, session: dict[str, Any]) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=app.base_url) as client:
        response = await client.get(
            f"/api/chat/sessions/{session['id']}/messages",
            headers={"Authorization": f"Bearer {session['token']}"},
        )
    assert response.status_code == 200, response.text
    return list(response.json()["messages"])


async def _history_settled(app: LiveApp, session: dict[str, Any], messages: int) -> None:
    """Transcripts are written right after each reply; wait until the last one landed."""
    for _ in range(100):
        if len(await _server_history(app, session)) >= messages:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the transcript did not reach MongoDB")


async def _watch_status(page: Page) -> None:
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


async def _apply_anonymously(w: WidgetDriver, page: Page, job_id: str, details: list[str]) -> None:
    card = page.locator(f"{HOST} article.card[data-job-id='{job_id}']").last
    await card.get_by_role("button", name=re.compile("^Apply")).click()
    await w.idle()
    assert "first name" in (await w.last_bot_text()).lower()
    for answer in details:
        await w.say(answer)


# ---------------------------------------------------------------------- search, cards, chips


async def test_search_shows_cards_of_real_rows_and_removing_a_chip_reruns_it(
    live_app: LiveApp, tab: Tab, artifacts: Path
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await _watch_status(page)
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


# ---------------------------------------------------------------------- apply + reload


async def test_apply_in_the_widget_creates_the_application_and_reload_restores_the_chat(
    live_app: LiveApp, tab: Tab
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    job_id = (await w.card_ids())[0]
    await _apply_anonymously(
        w, page, job_id, ["Jordan", "Avery", "jordan.avery@example.com", "(512) 555-0177"]
    )
    confirm = page.get_by_role("button", name="Confirm application")
    await expect(confirm).to_be_visible()
    await confirm.click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok")).to_contain_text("Application submitted")
    await expect(confirm).to_be_disabled()

    rows = await live_app.fetch(
        """SELECT a.job_id::text AS job_id, a.status::text AS status, a.source,
                  u.first_name, u.last_name, u.phone
           FROM applications a JOIN candidates c ON c.id = a.candidate_id
           JOIN users u ON u.id = c.user_id WHERE u.email = 'jordan.avery@example.com'"""
    )
    assert len(rows) == 1
    assert rows[0]["job_id"] == job_id
    assert (rows[0]["status"], rows[0]["source"]) == ("applied", "chat")
    assert (rows[0]["first_name"], rows[0]["last_name"], rows[0]["phone"]) == (
        "Jordan",
        "Avery",
        "+15125550177",
    )

    user_before = await _texts(w.user_messages())
    bot_before = await _texts(w.bot_messages())
    cards_before = await w.card_ids()
    session = (await _stored_session(page))["current"]
    await _history_settled(live_app, session, 2 * len(user_before))

    await page.reload()
    await w.open()
    await expect(w.user_messages()).to_have_count(len(user_before))
    assert await _texts(w.user_messages()) == user_before
    # The welcome bubble is the widget's own; everything after it came back from the server.
    assert await _texts(w.bot_messages()) == bot_before[1:]
    # The job cards come back with the reply that showed them.
    assert await w.card_ids() == cards_before
    assert (await _stored_session(page))["current"]["id"] == session["id"]
    tab.assert_clean()


# ---------------------------------------------------------------------- XSS


async def test_markup_in_messages_is_shown_as_text_and_runs_nothing(
    chat_settings: Settings, tab: Tab
) -> None:
    port = _port()
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
    await tab_to(lambda a: a["text"] == "Confirm application", "Shift+Tab")
    await page.keyboard.press("Enter")
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok")).to_contain_text("Application submitted")

    await page.keyboard.press("Escape")
    await expect(w.panel).to_be_hidden()
    assert (await w.shadow_active())["text"] == "Chat with us"
    await expect(w.launcher).to_have_attribute("aria-expanded", "false")
    rows = await live_app.fetch(
        """SELECT count(*) AS n FROM applications a JOIN candidates c ON c.id = a.candidate_id
           JOIN users u ON u.id = c.user_id WHERE u.email = 'riley.brooks@example.com'"""
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


# ---------------------------------------------------------------------- resilience


async def test_a_stream_dropped_after_the_server_answered_is_not_sent_twice(
    live_app: LiveApp, tab: Tab
) -> None:
    page, w = tab.page, tab.widget
    posts: list[str] = []

    async def cut_first_stream(route: Route) -> None:
        if route.request.method != "POST":
            await route.continue_()
            return
        posts.append(route.request.post_data or "")
        if len(posts) > 1:
            await route.continue_()
            return
        response = await route.fetch()  # the server runs the whole turn...
        body = await response.body()
        cut = body[: body.index(b"event: message.done")]  # ...but the client never sees the end
        await route.fulfill(status=200, headers={"content-type": "text/event-stream"}, body=cut)

    await page.route(re.compile(r".*/api/chat/sessions/[^/]+/messages$"), cut_first_stream)
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    await expect(w.bot_messages().last).to_contain_text("ICU")
    assert len(posts) == 1  # recovered from the history, not by sending again
    await expect(w.user_messages()).to_have_count(1)
    history = await _server_history(live_app, (await _stored_session(page))["current"])
    assert [m["role"] for m in history] == ["user", "assistant"]
    await expect(w.bot_messages()).to_have_count(1)  # rebuilt from the server's transcript
    rendered = await w.last_bot_text()
    assert history[1]["content"].splitlines()[0] in rendered
    assert history[1]["content"].splitlines()[-1] in rendered
    tab.assert_clean()


async def test_a_stream_that_never_reached_the_server_is_sent_once_more(
    live_app: LiveApp, tab: Tab
) -> None:
    page, w = tab.page, tab.widget
    posts: list[str] = []

    async def drop_first(route: Route) -> None:
        if route.request.method == "POST":
            posts.append(route.request.post_data or "")
            if len(posts) == 1:
                await route.abort("connectionreset")
                return
        await route.continue_()

    await page.route(re.compile(r".*/api/chat/sessions/[^/]+/messages$"), drop_first)
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    assert len(posts) == 2
    await expect(w.user_messages()).to_have_count(1)
    await expect(w.cards.first).to_be_visible()
    history = await _server_history(live_app, (await _stored_session(page))["current"])
    assert [m["content"] for m in history if m["role"] == "user"] == [SEARCH]
    tab.assert_clean()


async def test_unreachable_service_shows_a_clear_message_and_retry_works(
    live_app: LiveApp, tab: Tab
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await page.route("**/api/**", lambda route: route.abort("connectionrefused"))
    await w.say("hello there")
    alert = page.locator(f"{HOST} .notice[role=alert]").last
    await expect(alert).to_contain_text("can't reach the chat service")
    await page.unroute("**/api/**")
    await alert.get_by_role("button", name="Try again").click()
    await w.idle()
    await expect(w.bot_messages()).to_have_count(2)  # the welcome and the real answer
    await expect(w.user_messages()).to_have_count(1)
    tab.assert_clean()


# ---------------------------------------------------------------------- accounts in the widget


async def test_login_from_the_chat_links_the_conversation_and_finishes_the_application(
    live_app: LiveApp, tab: Tab
) -> None:
    async with httpx.AsyncClient(base_url=live_app.base_url) as client:
        created = await client.post(
            "/api/auth/register",
            json={
                "email": "casey.morgan@example.com",
                "password": "a long secret phrase",
                "first_name": "Casey",
                "last_name": "Morgan",
            },
        )
        assert created.status_code == 201
        user_id = created.json()["user"]["id"]

    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    job_id = (await w.card_ids())[0]
    await _apply_anonymously(
        w, page, job_id, ["Casey", "Morgan", "casey.morgan@example.com", "512-555-0100"]
    )
    form = page.get_by_role("form", name="Log in")
    await expect(form).to_be_visible()
    await expect(form.get_by_label("Email")).to_have_value("casey.morgan@example.com")
    await expect(form.get_by_label("Password")).to_be_focused()

    await form.get_by_label("Password").fill("wrong password!!")
    await form.get_by_role("button", name="Log in").click()
    await expect(form.get_by_role("alert")).to_have_text("Email or password is incorrect.")
    await form.get_by_label("Password").fill("a long secret phrase")
    await form.get_by_role("button", name="Log in").click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok").first).to_contain_text("logged in as Casey")
    confirm = page.get_by_role("button", name="Confirm application").last
    await expect(confirm).to_be_visible()
    await confirm.click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok").last).to_contain_text("Application submitted")

    session = (await _stored_session(page))["current"]
    owner = await live_app.fetch(
        "SELECT user_id::text AS user_id FROM chat_sessions WHERE id = $1::uuid", session["id"]
    )
    assert owner[0]["user_id"] == user_id
    applied = await live_app.fetch(
        """SELECT a.job_id::text AS job_id FROM applications a
           JOIN candidates c ON c.id = a.candidate_id WHERE c.user_id = $1::uuid""",
        user_id,
    )
    assert [r["job_id"] for r in applied] == [job_id]
    pending = await live_app.fetch(
        "SELECT count(*) AS n FROM users WHERE email = 'casey.morgan@example.com'"
    )
    assert pending[0]["n"] == 1  # no second account was created for the email

    await page.get_by_role("button", name="My applications").click()
    item = page.locator(f"{HOST} .item[data-job-id='{job_id}']")
    await expect(item).to_be_visible()
    await expect(item).to_contain_text("applied")
    await page.get_by_role("button", name="My referrals").click()
    await expect(page.locator(f"{HOST} .pane")).to_contain_text("No referrals yet")
    await page.get_by_role("button", name=re.compile("^Log out")).click()
    await expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    tab.assert_clean()


async def test_sign_up_in_the_widget_then_my_applications(live_app: LiveApp, tab: Tab) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await page.get_by_role("button", name="My applications").click()
    form = page.get_by_role("form", name="Log in")
    await expect(form).to_be_visible()
    await form.get_by_role("button", name="New here? Create an account").click()
    form = page.get_by_role("form", name="Create an account")
    await form.get_by_label("First name").fill("Morgan")
    await form.get_by_label("Last name").fill("Lee")
    await form.get_by_label("Email").fill("morgan.lee@example.com")
    await form.get_by_label("Password").fill("short")
    await form.get_by_role("button", name="Create account").click()
    await expect(form.get_by_role("alert")).to_contain_text("at least 10 characters")
    await form.get_by_label("Password").fill("plenty long enough")
    await form.get_by_role("button", name="Create account").click()
    await expect(page.locator(f"{HOST} .pane")).to_contain_text("haven't applied to any jobs")
    rows = await live_app.fetch(
        "SELECT status::text AS status, password_hash FROM users "
        "WHERE email = 'morgan.lee@example.com'"
    )
    assert rows[0]["status"] == "active" and rows[0]["password_hash"].startswith("$argon2id$")
    tab.assert_clean()


# ---------------------------------------------------------------------- attribution, handoff


async def test_ref_and_share_links_handoff_banner_and_new_conversation(
    live_app: LiveApp, tab: Tab
) -> None:
    codes = await live_app.fetch(
        """SELECT (SELECT referral_code FROM referrals LIMIT 1) AS ref,
                  (SELECT share_code FROM recruiter_job_shares LIMIT 1) AS share"""
    )
    ref, share = codes[0]["ref"], codes[0]["share"]
    assert ref and share
    page, w = tab.page, tab.widget
    await page.goto(f"{live_app.base_url}/?ref={ref}&share={share}")
    await w.open()
    await w.say("Can I talk to a recruiter?")
    banner = page.locator(f"{HOST} .banner")
    await expect(banner).to_be_visible()
    await expect(banner).to_contain_text("will reply here")
    first = (await _stored_session(page))["current"]
    row = await live_app.fetch(
        """SELECT referral_code, share_code, page_url, status::text AS status,
                  (SELECT count(*) FROM chat_handoffs h WHERE h.chat_session_id = c.id) AS handoffs
           FROM chat_sessions c WHERE id = $1::uuid""",
        first["id"],
    )
    assert (row[0]["referral_code"], row[0]["share_code"]) == (ref, share)
    assert f"ref={ref}" in row[0]["page_url"]
    assert row[0]["handoffs"] == 1

    await page.goto(live_app.base_url + "/jobs")  # another page: same conversation, same state
    await w.open()
    await expect(banner).to_be_visible()
    await expect(w.user_messages()).to_have_count(1)

    await page.get_by_role("button", name="New conversation").click()
    await expect(w.user_messages()).to_have_count(0)
    await expect(banner).to_be_hidden()
    await expect(w.input).to_be_focused()
    await w.say("hi")
    store = await _stored_session(page)
    assert store["current"]["id"] != first["id"]
    assert [s["id"] for s in store["sessions"]] == [first["id"], store["current"]["id"]]
    tab.assert_clean()


async def test_job_page_apply_button_opens_the_chat_on_that_job(
    live_app: LiveApp, tab: Tab
) -> None:
    job = (
        await live_app.fetch(
            "SELECT id::text AS id, title FROM jobs WHERE display_on_external_job_board "
            "AND closed_at IS NULL ORDER BY posted_date DESC LIMIT 1"
        )
    )[0]
    page, w = tab.page, tab.widget
    await page.goto(f"{live_app.base_url}/jobs/{job['id']}")
    await w.ready()
    await page.get_by_role("button", name="Apply with our assistant").click()
    await expect(w.panel).to_be_visible()
    await w.idle()
    await expect(w.user_messages().last).to_contain_text(job["id"])
    assert "first name" in (await w.last_bot_text()).lower()
    tab.assert_clean()


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------------- accessibility, storage

CONTRAST_FAILURES = """() => {
  const root = document.querySelector('esa-chat-widget').shadowRoot;
  const parse = c => {
    const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const channel = v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const lum = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = el => {
    for (let n = el; n; n = n.parentNode && n.parentNode.nodeType === 11 ? n.parentNode.host
                                                                          : n.parentNode) {
      if (n.nodeType !== 1) continue;
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.a > 0.9) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const failures = [];
  let checked = 0;
  root.querySelectorAll('*').forEach(el => {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text || !el.getClientRects().length || el.closest(':disabled')) return;
    const s = getComputedStyle(el);
    const fg = parse(s.color), bg = background(el);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    checked += 1;
    const name = el.className || el.tagName;
    if (ratio < (large ? 3 : 4.5)) failures.push(`${name}: ${ratio.toFixed(2)}`);
  });
  return {checked, failures};
}"""


async def test_accessibility_roles_live_regions_and_aa_contrast(
    live_app: LiveApp, tab: Tab
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.ready()
    await expect(w.launcher).to_have_attribute("aria-expanded", "false")
    await expect(w.launcher).to_have_attribute("aria-controls", "esa-panel")
    await w.open()
    await expect(w.launcher).to_have_attribute("aria-expanded", "true")
    await expect(w.log).to_have_attribute("aria-live", "polite")
    await expect(page.locator(f"{HOST} .status")).to_have_attribute("role", "status")
    await expect(page.get_by_role("textbox", name="Message")).to_be_focused()
    await w.say(SEARCH)
    await expect(w.cards.first).to_be_visible()
    await expect(w.bot_messages().last).not_to_have_attribute("aria-busy", "true")
    result = await page.evaluate(CONTRAST_FAILURES)
    assert result["checked"] > 20
    assert result["failures"] == []
    await page.get_by_role("button", name="Log in", exact=True).click()
    result = await page.evaluate(CONTRAST_FAILURES)
    assert result["failures"] == []
    tab.assert_clean()


async def test_a_stale_stored_conversation_starts_afresh(live_app: LiveApp, tab: Tab) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    key = f"esa-chat:{live_app.base_url}"
    stale = {"id": "00000000-0000-4000-8000-000000000000", "token": "forged-or-expired"}
    await page.evaluate(
        "([k, s]) => localStorage.setItem(k, JSON.stringify({current: s, sessions: [s]}))",
        [key, stale],
    )
    await page.reload()
    await w.open()
    await expect(w.bot_messages()).to_have_count(1)  # just the welcome: nothing leaked, no error
    await w.say("hi")
    store = await _stored_session(page)
    assert store["current"]["id"] != stale["id"]
    await expect(w.user_messages()).to_have_count(1)
    tab.assert_clean()
