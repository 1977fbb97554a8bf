"""The widget in a real browser: applying, reloads, login and sign-up from the chat,
referral and share links, the recruiter handoff banner and the job page's Apply button.

Every test serves the app with uvicorn on a free port over a seeded database copy
(600 demo jobs with embeddings) and loads the demo career site, which embeds the
widget with the same script tag a customer uses. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import httpx
from playwright.async_api import expect

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

# ---------------------------------------------------------------------- apply + reload


async def test_apply_in_the_widget_creates_the_application_and_reload_restores_the_chat(
    live_app: LiveApp, tab: Tab
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    await w.say(SEARCH)
    job_id = (await w.card_ids())[0]
    await apply_anonymously(
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
    await apply_anonymously(
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
