"""Answers told from tool results: the sentence says the number and the period in words,
the table and chart carry the rows, the explanation says what was counted for whom, and
only admins see the SQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from assistant.copilot.charts import VEGA_LITE_SCHEMA, chart_for
from assistant.copilot.compose import compose_answer, format_number
from data_layer.recruiting.metrics.query import MetricFilters, MetricQuery, MetricResult
from data_layer.recruiting.scope import RecruiterScope
from tests.unit.copilot_nlu.helpers import ME, TODAY, d
from tools.copilot import CopilotContext

SQL = "SELECT count(*) FROM copilot.applications"


def context(*, admin: bool) -> CopilotContext:
    # Never connected: composing an answer reads no data.
    engine = create_async_engine("postgresql+asyncpg://nobody@localhost/none")
    scope = RecruiterScope(user_id=uuid.uuid4(), recruiter_id=None if admin else ME, is_admin=admin)
    return CopilotContext(scope, engine, async_sessionmaker(engine), 500, 5000, TODAY)


def result(
    metric: str, columns: list[str], rows: list[list[Any]], value: Any = None, **extra: Any
) -> MetricResult:
    return MetricResult(
        metric=metric,
        columns=columns,
        rows=rows,
        value=value,
        sql=SQL,
        metric_meaning="Applications made in the period, whatever their status now.",
        filters_text="specialty ICU, applied October 1, 2026 to October 31, 2026",
        **extra,
    )


OCTOBER = MetricFilters(period_start=d(10, 1), period_end=d(10, 31), specialty="ICU")


def test_one_number_with_its_period_in_words() -> None:
    query = MetricQuery(metric="applications", filters=OCTOBER)
    answer = compose_answer(
        result("applications", ["applications"], [[42]], 42), query, context(admin=False)
    )
    assert answer.value == 42
    assert answer.answer == "There were 42 applications for ICU jobs last month (October 2026)."
    assert answer.chart is None and answer.sql is None
    assert "ICU" in answer.explanation and "your candidates" in answer.explanation


def test_admins_see_the_sql_and_all_recruiters() -> None:
    query = MetricQuery(metric="applications", filters=OCTOBER)
    answer = compose_answer(
        result("applications", ["applications"], [[42]], 42), query, context(admin=True)
    )
    assert answer.sql == SQL and "all recruiters" in answer.explanation


def test_a_breakdown_by_category_is_a_bar_chart_with_its_rows_inline() -> None:
    query = MetricQuery(metric="applications", group_by=["status"], filters=OCTOBER)
    rows = [["applied", 20], ["interviewing", 15], ["placed", 7]]
    answer = compose_answer(
        result("applications", ["status", "applications"], rows), query, context(admin=False)
    )
    assert answer.value is None
    assert answer.table is not None and answer.table.rows == rows
    assert "applied 20" in answer.answer and "42 in all" in answer.answer
    chart = answer.chart
    assert chart is not None and chart["$schema"] == VEGA_LITE_SCHEMA
    assert chart["mark"]["type"] == "bar"
    assert chart["data"]["values"][0] == {"status": "applied", "applications": 20}
    assert chart["encoding"]["x"]["field"] == "status"


def test_a_breakdown_by_month_is_a_line() -> None:
    query = MetricQuery(metric="placements", group_by=["month"])
    rows = [["2026-09-01", 3], ["2026-10-01", 9], ["2026-11-01", 4]]
    answer = compose_answer(
        result("placements", ["month", "placements"], rows), query, context(admin=True)
    )
    assert answer.chart is not None and answer.chart["mark"]["type"] == "line"
    assert answer.chart["encoding"]["x"]["type"] == "temporal"
    assert "October 2026 (9)" in answer.answer


def test_no_chart_for_one_row_or_a_list() -> None:
    assert chart_for(["state", "n"], [["TX", 3]], ["state"], title="t", measure_title="n") is None
    assert (
        chart_for(["a", "b", "c"], [[1, 2, 3], [4, 5, 6]], [], title="t", measure_title="n") is None
    )


def test_zero_for_a_recruiter_when_only_other_desks_match_says_outside_scope() -> None:
    query = MetricQuery(metric="placements", filters=OCTOBER)
    answer = compose_answer(
        result("placements", ["placements"], [[0]], 0, outside_scope=True),
        query,
        context(admin=False),
    )
    assert answer.value == 0 and answer.outside_scope
    assert "outside your scope" in answer.answer


def test_a_list_of_licenses_asked_as_people_shows_each_candidate_once() -> None:
    query = MetricQuery(
        metric="licenses_expiring", filters=MetricFilters(within_days=30), list_rows=True
    )
    rows = [
        ["Ana Diaz", "TX", "Registered Nurse", "2026-12-01"],
        ["Ana Diaz", "CA", "Registered Nurse", "2026-12-09"],
        ["Bo Chen", "TX", "Registered Nurse", "2026-12-20"],
    ]
    res = result(
        "licenses_expiring",
        ["candidate", "license state", "profession", "expires"],
        rows,
        candidate_ids=["a", "a", "b"],
    )
    answer = compose_answer(res, query, context(admin=False), people=True)
    assert answer.table is not None and [r[0] for r in answer.table.rows] == ["Ana Diaz", "Bo Chen"]
    assert answer.answer.startswith("2 candidates with a license expiring in the next 30 days")


def test_a_picked_source_answers_with_its_row() -> None:
    query = MetricQuery(metric="applications", group_by=["source"])
    rows = [["website", 30], ["indeed", 12], ["chat_assistant", 9]]
    answer = compose_answer(
        result("applications", ["source", "applications"], rows),
        query,
        context(admin=False),
        pick=("source", ("indeed",)),
    )
    assert answer.value == 12
    assert answer.table is not None and answer.table.rows == [["indeed", 12]]
    assert "from indeed" in answer.answer


def test_medians_and_ratios_read_as_such() -> None:
    median = compose_answer(
        result("time_to_first_application", ["t"], [[3.5]], 3.5, unit="days"),
        MetricQuery(metric="time_to_first_application"),
        context(admin=True),
    )
    assert "3.5 days" in median.answer and median.value == 3.5
    ratio = compose_answer(
        result("share_link_conversion", ["c"], [[0.052]], 0.052, unit="ratio"),
        MetricQuery(metric="share_link_conversion"),
        context(admin=True),
    )
    assert "5.2% of views" in ratio.answer


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        (1234, None, "1,234"),
        (3.26, "days", "3.3"),
        (0.1, "ratio", "10.0%"),
        (None, None, "no data"),
    ],
)
def test_numbers_in_words(value: float | None, unit: str | None, words: str) -> None:
    assert format_number(value, unit) == words
