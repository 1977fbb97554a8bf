"""Run guarded SQL in the asker's scope, and tell "outside your scope" from "no rows".

An empty answer is ambiguous: nothing matches, or what matches belongs to someone else.
For a recruiter whose query returned no rows, the same query is asked once more under an
admin scope, as ``SELECT EXISTS (...)``: only that yes/no comes back (never rows), and
yes means the answer is outside their scope. Admins see everything, so for them empty
means empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from data_layer.recruiting.scope import RecruiterScope, admin_scope_of, scoped_read
from data_layer.recruiting.sql_guard import guard_sql

__all__ = ["SQLFailed", "SQLResult", "SQLTimedOut", "run_readonly_sql"]

_QUERY_CANCELED: Final = "57014"  # statement_timeout


@dataclass(frozen=True)
class SQLResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    """More rows matched than ``max_rows``; only the first ``max_rows`` are here."""
    outside_scope: bool
    """No rows in the asker's scope, but rows outside it match (none returned)."""
    sql: str
    """The statement that ran (guarded: copilot views only, LIMIT enforced)."""


class SQLFailed(RuntimeError):
    """The database refused or failed the query; ``reason`` is its message, one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SQLTimedOut(SQLFailed):
    """The query ran longer than its ``timeout_ms`` and was stopped."""


def _failure(exc: DBAPIError, timeout_ms: int) -> SQLFailed:
    if getattr(exc.orig, "sqlstate", None) == _QUERY_CANCELED:
        return SQLTimedOut(f"The query took longer than {timeout_ms} ms and was stopped.")
    message = str(exc.orig).strip().splitlines()
    detail = message[-1] if message else "the database refused the query"
    return SQLFailed(f"The database could not run the query: {detail}")


async def run_readonly_sql(
    engine: AsyncEngine,
    scope: RecruiterScope,
    sql: str,
    *,
    max_rows: int,
    timeout_ms: int,
) -> SQLResult:
    """Run ``sql`` (guarded here again, whoever guarded it before) in ``scope``.

    Raises :class:`~data_layer.recruiting.sql_guard.SQLRejected` for SQL the guard
    refuses, :class:`SQLTimedOut` past ``timeout_ms``, :class:`SQLFailed` for other
    database errors.
    """
    # One row more than asked tells whether there were more.
    statement = guard_sql(sql, max_rows=max_rows + 1)
    try:
        async with scoped_read(engine, scope, timeout_ms=timeout_ms) as conn:
            result = await conn.exec_driver_sql(statement)
            columns = list(result.keys())
            rows = [list(row) for row in result.all()]
        outside = False
        if not rows and not scope.is_admin:
            async with scoped_read(engine, admin_scope_of(scope), timeout_ms=timeout_ms) as conn:
                found = await conn.exec_driver_sql(f"SELECT EXISTS ({statement})")
                outside = bool(found.scalar())
    except DBAPIError as exc:
        raise _failure(exc, timeout_ms) from None
    return SQLResult(
        columns=columns,
        rows=rows[:max_rows],
        truncated=len(rows) > max_rows,
        outside_scope=outside,
        sql=guard_sql(sql, max_rows=max_rows),
    )
