"""The copilot's scope is enforced by PostgreSQL (roles + FORCE row-level security).

Every copilot query runs in ``scoped_read``: READ ONLY, as ``copilot_reader``, with a signed
scope. These tests read the copilot views the way the copilot does and compare with
hand-written SQL over the base tables (read as the application, which sees every row).
The test database role is a superuser, which bypasses row-level security; the scoped
reads drop that by switching to ``copilot_reader``, and one test migrates a database as
an ordinary (non-superuser) application role to show FORCE does not hide its own rows.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from uuid import UUID

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from data_layer.recruiting.scope import RecruiterScope, scope_for_user, scoped_read
from data_layer.recruiting.semantic import ENTITIES, SCHEMA
from data_layer.recruiting.sql_runner import SQLTimedOut, run_readonly_sql

TIMEOUT_MS = 5000

# scoped view -> (key expression over the view, the same keys for a recruiter from the
# base tables, the same keys for everyone from the base tables)
GOLD: dict[str, tuple[str, str, str]] = {
    "candidates": (
        "candidate_id::text",
        "SELECT id::text FROM candidates WHERE recruiter_id = :rid",
        "SELECT id::text FROM candidates",
    ),
    "applications": (
        "application_id::text",
        """SELECT a.id::text FROM applications a JOIN candidates c ON c.id = a.candidate_id
            LEFT JOIN recruiter_job_shares s ON s.id = a.recruiter_share_id
           WHERE a.recruiter_id = :rid OR c.recruiter_id = :rid OR s.recruiter_id = :rid""",
        "SELECT id::text FROM applications",
    ),
    "status_changes": (
        "application_id::text || status || changed_at::text",
        """SELECT h.application_id::text || h.status::text || h.created_at::text
             FROM application_status_history h
             JOIN applications a ON a.id = h.application_id
             JOIN candidates c ON c.id = a.candidate_id
             LEFT JOIN recruiter_job_shares s ON s.id = a.recruiter_share_id
            WHERE a.recruiter_id = :rid OR c.recruiter_id = :rid OR s.recruiter_id = :rid""",
        """SELECT application_id::text || status::text || created_at::text
             FROM application_status_history""",
    ),
    "licenses": (
        "candidate_id::text || coalesce(expires_on::text, '-')",
        """SELECT l.candidate_id::text || coalesce(l.expiration_date::text, '-')
             FROM candidate_licenses l JOIN candidates c ON c.id = l.candidate_id
            WHERE c.recruiter_id = :rid""",
        "SELECT candidate_id::text || coalesce(expiration_date::text, '-') FROM candidate_licenses",
    ),
    "certifications": (
        "candidate_id::text || certification",
        """SELECT DISTINCT e.candidate_id::text || k FROM resume_embeddings e
             JOIN candidates c ON c.id = e.candidate_id,
             jsonb_object_keys(e.certifications) k
            WHERE e.part = 'summary' AND c.recruiter_id = :rid""",
        """SELECT DISTINCT e.candidate_id::text || k FROM resume_embeddings e,
             jsonb_object_keys(e.certifications) k WHERE e.part = 'summary'""",
    ),
    "share_links": (
        "share_id::text",
        "SELECT id::text FROM recruiter_job_shares WHERE recruiter_id = :rid",
        "SELECT id::text FROM recruiter_job_shares",
    ),
    "share_views": (
        "share_id::text || viewed_at::text",
        """SELECT v.recruiter_share_id::text || v.created_at::text FROM job_views v
             JOIN recruiter_job_shares s ON s.id = v.recruiter_share_id
            WHERE s.recruiter_id = :rid""",
        """SELECT recruiter_share_id::text || created_at::text FROM job_views
            WHERE recruiter_share_id IS NOT NULL""",
    ),
    "handoffs": (
        "handoff_id::text",
        "SELECT id::text FROM chat_handoffs WHERE recruiter_id = :rid",
        "SELECT id::text FROM chat_handoffs",
    ),
    "referrals": (
        "referral_id::text",
        """SELECT r.id::text FROM referrals r JOIN candidates c ON c.user_id = r.referred_user_id
            WHERE c.recruiter_id = :rid""",
        "SELECT id::text FROM referrals",
    ),
}

PG_TYPES = {
    "uuid": "uuid",
    "text": "text",
    "integer": "integer",
    "numeric": "numeric",
    "boolean": "boolean",
    "date": "date",
    "timestamp with time zone": "timestamptz",
}


@dataclass(frozen=True)
class Desk:
    """Two recruiters with candidates, and an admin."""

    a: RecruiterScope
    b: RecruiterScope
    admin: RecruiterScope


@pytest.fixture
async def engine(seeded_db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(seeded_db_url)
    try:
        await _add_handoffs_and_certifications(engine)
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
async def desk(engine: AsyncEngine) -> Desk:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                text(
                    """SELECT r.id, r.user_id FROM recruiters r
                        JOIN candidates c ON c.recruiter_id = r.id
                       WHERE r.user_id IS NOT NULL
                       GROUP BY r.id ORDER BY count(*) DESC, r.id LIMIT 2"""
                )
            )
        ).all()
    assert len(rows) == 2
    (a_id, a_user), (b_id, b_user) = rows
    return Desk(
        a=RecruiterScope(user_id=a_user, recruiter_id=a_id, is_admin=False),
        b=RecruiterScope(user_id=b_user, recruiter_id=b_id, is_admin=False),
        admin=RecruiterScope(user_id=uuid.uuid4(), recruiter_id=None, is_admin=True),
    )


async def _add_handoffs_and_certifications(engine: AsyncEngine) -> None:
    """The demo data has neither: one handoff and one resume summary per candidate's
    recruiter, plus an anonymous visitor's handoff."""
    async with engine.begin() as conn:
        candidates = (
            await conn.execute(
                text(
                    """SELECT DISTINCT ON (recruiter_id) id, user_id, recruiter_id
                         FROM candidates WHERE recruiter_id IS NOT NULL
                        ORDER BY recruiter_id, id"""
                )
            )
        ).all()
        for cand_id, user_id, recruiter_id in [*candidates, (None, None, candidates[0][2])]:
            session_id = uuid.uuid4()
            await conn.execute(
                text(
                    """INSERT INTO chat_sessions (id, token_hash, user_id, created_at, updated_at,
                                                  last_activity)
                       VALUES (:id, :hash, :user, now(), now(), now())"""
                ),
                {"id": session_id, "hash": uuid.uuid4().hex, "user": user_id},
            )
            await conn.execute(
                text(
                    """INSERT INTO chat_handoffs (id, chat_session_id, recruiter_id, user_id,
                                                  assigned_by, transcript_messages, created_at,
                                                  updated_at)
                       VALUES (:id, :session, :rid, :user, 'assigned', 3, now(), now())"""
                ),
                {"id": uuid.uuid4(), "session": session_id, "rid": recruiter_id, "user": user_id},
            )
            if cand_id is None:
                continue
            await conn.execute(
                text(
                    """INSERT INTO resume_embeddings (id, candidate_id, embedding, model_name,
                                                      content_hash, part, certifications,
                                                      created_at, updated_at)
                       VALUES (:id, :cand, array_fill(0.1, ARRAY[384])::vector, 'test', 'h',
                               'summary', CAST(:certs AS jsonb), now(), now())"""
                ),
                {
                    "id": uuid.uuid4(),
                    "cand": cand_id,
                    "certs": '{"BLS": "2026-12-31", "ACLS": null, "PALS": "not a date"}',
                },
            )


async def _base_keys(engine: AsyncEngine, sql: str, rid: UUID | None = None) -> list[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(sql), {"rid": rid} if rid else {})
        return sorted(r[0] for r in rows)


async def _view_keys(conn: AsyncConnection, view: str) -> list[str]:
    rows = await conn.execute(text(f"SELECT {GOLD[view][0]} FROM copilot.{view}"))
    return sorted(r[0] for r in rows)


async def _count(conn: AsyncConnection, view: str) -> int:
    return int((await conn.execute(text(f"SELECT count(*) FROM copilot.{view}"))).scalar_one())


def test_every_scoped_view_is_checked_here() -> None:
    assert {name for name, e in ENTITIES.items() if e.scoped} == set(GOLD)


async def test_a_recruiter_sees_only_their_rows_through_every_view(
    engine: AsyncEngine, desk: Desk
) -> None:
    for scope in (desk.a, desk.b):
        async with scoped_read(engine, scope, timeout_ms=TIMEOUT_MS) as conn:
            for view, (_key, mine, _all) in GOLD.items():
                expected = await _base_keys(engine, mine, scope.recruiter_id)
                assert await _view_keys(conn, view) == expected, view
    # The two desks really differ: each has rows in the views the other cannot see.
    async with scoped_read(engine, desk.a, timeout_ms=TIMEOUT_MS) as conn:
        a_candidates = set(await _view_keys(conn, "candidates"))
        a_handoffs = set(await _view_keys(conn, "handoffs"))
    async with scoped_read(engine, desk.b, timeout_ms=TIMEOUT_MS) as conn:
        assert not a_candidates & set(await _view_keys(conn, "candidates"))
        assert not a_handoffs & set(await _view_keys(conn, "handoffs"))
    assert a_candidates and a_handoffs


async def test_an_admin_sees_every_row(engine: AsyncEngine, desk: Desk) -> None:
    async with scoped_read(engine, desk.admin, timeout_ms=TIMEOUT_MS) as conn:
        for view, (_key, _mine, everyone) in GOLD.items():
            expected = await _base_keys(engine, everyone)
            assert expected, view
            assert await _view_keys(conn, view) == expected, view


async def test_the_views_read_the_base_rows_not_counters(engine: AsyncEngine, desk: Desk) -> None:
    async with engine.connect() as conn:
        placed = (
            await conn.execute(
                text(
                    """SELECT a.id, min(h.created_at) FROM applications a
                         JOIN application_status_history h
                           ON h.application_id = a.id AND h.status = 'placed'
                        GROUP BY a.id"""
                )
            )
        ).all()
    assert placed
    async with scoped_read(engine, desk.admin, timeout_ms=TIMEOUT_MS) as conn:
        rows = await conn.execute(
            text(
                "SELECT application_id, placed_at FROM copilot.applications "
                "WHERE placed_at IS NOT NULL"
            )
        )
        assert sorted(rows.all()) == sorted(placed)
        certs = await conn.execute(
            text("SELECT DISTINCT certification, expires_on::text FROM copilot.certifications")
        )
        assert set(certs.all()) == {("BLS", "2026-12-31"), ("ACLS", None), ("PALS", None)}


async def test_without_a_scope_no_personal_row_is_visible(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SET TRANSACTION READ ONLY"))
        await conn.execute(text("SET LOCAL ROLE copilot_reader"))
        for view in GOLD:
            assert await _count(conn, view) == 0, view
        # Jobs and master data are for all staff.
        assert await _count(conn, "jobs") == 600
        assert await _count(conn, "states") > 50
        await conn.rollback()


async def test_without_a_transaction_the_scoped_read_refuses(
    engine: AsyncEngine, desk: Desk
) -> None:
    """On an AUTOCOMMIT connection every SET LOCAL is lost at once: it must not run."""
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    with pytest.raises(RuntimeError, match="scope did not hold"):
        async with scoped_read(autocommit, desk.a, timeout_ms=TIMEOUT_MS) as conn:
            await conn.execute(text("SELECT count(*) FROM copilot.candidates"))
            pytest.fail("a query ran outside the scope")


async def test_setting_the_scope_by_hand_widens_nothing(engine: AsyncEngine, desk: Desk) -> None:
    """What a statement that slipped past the guard could try: rewrite the settings."""
    async with scoped_read(engine, desk.a, timeout_ms=TIMEOUT_MS) as conn:
        mine = await _count(conn, "candidates")
        assert mine > 0
        await conn.execute(text("SELECT set_config('copilot.admin', 'on', true)"))
        assert await _count(conn, "candidates") == 0
        await conn.execute(text("SELECT set_config('copilot.admin', 'off', true)"))
        assert await _count(conn, "candidates") == mine
        await conn.execute(
            text("SELECT set_config('copilot.recruiter_id', :b, true)"),
            {"b": str(desk.b.recruiter_id)},
        )
        assert await _count(conn, "candidates") == 0
        assert await _count(conn, "applications") == 0


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT count(*) FROM public.candidates",
        "SELECT email, password_hash FROM public.users",
        "SELECT count(*) FROM public.applications",
        "SELECT secret FROM copilot.scope_key",
        "SELECT copilot.enter_scope(NULL, true)",
        "SELECT copilot.scope_signature('', 'on')",
        "DELETE FROM copilot.share_links",
        "UPDATE copilot.applications SET status = 'placed'",
        "INSERT INTO copilot.states (code, name) VALUES ('ZZ', 'Nowhere')",
        "DELETE FROM public.candidates",
        "UPDATE public.jobs SET hot_job = true",
        "INSERT INTO public.referral_sources (name) VALUES ('x')",
        "CREATE TABLE copilot.loot AS SELECT * FROM copilot.candidates",
        "CREATE TEMP TABLE loot AS SELECT * FROM copilot.candidates",
        "SELECT * FROM copilot.candidates FOR UPDATE",
        "SELECT nextval('job_statuses_id_seq')",
        "SELECT pg_read_file('postgresql.conf')",
    ],
)
async def test_the_reader_can_neither_read_tables_nor_write(
    engine: AsyncEngine, desk: Desk, statement: str
) -> None:
    """Even a statement that slipped past the guard fails in the database."""
    before = await _table_counts(engine)
    with pytest.raises(DBAPIError):
        async with scoped_read(engine, desk.admin, timeout_ms=TIMEOUT_MS) as conn:
            await conn.exec_driver_sql(statement)
    assert await _table_counts(engine) == before


async def _table_counts(engine: AsyncEngine) -> dict[str, int]:
    tables = ("candidates", "applications", "jobs", "recruiter_job_shares", "referral_sources")
    async with engine.connect() as conn:
        return {
            t: int((await conn.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one())
            for t in tables
        }


async def test_a_long_query_is_stopped_by_the_timeout(engine: AsyncEngine, desk: Desk) -> None:
    started = time.monotonic()
    with pytest.raises(SQLTimedOut):
        await run_readonly_sql(
            engine,
            desk.a,
            "SELECT count(*) FROM jobs a, jobs b, jobs c WHERE a.title < b.title",
            max_rows=10,
            timeout_ms=300,
        )
    assert time.monotonic() - started < 5
    with pytest.raises(DBAPIError, match="statement timeout"):
        async with scoped_read(engine, desk.a, timeout_ms=300) as conn:
            await conn.exec_driver_sql("SELECT pg_sleep(30)")
    assert time.monotonic() - started < 10


async def test_no_rows_outside_the_scope_is_told_apart_from_no_rows(
    engine: AsyncEngine, desk: Desk
) -> None:
    async with engine.connect() as conn:
        b_email = (
            await conn.execute(
                text(
                    """SELECT u.email FROM candidates c JOIN users u ON u.id = c.user_id
                        WHERE c.recruiter_id = :b LIMIT 1"""
                ),
                {"b": desk.b.recruiter_id},
            )
        ).scalar_one()
    question = f"SELECT candidate_id, first_name FROM candidates WHERE email = '{b_email}'"

    as_a = await run_readonly_sql(engine, desk.a, question, max_rows=10, timeout_ms=TIMEOUT_MS)
    assert as_a.rows == [] and as_a.outside_scope
    as_b = await run_readonly_sql(engine, desk.b, question, max_rows=10, timeout_ms=TIMEOUT_MS)
    assert len(as_b.rows) == 1 and not as_b.outside_scope
    nobody = await run_readonly_sql(
        engine,
        desk.a,
        "SELECT candidate_id FROM candidates WHERE email = 'nobody@example.com'",
        max_rows=10,
        timeout_ms=TIMEOUT_MS,
    )
    assert nobody.rows == [] and not nobody.outside_scope


async def test_guarded_sql_returns_at_most_max_rows_and_says_so(
    engine: AsyncEngine, desk: Desk
) -> None:
    result = await run_readonly_sql(
        engine, desk.admin, "SELECT job_id, title FROM jobs", max_rows=25, timeout_ms=TIMEOUT_MS
    )
    assert result.columns == ["job_id", "title"]
    assert len(result.rows) == 25 and result.truncated
    assert result.sql == "SELECT job_id, title FROM copilot.jobs LIMIT 25"
    few = await run_readonly_sql(
        engine,
        desk.a,
        "SELECT count(*) AS n FROM candidates",
        max_rows=25,
        timeout_ms=TIMEOUT_MS,
    )
    mine = await _base_keys(engine, GOLD["candidates"][1], desk.a.recruiter_id)
    assert few.rows == [[len(mine)]] and not few.truncated


async def test_scope_for_user_follows_roles(engine: AsyncEngine, desk: Desk) -> None:
    from sqlalchemy.ext.asyncio import AsyncSession

    async with AsyncSession(engine) as session:
        recruiter = await scope_for_user(session, desk.a.user_id, {"recruiter"})
        assert recruiter == desk.a
        admin = await scope_for_user(session, desk.b.user_id, {"recruiter", "admin"})
        assert admin is not None and admin.is_admin and admin.recruiter_id == desk.b.recruiter_id
        assert await scope_for_user(session, desk.a.user_id, {"candidate"}) is None
        assert await scope_for_user(session, desk.a.user_id, {"content_editor"}) is None
        stranger = await scope_for_user(session, uuid.uuid4(), {"recruiter"})
        assert stranger is not None and stranger.sees_nothing


async def test_the_semantic_layer_describes_the_real_views(migrated_db_url: str) -> None:
    conn = await asyncpg.connect(migrated_db_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        rows = await conn.fetch(
            """SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = $1 ORDER BY table_name, ordinal_position""",
            SCHEMA,
        )
        views = await conn.fetch(
            "SELECT table_name FROM information_schema.views WHERE table_schema = $1", SCHEMA
        )
    finally:
        await conn.close()
    actual: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        actual.setdefault(row["table_name"], []).append(
            (row["column_name"], PG_TYPES.get(row["data_type"], row["data_type"]))
        )
    described = {
        name: [(c.name, c.type) for c in entity.columns] for name, entity in ENTITIES.items()
    }
    assert {r["table_name"] for r in views} == set(ENTITIES)
    assert {name: actual[name] for name in ENTITIES} == described


# ------------------------------------------------- an ordinary application role
async def _run(admin_dsn: str, statements: Sequence[str]) -> None:
    conn = await asyncpg.connect(admin_dsn)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def _dsn(url: str, *, user: str | None = None, database: str | None = None) -> str:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    base, _, name = dsn.rpartition("/")
    if user is not None:
        scheme, _, rest = base.partition("://")
        base = f"{scheme}://{user}@{rest.rpartition('@')[2]}"
    return f"{base}/{database or name}"


async def test_an_ordinary_application_role_keeps_every_row(admin_pg_url: str) -> None:
    """FORCE row-level security applies to the tables' owner; ``app_all`` keeps its rows."""
    from data_layer.db.migrations import run_migrations

    suffix = uuid.uuid4().hex[:10]
    app, other, database = f"app_{suffix}", f"other_{suffix}", f"t_app_{suffix}"
    admin = _dsn(admin_pg_url)
    await _run(
        admin,
        [
            # What a DBA provides: a login role that owns its database and may use the
            # copilot roles (they exist already: every migrated database shares them).
            f"CREATE ROLE {app} LOGIN NOSUPERUSER NOBYPASSRLS",
            f"CREATE ROLE {other} LOGIN NOSUPERUSER NOBYPASSRLS",
            f"GRANT copilot_owner, copilot_reader TO {app}",
            f"CREATE DATABASE {database} OWNER {app}",
        ],
    )
    try:
        await _run(
            _dsn(admin_pg_url, database=database),
            ["CREATE EXTENSION IF NOT EXISTS vector", "CREATE EXTENSION IF NOT EXISTS pg_trgm"],
        )
        app_url = _dsn(admin_pg_url, user=app, database=database).replace(
            "postgresql://", "postgresql+asyncpg://"
        )
        await asyncio.to_thread(run_migrations, app_url)
        engine = create_async_engine(app_url)
        try:
            await _check_app_role(engine, admin_pg_url, database, other)
        finally:
            await engine.dispose()
    finally:
        await _run(
            admin,
            [
                f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
                f"DROP ROLE IF EXISTS {other}",
                f"DROP ROLE IF EXISTS {app}",
            ],
        )


async def _check_app_role(
    engine: AsyncEngine, admin_pg_url: str, database: str, other: str
) -> None:
    r1, r2 = uuid.uuid4(), uuid.uuid4()
    people = [(uuid.uuid4(), uuid.uuid4(), rid) for rid in (r1, r2, r2)]
    async with engine.begin() as conn:
        assert (
            await conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
        ).scalar_one() is False
        for rid in (r1, r2):
            await conn.execute(
                text(
                    "INSERT INTO recruiters (id, active, created_at, updated_at) "
                    "VALUES (:id, true, now(), now())"
                ),
                {"id": rid},
            )
        for cand_id, user_id, rid in people:
            await conn.execute(
                text(
                    "INSERT INTO users (id, email, created_at, updated_at) "
                    "VALUES (:id, :e, now(), now())"
                ),
                {"id": user_id, "e": f"{user_id.hex}@example.com"},
            )
            await conn.execute(
                text(
                    """INSERT INTO candidates (id, user_id, recruiter_id, created_at, updated_at)
                       VALUES (:id, :user, :rid, now(), now())"""
                ),
                {"id": cand_id, "user": user_id, "rid": rid},
            )
    # The application reads, changes and deletes every row, FORCE notwithstanding.
    async with engine.begin() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM candidates"))).scalar_one() == 3
        changed = await conn.execute(text("UPDATE candidates SET city = 'Austin'"))
        assert changed.rowcount == 3
        deleted = await conn.execute(
            text("DELETE FROM candidates WHERE id = :id"), {"id": people[2][0]}
        )
        assert deleted.rowcount == 1
    # The copilot, through the same application role, sees only the scope's rows.
    one = RecruiterScope(user_id=uuid.uuid4(), recruiter_id=r1, is_admin=False)
    async with scoped_read(engine, one, timeout_ms=TIMEOUT_MS) as conn:
        assert await _count(conn, "candidates") == 1
    everyone = RecruiterScope(user_id=uuid.uuid4(), recruiter_id=None, is_admin=True)
    async with scoped_read(engine, everyone, timeout_ms=TIMEOUT_MS) as conn:
        assert await _count(conn, "candidates") == 2
    # Row-level security is really on: another role granted the table reads nothing.
    await _run(_dsn(admin_pg_url, database=database), [f"GRANT SELECT ON candidates TO {other}"])
    conn2 = await asyncpg.connect(_dsn(admin_pg_url, user=other, database=database))
    try:
        assert await conn2.fetchval("SELECT count(*) FROM candidates") == 0
    finally:
        await conn2.close()
