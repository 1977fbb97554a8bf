"""The widget in a real browser: applying, reloads, accounts (sign-up confirmed by mail,
login from the chat, logout on a shared computer, forgotten password), referral and share
links, the recruiter handoff banner and the job page's Apply button.

Every test serves the app with uvicorn on a free port over a seeded database copy
(600 demo jobs with embeddings) and loads the demo career site, which embeds the
widget with the same script tag a customer uses. Mail goes through the outbox and the
worker's delivery code to the session's local SMTP server (tests/e2e/accounts.py).
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import Page, expect

from devstack.mailbox import LocalMailbox
from tests.e2e.accounts import (
    OTHER_STRONG_PASSWORD,
    PASSWORD_PAGE,
    STRONG_PASSWORD,
    VERIFY_PAGE,
    confirmed_account,
    mailed_link,
)
from tests.e2e.conftest import LiveApp
from tests.e2e.widget_driver import HOST
from tests.e2e.widget_tab import (
    SEARCH,
    Tab,
    apply_anonymously,
    history_settled,
    stored_session,
    texts,
)


async def browser_store(page: Page) -> dict[str, Any]:
    """What the widget keeps in this browser's localStorage (empty when nothing)."""
    store = await page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => k.startsWith('esa-chat:'));"
        " return k ? JSON.parse(localStorage.getItem(k)) : {}; }"
    )
    return dict(store or {})


async def applications_of(app: LiveApp, email: str) -> list[Any]:
    return await app.fetch(
        """SELECT a.job_id::text AS job_id, a.status::text AS status, a.source,
                  u.first_name, u.last_name, u.phone, u.status::text AS user_status
           FROM applications a JOIN candidates c ON c.id = a.candidate_id
           JOIN users u ON u.id = c.user_id WHERE u.email = $1""",
        email,
    )


async def users_named(app: LiveApp, email: str) -> int:
    rows = await app.fetch("SELECT count(*) AS n FROM users WHERE email = $1", email)
    return int(rows[0]["n"])


def account_message(page: Page) -> Any:
    return page.locator("#account-message")


# ---------------------------------------------------------------------- apply + reload


async def test_anonymous_apply_is_held_until_the_email_is_confirmed_and_reload_restores_the_chat(
    live_app: LiveApp, tab: Tab, mailbox: LocalMailbox
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    job_id = (await w.card_ids())[0]
    await apply_anonymously(
        w, page, job_id, ["Jordan", "Avery", "jordan.avery@example.com", "(512) 555-0177"]
    )
    inbox = page.locator(f"{HOST} .notice.info", has_text="Check your inbox")
    await expect(inbox).to_contain_text("jordan.avery@example.com")
    # The reply names the masked address; its stars are text, not a bold marker.
    assert "j***@example.com" in await w.last_bot_text()
    await expect(page.locator(f"{HOST} .msg.bot strong", has_text="@")).to_have_count(0)
    confirm = page.get_by_role("button", name="Confirm application")
    await expect(confirm).to_be_visible()
    await confirm.click()
    await w.idle()
    held = page.locator(f"{HOST} .notice.ok").last
    await expect(held).to_contain_text("Application saved")
    await expect(held).to_contain_text("sent as soon as you confirm your email")
    await expect(confirm).to_be_disabled()
    # Nothing exists before the address is confirmed: no account, no application.
    assert await users_named(live_app, "jordan.avery@example.com") == 0
    assert await applications_of(live_app, "jordan.avery@example.com") == []
    await mailed_link(live_app, mailbox, "jordan.avery@example.com", VERIFY_PAGE)

    user_before = await texts(w.user_messages())
    bot_before = await texts(w.bot_messages())
    cards_before = await w.card_ids()
    session = (await stored_session(page))["current"]
    await history_settled(live_app, session, 2 * len(user_before))

    await page.reload()
    await w.open()
    await expect(w.user_messages()).to_have_count(len(user_before))
    assert await texts(w.user_messages()) == user_before
    # The welcome bubble is the widget's own; everything after it came back from the server.
    assert await texts(w.bot_messages()) == bot_before[1:]
    # The job cards come back with the reply that showed them.
    assert await w.card_ids() == cards_before
    assert (await stored_session(page))["current"]["id"] == session["id"]
    tab.assert_clean()


async def test_chat_sign_up_confirmed_in_another_browser_asks_for_a_password_then_sends(
    live_app: LiveApp, tab: Tab, browser: Any, mailbox: LocalMailbox, artifacts: Path
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    job_id = (await w.card_ids())[0]
    await apply_anonymously(
        w, page, job_id, ["Taylor", "Quinn", "taylor.quinn@example.com", "(512) 555-0190"]
    )
    await expect(page.locator(f"{HOST} .notice.info", has_text="Check your inbox")).to_be_visible()
    await page.get_by_role("button", name="Confirm application").click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok").last).to_contain_text("Application saved")
    link = await mailed_link(live_app, mailbox, "taylor.quinn@example.com", VERIFY_PAGE)

    # The owner opens the mail on another device: no sign-up cookie there.
    phone = await browser.new_context(viewport={"width": 390, "height": 844})
    try:
        other = await phone.new_page()
        errors: list[str] = []
        other.on("pageerror", lambda error: errors.append(str(error)))
        await other.goto(link)
        message = account_message(other)
        await expect(message).to_contain_text(
            "choose a password for taylor.quinn@example.com to finish creating your account"
        )
        await expect(message).to_be_focused()
        assert other.url == live_app.base_url + VERIFY_PAGE  # the token left the address bar
        form = other.get_by_role("form", name="Choose a password")
        password = form.get_by_label("New password", exact=True)
        again = form.get_by_label("Confirm new password", exact=True)
        save = form.get_by_role("button", name="Save password and confirm")

        await password.fill(STRONG_PASSWORD)
        await again.fill(STRONG_PASSWORD + "!")
        await save.click()
        await expect(form.locator("#confirm-password-error")).to_have_text(
            "Passwords do not match."
        )
        await expect(again).to_be_focused()
        await expect(again).to_have_attribute("aria-invalid", "true")

        await password.fill("password12")
        await again.fill("password12")
        await save.click()  # the server refuses it; its words go next to the field
        await expect(form.locator("#new-password-error")).not_to_be_empty()
        await expect(password).to_be_focused()
        await expect(password).to_have_attribute("aria-invalid", "true")
        await expect(again).not_to_have_attribute("aria-invalid", "true")
        await other.screenshot(path=str(artifacts / "account-choose-password-390.png"))
        assert await users_named(live_app, "taylor.quinn@example.com") == 0

        await password.fill(STRONG_PASSWORD)
        await again.fill(STRONG_PASSWORD)
        await save.click()
        await expect(other.get_by_role("heading", name="Email confirmed")).to_be_visible()
        await expect(message).to_contain_text("Your email is confirmed and you're signed in.")
        await expect(message).to_contain_text(
            "1 application you started in the chat was sent to our recruiters"
        )
        await expect(message).to_be_focused()
        await expect(form).to_be_hidden()
        await expect(message.get_by_role("link", name="Browse open jobs")).to_have_attribute(
            "href", "/jobs"
        )

        rows = await applications_of(live_app, "taylor.quinn@example.com")
        assert [(r["job_id"], r["status"], r["source"]) for r in rows] == [
            (job_id, "applied", "chat")
        ]
        assert (rows[0]["first_name"], rows[0]["last_name"], rows[0]["phone"]) == (
            "Taylor",
            "Quinn",
            "+15125550190",
        )
        assert rows[0]["user_status"] == "active"

        # Signed in on that device: the widget there shows the application.
        other_widget = type(tab.widget)(other)
        await other.goto(live_app.base_url + "/")
        await other_widget.open()
        await expect(other.get_by_role("button", name=re.compile("^Log out"))).to_be_visible()
        await other.get_by_role("button", name="My applications").click()
        await expect(other.locator(f"{HOST} .item[data-job-id='{job_id}']")).to_be_visible()
        assert errors == []
    finally:
        await phone.close()
    tab.assert_clean()


# ---------------------------------------------------------------------- accounts in the widget


async def test_login_from_the_chat_links_the_conversation_and_finishes_the_application(
    live_app: LiveApp, tab: Tab, mailbox: LocalMailbox
) -> None:
    user_id = await confirmed_account(
        live_app, mailbox, "casey.morgan@example.com", first_name="Casey", last_name="Morgan"
    )

    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    job_id = (await w.card_ids())[0]
    await apply_anonymously(
        w, page, job_id, ["Casey", "Morgan", "casey.morgan@example.com", "512-555-0100"]
    )
    form = page.get_by_role("form", name="Log in")
    await expect(form).to_be_visible()
    await expect(form.get_by_label("Email")).to_have_value("casey.morgan@example.com")
    await expect(form.get_by_label("Password")).to_be_focused()
    await expect(form.get_by_role("link", name="Forgot password?")).to_have_attribute(
        "href", live_app.base_url + PASSWORD_PAGE
    )

    await form.get_by_label("Password").fill("wrong password!!")
    await form.get_by_role("button", name="Log in").click()
    await expect(form.get_by_role("alert")).to_have_text("Email or password is incorrect.")
    await form.get_by_label("Password").fill(STRONG_PASSWORD)
    await form.get_by_role("button", name="Log in").click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok").first).to_contain_text("logged in as Casey")
    confirm = page.get_by_role("button", name="Confirm application").last
    await expect(confirm).to_be_visible()
    await confirm.click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok").last).to_contain_text("Application submitted")

    session = (await stored_session(page))["current"]
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
    assert await users_named(live_app, "casey.morgan@example.com") == 1  # no second account

    await page.get_by_role("button", name="My applications").click()
    item = page.locator(f"{HOST} .item[data-job-id='{job_id}']")
    await expect(item).to_be_visible()
    await expect(item).to_contain_text("applied")
    await page.get_by_role("button", name="My referrals").click()
    await expect(page.locator(f"{HOST} .pane")).to_contain_text("No referrals yet")
    await page.get_by_role("button", name=re.compile("^Log out")).click()
    await expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    await expect(w.user_messages()).to_have_count(0)
    tab.assert_clean()


async def test_sign_up_in_the_widget_confirm_by_mail_then_apply_without_details(
    live_app: LiveApp, tab: Tab, mailbox: LocalMailbox, artifacts: Path
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await page.get_by_role("button", name="My applications").click()
    form = page.get_by_role("form", name="Log in")
    await expect(form).to_be_visible()
    await form.get_by_role("button", name="New here? Create an account").click()
    form = page.get_by_role("form", name="Create an account")
    await expect(form.get_by_role("link", name="Forgot password?")).to_be_hidden()
    await form.get_by_label("First name").fill("Morgan")
    await form.get_by_label("Last name").fill("Lee")
    await form.get_by_label("Email").fill("morgan.lee@example.com")
    await form.get_by_label("Password").fill("short")
    await form.get_by_role("button", name="Create account").click()
    await expect(form.get_by_role("alert")).to_contain_text("at least 10 characters")
    await form.get_by_label("Password").fill(STRONG_PASSWORD)
    await form.get_by_role("button", name="Create account").click()

    sent = page.get_by_role("form", name="Check your inbox").locator(".sent")
    await expect(sent).to_have_text(re.compile(r"^Check your inbox: .*morgan\.lee@example\.com"))
    await expect(sent).to_be_focused()
    # Not signed in: the account exists only once the link is opened.
    await expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    assert await users_named(live_app, "morgan.lee@example.com") == 0

    link = await mailed_link(live_app, mailbox, "morgan.lee@example.com", VERIFY_PAGE)
    mail_tab = await tab.context.new_page()
    await mail_tab.goto(link)
    message = account_message(mail_tab)
    await expect(mail_tab.get_by_role("heading", name="Email confirmed")).to_be_visible()
    await expect(message).to_contain_text("Your email is confirmed and you're signed in.")
    await expect(message).to_be_focused()
    assert mail_tab.url == live_app.base_url + VERIFY_PAGE
    await mail_tab.screenshot(path=str(artifacts / "account-verified.png"))
    # The link works once.
    await mail_tab.goto(link)
    await expect(mail_tab.get_by_role("heading", name="This link no longer works")).to_be_visible()
    await expect(message).to_contain_text("expired or was already used")
    await expect(message.get_by_role("link", name="Ask for a new link")).to_have_attribute(
        "href", PASSWORD_PAGE
    )
    await mail_tab.close()

    rows = await live_app.fetch(
        "SELECT status::text AS status, password_hash FROM users "
        "WHERE email = 'morgan.lee@example.com'"
    )
    assert rows[0]["status"] == "active" and rows[0]["password_hash"].startswith("$argon2id$")

    await page.goto(live_app.base_url + "/")
    await w.open()
    await expect(page.get_by_role("button", name=re.compile("^Log out"))).to_have_attribute(
        "aria-label", "Log out (morgan.lee@example.com)"
    )
    await w.say(SEARCH)
    job_id = (await w.card_ids())[0]
    card = page.locator(f"{HOST} article.card[data-job-id='{job_id}']").last
    await card.get_by_role("button", name=re.compile("^Apply")).click()
    await w.idle()
    assert (await w.last_bot_text()).startswith("Ready to submit your application")
    await page.get_by_role("button", name="Confirm application").click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok").last).to_contain_text("Application submitted")
    assert [r["job_id"] for r in await applications_of(live_app, "morgan.lee@example.com")] == [
        job_id
    ]
    await page.get_by_role("button", name="My applications").click()
    await expect(page.locator(f"{HOST} .item[data-job-id='{job_id}']")).to_be_visible()
    tab.assert_clean()


async def test_shared_computer_logout_leaves_nothing_for_the_next_person(
    live_app: LiveApp, tab: Tab, mailbox: LocalMailbox
) -> None:
    await confirmed_account(
        live_app, mailbox, "alex.rivera@example.com", first_name="Alex", last_name="Rivera"
    )
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)  # anonymous first: logging in links this conversation
    await page.get_by_role("button", name="Log in", exact=True).click()
    form = page.get_by_role("form", name="Log in")
    await form.get_by_label("Email").fill("alex.rivera@example.com")
    await form.get_by_label("Password").fill(STRONG_PASSWORD)
    await form.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("button", name=re.compile("^Log out"))).to_be_visible()
    await expect(w.input).to_be_visible()
    await w.say("show my referrals")
    assert "log in" not in (await w.last_bot_text()).lower()
    a_session = (await stored_session(page))["current"]
    messages_url = f"{live_app.base_url}/api/chat/sessions/{a_session['id']}/messages"
    bearer = {"Authorization": f"Bearer {a_session['token']}"}
    # With A's login cookie (this browser) the token reads A's conversation.
    before = await page.request.get(messages_url, headers=bearer)
    assert before.status == 200
    assert any(m["content"] == "show my referrals" for m in (await before.json())["messages"])

    await page.get_by_role("button", name=re.compile("^Log out")).click()
    await expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    await expect(w.user_messages()).to_have_count(0)
    store = await browser_store(page)
    assert store.get("sessions") == [] and not store.get("current"), store

    # Person B, same tab, later.
    await page.reload()
    await w.open()
    await expect(w.user_messages()).to_have_count(0)
    await expect(w.cards).to_have_count(0)
    shown = await w.panel.inner_text()
    for trace in ("Alex", "alex.rivera", "Rivera", "show my referrals"):
        assert trace.lower() not in shown.lower(), trace
    await expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    await w.say("show my referrals")
    assert "log in" in (await w.last_bot_text()).lower()
    prompt = page.get_by_role("form", name="Log in")
    await expect(prompt).to_be_visible()
    await expect(prompt.get_by_label("Email")).to_have_value("")
    b_session = (await stored_session(page))["current"]
    assert b_session["id"] != a_session["id"]
    assert [s["id"] for s in (await browser_store(page))["sessions"]] == [b_session["id"]]

    # A's old token no longer opens A's conversation, in this browser or anywhere else.
    after = await page.request.get(messages_url, headers=bearer)
    assert after.status == 404
    async with httpx.AsyncClient() as client:
        replay = await client.get(messages_url, headers=bearer)
    assert replay.status_code == 404
    tab.assert_clean()


async def test_forgot_password_by_mail_sets_a_new_password_and_signs_in(
    live_app: LiveApp, tab: Tab, mailbox: LocalMailbox
) -> None:
    email = "robin.hale@example.com"
    await confirmed_account(live_app, mailbox, email, first_name="Robin", last_name="Hale")
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await page.get_by_role("button", name="Log in", exact=True).click()
    form = page.get_by_role("form", name="Log in")
    async with tab.context.expect_page() as opened:
        await form.get_by_role("link", name="Forgot password?").click()
    forgot = await opened.value
    await forgot.wait_for_load_state()
    assert forgot.url == live_app.base_url + PASSWORD_PAGE
    await expect(forgot.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    request = forgot.get_by_role("form", name="Forgot password")
    await request.get_by_role("button", name="Email me a link").click()
    await expect(request.locator("#forgot-email-error")).to_have_text("Enter your email address.")
    await expect(request.get_by_label("Email")).to_be_focused()
    await request.get_by_label("Email").fill(email)
    await request.get_by_role("button", name="Email me a link").click()
    message = account_message(forgot)
    await expect(forgot.get_by_role("heading", name="Check your inbox")).to_be_visible()
    await expect(message).to_contain_text(f"If {email} has an account, a link to choose a new")
    await expect(message).to_be_focused()
    await expect(request).to_be_hidden()

    link = await mailed_link(live_app, mailbox, email, PASSWORD_PAGE)
    await forgot.goto(link)
    await expect(forgot.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert forgot.url == live_app.base_url + PASSWORD_PAGE
    choose = forgot.get_by_role("form", name="Choose a password")
    await expect(forgot.get_by_role("form", name="Forgot password")).to_be_hidden()
    await choose.get_by_label("New password", exact=True).fill(OTHER_STRONG_PASSWORD)
    await choose.get_by_label("Confirm new password", exact=True).fill("something else entirely")
    await choose.get_by_role("button", name="Save new password").click()
    await expect(choose.locator("#confirm-password-error")).to_have_text("Passwords do not match.")
    await choose.get_by_label("Confirm new password", exact=True).fill(OTHER_STRONG_PASSWORD)
    await choose.get_by_role("button", name="Save new password").click()
    await expect(forgot.get_by_role("heading", name="Password saved")).to_be_visible()
    await expect(message).to_contain_text(
        f"Your new password is saved and you're signed in as {email}."
    )
    await expect(message).to_be_focused()
    await forgot.close()

    # Signed in on the site too; the old password is gone, the new one works.
    await page.reload()
    await w.open()
    await expect(page.get_by_role("button", name=re.compile("^Log out"))).to_have_attribute(
        "aria-label", f"Log out ({email})"
    )
    async with httpx.AsyncClient(base_url=live_app.base_url) as client:
        old = await client.post(
            "/api/auth/login", json={"email": email, "password": STRONG_PASSWORD}
        )
        new = await client.post(
            "/api/auth/login", json={"email": email, "password": OTHER_STRONG_PASSWORD}
        )
    assert old.status_code == 401 and new.status_code == 200
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
    first = (await stored_session(page))["current"]
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
    store = await stored_session(page)
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
