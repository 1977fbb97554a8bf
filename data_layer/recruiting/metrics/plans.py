"""How each metric of the semantic layer is read from the ``copilot.`` views.

A :class:`Plan` names the rows a metric counts (its *base*, aliased ``m``), the aggregate
over them, the time column its periods and time buckets use, and where each concept a
question may group or filter by lives: on ``m`` itself or on a view joined to it (``j``
jobs, ``c`` candidates, ``s`` share links, ``r`` recruiters). What a metric *means* is
written once in :mod:`data_layer.recruiting.semantic`; this module only says how to count
it, and a test holds the two to the same names.

Only the ``copilot.`` views appear here: the compiled statement runs as ``copilot_reader``,
which can read nothing else, and row-level security under the views decides the scope.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    FromClause,
    Integer,
    Numeric,
    TableClause,
    Text,
    Uuid,
    cast,
    column,
    extract,
    func,
    select,
    table,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeEngine

from data_layer.recruiting.semantic import ENTITIES, SCHEMA

if TYPE_CHECKING:
    from data_layer.recruiting.metrics.compile import Build

__all__ = ["PLANS", "Plan", "Rows", "view"]

_TYPES: Final[Mapping[str, Callable[[], TypeEngine[Any]]]] = {
    "uuid": Uuid,
    "text": Text,
    "integer": Integer,
    "numeric": Numeric,
    "boolean": Boolean,
    "date": Date,
    "timestamptz": lambda: DateTime(timezone=True),
}


def view(name: str) -> TableClause:
    """``copilot.<name>`` as a SQLAlchemy table, its columns as the semantic layer types them."""
    entity = ENTITIES[name]
    return table(name, *(column(c.name, _TYPES[c.type]()) for c in entity.columns), schema=SCHEMA)


@dataclass(frozen=True)
class Rows:
    """The rows a metric counts: ``m`` (a view or subquery) and inner joins that narrow it."""

    m: FromClause
    joins: tuple[tuple[FromClause, ColumnElement[bool]], ...] = ()
    where: tuple[ColumnElement[bool], ...] = ()
    extra: Mapping[str, ColumnElement[Any]] = field(default_factory=dict)
    """Columns the joins add, read as ``m.<name>`` (``m.placed_at``)."""
    outer: bool = False
    """The joins keep rows of ``m`` without a partner (their columns then read NULL)."""


Narrowing = Literal["application", "candidate", "owner", "share"]
"""How a recruiter's rows of a view are found by index (Build.narrow)."""

Base = Callable[["Build"], Rows]
"""Builds the rows the metric counts (it may read the query's window)."""
Aggregate = Callable[["Build"], ColumnElement[Any]]


@dataclass(frozen=True)
class Plan:
    base: Base
    aggregate: Aggregate
    time: str | None
    """Column of ``m`` that periods, ``within_days`` and day/week/month buckets use."""
    time_words: str
    """How the time column reads in a sentence: "applied", "placed", "expiring" ..."""
    concepts: Mapping[str, str]
    """Concept -> ``<alias>.<column>``: ``m`` (the base) or a joined view (``j``, ``c``,
    ``s``). A concept not listed cannot be grouped or filtered by for this metric."""
    list_columns: tuple[tuple[str, str], ...]
    """(heading, ``<alias>.<column>``) of the rows listed for ``list_rows``."""
    list_order: tuple[str, Literal["asc", "desc"]] | None = None
    expiry: bool = False
    """``within_days`` looks ahead (expiring in the next N days), and has a default."""
    windowed_base: bool = False
    """The base applies the period itself (on the rows it aggregates): not the outer query."""
    extra_dimensions: Mapping[str, str] = field(default_factory=dict)
    """Dimensions beyond the shared list: name -> ``<alias>.<column>``."""
    present: Callable[[Build], ColumnElement[bool]] | None = None
    """What a row needs for the metric to have a value (a ratio needs views), if more
    than being there: tells "outside your scope" from "nothing to divide"."""
    same_as_m: frozenset[str] = frozenset()
    """Aliases that are ``m`` itself (a metric over jobs reads ``j.title`` from ``m``)."""


# ------------------------------------------------------------------ bases
# Every base narrows its rows with ``build.narrow(kind, alias)``: for a recruiter, the same
# rule row-level security applies, written so the planner can use an index (see Build).
def _plain(
    name: str, narrow: Narrowing | None, *where: Callable[[FromClause], ColumnElement[bool]]
) -> Base:
    def base(build: Build) -> Rows:
        m = view(name).alias("m")
        return Rows(m, where=(*(w(m) for w in where), *build.narrow(narrow, m)))

    return base


def _through_own_link(m: FromClause) -> ColumnElement[bool]:
    """Applied through one of the asker's share links (``copilot.share_links`` holds only
    the links in scope), not merely through any link: another desk's link that brought
    one of my candidates is that desk's conversion, not mine."""
    links = view("share_links")
    return m.c.share_id.in_(select(links.c.share_id))


def _first_status(status: str, label: str, *, shared: bool = False) -> Base:
    """Applications with the first time they reached ``status`` (read as ``m.<label>``).

    A recruiter's few applications look theirs up one by one (an index probe each); an
    admin's hundreds of thousands are grouped from the status changes in one pass, which
    beats that many probes by far.
    """

    def base(build: Build) -> Rows:
        m = view("applications").alias("m")
        h = view("status_changes").alias("h")
        where = (_through_own_link(m),) if shared else ()
        first = func.min(h.c.changed_at).label(label)
        if build.hint is not None:
            per_row = (
                select(first)
                .where(h.c.application_id == m.c.application_id, h.c.status == status)
                .lateral("f")
            )
            return Rows(
                m,
                joins=((per_row, per_row.c[label].is_not(None)),),
                where=(*where, *build.narrow("share" if shared else "application", m)),
                extra={label: per_row.c[label]},
            )
        grouped = (
            select(h.c.application_id, first)
            .where(h.c.status == status)
            .group_by(h.c.application_id)
        )
        if not shared and _only_time(build):
            # The status changes are scoped like their applications already: a count by
            # when needs nothing from the applications themselves (half the work).
            return Rows(grouped.subquery("m"))
        grouped = grouped.subquery("f")
        return Rows(
            m,
            joins=((grouped, grouped.c.application_id == m.c.application_id),),
            where=where,
            extra={label: grouped.c[label]},
        )

    return base


def _only_time(build: Build) -> bool:
    """The question needs nothing of a row but its time: a number or time buckets over a
    period, no other breakdown, filter or listing."""
    q = build.query
    if q.list_rows or any(d not in ("day", "week", "month") for d in q.group_by):
        return False
    f = q.filters
    return f == type(f)(
        period_start=f.period_start, period_end=f.period_end, within_days=f.within_days
    )


def _first_application(build: Build) -> Rows:
    """Jobs with the time of their first application (jobs without one are left out)."""
    m = view("jobs").alias("m")
    a = view("applications").alias("a")
    first = (
        select(a.c.job_id, func.min(a.c.applied_at).label("first_applied_at"))
        .where(*build.narrow("application", a))
        .group_by(a.c.job_id)
        .subquery("f")
    )
    return Rows(
        m,
        joins=((first, first.c.job_id == m.c.job_id),),
        extra={"first_applied_at": first.c.first_applied_at},
    )


def _share_counts(build: Build) -> Rows:
    """Share links with their views and applications in the question's period."""
    m = view("share_links").alias("m")
    v = view("share_views").alias("v")
    a = view("applications").alias("a")
    views = (
        select(v.c.share_id, func.count().label("views"))
        .where(*build.window_on(v.c.viewed_at), *build.narrow("share", v))
        .group_by(v.c.share_id)
        .subquery("vc")
    )
    apps = (
        select(a.c.share_id, func.count().label("applications"))
        .where(
            a.c.share_id.is_not(None),
            *build.window_on(a.c.applied_at),
            *build.narrow("share", a),
        )
        .group_by(a.c.share_id)
        .subquery("ac")
    )
    # Outer joins: a link without views or applications still counts its zeros.
    return Rows(
        m,
        joins=(
            (views, views.c.share_id == m.c.share_id),
            (apps, apps.c.share_id == m.c.share_id),
        ),
        where=tuple(build.narrow("owner", m)),
        extra={
            "views": func.coalesce(views.c.views, 0),
            "applications": func.coalesce(apps.c.applications, 0),
        },
        outer=True,
    )


# -------------------------------------------------------------- aggregates
def _count(build: Build) -> ColumnElement[Any]:
    return func.count()


def _distinct_candidates(build: Build) -> ColumnElement[Any]:
    return func.count(build.ref("m.candidate_id").distinct())


def _median(expr: Callable[[Build], ColumnElement[Any]]) -> Aggregate:
    def aggregate(build: Build) -> ColumnElement[Any]:
        median = func.percentile_cont(0.5).within_group(expr(build))
        return func.round(cast(median, Numeric), 1)

    return aggregate


def _days_to_first_application(build: Build) -> ColumnElement[Any]:
    elapsed = build.ref("m.first_applied_at") - build.ref("m.posted_at")
    return extract("epoch", elapsed) / 86400


def _minutes_to_first_response(build: Build) -> ColumnElement[Any]:
    elapsed = build.ref("m.first_response_at") - build.ref("m.created_at")
    return extract("epoch", elapsed) / 60


def _conversion(build: Build) -> ColumnElement[Any]:
    applications = cast(func.sum(build.ref("m.applications")), Numeric)
    views = func.nullif(func.sum(build.ref("m.views")), 0)
    return func.round(applications / views, 4)


# ---------------------------------------------------------------- concepts
_BY_JOB: Final = {
    "job_id": "m.job_id",
    "specialty": "j.specialty",
    "profession": "j.profession",
    "state": "j.state_code",
    "job_type": "j.job_type",
    "hot": "j.is_hot",
    "featured": "j.is_featured",
    "shift": "j.shift",
    "weekly_pay": "j.weekly_pay",
    "hourly_pay": "j.hourly_pay",
}
_APPLICATION: Final = {
    **_BY_JOB,
    "candidate_id": "m.candidate_id",
    "recruiter_id": "m.recruiter_id",
    "share_id": "m.share_id",
    "status": "m.status",
    "source": "m.source",
    "referral_source": "c.referral_source",
}
_JOB_ROWS: Final = {
    "job_id": "m.job_id",
    "specialty": "m.specialty",
    "profession": "m.profession",
    "state": "m.state_code",
    "job_type": "m.job_type",
    "hot": "m.is_hot",
    "featured": "m.is_featured",
    "shift": "m.shift",
    "weekly_pay": "m.weekly_pay",
    "hourly_pay": "m.hourly_pay",
}
_CANDIDATE_NAME: Final = ("candidate", "c.name")
_JOB_TITLE: Final = ("job", "j.title")
_APPLICATION_ROWS: Final = (
    _CANDIDATE_NAME,
    _JOB_TITLE,
    ("state", "j.state_code"),
    ("status", "m.status"),
    ("source", "m.source"),
    ("applied", "m.applied_at"),
)
_LICENSE_LIKE: Final = {
    "candidate_id": "m.candidate_id",
    "recruiter_id": "c.recruiter_id",
    "specialty": "c.specialty",
}

_applications_in: Final = _plain("applications", "application")

PLANS: Final[Mapping[str, Plan]] = {
    "applications": Plan(
        base=_applications_in,
        aggregate=_count,
        time="applied_at",
        time_words="applied",
        concepts=_APPLICATION,
        list_columns=_APPLICATION_ROWS,
        list_order=("applied_at", "desc"),
    ),
    "placements": Plan(
        base=_first_status("placed", "placed_at"),
        aggregate=_count,
        time="placed_at",
        time_words="placed",
        concepts=_APPLICATION,
        list_columns=(*_APPLICATION_ROWS, ("placed", "m.placed_at")),
        list_order=("placed_at", "desc"),
    ),
    "interviews": Plan(
        base=_first_status("interviewing", "interviewing_at"),
        aggregate=_count,
        time="interviewing_at",
        time_words="reached interviewing",
        concepts=_APPLICATION,
        list_columns=(*_APPLICATION_ROWS, ("interviewing since", "m.interviewing_at")),
        list_order=("interviewing_at", "desc"),
    ),
    "candidates": Plan(
        base=_plain("candidates", "owner"),
        aggregate=_count,
        time="created_at",
        time_words="added",
        same_as_m=frozenset({"c"}),
        concepts={
            "candidate_id": "m.candidate_id",
            "recruiter_id": "m.recruiter_id",
            "status": "m.status",
            "specialty": "m.specialty",
            "profession": "m.profession",
            "state": "m.state_code",
            "referral_source": "m.referral_source",
        },
        list_columns=(
            _CANDIDATE_NAME,
            ("specialty", "m.specialty"),
            ("profession", "m.profession"),
            ("state", "m.state_code"),
            ("status", "m.status"),
            ("referral source", "m.referral_source"),
            ("added", "m.created_at"),
        ),
        list_order=("created_at", "desc"),
    ),
    "candidates_applied": Plan(
        base=_applications_in,
        aggregate=_distinct_candidates,
        time="applied_at",
        time_words="applied",
        concepts=_APPLICATION,
        list_columns=_APPLICATION_ROWS,
        list_order=("applied_at", "desc"),
    ),
    "open_jobs": Plan(
        base=_plain("jobs", None, lambda m: m.c.is_open.is_(True)),
        aggregate=_count,
        time="posted_at",
        time_words="posted",
        concepts=_JOB_ROWS,
        same_as_m=frozenset({"j"}),
        list_columns=(
            ("job", "m.title"),
            ("specialty", "m.specialty"),
            ("city", "m.city"),
            ("state", "m.state_code"),
            ("weekly pay", "m.weekly_pay"),
            ("posted", "m.posted_at"),
        ),
        list_order=("posted_at", "desc"),
    ),
    "hot_jobs_without_applicants": Plan(
        base=_plain(
            "jobs",
            None,
            lambda m: m.c.is_open.is_(True),
            lambda m: m.c.is_hot.is_(True),
            lambda v: func.coalesce(v.c.applications_count, 0) == 0,
        ),
        aggregate=_count,
        time="posted_at",
        time_words="posted",
        concepts=_JOB_ROWS,
        same_as_m=frozenset({"j"}),
        list_columns=(
            ("job", "m.title"),
            ("specialty", "m.specialty"),
            ("city", "m.city"),
            ("state", "m.state_code"),
            ("posted", "m.posted_at"),
        ),
        list_order=("posted_at", "asc"),
    ),
    "licenses_expiring": Plan(
        base=_plain("licenses", "candidate"),
        aggregate=_count,
        time="expires_on",
        time_words="expiring",
        concepts={
            **_LICENSE_LIKE,
            "state": "m.state_code",
            "profession": "m.profession",
            "status": "m.status",
        },
        list_columns=(
            _CANDIDATE_NAME,
            ("license state", "m.state_code"),
            ("profession", "m.profession"),
            ("expires", "m.expires_on"),
        ),
        list_order=("expires_on", "asc"),
        expiry=True,
    ),
    "certifications_expiring": Plan(
        base=_plain("certifications", "candidate"),
        aggregate=_count,
        time="expires_on",
        time_words="expiring",
        concepts={**_LICENSE_LIKE, "state": "c.state_code", "profession": "c.profession"},
        list_columns=(
            _CANDIDATE_NAME,
            ("certification", "m.certification"),
            ("expires", "m.expires_on"),
        ),
        list_order=("expires_on", "asc"),
        expiry=True,
        extra_dimensions={"certification": "m.certification"},
    ),
    "time_to_first_application": Plan(
        base=_first_application,
        aggregate=_median(_days_to_first_application),
        time="posted_at",
        time_words="posted",
        concepts=_JOB_ROWS,
        same_as_m=frozenset({"j"}),
        list_columns=(
            ("job", "m.title"),
            ("specialty", "m.specialty"),
            ("state", "m.state_code"),
            ("posted", "m.posted_at"),
            ("first application", "m.first_applied_at"),
        ),
        list_order=("posted_at", "desc"),
    ),
    "share_views": Plan(
        base=_plain("share_views", "share"),
        aggregate=_count,
        time="viewed_at",
        time_words="viewed",
        concepts={**_BY_JOB, "share_id": "m.share_id", "recruiter_id": "s.recruiter_id"},
        list_columns=(
            ("share link", "s.share_code"),
            _JOB_TITLE,
            ("viewed", "m.viewed_at"),
        ),
        list_order=("viewed_at", "desc"),
    ),
    "share_applications": Plan(
        base=_plain("applications", "share", _through_own_link),
        aggregate=_count,
        time="applied_at",
        time_words="applied",
        concepts=_APPLICATION,
        list_columns=(*_APPLICATION_ROWS, ("share link", "s.share_code")),
        list_order=("applied_at", "desc"),
    ),
    "share_placements": Plan(
        base=_first_status("placed", "placed_at", shared=True),
        aggregate=_count,
        time="placed_at",
        time_words="placed",
        concepts=_APPLICATION,
        list_columns=(
            *_APPLICATION_ROWS,
            ("placed", "m.placed_at"),
            ("share link", "s.share_code"),
        ),
        list_order=("placed_at", "desc"),
    ),
    "share_link_conversion": Plan(
        base=_share_counts,
        aggregate=_conversion,
        time="created_at",
        time_words="viewed or applied",
        same_as_m=frozenset({"s"}),
        concepts={**_BY_JOB, "share_id": "m.share_id", "recruiter_id": "m.recruiter_id"},
        list_columns=(
            ("share link", "s.share_code"),
            _JOB_TITLE,
            ("views", "m.views"),
            ("applications", "m.applications"),
            ("created", "m.created_at"),
        ),
        list_order=("created_at", "desc"),
        windowed_base=True,
        present=lambda build: build.ref("m.views") > 0,
    ),
    "referrals": Plan(
        base=_plain("referrals", "candidate"),
        aggregate=_count,
        time="created_at",
        time_words="sent",
        concepts={
            "job_id": "m.job_id",
            "specialty": "j.specialty",
            "profession": "j.profession",
            "state": "j.state_code",
            "candidate_id": "m.candidate_id",
            "recruiter_id": "c.recruiter_id",
            "status": "m.status",
            "referral_source": "c.referral_source",
        },
        list_columns=(
            _CANDIDATE_NAME,
            _JOB_TITLE,
            ("status", "m.status"),
            ("sent", "m.created_at"),
        ),
        list_order=("created_at", "desc"),
    ),
    "handoffs_open": Plan(
        base=_plain("handoffs", "owner", lambda m: m.c.status == "open"),
        aggregate=_count,
        time="created_at",
        time_words="handed off",
        concepts={"candidate_id": "m.candidate_id", "recruiter_id": "m.recruiter_id"},
        list_columns=(
            _CANDIDATE_NAME,
            ("reason", "m.reason"),
            ("handed off", "m.created_at"),
            ("first reply", "m.first_response_at"),
        ),
        list_order=("created_at", "asc"),
    ),
    "handoff_response_time": Plan(
        base=_plain("handoffs", "owner", lambda m: m.c.first_response_at.is_not(None)),
        aggregate=_median(_minutes_to_first_response),
        time="created_at",
        time_words="handed off",
        concepts={
            "candidate_id": "m.candidate_id",
            "recruiter_id": "m.recruiter_id",
            "status": "m.status",
        },
        list_columns=(
            _CANDIDATE_NAME,
            ("handed off", "m.created_at"),
            ("first reply", "m.first_response_at"),
            ("outcome", "m.outcome"),
        ),
        list_order=("created_at", "desc"),
    ),
}
