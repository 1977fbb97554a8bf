"""Store side of the LaborEdge synchronisation: bulk job upserts, closing, runs, quarantine.

The worker (``workers/laboredge``) fetches and maps; everything it writes goes
through this module. All functions take an ``AsyncSession`` or an
``AsyncConnection`` (:data:`Executor`), use Core/SQL statements only and never
commit: the caller owns the transaction (one per page is the intended use).

Jobs
    :func:`upsert_jobs` writes a page of mapped jobs (up to ~1,000) in a fixed
    number of round trips, whatever the page size: one
    ``INSERT .. SELECT FROM unnest(<one array per column>) ON CONFLICT
    (external_job_id) DO UPDATE .. WHERE content_hash IS DISTINCT FROM ..``
    (so unchanged rows are not rewritten), one ``UPDATE`` bumping
    ``last_synced_at`` of the unchanged rows, and for the inserted/changed jobs
    one ``DELETE .. WHERE job_id = ANY(..)`` + one ``INSERT .. unnest`` per
    child table. Columns owned by this service (:data:`SERVICE_OWNED_COLUMNS`:
    counters and SEO fields) are never overwritten. A page that fails in the
    database (a value the mapper let through, a vanished master row) is split
    in halves inside savepoints until the offending jobs are isolated; they come
    back as :attr:`UpsertCounts.rejected` for the quarantine, the rest is stored.

    :func:`close_missing_jobs` closes (never deletes) upstream jobs a full sync
    did not see; a closed job that appears again is reopened by
    :func:`upsert_jobs`. Upstream jobs are those with
    ``external_job_id < UPSTREAM_JOB_ID_LIMIT``; demo seed jobs use ids from
    9,000,000 up and are left alone.

One sync at a time
    :func:`try_sync_lock` takes a session-level PostgreSQL advisory lock on a
    dedicated connection that must stay open for the whole run
    (:func:`sync_lock` does both). Because only the lock holder syncs, any run
    still ``running`` when the lock is obtained died with its process:
    :func:`fail_abandoned_runs` marks them, :func:`last_resumable_run` returns
    the one to resume from (its ``cursor``).

Runs, quarantine, master data, embeddings
    :func:`start_run`, :func:`checkpoint_run`, :func:`finish_run`,
    :func:`record_skipped_run`, :func:`latest_runs`; :func:`quarantine`,
    :func:`resolve_quarantine`, :func:`list_quarantine`; :func:`load_lookups`,
    :func:`upsert_master`; :func:`jobs_needing_embeddings` (from
    :mod:`data_layer.embeddings.service`).
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any, Final, Literal, NamedTuple, Protocol
from uuid import UUID

import msgspec
from sqlalchemy import (
    Column,
    Enum,
    Table,
    TextClause,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from data_layer.embeddings.service import PendingJobEmbedding, jobs_needing_embeddings
from data_layer.models import metadata
from data_layer.models.base import utcnow
from data_layer.models.operations import SyncRunKind, SyncRunStatus

__all__ = [
    "CLOSED_STATUS_CODE",
    "MASTER_LISTS",
    "SERVICE_OWNED_COLUMNS",
    "SYNC_LOCK_KEY",
    "UPSTREAM_JOB_ID_LIMIT",
    "Executor",
    "JobRow",
    "Lookups",
    "MappedJobLike",
    "MasterUpsertResult",
    "PendingJobEmbedding",
    "QuarantineRecord",
    "QuarantinedInfo",
    "RejectedJob",
    "SkippedMasterItem",
    "SyncCounts",
    "SyncRunInfo",
    "TooManyMissingJobs",
    "UpsertCounts",
    "checkpoint_run",
    "close_jobs",
    "close_missing_jobs",
    "fail_abandoned_runs",
    "finish_run",
    "get_run",
    "jobs_needing_embeddings",
    "last_resumable_run",
    "latest_runs",
    "list_quarantine",
    "load_lookups",
    "quarantine",
    "record_skipped_run",
    "release_sync_lock",
    "resolve_quarantine",
    "start_run",
    "sync_lock",
    "sync_lock_held",
    "try_sync_lock",
    "upsert_jobs",
    "upsert_master",
]

Executor = AsyncSession | AsyncConnection
"""Anything that can execute a statement: an ORM session or a Core connection."""

UPSTREAM_JOB_ID_LIMIT: Final = 1_000_000_000
"""``external_job_id`` below this is a LaborEdge job; from it up, demo seed jobs."""

SYNC_LOCK_KEY: Final = 0x4553_415F_4C45_5359
"""Key of the session-level advisory lock held by the running sync (``b"ESA_LESY"``)."""

CLOSED_STATUS_CODE: Final = "CLOSED"
"""``job_status_code`` given to a job that left the board."""

SERVICE_OWNED_COLUMNS: Final = frozenset(
    {"page_views", "application_count", "seo_title", "seo_description", "seo_keywords"}
)
"""Columns of ``jobs`` this service owns: written on INSERT if given, never by an update."""

_STORE_SET_COLUMNS: Final = frozenset(
    {"id", "created_at", "updated_at", "last_synced_at", "closed_at", "sa_orm_sentinel"}
)
"""Columns of ``jobs`` set by the store itself; a job's values must not carry them."""

_PG: Final = PGDialect()  # type: ignore[no-untyped-call]  # (SQLAlchemy leaves it untyped)


def _tables() -> Mapping[str, Table]:
    """Every table of the service by name (``import data_layer.models`` registered them)."""
    return metadata.tables


_JOBS_T: Final = _tables()["jobs"]
_RUNS_T: Final = _tables()["sync_runs"]
_QUARANTINE_T: Final = _tables()["sync_quarantine"]
_INT4_MAX: Final = 2**31 - 1


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


@dataclass(slots=True)
class SyncCounts:
    """The counters of a run (the integer columns of ``sync_runs``)."""

    pages: int = 0
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    reopened: int = 0
    quarantined: int = 0
    errors: int = 0

    def add_upsert(self, counts: UpsertCounts) -> None:
        """Add a page's :class:`UpsertCounts` (rejected jobs are not counted here:
        quarantining them adds to ``quarantined``)."""
        self.inserted += counts.inserted
        self.updated += counts.updated
        self.unchanged += counts.unchanged
        self.reopened += counts.reopened

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


_COUNTER_NAMES: Final = tuple(SyncCounts.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class SyncRunInfo:
    """One row of ``sync_runs``."""

    id: UUID
    kind: SyncRunKind
    status: SyncRunStatus
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    pages: int
    fetched: int
    inserted: int
    updated: int
    unchanged: int
    closed: int
    reopened: int
    quarantined: int
    errors: int
    error_message: str | None
    cursor: dict[str, Any] | None
    details: dict[str, Any] | None

    @property
    def duration_s(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def counts(self) -> SyncCounts:
        return SyncCounts(**{name: getattr(self, name) for name in _COUNTER_NAMES})


class QuarantineRecord(NamedTuple):
    """A record to quarantine: LaborEdge job id (if known), why, and the payload as received."""

    external_job_id: int | None
    reason: str
    raw: Any


@dataclass(frozen=True, slots=True)
class QuarantinedInfo:
    """One row of ``sync_quarantine``."""

    id: UUID
    run_id: UUID | None
    external_job_id: int | None
    reason: str
    raw_payload: Any
    resolved: bool
    created_at: datetime.datetime


class TooManyMissingJobs(RuntimeError):
    """:func:`close_missing_jobs` would close more jobs than allowed; nothing was closed."""

    def __init__(self, missing: int, allowed: int) -> None:
        super().__init__(f"{missing} jobs are missing from the board, at most {allowed} may close")
        self.missing = missing
        self.allowed = allowed


# ====================================================== SQL building helpers
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


def _select_expr(column: Column[Any], source: str) -> str:
    """``source`` (an unnested value) as the value of ``column``: enum cast, NOT NULL default."""
    _, cast = _array_type(column)
    expr = f"CAST({source} AS {cast})" if cast else source
    default = column.server_default
    if not column.nullable and default is not None:
        arg = getattr(default, "arg", None)
        if isinstance(arg, TextClause):
            expr = f"COALESCE({expr}, {arg.text})"
    return expr


def _unnest(table: Table, columns: Sequence[str], alias: str = "v") -> str:
    """``unnest(CAST(:c_<col> AS <type>[]), ...) AS v(<col>, ...)``."""
    arrays = ", ".join(f"CAST(:c_{name} AS {_array_type(table.c[name])[0]}[])" for name in columns)
    return f"unnest({arrays}) AS {alias}({', '.join(columns)})"


def _db_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _array_params(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {f"c_{name}": [_db_value(row.get(name)) for row in rows] for name in columns}


@cache
def _jobs_upsert_sql(columns: tuple[str, ...]) -> TextClause:
    table = _JOBS_T
    insert_columns = ["id", "created_at", "updated_at", "last_synced_at", *columns]
    select_list = [
        "gen_random_uuid()",
        "CAST(:now AS TIMESTAMPTZ)",
        "CAST(:now AS TIMESTAMPTZ)",
        "CAST(:synced_at AS TIMESTAMPTZ)",
        *(_select_expr(table.c[name], f"v.{name}") for name in columns),
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
WITH v AS (SELECT * FROM {_unnest(table, columns)}),
prev AS (
    SELECT j.external_job_id, j.content_hash, j.closed_at IS NOT NULL AS was_closed
    FROM jobs j JOIN v ON v.external_job_id = j.external_job_id
),
up AS (
    INSERT INTO jobs AS j ({", ".join(insert_columns)})
    SELECT {", ".join(select_list)} FROM v
    ON CONFLICT (external_job_id) DO UPDATE SET {", ".join(updates)}
    WHERE j.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR j.closed_at IS NOT NULL
    RETURNING j.id, j.external_job_id, j.content_hash, (j.xmax = 0) AS inserted
)
SELECT up.id, up.external_job_id, up.inserted,
       COALESCE(prev.was_closed, false) AS reopened,
       (prev.external_job_id IS NOT NULL
        AND prev.content_hash IS NOT DISTINCT FROM up.content_hash) AS same_content
FROM up LEFT JOIN prev ON prev.external_job_id = up.external_job_id
"""
    )


_BUMP_SYNCED_SQL = text(
    "UPDATE jobs SET last_synced_at = CAST(:synced_at AS TIMESTAMPTZ) "
    "WHERE external_job_id = ANY(CAST(:ids AS INTEGER[]))"
)


def _child_columns(table: Table) -> tuple[str, ...]:
    return tuple(
        c.name
        for c in table.columns
        if c.name not in {"id", "job_id", "created_at", "sa_orm_sentinel"}
    )


@cache
def _child_sqls(table_name: str) -> tuple[TextClause, TextClause, tuple[str, ...]]:
    table = {
        "job_required_certifications": _tables()["job_required_certifications"],
        "job_rates": _tables()["job_rates"],
    }[table_name]
    columns = _child_columns(table)
    delete_sql = text(f"DELETE FROM {table_name} WHERE job_id = ANY(CAST(:job_ids AS UUID[]))")
    all_columns = ("job_id", *columns)
    insert_sql = text(
        f"INSERT INTO {table_name} (id, created_at, {', '.join(all_columns)}) "
        f"SELECT gen_random_uuid(), CAST(:now AS TIMESTAMPTZ), "
        f"{', '.join(_select_expr(table.c[name], f'v.{name}') for name in all_columns)} "
        f"FROM {_unnest(table, all_columns)}"
    )
    return delete_sql, insert_sql, columns


# ========================================================================= jobs
def _values_of(job: MappedJobLike) -> dict[str, Any]:
    values = job.values
    if isinstance(values, Mapping):
        return dict(values)
    return values.as_dict()


def _job_columns() -> frozenset[str]:
    return frozenset(c.name for c in _JOBS_T.columns)


_JOB_COLUMNS: Final = _job_columns()


@dataclass(slots=True)
class _PreparedJob:
    external_job_id: int
    values: dict[str, Any]
    certifications: Sequence[Mapping[str, Any]]
    rates: Sequence[Mapping[str, Any]]


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
        await db.execute(insert_sql, {"now": now, **_array_params(("job_id", *columns), flat)})


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
    ``touch_unchanged`` is false (a sync that will not call
    :func:`close_missing_jobs` may save that write). On insert every given
    column is written; on update every given column except
    ``external_job_id`` and :data:`SERVICE_OWNED_COLUMNS`, plus
    ``updated_at``; ``closed_at`` is cleared (a closed job that comes back is
    reopened with the upstream display flag and status). Certifications and
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
        await _upsert_isolating(db, page, columns, synced_at, utcnow(), touch_unchanged, counts)
    return counts


async def _upsert_isolating(
    db: Executor,
    page: list[_PreparedJob],
    columns: tuple[str, ...],
    synced_at: datetime.datetime,
    now: datetime.datetime,
    touch_unchanged: bool,
    counts: UpsertCounts,
) -> None:
    try:
        async with db.begin_nested():
            part = await _store_page(db, page, columns, synced_at, now, touch_unchanged)
    except DBAPIError as exc:
        if not _is_bad_data(exc):
            raise
        if len(page) == 1:
            counts.rejected.append(RejectedJob(page[0].external_job_id, _error_text(exc)))
            return
        middle = len(page) // 2
        for half in (page[:middle], page[middle:]):
            await _upsert_isolating(db, half, columns, synced_at, now, touch_unchanged, counts)
        return
    counts.add(part)


async def _store_page(
    db: Executor,
    page: list[_PreparedJob],
    columns: tuple[str, ...],
    synced_at: datetime.datetime,
    now: datetime.datetime,
    touch_unchanged: bool,
) -> UpsertCounts:
    params = _array_params(columns, [job.values for job in page])
    result = await db.execute(
        _jobs_upsert_sql(columns), {"now": now, "synced_at": synced_at, **params}
    )
    counts = UpsertCounts()
    returned: set[int] = set()
    rewritten: dict[int, UUID] = {}  # inserted or changed: their children are (re)written
    updated_ids: list[UUID] = []  # changed: their old children go first
    for row in result:
        returned.add(row.external_job_id)
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

    untouched = [job.external_job_id for job in page if job.external_job_id not in returned]
    counts.unchanged += len(untouched)
    if untouched and touch_unchanged:
        await db.execute(_BUMP_SYNCED_SQL, {"synced_at": synced_at, "ids": untouched})

    if rewritten:
        by_external = {job.external_job_id: job for job in page}
        await _write_children(
            db,
            "job_required_certifications",
            updated_ids,
            [(job_id, by_external[ext].certifications) for ext, job_id in rewritten.items()],
            now,
        )
        await _write_children(
            db,
            "job_rates",
            updated_ids,
            [(job_id, by_external[ext].rates) for ext, job_id in rewritten.items()],
            now,
        )
    return counts


def _upstream(table: Table) -> Any:
    return (table.c.external_job_id.is_not(None)) & (
        table.c.external_job_id < UPSTREAM_JOB_ID_LIMIT
    )


async def _close(
    db: Executor, where: Any, now: datetime.datetime | None, max_close: int | None
) -> int:
    table = _JOBS_T
    condition = _upstream(table) & table.c.closed_at.is_(None) & where
    if max_close is not None:
        missing = int((await db.execute(select(func.count()).where(condition))).scalar_one())
        if missing > max_close:
            raise TooManyMissingJobs(missing, max_close)
    when = now or utcnow()
    statuses = _tables()["job_statuses"]
    closed_status = (
        select(statuses.c.id)
        .where(func.upper(statuses.c.code) == CLOSED_STATUS_CODE)
        .order_by(statuses.c.id)
        .limit(1)
        .scalar_subquery()
    )
    result = await db.execute(
        update(table)
        .where(condition)
        .values(
            display_on_external_job_board=False,
            closed_at=when,
            updated_at=when,
            job_status_code=CLOSED_STATUS_CODE,
            job_status_id=func.coalesce(closed_status, table.c.job_status_id),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def close_missing_jobs(
    db: Executor,
    seen_since: datetime.datetime,
    *,
    now: datetime.datetime | None = None,
    max_close: int | None = None,
) -> int:
    """Close the upstream jobs not seen since ``seen_since``; returns how many were closed.

    For every open (``closed_at IS NULL``) job with ``external_job_id <
    UPSTREAM_JOB_ID_LIMIT`` and ``last_synced_at < seen_since``:
    ``display_on_external_job_board = false``, ``closed_at = now``,
    ``job_status_code = 'CLOSED'`` and ``job_status_id`` = the job status with
    code ``CLOSED`` if there is one. Rows are never deleted (applications keep
    pointing at them). Jobs never synced (``last_synced_at IS NULL``) are left
    alone. Call it after a complete full sync with the time that sync started
    (the original start when it was resumed). ``max_close`` guards against an
    upstream outage that returns an empty board: more missing jobs than that
    raises :class:`TooManyMissingJobs` and closes nothing. Does not commit.
    """
    if seen_since.tzinfo is None:
        msg = "seen_since must be timezone-aware"
        raise ValueError(msg)
    table = _JOBS_T
    return await _close(db, table.c.last_synced_at < seen_since, now, max_close)


async def close_jobs(
    db: Executor, external_job_ids: Sequence[int], *, now: datetime.datetime | None = None
) -> int:
    """Close the named open upstream jobs (e.g. a refreshed job the board no longer has)."""
    if not external_job_ids:
        return 0
    table = _JOBS_T
    return await _close(db, table.c.external_job_id.in_(list(external_job_ids)), now, None)


# ============================================================ advisory lock
async def try_sync_lock(conn: AsyncConnection, key: int = SYNC_LOCK_KEY) -> bool:
    """Try to take the sync lock on ``conn`` without waiting; ``True`` if taken.

    A session-level advisory lock: it belongs to the database connection, not to
    a transaction, so ``conn`` must be a dedicated connection kept open (and
    not returned to a pool) for the whole run; the lock ends with
    :func:`release_sync_lock` or when the connection closes (a crashed worker
    never leaves it behind). The transaction is committed right away so the
    connection does not sit "idle in transaction" during the run.
    """
    got = await conn.scalar(text("SELECT pg_try_advisory_lock(CAST(:key AS BIGINT))"), {"key": key})
    await conn.commit()
    return bool(got)


async def release_sync_lock(conn: AsyncConnection, key: int = SYNC_LOCK_KEY) -> bool:
    """Release the sync lock held by ``conn``; ``False`` if it did not hold it."""
    released = await conn.scalar(
        text("SELECT pg_advisory_unlock(CAST(:key AS BIGINT))"), {"key": key}
    )
    await conn.commit()
    return bool(released)


@asynccontextmanager
async def sync_lock(engine: AsyncEngine, key: int = SYNC_LOCK_KEY) -> AsyncIterator[bool]:
    """``async with sync_lock(engine) as acquired:`` - the lock on its own connection.

    Yields whether the lock was taken; when it was, it is held until the block
    ends. Do the run's work on other connections/sessions.
    """
    async with engine.connect() as conn:
        acquired = await try_sync_lock(conn, key)
        try:
            yield acquired
        finally:
            if acquired:
                try:
                    await release_sync_lock(conn, key)
                except DBAPIError:
                    # The connection is gone, and the lock with it; never pool it.
                    await conn.invalidate()


async def sync_lock_held(db: Executor, key: int = SYNC_LOCK_KEY) -> bool:
    """Whether some session holds the sync lock (for status pages)."""
    result = await db.execute(
        text(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = CAST(:high AS oid) AND objid = CAST(:low AS oid) AND objsubid = 1)"
        ),
        {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF},
    )
    return bool(result.scalar_one())


# ===================================================================== runs
def _run_info(row: Any) -> SyncRunInfo:
    return SyncRunInfo(
        id=row.id,
        kind=SyncRunKind(row.kind),
        status=SyncRunStatus(row.status),
        started_at=row.started_at,
        finished_at=row.finished_at,
        pages=row.pages,
        fetched=row.fetched,
        inserted=row.inserted,
        updated=row.updated,
        unchanged=row.unchanged,
        closed=row.closed,
        reopened=row.reopened,
        quarantined=row.quarantined,
        errors=row.errors,
        error_message=row.error_message,
        cursor=row.cursor,
        details=row.details,
    )


def _counts_dict(counts: SyncCounts | Mapping[str, int] | None) -> dict[str, int]:
    if counts is None:
        return {}
    raw = counts.as_dict() if isinstance(counts, SyncCounts) else dict(counts)
    unknown = raw.keys() - set(_COUNTER_NAMES)
    if unknown:
        msg = f"not counters of sync_runs: {sorted(unknown)}"
        raise ValueError(msg)
    return {name: int(value) for name, value in raw.items()}


async def start_run(
    db: Executor,
    kind: SyncRunKind | str,
    *,
    cursor: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    started_at: datetime.datetime | None = None,
) -> UUID:
    """Record a run that starts now (status ``running``); returns its id.

    Commit right away so status pages see it while it runs.
    """
    table = _RUNS_T
    result = await db.execute(
        insert(table)
        .values(
            kind=SyncRunKind(kind),
            status=SyncRunStatus.RUNNING,
            started_at=started_at or utcnow(),
            cursor=dict(cursor) if cursor is not None else None,
            details=dict(details) if details is not None else None,
        )
        .returning(table.c.id)
    )
    return UUID(str(result.scalar_one()))


async def checkpoint_run(
    db: Executor,
    run_id: UUID,
    counts: SyncCounts | Mapping[str, int] | None = None,
    cursor: Mapping[str, Any] | None = None,
) -> None:
    """Save the progress of a running run: its counters so far and where to resume.

    Commit it in the same transaction as the page it describes: then a restart
    from ``cursor`` neither skips nor repeats a stored page.
    """
    values: dict[str, Any] = dict(_counts_dict(counts))
    if cursor is not None:
        values["cursor"] = dict(cursor)
    if values:
        table = _RUNS_T
        await db.execute(update(table).where(table.c.id == run_id).values(**values))


async def finish_run(
    db: Executor,
    run_id: UUID,
    counts: SyncCounts | Mapping[str, int] | None,
    status: SyncRunStatus | str,
    error: str | None = None,
    *,
    details: Mapping[str, Any] | None = None,
    finished_at: datetime.datetime | None = None,
) -> None:
    """Record the end of a run: final counters, status, error message, more details.

    ``details`` are merged into the stored ones (``jsonb ||``).
    """
    table = _RUNS_T
    values: dict[str, Any] = {
        **_counts_dict(counts),
        "status": SyncRunStatus(status),
        "finished_at": finished_at or utcnow(),
    }
    if error is not None:
        values["error_message"] = error.replace("\x00", "")
    if details:
        values["details"] = func.coalesce(table.c.details, literal({}, postgresql.JSONB)).op("||")(
            literal(dict(details), postgresql.JSONB)
        )
    await db.execute(update(table).where(table.c.id == run_id).values(**values))


async def record_skipped_run(
    db: Executor, kind: SyncRunKind | str, reason: str = "another sync is running"
) -> UUID:
    """Record a run that did not happen because the lock was taken (status ``skipped``)."""
    now = utcnow()
    run_id = await start_run(db, kind, started_at=now)
    await finish_run(db, run_id, None, SyncRunStatus.SKIPPED, reason, finished_at=now)
    return run_id


_RUN_COLUMNS = _RUNS_T.c


async def get_run(db: Executor, run_id: UUID) -> SyncRunInfo | None:
    row = (await db.execute(select(_RUNS_T).where(_RUN_COLUMNS.id == run_id))).first()
    return _run_info(row) if row is not None else None


async def latest_runs(
    db: Executor, n: int = 10, *, kind: SyncRunKind | str | None = None
) -> list[SyncRunInfo]:
    """The ``n`` most recent runs, newest first (optionally of one kind)."""
    stmt = select(_RUNS_T).order_by(_RUN_COLUMNS.started_at.desc(), _RUN_COLUMNS.id)
    if kind is not None:
        stmt = stmt.where(_RUN_COLUMNS.kind == SyncRunKind(kind))
    return [_run_info(row) for row in await db.execute(stmt.limit(n))]


async def fail_abandoned_runs(
    db: Executor, reason: str = "abandoned: the process running it ended"
) -> list[SyncRunInfo]:
    """Mark every ``running`` run failed. Call only while holding the sync lock.

    The lock holder is the only process that syncs, so a run still ``running``
    when the lock is obtained died with its process (crash, kill, lost
    connection). Returns those runs (with their cursors).
    """
    table = _RUNS_T
    result = await db.execute(
        update(table)
        .where(table.c.status == SyncRunStatus.RUNNING)
        .values(
            status=SyncRunStatus.FAILED,
            finished_at=utcnow(),
            error_message=func.coalesce(table.c.error_message, reason),
        )
        .returning(*table.c)
    )
    return [_run_info(row) for row in result]


async def last_resumable_run(db: Executor, kind: SyncRunKind | str) -> SyncRunInfo | None:
    """The latest run of ``kind`` if it failed with a cursor (so it can be resumed).

    Skipped runs are ignored; a later successful run means nothing to resume.
    """
    stmt = (
        select(_RUNS_T)
        .where(
            _RUN_COLUMNS.kind == SyncRunKind(kind),
            _RUN_COLUMNS.status != SyncRunStatus.SKIPPED,
        )
        .order_by(_RUN_COLUMNS.started_at.desc(), _RUN_COLUMNS.id)
        .limit(1)
    )
    row = (await db.execute(stmt)).first()
    if row is None or row.status != SyncRunStatus.FAILED.value or row.cursor is None:
        return None
    return _run_info(row)


# =============================================================== quarantine
def _json_safe(value: Any) -> Any:
    """``value`` with NUL characters removed from strings (jsonb cannot store ``\\u0000``)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, Mapping):
        return {_json_safe(k) if isinstance(k, str) else k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def _payload_json(raw: Any) -> str:
    try:
        return msgspec.json.encode(_json_safe(raw), enc_hook=repr).decode()
    except (TypeError, ValueError, msgspec.EncodeError, UnicodeError, RecursionError):
        return msgspec.json.encode({"unencodable": repr(raw).replace("\x00", "")}).decode()


def _external_id(value: Any) -> int | None:
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and -_INT4_MAX - 1 <= value <= _INT4_MAX
    ):
        return value
    return None


_QUARANTINE_SQL = text(
    """
INSERT INTO sync_quarantine (id, run_id, external_job_id, reason, raw_payload, resolved, created_at)
SELECT gen_random_uuid(), CAST(:run_id AS UUID), v.external_job_id, v.reason,
       CAST(v.raw_payload AS JSONB), false, CAST(:now AS TIMESTAMPTZ)
FROM unnest(CAST(:ids AS INTEGER[]), CAST(:reasons AS TEXT[]), CAST(:payloads AS TEXT[]))
     AS v(external_job_id, reason, raw_payload)
"""
)


async def quarantine(
    db: Executor,
    run_id: UUID | None,
    records: Iterable[QuarantineRecord | tuple[int | None, str, Any]],
) -> int:
    """Store records that could not be synced (one bulk INSERT); returns how many.

    ``raw`` is kept as JSON (values JSON cannot hold are stored as their
    ``repr``; NUL characters are dropped). Does not commit.
    """
    ids: list[int | None] = []
    reasons: list[str] = []
    payloads: list[str] = []
    for external_job_id, reason, raw in records:
        ids.append(_external_id(external_job_id))
        reasons.append(str(reason).replace("\x00", "") or "unknown")
        payloads.append(_payload_json(raw))
    if not ids:
        return 0
    await db.execute(
        _QUARANTINE_SQL,
        {"run_id": run_id, "now": utcnow(), "ids": ids, "reasons": reasons, "payloads": payloads},
    )
    return len(ids)


async def resolve_quarantine(db: Executor, external_job_ids: Sequence[int]) -> int:
    """Mark the unresolved quarantine rows of these jobs resolved (e.g. they synced since)."""
    if not external_job_ids:
        return 0
    table = _QUARANTINE_T
    result = await db.execute(
        update(table)
        .where(table.c.external_job_id.in_(list(external_job_ids)), table.c.resolved.is_(False))
        .values(resolved=True)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def list_quarantine(
    db: Executor, *, limit: int = 100, run_id: UUID | None = None, unresolved_only: bool = True
) -> list[QuarantinedInfo]:
    """Quarantined records, newest first."""
    table = _QUARANTINE_T
    stmt = select(table).order_by(table.c.created_at.desc(), table.c.id).limit(limit)
    if unresolved_only:
        stmt = stmt.where(table.c.resolved.is_(False))
    if run_id is not None:
        stmt = stmt.where(table.c.run_id == run_id)
    return [
        QuarantinedInfo(
            id=row.id,
            run_id=row.run_id,
            external_job_id=row.external_job_id,
            reason=row.reason,
            raw_payload=row.raw_payload,
            resolved=row.resolved,
            created_at=row.created_at,
        )
        for row in await db.execute(stmt)
    ]


# ============================================================== master data
@dataclass(frozen=True, slots=True)
class Lookups:
    """LaborEdge ids (and codes/names) -> our master-row ids.

    Same fields as ``workers.laboredge.mapping.Lookups``.
    """

    professions: Mapping[int, int] = field(default_factory=dict)
    specialties: Mapping[int, int] = field(default_factory=dict)
    states: Mapping[int, int] = field(default_factory=dict)
    """State external id -> id."""
    states_by_code: Mapping[str, int] = field(default_factory=dict)
    """Upper-case state code (``TX``) -> id."""
    states_by_name: Mapping[str, int] = field(default_factory=dict)
    """Lower-case state name (``texas``) -> id."""
    job_statuses: Mapping[int, int] = field(default_factory=dict)
    job_statuses_by_code: Mapping[str, int] = field(default_factory=dict)
    """Upper-case job status code (``OPEN``) -> id."""


async def load_lookups(db: Executor) -> Lookups:
    """Every master row with a LaborEdge id (active or not), indexed for the mapper."""
    professions = _tables()["professions"]
    specialties = _tables()["specialties"]
    states = _tables()["states"]
    statuses = _tables()["job_statuses"]

    async def by_external(table: Table) -> dict[int, int]:
        rows = await db.execute(
            select(table.c.external_id, table.c.id).where(table.c.external_id.is_not(None))
        )
        return {int(ext): int(id_) for ext, id_ in rows}

    state_rows = (
        await db.execute(select(states.c.id, states.c.external_id, states.c.code, states.c.name))
    ).all()
    status_rows = (
        await db.execute(select(statuses.c.id, statuses.c.external_id, statuses.c.code))
    ).all()
    return Lookups(
        professions=await by_external(professions),
        specialties=await by_external(specialties),
        states={int(r.external_id): int(r.id) for r in state_rows if r.external_id is not None},
        states_by_code={r.code.upper(): int(r.id) for r in state_rows if r.code},
        states_by_name={r.name.lower(): int(r.id) for r in state_rows if r.name},
        job_statuses={
            int(r.external_id): int(r.id) for r in status_rows if r.external_id is not None
        },
        job_statuses_by_code={r.code.upper(): int(r.id) for r in status_rows if r.code},
    )


@dataclass(frozen=True, slots=True)
class _MasterSpec:
    table: str
    code: Literal["none", "required", "optional"] = "none"
    """``required``: NOT NULL UNIQUE code (states, countries); ``optional``: job statuses."""
    parent: tuple[str, str, str] | None = None
    """(our FK column, LaborEdge field with the parent's id, parent table)."""


MASTER_LISTS: Final[dict[str, _MasterSpec]] = {
    "professions": _MasterSpec("professions"),
    "specialties": _MasterSpec(
        "specialties", parent=("profession_id", "professionId", "professions")
    ),
    "states": _MasterSpec(
        "states", code="required", parent=("country_id", "countryId", "countries")
    ),
    "countries": _MasterSpec("countries", code="required"),
    "referralsources": _MasterSpec("referral_sources"),
    "candidatetypes": _MasterSpec("candidate_types"),
    "candidatestatuses": _MasterSpec("candidate_statuses"),
    "jobstatuses": _MasterSpec("job_statuses", code="optional"),
}
"""LaborEdge master list name -> our table (:func:`upsert_master`)."""

_CODE_FIELDS: Final = ("code", "stateCode", "abbreviation", "shortName")


@dataclass(frozen=True, slots=True)
class SkippedMasterItem:
    item: Any
    reason: str


@dataclass(frozen=True, slots=True)
class MasterUpsertResult:
    name: str
    received: int
    upserted: int
    skipped: tuple[SkippedMasterItem, ...] = ()


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= _INT4_MAX else None
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,10}", value.strip()):
        return _int_or_none(int(value.strip()))
    return None


def _str_field(item: Mapping[str, Any], names: Sequence[str], limit: int) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, str) and value.replace("\x00", "").strip():
            cleaned = value.replace("\x00", "").strip()
            return cleaned if len(cleaned) <= limit else None
    return None


async def upsert_master(db: Executor, name: str, items: Iterable[Any]) -> MasterUpsertResult:
    """Insert or update a LaborEdge master list by ``external_id`` (``ON CONFLICT``).

    ``name`` is a key of :data:`MASTER_LISTS` (``professions``, ``specialties``,
    ``states``, ``countries``, ``referralsources``, ``candidatetypes``,
    ``candidatestatuses``, ``jobstatuses``). Items are LaborEdge shapes: ``id``,
    ``name``, optional ``active``, ``code`` (states, countries, job statuses),
    ``professionId`` (specialties), ``countryId`` (states). Updates set name,
    code and the parent link (kept when the parent is unknown); ``active`` only
    when the list carries it (countries do not). Our ``description`` is never
    touched. A state/country row with the same code and no external id is
    adopted; items without a usable id/name/code, or whose code belongs to
    another external id, are skipped and reported. Does not commit.
    """
    spec = MASTER_LISTS.get(name)
    if spec is None:
        msg = f"unknown master list {name!r}; known: {sorted(MASTER_LISTS)}"
        raise ValueError(msg)
    table = _tables()[spec.table]
    name_limit = int(getattr(table.c.name.type, "length", None) or 255)
    has_code = spec.code != "none"
    code_limit = int(getattr(table.c.code.type, "length", None) or 64) if has_code else 0
    received = 0
    skipped: list[SkippedMasterItem] = []
    rows: dict[int, dict[str, Any]] = {}
    carries_active = False
    for item in items:
        received += 1
        if not isinstance(item, Mapping):
            skipped.append(SkippedMasterItem(item, "not an object"))
            continue
        external_id = _int_or_none(item.get("id"))
        label = _str_field(item, ("name", "label"), name_limit)
        if external_id is None:
            skipped.append(SkippedMasterItem(item, "missing or invalid id"))
            continue
        if label is None:
            skipped.append(SkippedMasterItem(item, "missing, empty or too long name"))
            continue
        row: dict[str, Any] = {"external_id": external_id, "name": label}
        if "active" in item:
            carries_active = True
        active = item.get("active")
        row["active"] = active if isinstance(active, bool) else None
        if has_code:
            code = _str_field(item, _CODE_FIELDS, code_limit)
            if code is None and spec.code == "required":
                skipped.append(SkippedMasterItem(item, "missing, empty or too long code"))
                continue
            row["code"] = code.upper() if code is not None else None
        if spec.parent is not None:
            row["parent_external_id"] = _int_or_none(item.get(spec.parent[1]))
        rows[external_id] = row
    if not rows:
        return MasterUpsertResult(name, received, 0, tuple(skipped))

    if spec.code == "required":
        rows = await _reconcile_codes(db, table, rows, skipped)
        if not rows:
            return MasterUpsertResult(name, received, 0, tuple(skipped))

    values = list(rows.values())
    columns: list[str] = ["external_id", "name", "active"]
    params: dict[str, Any] = {
        "c_external_id": [r["external_id"] for r in values],
        "c_name": [r["name"] for r in values],
        "c_active": [r["active"] for r in values],
    }
    select_list = ["v.external_id", "v.name", "COALESCE(v.active, true)"]
    updates = ["name = EXCLUDED.name"]
    if carries_active:
        updates.append("active = EXCLUDED.active")
    arrays = [
        "CAST(:c_external_id AS INTEGER[])",
        "CAST(:c_name AS TEXT[])",
        "CAST(:c_active AS BOOLEAN[])",
    ]
    joins = ""
    if has_code:
        columns.append("code")
        params["c_code"] = [r["code"] for r in values]
        arrays.append("CAST(:c_code AS TEXT[])")
        select_list.append("v.code")
        updates.append("code = COALESCE(EXCLUDED.code, t.code)")
    if spec.parent is not None:
        fk, _, parent = spec.parent
        columns.append(fk)
        params["c_parent"] = [r["parent_external_id"] for r in values]
        arrays.append("CAST(:c_parent AS INTEGER[])")
        select_list.append("parent.id")
        joins = f" LEFT JOIN {parent} parent ON parent.external_id = v.parent"
        updates.append(f"{fk} = COALESCE(EXCLUDED.{fk}, t.{fk})")
    unnest_columns = ["external_id", "name", "active"]
    if has_code:
        unnest_columns.append("code")
    if spec.parent is not None:
        unnest_columns.append("parent")
    sql = (
        f"INSERT INTO {table.name} AS t ({', '.join(columns)}) "
        f"SELECT {', '.join(select_list)} "
        f"FROM unnest({', '.join(arrays)}) AS v({', '.join(unnest_columns)}){joins} "
        f"ON CONFLICT (external_id) DO UPDATE SET {', '.join(updates)}"
    )
    await db.execute(text(sql), params)
    return MasterUpsertResult(name, received, len(values), tuple(skipped))


async def _reconcile_codes(
    db: Executor, table: Table, rows: dict[int, dict[str, Any]], skipped: list[SkippedMasterItem]
) -> dict[int, dict[str, Any]]:
    """Adopt same-code rows without an external id; drop items whose code is taken."""
    codes = [r["code"] for r in rows.values()]
    existing = (
        await db.execute(
            select(table.c.id, table.c.code, table.c.external_id).where(
                func.upper(table.c.code).in_(codes)
            )
        )
    ).all()
    kept: dict[int, dict[str, Any]] = {}
    by_code = {str(r.code).upper(): r for r in existing}
    seen_codes: set[str] = set()
    for external_id, row in rows.items():
        code = row["code"]
        if code in seen_codes:
            skipped.append(SkippedMasterItem(row, f"duplicate code {code!r} in the list"))
            continue
        seen_codes.add(code)
        current = by_code.get(code)
        if current is not None and current.external_id is None:
            await db.execute(
                update(table).where(table.c.id == current.id).values(external_id=external_id)
            )
        elif current is not None and current.external_id != external_id:
            skipped.append(
                SkippedMasterItem(
                    row, f"code {code!r} belongs to external id {current.external_id}"
                )
            )
            continue
        kept[external_id] = row
    return kept
