"""SQL building blocks shared by the sync's stores: one array parameter per column.

A page of rows travels as one array per column and comes back as rows through
``unnest(..)``, so a statement's round trips do not grow with the page. The
helpers here turn a table's columns into those arrays and casts.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import Column, Enum, Table, TextClause
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from data_layer.models import metadata

__all__ = ["INT4_MAX", "Executor", "array_params", "select_expr", "table", "unnest"]

Executor = AsyncSession | AsyncConnection
"""Anything that can execute a statement: an ORM session or a Core connection."""

INT4_MAX: Final = 2**31 - 1
"""Largest value of an ``INTEGER`` column (LaborEdge ids are stored in them)."""

_PG: Final = PGDialect()  # type: ignore[no-untyped-call]  # (SQLAlchemy leaves it untyped)


def table(name: str) -> Table:
    """A table of the service by name (``import data_layer.models`` registered them)."""
    return metadata.tables[name]


def _array_type(column: Column[Any]) -> tuple[str, str | None]:
    """(element type of the array parameter, cast applied to each unnested value).

    Lengths and precisions are dropped on purpose: an explicit cast to
    ``varchar(n)`` would truncate silently, while assignment to the column
    raises on an over-long value. Enums travel as text and are cast per value.
    """
    if isinstance(column.type, Enum):
        return "TEXT", str(column.type.name)
    compiled = column.type.compile(dialect=_PG)
    return re.sub(r"\([^)]*\)", "", compiled).strip(), None


def select_expr(column: Column[Any], source: str) -> str:
    """``source`` (an unnested value) as the value of ``column``: enum cast, NOT NULL default."""
    _, cast = _array_type(column)
    expr = f"CAST({source} AS {cast})" if cast else source
    default = column.server_default
    if not column.nullable and default is not None:
        arg = getattr(default, "arg", None)
        if isinstance(arg, TextClause):
            expr = f"COALESCE({expr}, {arg.text})"
    return expr


def unnest(of: Table, columns: Sequence[str], alias: str = "v") -> str:
    """``unnest(CAST(:c_<col> AS <type>[]), ...) AS v(<col>, ...)``."""
    arrays = ", ".join(f"CAST(:c_{name} AS {_array_type(of.c[name])[0]}[])" for name in columns)
    return f"unnest({arrays}) AS {alias}({', '.join(columns)})"


def _db_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def array_params(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``c_<col>`` parameters of :func:`unnest`: one list per column, enums as their value."""
    return {f"c_{name}": [_db_value(row.get(name)) for row in rows] for name in columns}
