"""The real LaborEdge client over real HTTP against the simulator under uvicorn.

Each test starts its own simulator (a background uvicorn thread on a free
port), so fault settings and counters never leak between tests. Backoff is
configured in milliseconds; Retry-After waits are recorded by an injected
sleep instead of being slept.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from data_layer.master import catalog as md
from data_layer.sync.master import Lookups
from devstack.laboredge_simulator import SimulatorServer
from tests.support.simulator import StartSim, simulators
from workers.laboredge.client import MASTER_LISTS, LaborEdgeClient
from workers.laboredge.config import TOKEN_PATH, LaborEdgeConfig
from workers.laboredge.errors import LaborEdgeAuthError, LaborEdgeError
from workers.laboredge.mapped import MappedJob, Quarantine
from workers.laboredge.mapping import content_hash, map_job, normalize_job_type


@pytest.fixture
def start_sim() -> Iterator[StartSim]:
    with simulators(jobs=120, seed=11) as start:
        yield start


def _config(server: SimulatorServer, **overrides: Any) -> LaborEdgeConfig:
    values: dict[str, Any] = {
        "timeout_s": 5.0,
        "page_size": 50,
        "max_retries": 4,
        "backoff_base_s": 0.01,
        "backoff_max_s": 0.05,
        "retry_after_max_s": 10.0,
    }
    values.update(overrides)
    return LaborEdgeConfig.for_simulator(server.base_url, **values)


class RecordingSleep:
    """An injected sleep: remembers each delay, yields to the loop, does not wait."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        await asyncio.sleep(0)


async def _admin(server: SimulatorServer, method: str, path: str, body: Any = None) -> Any:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
        response = await http.request(method, f"/__sim/{path}", json=body)
    response.raise_for_status()
    return response.json()


async def _all_records(client: LaborEdgeClient, page_size: int | None = None) -> list[Any]:
    records: list[Any] = []
    async for page in client.iter_job_pages(page_size):
        records.extend(page.records)
    return records


def _lookups() -> Lookups:
    return Lookups.build(
        professions=[(i, p.external_id) for i, p in enumerate(md.professions(), start=1)],
        specialties=[(i, s.external_id) for i, s in enumerate(md.specialties(), start=1)],
        states=[(i, s.external_id, s.code, s.name) for i, s in enumerate(md.states(), start=1)],
        job_statuses=[(i, s.external_id, s.code) for i, s in enumerate(md.job_statuses(), 1)],
    )


# ------------------------------------------------------------------------------ auth
async def test_authenticates_with_acess_token_and_caches_it(start_sim: StartSim) -> None:
    sim = start_sim()
    async with LaborEdgeClient(_config(sim)) as client:
        lists = await asyncio.gather(*(client.master(name) for name in MASTER_LISTS))
        await _all_records(client)
        await client.search_candidates(email="nobody@example.com")
    assert all(lists)
    stats = await _admin(sim, "GET", "stats")
    assert stats["counters"]["token.password"] == 1
    assert "token.refresh_token" not in stats["counters"]
    assert client.stats.token_requests == 1
    assert client.stats.requests == 1 + len(MASTER_LISTS) + 3 + 1


async def test_token_endpoint_is_sent_the_organization_code_three_ways(
    start_sim: StartSim,
) -> None:
    sim = start_sim()
    cfg = _config(sim)
    form = {
        "grant_type": "password",
        "username": cfg.username,
        "password": cfg.password,
        "organizationCode": cfg.organization_code,
    }
    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        without_header = await http.post(
            TOKEN_PATH,
            data=form,
            params={"organizationCode": cfg.organization_code},
            auth=(cfg.client_id, cfg.client_secret),
        )
        wrong_client = await http.post(
            TOKEN_PATH,
            data=form,
            params={"organizationCode": cfg.organization_code},
            headers={"organizationCode": cfg.organization_code},
            auth=(cfg.client_id, "wrong"),
        )
    assert without_header.status_code == 401
    assert "header" in without_header.json()["message"]
    assert wrong_client.status_code == 401
    # the client itself sends it everywhere and gets the misspelled field
    async with LaborEdgeClient(cfg) as client:
        token = await client.access_token()
    assert token.count(".") == 2


async def test_bad_credentials_raise_an_auth_error(start_sim: StartSim) -> None:
    sim = start_sim()
    async with LaborEdgeClient(_config(sim, password="wrong")) as client:
        with pytest.raises(LaborEdgeAuthError) as caught:
            await client.master("professions")
    assert caught.value.status == 401
    assert "bad username or password" in str(caught.value)


async def test_concurrent_calls_share_one_token_request(start_sim: StartSim) -> None:
    sim = start_sim()
    async with LaborEdgeClient(_config(sim)) as client:
        await asyncio.gather(*(client.master("professions") for _ in range(12)))
    assert (await _admin(sim, "GET", "stats"))["counters"]["token.password"] == 1


async def test_expired_token_is_refreshed_then_reauthenticated(start_sim: StartSim) -> None:
    sim = start_sim(token_ttl_s=0.4)
    async with LaborEdgeClient(_config(sim)) as client:
        await client.master("states")
        await asyncio.sleep(0.5)
        await client.master("states")  # refresh grant
        counters = (await _admin(sim, "GET", "stats"))["counters"]
        assert counters["token.password"] == 1
        assert counters["token.refresh_token"] == 1
        await _admin(sim, "POST", "faults", {"reject_refresh": True, "token_ttl_s": 0.4})
        await asyncio.sleep(0.5)
        await client.master("states")  # refresh refused -> password grant
        counters = (await _admin(sim, "GET", "stats"))["counters"]
    assert counters["token.refresh_token"] == 2
    assert counters["token.refresh_rejected"] == 1
    assert counters["token.password"] == 2
    assert client.stats.refresh_failures == 1


async def test_token_lifetime_comes_from_the_jwt_when_expires_in_is_missing(
    start_sim: StartSim,
) -> None:
    sim = start_sim(include_expires_in=False, token_ttl_s=0.5)
    async with LaborEdgeClient(_config(sim, default_token_ttl_s=3600)) as client:
        await client.master("countries")
        await client.master("countries")
        await asyncio.sleep(0.6)
        await client.master("countries")
    counters = (await _admin(sim, "GET", "stats"))["counters"]
    assert counters["token.password"] == 1
    assert counters["token.refresh_token"] == 1  # renewed at the JWT exp, not after an hour
    assert counters.get("auth.rejected", 0) == 0


async def test_revoked_token_gets_a_new_token_and_one_retry(start_sim: StartSim) -> None:
    sim = start_sim()
    await _admin(sim, "POST", "faults", {"expire_tokens_every": 3})
    async with LaborEdgeClient(_config(sim)) as client:
        for _ in range(9):
            assert await client.master("professions")
        records = await _all_records(client)
    assert len(records) == 120
    assert client.stats.auth_retries >= 3
    counters = (await _admin(sim, "GET", "stats"))["counters"]
    assert counters["fault.expired_token"] >= 3
    assert counters["token.refresh_token"] >= 3


async def test_a_second_401_is_not_retried_again(start_sim: StartSim) -> None:
    sim = start_sim()
    await _admin(sim, "POST", "faults", {"expire_tokens_every": 1})
    async with LaborEdgeClient(_config(sim)) as client:
        with pytest.raises(LaborEdgeError) as caught:
            await client.master("professions")
    assert caught.value.status == 401
    assert client.stats.auth_retries == 1


# ---------------------------------------------------------------------------- paging
async def test_paging_collects_exactly_every_job(start_sim: StartSim) -> None:
    sim = start_sim(jobs=1234)
    truth = await _admin(sim, "GET", "jobs")
    async with LaborEdgeClient(_config(sim, page_size=100)) as client:
        records = await _all_records(client)
    ids = [r["jobId"] for r in records]
    assert len(ids) == len(set(ids)) == 1234
    assert records == truth["records"]  # same order (jobId), same content
    assert (await _admin(sim, "GET", "stats"))["counters"]["jobs.search"] == 13


async def test_search_filters(start_sim: StartSim) -> None:
    sim = start_sim(jobs=600)
    truth = (await _admin(sim, "GET", "jobs"))["records"]
    async with LaborEdgeClient(_config(sim)) as client:
        rn = await client.search_jobs(0, 1000, {"professionIds": [10001]})
        texas = await client.search_jobs(0, 1000, {"stateCodes": ["TX", "CA"]})
        travel = await client.search_jobs(0, 1000, {"jobTypeIds": ["TRAVEL"]})
        hot = await client.search_jobs(0, 1000, {"hotJob": True})
        newest = await client.search_jobs(0, 5, sort_field="postedDate", sort_order=-1)
    assert rn.count == sum(r["professionId"] == 10001 for r in truth) == len(rn.records)
    assert 0 < rn.count < 600
    assert {r.get("clientStateCode") or r.get("stateCode") for r in texas.records} <= {"TX", "CA"}
    assert texas.count == sum(
        (r.get("clientStateCode") or r.get("stateCode")) in ("TX", "CA") for r in truth
    )
    assert travel.count == sum(normalize_job_type(r["jobType"]) == "Travel" for r in truth)
    assert all(r["hotJob"] for r in hot.records) and hot.count == sum(r["hotJob"] for r in truth)
    posted = [r["postedDate"] for r in newest.records]
    assert posted == sorted(posted, reverse=True) and newest.count == 600


async def test_twenty_thousand_jobs_page_through_whole(start_sim: StartSim) -> None:
    """Forty pages of 500: every job once (how fast: bench/sync.py)."""
    sim = start_sim(jobs=20_000)
    async with LaborEdgeClient(_config(sim, page_size=500)) as client:
        records = await _all_records(client)
    assert len(records) == 20_000 and len({r["jobId"] for r in records}) == 20_000


# ---------------------------------------------------------------------------- faults
async def test_429_honours_retry_after_seconds(start_sim: StartSim) -> None:
    sim = start_sim(jobs=300)
    await _admin(sim, "POST", "faults", {"rate_limit_every": 3, "retry_after_s": 2})
    sleep = RecordingSleep()
    async with LaborEdgeClient(_config(sim), sleep=sleep) as client:
        records = await _all_records(client)
    assert len({r["jobId"] for r in records}) == 300
    assert client.stats.rate_limited >= 2
    assert sleep.delays and all(d == 2.0 for d in sleep.delays)
    assert (await _admin(sim, "GET", "stats"))["counters"]["fault.rate_limited"] >= 2


async def test_429_honours_retry_after_http_date_and_caps_it(start_sim: StartSim) -> None:
    sim = start_sim()
    await _admin(
        sim,
        "POST",
        "faults",
        {"rate_limit_every": 2, "retry_after_s": 3, "retry_after_http_date": True},
    )
    sleep = RecordingSleep()
    async with LaborEdgeClient(_config(sim), sleep=sleep) as client:
        await client.master("shifts")
        await client.master("shifts")
    assert sleep.delays and all(1.0 <= d <= 3.5 for d in sleep.delays), sleep.delays

    await _admin(sim, "POST", "faults", {"rate_limit_every": 2, "retry_after_s": 120})
    sleep = RecordingSleep()
    async with LaborEdgeClient(_config(sim, retry_after_max_s=5), sleep=sleep) as client:
        await client.master("shifts")
        await client.master("shifts")
    assert 5.0 in sleep.delays and max(sleep.delays) == 5.0


async def test_5xx_are_retried_with_capped_backoff(start_sim: StartSim) -> None:
    sim = start_sim(jobs=400)
    await _admin(sim, "POST", "faults", {"error_every": 2})
    sleep = RecordingSleep()
    async with LaborEdgeClient(_config(sim), sleep=sleep) as client:
        records = await _all_records(client)
    assert len({r["jobId"] for r in records}) == 400
    assert client.stats.server_errors >= 4
    assert sleep.delays and all(0.005 <= d <= 0.05 for d in sleep.delays)

    await _admin(sim, "POST", "faults", {"error_rate": 0.3, "seed": 5})
    async with LaborEdgeClient(_config(sim, max_retries=8)) as client:
        records = await _all_records(client)
    assert len({r["jobId"] for r in records}) == 400
    assert client.stats.server_errors > 0


async def test_persistent_5xx_raise_a_typed_error_with_context(start_sim: StartSim) -> None:
    sim = start_sim()
    async with LaborEdgeClient(_config(sim, max_retries=2)) as client:
        await client.access_token()
        await _admin(sim, "POST", "faults", {"error_every": 1, "error_status": 503})
        with pytest.raises(LaborEdgeError) as caught:
            await client.search_jobs(0, 10)
    error = caught.value
    assert (error.status, error.attempts, error.method) == (503, 3, "POST")
    assert "/jobboard/organization/" in error.url
    assert "job search" in str(error)


async def test_slow_pages_are_waited_for(start_sim: StartSim) -> None:
    sim = start_sim(jobs=200)
    await _admin(sim, "POST", "faults", {"slow_ms": 80})
    async with LaborEdgeClient(_config(sim)) as client:
        started = time.perf_counter()
        records = await _all_records(client)
        elapsed = time.perf_counter() - started
    assert len(records) == 200
    assert elapsed >= 4 * 0.08
    assert client.stats.retries == 0


async def test_pages_slower_than_the_timeout_fail_after_the_retries(
    start_sim: StartSim,
) -> None:
    sim = start_sim()
    await _admin(sim, "POST", "faults", {"slow_ms": 600})
    async with LaborEdgeClient(_config(sim, timeout_s=0.15, max_retries=2)) as client:
        with pytest.raises(LaborEdgeError) as caught:
            await client.search_jobs(0, 10)
    assert "ReadTimeout" in str(caught.value)
    assert caught.value.attempts == 3
    assert client.stats.retry_reasons == {"ReadTimeout": 2}


async def test_dropped_connections_are_seen_by_httpx_and_retried(start_sim: StartSim) -> None:
    sim = start_sim(jobs=300)
    await _admin(sim, "POST", "faults", {"drop_every": 1})
    cfg = _config(sim)
    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await http.post(
                f"/api/leap-service/v1/unsecured/jobboard/organization/{cfg.organization_id}",
                params={"offeringId": cfg.offering_id},
                json={"pagingSortingDetails": {"start": 0, "maxRowsToFetch": 10}},
            )

    await _admin(sim, "POST", "faults", {"drop_every": 3})
    async with LaborEdgeClient(cfg) as client:
        records = await _all_records(client)
    assert len({r["jobId"] for r in records}) == 300
    assert client.stats.transport_errors >= 2
    assert set(client.stats.retry_reasons) <= {"RemoteProtocolError", "ReadError"}
    assert (await _admin(sim, "GET", "stats"))["counters"]["fault.dropped"] >= 2


async def test_everything_at_once_loses_nothing(start_sim: StartSim) -> None:
    sim = start_sim(jobs=500)
    await _admin(
        sim,
        "POST",
        "faults",
        {
            "rate_limit_every": 5,
            "retry_after_s": 0,
            "error_every": 7,
            "drop_every": 11,
            "expire_tokens_every": 4,
            "slow_ms": 5,
        },
    )
    truth = await _admin(sim, "GET", "jobs")
    async with LaborEdgeClient(_config(sim, max_retries=6)) as client:
        records = await _all_records(client, 40)
    assert records == truth["records"]


async def test_malformed_records_reach_the_mapper_and_are_quarantined(
    start_sim: StartSim,
) -> None:
    sim = start_sim(jobs=300)
    await _admin(sim, "POST", "faults", {"malformed_every": 10})
    truth = await _admin(sim, "GET", "jobs")
    async with LaborEdgeClient(_config(sim)) as client:
        records = await _all_records(client)
    assert len(records) == 300
    lookups = _lookups()
    results = [map_job(r, lookups) for r in records]
    quarantined = [r for r in results if isinstance(r, Quarantine)]
    mapped = {r.external_job_id: r for r in results if isinstance(r, MappedJob)}
    malformed = {int(k): v for k, v in truth["malformed"].items()}
    assert len(quarantined) == len(malformed) == 30
    assert set(mapped) == {r["jobId"] for r in truth["records"]} - set(malformed)
    by_kind = {"missing_job_id": 0, "non_numeric_pay": 0, "bad_date": 0, "unknown_profession": 0}
    for q in quarantined:
        reason = q.reasons[0]
        if reason == "missing jobId":
            by_kind["missing_job_id"] += 1
            continue
        kind = malformed[q.external_job_id or 0]
        by_kind[kind] += 1
        expected = {
            "non_numeric_pay": "non-numeric weeklyPay",
            "bad_date": "unparseable date startDate",
            "unknown_profession": "unknown professionId 99999999",
        }[kind]
        assert reason.startswith(expected), (kind, q.reasons)
    assert all(count > 0 for count in by_kind.values()), by_kind
    # the valid ones are exactly the truth's records
    for record in truth["records"]:
        if record["jobId"] in mapped:
            assert mapped[record["jobId"]].content_hash == content_hash(record)


# ------------------------------------------------------------------------ the board moves
async def test_board_changes_over_time_and_detail_follows(start_sim: StartSim) -> None:
    sim = start_sim(jobs=200)
    async with LaborEdgeClient(_config(sim)) as client:
        before = {r["jobId"]: content_hash(r) for r in await _all_records(client)}
        change = await _admin(sim, "POST", "mutate", {"add": 5, "update": 7, "close": 4, "seed": 1})
        after = {r["jobId"]: content_hash(r) for r in await _all_records(client)}
        truth = await _admin(sim, "GET", "jobs")
        assert set(after) == {r["jobId"] for r in truth["records"]}
        assert set(after) == set(before) - set(change["closed"]) | set(change["added"])
        assert len(change["added"]) == 5 and len(change["updated"]) == 7
        assert len(change["closed"]) == 4 and truth["closed"] == change["closed"]
        changed = {j for j in before.keys() & after.keys() if before[j] != after[j]}
        assert changed == set(change["updated"])
        closed = change["closed"][0]
        assert await client.get_job(closed) is None
        assert await client.get_job(10**9) is None
        reopened = await _admin(sim, "POST", "mutate", {"reopen": 2, "seed": 2})
        assert set(reopened["reopened"]) <= set(change["closed"])
        detail = await client.get_job(reopened["reopened"][0])
        assert detail is not None and detail["jobId"] == reopened["reopened"][0]
        one = change["updated"][0]
        assert content_hash(await client.get_job(one)) == after[one]


async def test_mutations_are_deterministic(start_sim: StartSim) -> None:
    first, second = start_sim(jobs=150), start_sim(jobs=150)
    body = {"add": 3, "update": 5, "close": 6, "reopen": 0, "seed": 9}
    a = await _admin(first, "POST", "mutate", body)
    b = await _admin(second, "POST", "mutate", body)
    assert {k: a[k] for k in ("added", "updated", "closed")} == {
        k: b[k] for k in ("added", "updated", "closed")
    }


async def test_master_lists_have_master_data_ids(start_sim: StartSim) -> None:
    sim = start_sim(jobs=1)
    async with LaborEdgeClient(_config(sim)) as client:
        professions = await client.master("professions")
        specialties = await client.master("specialties")
        documents = await client.master("documenttypes")
        with pytest.raises(ValueError):
            await client.master("nope")
    assert {p["id"] for p in professions} == {p.external_id for p in md.professions()}
    assert {s["professionId"] for s in specialties} <= {p["id"] for p in professions}
    assert documents[0] == {"value": 12, "label": "Candidate Resume"}


# ------------------------------------------------------------------------- candidates
async def test_candidate_search_and_create(start_sim: StartSim) -> None:
    sim = start_sim(jobs=1)
    payload = {
        "firstName": "Maria",
        "lastName": "Lopez",
        "email": "Maria.Lopez@example.com",
        "phone": "(512) 555-0142",
    }
    async with LaborEdgeClient(_config(sim)) as client:
        assert await client.search_candidates(email="maria.lopez@example.com") == []
        created = await client.create_candidate(payload)
        assert isinstance(created["id"], int)
        by_email = await client.search_candidates(email="MARIA.LOPEZ@example.com")
        by_phone = await client.search_candidates(phone="+1 512-555-0142")
        assert [c["id"] for c in by_email] == [c["id"] for c in by_phone] == [created["id"]]
        updated = await client.update_candidate(created["id"], {"city": "Austin"})
        assert updated["city"] == "Austin"
        with pytest.raises(LaborEdgeError) as duplicate:
            await client.create_candidate(payload)
        assert duplicate.value.status == 409
        with pytest.raises(LaborEdgeError) as invalid:
            await client.create_candidate({"firstName": "No", "lastName": "Contact"})
        assert invalid.value.status == 400
        with pytest.raises(ValueError):
            await client.search_candidates()

        # creating is not idempotent: a 5xx is not retried (the server may have acted)
        await _admin(sim, "POST", "faults", {"error_every": 1})
        with pytest.raises(LaborEdgeError) as failed:
            await client.create_candidate({**payload, "email": "other@example.com"})
        assert (failed.value.status, failed.value.attempts) == (500, 1)
