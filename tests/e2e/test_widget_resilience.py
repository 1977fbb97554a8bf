"""The widget in a real browser: dropped streams, an unreachable service, stale stored
conversations, accessibility roles and AA contrast.

Every test serves the app with uvicorn on a free port over a seeded database copy
(600 demo jobs with embeddings) and loads the demo career site, which embeds the
widget with the same script tag a customer uses. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

from playwright.async_api import Route, expect

from tests.e2e.conftest import LiveApp
from tests.e2e.widget_driver import HOST
from tests.e2e.widget_tab import SEARCH, Tab, server_history, stored_session

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
    history = await server_history(live_app, (await stored_session(page))["current"])
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
    history = await server_history(live_app, (await stored_session(page))["current"])
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
    store = await stored_session(page)
    assert store["current"]["id"] != stale["id"]
    await expect(w.user_messages()).to_have_count(1)
    tab.assert_clean()
