"""Share links: a recruiter makes one for a job, someone opens ``/j/{code}`` and applies
through the chat, and the recruiter's list counts the view, the application and the
placement from the rows they left. Another recruiter's links do not exist for them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from config.settings import Settings
from tests.integration.account_helpers import signed_in_candidate
from tests.integration.chat_helpers import chat_app, start_conversation
from tests.integration.recruiter_helpers import (
    active_recruiters,
    execute,
    rows,
    scalar,
    signed_in_admin,
    signed_in_recruiter,
)


@pytest.fixture
async def db(auth_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(auth_settings.effective_database_url)
    yield engine
    await engine.dispose()


async def _unshared_open_job(db: AsyncEngine, recruiter_id: Any) -> Any:
    return await scalar(
        db,
        "SELECT j.id FROM jobs j WHERE j.display_on_external_job_board AND j.closed_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM recruiter_job_shares s WHERE s.job_id = j.id) "
        "ORDER BY j.id LIMIT 1",
    )


async def _counters(db: AsyncEngine, share_id: Any) -> Any:
    return (
        await rows(
            db,
            "SELECT views, applications, placements FROM recruiter_job_shares WHERE id = :s",
            s=share_id,
        )
    )[0]


async def test_link_visit_chat_and_apply_are_counted_from_rows(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    recruiter_id = (await active_recruiters(db))[0]
    job_id = await _unshared_open_job(db, recruiter_id)
    base = auth_settings.public_base_url
    async with (
        chat_app(auth_settings) as console,
        chat_app(auth_settings) as visitor,
    ):
        await signed_in_recruiter(console, db, recruiter_id)
        made = await console.post("/api/recruiter/shares", json={"job_id": str(job_id)})
        assert made.status_code == 201, made.text
        share = made.json()
        code = share["share_code"]
        assert share["url"] == f"{base}/j/{code}"
        assert (share["views"], share["applications"], share["placements"]) == (0, 0, 0)
        assert share["conversion"] is None
        # Sharing the same job again gives the same link: its counts stay in one place.
        again = await console.post("/api/recruiter/shares", json={"job_id": str(job_id)})
        assert again.status_code == 200 and again.json()["id"] == share["id"]

        opened = await visitor.get(f"/j/{code}", follow_redirects=False)
        assert opened.status_code == 302, opened.text
        landing = urlsplit(opened.headers["location"])
        assert f"{landing.scheme}://{landing.netloc}" == base
        assert (landing.path, landing.query) == (f"/jobs/{job_id}", f"share={code}")
        views = await rows(
            db,
            "SELECT job_id, user_id FROM job_views WHERE recruiter_share_id = :s",
            s=share["id"],
        )
        assert [(v["job_id"], v["user_id"]) for v in views] == [(job_id, None)]
        page = await visitor.get(f"{landing.path}?{landing.query}")
        assert page.status_code == 200

        # The page's widget opens a conversation with the code; the person applies in it.
        await signed_in_candidate(visitor, db, "shared.link@example.org")
        chat = await start_conversation(
            visitor, share_code=code, page_url=opened.headers["location"]
        )
        await chat.say("apply")
        done = await chat.say("yes")
        assert done["actions"][0]["type"] == "applied", done
        application = (
            await rows(
                db,
                "SELECT id, recruiter_share_id, recruiter_id FROM applications WHERE job_id = :j",
                j=job_id,
            )
        )[0]
        assert str(application["recruiter_share_id"]) == share["id"]
        assert application["recruiter_id"] == recruiter_id

        listed = (await console.get("/api/recruiter/shares")).json()["shares"]
        counted = next(s for s in listed if s["id"] == share["id"])
        assert (counted["views"], counted["applications"], counted["placements"]) == (1, 1, 0)
        assert counted["conversion"] == 1.0
        assert counted["job_open"] is True and counted["job_url"] == f"{base}/jobs/{job_id}"
        stored = await _counters(db, share["id"])
        assert (stored["views"], stored["applications"]) == (1, 1)  # counters kept in step

        # The application goes on to a placement (as the ATS records it).
        await execute(
            db, "UPDATE applications SET status = 'placed' WHERE id = :a", a=application["id"]
        )
        await execute(
            db,
            "INSERT INTO application_status_history (id, application_id, status, created_at) "
            "VALUES (gen_random_uuid(), :a, 'placed', now())",
            a=application["id"],
        )
        one = (await console.get(f"/api/recruiter/shares/{share['id']}")).json()
        assert (one["views"], one["applications"], one["placements"]) == (1, 1, 1)


async def test_counts_are_the_rows_not_the_counters(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    shares = {
        r: await scalar(
            db, "SELECT count(*) FROM recruiter_job_shares WHERE recruiter_id = :r", r=r
        )
        for r in await active_recruiters(db)
    }
    recruiter_id = max(shares, key=lambda r: shares[r])
    # Counters that drifted from the rows (an old import, a bug) must not be what is shown.
    await execute(
        db,
        "UPDATE recruiter_job_shares SET views = views + 1000, applications = applications + 7 "
        "WHERE recruiter_id = :r",
        r=recruiter_id,
    )
    expected = {
        str(r["id"]): (r["views"], r["applications"], r["placements"])
        for r in await rows(
            db,
            """SELECT s.id,
                 (SELECT count(*) FROM job_views v WHERE v.recruiter_share_id = s.id) AS views,
                 (SELECT count(*) FROM applications a WHERE a.recruiter_share_id = s.id)
                   AS applications,
                 (SELECT count(*) FROM applications a WHERE a.recruiter_share_id = s.id
                    AND EXISTS (SELECT 1 FROM application_status_history h
                                WHERE h.application_id = a.id AND h.status = 'placed'))
                   AS placements
               FROM recruiter_job_shares s WHERE s.recruiter_id = :r""",
            r=recruiter_id,
        )
    }
    assert any(v[0] for v in expected.values())  # the demo links have views to count
    async with chat_app(auth_settings) as console:
        await signed_in_recruiter(console, db, recruiter_id)
        listed = (await console.get("/api/recruiter/shares?limit=200")).json()
    shown = {s["id"]: (s["views"], s["applications"], s["placements"]) for s in listed["shares"]}
    assert shown == expected
    assert {s["recruiter_id"] for s in listed["shares"]} == {str(recruiter_id)}


async def test_another_recruiters_links_do_not_exist_for_them(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    owner, other = (await active_recruiters(db))[:2]
    theirs = await scalar(
        db, "SELECT id FROM recruiter_job_shares WHERE recruiter_id = :r LIMIT 1", r=owner
    )
    assert theirs is not None
    async with chat_app(auth_settings) as console, chat_app(auth_settings) as admin:
        await signed_in_recruiter(console, db, other)
        assert (await console.get(f"/api/recruiter/shares/{theirs}")).status_code == 404
        listed = (await console.get("/api/recruiter/shares?limit=200")).json()["shares"]
        assert str(theirs) not in {s["id"] for s in listed}
        assert {s["recruiter_id"] for s in listed} <= {str(other)}

        await signed_in_admin(admin, db, "ada.shares@example.org")
        seen = await admin.get(f"/api/recruiter/shares/{theirs}")
        assert seen.status_code == 200 and seen.json()["recruiter_id"] == str(owner)
        # An admin without a recruiter profile has no links of their own to make.
        job_id = await _unshared_open_job(db, owner)
        refused = await admin.post("/api/recruiter/shares", json={"job_id": str(job_id)})
        assert refused.status_code == 409
        assert refused.json()["extra"]["code"] == "no_recruiter_profile"


async def test_only_open_jobs_and_only_staff(auth_settings: Settings, db: AsyncEngine) -> None:
    recruiter_id = (await active_recruiters(db))[0]
    closed_job = await scalar(
        db,
        "SELECT id FROM jobs WHERE closed_at IS NOT NULL OR NOT display_on_external_job_board "
        "LIMIT 1",
    )
    open_job = await _unshared_open_job(db, recruiter_id)
    before = await scalar(db, "SELECT count(*) FROM recruiter_job_shares")
    async with (
        chat_app(auth_settings) as anonymous,
        chat_app(auth_settings) as candidate,
        chat_app(auth_settings) as console,
    ):
        assert (await anonymous.get("/api/recruiter/shares")).status_code == 401
        made = await anonymous.post("/api/recruiter/shares", json={"job_id": str(open_job)})
        assert made.status_code == 401
        await signed_in_candidate(candidate, db, "no.shares@example.org")
        assert (await candidate.get("/api/recruiter/shares")).status_code == 403
        made = await candidate.post("/api/recruiter/shares", json={"job_id": str(open_job)})
        assert made.status_code == 403
        await signed_in_recruiter(console, db, recruiter_id)
        closed = await console.post("/api/recruiter/shares", json={"job_id": str(closed_job)})
        assert closed.status_code == 422 and closed.json()["extra"]["field"] == "job_id"
    assert await scalar(db, "SELECT count(*) FROM recruiter_job_shares") == before


async def test_an_unknown_code_is_a_not_found_page(
    auth_settings: Settings, db: AsyncEngine
) -> None:
    views = await scalar(db, "SELECT count(*) FROM job_views")
    async with chat_app(auth_settings) as visitor:
        for code in ("nosuchcode", "a'%20OR%201=1--", "x" * 80):
            page = await visitor.get(f"/j/{code}", follow_redirects=False)
            assert page.status_code == 404
            assert page.headers["content-type"].startswith("text/html")
            assert "couldn't find" in page.text and "Traceback" not in page.text
    assert await scalar(db, "SELECT count(*) FROM job_views") == views
