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
from uuid import UUID

from sqlalchemy import (
    Date,
    DateTime,
    FromClause,
    Numeric,
    Select,
    Uuid,
    and_,
    any_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import NamedFromClause

from data_layer.models import JobType
from data_layer.recruiting.metrics.arrays import ArrayOf
from data_layer.recruiting.metrics.plans import PLANS, Narrowing, Plan, Rows, view
from data_layer.recruiting.metrics.query import (
    MAX_GROUP_BY,
    SHIFTS,
    MetricFilters,
    MetricQuery,
)
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
    exists: Select[Any]
    """``SELECT EXISTS`` over the rows the metric reads: "is there anything at all?"."""
    hash_joins: bool
    """Everyone's rows, joined whole: run without nested loops (see metrics.run)."""


@dataclass
class Build:
    """The statement being built: the base ``m``, the views joined to it, the conditions."""

    plan: Plan
    query: MetricQuery
    today: datetime.date
    hint: UUID | None = None
    """A recruiter's id when the asker is one (never for an admin): see :meth:`narrow`."""
    page: Rows | None = None
    """Rows already chosen (a page of everyone's rows): used instead of the plan's base."""
    rows: Rows = field(init=False)
    m: FromClause = field(init=False)
    joined: dict[str, FromClause] = field(default_factory=dict)
    joins: list[tuple[FromClause, ColumnElement[bool]]] = field(default_factory=list)
    where: list[ColumnElement[bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rows = self.page or self.plan.base(self)
        self.m = self.rows.m
        self.where += self.rows.where

    # ------------------------------------------------------------- time window
    @property
    def lateral(self) -> bool:
        """Views are joined row by row (few rows): for a recruiter, or a page of rows."""
        return self.hint is not None or self.page is not None

    def window(self) -> tuple[datetime.date | None, datetime.date | None]:
        return window_of(self.plan, self.query, self.today)

    def window_on(self, col: ColumnElement[Any]) -> list[ColumnElement[bool]]:
        """Conditions keeping ``col`` (a date or timestamp) inside the window.

        Days are UTC days. A timestamp column is compared with a timestamp, never a date:
        ``timestamptz >= date`` is not leakproof, so PostgreSQL would apply it only after
        row-level security, on every row, instead of through an index.
        """
        start, end = self.window()
        conditions: list[ColumnElement[bool]] = []
        # The last day counts whole: everything before the next midnight.
        bounds = (
            (start, lambda v: col >= v),
            (end + datetime.timedelta(days=1) if end else None, lambda v: col < v),
        )
        for day, compare in bounds:
            if day is None:
                continue
            if isinstance(col.type, DateTime):
                moment = datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.UTC)
                conditions.append(compare(bindparam(None, moment, type_=col.type)))
            else:
                conditions.append(compare(bindparam(None, day, type_=Date)))
        return conditions

    # -------------------------------------------------------------- narrowing
    def narrow(self, kind: Narrowing | None, v: NamedFromClause) -> list[ColumnElement[bool]]:
        """For a recruiter, the rows of ``v`` that are theirs, written for an index.

        Row-level security already keeps every other row out, but its policy (``admin OR
        mine OR my candidate's``) cannot use an index: at 500,000 applications it reads
        them all. The same rule without the admin branch, as ``= ANY(<one array>)`` terms
        PostgreSQL may push into the view, lets it read only the recruiter's rows. It can
        only narrow what security allows, never widen it.
        """
        if self.hint is None or kind is None:
            return []
        rid = bindparam(None, self.hint, type_=Uuid)
        if kind == "owner":
            return [v.c.recruiter_id == rid]
        if kind == "share":
            s = view("share_links").alias(f"{v.name}_mine")
            mine = select(s.c.share_id).where(s.c.recruiter_id == rid)
            return [v.c.share_id == any_(ArrayOf(mine, Uuid()))]
        c = view("candidates").alias(f"{v.name}_mine")
        candidates = select(c.c.candidate_id).where(c.c.recruiter_id == rid)
        of_mine = v.c.candidate_id == any_(ArrayOf(candidates, Uuid()))
        if kind == "candidate":
            return [of_mine]
        return [or_(v.c.recruiter_id == rid, of_mine)]

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
        # Joined first, so the key's own path (``c.recruiter_id``) may join what it needs.
        link = self.concept(key)
        target: FromClause
        if not self.lateral:
            target = view(name).alias(alias)
            self.joins.append((target, target.c[key] == link))
        else:
            # A few rows each look their partner up by key. A plain join into a
            # security-barrier view cannot probe an index per row: it would read all
            # 100,000 jobs to name ten applications. LIMIT 1 (the key is unique) keeps
            # PostgreSQL from flattening it back into that plain join.
            v = view(name).alias(f"{alias}_row")
            target = select(v).where(v.c[key] == link).limit(1).lateral(alias)
            self.joins.append((target, true()))
        self.joined[alias] = target
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
    "source": lambda f: f.source is not None,
    "referral_source": lambda f: f.referral_source is not None,
    "certification": lambda f: f.certification is not None,
    "shift": lambda f: f.shift is not None,
    "pay": lambda f: any(
        v is not None
        for v in (f.min_weekly_pay, f.max_weekly_pay, f.min_hourly_pay, f.max_hourly_pay)
    ),
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
    "referral_source": "referral source",
    "pay": "pay",
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
    if f.shift is not None and _shift_name(f.shift) is None:
        raise MetricRejected(f"There is no shift called '{f.shift}' (only {', '.join(SHIFTS)}).")
    for low, high, per in (
        (f.min_weekly_pay, f.max_weekly_pay, "week"),
        (f.min_hourly_pay, f.max_hourly_pay, "hour"),
    ):
        if low is not None and high is not None and low > high:
            raise MetricRejected(f"The pay a {per} has a minimum above its maximum.")
    for name, value in (("source", f.source), ("certification", f.certification)):
        if value is not None and not value.strip():
            raise MetricRejected(f"The {name} is empty.")
    return plan


def _shift_name(value: str) -> str | None:
    """``nights``/``Night``/``noc`` -> ``Nights``; None for a shift we do not know."""
    low = value.strip().lower()
    low = {"noc": "nights", "overnight": "nights", "swing": "mids", "pm": "evenings"}.get(low, low)
    for name in SHIFTS:
        if low in (name.lower(), name.lower().rstrip("s")):
            return name
    return None


_SHIFT_STEMS: Final = {
    "Days": "day",
    "Nights": "night",
    "Evenings": "evening",
    "Mids": "mid",
    "Rotating": "rotat",
    "Weekends": "weekend",
}


def _shift_condition(col: ColumnElement[Any], shift: str) -> ColumnElement[bool]:
    """The job's shift text names that time of day ('Nights 7p-7a 3x12', '3x12 Nights').

    A rotating day/night job is neither a day nor a night job: it counts as rotating only.
    """
    name = _shift_name(shift) or shift
    # strpos, not ILIKE: the admins' shown SQL would double every '%' of a pattern.
    text = func.lower(col)
    said = func.strpos(text, _SHIFT_STEMS.get(name, name.lower())) > 0
    if name == "Rotating":
        return said
    return and_(said, func.strpos(text, "rotat") == 0)


# ------------------------------------------------------------------ compile
def compile_metric(
    query: MetricQuery,
    *,
    today: datetime.date,
    max_rows: int,
    names: dict[str, str] | None = None,
    recruiter_hint: UUID | None = None,
) -> CompiledMetric:
    """The statement answering ``query``.

    ``names`` maps filter values to canonical master names (``icu`` -> ``ICU``), read
    beforehand by the caller. ``recruiter_hint`` is the asking recruiter's id (``None``
    for an admin): it lets the statement find their rows by index (:meth:`Build.narrow`).

    Raises :class:`MetricRejected` for what the metric cannot answer.
    """
    plan = _check(query)
    build = Build(plan, query, today, recruiter_hint)
    _apply_filters(build, names or {})
    limit = min(query.limit or max_rows, max_rows)
    hidden: int | None = None
    hash_joins = not build.lateral
    if query.list_rows:
        listing = _page_first(build, limit) if not build.lateral else build
        hash_joins = not listing.lateral
        statement, columns, hidden = _list_rows(listing)
        statement = statement.limit(limit + 1)
    elif query.group_by:
        statement, columns, hidden = _grouped(build)
        statement = statement.limit(limit + 1)
    else:
        value = plan.aggregate(build).label(query.metric)
        statement = select(value).select_from(build.from_clause()).where(*build.where)
        columns, limit = [query.metric], 1
    present = [plan.present(build)] if plan.present else []
    anything = select(literal_column("1")).select_from(build.from_clause())
    anything = anything.where(*build.where, *present)
    return CompiledMetric(
        statement=statement,
        columns=columns,
        single_value=not query.list_rows and not query.group_by,
        candidate_column=hidden,
        limit=limit,
        exists=select(exists(anything)),
        hash_joins=hash_joins,
    )


def _page_first(build: Build, limit: int) -> Build:
    """Everyone's rows, listed: the page is chosen first and only its rows are named.

    Naming every one of 500,000 applications (joining all candidates and jobs) to keep
    fifty is what took seconds; sorting them and looking up fifty names is quick. Only
    when the filters read no joined view: a filter on the job's specialty must see the
    job before the page is cut.
    """
    order = build.plan.list_order
    if build.joins or order is None:
        return build
    col, direction = order
    sort = build.ref(f"m.{col}")
    extra = [c.label(name) for name, c in build.rows.extra.items()]
    own = [c for c in build.m.c if c.key not in build.rows.extra]
    page = (
        select(*own, *extra)
        .select_from(build.from_clause())
        .where(*build.where)
        .order_by(sort.asc() if direction == "asc" else sort.desc())
        .limit(limit + 1)
        .subquery("m")
    )
    return Build(build.plan, build.query, build.today, page=Rows(page))


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
    if f.source is not None:
        # applications.source values are lower_snake ("recruiter_share"): a plain "=".
        source = "_".join(f.source.strip().lower().replace("-", " ").split())
        build.where.append(build.concept("source") == source)
    if f.referral_source is not None:
        value = f.referral_source.strip()
        build.where.append(build.concept("referral_source") == names.get(value.lower(), value))
    if f.certification is not None:
        build.where.append(_holds(build, f.certification.strip()))
    if f.shift is not None:
        build.where.append(_shift_condition(build.concept("shift"), f.shift))
    for key, concept, compare in (
        ("min_weekly_pay", "weekly_pay", ">="),
        ("max_weekly_pay", "weekly_pay", "<="),
        ("min_hourly_pay", "hourly_pay", ">="),
        ("max_hourly_pay", "hourly_pay", "<="),
    ):
        value = getattr(f, key)
        if value is None:
            continue
        col = build.concept(concept)
        bound = bindparam(None, value, type_=Numeric())
        # A job without that pay is left out (NULL compares to nothing).
        build.where.append(col >= bound if compare == ">=" else col <= bound)


def _holds(build: Build, certification: str) -> ColumnElement[bool]:
    """The row's candidate holds ``certification`` (listed on their resume, any expiry).

    For the certifications metric it is the row's own certification. Read through
    ``copilot.certifications``, which row-level security scopes like the candidates.
    """
    wanted = certification.upper()
    if build.plan.extra_dimensions.get("certification") == "m.certification":
        return func.upper(build.ref("m.certification")) == wanted
    x = view("certifications").alias("cert")
    return exists(
        select(literal_column("1"))
        .select_from(x)
        .where(
            x.c.candidate_id == build.concept(_CANDIDATE_ID),
            func.upper(x.c.certification) == wanted,
        )
    )


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


def _grouped(build: Build) -> tuple[Select[Any], list[str], int | None]:
    query, plan = build.query, build.plan
    keys: list[ColumnElement[Any]] = []
    labels: list[ColumnElement[Any]] = []
    for dim in query.group_by:
        dim_keys, label = _label(build, dim)
        keys += dim_keys
        labels.append(label.label(dim))
    hidden: list[ColumnElement[Any]] = []
    if "candidate" in query.group_by:
        hidden.append(build.concept(_CANDIDATE_ID).label("_candidate_id"))
    value = plan.aggregate(build).label(query.metric)
    statement = (
        select(*labels, value, *hidden)
        .select_from(build.from_clause())
        .where(*build.where)
        .group_by(*keys)
    )
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
    columns = [*query.group_by, query.metric]
    return statement.order_by(*order), columns, len(columns) if hidden else None


def _list_rows(build: Build) -> tuple[Select[Any], list[str], int | None]:
    plan = build.plan
    shown = [build.ref(path).label(heading) for heading, path in plan.list_columns]
    hidden: list[ColumnElement[Any]] = []
    if build.has(_CANDIDATE_ID):
        hidden.append(build.concept(_CANDIDATE_ID).label("_candidate_id"))
    statement = select(*shown, *hidden).select_from(build.from_clause()).where(*build.where)
    if plan.list_order is not None:
        col, direction = plan.list_order
        sort = build.ref(f"m.{col}")
        primary = sort.asc() if direction == "asc" else sort.desc()
        statement = statement.order_by(primary.nulls_last(), *shown[:1])
    columns = [heading for heading, _ in plan.list_columns]
    return statement, columns, len(columns) if hidden else None


def literal_sql(statement: Select[Any]) -> str:
    """The statement as PostgreSQL text with its values inlined (for reading, not running)."""
    compiled = statement.compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    return str(compiled)
