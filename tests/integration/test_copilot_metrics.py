"""Copilot metrics on the seeded demo database: every metric equals hand-written SQL over
the BASE tables, for a recruiter and for an admin; grouping, periods, listed rows, the
admin-only recruiter filter, "outside your scope", and candidates for a job.

The gold queries below never read the ``copilot.`` views: they restate each metric's
meaning (data_layer/recruiting/semantic.py) and the scope rule (a recruiter's candidates,
applications assigned to them or made by their candidates, their share links and
handoffs) directly on the tables, as the application role.
"""

from __future__ import annotations

import datetime
import json
import math
import statistics
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from data_layer.models import EMBEDDING_DIM
from data_layer.recruiting.metrics import (
    MetricFilters,
    MetricQuery,
    MetricRejected,
    MetricResult,
)
from data_layer.recruiting.metrics.run import json_value
from data_layer.recruiting.scope import RecruiterScope, scoped_read
from data_layer.recruiting.semantic import METRICS
from data_layer.recruiting.sql_guard import guard_sql
from tests.conftest import database_copy
from tools.copilot import CopilotContext, candidates_for_job, query_metric

MAX_ROWS = 500
TIMEOUT_MS = 5000


@dataclass(frozen=True)
class Desk:
    engine: AsyncEngine
    factory: async_sessionmaker[AsyncSession]
    today: datetime.date
    mine: RecruiterScope
    """The recruiter with the most candidates."""
    other: RecruiterScope
    """A second recruiter with candidates of their own."""
    admin: RecruiterScope

    def scope(self, who: str) -> RecruiterScope:
        return {"recruiter": self.mine, "admin": self.admin}[who]


# --------------------------------------------------------------------- the database
async def _seed_handoffs(conn: Any, desk_ids: list[uuid.UUID], today: datetime.date) -> None:
    """Handoffs (the demo has none): open and answered ones for both recruiters."""
    base = datetime.datetime.combine(today, datetime.time(9), tzinfo=datetime.UTC)
    plan = [
        # recruiter index, minutes to first reply (None: no reply), status, days ago
        (0, None, "open", 1),
        (0, 12, "open", 3),
        (0, 40, "closed", 20),
        (0, 95, "closed", 50),
        (1, None, "open", 2),
        (1, 7, "closed", 10),
    ]
    users = (
        await conn.execute(
            text(
                "SELECT c.recruiter_id, c.user_id FROM candidates c "
                "WHERE c.recruiter_id = ANY(:ids) ORDER BY c.created_at"
            ),
            {"ids": desk_ids},
        )
    ).all()
    by_recruiter: dict[uuid.UUID, list[uuid.UUID]] = {}
    for rid, uid in users:
        by_recruiter.setdefault(rid, []).append(uid)
    for n, (who, minutes, status, days) in enumerate(plan):
        rid = desk_ids[who]
        user_id = by_recruiter[rid][n % len(by_recruiter[rid])] if n % 3 else None
        session_id = uuid.uuid4()
        created = base - datetime.timedelta(days=days)
        await conn.execute(
            text(
                "INSERT INTO chat_sessions (id, token_hash, user_id, status, state, "
                "last_activity, turns, created_at, updated_at) VALUES (:id, :h, :u, "
                "'handed_off', '{}'::jsonb, :t, 0, :t, :t)"
            ),
            {"id": session_id, "h": uuid.uuid4().hex * 2, "u": user_id, "t": created},
        )
        await conn.execute(
            text(
                "INSERT INTO chat_handoffs (id, chat_session_id, recruiter_id, user_id, status, "
                "reason, assigned_by, transcript_messages, closed_at, first_response_at, "
                "outcome, recruiter_replies, created_at, updated_at) VALUES (:id, :s, :r, :u, "
                ":status, 'wants a person', 'assigned', 4, :closed, :first, :outcome, :replies, "
                ":t, :t)"
            ),
            {
                "id": uuid.uuid4(),
                "s": session_id,
                "r": rid,
                "u": user_id,
                "status": status,
                "closed": created + datetime.timedelta(hours=5) if status == "closed" else None,
                "first": created + datetime.timedelta(minutes=minutes) if minutes else None,
                "outcome": "resolved" if status == "closed" else None,
                "replies": 1 if minutes else 0,
                "t": created,
            },
        )


async def _seed_certifications(conn: Any, desk_ids: list[uuid.UUID], today: datetime.date) -> None:
    """Resume summary rows with certifications (the demo has no resumes)."""
    rows = (
        await conn.execute(
            text(
                "SELECT c.id, c.recruiter_id FROM candidates c WHERE c.recruiter_id = ANY(:ids) "
                "ORDER BY c.created_at"
            ),
            {"ids": desk_ids},
        )
    ).all()
    vector = "[" + ",".join(["0.05"] * EMBEDDING_DIM) + "]"
    for n, (cid, _rid) in enumerate(rows[:6]):
        certs = {
            "BLS": (today + datetime.timedelta(days=5 + 10 * n)).isoformat(),
            "ACLS": (today + datetime.timedelta(days=40 + n)).isoformat(),
            "PALS": None,
            "NRP": (today - datetime.timedelta(days=3)).isoformat(),
        }
        await conn.execute(
            text(
                "INSERT INTO resume_embeddings (id, candidate_id, embedding, model_name, "
                "content_hash, part, certifications, created_at, updated_at) VALUES (:id, :c, "
                "CAST(:v AS vector), 'test', 'x', 'summary', CAST(:certs AS jsonb), now(), now())"
            ),
            {"id": uuid.uuid4(), "c": cid, "v": vector, "certs": _json(certs)},
        )


async def _seed_share_placements(conn: Any, desk_ids: list[uuid.UUID]) -> None:
    """Placed applications through share links (too rare among 40 demo candidates)."""
    placed = (
        await conn.execute(
            text(
                "SELECT a.id, a.job_id, c.recruiter_id FROM applications a "
                "JOIN candidates c ON c.id = a.candidate_id "
                "WHERE a.status = 'placed' AND a.recruiter_share_id IS NULL "
                "AND c.recruiter_id = ANY(:ids) ORDER BY a.id LIMIT 3"
            ),
            {"ids": desk_ids},
        )
    ).all()
    for app_id, job_id, rid in placed:
        share_id = uuid.uuid4()
        await conn.execute(
            text(
                "INSERT INTO recruiter_job_shares (id, recruiter_id, job_id, share_code, views, "
                "applications, placements, created_at) VALUES (:id, :r, :j, :code, 0, 1, 1, "
                "now() - interval '400 days')"
            ),
            {"id": share_id, "r": rid, "j": job_id, "code": share_id.hex[:10]},
        )
        await conn.execute(
            text("UPDATE applications SET recruiter_share_id = :s WHERE id = :a"),
            {"s": share_id, "a": app_id},
        )


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(value)


@pytest.fixture(scope="module")
async def desk(admin_pg_url: str, seeded_template: str) -> AsyncIterator[Desk]:
    async with database_copy(admin_pg_url, seeded_template) as url:
        engine = create_async_engine(url, pool_size=4)
        try:
            async with engine.begin() as conn:
                ranked = (
                    await conn.execute(
                        text(
                            "SELECT r.id, r.user_id FROM recruiters r JOIN candidates c "
                            "ON c.recruiter_id = r.id GROUP BY r.id ORDER BY count(*) DESC, r.id"
                        )
                    )
                ).all()
                assert len(ranked) >= 2, "the demo data gives candidates to several recruiters"
                today = (
                    await conn.execute(text("SELECT max(created_at)::date FROM applications"))
                ).scalar_one() + datetime.timedelta(days=1)
                ids = [ranked[0].id, ranked[1].id]
                await _seed_handoffs(conn, ids, today)
                await _seed_certifications(conn, ids, today)
                await _seed_share_placements(conn, ids)
            yield Desk(
                engine=engine,
                factory=async_sessionmaker(engine, expire_on_commit=False),
                today=today,
                mine=RecruiterScope(ranked[0].user_id or uuid.uuid4(), ranked[0].id, False),
                other=RecruiterScope(ranked[1].user_id or uuid.uuid4(), ranked[1].id, False),
                admin=RecruiterScope(uuid.uuid4(), None, True),
            )
        finally:
            await engine.dispose()


# ------------------------------------------------------------------- gold answers
# The scope rules, restated on the base tables (:admin true sees everything).
APP_IN_SCOPE = (
    "(:admin OR a.recruiter_id = :rid OR EXISTS (SELECT 1 FROM candidates ac "
    "WHERE ac.id = a.candidate_id AND ac.recruiter_id = :rid))"
)
CAND_IN_SCOPE = "(:admin OR c.recruiter_id = :rid)"
FIRST = (
    "(SELECT min(h.created_at) FROM application_status_history h "
    "WHERE h.application_id = a.id AND h.status = '{status}')"
)

GOLD: dict[str, str] = {
    "applications": f"""
        SELECT count(*) FROM applications a
         WHERE {APP_IN_SCOPE} AND a.created_at >= :start AND a.created_at < :end""",
    "placements": f"""
        SELECT count(*) FROM applications a
         WHERE {APP_IN_SCOPE} AND {FIRST.format(status="placed")} >= :start
           AND {FIRST.format(status="placed")} < :end""",
    "interviews": f"""
        SELECT count(*) FROM applications a
         WHERE {APP_IN_SCOPE} AND {FIRST.format(status="interviewing")} >= :start
           AND {FIRST.format(status="interviewing")} < :end""",
    "candidates": f"""
        SELECT count(*) FROM candidates c
         WHERE {CAND_IN_SCOPE} AND c.created_at >= :start AND c.created_at < :end""",
    "candidates_applied": f"""
        SELECT count(DISTINCT a.candidate_id) FROM applications a
         WHERE {APP_IN_SCOPE} AND a.created_at >= :start AND a.created_at < :end""",
    "open_jobs": """
        SELECT count(*) FROM jobs j
         WHERE j.display_on_external_job_board AND j.closed_at IS NULL
           AND j.posted_date >= :start AND j.posted_date < :end""",
    "hot_jobs_without_applicants": """
        SELECT count(*) FROM jobs j
         WHERE j.display_on_external_job_board AND j.closed_at IS NULL AND j.hot_job
           AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.job_id = j.id)
           AND j.posted_date >= :start AND j.posted_date < :end""",
    "licenses_expiring": f"""
        SELECT count(*) FROM candidate_licenses l JOIN candidates c ON c.id = l.candidate_id
         WHERE {CAND_IN_SCOPE} AND l.expiration_date >= :start AND l.expiration_date < :end""",
    "certifications_expiring": f"""
        SELECT count(*) FROM (
            SELECT e.candidate_id, cert.key, max((cert.value #>> '{{}}')::date) AS expires
              FROM resume_embeddings e JOIN candidates c ON c.id = e.candidate_id,
                   jsonb_each(e.certifications) AS cert
             WHERE e.part = 'summary' AND {CAND_IN_SCOPE}
               AND jsonb_typeof(cert.value) = 'string'
             GROUP BY e.candidate_id, cert.key) x
         WHERE x.expires >= :start AND x.expires < :end""",
    "time_to_first_application": f"""
        SELECT extract(epoch FROM f.first - j.posted_date) / 86400
          FROM jobs j
          JOIN (SELECT a.job_id, min(a.created_at) AS first FROM applications a
                 WHERE {APP_IN_SCOPE} GROUP BY a.job_id) f ON f.job_id = j.id
         WHERE j.posted_date >= :start AND j.posted_date < :end""",
    "share_views": """
        SELECT count(*) FROM job_views v JOIN recruiter_job_shares s ON s.id = v.recruiter_share_id
         WHERE (:admin OR s.recruiter_id = :rid)
           AND v.created_at >= :start AND v.created_at < :end""",
    "share_applications": f"""
        SELECT count(*) FROM applications a
         WHERE a.recruiter_share_id IS NOT NULL AND {APP_IN_SCOPE}
           AND a.created_at >= :start AND a.created_at < :end""",
    "share_placements": f"""
        SELECT count(*) FROM applications a
         WHERE a.recruiter_share_id IS NOT NULL AND {APP_IN_SCOPE}
           AND {FIRST.format(status="placed")} >= :start
           AND {FIRST.format(status="placed")} < :end""",
    "share_link_conversion": f"""
        SELECT (SELECT count(*) FROM applications a JOIN recruiter_job_shares s
                    ON s.id = a.recruiter_share_id
                 WHERE (:admin OR s.recruiter_id = :rid) AND {APP_IN_SCOPE}
                   AND a.created_at >= :start AND a.created_at < :end)::numeric
             / nullif((SELECT count(*) FROM job_views v JOIN recruiter_job_shares s
                          ON s.id = v.recruiter_share_id
                        WHERE (:admin OR s.recruiter_id = :rid)
                          AND v.created_at >= :start AND v.created_at < :end), 0)""",
    "referrals": """
        SELECT count(*) FROM referrals r LEFT JOIN candidates c ON c.user_id = r.referred_user_id
         WHERE (:admin OR c.recruiter_id = :rid)
           AND r.created_at >= :start AND r.created_at < :end""",
    "handoffs_open": """
        SELECT count(*) FROM chat_handoffs h
         WHERE h.status = 'open' AND (:admin OR h.recruiter_id = :rid)
           AND h.created_at >= :start AND h.created_at < :end""",
    "handoff_response_time": """
        SELECT extract(epoch FROM h.first_response_at - h.created_at) / 60
          FROM chat_handoffs h
         WHERE h.first_response_at IS NOT NULL AND (:admin OR h.recruiter_id = :rid)
           AND h.created_at >= :start AND h.created_at < :end""",
}
MEDIANS = {"time_to_first_application", "handoff_response_time"}
EXPIRING = {"licenses_expiring", "certifications_expiring"}


async def gold(
    desk: Desk, scope: RecruiterScope, metric: str, start: datetime.date, end: datetime.date
) -> float | int | None:
    """The metric by hand over [start, end] (both days whole)."""
    params = {
        "admin": scope.is_admin,
        "rid": scope.recruiter_id,
        "start": start,
        "end": end + datetime.timedelta(days=1),
    }
    async with desk.engine.connect() as conn:
        result = await conn.execute(text(GOLD[metric]), params)
        if metric in MEDIANS:
            values = [float(v) for (v,) in result]
            return round(statistics.median(values), 1) if values else None
        value = result.scalar_one()
    if metric == "share_link_conversion":
        return None if value is None else round(float(value), 4)
    return int(value)


def _period(metric: str, desk: Desk) -> tuple[datetime.date, datetime.date]:
    if metric in EXPIRING:
        return desk.today, desk.today + datetime.timedelta(days=60)
    return desk.today - datetime.timedelta(days=400), desk.today


def _ctx(desk: Desk, scope: RecruiterScope) -> CopilotContext:
    return CopilotContext(
        scope=scope,
        engine=desk.engine,
        session_factory=desk.factory,
        max_rows=MAX_ROWS,
        timeout_ms=TIMEOUT_MS,
        today=desk.today,
    )


async def ask(desk: Desk, scope: RecruiterScope, query: MetricQuery) -> MetricResult:
    return await query_metric(_ctx(desk, scope), query)


def _close(a: float | int | None, b: float | int | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), abs_tol=0.051 if isinstance(b, float) else 0)


# --------------------------------------------------------------------------- tests
@pytest.mark.parametrize("metric", sorted(METRICS))
async def test_each_metric_equals_hand_written_sql_for_a_recruiter_and_an_admin(
    desk: Desk, metric: str
) -> None:
    start, end = _period(metric, desk)
    query = MetricQuery(metric=metric, filters=MetricFilters(period_start=start, period_end=end))
    for who in ("recruiter", "admin"):
        scope = desk.scope(who)
        result = await ask(desk, scope, query)
        expected = await gold(desk, scope, metric, start, end)
        assert _close(result.value, expected), (who, metric, result.value, expected)
        assert result.rows == [[result.value]]
        assert result.metric_meaning == METRICS[metric].meaning
        assert "copilot." in result.sql and "public." not in result.sql
    # The recruiter's number is part of the admin's: scope narrows, never widens.
    if metric not in MEDIANS and metric != "share_link_conversion":
        mine = (await ask(desk, desk.mine, query)).value
        everyone = (await ask(desk, desk.admin, query)).value
        assert isinstance(mine, int) and isinstance(everyone, int)
        assert mine <= everyone


async def test_the_data_gives_every_metric_something_to_count(desk: Desk) -> None:
    """Guards the test above: equal zeros everywhere would prove nothing."""
    for metric in METRICS:
        start, end = _period(metric, desk)
        value = await gold(desk, desk.admin, metric, start, end)
        assert value, metric
    for metric in ("applications", "placements", "licenses_expiring", "handoffs_open"):
        start, end = _period(metric, desk)
        assert await gold(desk, desk.mine, metric, start, end), metric


async def test_shown_sql_is_what_ran_and_passes_the_sql_guard(desk: Desk) -> None:
    """The admins' "how I got this" SQL gives the same answer when run as guarded SQL."""
    for metric in METRICS:
        start, end = _period(metric, desk)
        query = MetricQuery(
            metric=metric,
            group_by=["month"] if "month" in METRICS[metric].dimensions else [],
            filters=MetricFilters(period_start=start, period_end=end),
        )
        for scope in (desk.mine, desk.admin):
            result = await ask(desk, scope, query)
            guarded = guard_sql(result.sql, max_rows=MAX_ROWS + 1)
            async with scoped_read(desk.engine, scope, timeout_ms=TIMEOUT_MS) as conn:
                rows = (await conn.execute(text(guarded))).all()
            assert [[json_value(v) for v in row] for row in rows] == result.rows, metric


async def test_grouped_by_status_and_month_match_hand_written_sql(desk: Desk) -> None:
    start, end = desk.today - datetime.timedelta(days=365), desk.today
    for scope in (desk.mine, desk.admin):
        by_status = await ask(
            desk,
            scope,
            MetricQuery(
                metric="applications",
                group_by=["status"],
                filters=MetricFilters(period_start=start, period_end=end),
            ),
        )
        async with desk.engine.connect() as conn:
            expected = {
                status: n
                for status, n in await conn.execute(
                    text(
                        f"SELECT a.status::text, count(*) FROM applications a "
                        f"WHERE {APP_IN_SCOPE} AND a.created_at >= :s AND a.created_at < :e "
                        "GROUP BY 1"
                    ),
                    {"admin": scope.is_admin, "rid": scope.recruiter_id, "s": start,
                     "e": end + datetime.timedelta(days=1)},
                )
            }  # fmt: skip
        assert by_status.columns == ["status", "applications"]
        assert {s: n for s, n in by_status.rows} == expected
        counts = [n for _, n in by_status.rows]
        assert counts == sorted(counts, reverse=True), "largest group first"
        assert by_status.value is None
        assert (
            sum(counts)
            == (
                await ask(
                    desk,
                    scope,
                    MetricQuery(
                        metric="applications",
                        filters=MetricFilters(period_start=start, period_end=end),
                    ),
                )
            ).value
        )

    by_month = await ask(
        desk,
        desk.admin,
        MetricQuery(
            metric="placements",
            group_by=["month", "specialty"],
            filters=MetricFilters(period_start=start, period_end=end),
        ),
    )
    async with desk.engine.connect() as conn:
        expected_rows = (
            await conn.execute(
                text(
                    f"SELECT date_trunc('month', p.t)::date, coalesce(s.name, '(none)'), count(*) "
                    f"FROM (SELECT a.job_id, {FIRST.format(status='placed')} AS t "
                    "FROM applications a) p JOIN jobs j ON j.id = p.job_id "
                    "LEFT JOIN specialties s ON s.id = j.specialty_id "
                    "WHERE p.t >= :s AND p.t < :e GROUP BY 1, 2"
                ),
                {"s": start, "e": end + datetime.timedelta(days=1)},
            )
        ).all()
    assert by_month.columns == ["month", "specialty", "placements"]
    assert {(m, s, n) for m, s, n in by_month.rows} == {
        (m.isoformat(), s, n) for m, s, n in expected_rows
    }
    months = [row[0] for row in by_month.rows]
    assert months == sorted(months), "time runs oldest first"


async def test_periods_and_within_days(desk: Desk) -> None:
    last_30 = await ask(
        desk,
        desk.mine,
        MetricQuery(metric="applications", filters=MetricFilters(within_days=30)),
    )
    start = desk.today - datetime.timedelta(days=29)
    assert last_30.value == await gold(desk, desk.mine, "applications", start, desk.today)
    assert "applied" in last_30.filters_text

    expiring_default = await ask(desk, desk.admin, MetricQuery(metric="licenses_expiring"))
    horizon = desk.today + datetime.timedelta(days=30)
    assert expiring_default.value == await gold(
        desk, desk.admin, "licenses_expiring", desk.today, horizon
    )
    expiring_90 = await ask(
        desk,
        desk.admin,
        MetricQuery(metric="licenses_expiring", filters=MetricFilters(within_days=90)),
    )
    assert expiring_90.value == await gold(
        desk, desk.admin, "licenses_expiring", desk.today, desk.today + datetime.timedelta(90)
    )
    assert expiring_90.value is not None and expiring_default.value is not None
    assert expiring_90.value >= expiring_default.value


async def test_list_rows_of_licenses_expiring_are_the_recruiters_own(desk: Desk) -> None:
    result = await ask(
        desk,
        desk.mine,
        MetricQuery(
            metric="licenses_expiring",
            filters=MetricFilters(within_days=120),
            list_rows=True,
        ),
    )
    async with desk.engine.connect() as conn:
        expected = (
            await conn.execute(
                text(
                    "SELECT c.id, st.code, l.expiration_date FROM candidate_licenses l "
                    "JOIN candidates c ON c.id = l.candidate_id "
                    "LEFT JOIN states st ON st.id = l.state_id "
                    "WHERE c.recruiter_id = :rid AND l.expiration_date >= :s "
                    "AND l.expiration_date <= :e"
                ),
                {
                    "rid": desk.mine.recruiter_id,
                    "s": desk.today,
                    "e": desk.today + datetime.timedelta(days=120),
                },
            )
        ).all()
    assert expected, "the demo gives the recruiter licenses expiring soon"
    assert result.columns == ["candidate", "license state", "profession", "expires"]
    got = {
        (cid, row[1], row[3]) for cid, row in zip(result.candidate_ids, result.rows, strict=True)
    }
    assert got == {(str(c), s, e.isoformat()) for c, s, e in expected}
    assert all(row[0] for row in result.rows), "each row names its candidate"
    expiries = [row[3] for row in result.rows]
    assert expiries == sorted(expiries), "soonest first"


async def test_an_admin_lists_everyones_rows_newest_first(desk: Desk) -> None:
    listed = await ask(
        desk,
        desk.admin,
        MetricQuery(metric="applications", list_rows=True, limit=25),
    )
    async with desk.engine.connect() as conn:
        newest = (
            await conn.execute(
                text(
                    "SELECT a.candidate_id, u.first_name || ' ' || u.last_name, a.created_at "
                    "FROM applications a JOIN candidates c ON c.id = a.candidate_id "
                    "JOIN users u ON u.id = c.user_id ORDER BY a.created_at DESC LIMIT 25"
                )
            )
        ).all()
    assert listed.truncated is True and len(listed.rows) == 25
    assert listed.candidate_ids == [str(cid) for cid, _, _ in newest]
    assert [row[0] for row in listed.rows] == [name for _, name, _ in newest]
    assert [row[5] for row in listed.rows] == [t.isoformat() for _, _, t in newest]

    expiring = await ask(
        desk,
        desk.admin,
        MetricQuery(
            metric="licenses_expiring", filters=MetricFilters(within_days=90), list_rows=True
        ),
    )
    assert len(expiring.rows) == await gold(
        desk, desk.admin, "licenses_expiring", desk.today, desk.today + datetime.timedelta(90)
    )


async def test_a_recruiter_login_without_a_recruiter_row_sees_nothing(desk: Desk) -> None:
    nobody = RecruiterScope(uuid.uuid4(), None, False)
    for metric in ("applications", "candidates", "licenses_expiring", "handoffs_open"):
        result = await ask(desk, nobody, MetricQuery(metric=metric))
        assert result.value == 0, metric
    listed = await ask(desk, nobody, MetricQuery(metric="candidates", list_rows=True))
    assert listed.rows == []
    # Jobs are everyone's.
    jobs = await ask(desk, nobody, MetricQuery(metric="open_jobs"))
    assert jobs.value == (await ask(desk, desk.admin, MetricQuery(metric="open_jobs"))).value


async def test_a_recruiter_never_gets_another_recruiters_rows(desk: Desk) -> None:
    async with desk.engine.connect() as conn:
        theirs = {
            str(cid)
            for (cid,) in await conn.execute(
                text("SELECT id FROM candidates WHERE recruiter_id = :rid"),
                {"rid": desk.other.recruiter_id},
            )
        }
    assert theirs
    for metric in ("applications", "candidates", "licenses_expiring", "referrals", "placements"):
        listed = await ask(
            desk,
            desk.mine,
            MetricQuery(
                metric=metric,
                list_rows=True,
                filters=MetricFilters(within_days=3650),
            ),
        )
        results = [listed]
        if "candidate" in METRICS[metric].dimensions:
            by_candidate = MetricQuery(
                metric=metric, group_by=["candidate"], filters=MetricFilters(within_days=3650)
            )
            results.append(await ask(desk, desk.mine, by_candidate))
        for result in results:
            assert result.candidate_ids, metric
            assert not set(result.candidate_ids) & theirs, metric
    # Naming the other recruiter narrows to nothing, and says it is outside the scope.
    named = await ask(
        desk,
        desk.mine,
        MetricQuery(
            metric="applications",
            filters=MetricFilters(recruiter_id=desk.other.recruiter_id, within_days=3650),
        ),
    )
    assert named.value == 0
    assert named.outside_scope is True
    one_of_theirs = await ask(
        desk,
        desk.mine,
        MetricQuery(
            metric="licenses_expiring",
            list_rows=True,
            filters=MetricFilters(candidate_id=uuid.UUID(sorted(theirs)[0]), within_days=3650),
        ),
    )
    assert one_of_theirs.rows == [] and one_of_theirs.candidate_ids == []


async def test_outside_scope_is_not_the_same_as_none(desk: Desk) -> None:
    long_ago = MetricFilters(
        period_start=datetime.date(1990, 1, 1), period_end=datetime.date(1990, 12, 31)
    )
    nothing = await ask(desk, desk.mine, MetricQuery(metric="applications", filters=long_ago))
    assert nothing.value == 0 and nothing.outside_scope is False
    admin_zero = await ask(desk, desk.admin, MetricQuery(metric="applications", filters=long_ago))
    assert admin_zero.outside_scope is False
    # The admin sees the same number for that recruiter as the recruiter does.
    for_them = await ask(
        desk,
        desk.admin,
        MetricQuery(
            metric="handoffs_open", filters=MetricFilters(recruiter_id=desk.other.recruiter_id)
        ),
    )
    theirs = await ask(desk, desk.other, MetricQuery(metric="handoffs_open"))
    assert for_them.value == theirs.value == 1


async def test_admin_recruiter_filter_narrows_to_that_recruiters_applications(
    desk: Desk,
) -> None:
    result = await ask(
        desk,
        desk.admin,
        MetricQuery(
            metric="applications",
            group_by=["recruiter"],
            filters=MetricFilters(recruiter_id=desk.other.recruiter_id),
        ),
    )
    async with desk.engine.connect() as conn:
        expected = (
            await conn.execute(
                text("SELECT count(*) FROM applications WHERE recruiter_id = :rid"),
                {"rid": desk.other.recruiter_id},
            )
        ).scalar_one()
    assert len(result.rows) == 1 and result.rows[0][1] == expected
    assert result.rows[0][0] != "(unassigned)"


async def test_filters_by_master_names_and_words(desk: Desk) -> None:
    async with desk.engine.connect() as conn:
        specialty, state = (
            await conn.execute(
                text(
                    "SELECT s.name, st.code FROM jobs j "
                    "JOIN specialties s ON s.id = j.specialty_id "
                    "JOIN states st ON st.id = j.client_state_id "
                    "WHERE j.display_on_external_job_board AND j.closed_at IS NULL "
                    "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
                )
            )
        ).one()
        expected = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM jobs j JOIN specialties s ON s.id = j.specialty_id "
                    "JOIN states st ON st.id = j.client_state_id "
                    "WHERE j.display_on_external_job_board AND j.closed_at IS NULL "
                    "AND s.name = :sp AND st.code = :st"
                ),
                {"sp": specialty, "st": state},
            )
        ).scalar_one()
    result = await ask(
        desk,
        desk.mine,
        MetricQuery(
            metric="open_jobs",
            filters=MetricFilters(specialty=specialty.lower(), state_code=state.lower()),
        ),
    )
    assert result.value == expected
    assert result.filters_text == f"specialty {specialty}, state {state}"
    with pytest.raises(MetricRejected, match="no specialty called"):
        await ask(
            desk,
            desk.mine,
            MetricQuery(metric="open_jobs", filters=MetricFilters(specialty="Underwater Welding")),
        )


async def test_questions_the_metric_cannot_answer_are_rejected_in_words(desk: Desk) -> None:
    bad = [
        MetricQuery(metric="revenue"),
        MetricQuery(metric="open_jobs", group_by=["recruiter"]),
        MetricQuery(metric="applications", group_by=["status", "month", "state"]),
        MetricQuery(metric="open_jobs", filters=MetricFilters(recruiter_id=uuid.uuid4())),
        MetricQuery(metric="handoffs_open", filters=MetricFilters(specialty="ICU")),
        MetricQuery(metric="applications", group_by=["status"], list_rows=True),
        MetricQuery(
            metric="applications",
            filters=MetricFilters(
                period_start=datetime.date(2026, 2, 1), period_end=datetime.date(2026, 1, 1)
            ),
        ),
    ]
    for query in bad:
        with pytest.raises(MetricRejected) as caught:
            await ask(desk, desk.mine, query)
        assert caught.value.reason and "\n" not in caught.value.reason


async def test_grouping_is_capped_by_the_row_limit(desk: Desk) -> None:
    ctx = CopilotContext(
        scope=desk.admin,
        engine=desk.engine,
        session_factory=desk.factory,
        max_rows=3,
        timeout_ms=TIMEOUT_MS,
        today=desk.today,
    )
    result = await query_metric(ctx, MetricQuery(metric="open_jobs", group_by=["state"]))
    assert len(result.rows) == 3 and result.truncated is True
    top = await query_metric(ctx, MetricQuery(metric="open_jobs", group_by=["state"], limit=2))
    assert top.rows == result.rows[:2]


# ------------------------------------------------------------------ candidates for a job
async def _qualify(conn: Any, job_id: uuid.UUID, candidate_id: uuid.UUID, vector: str) -> None:
    """Make the candidate pass the job's hard filters, with a resume close to the job."""
    job = (
        await conn.execute(
            text("SELECT profession_id, client_state_id FROM jobs WHERE id = :j"), {"j": job_id}
        )
    ).one()
    await conn.execute(
        text(
            "INSERT INTO candidate_professions (id, candidate_id, profession_id, created_at) "
            "VALUES (:id, :c, :p, now()) ON CONFLICT DO NOTHING"
        ),
        {"id": uuid.uuid4(), "c": candidate_id, "p": job.profession_id},
    )
    await conn.execute(
        text(
            "INSERT INTO candidate_licenses (id, candidate_id, state_id, profession_id, "
            "expiration_date, status, verification_status, created_at, updated_at) VALUES "
            "(:id, :c, :s, :p, :exp, 'active', 'verified', now(), now())"
        ),
        {
            "id": uuid.uuid4(),
            "c": candidate_id,
            "s": job.client_state_id,
            "p": job.profession_id,
            "exp": datetime.date.today() + datetime.timedelta(days=400),
        },
    )
    certs = {
        name: (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
        for (name,) in await conn.execute(
            text("SELECT certification FROM job_required_certifications WHERE job_id = :j"),
            {"j": job_id},
        )
    }
    model = (
        await conn.execute(
            text("SELECT model_name FROM job_embeddings WHERE job_id = :j"), {"j": job_id}
        )
    ).scalar_one()
    await conn.execute(
        text(
            "INSERT INTO resume_embeddings (id, candidate_id, embedding, model_name, "
            "content_hash, part, certifications, created_at, updated_at) VALUES (:id, :c, "
            "CAST(:v AS vector), :m, 'x', 'summary', CAST(:certs AS jsonb), now(), now())"
        ),
        {"id": uuid.uuid4(), "c": candidate_id, "v": vector, "m": model, "certs": _json(certs)},
    )


async def test_candidates_for_a_job_are_the_askers_own_best_first(desk: Desk) -> None:
    async with desk.engine.begin() as conn:
        job_id, job_vector = (
            await conn.execute(
                text(
                    "SELECT j.id, e.embedding::text FROM jobs j "
                    "JOIN job_embeddings e ON e.job_id = j.id "
                    "WHERE j.display_on_external_job_board AND j.closed_at IS NULL "
                    "AND j.profession_id IS NOT NULL AND j.client_state_id IS NOT NULL "
                    "ORDER BY j.posted_date DESC LIMIT 1"
                )
            )
        ).one()
        mine = (
            await conn.execute(
                text("SELECT id FROM candidates WHERE recruiter_id = :r ORDER BY id LIMIT 1"),
                {"r": desk.mine.recruiter_id},
            )
        ).scalar_one()
        theirs = (
            await conn.execute(
                text("SELECT id FROM candidates WHERE recruiter_id = :r ORDER BY id LIMIT 1"),
                {"r": desk.other.recruiter_id},
            )
        ).scalar_one()
        for cid in (mine, theirs):
            await _qualify(conn, job_id, cid, job_vector)

    for_me = await candidates_for_job(_ctx(desk, desk.mine), job_id)
    assert str(mine) in for_me.candidate_ids
    assert str(theirs) not in for_me.candidate_ids
    assert for_me.columns[0] == "candidate" and for_me.rows[0][0]
    assert for_me.filters_text.startswith("job ")
    matches = [row[for_me.columns.index("match")] for row in for_me.rows]
    assert matches == sorted(matches, reverse=True)

    for_admin = await candidates_for_job(_ctx(desk, desk.admin), job_id)
    assert {str(mine), str(theirs)} <= set(for_admin.candidate_ids)

    with pytest.raises(LookupError):
        await candidates_for_job(_ctx(desk, desk.mine), uuid.uuid4())


# ------------------------------------------------- source, certification, shift, pay
_HOLDS_ACLS = (
    "EXISTS (SELECT 1 FROM resume_embeddings e CROSS JOIN LATERAL "
    "jsonb_object_keys(e.certifications) k WHERE e.candidate_id = {cand} "
    "AND e.part = 'summary' AND k = 'ACLS')"
)
_APPS_SCOPED = (
    "SELECT count(*) FROM applications a JOIN candidates c ON c.id = a.candidate_id "
    "JOIN jobs j ON j.id = a.job_id WHERE (:admin OR a.recruiter_id = :rid OR "
    "c.recruiter_id = :rid) AND {where}"
)
_NARROWED: list[tuple[str, MetricFilters, str]] = [
    ("applications", MetricFilters(source="website"), _APPS_SCOPED.format(
        where="a.source = 'website'")),
    ("applications", MetricFilters(source="Recruiter Share"), _APPS_SCOPED.format(
        where="a.source = 'recruiter_share'")),
    ("applications", MetricFilters(shift="night"), _APPS_SCOPED.format(
        where="j.shift ILIKE 'Nights%'")),
    ("applications", MetricFilters(min_weekly_pay=2500), _APPS_SCOPED.format(
        where="j.weekly_pay >= 2500")),
    ("applications", MetricFilters(certification="acls"), _APPS_SCOPED.format(
        where=_HOLDS_ACLS.format(cand="a.candidate_id"))),
    ("candidates", MetricFilters(certification="ACLS"),
     "SELECT count(*) FROM candidates c WHERE (:admin OR c.recruiter_id = :rid) AND "
     + _HOLDS_ACLS.format(cand="c.id")),
    ("candidates", MetricFilters(referral_source="website"),
     "SELECT count(*) FROM candidates c JOIN referral_sources rs ON rs.id = "
     "c.referral_source_id WHERE (:admin OR c.recruiter_id = :rid) AND rs.name = 'Website'"),
    ("open_jobs", MetricFilters(shift="Nights", max_hourly_pay=80, state_code="TX"),
     "SELECT count(*) FROM jobs j LEFT JOIN states s ON s.id = j.client_state_id WHERE "
     "j.display_on_external_job_board AND j.closed_at IS NULL AND j.shift ILIKE 'Nights%' "
     "AND j.hourly_pay <= 80 AND coalesce(s.code, j.client_state_code) = 'TX'"),
]  # fmt: skip


@pytest.mark.parametrize(("metric", "filters", "sql"), _NARROWED)
async def test_source_certification_shift_and_pay_equal_hand_written_sql(
    desk: Desk, metric: str, filters: MetricFilters, sql: str
) -> None:
    """Each new filter counts what the tables say, for a recruiter and an admin; it only
    narrows (never more than the unfiltered count), the explanation names it, and the
    shown SQL passes the guard and gives the same number."""
    for scope in (desk.mine, desk.admin):
        result = await ask(desk, scope, MetricQuery(metric=metric, filters=filters))
        whole = await ask(desk, scope, MetricQuery(metric=metric))
        async with desk.engine.connect() as conn:
            expected = await conn.scalar(
                text(sql), {"admin": scope.is_admin, "rid": scope.recruiter_id}
            )
        assert result.value == expected, (metric, filters, scope.is_admin)
        assert isinstance(result.value, int) and isinstance(whole.value, int)
        assert result.value <= whole.value
        assert result.filters_text
        guarded = guard_sql(result.sql, max_rows=MAX_ROWS + 1)
        async with scoped_read(desk.engine, scope, timeout_ms=TIMEOUT_MS) as conn:
            assert (await conn.execute(text(guarded))).scalar() == result.value
    admin = await ask(desk, desk.admin, MetricQuery(metric=metric, filters=filters))
    assert admin.value, f"nothing to count for {metric} {filters}: the test proves nothing"


async def test_listed_rows_after_a_certification_filter_are_exactly_those_candidates(
    desk: Desk,
) -> None:
    query = MetricQuery(metric="candidates", filters=MetricFilters(certification="ACLS"))
    count = await ask(desk, desk.mine, query)
    listed = await ask(desk, desk.mine, MetricQuery(**{**_fields(query), "list_rows": True}))
    async with desk.engine.connect() as conn:
        ids = {
            str(r[0])
            for r in await conn.execute(
                text(
                    "SELECT c.id FROM candidates c WHERE c.recruiter_id = :rid AND "
                    + _HOLDS_ACLS.format(cand="c.id")
                ),
                {"rid": desk.mine.recruiter_id},
            )
        }
    assert set(listed.candidate_ids) == ids and count.value == len(ids) > 0
    assert "holding ACLS" in listed.filters_text


def _fields(query: MetricQuery) -> dict[str, Any]:
    return {f: getattr(query, f) for f in query.__struct_fields__}
