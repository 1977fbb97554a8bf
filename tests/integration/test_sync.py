"""The LaborEdge job sync end to end: the simulator over real HTTP, a real PostgreSQL.

Every test starts its own simulator (uvicorn in a thread, free port) and gets a
fresh migrated database, so faults, counters and runs never leak between tests.
Backoff is configured in milliseconds so fault injection stays fast. "The
database matches LaborEdge" is always checked field by field: each record the
simulator serves (``GET /__sim/jobs``) is mapped with the stored master data
and every mapped column, certification and rate is compared with the row.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from config.settings import PROJECT_ROOT, Settings
from data_layer.models import (
    Job,
    JobEmbedding,
    JobRate,
    JobRequiredCertification,
    Profession,
    Specialty,
    State,
    SyncQuarantine,
    SyncRun,
    SyncRunKind,
    SyncRunStatus,
)
from data_layer.sync.closing import CLOSED_STATUS_CODE
from data_layer.sync.jobs import UPSTREAM_JOB_ID_LIMIT, JobRow, upsert_jobs
from data_layer.sync.locks import sync_lock_held
from data_layer.sync.master import Lookups, load_lookups
from data_layer.sync.quarantine import list_quarantine
from data_layer.sync.runs import get_run, latest_runs
from devstack.laboredge_simulator import (
    UNKNOWN_PROFESSION_ID,
    FaultConfig,
    SimulatorServer,
    master_lists,
)
from tests.support.simulator import StartSim, simulators
from workers.celery_app import create_celery, sync_schedule
from workers.laboredge.config import LaborEdgeConfig
from workers.laboredge.mapped import MAPPED_COLUMNS, MappedJob
from workers.laboredge.mapping import map_job
from workers.sync.master import MASTER_SYNC_LISTS
from workers.sync.options import SyncOptions
from workers.sync.pipeline import run_embeddings, run_master_sync, run_refresh, run_sync

UTC = datetime.UTC


class SimulatedCrash(BaseException):
    """Stands for the process dying: not an ``Exception``, so the run is not finished."""


@pytest.fixture
def start_sim() -> Iterator[StartSim]:
    with simulators(jobs=300, seed=7) as start:
        yield start


def options_for(sim: SimulatorServer, db_url: str, **overrides: Any) -> SyncOptions:
    client = {
        "timeout_s": 5.0,
        "page_size": 50,
        "max_retries": 6,
        "backoff_base_s": 0.005,
        "backoff_max_s": 0.03,
        "retry_after_max_s": 0.2,
    }
    client.update(overrides.pop("client", {}))
    return SyncOptions(
        database_url=db_url,
        laboredge=LaborEdgeConfig.for_simulator(sim.base_url, **client),
        **overrides,
    )


async def admin(sim: SimulatorServer, method: str, path: str, body: Any = None) -> Any:
    async with httpx.AsyncClient(base_url=sim.base_url, timeout=30) as http:
        response = await http.request(method, f"/__sim/{path}", json=body)
    response.raise_for_status()
    return response.json()


# ------------------------------------------------------------------ comparisons
async def db_lookups(engine: AsyncEngine) -> Lookups:
    async with engine.connect() as conn:
        return await load_lookups(conn)


async def stored_jobs(engine: AsyncEngine) -> dict[int, dict[str, Any]]:
    """Every job row by external id, with its certifications and rates (sorted)."""
    jobs_t = Job.__table__
    certs_t = JobRequiredCertification.__table__
    rates_t = JobRate.__table__
    async with engine.connect() as conn:
        rows = {r.id: dict(r._mapping) for r in await conn.execute(select(jobs_t))}
        certs: dict[Any, list[tuple[Any, ...]]] = {}
        for r in await conn.execute(select(certs_t)):
            certs.setdefault(r.job_id, []).append(
                (r.certification, r.for_onboarding, r.for_submittal)
            )
        rates: dict[Any, list[tuple[Any, ...]]] = {}
        for r in await conn.execute(select(rates_t)):
            rates.setdefault(r.job_id, []).append((r.bill_rate_code_id, r.bill_rate_code, r.rate))
    out: dict[int, dict[str, Any]] = {}
    for job_id, row in rows.items():
        row["certifications"] = sorted(certs.get(job_id, []))
        row["rates"] = sorted(rates.get(job_id, []), key=repr)
        out[row["external_job_id"]] = row
    return out


def assert_job_matches(record: dict[str, Any], row: dict[str, Any], lookups: Lookups) -> None:
    mapped = map_job(record, lookups)
    assert isinstance(mapped, MappedJob), mapped
    values = mapped.values.as_dict()
    different = {
        column: (values[column], row[column])
        for column in MAPPED_COLUMNS
        if values[column] != row[column]
    }
    assert not different, f"job {record['jobId']}: {different}"
    expected_certs = sorted(
        (c["certification"], c["for_onboarding"], c["for_submittal"]) for c in mapped.certifications
    )
    expected_rates = sorted(
        ((r["bill_rate_code_id"], r["bill_rate_code"], r["rate"]) for r in mapped.rates), key=repr
    )
    assert row["certifications"] == expected_certs, record["jobId"]
    assert row["rates"] == expected_rates, record["jobId"]
    # a few fields read straight from the record, not through the mapper
    assert row["job_title"] == record["jobTitle"]
    assert row["client_city"] == (record.get("clientCity") or record.get("city"))
    assert row["client_state_code"] == (record.get("clientStateCode") or record.get("stateCode"))
    if record.get("weeklyPay") is not None:
        assert row["weekly_pay"] == Decimal(str(record["weeklyPay"])).quantize(Decimal("0.01"))
    assert row["description"] == (record.get("description") or record.get("jobDescription"))
    assert row["sales_rep_email"] == record["salesRepEmail"]
    assert row["staffing_specialist_id"] == record["staffingSpecialistId"]
    assert len(row["certifications"]) == len(record["jobRequiredCertifications"])
    assert len(row["rates"]) == len(record["jobRates"])
    assert row["closed_at"] is None and row["display_on_external_job_board"] is True


async def assert_db_matches_board(
    engine: AsyncEngine, sim: SimulatorServer, *, exclude: frozenset[int] = frozenset()
) -> dict[str, Any]:
    truth = await admin(sim, "GET", "jobs")
    lookups = await db_lookups(engine)
    rows = await stored_jobs(engine)
    malformed = {int(k) for k in truth["malformed"]}
    for record in truth["records"]:
        if record["jobId"] in malformed or record["jobId"] in exclude:
            continue
        assert record["jobId"] in rows, f"job {record['jobId']} is missing"
        assert_job_matches(record, rows[record["jobId"]], lookups)
    on_board = {r["jobId"] for r in truth["records"]}
    for external_id, row in rows.items():
        if external_id not in on_board and external_id not in exclude:
            assert row["closed_at"] is not None, f"job {external_id} left the board but is open"
            assert row["display_on_external_job_board"] is False
            assert row["job_status_code"] == CLOSED_STATUS_CODE
    return truth


async def count(engine: AsyncEngine, model: Any, *where: Any) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# ========================================================================= full
async def test_full_sync_stores_every_job_field_by_field(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=420)
    options = options_for(sim, migrated_db_url)
    pages: list[int] = []
    info = await run_sync(
        options, "full", engine=db_engine, progress=lambda p: pages.append(p.pages)
    )

    assert info.status is SyncRunStatus.SUCCEEDED, info.error_message
    assert (info.pages, info.fetched, info.inserted) == (9, 420, 420)
    assert (info.updated, info.unchanged, info.closed, info.quarantined, info.errors) == (0,) * 5
    assert info.details and info.details["master"]["reason"] == "no master data in the database"
    assert pages[-1] == 9 and pages == sorted(pages)
    await assert_db_matches_board(db_engine, sim)
    assert await count(db_engine, Job) == 420
    # the master lists were stored from LaborEdge, job statuses from the records
    lists = master_lists()
    assert await count(db_engine, Profession) == len(lists["professions"])
    assert await count(db_engine, Specialty) == len(lists["specialties"])
    assert await count(db_engine, State) == len(lists["states"])
    async with db_engine.connect() as conn:
        run = await get_run(conn, info.id)
        synced = await conn.scalar(select(func.min(Job.last_synced_at)))
    assert run is not None and run.status is SyncRunStatus.SUCCEEDED and run.finished_at
    assert synced is not None and synced >= info.started_at

    # the same board again: nothing rewritten, every job seen
    before = {k: v["updated_at"] for k, v in (await stored_jobs(db_engine)).items()}
    again = await run_sync(options, "full", engine=db_engine)
    assert again.status is SyncRunStatus.SUCCEEDED
    assert (again.fetched, again.unchanged, again.inserted, again.updated) == (420, 420, 0, 0)
    after = await stored_jobs(db_engine)
    assert {k: v["updated_at"] for k, v in after.items()} == before
    assert min(v["last_synced_at"] for v in after.values()) >= again.started_at


async def test_demo_jobs_and_our_own_jobs_are_never_closed(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=60)
    options = options_for(sim, migrated_db_url)
    assert (await run_sync(options, "full", engine=db_engine)).inserted == 60
    old = datetime.datetime(2020, 1, 1, tzinfo=UTC)
    demo_id = UPSTREAM_JOB_ID_LIMIT + 123
    async with db_engine.begin() as conn:
        await upsert_jobs(
            conn,
            [
                JobRow({"external_job_id": demo_id, "job_title": "demo", "content_hash": "d"}),
                JobRow({"external_job_id": 123, "job_title": "gone upstream", "content_hash": "x"}),
            ],
            old,
        )
    info = await run_sync(options, "full", engine=db_engine)
    assert info.closed == 1
    rows = await stored_jobs(db_engine)
    assert rows[demo_id]["closed_at"] is None
    assert rows[123]["closed_at"] is not None and rows[123]["job_status_code"] == "CLOSED"


# ================================================================== incremental
@pytest.mark.parametrize("use_modified_since", [True, False], ids=["modifiedSince", "hash-scan"])
async def test_incremental_lands_exactly_the_changes(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str, use_modified_since: bool
) -> None:
    sim = start_sim(jobs=400)
    options = options_for(sim, migrated_db_url, use_modified_since=use_modified_since)
    first = await run_sync(options, "incremental", engine=db_engine)  # no watermark: whole board
    assert (first.status, first.inserted, first.closed) == (SyncRunStatus.SUCCEEDED, 400, 0)
    before = await stored_jobs(db_engine)

    change = await admin(sim, "POST", "mutate", {"add": 7, "update": 11, "close": 5, "seed": 3})
    info = await run_sync(options, "incremental", engine=db_engine)
    assert info.status is SyncRunStatus.SUCCEEDED, info.error_message
    assert (info.inserted, info.updated, info.closed, info.reopened) == (7, 11, 5, 0)
    assert info.quarantined == 0
    await assert_db_matches_board(db_engine, sim)
    after = await stored_jobs(db_engine)
    assert set(after) == set(before) | set(change["added"])
    touched = set(change["updated"]) | set(change["closed"])
    for external_id, row in before.items():
        if external_id in touched:
            assert after[external_id]["updated_at"] > row["updated_at"]
        else:  # untouched rows were not written at all
            assert after[external_id]["updated_at"] == row["updated_at"], external_id
            assert after[external_id]["last_synced_at"] == row["last_synced_at"], external_id
    for external_id in change["closed"]:
        assert after[external_id]["closed_at"] is not None
    phases = [s["phase"] for s in info.details["scans"]] if info.details else []
    assert phases == (["changes", "scan"] if use_modified_since else ["scan"])

    # closed jobs come back: reopened; nothing else moves
    back = await admin(sim, "POST", "mutate", {"reopen": 2, "seed": 4})
    reopened = await run_sync(options, "incremental", engine=db_engine)
    assert (reopened.reopened, reopened.inserted, reopened.closed) == (2, 0, 0)
    rows = await stored_jobs(db_engine)
    for external_id in back["reopened"]:
        assert rows[external_id]["closed_at"] is None
        assert rows[external_id]["display_on_external_job_board"] is True
        assert rows[external_id]["job_status_code"] == "OPEN"
    await assert_db_matches_board(db_engine, sim)

    # nothing changed: nothing written
    quiet = await run_sync(options, "incremental", engine=db_engine)
    assert (quiet.inserted, quiet.updated, quiet.closed, quiet.reopened) == (0, 0, 0, 0)
    if use_modified_since:  # board and database agree after the cheap query: no scan
        assert quiet.details and [s["phase"] for s in quiet.details["scans"]] == ["changes"]
        assert quiet.fetched <= 20 and quiet.unchanged == quiet.fetched  # only the margin


# ======================================================================= faults
async def test_faults_lose_nothing_duplicate_nothing_and_quarantine_the_malformed(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=600)
    await admin(
        sim,
        "POST",
        "faults",
        {
            "rate_limit_every": 6,
            "retry_after_s": 0.02,
            "error_every": 7,
            "slow_ms": 15,
            "drop_every": 11,
            "expire_tokens_every": 5,
            "malformed_every": 40,
        },
    )
    options = options_for(sim, migrated_db_url)
    info = await run_sync(options, "full", engine=db_engine)
    assert info.status is SyncRunStatus.SUCCEEDED, info.error_message
    client = info.details["client"] if info.details else {}
    assert client["rate_limited"] > 0 and client["server_errors"] > 0
    assert client["transport_errors"] > 0 and client["auth_retries"] > 0

    truth = await assert_db_matches_board(db_engine, sim)
    malformed = {int(k): kind for k, kind in truth["malformed"].items()}
    assert len(malformed) == 15
    rows = await stored_jobs(db_engine)
    assert set(rows) == {r["jobId"] for r in truth["records"]} - set(malformed)
    assert info.inserted == 600 - 15 and info.quarantined == 15

    async with db_engine.connect() as conn:
        quarantined = await list_quarantine(conn, limit=100)
    assert len(quarantined) == 15
    assert all(q.run_id == info.id for q in quarantined)
    by_reason = {
        "missing_job_id": "missing jobId",
        "non_numeric_pay": "weeklyPay",
        "bad_date": "startDate",
        "unknown_profession": f"unknown professionId {UNKNOWN_PROFESSION_ID}",
    }
    seen_kinds = set()
    for job_id, kind in malformed.items():
        if kind == "missing_job_id":
            matches = [q for q in quarantined if q.external_job_id is None]
            assert any(q.raw_payload.get("postingId") == f"EMS-{job_id}" for q in matches)
        else:
            matches = [q for q in quarantined if q.external_job_id == job_id]
            assert len(matches) == 1
        assert any(by_reason[kind] in q.reason for q in matches), (kind, matches)
        seen_kinds.add(kind)
    assert seen_kinds == set(by_reason)

    # again with the same faults: nothing changes, nothing is quarantined twice
    again = await run_sync(options, "full", engine=db_engine)
    assert again.status is SyncRunStatus.SUCCEEDED
    assert (again.inserted, again.updated, again.quarantined) == (0, 0, 0)
    assert again.details and again.details["quarantine_repeats"] == 15
    assert await count(db_engine, SyncQuarantine) == 15
    assert await count(db_engine, Job) == 585


async def test_laboredge_failing_for_good_fails_the_run_and_the_next_resumes(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=500)
    options = options_for(sim, migrated_db_url, client={"max_retries": 2})

    def break_upstream(page: int) -> None:
        if page == 3:
            sim.state.set_faults(FaultConfig(error_every=1, error_status=503))

    failed = await run_sync(options, "full", engine=db_engine, after_page=break_upstream)
    assert failed.status is SyncRunStatus.FAILED
    assert failed.error_message and "503" in failed.error_message
    assert failed.cursor is not None
    stored = await stored_jobs(db_engine)
    # whole pages only, exactly up to the checkpoint, each job with all its children
    assert len(stored) == failed.cursor["start"] == failed.pages * 50 >= 150
    truth = {r["jobId"]: r for r in (await admin(sim, "GET", "jobs"))["records"]}
    lookups = await db_lookups(db_engine)
    for external_id, row in stored.items():
        assert_job_matches(truth[external_id], row, lookups)

    sim.state.set_faults(FaultConfig())
    resumed = await run_sync(options, "full", engine=db_engine)
    assert resumed.status is SyncRunStatus.SUCCEEDED
    assert resumed.details and resumed.details["resumed_from"] == str(failed.id)
    assert resumed.inserted == 500 - len(stored) and resumed.closed == 0
    await assert_db_matches_board(db_engine, sim)
    assert await count(db_engine, Job) == 500


# ============================================================ lock and crashes
async def test_two_syncs_started_together_one_runs_the_other_is_skipped(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=200)
    await admin(sim, "POST", "faults", {"slow_ms": 60})
    options = options_for(sim, migrated_db_url)
    first, second = await asyncio.gather(
        run_sync(options, "full", engine=db_engine), run_sync(options, "incremental")
    )
    statuses = sorted([first.status.value, second.status.value])
    assert statuses == ["skipped", "succeeded"]
    skipped = first if first.status is SyncRunStatus.SKIPPED else second
    assert skipped.error_message == "another sync is running"
    async with db_engine.connect() as conn:
        runs = await latest_runs(conn, 10)
        assert not await sync_lock_held(conn)
    assert {r.status for r in runs} == {SyncRunStatus.SUCCEEDED, SyncRunStatus.SKIPPED}
    assert await count(db_engine, Job) == 200


async def test_a_crashed_run_is_resumed_without_duplicates(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=450)
    options = options_for(sim, migrated_db_url)

    def crash(page: int) -> None:
        if page == 4:
            raise SimulatedCrash

    with pytest.raises(SimulatedCrash):
        await run_sync(options, "full", engine=db_engine, after_page=crash)
    async with db_engine.connect() as conn:
        (crashed,) = await latest_runs(conn, 1)
        assert not await sync_lock_held(conn)
    assert crashed.status is SyncRunStatus.RUNNING  # as if the process had died
    assert crashed.cursor and crashed.cursor["start"] == 200
    assert await count(db_engine, Job) == 200

    # the board changes meanwhile: a stored job and an unread one close, one is added
    first_page_job = sorted(await stored_jobs(db_engine))[10]
    unread_job = sorted(r["jobId"] for r in (await admin(sim, "GET", "jobs"))["records"])[300]
    sim.state.entries[first_page_job].open = False
    sim.state.entries[unread_job].open = False
    sim.state._changed()
    await admin(sim, "POST", "mutate", {"add": 1})

    resumed = await run_sync(options, "full", engine=db_engine)
    assert resumed.status is SyncRunStatus.SUCCEEDED, resumed.error_message
    assert resumed.details and resumed.details["resumed_from"] == str(crashed.id)
    assert resumed.details["abandoned_runs"] == [str(crashed.id)]
    assert resumed.details["resumed_at"] == 150  # one page before the cursor: the board shifted
    # the job closed upstream was seen earlier in this (resumed) sync: it closes next time
    assert resumed.closed == 0
    await assert_db_matches_board(db_engine, sim, exclude=frozenset({first_page_job}))
    rows = await stored_jobs(db_engine)
    assert len(rows) == 450 + 1 - 1  # the unread closed job was never stored
    assert rows[first_page_job]["closed_at"] is None
    assert (await run_sync(options, "full", engine=db_engine)).closed == 1
    await assert_db_matches_board(db_engine, sim)
    async with db_engine.connect() as conn:
        old = await get_run(conn, crashed.id)
        duplicates = await conn.scalar(
            text(
                "SELECT count(*) FROM (SELECT job_id, certification FROM "
                "job_required_certifications GROUP BY 1, 2 HAVING count(*) > 1) d"
            )
        )
    assert old is not None and old.status is SyncRunStatus.FAILED
    assert duplicates == 0


async def test_closing_many_jobs_needs_a_consistent_scan_and_stays_under_the_cap(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=200)
    strict = options_for(sim, migrated_db_url, close_confirm_max=5, max_close_fraction=0.1)
    assert (await run_sync(strict, "full", engine=db_engine)).inserted == 200
    await admin(sim, "POST", "mutate", {"close": 60, "seed": 9})
    refused = await run_sync(strict, "full", engine=db_engine)
    assert refused.status is SyncRunStatus.FAILED
    assert refused.error_message and "refused to close 60" in refused.error_message
    assert await count(db_engine, Job, Job.closed_at.is_not(None)) == 0

    relaxed = options_for(sim, migrated_db_url, close_confirm_max=5, max_close_fraction=0.5)
    info = await run_sync(relaxed, "full", engine=db_engine)
    assert info.status is SyncRunStatus.SUCCEEDED
    assert info.details and "resumed_from" not in info.details  # a refusal is not resumed
    assert info.closed == 60
    await assert_db_matches_board(db_engine, sim)


# ========================================================== refresh, master, embed
async def test_refresh_updates_closes_and_reopens_named_jobs(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=120)
    options = options_for(sim, migrated_db_url)
    await run_sync(options, "full", engine=db_engine)
    change = await admin(sim, "POST", "mutate", {"update": 2, "close": 1, "add": 1, "seed": 5})
    ids = [*change["updated"], *change["closed"], *change["added"], 77]
    info = await run_refresh(options, ids, engine=db_engine)
    assert info.kind is SyncRunKind.REFRESH and info.status is SyncRunStatus.SUCCEEDED
    assert (info.updated, info.closed, info.inserted, info.fetched) == (2, 1, 1, 3)
    await assert_db_matches_board(db_engine, sim)

    reopen = await admin(sim, "POST", "mutate", {"reopen": 1, "seed": 6})
    again = await run_refresh(options, reopen["reopened"], engine=db_engine)
    assert again.reopened == 1
    await assert_db_matches_board(db_engine, sim)


async def test_master_sync_run(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=1)
    info = await run_master_sync(options_for(sim, migrated_db_url), engine=db_engine)
    assert info.kind is SyncRunKind.MASTER and info.status is SyncRunStatus.SUCCEEDED
    lists = master_lists()
    assert info.details is not None
    assert info.fetched == sum(len(lists[name]) for name in MASTER_SYNC_LISTS)
    async with db_engine.connect() as conn:
        names = set(await conn.scalars(select(Profession.name)))
    assert names == {p["name"] for p in lists["professions"]}


async def test_embeddings_follow_new_and_changed_jobs_only(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str, embedding_model: Any
) -> None:
    sim = start_sim(jobs=40)
    options = options_for(sim, migrated_db_url, embed_batch=16)
    await run_sync(options, "full", engine=db_engine)
    assert await run_embeddings(options, model=embedding_model, engine=db_engine) == 40
    assert await count(db_engine, JobEmbedding) == 40
    assert await run_embeddings(options, model=embedding_model, engine=db_engine) == 0

    await admin(sim, "POST", "mutate", {"update": 3, "add": 2, "seed": 8})
    await run_sync(options, "incremental", engine=db_engine)
    assert await run_embeddings(options, model=embedding_model, engine=db_engine) == 5


# ============================================================== schedule and CLI
def test_beat_schedule_comes_from_settings() -> None:
    settings = Settings(SYNC_INCREMENTAL_INTERVAL_S=120, SYNC_MASTER_INTERVAL_S=3600)
    schedule = create_celery(settings).conf.beat_schedule
    assert schedule["laboredge-sync-incremental"]["schedule"] == 120.0
    assert schedule["laboredge-sync-incremental"]["task"] == "workers.sync.sync_jobs_incremental"
    assert schedule["laboredge-sync-full"]["schedule"] == 86400.0
    assert schedule["laboredge-sync-master"]["schedule"] == 3600.0
    cron = sync_schedule(Settings(SYNC_FULL_CRON="30 3 * * *"))["laboredge-sync-full"]["schedule"]
    assert cron.hour == {3} and cron.minute == {30}
    assert sync_schedule(Settings(SYNC_SCHEDULE_ENABLED=False)) == {}
    with pytest.raises(ValueError, match="5 fields"):
        Settings(SYNC_FULL_CRON="30 3 *")


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_cli_sync_full_then_status(
    start_sim: StartSim, db_engine: AsyncEngine, migrated_db_url: str
) -> None:
    sim = start_sim(jobs=150)
    env = {
        **os.environ,
        "DATABASE_URL": migrated_db_url,
        "LABOREDGE_API_URL": "",
        "LABOREDGE_SIM_PORT": str(sim.port),
        "LABOREDGE_BACKOFF_BASE_S": "0.01",
        "LOG_JSON": "false",
        "COLUMNS": "200",
    }
    done = await asyncio.to_thread(_cli, ["sync", "--full", "--no-embed"], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "full sync succeeded" in done.stdout
    assert "inserted" in done.stdout and "150" in done.stdout
    assert await count(db_engine, Job) == 150

    status = await asyncio.to_thread(_cli, ["sync", "status"], env)
    assert status.returncode == 0, status.stderr[-3000:]
    async with db_engine.connect() as conn:
        (run,) = await latest_runs(conn, 5)
    assert str(run.id)[:8] in status.stdout
    assert "succeeded" in status.stdout and "full" in status.stdout
    assert "open quarantine: 0" in status.stdout
    assert await count(db_engine, SyncRun) == 1
