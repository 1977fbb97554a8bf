"""The SQLAlchemy engine of one process, built from settings (API, workers, CLI, benchmarks).

Every connection carries ``statement_timeout`` and ``lock_timeout`` (asyncpg sends them
as server settings at connect), so a runaway query or a long lock wait fails in
bounded time instead of holding a pooled connection and a request hostage. A pool
that is exhausted fails after ``DB_POOL_TIMEOUT_S`` with SQLAlchemy's ``TimeoutError``.
``hide_parameters`` keeps bound values (names, e-mails, phones) out of the exception
texts that reach the logs; the SQL itself stays, for the operator. The driver and the
server may still quote a value in their own message ("invalid input for query argument
$1: 'ana@...'"), so those messages are scrubbed of the statement's values as well.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from config.settings import Settings


def server_settings(settings: Settings) -> dict[str, str]:
    """PostgreSQL session settings every connection of the process starts with (0 = none)."""
    return {
        "statement_timeout": str(settings.db_statement_timeout_ms),
        "lock_timeout": str(settings.db_lock_timeout_ms),
    }


def engine_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of ``create_async_engine`` every pooled engine shares."""
    return {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_s,
        "pool_pre_ping": settings.db_pool_pre_ping,
        "pool_recycle": 1800,
        "hide_parameters": True,
        "connect_args": {"server_settings": server_settings(settings)},
    }


def create_engine(settings: Settings) -> AsyncEngine:
    engine = create_async_engine(settings.effective_database_url, **engine_options(settings))
    event.listen(engine.sync_engine, "handle_error", scrub_parameters)
    return engine


HIDDEN = "[hidden]"


def _strings(parameters: object) -> Iterator[str]:
    if isinstance(parameters, str):
        yield parameters
    elif isinstance(parameters, Mapping):
        for value in parameters.values():
            yield from _strings(value)
    elif isinstance(parameters, Sequence | set | frozenset) and not isinstance(parameters, bytes):
        for value in parameters:
            yield from _strings(value)
    elif parameters is not None and not isinstance(parameters, bool | int | float):
        yield str(parameters)


def scrub_parameters(context: ExceptionContext) -> None:
    """Remove the statement's bound values from the messages of the error and its causes."""
    values = sorted({v for v in _strings(context.parameters) if len(v) >= 3}, key=len)[::-1]
    if not values:
        return
    seen: set[int] = set()
    # SQLAlchemy's own error copied the driver's message when it was made: scrub both.
    for first in (context.sqlalchemy_exception, context.original_exception):
        error: BaseException | None = first
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            error.args = tuple(_scrub(a, values) for a in error.args)
            error = error.__cause__ or error.__context__


def _scrub(arg: object, values: list[str]) -> object:
    if not isinstance(arg, str):
        return arg
    for value in values:
        arg = arg.replace(value, HIDDEN)
    return arg
