"""Compile a :class:`MetricQuery` into one SELECT over the ``copilot.`` views.

The statement is built with SQLAlchemy Core from :mod:`.plans`, so every value is a bound
parameter; the literal text (values inlined) is rendered only for the admins' "how I got
this". Nothing here decides scope: the statement runs in
:func:`~data_layer.recruiting.scope.scoped_read` and row-level security under the views
keeps out what the asker may not see. A recruiter filter can therefore only narrow.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import (
    Date,
    FromClause,
    Select,
    Uuid,
    bindparam,
    cast,
    func,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ColumnElement

from data_layer.models import JobType
from data_layer.recruiting.metrics.plans import PLANS, Plan, Rows, view
from data_layer.recruiting.metrics.query import MAX_GROUP_BY, MetricFilters, MetricQuery
from data_layer.recruiting.metrics.window import DEFAULT_EXPIRY_DAYS, window_of
from data_layer.recruiting.semantic import METRICS

__all__ = [
    "DEFAULT_EXPIRY_DAYS",
    "Build",
    "CompiledMetric",
    "MetricRejected",
    "compile_metric",
    "literal_sql",
]

_TIME_DIMENSIONS: Final = frozenset({"day", "week", "month"})
_JOB_TYPES: Final = {t.value.lower(): t.value for t in JobType}
_CANDIDATE_ID: Final = "candidate_id"
_NONE_LABEL: Final = "(none)"


class MetricRejected(ValueError):
    """The query names an unknown metric, or a dimension or filter the metric has not.

    ``reason`` is a short sentence in plain words, fit to show or to hand back to a model.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CompiledMetric:
    statement: Select[Any]
    columns: list[str]
    """Headings of the shown columns (the hidden candidate id column not among them)."""
    single_value: bool
    """One row, one number: the metric ungrouped."""
    candidate_column: int | None
    """Index of the hidden candidate id column (always the last selected), if any."""
    limit: int
    """Rows shown at most; the statement fetches one more to tell that more matched."""


@dataclass
class Build:
    """The statement being built: the base ``m``, the views joined to it, the conditions."""

    plan: Plan
    query: MetricQuery
    today: datetime.date
    rows: Rows = field(init=False)
    m: FromClause = field(init=False)
    joined: dict[str, FromClause] = field(default_factory=dict)
    joins: list[tuple[FromClause, ColumnElement[bool]]] = field(default_factory=list)
    where: list[ColumnElement[bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rows = self.plan.base(self)
        self.m = self.rows.m
        self.where += self.rows.where

    # ------------------------------------------------------------- time window
    def window(self) -> tuple[datetime.date | None, datetime.date | None]:
        return window_of(self.plan, self.query, self.today)

    def window_on(self, col: ColumnElement[Any]) -> list[ColumnElement[bool]]:
        """Conditions keeping ``col`` (a date or timestamp) inside the window."""
        start, end = self.window()
        conditions: list[ColumnElement[bool]] = []
        if start is not None:
            conditions.append(col >= bindparam(None, start, type_=Date))
        if end is not None:
            # Timestamps: everything before the next midnight, so the last day counts whole.
            next_day = end + datetime.timedelta(days=1)
            conditions.append(col < bindparam(None, next_day, type_=Date))
        return conditions

    # ------------------------------------------------------------------ joins
    def ref(self, path: str) -> ColumnElement[Any]:
        """``<alias>.<column>`` -> the column, joining its view to ``m`` on first use."""
        alias, _, name = path.partition(".")
        if alias == "m" and name in self.rows.extra:
            return self.rows.extra[name]
        source = self.m if alias == "m" else self._join(alias)
        if name == "name" and alias == "c":
            return func.nullif(func.concat_ws(" ", source.c.first_name, source.c.last_name), "")
        return source.c[name]

    def _join(self, alias: str) -> FromClause:
        if alias in self.plan.same_as_m:
            return self.m
        if alias in self.joined:
            return self.joined[alias]
        key = {"j": "job_id", "c": "candidate_id", "s": "share_id", "r": "recruiter_id"}[alias]
        name = {"j": "jobs", "c": "candidates", "s": "share_links", "r": "recruiters"}[alias]
        target = view(name).alias(alias)
        # Joined first, so the key's own path (``c.recruiter_id``) may join what it needs.
        link = self.concept(key)
        self.joined[alias] = target
        self.joins.append((target, target.c[key] == link))
        return target

    def has(self, concept: str) -> bool:
        return concept in self.plan.concepts

    def concept(self, concept: str) -> ColumnElement[Any]:
        return self.ref(self.plan.concepts[concept])

    def from_clause(self) -> FromClause:
        joined: FromClause = self.m
        for target, on in self.rows.joins:
            joined = joined.join(target, on, isouter=self.rows.outer)
        # Outer joins: a row counts even when the joined view hides its partner (another
        # recruiter's candidate on an application assigned to this recruiter).
        for target, on in self.joins:
            joined = joined.outerjoin(target, on)
        return joined


# ----------------------------------------------------------------- validate
_FILTER_GIVEN: Final[dict[str, Callable[[MetricFilters], bool]]] = {
    "period": lambda f: f.period_start is not None or f.period_end is not None,
    "within_days": lambda f: f.within_days is not None,
    "statuses": lambda f: bool(f.statuses),
    "specialty": lambda f: f.specialty is not None,
    "profession": lambda f: f.profession is not None,
    "state_code": lambda f: f.state_code is not None,
    "job_id": lambda f: f.job_id is not None,
    "job_type": lambda f: f.job_type is not None,
    "recruiter_id": lambda f: f.recruiter_id is not None,
    "candidate_id": lambda f: f.candidate_id is not None,
    "share_id": lambda f: f.share_id is not None,
    "hot": lambda f: f.hot is not None,
    "featured": lambda f: f.featured is not None,
}
_FILTER_WORDS: Final[dict[str, str]] = {
    "period": "a period",
    "within_days": "a number of days",
    "statuses": "status",
    "state_code": "state",
    "job_id": "job",
    "job_type": "job type",
    "recruiter_id": "recruiter",
    "candidate_id": "candidate",
    "share_id": "share link",
    "hot": "hot jobs",
    "featured": "featured jobs",
}


def _check(query: MetricQuery) -> Plan:
    """The metric's plan, once the query asks only what the semantic layer allows."""
    plan, metric = PLANS.get(query.metric), METRICS.get(query.metric)
    if plan is None or metric is None:
        known = ", ".join(sorted(METRICS))
        raise MetricRejected(f"There is no metric called '{query.metric}'. Known: {known}.")
    words = query.metric.replace("_", " ").capitalize()
    if len(query.group_by) > MAX_GROUP_BY:
        raise MetricRejected(f"A metric can be broken down by at most {MAX_GROUP_BY} things.")
    if len(set(query.group_by)) != len(query.group_by):
        raise MetricRejected("The same breakdown was asked twice.")
    for dim in query.group_by:
        if dim not in metric.dimensions:
            allowed = ", ".join(metric.dimensions)
            raise MetricRejected(f"{words} cannot be broken down by {dim} (only by {allowed}).")
    if query.list_rows and query.group_by:
        raise MetricRejected("Rows are listed one by one, not broken down: ask for one.")
    if query.limit is not None and query.limit < 1:
        raise MetricRejected("The number of rows to show must be at least 1.")
    f = query.filters
    for name, given in _FILTER_GIVEN.items():
        if given(f) and name not in metric.filters:
            raise MetricRejected(f"{words} cannot be filtered by {_FILTER_WORDS.get(name, name)}.")
    if f.period_start and f.period_end and f.period_start > f.period_end:
        raise MetricRejected("The period ends before it starts.")
    if f.within_days is not None and f.within_days < 1:
        raise MetricRejected("A number of days must be at least 1.")
    return plan


# ------------------------------------------------------------------ compile
def compile_metric(
    query: MetricQuery,
    *,
    today: datetime.date,
    max_rows: int,
    names: dict[str, str] | None = None,
) -> CompiledMetric:
    """The statement answering ``query``; ``names`` maps filter values to canonical
    master names (``icu`` -> ``ICU``), read beforehand by the caller.

    Raises :class:`MetricRejected` for what the metric cannot answer.
    """
    plan = _check(query)
    build = Build(plan, query, today)
    names = names or {}
    _apply_filters(build, names)
    limit = min(query.limit or max_rows, max_rows)
    if query.list_rows:
        return _list_rows(build, limit)
    if not query.group_by:
        statement = select(plan.aggregate(build).label(query.metric)).select_from(
            build.from_clause()
        )
        if build.where:
            statement = statement.where(*build.where)
        return CompiledMetric(statement, [query.metric], True, None, 1)
    return _grouped(build, limit)


def _apply_filters(build: Build, names: dict[str, str]) -> None:
    f, plan = build.query.filters, build.plan
    if plan.time is not None and not plan.windowed_base:
        build.where += build.window_on(build.ref(f"m.{plan.time}"))
    if f.statuses:
        build.where.append(build.concept("status").in_([s.lower() for s in f.statuses]))
    for key, concept in (("specialty", "specialty"), ("profession", "profession")):
        value = getattr(f, key)
        if value is not None:
            build.where.append(build.concept(concept) == names.get(value.lower(), value))
    if f.state_code is not None:
        build.where.append(build.concept("state") == f.state_code.strip().upper())
    if f.job_type is not None:
        # The enum's spelling ("Per Diem"), so the comparison stays a plain "=".
        job_type = _JOB_TYPES.get(f.job_type.strip().lower(), f.job_type)
        build.where.append(build.concept("job_type") == job_type)
    for key, concept in (
        ("job_id", "job_id"),
        ("recruiter_id", "recruiter_id"),
        ("candidate_id", "candidate_id"),
        ("share_id", "share_id"),
    ):
        value = getattr(f, key)
        if value is not None:
            build.where.append(build.concept(concept) == bindparam(None, value, type_=Uuid))
    for key, concept in (("hot", "hot"), ("featured", "featured")):
        value = getattr(f, key)
        if value is not None:
            build.where.append(build.concept(concept).is_(value))


def _label(build: Build, dim: str) -> tuple[list[ColumnElement[Any]], ColumnElement[Any]]:
    """The GROUP BY keys of ``dim`` and the label shown for it."""
    plan = build.plan
    if dim in plan.extra_dimensions:
        col = build.ref(plan.extra_dimensions[dim])
        return [col], func.coalesce(col, _NONE_LABEL)
    if dim in _TIME_DIMENSIONS:
        bucket = cast(func.date_trunc(dim, build.ref(f"m.{plan.time}")), Date)
        return [bucket], bucket
    if dim == "job":
        key = build.concept("job_id")
        source = build._join("j")
        title = func.concat_ws(
            " - ",
            source.c.title,
            func.nullif(func.concat_ws(", ", source.c.city, source.c.state_code), ""),
        )
        return [key, title], title
    if dim == "recruiter":
        key = build.concept("recruiter_id")
        name = build.ref("r.name")
        return [key, name], func.coalesce(name, "(unassigned)")
    if dim == "share_link":
        key = build.concept("share_id")
        code = build.ref("s.share_code")
        return [key, code], func.coalesce(code, _NONE_LABEL)
    if dim == "candidate":
        key = build.concept("candidate_id")
        name = build.ref("c.name")
        return [key, name], func.coalesce(name, _NONE_LABEL)
    col = build.concept(dim)
    return [col], func.coalesce(col, _NONE_LABEL)


def _grouped(build: Build, limit: int) -> CompiledMetric:
    query, plan = build.query, build.plan
    keys: list[ColumnElement[Any]] = []
    labels: list[ColumnElement[Any]] = []
    for dim in query.group_by:
        dim_keys, label = _label(build, dim)
        keys += dim_keys
        labels.append(label.label(dim))
    value = plan.aggregate(build).label(query.metric)
    hidden: list[ColumnElement[Any]] = []
    if "candidate" in query.group_by:
        hidden.append(build.concept(_CANDIDATE_ID).label("_candidate_id"))
    statement = select(*labels, value, *hidden).select_from(build.from_clause()).group_by(*keys)
    if build.where:
        statement = statement.where(*build.where)
    order: list[Any] = []
    times = [d for d in query.group_by if d in _TIME_DIMENSIONS]
    for dim in times:
        order.append(labels[query.group_by.index(dim)].asc())
    direction = value.asc() if query.order == "asc" else value.desc()
    order.append(direction.nulls_last())
    order += [
        label.asc()
        for dim, label in zip(query.group_by, labels, strict=True)
        if dim not in _TIME_DIMENSIONS
    ]
    statement = statement.order_by(*order).limit(limit + 1)
    columns = [*query.group_by, query.metric]
    return CompiledMetric(statement, columns, False, len(columns) if hidden else None, limit)


def _list_rows(build: Build, limit: int) -> CompiledMetric:
    plan = build.plan
    shown = [build.ref(path).label(heading) for heading, path in plan.list_columns]
    hidden: list[ColumnElement[Any]] = []
    if build.has(_CANDIDATE_ID):
        hidden.append(build.concept(_CANDIDATE_ID).label("_candidate_id"))
    statement = select(*shown, *hidden).select_from(build.from_clause())
    if build.where:
        statement = statement.where(*build.where)
    if plan.list_order is not None:
        col, direction = plan.list_order
        sort = build.ref(f"m.{col}")
        primary = sort.asc() if direction == "asc" else sort.desc()
        statement = statement.order_by(primary.nulls_last(), *shown[:1])
    statement = statement.limit(limit + 1)
    columns = [heading for heading, _ in plan.list_columns]
    return CompiledMetric(statement, columns, False, len(columns) if hidden else None, limit)


def literal_sql(statement: Select[Any]) -> str:
    """The statement as PostgreSQL text with its values inlined (for reading, not running)."""
    compiled = statement.compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    return str(compiled)
