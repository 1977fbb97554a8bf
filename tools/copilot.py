"""Copilot tools: a metric, a guarded SQL query, candidates for a job, the data's description.

Both copilot engines (offline and LLM) call only these. Who is asking comes from
:class:`CopilotContext`, which the server builds from the login session; no tool takes
a recruiter id or a role from its arguments. Every read runs in
:func:`~data_layer.recruiting.scope.scoped_read` (READ ONLY, the ``copilot_reader`` role,
row-level security keyed by the scope), so a tool cannot widen what the asker may see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from data_layer.recruiting.metrics import (
    MetricFilters,
    MetricQuery,
    MetricResult,
    find_candidates,
    run_metric,
)
from data_layer.recruiting.scope import RecruiterScope
from data_layer.recruiting.semantic import schema_description
from data_layer.recruiting.sql_runner import SQLResult, run_readonly_sql

__all__ = [
    "CopilotContext",
    "MetricFilters",
    "MetricQuery",
    "MetricResult",
    "SQLResult",
    "candidates_for_job",
    "describe_data",
    "query_metric",
    "run_sql",
]


@dataclass(frozen=True)
class CopilotContext:
    """Who asks and with what limits; built by the server from the session, per question."""

    scope: RecruiterScope
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    max_rows: int
    """Rows an answer's table may hold (``COPILOT_MAX_ROWS``)."""
    timeout_ms: int
    """statement_timeout of every copilot query (``COPILOT_STATEMENT_TIMEOUT_MS``)."""
    today: datetime.date
    """"Today" for relative periods and expiry windows: injected so tests and the bench
    answer against a fixed date."""


async def query_metric(ctx: CopilotContext, query: MetricQuery) -> MetricResult:
    """One metric of the semantic layer, grouped and filtered as ``query`` says.

    Besides period, status, specialty, profession, state, job type, hot/featured and one
    job, recruiter, candidate or share link, the filters narrow by the application's
    ``source`` ('website', 'referral', 'recruiter_share' ...), the candidate's
    ``referral_source``, a ``certification`` the candidate holds ('ACLS'), the job's
    ``shift`` ('Nights') and its pay (``min_/max_weekly_pay``, ``min_/max_hourly_pay``,
    inclusive). Each metric allows the filters listed in ``semantic.METRICS``; any other
    is rejected in words. Every filter only narrows: the scope stays the database's.
    """
    return await run_metric(
        ctx.engine,
        ctx.scope,
        query,
        max_rows=ctx.max_rows,
        timeout_ms=ctx.timeout_ms,
        today=ctx.today,
    )


async def run_sql(ctx: CopilotContext, sql: str) -> SQLResult:
    """A model-written SELECT over the copilot views, run only as the guard rewrites it.

    Raises ``SQLRejected`` (the guard's reason in plain words), ``SQLTimedOut`` or
    ``SQLFailed``. The runner guards the text itself, so there is no unguarded path.
    """
    return await run_readonly_sql(
        ctx.engine, ctx.scope, sql, max_rows=ctx.max_rows, timeout_ms=ctx.timeout_ms
    )


async def candidates_for_job(ctx: CopilotContext, job_id: UUID, *, limit: int = 20) -> MetricResult:
    """The asker's candidates who qualify for the job, best match first, with why.

    Raises :class:`LookupError` when the job does not exist or is not indexed yet.
    """
    return await find_candidates(
        ctx.engine,
        ctx.session_factory,
        ctx.scope,
        job_id,
        limit=min(limit, ctx.max_rows),
        timeout_ms=ctx.timeout_ms,
        today=ctx.today,
    )


async def describe_data(ctx: CopilotContext) -> str:
    """The copilot views, their columns and the metrics' meanings, for the model's prompt."""
    del ctx  # the same description for every asker: scope is enforced by the database
    return schema_description()
