"""The chat API end to end in offline mode: real PostgreSQL, MongoDB wire server, real app."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from config.settings import Settings
from data_layer.accounts.service import hash_token
from data_layer.chat.transcripts import stored_messages
from tests.integration.account_helpers import SignUps
from tests.integration.chat_helpers import chat_app, parse_sse, start_conversation


@pytest.fixture
async def db(chat_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(chat_settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def mongo(chat_settings: Settings) -> AsyncIterator[Any]:
    client: AsyncMongoClient = AsyncMongoClient(chat_settings.effective_mongodb_url, tz_aware=True)
    yield client[chat_settings.mongodb_db]
    await client.close()


async def _scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()


async def _rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).mappings())


async def test_search_returns_real_matching_jobs_and_the_understood_filters(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client, page_url="https://careers.example.com/jobs")
        reply = await chat.say("ICU travel jobs in Texas")
    jobs = reply["jobs"]
    assert jobs is not None
    assert jobs["filters"]["specialty"] == "ICU"
    assert jobs["filters"]["state"] == "TX"
    assert jobs["filters"]["job_type"] == "Travel"
    expected = await _scalar(
        db,
        """SELECT count(*) FROM jobs j JOIN specialties s ON s.id = j.specialty_id
           WHERE s.name = 'ICU' AND j.client_state_code = 'TX' AND j.job_type = 'Travel'
             AND j.display_on_external_job_board AND j.closed_at IS NULL""",
    )
    assert jobs["total"] == expected
    for card in jobs["jobs"]:
        row = (
            await _rows(
                db,
                """SELECT j.client_state_code, j.job_type::text AS job_type, s.name AS specialty,
                          j.weekly_pay, j.display_on_external_job_board AS shown
                   FROM jobs j JOIN specialties s ON s.id = j.specialty_id
                   WHERE j.id = CAST(:id AS uuid)""",
                id=card["id"],
            )
        )[0]
        assert (row["client_state_code"], row["job_type"], row["specialty"]) == (
            "TX",
            "Travel",
            "ICU",
        )
        assert row["shown"] is True
        assert card["weekly_pay"] == float(row["weekly_pay"])
        assert card["url"] == f"https://careers.example.com/jobs/{card['id']}"
    assert expected > 0 and jobs["jobs"], "the seeded data must hold such jobs"
    assert str(expected) in reply["text"] or f"{expected:,}" in reply["text"]
    searches = await _rows(db, "SELECT filters, results_count FROM user_searches")
    assert len(searches) == 1 and searches[0]["results_count"] == expected


async def test_sse_streams_deltas_tools_jobs_then_done(chat_settings: Settings) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        events = await chat.stream("travel ICU nurse jobs in Texas")
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "message.done"
    assert kinds.index("tool.started") < kinds.index("tool.finished") < kinds.index("jobs")
    assert "message.delta" in kinds
    streamed = "".join(data["text"] for kind, data in events if kind == "message.delta")
    done = events[-1][1]
    assert streamed.strip() == done["text"] and done["message_id"]
    assert next(d for k, d in events if k == "tool.started")["name"] == "search_jobs"


async def test_other_tokens_get_404_and_bad_content_422(chat_settings: Settings) -> None:
    async with chat_app(chat_settings) as client:
        mine = await start_conversation(client)
        theirs = await start_conversation(client)
        url = f"/api/chat/sessions/{mine.session_id}/messages"
        for headers in ({}, theirs.auth, {"Authorization": "Bearer nope"}):
            assert (
                await client.post(url, json={"content": "hi"}, headers=headers)
            ).status_code == 404
            assert (await client.get(url, headers=headers)).status_code == 404
        missing = "/api/chat/sessions/00000000-0000-4000-8000-000000000000/messages"
        assert (await client.get(missing, headers=mine.auth)).status_code == 404
        empty = await client.post(url, json={"content": "   "}, headers=mine.auth)
        assert empty.status_code == 422 and "empty" in empty.json()["detail"].lower()
        long = await client.post(url, json={"content": "x" * 4001}, headers=mine.auth)
        assert long.status_code == 422 and "4,000" in long.json()["detail"]
        assert "Traceback" not in long.text


async def test_token_is_stored_hashed(chat_settings: Settings, db: AsyncEngine) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
    stored = await _scalar(
        db, "SELECT token_hash FROM chat_sessions WHERE id = CAST(:id AS uuid)", id=chat.session_id
    )
    assert stored == hash_token(chat.token) and chat.token not in stored


async def test_history_brings_back_the_job_cards_a_reply_showed(chat_settings: Settings) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        found = await chat.say("ICU travel jobs in Texas")
        await chat.say("thanks!")
        history = await chat.history()
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]
    shown = history[1]["jobs"]
    assert [j["id"] for j in shown["jobs"]] == [j["id"] for j in found["jobs"]["jobs"]]
    assert shown["total"] == found["jobs"]["total"] > 0
    assert shown["filters"] == found["jobs"]["filters"]
    assert shown["jobs"][0] == found["jobs"]["jobs"][0]  # the whole card, as first shown
    assert "jobs" not in history[3] and "jobs" not in history[0]


async def test_transcript_and_analytics_land_in_mongo(chat_settings: Settings, mongo: Any) -> None:
    html = "<img src=x onerror=alert(1)> ICU jobs in Texas"
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(
            client, page_url="https://careers.example.com/", referrer="https://google.com/"
        )
        await chat.say(html)
        history = await chat.history()
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[0]["content"] == html  # stored and returned as text, untouched
    doc = await mongo.chat_conversations.find_one({"session_id": chat.session_id})
    assert doc is not None
    assert doc["context"]["page_url"] == "https://careers.example.com/"
    assert doc["context"]["referrer"] == "https://google.com/"
    assert len(doc["metadata"]["job_searches"]) == 1
    assert isinstance(doc["last_activity"], dt.datetime)
    assert all(isinstance(m["timestamp"], dt.datetime) for m in stored_messages(doc))
    events = await mongo.analytics_events.find({"session_id": chat.session_id}).to_list()
    assert [e["event_type"] for e in events] == ["chat_turn"]


async def test_anonymous_apply_collects_details_holds_until_the_email_is_confirmed(
    auth_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    async with chat_app(auth_settings) as client:
        chat = await start_conversation(client)
        found = await chat.say("travel nurse jobs in Texas")
        first = found["jobs"]["jobs"][0]
        asked = await chat.say("I'd like to apply to the first one")
        assert "first name" in asked["text"].lower()
        await chat.say("Jane")
        await chat.say("Doe")
        await chat.say("jane.doe.chat@example.org")
        confirm = await chat.say("(555) 201-3344")
        assert [a["type"] for a in confirm["actions"]] == ["verification_sent", "confirm_apply"]
        assert confirm["actions"][1]["job"]["id"] == first["id"]
        assert "j***@example.org" in confirm["text"]
        held = await chat.say("yes, submit it")
        assert [a["type"] for a in held["actions"]] == ["application_held"]
        # Nothing exists in anyone's name until the address is confirmed.
        assert (
            await _scalar(
                db,
                "SELECT count(*) FROM applications WHERE source = 'chat' "
                "AND candidate_id IN (SELECT c.id FROM candidates c JOIN users u "
                "ON u.id = c.user_id WHERE u.email = 'jane.doe.chat@example.org')",
            )
            == 0
        )
        assert (
            await _scalar(
                db, "SELECT count(*) FROM users WHERE email = 'jane.doe.chat@example.org'"
            )
            == 0
        )

        mail = await sign_up.mail_to("jane.doe.chat@example.org")
        token = mail.token("/account/verify")
        verified = await client.post(
            "/api/auth/verify", json={"token": token, "password": "maple-harbor-quilt-62"}
        )
        assert verified.status_code == 200, verified.text
        assert verified.json()["applications_sent"] == 1
        assert verified.json()["linked_conversations"] == 1
        # Signed in now, in the same conversation: applying again is idempotent.
        again = await chat.say("apply to it")
        assert [a["type"] for a in again["actions"]] == ["confirm_apply"]
        twice = await chat.say("yes")
        assert twice["actions"][0]["already_applied"] is True

    user = (
        await _rows(
            db,
            "SELECT id, status::text AS status, phone FROM users WHERE email = :e",
            e="jane.doe.chat@example.org",
        )
    )[0]
    assert user["status"] == "active" and user["phone"] == "+15552013344"
    apps = await _rows(
        db,
        """SELECT a.id, a.status::text AS status, a.source, a.job_id, j.application_count
           FROM applications a JOIN candidates c ON c.id = a.candidate_id
           JOIN jobs j ON j.id = a.job_id WHERE c.user_id = :u""",
        u=user["id"],
    )
    assert len(apps) == 1 and str(apps[0]["job_id"]) == first["id"]
    assert apps[0]["status"] == "applied" and apps[0]["source"] == "chat"
    history = await _scalar(
        db,
        "SELECT count(*) FROM application_status_history WHERE application_id = :a",
        a=apps[0]["id"],
    )
    assert history == 1
    owner = await _scalar(
        db, "SELECT user_id FROM chat_sessions WHERE id = CAST(:s AS uuid)", s=chat.session_id
    )
    assert owner == user["id"]


async def test_cancel_means_no_application(chat_settings: Settings, db: AsyncEngine) -> None:
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        await chat.say("travel nurse jobs in Texas")
        await chat.say("apply to the second one")
        await chat.say("Sam Rivera, sam.rivera@example.org, 555-301-2222")
        cancelled = await chat.say("no, cancel")
        assert "cancel" in cancelled["text"].lower() or "no problem" in cancelled["text"].lower()
        assert (await chat.say("yes"))["actions"] == []
    assert await _scalar(db, "SELECT count(*) FROM applications WHERE source = 'chat'") == 0


async def test_known_email_is_asked_to_log_in(chat_settings: Settings, db: AsyncEngine) -> None:
    taken = await _scalar(db, "SELECT email FROM users WHERE user_type = 'candidate' LIMIT 1")
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(client)
        await chat.say("travel nurse jobs in Texas")
        await chat.say("apply to the first one")
        reply = await chat.say(f"Pat Lee, {taken}, 555-444-1234")
    assert [a["type"] for a in reply["actions"]] == ["login_required"]
    assert await _scalar(db, "SELECT count(*) FROM users WHERE email = :e", e=taken) == 1


async def test_referral_and_share_attribution_reach_the_application(
    chat_settings: Settings, db: AsyncEngine, sign_up: SignUps
) -> None:
    referral = (
        await _rows(
            db,
            # the friend it was sent to, not signed up yet: only that person advances it
            """SELECT r.id, r.referral_code, r.referrer_id, r.referred_email FROM referrals r
               WHERE r.status = 'sent' AND NOT EXISTS (
                 SELECT 1 FROM users u WHERE lower(u.email) = lower(r.referred_email))
               LIMIT 1""",
        )
    )[0]
    share = (
        await _rows(
            db,
            """SELECT s.id, s.share_code, s.recruiter_id, s.job_id, s.applications, s.views
               FROM recruiter_job_shares s JOIN jobs j ON j.id = s.job_id
               WHERE j.display_on_external_job_board AND j.closed_at IS NULL LIMIT 1""",
        )
    )[0]
    share_views_before = await _scalar(
        db, "SELECT count(*) FROM job_views WHERE recruiter_share_id = :s", s=share["id"]
    )
    async with chat_app(chat_settings) as client:
        chat = await start_conversation(
            client, referral_code=referral["referral_code"], share_code=share["share_code"]
        )
        await chat.say("tell me more about this job")
        await chat.say("apply")
        friend = str(referral["referred_email"]).lower()
        await chat.say(f"Alex Kim, {friend.upper()}, 555-777-8888")
        done = await chat.say("yes")
        assert done["actions"][0]["type"] == "application_held"
        # Confirmed later, on another device: the attribution travels with the sign-up.
        token = (await sign_up.mail_to(friend)).token("/account/verify")
        verified = await client.post(
            "/api/auth/verify", json={"token": token, "password": "cobalt-meadow-tulip-35"}
        )
        assert verified.json()["applications_sent"] == 1, verified.text
    app = (
        await _rows(
            db,
            "SELECT referrer_id, referral_code, recruiter_id FROM applications WHERE job_id = :j "
            "AND source = 'chat'",
            j=share["job_id"],
        )
    )[0]
    assert app["referrer_id"] == referral["referrer_id"]
    assert app["referral_code"] == referral["referral_code"]
    assert app["recruiter_id"] == share["recruiter_id"]
    counters = (
        await _rows(
            db, "SELECT applications, views FROM recruiter_job_shares WHERE id = :s", s=share["id"]
        )
    )[0]
    assert counters["applications"] == share["applications"] + 1
    assert counters["views"] == share["views"] + 1
    status = await _scalar(db, "SELECT status::text FROM referrals WHERE id = :r", r=referral["id"])
    assert status == "applied"
    views = await _scalar(
        db,
        "SELECT count(*) FROM job_views WHERE job_id = :j AND recruiter_share_id = :s",
        j=share["job_id"],
        s=share["id"],
    )
    assert views == share_views_before + 1


async def test_handoff_goes_to_the_least_busy_recruiter(
    chat_settings: Settings, db: AsyncEngine
) -> None:
    async with chat_app(chat_settings) as client:
        first = await start_conversation(client)
        reply = await first.say("can I talk to a real person please")
        second = await start_conversation(client)
        await second.say("I want to speak with a recruiter")
        again = await first.say("talk to a human")
    action = reply["actions"][0]
    assert action["type"] == "handoff" and action["recruiter_name"]
    assert action["recruiter_name"].split()[0] in reply["text"]
    assert again["actions"][0]["already_requested"] is True
    handoffs = await _rows(
        db, "SELECT recruiter_id, status::text AS status FROM chat_handoffs ORDER BY created_at"
    )
    assert len(handoffs) == 2 and {h["status"] for h in handoffs} == {"open"}
    assert handoffs[0]["recruiter_id"] != handoffs[1]["recruiter_id"]  # spread, not piled
    status = await _scalar(
        db, "SELECT status::text FROM chat_sessions WHERE id = CAST(:s AS uuid)", s=first.session_id
    )
    assert status == "handed_off"


async def test_sse_and_json_agree(chat_settings: Settings) -> None:
    async with chat_app(chat_settings) as client:
        a = await start_conversation(client)
        b = await start_conversation(client)
        as_json = await a.say("per diem CNA jobs in Florida")
        as_sse = parse_sse(
            (
                await client.post(
                    f"/api/chat/sessions/{b.session_id}/messages",
                    json={"content": "per diem CNA jobs in Florida"},
                    headers={**b.auth, "Accept": "text/event-stream"},
                )
            ).text
        )
    sse_jobs = next(data for kind, data in as_sse if kind == "jobs")
    assert sse_jobs["filters"] == as_json["jobs"]["filters"]
    assert [j["id"] for j in sse_jobs["jobs"]] == [j["id"] for j in as_json["jobs"]["jobs"]]
    assert as_sse[-1][1]["text"] == as_json["text"]
