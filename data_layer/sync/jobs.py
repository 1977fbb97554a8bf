"""Bulk upserts of LaborEdge jobs and their children (certifications, rates).

:func:`upsert_jobs` writes a page of mapped jobs (up to ~1,000) in a fixed
number of round trips, whatever the page size: one ``INSERT .. SELECT FROM
unnest(<one array per column>) ON CONFLICT (external_job_id) DO UPDATE .. WHERE
content_hash IS DISTINCT FROM ..`` (so unchanged rows are not rewritten), one
``UPDATE`` bumping ``last_synced_at`` of the unchanged rows, and for the
inserted/changed jobs one ``DELETE .. WHERE job_id = ANY(..)`` + one ``INSERT ..
unnest`` per child table. Columns owned by this service
(:data:`SERVICE_OWNED_COLUMNS`: counters and SEO fields) are never overwritten.
A page that fails in the database (a value the mapper let through, a vanished
master row) is split in halves inside savepoints until the offending jobs are
isolated; they come back as :attr:`UpsertCounts.rejected` for the quarantine,
the rest is stored.

Upstream jobs are those with ``external_job_id < UPSTREAM_JOB_ID_LIMIT``; demo
seed jobs use ids from there up and are left alone by the sync.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Protocol
from uuid import UUID

from sqlalchemy import TextClause, text
from sqlalchemy.exc import DBAPIError

from data_layer.events.jobs import (
    CHANGED,
    OPENED,
    REOPENED,
    TRACKED_FIELDS,
    job_event,
    publish_job_events,
)
from data_layer.events.outbox import NewEvent
from data_layer.models.base import utcnow
from data_layer.sync.sql import Executor, array_params, select_expr, table, unnest

__all__ = [
    "OPEN_UPSTREAM_JOBS",
    "SERVICE_OWNED_COLUMNS",
    "UPSTREAM_JOB_ID_LIMIT",
    "JobRow",
    "MappedJobLike",
    "RejectedJob",
    "UpsertCounts",
    "open_upstream_hashes",
    "upsert_jobs",
]

UPSTREAM_JOB_ID_LIMIT: Final = 1_000_000_000
"""``external_job_id`` below this is a LaborEdge job; from it up, demo seed jobs."""

OPEN_UPSTREAM_JOBS: Final = (
    "external_job_id IS NOT NULL AND external_job_id < CAST(:limit AS INTEGER) "
    "AND closed_at IS NULL"
)
"""``WHERE`` condition of the open upstream jobs (``:limit`` = :data:`UPSTREAM_JOB_ID_LIMIT`)."""

SERVICE_OWNED_COLUMNS: Final = frozenset(
    {"page_views", "application_count", "seo_title", "seo_description", "seo_keywords"}
)
"""Columns of ``jobs`` this service owns: written on INSERT if given, never by an update."""

_STORE_SET_COLUMNS: Final = frozenset(
    {"id", "created_at", "updated_at", "last_synced_at", "closed_at", "sa_orm_sentinel"}
)
"""Columns of ``jobs`` set by the store itself; a job's values must not carry them."""

_JOBS_T: Final = table("jobs")
_JOB_COLUMNS: Final = frozenset(c.name for c in _JOBS_T.columns)

# Change data capture: the upsert returns the tracked fields before (b_) and after (a_)
# the write, and every job it inserted, changed or reopened becomes one event on the
# same transaction (data_layer.events.jobs).
_EVENT_BEFORE: Final = ", ".join(f"j.{name} AS b_{name}" for name in TRACKED_FIELDS)
_EVENT_AFTER: Final = ", ".join(f"j.{name} AS a_{name}" for name in TRACKED_FIELDS)
_EVENT_TRACKED: Final = ", ".join(f"up.a_{name}, prev.b_{name}" for name in TRACKED_FIELDS)


# ===================================================================== types
class JobValuesLike(Protocol):
    """Column values of one job (``workers.laboredge.mapping.JobValues`` is one)."""

    def as_dict(self) -> dict[str, Any]: ...


class MappedJobLike(Protocol):
    """One job to store (``workers.laboredge.mapping.MappedJob`` is one; so is :class:`JobRow`).

    ``values`` are ``jobs`` column values named as the columns (``external_job_id``
    and ``content_hash`` included); ``certifications`` / ``rates`` are the rows of
    ``job_required_certifications`` / ``job_rates`` without ``job_id``.
    """

    @property
    def values(self) -> JobValuesLike | Mapping[str, Any]: ...

    @property
    def certifications(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def rates(self) -> Sequence[Mapping[str, Any]]: ...


@dataclass(slots=True)
class JobRow:
    """A plain :class:`MappedJobLike` (tests, demo data, callers without the mapper)."""

    values: Mapping[str, Any]
    certifications: Sequence[Mapping[str, Any]] = ()
    rates: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True, slots=True)
class RejectedJob:
    """A job the database refused (nothing of it was stored)."""

    external_job_id: int
    reason: str


@dataclass(slots=True)
class UpsertCounts:
    """Outcome of :func:`upsert_jobs` for one page.

    ``inserted + updated + unchanged + len(rejected)`` is the number of distinct
    jobs of the page. ``updated`` = existing jobs whose content changed (children
    replaced); ``unchanged`` = content identical (only ``last_synced_at`` moved);
    ``reopened`` = jobs that were closed and are open again (counted in
    ``updated`` or ``unchanged`` too).
    """

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    reopened: int = 0
    rejected: list[RejectedJob] = field(default_factory=list)

    def add(self, other: UpsertCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.reopened += other.reopened
        self.rejected.extend(other.rejected)


# ====================================================================== SQL
@cache
def _jobs_upsert_sql(columns: tuple[str, ...]) -> TextClause:
    insert_columns = ["id", "created_at", "updated_at", "last_synced_at", *columns]
    select_list = [
        "gen_random_uuid()",
        "CAST(:now AS TIMESTAMPTZ)",
        "CAST(:now AS TIMESTAMPTZ)",
        "CAST(:synced_at AS TIMESTAMPTZ)",
        *(select_expr(_JOBS_T.c[name], f"v.{name}") for name in columns),
    ]
    updates = [
        f"{name} = EXCLUDED.{name}"
        for name in columns
        if name not in SERVICE_OWNED_COLUMNS and name != "external_job_id"
    ]
    updates += [
        "updated_at = EXCLUDED.updated_at",
        "last_synced_at = EXCLUDED.last_synced_at",
        "closed_at = NULL",
    ]
    return text(
        f"""
WITH v AS (SELECT * FROM {unnest(_JOBS_T, columns)}),
prev AS (
    SELECT j.external_job_id, j.content_hash, j.closed_at IS NOT NULL AS was_closed,
           {_EVENT_BEFORE}
    FROM jobs j JOIN v ON v.external_job_id = j.external_job_id
),
up AS (
    INSERT INTO jobs AS j ({", ".join(insert_columns)})
    SELECT {", ".join(select_list)} FROM v
    ON CONFLICT (external_job_id) DO UPDATE SET {", ".join(updates)}
    WHERE j.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR j.closed_at IS NOT NULL
    RETURNING j.id, j.external_job_id, j.content_hash, (j.xmax = 0) AS inserted, {_EVENT_AFTER}
)
SELECT up.id, up.external_job_id, up.inserted,
       COALESCE(prev.was_closed, false) AS reopened,
       (prev.external_job_id IS NOT NULL
        AND prev.content_hash IS NOT DISTINCT FROM up.content_hash) AS same_content,
       {_EVENT_TRACKED}
FROM up LEFT JOIN prev ON prev.external_job_id = up.external_job_id
"""
    )


_BUMP_SYNCED_SQL = text(
    "UPDATE jobs SET last_synced_at = CAST(:synced_at AS TIMESTAMPTZ) "
    "WHERE external_job_id = ANY(CAST(:ids AS INTEGER[]))"
)

_OPEN_HASHES_SQL = text(
    f"SELECT external_job_id, content_hash FROM jobs WHERE {OPEN_UPSTREAM_JOBS}"
)


@cache
def _child_sqls(table_name: str) -> tuple[TextClause, TextClause, tuple[str, ...]]:
    """(delete of a page's children, their bulk insert, the child columns a job gives)."""
    child = table(table_name)
    columns = tuple(
        c.name
        for c in child.columns
        if c.name not in {"id", "job_id", "created_at", "sa_orm_sentinel"}
    )
    delete_sql = text(f"DELETE FROM {table_name} WHERE job_id = ANY(CAST(:job_ids AS UUID[]))")
    all_columns = ("job_id", *columns)
    insert_sql = text(
        f"INSERT INTO {table_name} (id, created_at, {', '.join(all_columns)}) "
        f"SELECT gen_random_uuid(), CAST(:now AS TIMESTAMPTZ), "
        f"{', '.join(select_expr(child.c[name], f'v.{name}') for name in all_columns)} "
        f"FROM {unnest(child, all_columns)}"
    )
    return delete_sql, insert_sql, columns


# ==================================================================== reads
async def open_upstream_hashes(db: Executor) -> dict[int, str]:
    """``content_hash`` of every open upstream job by ``external_job_id`` (the sync's skip list)."""
    rows = await db.execute(_OPEN_HASHES_SQL, {"limit": UPSTREAM_JOB_ID_LIMIT})
    return {int(ext): str(digest) for ext, digest in rows if digest is not None}


# =================================================================== upsert
@dataclass(slots=True)
class _PreparedJob:
    external_job_id: int
    values: dict[str, Any]
    certifications: Sequence[Mapping[str, Any]]
    rates: Sequence[Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class _PageWrite:
    """How a page is written: the same for every part it may be split into."""

    columns: tuple[str, ...]
    synced_at: datetime.datetime
    now: datetime.datetime
    touch_unchanged: bool


def _values_of(job: MappedJobLike) -> dict[str, Any]:
    values = job.values
    if isinstance(values, Mapping):
        return dict(values)
    return values.as_dict()


def _prepare_page(jobs: Iterable[MappedJobLike]) -> tuple[list[_PreparedJob], tuple[str, ...]]:
    """Distinct jobs (the last occurrence of an ``external_job_id`` wins) and their columns."""
    by_id: dict[int, _PreparedJob] = {}
    columns: dict[str, None] = {"external_job_id": None}
    for job in jobs:
        values = _values_of(job)
        external_job_id = values.get("external_job_id")
        if not isinstance(external_job_id, int) or isinstance(external_job_id, bool):
            msg = f"job values need an integer external_job_id, got {external_job_id!r}"
            raise ValueError(msg)
        unknown = values.keys() - _JOB_COLUMNS
        if unknown:
            msg = f"not columns of jobs: {sorted(unknown)}"
            raise ValueError(msg)
        reserved = values.keys() & _STORE_SET_COLUMNS
        if reserved:
            msg = f"columns set by the store, not by the caller: {sorted(reserved)}"
            raise ValueError(msg)
        for name in values:
            columns.setdefault(name, None)
        by_id.pop(external_job_id, None)
        by_id[external_job_id] = _PreparedJob(
            external_job_id, values, list(job.certifications), list(job.rates)
        )
    return list(by_id.values()), tuple(columns)


_CHILDREN: Final[tuple[tuple[str, Callable[[_PreparedJob], Sequence[Mapping[str, Any]]]], ...]] = (
    ("job_required_certifications", lambda job: job.certifications),
    ("job_rates", lambda job: job.rates),
)
"""Child tables of ``jobs`` and a job's rows of each (replaced when the job is rewritten)."""

_BAD_DATA_SQLSTATE_CLASSES: Final = ("22", "23")
"""SQLSTATE classes of errors caused by the values of a row: data exception, constraint."""


def _is_bad_data(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return isinstance(sqlstate, str) and sqlstate[:2] in _BAD_DATA_SQLSTATE_CLASSES


def _error_text(exc: DBAPIError, limit: int = 500) -> str:
    orig = exc.orig if exc.orig is not None else exc
    lines = str(orig).strip().splitlines()
    message = lines[0] if lines else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    code = f" ({sqlstate})" if sqlstate else ""
    return f"database rejected the job{code}: {message}"[:limit]


async def _write_children(
    db: Executor,
    table_name: str,
    replace_for: list[UUID],
    rows_by_job: list[tuple[UUID, Sequence[Mapping[str, Any]]]],
    now: datetime.datetime,
) -> None:
    delete_sql, insert_sql, columns = _child_sqls(table_name)
    if replace_for:
        await db.execute(delete_sql, {"job_ids": replace_for})
    flat: list[dict[str, Any]] = []
    for job_id, rows in rows_by_job:
        for row in rows:
            unknown = row.keys() - set(columns)
            if unknown:
                msg = f"not columns of {table_name}: {sorted(unknown)}"
                raise ValueError(msg)
            flat.append({"job_id": job_id, **row})
    if flat:
        await db.execute(insert_sql, {"now": now, **array_params(("job_id", *columns), flat)})


async def upsert_jobs(
    db: Executor,
    mapped_jobs: Iterable[MappedJobLike],
    synced_at: datetime.datetime,
    *,
    touch_unchanged: bool = True,
) -> UpsertCounts:
    """Insert new jobs, rewrite changed ones, touch unchanged ones; children follow.

    Keyed by ``external_job_id`` (the last occurrence wins within a page).
    ``synced_at`` (timezone-aware) becomes ``last_synced_at`` of every job of the
    page - of the unchanged ones too, with one bulk ``UPDATE``, unless
    ``touch_unchanged`` is false (a sync that will not close missing jobs may
    save that write). On insert every given column is written; on update every
    given column except ``external_job_id`` and :data:`SERVICE_OWNED_COLUMNS`,
    plus ``updated_at``; ``closed_at`` is cleared (a closed job that comes back
    is reopened with the upstream display flag and status). Certifications and
    rates are replaced only for inserted and changed jobs. Does not commit.

    Raises ``ValueError`` for values that are not ``jobs`` columns or lack an
    integer ``external_job_id`` (a programming error, not bad data).
    """
    if synced_at.tzinfo is None:
        msg = "synced_at must be timezone-aware"
        raise ValueError(msg)
    page, columns = _prepare_page(mapped_jobs)
    counts = UpsertCounts()
    if page:
        how = _PageWrite(columns, synced_at, utcnow(), touch_unchanged)
        await _upsert_isolating(db, page, how, counts)
    return counts


async def _upsert_isolating(
    db: Executor, page: list[_PreparedJob], how: _PageWrite, counts: UpsertCounts
) -> None:
    try:
        async with db.begin_nested():
            part = await _store_page(db, page, how)
    except DBAPIError as exc:
        if not _is_bad_data(exc):
            raise
        if len(page) == 1:
            counts.rejected.append(RejectedJob(page[0].external_job_id, _error_text(exc)))
            return
        middle = len(page) // 2
        for half in (page[:middle], page[middle:]):
            await _upsert_isolating(db, half, how, counts)
        return
    counts.add(part)


def _event_of(row: Any) -> NewEvent:
    """The one event of a job the upsert returned: opened, reopened or changed."""
    after = {name: getattr(row, f"a_{name}") for name in TRACKED_FIELDS}
    if row.inserted:
        return job_event(OPENED, row.id, row.external_job_id, after)
    before = {name: getattr(row, f"b_{name}") for name in TRACKED_FIELDS}
    kind = REOPENED if row.reopened else CHANGED
    return job_event(kind, row.id, row.external_job_id, after, before)


async def _store_page(db: Executor, page: list[_PreparedJob], how: _PageWrite) -> UpsertCounts:
    params = array_params(how.columns, [job.values for job in page])
    result = await db.execute(
        _jobs_upsert_sql(how.columns), {"now": how.now, "synced_at": how.synced_at, **params}
    )
    counts = UpsertCounts()
    returned: set[int] = set()
    rewritten: dict[int, UUID] = {}  # inserted or changed: their children are (re)written
    updated_ids: list[UUID] = []  # changed: their old children go first
    events = []
    for row in result:
        returned.add(row.external_job_id)
        events.append(_event_of(row))
        if row.reopened:
            counts.reopened += 1
        if row.inserted:
            counts.inserted += 1
        elif row.same_content:
            counts.unchanged += 1  # reopened with the same content: children are still right
            continue
        else:
            counts.updated += 1
            updated_ids.append(row.id)
        rewritten[row.external_job_id] = row.id
    await publish_job_events(db, events)

    untouched = [job.external_job_id for job in page if job.external_job_id not in returned]
    counts.unchanged += len(untouched)
    if untouched and how.touch_unchanged:
        await db.execute(_BUMP_SYNCED_SQL, {"synced_at": how.synced_at, "ids": untouched})

    if rewritten:
        by_external = {job.external_job_id: job for job in page}
        for table_name, rows_of in _CHILDREN:
            rows = [(job_id, rows_of(by_external[ext])) for ext, job_id in rewritten.items()]
            await _write_children(db, table_name, updated_ids, rows, how.now)
    return counts
