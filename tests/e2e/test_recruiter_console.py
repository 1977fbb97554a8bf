"""The recruiter console in a real browser: sign in, ask, see the table, the chart and how
the answer was got, follow up in the same conversation; reply to a handed-off chat from
the inbox and see the reply arrive in the candidate's widget.

The app runs under uvicorn over a seeded database copy (offline engine); staff are demo
recruiters given a known password. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.e2e.conftest import LiveApp
from tests.e2e.widget_driver import HOST, WidgetDriver
from tests.e2e.widget_tab import Tab
from tests.integration.recruiter_helpers import STAFF_PASSWORD, Staff, recruiter

ANSWER_TIMEOUT_MS = 30_000


@pytest.fixture
async def db(live_app: LiveApp) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(live_app.settings.effective_database_url)
    yield engine
    await engine.dispose()


async def busiest_recruiter(app: LiveApp) -> UUID:
    found = await app.fetch(
        "SELECT c.recruiter_id FROM candidates c JOIN recruiters r ON r.id = c.recruiter_id "
        "JOIN users u ON u.id = r.user_id WHERE r.active AND u.status = 'active' "
        "GROUP BY c.recruiter_id ORDER BY count(*) DESC, c.recruiter_id LIMIT 1"
    )
    return UUID(str(found[0]["recruiter_id"]))


async def sign_in(page: Page, app: LiveApp, staff: Staff) -> None:
    await page.goto(app.base_url + "/recruiter")
    await expect(page).to_have_url(app.base_url + "/recruiter/sign-in")
    await page.get_by_label("Email").fill(staff.email)
    await page.get_by_label("Password").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(app.base_url + "/recruiter")
    await expect(page.get_by_role("tab", name="Ask")).to_have_attribute("aria-selected", "true")


def answers(page: Page) -> Any:
    return page.locator("#ask-log li.a[data-done]")


async def ask(page: Page, question: str, expected_answers: int) -> Any:
    field = page.get_by_placeholder("Ask about your pipeline", exact=False)
    await field.fill(question)
    await field.press("Enter")
    await expect(answers(page)).to_have_count(expected_answers, timeout=ANSWER_TIMEOUT_MS)
    return answers(page).last


async def test_a_recruiter_asks_sees_table_chart_and_how_then_follows_up(
    live_app: LiveApp, tab: Tab, db: AsyncEngine, artifacts: Path
) -> None:
    page = tab.page
    staff = await recruiter(db, await busiest_recruiter(live_app))
    await sign_in(page, live_app, staff)

    first = await ask(page, "Applications by status", 1)
    await expect(first.locator(".sentence")).not_to_be_empty()
    table = first.locator("table")
    await expect(table).to_be_visible()
    statuses = await table.locator("tbody tr").count()
    assert statuses > 1
    chart = first.locator("svg.copilot-chart")
    await expect(chart).to_be_visible()
    await expect(chart.locator("rect.bar")).to_have_count(statuses)
    await expect(first.locator(".how")).to_contain_text("How I got this")
    await expect(first.locator("details.sql")).to_have_count(0)  # SQL is for admins
    conversation = await page.evaluate("() => sessionStorage.getItem('esa-copilot:conversation')")
    assert conversation

    second = await ask(page, "and last month?", 2)
    await expect(second.locator(".sentence")).not_to_be_empty()
    assert (
        await page.evaluate("() => sessionStorage.getItem('esa-copilot:conversation')")
        == conversation
    )
    history = await page.evaluate(
        """async (id) => {
             const r = await fetch('/api/recruiter/conversations/' + id);
             return (await r.json()).messages.map(m => m.question);
           }""",
        conversation,
    )
    assert history == ["Applications by status", "and last month?"]
    await page.screenshot(path=str(artifacts / "recruiter-console-ask.png"), full_page=True)

    await page.reload()  # the conversation comes back (its sentences) and goes on
    await expect(page.locator("#ask-log li.q")).to_have_count(2)
    third = await ask(page, "Applications by month this year", 3)
    await expect(third.locator(".sentence")).not_to_be_empty()
    trend = third.locator("svg.copilot-chart[data-mark=line]")
    await expect(trend.locator("polyline.line")).to_have_count(1)
    months = await third.locator("table tbody tr").count()
    await expect(trend.locator("circle")).to_have_count(months)
    tab.assert_clean()


async def test_an_inbox_reply_appears_live_in_the_candidates_widget(
    live_app: LiveApp, tab: Tab, browser: Any, db: AsyncEngine, artifacts: Path
) -> None:
    visitor = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        chat_page = await visitor.new_page()
        widget = WidgetDriver(chat_page)
        await chat_page.goto(live_app.base_url + "/")
        await widget.open()
        await widget.say("Can I talk to a recruiter?")
        await expect(chat_page.locator(f"{HOST} .banner")).to_be_visible()
        assigned = await live_app.fetch(
            "SELECT recruiter_id FROM chat_handoffs ORDER BY created_at DESC LIMIT 1"
        )
        assert assigned and assigned[0]["recruiter_id"], assigned
        staff = await recruiter(db, UUID(str(assigned[0]["recruiter_id"])))

        page = tab.page
        await sign_in(page, live_app, staff)
        await page.get_by_role("tab", name="Inbox").click()
        item = page.locator("#inbox-list button").first
        await expect(item).to_contain_text("Visitor")
        await item.click()
        await expect(page.locator(".transcript")).to_contain_text("Can I talk to a recruiter?")
        await page.get_by_label("Reply").fill("Hi! I can help you find an ICU contract.")
        await page.get_by_role("button", name="Send reply").click()
        await expect(page.locator(".transcript li.recruiter").last).to_contain_text("ICU contract")

        reply = chat_page.locator(f"{HOST} .msg").filter(has_text="I can help you find an ICU")
        await expect(reply).to_be_visible(timeout=15_000)
        if staff.first_name:
            await expect(reply).to_contain_text(staff.first_name)
        await chat_page.screenshot(path=str(artifacts / "recruiter-reply-in-widget.png"))

        await page.get_by_label("Outcome").select_option("resolved")
        await page.get_by_role("button", name="Close conversation").click()
        await expect(page.locator("#inbox-detail")).to_contain_text("Closed: resolved")
        tab.assert_clean()
    finally:
        await visitor.close()
