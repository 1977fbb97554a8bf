"""The widget's resume upload in a real browser: the attach button from the keyboard, the
upload into the conversation, the wait while the Celery worker reads it, and the chat
message that asks the assistant about it; the server's reasons for files it cannot read,
a dropped connection (retry) and the upload limit (the wait).

The app runs under uvicorn on a free port and loads the demo career site, which embeds
the widget with a customer's script tag. The first test runs the session's real Celery
worker (``celery_worker``) on the worker's database, so the resume is really parsed; the
others need no worker (a refused upload never reaches it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from celery import Celery
from playwright.async_api import Page, Request, expect

from config.settings import Settings
from tests.e2e.conftest import LiveApp, live_settings, require_chromium, start_live_app
from tests.e2e.widget_driver import HOST
from tests.e2e.widget_tab import Tab, free_port, stored_session

RESUME = """Maria Delgado, RN
Houston, TX | (713) 555-0142 | maria.delgado@example.com

LICENSES
Registered Nurse - Texas #884471 (Compact) exp. 05/31/2027

CERTIFICATIONS
BLS - American Heart Association - exp 03/2026

EXPERIENCE
ICU Staff Nurse, Houston Methodist Hospital, Houston, TX
06/2021 - Present

EDUCATION
Bachelor of Science in Nursing, University of Houston, 2017
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
SENT = "I uploaded my resume"
RESUMES = re.compile(r".*/api/chat/sessions/[^/]+/resumes$")
PARSE_TIMEOUT_MS = 120_000

# Every text a notice in the conversation showed, in order (they change in place).
WATCH_NOTICES = """() => {
  const log = document.querySelector('esa-chat-widget').shadowRoot.querySelector('.log');
  window.__notices = [];
  const seen = () => log.querySelectorAll('.notice').forEach(n => {
    const text = n.textContent.trim();
    if (window.__notices[window.__notices.length - 1] !== text) window.__notices.push(text);
  });
  new MutationObserver(seen).observe(log, {childList: true, subtree: true, characterData: true});
}"""

FOCUSED = """() => {
  const el = document.querySelector('esa-chat-widget').shadowRoot.activeElement;
  return el ? {label: el.getAttribute('aria-label'), tag: el.tagName.toLowerCase(),
               visible: el.matches(':focus-visible'),
               outline: getComputedStyle(el).outlineStyle} : null;
}"""


@pytest.fixture
def worker_app(worker_settings: Settings, celery_worker: Celery) -> Iterator[LiveApp]:
    """The app on the Celery worker's database and Redis: uploads are really parsed."""
    require_chromium()
    port = free_port()
    app = start_live_app(live_settings(worker_settings, port), port)
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture
def limited_app(chat_settings: Settings) -> Iterator[LiveApp]:
    """One resume upload per conversation an hour: the second one is refused (429)."""
    require_chromium()
    port = free_port()
    settings = live_settings(chat_settings, port, resume_uploads_per_owner="1/hour")
    app = start_live_app(settings, port)
    try:
        yield app
    finally:
        app.stop()


def record_requests(page: Page) -> list[Request]:
    """The conversation API's requests, in order. Also turns Playwright's file chooser
    interception on now: enabled by the first expect_file_chooser, it can miss a key
    press that follows at once."""
    page.on("filechooser", lambda _: None)
    seen: list[Request] = []
    page.on("request", lambda r: seen.append(r) if "/api/chat/sessions" in r.url else None)
    return seen


def attach_button(page: Page) -> Any:
    return page.get_by_role("button", name="Attach your resume", exact=True)


async def test_a_resume_attached_from_the_keyboard_is_read_and_the_assistant_is_told(
    worker_app: LiveApp, tab: Tab, artifacts: Path
) -> None:
    page, w = tab.page, tab.widget
    requests = record_requests(page)
    await page.goto(worker_app.base_url + "/")
    await w.open()
    await page.evaluate(WATCH_NOTICES)

    await page.keyboard.press("Tab")  # from the message box to the attach button
    await expect(attach_button(page)).to_be_focused()
    focused = await page.evaluate(FOCUSED)
    assert focused == {
        "label": "Attach your resume",
        "tag": "button",
        "visible": True,
        "outline": "solid",
    }
    picker = page.locator(f"{HOST} input[type=file]")
    assert ".pdf" in (await picker.get_attribute("accept") or "")
    async with page.expect_file_chooser() as chosen:
        await page.keyboard.press("Enter")
    chooser = await chosen.value
    assert not chooser.is_multiple()
    await chooser.set_files(
        {"name": "resume.txt", "mimeType": "text/plain", "buffer": RESUME.encode()}
    )

    await expect(w.user_messages().last).to_have_text(SENT, timeout=PARSE_TIMEOUT_MS)
    await w.idle()
    notices = await page.evaluate("() => window.__notices")
    assert notices[:3] == [
        "Uploading resume.txt…",
        "Reading your resume…",
        "Resume received: resume.txt.",
    ], notices
    await expect(page.locator(f"{HOST} .notice.ok")).to_have_attribute("role", "status")
    await expect(page.locator(f"{HOST} .notice.ok")).to_have_attribute("aria-live", "polite")
    await expect(w.bot_messages()).to_have_count(2)  # the welcome and the answer to SENT

    session = (await stored_session(page))["current"]
    base = f"{worker_app.base_url}/api/chat/sessions/{session['id']}"
    uploads = [r for r in requests if r.method == "POST" and r.url == base + "/resumes"]
    assert len(uploads) == 1  # into the conversation the upload itself opened
    upload_headers = await uploads[0].all_headers()
    assert upload_headers["authorization"] == f"Bearer {session['token']}"
    assert upload_headers["content-type"].startswith("multipart/form-data")
    polls = [r for r in requests if r.method == "GET" and "/resumes/" in r.url]
    assert polls and all(r.url.startswith(base + "/resumes/") for r in polls)
    messages = [r for r in requests if r.method == "POST" and r.url == base + "/messages"]
    assert [json.loads(r.post_data or "{}") for r in messages] == [{"content": SENT}]
    assert messages[0].headers["authorization"] == f"Bearer {session['token']}"

    # What the chat was told about is what the worker read from the file.
    async with httpx.AsyncClient(base_url=worker_app.base_url) as client:
        status = await client.get(
            polls[-1].url, headers={"Authorization": upload_headers["authorization"]}
        )
    body = status.json()
    assert body["status"] == "parsed", body
    assert body["structured_data"]["contact_info"]["email"] == "maria.delgado@example.com"
    await expect(attach_button(page)).not_to_have_attribute("aria-disabled", "true")

    # The answer asks whether the resume was read right, with the two answers as buttons;
    # a visitor's "yes" is sent as their own words and answered (they are asked to log in).
    confirm = page.get_by_role("group", name="Is your resume read right?")
    await expect(confirm.get_by_role("button", name="No, something's wrong")).to_be_visible()
    await confirm.get_by_role("button", name="Yes, that's right").click()
    await expect(w.user_messages().last).to_have_text("Yes, that's right")
    await w.idle()
    await expect(w.bot_messages()).to_have_count(3)
    await page.screenshot(path=str(artifacts / "widget-resume-uploaded.png"))
    tab.assert_clean()


async def test_an_unreadable_file_shows_the_servers_reason(live_app: LiveApp, tab: Tab) -> None:
    page, w = tab.page, tab.widget
    requests = record_requests(page)
    await page.goto(live_app.base_url + "/")
    await w.open()
    await expect(attach_button(page)).to_be_visible()
    async with page.expect_response(RESUMES) as answered:
        await page.locator(f"{HOST} input[type=file]").set_input_files(
            {"name": "resume.pdf", "mimeType": "application/pdf", "buffer": PNG}
        )
    response = await answered.value
    assert response.status == 422
    detail = (await response.json())["detail"]
    assert detail.startswith("We can read PDF, Word (.docx) or plain-text resumes")
    alert = page.locator(f"{HOST} .notice[role=alert]").last
    await expect(alert).to_have_text(detail)
    await expect(page.locator(f"{HOST} .notice[role=status]")).to_have_count(0)
    await expect(w.host).not_to_have_attribute("data-uploading", "")
    await expect(attach_button(page)).not_to_have_attribute("aria-disabled", "true")
    assert not [r for r in requests if "/resumes/" in r.url]  # nothing to wait for
    assert not [r for r in requests if r.url.endswith("/messages") and r.method == "POST"]
    await expect(w.user_messages()).to_have_count(0)

    # Too large for the service: said at once, nothing sent.
    await page.locator(f"{HOST} input[type=file]").set_input_files(
        {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"%PDF" + bytes(5 << 20)}
    )
    await expect(page.locator(f"{HOST} .notice[role=alert]").last).to_contain_text(
        "larger than 5 MB"
    )
    assert len([r for r in requests if RESUMES.match(r.url)]) == 1
    tab.assert_clean()


async def test_a_dropped_upload_offers_a_retry_and_the_upload_limit_shows_the_wait(
    limited_app: LiveApp, tab: Tab
) -> None:
    page, w = tab.page, tab.widget
    record_requests(page)
    await page.goto(limited_app.base_url + "/")
    await w.open()
    await page.route(RESUMES, lambda route: route.abort("connectionreset"))
    await attach_button(page).focus()
    async with page.expect_file_chooser() as chosen:
        await page.keyboard.press(" ")  # Space activates it as well as Enter
    await (await chosen.value).set_files(
        {"name": "resume.txt", "mimeType": "text/plain", "buffer": RESUME.encode()}
    )
    alert = page.locator(f"{HOST} .notice[role=alert]").last
    await expect(alert).to_contain_text("We couldn't upload your resume")
    await expect(alert).to_contain_text("check your connection")
    await expect(page.locator(f"{HOST} .notice[role=status]")).to_have_count(0)
    await page.unroute(RESUMES)

    # This conversation's one upload of the hour goes in from elsewhere.
    session = (await stored_session(page))["current"]
    async with httpx.AsyncClient(base_url=limited_app.base_url) as client:
        first = await client.post(
            f"/api/chat/sessions/{session['id']}/resumes",
            headers={"Authorization": f"Bearer {session['token']}"},
            files={"file": ("resume.txt", RESUME.encode(), "text/plain")},
        )
    assert first.status_code == 202, first.text

    async with page.expect_response(RESUMES) as answered:
        await alert.get_by_role("button", name="Try again").click()
    response = await answered.value
    assert response.status == 429
    wait = int(response.headers["retry-after"])
    detail = (await response.json())["detail"]
    assert f"{wait} seconds" in detail
    refused = page.locator(f"{HOST} .notice[role=alert]").last
    await expect(refused).to_have_text(detail)
    await expect(w.host).not_to_have_attribute("data-uploading", "")
    await expect(w.user_messages()).to_have_count(0)
    tab.assert_clean()
