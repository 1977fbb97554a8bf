"""The editors' desk in a real browser: sign in, filter the queue, open a draft (the rendered
page, its snapshot, the gate's flag at its sentence, approval disabled with the reason),
edit it into a new version, compare the two versions, approve; the public page serves
the approved text and the sitemap lists it. Another draft is rejected, with the note
the desk insists on, and the history says who did what.

The app runs under uvicorn over a seeded database copy; the drafts are made by the
content service (:func:`save_draft`), as the drafting workers make them; the editor is
the demo data's ``editor@example.com`` given a known password. Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, expect
from pymongo import AsyncMongoClient
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from data_layer.content.drafting import save_draft
from data_layer.content.kinds import ContentType, Source, blog_key, reference_id_for
from tests.e2e.conftest import LiveApp
from tests.e2e.widget_tab import Tab
from tests.integration.editor_helpers import demo_editor
from tests.integration.recruiter_helpers import STAFF_PASSWORD, Staff

FLAGGED_SENTENCE = "Call the unit manager before you sign anything."
WRONG_PAY = "Most contracts like this pay $9,999 a week."
"""A pay figure the snapshot does not hold: the grounding check flags it at this sentence."""
PAGES = {
    "first-contract": (
        "Your first travel nursing contract, step by step",
        "A first contract feels like a leap. Start with your license: a compact license "
        "opens many states at once, while others need a separate application. "
        f'{FLAGGED_SENTENCE} <a href="https://evil.example/win">Win a prize</a>\n\n'
        "Gather your immunization records, references and certifications before a recruiter "
        f"asks, and read every clause about cancellation, overtime and guaranteed hours.\n\n"
        f"{WRONG_PAY}",
    ),
    "night-shift": (
        "Surviving night shift as a travel nurse",
        "Night shift asks a lot of a body that wants to sleep when the sun is down. "
        "Experienced travelers guard their sleep with blackout curtains and steady meals.",
    ),
}


@pytest.fixture
async def stores(live_app: LiveApp) -> AsyncIterator[tuple[AsyncEngine, Any]]:
    engine = create_async_engine(live_app.settings.effective_database_url)
    client: AsyncMongoClient = AsyncMongoClient(
        live_app.settings.effective_mongodb_url, tz_aware=True
    )
    try:
        yield engine, client[live_app.settings.mongodb_db]
    finally:
        await client.drop_database(live_app.settings.mongodb_db)
        await client.close()
        await engine.dispose()


async def _draft(mongo: Any, slug: str) -> dict[str, Any]:
    title, body = PAGES[slug]
    return await save_draft(
        mongo,
        content_type=ContentType.BLOG_POST,
        reference_id=reference_id_for(ContentType.BLOG_POST, blog_key(slug)),
        markdown=f"## {title}\n\n{body}\n\nSee [our open jobs](/jobs).",
        page={
            "title": title,
            "slug": slug,
            "seo_title": (title + " | Excel Medical Staffing")[:60],
            "seo_description": (
                f"{title}: practical advice from travel nurses and recruiters at Excel "
                "Medical Staffing, for your next assignment."
            )[:160],
            "seo_keywords": "travel nursing, advice",
            "excerpt": title,
        },
        snapshot={
            "taken_at": "2030-01-01T00:00:00Z",
            "topic": title,
            "pay": {"min": 2100, "max": 2800, "median": 2450, "unit": "week"},
        },
        snapshot_hash=f"hash-{slug}",
        source=Source.WRITER,
        prompt="deterministic writer v1",
        metadata={"model": "deterministic", "parameters": {}, "generation_time": 0.01},
    )


async def _sign_in(page: Page, app: LiveApp, staff: Staff) -> None:
    await page.goto(app.base_url + "/editor")
    await expect(page).to_have_url(app.base_url + "/editor/sign-in")
    await page.get_by_label("Email").fill(staff.email)
    await page.get_by_label("Password").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(re.compile(re.escape(app.base_url + "/editor") + r"(\?.*)?$"))


async def _sitemap_urls(page: Page, url: str) -> list[str]:
    response = await page.request.get(url)
    assert response.ok, url
    return re.findall(r"<loc>([^<]+)</loc>", await response.text())


async def test_an_editor_reviews_edits_compares_approves_and_rejects(
    live_app: LiveApp, tab: Tab, stores: tuple[AsyncEngine, Any], artifacts: Path
) -> None:
    engine, mongo = stores
    flagged = await _draft(mongo, "first-contract")
    await _draft(mongo, "night-shift")
    staff = await demo_editor(engine)
    page = tab.page
    await _sign_in(page, live_app, staff)

    # The queue, filtered to drafts with unresolved gate errors.
    rows = page.locator("#queue-rows tr")
    await expect(rows).to_have_count(2)
    await page.get_by_label("Gate flags").select_option("true")
    await page.get_by_role("button", name="Show").click()
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Your first travel nursing contract")
    await expect(rows.first).to_contain_text("Errors")
    await page.screenshot(path=str(artifacts / "editor-queue.png"), full_page=True)
    await rows.first.get_by_role("link").click()

    # The draft: rendered (the foreign link dropped), the flag at its sentence, the snapshot.
    await expect(page.locator("#page-title")).to_have_text(PAGES["first-contract"][0])
    rendered = page.locator("#rendered")
    await expect(rendered.locator("h2")).to_have_text(PAGES["first-contract"][0])
    await expect(rendered.locator("a[href='/jobs']")).to_have_text("our open jobs")
    await expect(rendered.locator("a[href*='evil.example']")).to_have_count(0)
    approve = page.locator("#approve-button")
    await expect(approve).to_be_disabled()
    await expect(page.locator("#approve-why")).to_contain_text("error flag")
    await expect(page.get_by_label("Override note", exact=False)).to_be_visible()
    await page.get_by_role("tab", name="Gate flags").click()
    link_flag = page.locator("#flag-list li.error").filter(has_text="evil.example")
    await expect(link_flag).to_contain_text("link_removed")
    grounding = page.locator("#flag-list li.error").filter(has_text=WRONG_PAY)
    await expect(grounding.locator("blockquote")).to_have_text(WRONG_PAY)
    await grounding.get_by_role("button", name="Show in the page").click()
    mark = page.locator("#rendered mark")
    await expect(mark).to_have_text(WRONG_PAY)
    await expect(mark).to_be_focused()
    await page.get_by_role("tab", name="Gate flags").click()
    await page.screenshot(path=str(artifacts / "editor-draft-flags.png"), full_page=True)
    await page.get_by_role("tab", name="Snapshot").click()
    await expect(page.locator("#snapshot")).to_contain_text(PAGES["first-contract"][0])

    # Edit: drop the foreign link, retitle; saved as version 2, which the gate passes.
    await page.get_by_role("tab", name="Edit").click()
    text = page.get_by_label("Text (Markdown)")
    markdown = await text.input_value()
    cleaned = re.sub(r' <a href="https://evil\.example/win">Win a prize</a>', "", markdown)
    cleaned = cleaned.replace(WRONG_PAY, "Pay differs by unit and shift.")
    await text.fill(cleaned.replace(FLAGGED_SENTENCE, "Talk to the unit manager first."))
    await page.get_by_label("Title", exact=True).fill("Your first travel contract, step by step")
    await page.get_by_role("button", name="Save as a new version").click()
    await expect(page.locator("#desk-notice")).to_contain_text("new version")
    await expect(page.locator("#page-meta")).to_contain_text("version 2 of 2")
    await expect(page.locator("#page-title")).to_have_text(
        "Your first travel contract, step by step"
    )
    await expect(approve).to_be_enabled()
    await expect(page.locator("#approve-why")).to_be_hidden()

    # Compare versions 1 and 2: the text change as prose, the title among the fields.
    await page.get_by_role("tab", name="Compare").click()
    await page.get_by_label("From version").select_option("1")
    await page.get_by_label("To version").select_option("2")
    await page.get_by_role("button", name="Compare").click()
    result = page.locator("#compare-result")
    await expect(result.locator(".field-changes")).to_contain_text("title")
    await expect(result.locator(".diff-text ins").first).to_be_visible()
    await expect(result.locator(".diff-text del").first).to_be_visible()
    await expect(result.locator(".diff-text ins").first).to_have_text("Talk to")
    # The removed link shows as text, struck through: markup in a diff is never live.
    await expect(result.locator(".diff-text del").filter(has_text="evil.example")).to_have_count(1)
    await expect(result.locator(".diff-text del").filter(has_text="$9,999")).to_have_count(1)
    await expect(result.locator(".diff-text a")).to_have_count(0)
    await page.screenshot(path=str(artifacts / "editor-compare.png"), full_page=True)

    # Approve: published; the public page serves the approved text; the sitemap lists it.
    await approve.click()
    await expect(page.locator("#desk-notice")).to_contain_text("Approved and published")
    await expect(page.locator("#review-state")).to_contain_text("Published")
    public = page.get_by_role("link", name="See the public page")
    await expect(public).to_have_attribute("href", "/blog/first-contract")
    await public.click()
    await expect(page).to_have_url(live_app.base_url + "/blog/first-contract")
    await expect(page.locator("h1")).to_contain_text("Your first travel contract, step by step")
    await expect(page.locator("body")).to_contain_text("Talk to the unit manager first.")
    await expect(page.locator("body")).not_to_contain_text("Win a prize")
    await expect(page.locator("body")).not_to_contain_text("$9,999")
    files = await _sitemap_urls(page, live_app.base_url + "/sitemap.xml")
    blog_files = [f for f in files if "/blog-" in f]
    assert blog_files, files
    listed = [u for f in blog_files for u in await _sitemap_urls(page, f)]
    assert any(u.endswith("/blog/first-contract") for u in listed), listed

    # The other draft: rejecting needs a note; then the history says who did it.
    await page.goto(live_app.base_url + "/editor")
    await page.get_by_label("Status").select_option("draft")
    await page.get_by_role("button", name="Show").click()
    await expect(rows).to_have_count(1)
    await rows.first.get_by_role("link").click()
    await expect(page.locator("#page-title")).to_have_text(PAGES["night-shift"][0])
    await page.get_by_role("button", name="Reject").click()
    await expect(page.locator("#desk-message")).to_contain_text("A note is required")
    await page.get_by_label("Note to the writer", exact=False).fill("Too thin: add sleep tips.")
    await page.get_by_role("button", name="Reject").click()
    await expect(page.locator("#desk-notice")).to_contain_text("Rejected")
    await expect(page.locator("#review-state")).to_contain_text("Too thin: add sleep tips.")
    await page.get_by_role("tab", name="History").click()
    history = page.locator("#history-list li")
    await expect(history).to_have_count(2)
    await expect(history.last).to_contain_text(f"{staff.email} rejected")
    await expect(history.last).to_contain_text("Too thin: add sleep tips.")
    await page.screenshot(path=str(artifacts / "editor-history.png"), full_page=True)

    # Keyboard: the review tabs move with the arrow keys.
    await page.get_by_role("tab", name="History").focus()
    await page.keyboard.press("ArrowLeft")
    await expect(page.get_by_role("tab", name="Edit")).to_be_focused()
    await expect(page.get_by_role("tab", name="Edit")).to_have_attribute("aria-selected", "true")
    assert flagged["version"] == 1
    tab.assert_clean()
