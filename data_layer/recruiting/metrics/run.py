"""Run a :class:`MetricQuery`: compile it over the copilot views, read in the asker's scope."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import Row, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from data_layer.recruiting.metrics.compile import (
    CompiledMetric,
    MetricRejected,
    compile_metric,
    literal_sql,
)
from data_layer.recruiting.metrics.describe import filters_text
from data_layer.recruiting.metrics.plans import PLANS, view
from data_layer.recruiting.metrics.query import MetricQuery, MetricResult
from data_layer.recruiting.scope import RecruiterScope, admin_scope_of, scoped_read
from data_layer.recruiting.semantic import METRICS
from data_layer.recruiting.sql_runner import SQLTimedOut

__all__ = ["MetricRejected", "MetricTimedOut", "json_value", "run_metric"]


_NOBODY: Final = uuid.UUID(int=0)


class MetricTimedOut(SQLTimedOut):
    """The metric's statement ran longer than the copilot's statement_timeout (caught
    wherever guarded SQL's timeout is: one kind of "too slow" for the callers)."""


async def run_metric(
    engine: AsyncEngine,
    scope: RecruiterScope,
    query: MetricQuery,
    *,
    max_rows: int,
    timeout_ms: int,
    today: datetime.date,
) -> MetricResult:
    """The metric's number (or table) as the asker may see it.

    Raises :class:`MetricRejected` for a query the semantic layer does not allow (an
    unknown metric, dimension, filter or master name) and :class:`MetricTimedOut`.
    """
    # Checked before any connection is taken: a rejected query costs nothing.
    compile_metric(query, today=today, max_rows=max_rows)
    # A recruiter's own rows by index; one without a recruiters row owns nothing, and the
    # nil id finds that nothing at once.
    hint = None if scope.is_admin else (scope.recruiter_id or _NOBODY)
    try:
        async with scoped_read(engine, scope, timeout_ms=timeout_ms) as conn:
            names = await _canonical_names(conn, query)
            compiled = compile_metric(
                query, today=today, max_rows=max_rows, names=names, recruiter_hint=hint
            )
            if compiled.hash_joins:
                await _plan_for_everyone(conn)
            rows = (await conn.execute(compiled.statement)).all()
        outside = False
        if hint is not None and _names_someone_else(query, scope) and _empty(compiled, rows):
            # Nothing in scope, but rows under an admin scope: "outside what you can see",
            # not "none". Only that yes/no leaves here, never a row or a number.
            wider = compile_metric(query, today=today, max_rows=max_rows, names=names)
            async with scoped_read(engine, admin_scope_of(scope), timeout_ms=timeout_ms) as conn:
                await _plan_for_everyone(conn)
                outside = bool(await conn.scalar(wider.exists))
    except DBAPIError as error:
        if _is_timeout(error):
            raise MetricTimedOut(
                f"The question took longer than {timeout_ms} ms and was stopped."
            ) from error
        raise
    return _result(query, compiled, rows, names, today, outside)


def _names_someone_else(query: MetricQuery, scope: RecruiterScope) -> bool:
    """The question points at rows that may belong to someone else: another recruiter,
    one candidate or one share link.

    Only then is an empty answer worth telling apart. "How many placements did I make in
    October?" answered 0 is simply 0: it asks about the recruiter's own desk, and saying
    that other desks had some would be noise (and tell them something about those desks).
    """
    f = query.filters
    if f.recruiter_id is not None and f.recruiter_id != scope.recruiter_id:
        return True
    return f.candidate_id is not None or f.share_id is not None


async def _plan_for_everyone(conn: AsyncConnection) -> None:
    """Hash joins only, for a statement joining everyone's rows (this transaction only).

    The views are security barriers, so a join into one can never be an index probe per
    outer row: a nested loop rescans the whole view for each. The planner still picks one
    when it underestimates the outer side, which it does for grouped subqueries read
    through the views (their statistics stay behind the barrier): placements by month
    over 500,000 applications ran past 20 s that way, and take a few hundred ms hashed.
    Its join estimates through the views are as wild the other way (190 million rows for
    500,000), which made it sort both sides for a merge join: a second lost on sorting.
    Statements over few rows (a recruiter's, a page) keep nested loops: their per-row
    lookups (LATERAL) need them.
    """
    await conn.execute(text("SET LOCAL enable_nestloop = off"))
    await conn.execute(text("SET LOCAL enable_mergejoin = off"))


async def _canonical_names(conn: AsyncConnection, query: MetricQuery) -> dict[str, str]:
    """Filter names as the master data spells them (``icu`` -> ``ICU``).

    The views compare names with ``=``, which a security-barrier view can push down to
    the base tables' indexes; ``lower()`` on the view's column could not be.
    """
    f = query.filters
    s = view("specialties")
    found: dict[str, str] = {}
    for kind, value, col in (
        ("specialty", f.specialty, s.c.name),
        ("profession", f.profession, s.c.profession),
    ):
        if value is None:
            continue
        name = await conn.scalar(
            select(col).where(func.lower(col) == value.strip().lower()).limit(1)
        )
        if name is None:
            raise MetricRejected(f"There is no {kind} called '{value}'.")
        found[value.lower()] = name
    if f.referral_source is not None:
        r = view("referral_sources")
        value = f.referral_source.strip()
        name = await conn.scalar(
            select(r.c.name).where(func.lower(r.c.name) == value.lower()).limit(1)
        )
        if name is None:
            raise MetricRejected(f"There is no referral source called '{value}'.")
        found[value.lower()] = name
    return found


def _empty(compiled: CompiledMetric, rows: Sequence[Row[Any]]) -> bool:
    if compiled.single_value:
        return not rows or rows[0][0] in (0, None)
    return not rows


def _is_timeout(error: DBAPIError) -> bool:
    # asyncpg's QueryCanceledError under SQLAlchemy's wrapper: statement_timeout.
    return getattr(error.orig, "sqlstate", None) == "57014"


def json_value(value: Any) -> Any:
    """A database value as JSON has it: numbers, text, ISO dates, ``None``."""
    if isinstance(value, decimal.Decimal):
        return (
            int(value) if value == value.to_integral_value() and value.is_finite() else float(value)
        )
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _result(
    query: MetricQuery,
    compiled: CompiledMetric,
    rows: Sequence[Row[Any]],
    names: dict[str, str],
    today: datetime.date,
    outside: bool,
) -> MetricResult:
    metric = METRICS[query.metric]
    shown = rows[: compiled.limit]
    hidden = compiled.candidate_column
    table = [
        [json_value(v) for v in (row[:hidden] if hidden is not None else row)] for row in shown
    ]
    candidate_ids: list[str] = []
    if hidden is not None:
        candidate_ids = [str(row[hidden]) for row in shown if row[hidden] is not None]
    value: int | float | None = None
    if compiled.single_value:
        value = table[0][0] if table else None
    return MetricResult(
        metric=query.metric,
        columns=list(compiled.columns),
        rows=table,
        value=value,
        sql=literal_sql(compiled.statement),
        metric_meaning=metric.meaning,
        filters_text=filters_text(query, PLANS[query.metric], today, names),
        outside_scope=outside,
        unit=metric.unit,
        truncated=len(rows) > compiled.limit,
        candidate_ids=candidate_ids,
    )
