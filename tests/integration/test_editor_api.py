"""The editors' desk API (``/api/editor/``) over the real app, PostgreSQL and Mongo: who may
use it, the shared queue and its filters, a version with its rendering, snapshot and flags,
edits as new versions, diffs, notes required to send back or reject, approval refused over
unresolved gate errors unless overridden, publishing (the PostgreSQL row), scheduling,
unpublishing, and the reviewer always being the session's user. Errors have the one shape.

Drafts are made through the content service (:func:`save_draft`), as the workers make them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient
from pymongo import AsyncMongoClient
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from assistant.app import create_app
from config.settings import Settings
from data_layer.content.drafting import save_draft
from data_layer.content.kinds import ContentType, Source, blog_key, reference_id_for
from tests.integration.account_helpers import signed_in_candidate
from tests.integration.editor_helpers import new_editor, signed_in_editor
from tests.integration.recruiter_helpers import active_recruiters, rows, signed_in_recruiter

API = "/api/editor"
ORIGIN = "http://testserver.local"

TOPICS = {
    "night-shift": (
        "Surviving night shift as a travel nurse",
        "Night shift asks a lot of a body that wants to sleep when the sun is down. "
        "Experienced travelers guard their sleep with blackout curtains, steady meal times "
        "and a short walk before the shift starts. Ask the charge nurse early about breaks, "
        "learn where the quiet supply room is, and keep a snack that is not sugar.",
    ),
    "first-contract": (
        "Your first travel nursing contract, step by step",
        "A first contract feels like a leap. Start with your license: a compact license "
        "opens many states at once, while others need a separate application. Gather your "
        "immunization records, references and certifications before a recruiter asks, and "
        "read every clause about cancellation, overtime and guaranteed hours.",
    ),
    "housing": (
        "Finding housing for a short contract",
        "Housing decides how a contract feels. Look for furnished places with month to month "
        "terms near the hospital, ask other travelers on the unit where they stay, and never "
        "wire a deposit for a place you have not seen on a video call with its owner.",
    ),
}


def _page(slug: str, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "slug": slug,
        "seo_title": (title + " | Excel Medical Staffing")[:60],
        "seo_description": (
            f"{title}: practical advice from travel nurses and recruiters at Excel Medical "
            "Staffing, for your next assignment."
        )[:160],
        "seo_keywords": "travel nursing, advice",
        "excerpt": title,
        "city": None,
        "state_code": None,
        "state_name": None,
        "specialty_slug": None,
        "specialty_name": None,
        "job_id": None,
    }


@dataclass
class Desk:
    settings: Settings
    engine: AsyncEngine
    mongo: Any

    async def draft(self, slug: str, *, extra: str = "") -> dict[str, Any]:
        """A blog post drafted by the deterministic writer (``extra``: text appended)."""
        title, body = TOPICS[slug]
        return await save_draft(
            self.mongo,
            content_type=ContentType.BLOG_POST,
            reference_id=reference_id_for(ContentType.BLOG_POST, blog_key(slug)),
            markdown=f"## {title}\n\n{body}\n\nSee [our open jobs](/jobs).{extra}",
            page=_page(slug, title),
            snapshot={"taken_at": "2030-01-01T00:00:00Z", "topic": title, "open_jobs": 0},
            snapshot_hash=f"hash-{slug}",
            source=Source.WRITER,
            prompt="deterministic writer v1",
            metadata={"model": "deterministic", "parameters": {}, "generation_time": 0.01},
        )


@pytest.fixture
async def desk(auth_settings: Settings) -> AsyncIterator[Desk]:
    engine = create_async_engine(auth_settings.effective_database_url)
    client: AsyncMongoClient = AsyncMongoClient(auth_settings.effective_mongodb_url, tz_aware=True)
    try:
        yield Desk(auth_settings, engine, client[auth_settings.mongodb_db])
    finally:
        await client.drop_database(auth_settings.mongodb_db)
        await client.close()
        await engine.dispose()


def _page_path(doc: dict[str, Any]) -> str:
    return f"{API}/pages/{doc['content_type']}/{doc['reference_id']}"


def _error(response: Any, status: int) -> dict[str, Any]:
    """The one error shape: ``{status_code, detail, extra?}``, the status repeated."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) <= {"status_code", "detail", "extra"}, body
    assert body["status_code"] == status and isinstance(body["detail"], str) and body["detail"]
    return body


async def _blog_row(engine: AsyncEngine, ref: str) -> Any:
    found = await rows(
        engine,
        "SELECT slug, title, content, status::text AS status, author_id, ai_generated, "
        "seo_title, published_at FROM blog_posts WHERE id = :i",
        i=UUID(ref),
    )
    return found[0] if found else None


async def test_only_content_editors_and_admins_use_the_desk(desk: Desk) -> None:
    doc = await desk.draft("night-shift")
    approve = f"{_page_path(doc)}/versions/1/approve"
    async with (
        AsyncTestClient(create_app(desk.settings)) as anonymous,
        AsyncTestClient(create_app(desk.settings)) as candidate,
        AsyncTestClient(create_app(desk.settings)) as recruiter,
        AsyncTestClient(create_app(desk.settings)) as editor,
    ):
        _error(await anonymous.get(f"{API}/drafts"), 401)
        _error(await anonymous.post(approve, json={}), 401)
        page = await anonymous.get("/editor", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/editor/sign-in"

        await signed_in_candidate(candidate, desk.engine, "maria.editor-test@example.net")
        _error(await candidate.get(f"{API}/drafts"), 403)
        _error(await candidate.post(approve, json={}), 403)
        denied = await candidate.get("/editor")
        assert denied.status_code == 403 and "for content editors" in denied.text

        await signed_in_recruiter(recruiter, desk.engine, (await active_recruiters(desk.engine))[0])
        _error(await recruiter.get(f"{API}/drafts"), 403)
        _error(await recruiter.get(_page_path(doc)), 403)

        await signed_in_editor(editor, desk.engine)
        assert (await editor.get(f"{API}/drafts")).status_code == 200
        shell = await editor.get("/editor")
        assert shell.status_code == 200 and 'src="/editor.js"' in shell.text
        csp = dict(
            d.strip().split(" ", 1) for d in shell.headers["content-security-policy"].split(";")
        )
        assert csp["script-src"] == "'self'"
        assert "<script>" not in shell.text  # no inline script: only the file
        script = await editor.get("/editor.js")
        assert script.status_code == 200 and "textContent" in script.text
        # Cross-site POSTs with the login cookie are refused before any handler (CSRF);
        # the desk's own (same origin) pass.
        forged = await editor.post(approve, json={}, headers={"Origin": "https://evil.example"})
        _error(forged, 403)
        assert (await _blog_row(desk.engine, doc["reference_id"])) is None
        same_site = await editor.post(approve, json={}, headers={"Origin": ORIGIN})
        assert same_site.status_code == 200, same_site.text

        schema = (await anonymous.get("/schema/openapi.json")).json()
        editor_paths = {p for p in schema["paths"] if p.startswith(API)}
        assert {
            f"{API}/drafts",
            f"{API}/pages/{{content_type}}/{{reference_id}}/diff",
            f"{API}/pages/{{content_type}}/{{reference_id}}/versions/{{version}}/approve",
            f"{API}/pages/{{content_type}}/{{reference_id}}/versions/{{version}}/reject",
            f"{API}/pages/{{content_type}}/{{reference_id}}/versions/{{version}}/schedule",
            f"{API}/pages/{{content_type}}/{{reference_id}}/unpublish",
        } <= editor_paths
        approve_doc = schema["paths"][
            f"{API}/pages/{{content_type}}/{{reference_id}}/versions/{{version}}/approve"
        ]["post"]
        assert {"401", "403", "404", "409", "422"} <= set(approve_doc["responses"])


async def test_queue_filters_a_version_and_unknown_pages(desk: Desk) -> None:
    clean = await desk.draft("night-shift")
    flagged = await desk.draft("first-contract", extra='\n\n<script>alert("x")</script>')
    other = await desk.draft("housing")
    async with AsyncTestClient(create_app(desk.settings)) as client:
        await signed_in_editor(client, desk.engine)

        listed = (await client.get(f"{API}/drafts")).json()
        assert listed["total"] == 3 and listed["limit"] == 50 and listed["offset"] == 0
        assert {i["reference_id"] for i in listed["items"]} == {
            clean["reference_id"],
            flagged["reference_id"],
            other["reference_id"],
        }
        only_flagged = (await client.get(f"{API}/drafts", params={"flagged": "true"})).json()
        assert [i["reference_id"] for i in only_flagged["items"]] == [flagged["reference_id"]]
        assert only_flagged["items"][0]["flags_count"] >= 1
        assert only_flagged["items"][0]["gate_passed"] is False
        unflagged = (await client.get(f"{API}/drafts", params={"flagged": "false"})).json()
        assert flagged["reference_id"] not in {i["reference_id"] for i in unflagged["items"]}
        by_type = await client.get(f"{API}/drafts", params={"type": "city_guide"})
        assert by_type.json()["total"] == 0
        by_status = await client.get(f"{API}/drafts", params={"status": "published"})
        assert by_status.json()["total"] == 0
        old = await client.get(f"{API}/drafts", params={"older_than_days": 3})
        assert old.json()["total"] == 0  # all drafted just now
        first = (await client.get(f"{API}/drafts", params={"limit": 2})).json()
        second = (await client.get(f"{API}/drafts", params={"limit": 2, "offset": 2})).json()
        assert len(first["items"]) == 2 and len(second["items"]) == 1
        assert first["total"] == second["total"] == 3
        poem = _error(await client.get(f"{API}/drafts", params={"type": "poem"}), 422)
        assert poem["extra"]["field"] == "type"
        _error(await client.get(f"{API}/drafts", params={"limit": 0}), 422)

        version = (await client.get(f"{_page_path(flagged)}/versions/1")).json()
        assert version["version"] == 1 and version["latest_version"] == 1
        assert version["status"] == "draft" and version["source"] == "writer"
        assert version["snapshot"]["topic"] == TOPICS["first-contract"][0]
        assert version["page"]["slug"] == "first-contract"
        assert version["public_url"] == "/blog/first-contract"
        assert "<h2>" in version["html"] and "<script" not in version["html"]
        assert '<a href="/jobs">our open jobs</a>' in version["html"]
        assert "<script>" in version["markdown"]  # the editor sees what the writer wrote
        errors = [f for f in version["gate"]["flags"] if f["severity"] == "error"]
        assert errors and version["unresolved_errors"] == len(errors)
        assert version["approvable"] is False
        assert "override note" in version["approve_blocked_reason"]
        assert {"approve", "request_changes", "reject", "edit"} <= set(version["actions"])
        latest = (await client.get(_page_path(clean))).json()
        assert latest["approvable"] is True and latest["approve_blocked_reason"] is None
        assert [e["action"] for e in latest["events"]] == ["drafted"]

        unknown = f"{API}/pages/blog_post/{UUID(int=7)}"
        _error(await client.get(unknown), 404)
        _error(await client.get(f"{unknown}/versions"), 404)
        _error(await client.get(f"{unknown}/history"), 404)
        _error(await client.get(f"{_page_path(clean)}/versions/9"), 404)
        _error(await client.get(f"{API}/pages/poem/{clean['reference_id']}"), 404)
        _error(await client.post(f"{unknown}/versions/1/reject", json={"note": "no"}), 404)


async def test_edit_makes_a_new_version_diff_and_notes(desk: Desk) -> None:
    doc = await desk.draft("housing")
    page = _page_path(doc)
    async with AsyncTestClient(create_app(desk.settings)) as client:
        me = await signed_in_editor(client, desk.engine)
        before = (await client.get(page)).json()
        title = TOPICS["housing"][0]
        edited_text = before["markdown"].replace(
            "never wire a deposit", "never send a deposit by wire"
        )
        edit = await client.post(
            f"{page}/versions/1/edit",
            json={"markdown": edited_text, "page": {"title": title + " on the road"}},
        )
        assert edit.status_code == 201, edit.text
        v2 = edit.json()
        assert v2["version"] == 2 and v2["latest_version"] == 2 and v2["status"] == "draft"
        assert v2["source"] == "editor" and v2["author_id"] == str(me.user_id)
        assert v2["based_on_version"] == 1 and v2["page"]["title"] == title + " on the road"
        assert v2["gate"]["checked_at"] is not None  # the gate ran again
        assert [e["action"] for e in v2["events"]] == ["edited"]
        assert v2["events"][0]["actor"] == me.email

        versions = (await client.get(f"{page}/versions")).json()["versions"]
        assert [(v["version"], v["status"]) for v in versions] == [
            (1, "superseded"),
            (2, "draft"),
        ]
        queue = (await client.get(f"{API}/drafts", params={"status": "draft"})).json()
        assert [(i["reference_id"], i["version"]) for i in queue["items"]] == [
            (doc["reference_id"], 2)
        ]

        diff = (await client.get(f"{page}/diff", params={"a": 1, "b": 2})).json()
        assert {"field": "title", "before": title, "after": title + " on the road"} in diff[
            "fields"
        ]
        assert any(c["op"] != "equal" for c in diff["body"])
        assert "<ins>" in diff["html"] and "<del>" in diff["html"]
        assert "wire" in diff["html"]
        _error(await client.get(f"{page}/diff", params={"a": 2, "b": 2}), 422)
        _error(await client.get(f"{page}/diff", params={"a": 1, "b": 5}), 404)

        # An edit of an older version would drop version 2 unseen: refused, nothing saved.
        stale = await client.post(f"{page}/versions/1/edit", json={"markdown": "Other text."})
        assert "newer" in _error(stale, 409)["detail"]
        _error(await client.post(f"{page}/versions/2/edit", json={"markdown": "  "}), 422)
        bad_slug = await client.post(
            f"{page}/versions/2/edit", json={"markdown": "Text.", "page": {"slug": "Not A Slug"}}
        )
        assert _error(bad_slug, 422)["extra"]["field"] == "page.slug"
        unknown_field = await client.post(
            f"{page}/versions/2/edit", json={"markdown": "Text.", "page": {"status": "published"}}
        )
        _error(unknown_field, 422)
        assert len((await client.get(f"{page}/versions")).json()["versions"]) == 2

        for blank in ("", "   "):
            for action in ("reject", "request-changes"):
                refused = await client.post(f"{page}/versions/2/{action}", json={"note": blank})
                body = _error(refused, 422)
                assert body["extra"]["field"] == "note" and "note is required" in body["detail"]
        _error(await client.post(f"{page}/versions/2/reject", json={}), 422)
        _error(await client.post(f"{page}/versions/2/reject", json={"note": "x" * 2001}), 422)

        sent_back = await client.post(
            f"{page}/versions/2/request-changes", json={"note": "Add the deposit rules by state."}
        )
        assert sent_back.status_code == 200, sent_back.text
        assert sent_back.json()["status"] == "changes_requested"
        assert sent_back.json()["reviewer_id"] == str(me.user_id)
        assert sent_back.json()["review_notes"] == "Add the deposit rules by state."
        again = await client.post(f"{page}/versions/2/request-changes", json={"note": "Again."})
        assert "changes requested" in _error(again, 409)["detail"]
        rejected = await client.post(f"{page}/versions/2/reject", json={"note": "Off topic."})
        assert rejected.json()["status"] == "rejected"
        _error(await client.post(f"{page}/versions/2/approve", json={}), 409)

        history = (await client.get(f"{page}/history")).json()["events"]
        assert [(e["version"], e["action"]) for e in history] == [
            (1, "drafted"),
            (2, "edited"),
            (2, "changes_requested"),
            (2, "rejected"),
        ]
        assert history[0]["actor_id"] is None  # the drafting worker
        assert {e["actor"] for e in history[1:]} == {me.email}
        assert history[3]["note"] == "Off topic."


async def test_approve_publish_override_and_unpublish_by_the_sessions_editor(
    desk: Desk,
) -> None:
    flagged = await desk.draft("first-contract", extra="\n\n<script>alert(1)</script>")
    clean = await desk.draft("night-shift")
    second = await new_editor(desk.engine, "second.editor@example.com")
    async with (
        AsyncTestClient(create_app(desk.settings)) as mine,
        AsyncTestClient(create_app(desk.settings)) as theirs,
    ):
        me = await signed_in_editor(mine, desk.engine)
        await signed_in_editor(theirs, desk.engine, second)
        # One desk: both editors see the same queue.
        queue_a = (await mine.get(f"{API}/drafts")).json()
        queue_b = (await theirs.get(f"{API}/drafts")).json()
        assert queue_a == queue_b and queue_a["total"] == 2

        page = _page_path(flagged)
        refused = await mine.post(f"{page}/versions/1/approve", json={})
        assert "unresolved error" in _error(refused, 409)["detail"]
        blank = await mine.post(f"{page}/versions/1/approve", json={"override_note": "  "})
        _error(blank, 409)
        assert await _blog_row(desk.engine, flagged["reference_id"]) is None
        # The reviewer is never a body field.
        forged = await mine.post(
            f"{page}/versions/1/approve",
            json={"override_note": "ok", "reviewer_id": str(second.user_id)},
        )
        _error(forged, 422)

        approved = await mine.post(
            f"{page}/versions/1/approve",
            json={"override_note": "The sanitiser drops the script; the advice is right."},
        )
        assert approved.status_code == 200, approved.text
        done = approved.json()
        assert done["status"] == "published" and done["published_at"] is not None
        assert done["reviewer_id"] == str(me.user_id) and done["unresolved_errors"] == 0
        assert all(f["overridden"] for f in done["gate"]["flags"] if f["severity"] == "error")
        assert [e["action"] for e in done["events"]] == [
            "drafted",
            "approved",
            "overridden",
            "published",
        ]
        row = await _blog_row(desk.engine, flagged["reference_id"])
        assert row is not None and row["status"] == "published" and row["ai_generated"]
        assert row["slug"] == "first-contract" and row["author_id"] == me.user_id
        assert "<script" not in row["content"] and "<h2>" in row["content"]
        assert "unpublish" in done["actions"]

        # The other editor approves the clean draft: recorded as them, not as me.
        theirs_done = (await theirs.post(f"{_page_path(clean)}/versions/1/approve", json={})).json()
        assert theirs_done["status"] == "published"
        assert theirs_done["reviewer_id"] == str(second.user_id)
        clean_row = await _blog_row(desk.engine, clean["reference_id"])
        assert clean_row["author_id"] == second.user_id
        history = (await mine.get(f"{_page_path(clean)}/history")).json()["events"]
        assert [(e["action"], e["actor"]) for e in history][-2:] == [
            ("approved", second.email),
            ("published", second.email),
        ]

        down = await mine.post(f"{page}/unpublish", json={"note": "Outdated licensing advice."})
        assert down.status_code == 200, down.text
        assert down.json()["status"] == "unpublished"
        assert (await _blog_row(desk.engine, flagged["reference_id"]))["status"] == "archived"
        again = await mine.post(f"{page}/unpublish")
        assert "not published" in _error(again, 409)["detail"]


async def test_schedule_publication(desk: Desk) -> None:
    doc = await desk.draft("housing")
    page = _page_path(doc)
    async with AsyncTestClient(create_app(desk.settings)) as client:
        me = await signed_in_editor(client, desk.engine)
        past = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
        assert _error(
            await client.post(f"{page}/versions/1/schedule", json={"publish_at": past}), 422
        )["extra"]["field"] == ("publish_at")
        naive = await client.post(
            f"{page}/versions/1/schedule", json={"publish_at": "2031-05-01T09:00:00"}
        )
        assert "offset" in _error(naive, 422)["detail"]
        _error(await client.post(f"{page}/versions/1/schedule", json={}), 422)

        when = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=2)
        scheduled = await client.post(
            f"{page}/versions/1/schedule", json={"publish_at": when.isoformat()}
        )
        assert scheduled.status_code == 200, scheduled.text
        body = scheduled.json()
        assert body["status"] == "reviewed" and body["reviewer_id"] == str(me.user_id)
        assert dt.datetime.fromisoformat(body["publish_at"]) == when
        assert [e["action"] for e in body["events"]][-2:] == ["approved", "scheduled"]
        assert await _blog_row(desk.engine, doc["reference_id"]) is None  # not yet
        queue = await client.get(f"{API}/drafts", params={"status": "reviewed"})
        assert [i["reference_id"] for i in queue.json()["items"]] == [doc["reference_id"]]

        # Approve with a future publish_at is the same schedule; unpublish cancels it.
        cancelled = await client.post(f"{page}/unpublish", json={})
        assert cancelled.json()["status"] == "unpublished"
        assert await _blog_row(desk.engine, doc["reference_id"]) is None
