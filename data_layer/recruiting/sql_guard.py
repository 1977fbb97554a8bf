"""The gate in front of model-written SQL: one read-only SELECT over the copilot views.

:func:`guard_sql` parses the text with sqlglot (PostgreSQL dialect) and walks the WHOLE
tree, CTEs and subqueries included. Everything is refused unless it is on an allow-list:
the kinds of syntax a reporting query needs, the functions of :data:`ALLOWED_FUNCTIONS`,
casts to plain types, and the views of schema ``copilot``. What runs is the SQL rendered
back from the checked tree (comments dropped, unqualified view names qualified, LIMIT
enforced), never the text that came in, so what was checked is what runs.

This is the first line only: the query then runs in :func:`scope.scoped_read` (READ ONLY,
role ``copilot_reader``, row-level security, ``statement_timeout``), which holds even if
something slipped through here.
"""

from __future__ import annotations

from typing import Final

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from data_layer.recruiting.semantic import ENTITIES, SCHEMA

__all__ = ["ALLOWED_FUNCTIONS", "MAX_SQL_CHARS", "SQLRejected", "guard_sql"]

MAX_SQL_CHARS: Final = 8000


class SQLRejected(ValueError):
    """The SQL may not run; ``reason`` says why in plain words (shown to the asker)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Functions by sqlglot class (PostgreSQL names in the comments). Exact classes only.
ALLOWED_FUNCTIONS: Final[frozenset[type[exp.Func]]] = frozenset(
    {
        # aggregates
        exp.Count,
        exp.Sum,
        exp.Avg,
        exp.Min,
        exp.Max,
        exp.Stddev,
        exp.StddevPop,
        exp.StddevSamp,
        exp.Variance,
        exp.VariancePop,
        exp.LogicalAnd,  # bool_and
        exp.LogicalOr,  # bool_or
        exp.GroupConcat,  # string_agg
        exp.ArrayAgg,
        exp.Mode,
        exp.PercentileCont,
        exp.PercentileDisc,
        # window functions
        exp.RowNumber,
        exp.Rank,
        exp.DenseRank,
        exp.CumeDist,
        exp.PercentRank,
        exp.Lag,
        exp.Lead,
        exp.FirstValue,
        exp.LastValue,
        # dates and times
        exp.TimestampTrunc,  # date_trunc
        exp.DateTrunc,
        exp.Extract,  # extract, date_part
        exp.CurrentTimestamp,  # now(), current_timestamp
        exp.CurrentDate,
        exp.Localtimestamp,
        exp.TimeToStr,  # to_char
        exp.StrToDate,  # to_date
        exp.MakeInterval,
        exp.JustifyDays,
        exp.DateBin,
        exp.Date,
        # conditionals and casts
        exp.Coalesce,
        exp.Nullif,
        exp.Greatest,
        exp.Least,
        exp.Case,
        exp.If,
        exp.Cast,
        # numbers
        exp.Round,
        exp.Trunc,
        exp.Floor,
        exp.Ceil,
        exp.Abs,
        exp.Sign,
        exp.Pow,
        exp.Sqrt,
        # text
        exp.Lower,
        exp.Upper,
        exp.Initcap,
        exp.Length,
        exp.Trim,
        exp.Substring,
        exp.Left,
        exp.Right,
        exp.Replace,
        exp.StrPosition,
        exp.SplitPart,
        exp.Concat,
        exp.ConcatWs,
        # a date or number spine in FROM
        exp.ExplodingGenerateSeries,
    }
)

# Functions sqlglot does not know by class: allowed by (lower-case) name.
ALLOWED_ANONYMOUS: Final[frozenset[str]] = frozenset(
    {"age", "make_date", "every", "date_part", "ntile", "isfinite"}
)

# The syntax of a reporting query (besides functions). Anything else is refused.
_ALLOWED_NODES: Final[frozenset[type[exp.Expression]]] = frozenset(
    {
        exp.Select,
        exp.Union,
        exp.Intersect,
        exp.Except,
        exp.With,
        exp.CTE,
        exp.Subquery,
        exp.From,
        exp.Join,
        exp.Lateral,
        exp.Where,
        exp.Group,
        exp.Having,
        exp.Order,
        exp.Ordered,
        exp.Limit,
        exp.Fetch,
        exp.LimitOptions,
        exp.Offset,
        exp.Distinct,
        exp.Star,
        exp.Column,
        exp.Identifier,
        exp.Table,
        exp.TableAlias,
        exp.Alias,
        exp.Literal,
        exp.Boolean,
        exp.Null,
        exp.Paren,
        exp.Tuple,
        exp.Interval,
        exp.IntervalSpan,
        exp.Var,
        exp.DataType,
        exp.DataTypeParam,
        exp.Add,
        exp.Sub,
        exp.Mul,
        exp.Div,
        exp.Mod,
        exp.Neg,
        exp.DPipe,
        exp.EQ,
        exp.NEQ,
        exp.GT,
        exp.GTE,
        exp.LT,
        exp.LTE,
        exp.Is,
        exp.In,
        exp.Between,
        exp.Like,
        exp.ILike,
        exp.Not,
        exp.And,
        exp.Or,
        exp.Exists,
        exp.Any,
        exp.All,
        exp.Window,
        exp.WindowSpec,
        exp.Filter,
        exp.WithinGroup,
        exp.Values,
        exp.Bracket,
        exp.Array,
        exp.Cube,
        exp.Rollup,
        exp.GroupingSets,
    }
)

_CHANGES_DATA: Final = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.TruncateTable,
    exp.Copy,
    exp.Grant,
    exp.Revoke,
    exp.Comment,
    exp.LoadData,
    exp.Analyze,
    exp.Refresh,
)

_CAST_TYPES: Final[frozenset[exp.DataType.Type]] = frozenset(
    {
        exp.DataType.Type.TEXT,
        exp.DataType.Type.VARCHAR,
        exp.DataType.Type.CHAR,
        exp.DataType.Type.INT,
        exp.DataType.Type.BIGINT,
        exp.DataType.Type.SMALLINT,
        exp.DataType.Type.DECIMAL,
        exp.DataType.Type.DOUBLE,
        exp.DataType.Type.FLOAT,
        exp.DataType.Type.DATE,
        exp.DataType.Type.TIMESTAMP,
        exp.DataType.Type.TIMESTAMPTZ,
        exp.DataType.Type.INTERVAL,
        exp.DataType.Type.BOOLEAN,
        exp.DataType.Type.UUID,
    }
)

_QUERY_ROOTS: Final = (exp.Select, exp.Union, exp.Intersect, exp.Except)


def _views_hint() -> str:
    return ", ".join(f"{SCHEMA}.{name}" for name in ENTITIES)


def _function_name(node: exp.Func) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    return node.sql_name().lower()


def _check_function(node: exp.Func) -> None:
    if isinstance(node, exp.Anonymous):
        if node.name.lower() in ALLOWED_ANONYMOUS:
            return
    elif type(node) in ALLOWED_FUNCTIONS:
        return
    raise SQLRejected(f"The function {_function_name(node)}() is not allowed here.")


def _check_cast(node: exp.Cast) -> None:
    to = node.args.get("to")
    if not isinstance(to, exp.DataType) or to.this not in _CAST_TYPES:
        target = to.sql(dialect="postgres") if isinstance(to, exp.Expression) else "?"
        raise SQLRejected(f"Converting to the type {target} is not allowed here.")


def _names(with_: exp.With, before: exp.Expression | None = None) -> set[str]:
    names: set[str] = set()
    for cte in with_.expressions:
        if cte is before:
            break
        names.add(cte.alias_or_name.lower())
    return names


def _is_cte_reference(node: exp.Table, name: str) -> bool:
    """Whether PostgreSQL would read ``name`` here as a CTE of the query (which shadows any
    table), following its rules: a WITH list is visible in its query's body and in its
    later CTEs (all of them when RECURSIVE), and in every subquery of those.
    """
    child: exp.Expression = node
    parent = node.parent
    while parent is not None:
        if isinstance(parent, exp.With) and isinstance(child, exp.CTE):
            recursive = bool(parent.args.get("recursive"))
            if name in _names(parent, None if recursive else child):
                return True
        elif isinstance(parent, exp.Query):
            with_ = parent.args.get("with_")
            if isinstance(with_, exp.With) and child is not with_ and name in _names(with_):
                return True
        child, parent = parent, parent.parent
    return False


def _check_table(node: exp.Table) -> None:
    source = node.this
    if not isinstance(source, exp.Identifier):
        # A function in FROM (generate_series and the like): judged as a function.
        return
    if node.args.get("catalog") is not None:
        raise SQLRejected("Only the copilot views can be read.")
    schema = node.args.get("db")
    name = source.name.lower()
    if schema is None:
        if _is_cte_reference(node, name):
            return
        if name not in ENTITIES:
            raise SQLRejected(f"There is no view named {name}. Use one of: {_views_hint()}.")
        node.set("db", exp.to_identifier(SCHEMA))
        return
    if schema.name.lower() != SCHEMA or name not in ENTITIES:
        raise SQLRejected(
            f"{schema.name}.{source.name} cannot be read; only the copilot views can: "
            f"{_views_hint()}."
        )


def _check_node(node: exp.Expression) -> None:
    if isinstance(node, _CHANGES_DATA):
        raise SQLRejected("Only reading is allowed: this query would change data.")
    if isinstance(node, exp.Into):
        raise SQLRejected("SELECT ... INTO would create a table; only reading is allowed.")
    if isinstance(node, exp.Lock):
        raise SQLRejected("Locking rows (FOR UPDATE / FOR SHARE) is not allowed.")
    if isinstance(node, (exp.Placeholder, exp.Parameter, exp.SessionParameter)):
        raise SQLRejected("Query parameters are not allowed; write the values in the query.")
    if isinstance(node, exp.Command):
        raise SQLRejected("Only one SELECT query is allowed.")
    if type(node) is exp.Cast:
        _check_cast(node)
        return
    if type(node) is exp.Table:
        _check_table(node)
        return
    if type(node) in _ALLOWED_NODES:
        return
    if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
        name = f"{node.this.sql(dialect='postgres')}.{_function_name(node.expression)}"
        raise SQLRejected(f"The function {name}() is not allowed here.")
    if isinstance(node, exp.Func):
        _check_function(node)
        return
    raise SQLRejected(f"The query uses something the copilot does not run ({type(node).__name__}).")


def _enforce_limit(query: exp.Query, max_rows: int) -> None:
    limit = query.args.get("limit")
    current: int | None = None
    # LIMIT n and FETCH FIRST n ROWS ONLY; anything but a plain number becomes max_rows.
    value = (
        (limit.args.get("count") or exp.Literal.number(1)) if isinstance(limit, exp.Fetch) else None
    )
    if isinstance(limit, exp.Limit):
        value = limit.expression
    if isinstance(value, exp.Literal) and value.is_int:
        current = int(value.this)
    if current is None or current > max_rows or isinstance(limit, exp.Fetch):
        rows = max_rows if current is None else min(current, max_rows)
        query.set("limit", exp.Limit(expression=exp.Literal.number(rows)))


def guard_sql(sql: str, *, max_rows: int) -> str:
    """The SQL to run for ``sql``, with a LIMIT of at most ``max_rows``; or
    :class:`SQLRejected` with the reason.
    """
    if max_rows < 1:
        raise ValueError("max_rows must be at least 1")
    text = sql.strip()
    if not text:
        raise SQLRejected("There is no query to run.")
    if len(text) > MAX_SQL_CHARS:
        raise SQLRejected(f"The query is too long (over {MAX_SQL_CHARS} characters).")
    try:
        statements = [s for s in sqlglot.parse(text, read="postgres") if s is not None]
    except SqlglotError:
        raise SQLRejected("The query could not be read as PostgreSQL.") from None
    if not statements:
        raise SQLRejected("There is no query to run.")
    if len(statements) != 1:
        raise SQLRejected("Only one statement is allowed.")
    tree = statements[0]
    if not isinstance(tree, _QUERY_ROOTS):
        if isinstance(tree, _CHANGES_DATA):
            raise SQLRejected("Only reading is allowed: this query would change data.")
        raise SQLRejected("Only a SELECT query is allowed.")
    for node in list(tree.walk()):
        _check_node(node)
    _enforce_limit(tree, max_rows)
    try:
        return tree.sql(dialect="postgres", comments=False)
    except SqlglotError:
        raise SQLRejected("The query could not be written back as PostgreSQL.") from None
