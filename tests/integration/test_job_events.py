"""Change data capture on a real PostgreSQL: job events from the sync's writes, consumer
groups, the content consumer's marks and the copilot cache consumer (data_layer/events/).

- every job the sync opened, changed, reopened or closed is exactly one event, written by
  the transaction that made the change (it sees its own events by its own txid); a write
  rolled back (a whole transaction, or the savepoint of a refused row) leaves no event;
- a whole LaborEdge sync against the simulator: events match the run's counters;
- each consumer group sees each event once, in order, also when a transaction that
  wrote an earlier event commits after a later one, and when two drainers race;
- the content consumer marks the pages of a job's city and specialty (both places for a
  job that moved), and the planner drafts only those still supported by the data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from decimal import Decimal
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker

from config.settings import Settings
from data_layer.events.caches import COPILOT_CACHE_GROUP, JOBS_VERSION_KEY, jobs_version
from data_layer.events.consumer import Event, consume, pending_by_group, prune
from data_layer.events.content import CONTENT_GROUP, clear_marks, mark_pages, plan_marked
from data_layer.events.drain import drain_job_events
from data_layer.events.jobs import JOB_TOPIC
from data_layer.events.outbox import NewEvent, publish
from data_layer.models import JobType, SyncRunStatus
from data_layer.sync.closing import close_jobs
from data_layer.sync.jobs import JobRow, upsert_jobs
from tests.integration.test_sync import admin, options_for
from tests.support.simulator import StartSim, simulators
from workers.sync.pipeline import run_sync

UTC = dt.UTC


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)


async def _master(engine: AsyncEngine) -> dict[str, int]:
    """A profession and three specialties; their ids by name."""
    async with engine.begin() as conn:
        profession = (
            await conn.execute(
                text(
                    "INSERT INTO professions (name, active) VALUES ('Registered Nurse', true) "
                    "RETURNING id"
                )
            )
        ).scalar_one()
        ids = {}
        for name in ("ICU", "ER", "Med Surg"):
            ids[name] = (
                await conn.execute(
                    text(
                        "INSERT INTO specialties (name, profession_id, active) "
                        "VALUES (:n, :p, true) RETURNING id"
                    ),
                    {"n": name, "p": profession},
                )
            ).scalar_one()
    return ids


def job(
    external_id: int,
    version: str = "a",
    *,
    city: str = "Austin",
    state: str = "TX",
    specialty_id: int | None = None,
    weekly_pay: str = "2400.00",
) -> JobRow:
    return JobRow(
        values={
            "external_job_id": external_id,
            "job_title": f"Travel RN #{external_id} ({version})",
            "display_on_external_job_board": True,
            "description_text": f"Nurse needed, version {version}",
            "job_type": JobType.TRAVEL,
            "job_status_code": "OPEN",
            "client_city": city,
            "client_state_code": state,
            "specialty_id": specialty_id,
            "weekly_pay": Decimal(weekly_pay),
            "content_hash": f"{version}{external_id:063d}"[:64],
        }
    )


async def _events(engine: AsyncEngine, after_id: int = 0) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT id, txid, event_type, key, payload FROM outbox_events "
                "WHERE id > :after ORDER BY id"
            ),
            {"after": after_id},
        )
        return [dict(r._mapping) for r in rows]


def _types_by_job(events: Sequence[dict[str, Any]]) -> dict[int, list[str]]:
    by_job: dict[int, list[str]] = {}
    for event in events:
        by_job.setdefault(event["payload"]["external_job_id"], []).append(event["event_type"])
    return by_job


async def _written_here(conn: AsyncConnection) -> list[tuple[str, int]]:
    """(type, external id) of the events this open transaction wrote itself."""
    rows = await conn.execute(
        text(
            "SELECT event_type, CAST(payload->>'external_job_id' AS INTEGER) FROM outbox_events "
            "WHERE txid = CAST(CAST(pg_current_xact_id() AS TEXT) AS BIGINT) ORDER BY id"
        )
    )
    return [(str(t), int(n)) for t, n in rows]


# ======================================================================= publishing
async def test_each_change_is_one_event_in_the_transaction_that_made_it(
    db_engine: AsyncEngine,
) -> None:
    specialties = await _master(db_engine)
    icu, er = specialties["ICU"], specialties["ER"]
    async with db_engine.begin() as conn:
        counts = await upsert_jobs(conn, [job(n, specialty_id=icu) for n in (1, 2, 3)], _now())
        # written by this very transaction (the one that inserted the jobs)
        assert await _written_here(conn) == [("job.opened", n) for n in (1, 2, 3)]
    assert counts.inserted == 3
    opened = await _events(db_engine)
    assert [e["event_type"] for e in opened] == ["job.opened"] * 3
    assert opened[0]["payload"]["job"] == {
        "client_city": "Austin",
        "client_state_code": "TX",
        "specialty_id": icu,
        "profession_id": None,
        "job_type": "Travel",
        "weekly_pay": 2400.0,
        "hourly_pay": None,
        "display_on_external_job_board": True,
    }
    last = opened[-1]["id"]

    # the same content again: nothing changed, nothing published
    async with db_engine.begin() as conn:
        await upsert_jobs(conn, [job(n, specialty_id=icu) for n in (1, 2, 3)], _now())
    assert await _events(db_engine, last) == []

    # a pay change and a move (another city and specialty): one event each, with before
    async with db_engine.begin() as conn:
        await upsert_jobs(
            conn,
            [
                job(1, "b", specialty_id=icu, weekly_pay="2650.00"),
                job(2, "b", city="Houston", specialty_id=er),
                job(3, specialty_id=icu),
            ],
            _now(),
        )
    changed = await _events(db_engine, last)
    assert _types_by_job(changed) == {1: ["job.changed"], 2: ["job.changed"]}
    pay, moved = (e["payload"] for e in changed)
    assert (pay["changed"], pay["before"]) == (["weekly_pay"], {"weekly_pay": 2400.0})
    assert moved["changed"] == ["client_city", "specialty_id"]
    assert moved["before"] == {"client_city": "Austin", "specialty_id": icu}
    last = changed[-1]["id"]

    # closed, then back on the board
    async with db_engine.begin() as conn:
        assert await close_jobs(conn, [3]) == 1
        assert await _written_here(conn) == [("job.closed", 3)]
    closed = await _events(db_engine, last)
    assert [(e["event_type"], e["payload"]["external_job_id"]) for e in closed] == [
        ("job.closed", 3)
    ]
    assert closed[0]["payload"]["job"]["display_on_external_job_board"] is False
    async with db_engine.begin() as conn:
        counts = await upsert_jobs(conn, [job(3, specialty_id=icu)], _now())
    assert counts.reopened == 1
    reopened = await _events(db_engine, closed[-1]["id"])
    assert [e["event_type"] for e in reopened] == ["job.reopened"]
    assert reopened[0]["payload"]["before"] == {"display_on_external_job_board": False}
    last = reopened[-1]["id"]

    # a write rolled back leaves no event
    conn = await db_engine.connect()
    try:
        transaction = await conn.begin()
        await upsert_jobs(
            conn, [job(1, "c", weekly_pay="9999.00"), job(9, specialty_id=er)], _now()
        )
        await transaction.rollback()
    finally:
        await conn.close()
    assert await _events(db_engine, last) == []

    # a refused row's savepoint takes its event with it; the rest of the page keeps theirs
    async with db_engine.begin() as conn:
        counts = await upsert_jobs(
            conn, [job(10, specialty_id=er), job(11, specialty_id=987654)], _now()
        )
    assert (counts.inserted, [r.external_job_id for r in counts.rejected]) == (1, [11])
    assert _types_by_job(await _events(db_engine, last)) == {10: ["job.opened"]}


# ========================================================================= whole sync
@pytest.fixture
def start_sim() -> Iterator[StartSim]:
    with simulators(jobs=120, seed=5) as start:
        yield start


async def test_a_laboredge_sync_publishes_exactly_its_changes(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim()
    options = options_for(sim, migrated_db_url)
    first = await run_sync(options, "full", engine=db_engine)
    assert (first.status, first.inserted) == (SyncRunStatus.SUCCEEDED, 120)
    events = await _events(db_engine)
    assert [e["event_type"] for e in events] == ["job.opened"] * 120
    assert len({e["key"] for e in events}) == 120
    last = events[-1]["id"]

    change = await admin(sim, "POST", "mutate", {"add": 4, "update": 6, "close": 3, "seed": 9})
    info = await run_sync(options, "incremental", engine=db_engine)
    assert (info.inserted, info.updated, info.closed) == (4, 6, 3), info.error_message
    events = await _events(db_engine, last)
    assert _types_by_job(events) == {
        **{n: ["job.opened"] for n in change["added"]},
        **{n: ["job.changed"] for n in change["updated"]},
        **{n: ["job.closed"] for n in change["closed"]},
    }

    quiet = await run_sync(options, "incremental", engine=db_engine)
    assert quiet.status is SyncRunStatus.SUCCEEDED
    assert await _events(db_engine, events[-1]["id"]) == []


# ========================================================================== consuming
def _event(n: int) -> NewEvent:
    return NewEvent(JOB_TOPIC, "job.test", f"job-{n}", {"n": n})


class Collector:
    def __init__(self) -> None:
        self.seen: list[int] = []

    async def __call__(self, conn: AsyncConnection, events: Sequence[Event]) -> None:
        self.seen.extend(int(e.payload["n"]) for e in events)


async def test_each_group_sees_each_event_once_in_commit_safe_order(
    db_engine: AsyncEngine,
) -> None:
    for batch in ((1, 2, 3), (4,), (5, 6, 7, 8)):
        async with db_engine.begin() as conn:
            await publish(conn, [_event(n) for n in batch])

    first, second = Collector(), Collector()
    assert await consume(db_engine, "group-a", JOB_TOPIC, first, limit=3) == 8
    assert await consume(db_engine, "group-b", JOB_TOPIC, second, limit=100) == 8
    assert first.seen == second.seen == [1, 2, 3, 4, 5, 6, 7, 8]
    assert await consume(db_engine, "group-a", JOB_TOPIC, first, limit=3) == 0

    # A transaction that wrote event 9 first but commits after the one that wrote 10:
    # 10 must wait, or a cursor past it would skip 9 for good.
    slow = await db_engine.connect()
    try:
        slow_tx = await slow.begin()
        await publish(slow, [_event(9)])
        async with db_engine.begin() as conn:
            await publish(conn, [_event(10)])
        assert await consume(db_engine, "group-a", JOB_TOPIC, first) == 0
        async with db_engine.connect() as conn:
            assert (await pending_by_group(conn))["group-a"] == 1  # 10 committed, 9 not yet
        await slow_tx.commit()
    finally:
        await slow.close()
    assert await consume(db_engine, "group-a", JOB_TOPIC, first) == 2
    assert first.seen[-2:] == [9, 10]

    # Two drainers of one group at once: every event handled once between them.
    async with db_engine.begin() as conn:
        await publish(conn, [_event(n) for n in range(11, 31)])
    racing = Collector()
    handled = await asyncio.gather(
        *(consume(db_engine, "group-c", JOB_TOPIC, racing, limit=4) for _ in range(3))
    )
    assert sum(handled) == 30 and sorted(racing.seen) == list(range(1, 31))
    assert len(racing.seen) == len(set(racing.seen))

    # A handler that fails: its batch stays unhandled and comes again.
    async def failing(conn: AsyncConnection, events: Sequence[Event]) -> None:
        raise RuntimeError("consumer down")

    with pytest.raises(RuntimeError):
        await consume(db_engine, "group-b", JOB_TOPIC, failing)
    assert await consume(db_engine, "group-b", JOB_TOPIC, second) == 22
    assert second.seen == list(range(1, 31))

    # Pruning keeps what any group has not read.
    assert await consume(db_engine, "group-a", JOB_TOPIC, first) == 20
    future = _now() + dt.timedelta(days=1)
    async with db_engine.begin() as conn:
        await publish(conn, [_event(31)])
    async with db_engine.begin() as conn:
        assert await prune(conn, future) == 30  # 31: no group has read it
    async with db_engine.connect() as conn:
        left = (await conn.execute(text("SELECT count(*) FROM outbox_events"))).scalar_one()
    assert left == 1


# ============================================================ the content consumer
@pytest.fixture
def content_settings(test_settings: Settings) -> Settings:
    return test_settings.model_copy(
        update={
            "content_min_jobs_city": 2,
            "content_min_jobs_specialty": 2,
            "content_min_jobs_city_specialty": 2,
        }
    )


async def _marks(engine: AsyncEngine) -> dict[tuple[str, str], str]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT content_type, target->>'key', reason FROM content_replan_marks")
        )
        return {(t, k): reason for t, k, reason in rows}


async def test_the_content_consumer_marks_the_pages_of_changed_jobs(
    db_engine: AsyncEngine, mongo_db: AsyncDatabase, content_settings: Settings
) -> None:
    specialties = await _master(db_engine)
    icu, er = specialties["ICU"], specialties["ER"]
    async with db_engine.begin() as conn:
        await upsert_jobs(
            conn,
            [job(n, specialty_id=icu) for n in (1, 2, 3)]
            + [job(n, city="Dallas", specialty_id=er) for n in (4, 5)],
            _now(),
        )
    await consume(db_engine, CONTENT_GROUP, JOB_TOPIC, mark_pages)
    assert await _marks(db_engine) == {
        ("city_guide", "tx/austin"): "job.opened",
        ("city_guide", "tx/dallas"): "job.opened",
        ("specialty_page", "icu"): "job.opened",
        ("specialty_page", "er"): "job.opened",
        ("city_specialty_page", "tx/austin/icu"): "job.opened",
        ("city_specialty_page", "tx/dallas/er"): "job.opened",
    }

    factory = async_sessionmaker(db_engine, expire_on_commit=False)
    async with factory() as session:
        found = await plan_marked(session, mongo_db, content_settings, limit=50)
        planned = sorted((t.content_type.value, t.key) for t in found.plan.targets)
        await clear_marks(session, found.handled)
        await session.commit()
    assert planned == [
        ("city_guide", "tx/austin"),
        ("city_guide", "tx/dallas"),
        ("city_specialty_page", "tx/austin/icu"),
        ("city_specialty_page", "tx/dallas/er"),
        ("specialty_page", "er"),
        ("specialty_page", "icu"),
    ]
    assert await _marks(db_engine) == {}

    # A description-only change marks nothing; a move marks both places; a close marks.
    async with db_engine.begin() as conn:
        await upsert_jobs(conn, [job(1, "b", specialty_id=icu)], _now())  # text only
        await upsert_jobs(conn, [job(2, "b", city="Houston", specialty_id=er)], _now())
        await close_jobs(conn, [5])
    await consume(db_engine, CONTENT_GROUP, JOB_TOPIC, mark_pages)
    assert await _marks(db_engine) == {
        ("city_guide", "tx/houston"): "job.changed",
        ("city_guide", "tx/austin"): "job.changed",
        ("specialty_page", "er"): "job.closed",
        ("specialty_page", "icu"): "job.changed",
        ("city_specialty_page", "tx/houston/er"): "job.changed",
        ("city_specialty_page", "tx/austin/icu"): "job.changed",
        ("city_guide", "tx/dallas"): "job.closed",
        ("city_specialty_page", "tx/dallas/er"): "job.closed",
    }
    async with factory() as session:
        found = await plan_marked(session, mongo_db, content_settings, limit=50)
        # Austin keeps 2 ICU jobs; Houston has 1 job and Dallas 1 open job now (< 2):
        # those pages are no longer supported by the data and are not drafted.
        planned = sorted((t.content_type.value, t.key) for t in found.plan.targets)
        assert len(found.handled) == 8
    assert planned == [
        ("city_guide", "tx/austin"),
        ("city_specialty_page", "tx/austin/icu"),
        ("specialty_page", "er"),
        ("specialty_page", "icu"),
    ]


# ============================================================== drain + cache consumer
@pytest.fixture
async def redis(stack_settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(stack_settings.effective_redis_url)
    yield client
    await client.aclose()


async def test_a_drain_feeds_every_group_and_ends_the_copilot_answers_reuse(
    db_engine: AsyncEngine, redis: Redis, test_settings: Settings
) -> None:
    from assistant.copilot.cache import AnswerCache, CachedAnswer
    from data_layer.recruiting.scope import RecruiterScope

    specialties = await _master(db_engine)
    cache = AnswerCache(redis, ttl_s=900, database=f"test-{uuid.uuid4().hex}")
    scope = RecruiterScope(user_id=uuid.uuid4(), recruiter_id=None, is_admin=True)
    today = dt.date(2026, 11, 28)
    question = "how many open ICU jobs in Texas?"
    await cache.put(question, "u1", scope, today, CachedAnswer({"text": "3"}, None))
    assert await cache.get(question, "u1", scope, today) is not None

    async with db_engine.begin() as conn:
        await upsert_jobs(conn, [job(n, specialty_id=specialties["ICU"]) for n in (1, 2)], _now())
    version = await jobs_version(redis)
    result = await drain_job_events(db_engine, redis, test_settings)
    assert result.handled == {CONTENT_GROUP: 2, COPILOT_CACHE_GROUP: 2}
    assert result.pages_marked == 3
    assert int(await jobs_version(redis)) == int(version) + 1
    assert await cache.get(question, "u1", scope, today) is None  # counted afresh

    again = await drain_job_events(db_engine, redis, test_settings)
    assert again.handled == {CONTENT_GROUP: 0, COPILOT_CACHE_GROUP: 0}
    assert await redis.exists(JOBS_VERSION_KEY)
