"""``ARRAY(SELECT ...)`` for SQLAlchemy Core: a list PostgreSQL computes once per statement.

``x = ANY(ARRAY(SELECT ...))`` is evaluated as one array (an InitPlan) that a condition
on ``x`` can use with an index, even through a security-barrier view; ``x IN (SELECT ...)``
becomes a subplan there, which such a view does not let through.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, Select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeEngine

__all__ = ["ArrayOf"]


class ArrayOf(ColumnElement[Any]):
    """``ARRAY(<query>)`` of the query's single column."""

    inherit_cache = True
    _traverse_internals = [("query", InternalTraversal.dp_clauseelement)]

    def __init__(self, query: Select[Any], item_type: TypeEngine[Any]) -> None:
        self.query = query
        self.type = ARRAY(item_type)


@compiles(ArrayOf)
def _array_of(element: ArrayOf, compiler: SQLCompiler, **kw: Any) -> str:
    return f"ARRAY({compiler.process(element.query, **kw)})"
