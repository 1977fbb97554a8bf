"""Matching both ways: candidates for a job (recruiters) and open jobs for a candidate.

Hard filters first, vector ranking inside them:

* profession - the job's profession is one of the candidate's (``candidate_professions``);
* license - a license of the candidate valid today (status not ``expired``, no past
  ``expiration_date``; a license without a profession counts for any) in the job's
  state, or in any Nurse Licensure Compact state when the job's state is one too and
  the profession is one the compact covers (RN, LPN/LVN). ``candidate_licenses`` has no
  multistate flag, so a compact-state RN/LPN license is taken as multistate, as it is
  for nurses who reside in their license's state (the common case);
* certifications - every ``job_required_certifications`` row held, unexpired, by the
  candidate. No candidate table holds certifications: they come from the resume
  (``resume_embeddings.certifications`` on the summary row).

Rank: the best (smallest cosine distance) of the candidate's vectors (a summary and one
per job held) against the job's vector. pgvector filters *after* the HNSW index, so a
selective filter with the default ``ef_search`` would silently return too few rows.
Which way a search goes is decided from an estimate of the pool: the planner's for the
valid licenses in the job's states joined to the candidates the viewer and the optional
filters keep (columns whose statistics it reads well), times the share of resumes
holding the job's certifications, sampled in the first statement (for jobs: the open
jobs of the candidate's professions in their license states, times the sampled share of
jobs whose certifications they hold):

* a small pool is ranked by an exact scan: the pool passes every filter first, then each
  of its vectors is measured once (jobs: every eligible job measured once against all
  the candidate's vectors, bound as constants);
* a wide one by an iterative HNSW scan (``hnsw.iterative_scan = relaxed_order``, results
  re-sorted here) with the filters checked per index row, and if that still finds fewer
  than ``limit``, by the exact scan. So a search never returns fewer rows than exist.

Round trips: one statement sets the transaction's settings and reads everything known
of the job (or the candidate), then the estimate, the search and one statement for the
explanations. Measured at 100,000 resumes and 100,000 jobs (``bench/resume_matching.py``,
figures in the constants below).

Who may see: admins every candidate; recruiters the candidates assigned to them
(``candidates.recruiter_id``, the one recruiter-candidate link of the schema: there is
no agency table, the whole deployment is one agency); anyone else gets
:class:`PermissionError`.
"""

from __future__ import annotations

import datetime
import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from uuid import UUID

from sqlalchemy import text

from data_layer.embeddings.vectors import Executor

__all__ = [
    "COMPACT_PROFESSIONS",
    "COMPACT_STATES",
    "EXACT_SCAN_MAX_CANDIDATES",
    "EXACT_SCAN_MAX_JOBS",
    "CandidateFilters",
    "CandidateMatch",
    "JobMatch",
    "Viewer",
    "find_candidates_for_job",
    "jobs_for_candidate",
]

log = logging.getLogger(__name__)

# Nurse Licensure Compact members that issue and honour multistate licenses
# (NCSBN map, 2025). The master states list has no compact flag, hence this constant.
# Enacted but not yet implemented (CT, MA, RI) are left out: their multistate
# licenses are not valid yet. Review when NCSBN announces an implementation.
COMPACT_STATES: Final[frozenset[str]] = frozenset(
    {
        "AL", "AZ", "AR", "CO", "DE", "FL", "GA", "ID", "IN", "IA", "KS", "KY", "LA", "ME",
        "MD", "MS", "MO", "MT", "NE", "NH", "NJ", "NM", "NC", "ND", "OH", "OK", "PA", "SC",
        "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "GU", "VI",
    }
)  # fmt: skip

COMPACT_PROFESSIONS: Final[frozenset[str]] = frozenset(
    {"Registered Nurse", "Licensed Practical Nurse"}
)
"""Professions (master names) the compact covers: RN and LPN/VN licenses only."""

EXACT_SCAN_MAX_CANDIDATES: Final = 500
"""Pools of at most this many candidates (estimated) are always ranked exactly."""

_INDEX_VS_EXACT: Final = 15.0
"""Above EXACT_SCAN_MAX_CANDIDATES, rank exactly while the pool is under
``sqrt(_INDEX_VS_EXACT * candidates)``: about 1,200 at 100,000.

The index walk visits about ``rows wanted * candidates / pool`` index rows to find
enough that pass the filters, so its cost falls as the pool grows; the exact scan
reads every license holder in the job's states and every vector of the pool (rows
of 1.6 kB mostly outside shared buffers). Measured at 100,000 resumes on two busy
cores (best of four): pools of 430-650 took 28-112 ms exact and 235-440 ms by the
index; pools of 1,130-2,900 took 33-130 ms exact and 23-70 ms by the index."""

EXACT_SCAN_MAX_JOBS: Final = 1000
"""Open jobs of the candidate's professions and license states (estimated) at most
this many, or under ``sqrt(_JOBS_INDEX_VS_EXACT * jobs)``: rank them all exactly.

The exact scan reads every eligible job's vector row (about 30 us each on two busy
cores); the index walk about ``20 * jobs / eligible`` rows per resume vector (3-4) at
about 20 us each: they cost the same near ``sqrt(53 * jobs)``, 2,300 at 100,000 jobs. At
3,000 on the planner's estimate with the certifications (which it put at 1,679 for 5,650
jobs), such a search took 356 ms exact instead of about 30 ms by the index."""

_JOBS_INDEX_VS_EXACT: Final = 53.0

_JOB_CERTIFICATION_SAMPLE: Final = 300
"""Jobs read to estimate the share whose required certifications a candidate holds."""

HNSW_MAX_SCAN_TUPLES: Final = 10_000
"""Index rows an iterative scan may visit before giving up (then: exact scan).

About 200 ms of walking; a pool wide enough for the index needs a few thousand."""

_CERTIFICATION_SAMPLE: Final = 1000
"""Summaries read to estimate the share holding a job's required certifications."""

_ROWS_PER_CANDIDATE: Final = 4
"""Index rows fetched per wanted candidate (each candidate has several vectors)."""

_SUMMARY: Final = "summary"


# ------------------------------------------------------------------- types
@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is searching: from the login, never from a request body."""

    user_id: UUID | None
    roles: frozenset[str] = frozenset()
    recruiter_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class CandidateFilters:
    """Optional narrowing of :func:`find_candidates_for_job` (all must hold)."""

    specialty_id: int | None = None
    """The candidate's primary specialty or one of ``candidate_specialties``."""
    min_years: float | None = None
    """``candidates.years_of_experience`` at least this (unknown years do not pass)."""
    available_by: datetime.date | None = None
    """``available_from`` on or before this date (no date given counts as available)."""
    state_codes: tuple[str, ...] = ()
    """The candidate lives in or prefers one of these states (USPS codes)."""


@dataclass(frozen=True, slots=True)
class LicenseReason:
    state: str
    compact: bool
    """True when the license counts through the Nurse Licensure Compact."""
    expires: datetime.date | None


@dataclass(frozen=True, slots=True)
class CandidateMatch:
    """A candidate for a job, and why."""

    candidate_id: UUID
    resume_id: UUID | None
    similarity: float
    """``1 - cosine distance`` of the best of the candidate's vectors."""
    part: str
    """Which vector matched best: ``summary`` or ``experience:N``."""
    license: LicenseReason | None
    certifications: tuple[str, ...] = ()
    """The job's required certifications the candidate holds (all of them)."""
    specialty: str | None = None
    """The job's specialty when the candidate has it."""


@dataclass(frozen=True, slots=True)
class JobMatch:
    """An open job for a candidate, and why."""

    job_id: UUID
    similarity: float
    part: str
    license: LicenseReason | None
    certifications: tuple[str, ...] = ()
    specialty: str | None = None


@dataclass(slots=True)
class _JobFacts:
    job_id: UUID
    model_name: str
    profession_id: int | None
    profession: str | None
    specialty_id: int | None
    specialty: str | None
    state_id: int | None
    state_code: str | None
    vector: str
    """The job's vector in pgvector's text form, bound back with ``CAST(:q AS vector)``."""
    certifications: list[str] = field(default_factory=list)
    compact_ids: list[int] = field(default_factory=list)
    candidates: float = 1.0
    """Rows of ``candidates`` as the planner's statistics know them."""
    certified_share: float = 1.0
    """Share of resumes holding every required certification, from a sample."""


# ------------------------------------------------------------------ helpers
def _scope(viewer: Viewer) -> tuple[str, dict[str, Any]]:
    """The SQL condition on ``c`` (candidates) of what ``viewer`` may see."""
    if "admin" in viewer.roles:
        return "", {}
    if "recruiter" in viewer.roles:
        if viewer.recruiter_id is None:  # a recruiter login without a recruiters row
            return " AND false", {}
        return " AND c.recruiter_id = :viewer_recruiter_id", {
            "viewer_recruiter_id": viewer.recruiter_id
        }
    raise PermissionError("Only recruiters and admins may search candidates.")


# Per transaction (set_config(..., true)), selected with the first statement of a search.
# force_custom_plan: asyncpg prepares each statement and after five runs PostgreSQL may
# keep a generic plan that knows neither the query vector nor the license states; one
# such plan walked the whole join for 1.2 s instead of the index for 60 ms. jit off and
# no parallel workers: these statements run in milliseconds, less than compiling or
# starting workers takes (a parallel plan of 210 ms ran in 70 ms without workers on two
# busy cores). hnsw.*: keep walking the graph until enough rows pass the filters, within
# max_scan_tuples; relaxed_order returns rows nearly in distance order and the callers
# re-sort what they keep (strict order makes pgvector hold back rows, for nothing here).
_SETTINGS = (
    "set_config('plan_cache_mode', 'force_custom_plan', true) AS set_plans, "
    "set_config('jit', 'off', true) AS set_jit, "
    "set_config('max_parallel_workers_per_gather', '0', true) AS set_workers, "
    "set_config('hnsw.iterative_scan', 'relaxed_order', true) AS set_iterative, "
    "set_config('hnsw.ef_search', :ef_search, true) AS set_ef, "
    "set_config('hnsw.max_scan_tuples', :max_scan_tuples, true) AS set_max_tuples"
)


def _settings_params(ef_search: int) -> dict[str, str]:
    return {
        "ef_search": str(min(max(40, ef_search), 1000)),
        "max_scan_tuples": str(HNSW_MAX_SCAN_TUPLES),
    }


async def _set_ef_search(db: Executor, ef_search: int) -> None:
    await db.execute(
        text("SELECT set_config('hnsw.ef_search', :ef_search, true)"),
        {"ef_search": _settings_params(ef_search)["ef_search"]},
    )


async def _estimate_rows(db: Executor, sql: str, params: Mapping[str, Any]) -> float:
    """The planner's row estimate for ``sql`` (no execution)."""
    result = await db.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"), dict(params))
    plan = result.scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


_VALID_LICENSE = (
    "l.status <> 'expired' AND (l.expiration_date IS NULL OR l.expiration_date >= :today)"
)


def _filters_sql(filters: CandidateFilters | None) -> tuple[str, dict[str, Any]]:
    if filters is None:
        return "", {}
    sql: list[str] = []
    params: dict[str, Any] = {}
    if filters.specialty_id is not None:
        sql.append(
            "(c.primary_specialty_id = :f_specialty OR EXISTS (SELECT 1 FROM "
            "candidate_specialties cs WHERE cs.candidate_id = c.id "
            "AND cs.specialty_id = :f_specialty))"
        )
        params["f_specialty"] = filters.specialty_id
    if filters.min_years is not None:
        sql.append("c.years_of_experience >= :f_min_years")
        params["f_min_years"] = filters.min_years
    if filters.available_by is not None:
        sql.append("(c.available_from IS NULL OR c.available_from <= :f_available_by)")
        params["f_available_by"] = filters.available_by
    if filters.state_codes:
        sql.append(
            "(c.state_id IN (SELECT id FROM states WHERE code = ANY(:f_states)) OR EXISTS ("
            "SELECT 1 FROM candidate_preferred_states ps JOIN states s ON s.id = ps.state_id "
            "WHERE ps.candidate_id = c.id AND s.code = ANY(:f_states)))"
        )
        params["f_states"] = [code.upper() for code in filters.state_codes]
    return "".join(f" AND {part}" for part in sql), params


# ---------------------------------------------------------- candidates for a job
# One round trip: the settings, the job, the compact states' ids, the size of the
# candidate table (planner statistics) and, for jobs requiring certifications, the
# share of resumes holding them all unexpired, measured on the first
# _CERTIFICATION_SAMPLE summaries in candidate id order (random ids: a random sample;
# the planner has no statistics inside the JSONB to estimate it).
_JOB_FACTS_SQL = text(
    f"""
SELECT {_SETTINGS},
       j.id, e.model_name, j.profession_id, p.name AS profession, j.specialty_id,
       sp.name AS specialty, j.client_state_id, st.code AS state_code,
       CAST(e.embedding AS text) AS vector, jc.certifications,
       ARRAY(SELECT id FROM states WHERE code = ANY(:compact_codes)) AS compact_ids,
       (SELECT reltuples FROM pg_class WHERE oid = 'candidates'::regclass) AS candidates,
       CASE WHEN cardinality(jc.certifications) = 0 THEN 1.0 ELSE (
           SELECT avg(CASE WHEN NOT EXISTS (
                      SELECT 1 FROM unnest(jc.certifications) AS n(name)
                      WHERE NOT (jsonb_exists(x.certifications, n.name) AND COALESCE(
                          CAST(x.certifications ->> n.name AS date) >= :today, true))
                  ) THEN 1.0 ELSE 0.0 END)
           FROM (SELECT s.certifications FROM resume_embeddings s
                 WHERE s.part = 'summary' AND s.model_name = e.model_name
                 ORDER BY s.candidate_id LIMIT {_CERTIFICATION_SAMPLE}) x
       ) END AS certified_share
FROM jobs j
JOIN job_embeddings e ON e.job_id = j.id
CROSS JOIN LATERAL (
    SELECT ARRAY(SELECT DISTINCT upper(btrim(c.certification))
                 FROM job_required_certifications c WHERE c.job_id = j.id) AS certifications
) jc
LEFT JOIN professions p ON p.id = j.profession_id
LEFT JOIN specialties sp ON sp.id = j.specialty_id
LEFT JOIN states st ON st.id = j.client_state_id
WHERE j.id = :job_id
"""
)


async def _job_facts(
    db: Executor, job_id: UUID, today: datetime.date, ef_search: int
) -> _JobFacts | None:
    row = (
        await db.execute(
            _JOB_FACTS_SQL,
            {
                "job_id": job_id,
                "today": today,
                "compact_codes": sorted(COMPACT_STATES),
                **_settings_params(ef_search),
            },
        )
    ).one_or_none()
    if row is None:
        return None
    return _JobFacts(
        job_id=row.id,
        model_name=row.model_name,
        profession_id=row.profession_id,
        profession=row.profession,
        specialty_id=row.specialty_id,
        specialty=row.specialty,
        state_id=row.client_state_id,
        state_code=row.state_code,
        vector=row.vector,
        certifications=list(row.certifications or []),
        compact_ids=sorted(row.compact_ids or []),
        candidates=max(float(row.candidates or 0), 1.0),
        certified_share=float(row.certified_share if row.certified_share is not None else 1.0),
    )


def _eligible_candidates_sql(
    job: _JobFacts,
    today: datetime.date,
    *,
    with_certifications: bool = True,
) -> tuple[str, dict[str, Any]]:
    """Conditions on ``c`` (candidates) for the job's hard filters.

    ``with_certifications=False`` leaves out the required certifications, for the pool
    estimate that takes their share from a sample.
    """
    sql = ""
    params: dict[str, Any] = {"today": today, "model_name": job.model_name}
    if job.profession_id is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM candidate_professions cp WHERE cp.candidate_id = c.id"
            " AND cp.profession_id = :profession_id)"
        )
        params["profession_id"] = job.profession_id
    if job.state_id is not None:
        compact = job.state_code in COMPACT_STATES and job.profession in COMPACT_PROFESSIONS
        states = sorted({job.state_id, *job.compact_ids}) if compact else [job.state_id]
        sql += (
            " AND EXISTS (SELECT 1 FROM candidate_licenses l WHERE l.candidate_id = c.id"
            f" AND {_VALID_LICENSE} AND l.state_id = ANY(:license_states)"
            + (
                " AND (l.profession_id IS NULL OR l.profession_id = :profession_id)"
                if job.profession_id is not None
                else ""
            )
            + ")"
        )
        params["license_states"] = states
    if job.certifications and with_certifications:
        held, held_params = _certifications_held_sql("s", job.certifications)
        sql += (
            " AND EXISTS (SELECT 1 FROM resume_embeddings s WHERE s.candidate_id = c.id"
            f" AND s.model_name = :model_name AND s.part = 'summary' AND {held})"
        )
        params |= held_params
    return sql, params


def _certifications_held_sql(alias: str, names: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """``alias`` (a summary row) holds every one of ``names``, none expired on ``:today``.

    One inline condition per name rather than a subquery over ``unnest``: PostgreSQL
    then checks it on the row in hand instead of running a subplan per candidate.
    """
    params: dict[str, Any] = {"job_certs": list(names)}
    sql = [f"jsonb_exists_all({alias}.certifications, CAST(:job_certs AS text[]))"]
    for i, name in enumerate(names):
        params[f"job_cert_{i}"] = name
        sql.append(
            f"COALESCE(CAST({alias}.certifications ->> :job_cert_{i} AS date) >= :today, true)"
        )
    return " AND ".join(sql), params


_QUERY_VECTOR = "CAST(:query_vector AS vector)"


async def find_candidates_for_job(
    db: Executor,
    job_id: UUID,
    *,
    viewer: Viewer,
    limit: int = 20,
    filters: CandidateFilters | None = None,
    today: datetime.date | None = None,
    exact: bool | None = None,
) -> list[CandidateMatch]:
    """The ``limit`` candidates the viewer may see who qualify for the job, best first.

    Raises :class:`PermissionError` for viewers who are neither recruiters nor admins,
    :class:`LookupError` when the job does not exist or has no embedding yet.
    ``exact`` forces (True) or forbids (False) the exact scan; ``None`` decides from
    the estimated size of the filtered set.
    """
    if limit < 1:
        return []
    scope, scope_params = _scope(viewer)
    today = today or datetime.date.today()
    job = await _job_facts(db, job_id, today, limit * _ROWS_PER_CANDIDATE)
    if job is None:
        raise LookupError("No such job, or it has no embedding yet.")
    extra, extra_params = _filters_sql(filters)
    hard, params = _eligible_candidates_sql(job, today)
    where = f"true{scope}{hard}{extra}"
    params |= scope_params | extra_params | {"query_vector": job.vector}

    rows: list[Any] | None = None
    if exact is None:
        estimate = await _pool_estimate(db, job, f"{scope}{extra}", params, today)
        exact = estimate <= max(
            EXACT_SCAN_MAX_CANDIDATES, math.sqrt(_INDEX_VS_EXACT * job.candidates)
        )
    if not exact:
        rows = await _candidates_by_index(db, where, params, limit)
        if rows is None:
            log.info("candidate search: index scan short, exact scan", extra={"job_id": job_id})
    if rows is None:
        rows = await _candidates_exact(db, where, params, limit)
    return await _explain_candidates(db, job, rows, today)


async def _pool_estimate(
    db: Executor, job: _JobFacts, narrowing: str, params: Mapping[str, Any], today: datetime.date
) -> float:
    """How many candidates the exact scan would rank, as far as statistics tell.

    Valid licenses in the job's states joined to the candidates the viewer and the
    optional filters keep: columns with statistics the planner reads well (its estimate
    of several semi-joins on ``candidates`` came out 10-40 times too low at 100,000
    resumes, 157 for a pool of 5,815), times the sampled share holding the job's
    certifications (a pool of 433 had 6,000 licenses: three certifications required).
    """
    if "license_states" in params:
        sql = (
            "SELECT l.candidate_id FROM candidate_licenses l"
            " JOIN candidates c ON c.id = l.candidate_id"
            f" WHERE {_VALID_LICENSE} AND l.state_id = ANY(:license_states){narrowing}"
        )
        if "profession_id" in params:
            sql += " AND (l.profession_id IS NULL OR l.profession_id = :profession_id)"
    else:
        hard, _ = _eligible_candidates_sql(job, today, with_certifications=False)
        sql = f"SELECT c.id FROM candidates c WHERE true{hard}{narrowing}"
    return await _estimate_rows(db, sql, params) * job.certified_share


async def _candidates_exact(
    db: Executor, where: str, params: Mapping[str, Any], limit: int
) -> list[Any]:
    """Every vector of the pool measured once; a candidate's best vector ranks them.

    The pool passes every filter first (the certifications read from the small
    covering index of summary rows), then only its vectors are read: LATERAL with
    OFFSET 0 keeps that a lookup per candidate, where the planner, trusting a low
    estimate of the pool, once read all 300,000 vectors by a sequential scan (730 ms).
    """
    sql = f"""
WITH pool AS MATERIALIZED (SELECT c.id FROM candidates c WHERE {where})
SELECT p.id AS candidate_id, e.distance, e.part, e.resume_id
FROM pool p
CROSS JOIN LATERAL (
    SELECT e.resume_id, e.part, e.embedding <=> {_QUERY_VECTOR} AS distance
    FROM resume_embeddings e
    WHERE e.candidate_id = p.id AND e.model_name = :model_name
    ORDER BY distance, e.part
    LIMIT 1 OFFSET 0
) e
ORDER BY e.distance, p.id
LIMIT :limit
"""
    result = await db.execute(text(sql), {**params, "limit": limit})
    return list(result)


async def _candidates_by_index(
    db: Executor, where: str, params: Mapping[str, Any], limit: int
) -> list[Any] | None:
    """Top ``limit`` by the HNSW index; ``None`` when it cannot vouch for a full page.

    The filters are one correlated subquery per index row rather than joins: with
    joins the planner, trusting its (low) estimate of the pool, sometimes ranked the
    whole pool and sorted it instead of walking the index (350 ms instead of 25 ms for
    a pool of 7,000); a subquery in the filter leaves it only the index to order by.
    """
    want = limit * _ROWS_PER_CANDIDATE
    for attempt in range(2):
        if attempt:
            await _set_ef_search(db, want)
        sql = f"""
SELECT e.candidate_id, e.resume_id, e.part, e.embedding <=> {_QUERY_VECTOR} AS distance
FROM resume_embeddings e
WHERE e.model_name = :model_name
  AND (SELECT true FROM candidates c WHERE c.id = e.candidate_id AND {where})
ORDER BY e.embedding <=> {_QUERY_VECTOR}
LIMIT :rows
"""
        result = list(await db.execute(text(sql), {**params, "rows": want}))
        best: dict[UUID, Any] = {}
        for row in result:  # relaxed order: keep each candidate's nearest row
            held = best.get(row.candidate_id)
            if held is None or row.distance < held.distance:
                best[row.candidate_id] = row
        if len(best) >= limit:
            return sorted(best.values(), key=lambda r: (r.distance, r.candidate_id))[:limit]
        if len(result) < want:
            return None  # the scan ran out (max_scan_tuples or a small set): exact
        want *= 4
    return None


async def _explain_candidates(
    db: Executor, job: _JobFacts, rows: Sequence[Any], today: datetime.date
) -> list[CandidateMatch]:
    """Why each candidate matches: licenses, certifications and specialties, one query."""
    if not rows:
        return []
    result = await db.execute(
        text(
            f"""
SELECT c.id, {_LICENSES_JSON} AS licenses,
       {_certifications_held(":model_name")} AS certifications,
       c.primary_specialty_id,
       ARRAY(SELECT cs.specialty_id FROM candidate_specialties cs
             WHERE cs.candidate_id = c.id) AS specialties
FROM candidates c WHERE c.id = ANY(:ids)
"""
        ),
        {"ids": [r.candidate_id for r in rows], "today": today, "model_name": job.model_name},
    )
    facts = {row.id: row for row in result}
    compact_ids = set(job.compact_ids)
    out: list[CandidateMatch] = []
    for row in rows:
        fact = facts.get(row.candidate_id)
        licenses = _licenses_from_json(fact.licenses if fact else None)
        held = set(fact.certifications or ()) if fact else set()
        specialties = {fact.primary_specialty_id, *(fact.specialties or ())} if fact else set()
        out.append(
            CandidateMatch(
                candidate_id=row.candidate_id,
                resume_id=row.resume_id,
                similarity=1.0 - float(row.distance),
                part=row.part,
                license=_license_reason(
                    licenses,
                    job.state_id,
                    job.state_code,
                    job.profession_id,
                    job.profession,
                    compact_ids,
                ),
                certifications=tuple(c for c in job.certifications if c in held),
                specialty=job.specialty
                if job.specialty_id is not None and job.specialty_id in specialties
                else None,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class _License:
    state_id: int | None
    state_code: str | None
    profession_id: int | None
    expires: datetime.date | None


# Per candidate ``c``: the valid licenses (newest expiry first, none first) as JSON, and
# the certifications held unexpired on ``:today`` (upper case) from the resume summary.
_LICENSES_JSON = f"""(SELECT json_agg(json_build_array(l.state_id, s.code, l.profession_id,
        l.expiration_date) ORDER BY l.expiration_date DESC NULLS FIRST)
    FROM candidate_licenses l LEFT JOIN states s ON s.id = l.state_id
    WHERE l.candidate_id = c.id AND {_VALID_LICENSE})"""


def _certifications_held(model_name: str) -> str:
    return f"""ARRAY(SELECT DISTINCT upper(kv.key) FROM resume_embeddings s
    CROSS JOIN LATERAL jsonb_each_text(s.certifications) AS kv(key, value)
    WHERE s.candidate_id = c.id AND s.model_name = {model_name} AND s.part = 'summary'
      AND (kv.value IS NULL OR CAST(kv.value AS date) >= :today))"""


def _json(value: Any) -> Any:
    # asyncpg hands json columns over as text.
    return json.loads(value) if isinstance(value, str) else value


def _licenses_from_json(value: Any) -> list[_License]:
    items = _json(value) or []
    return [
        _License(
            state_id,
            code,
            profession_id,
            datetime.date.fromisoformat(expires) if expires else None,
        )
        for state_id, code, profession_id, expires in items
    ]


def _license_reason(
    licenses: Iterable[_License],
    state_id: int | None,
    state_code: str | None,
    profession_id: int | None,
    profession: str | None,
    compact_ids: set[int],
) -> LicenseReason | None:
    """The license that lets the candidate work in the state: its own first, then compact."""
    usable = [
        lic
        for lic in licenses
        if lic.profession_id is None or profession_id is None or lic.profession_id == profession_id
    ]
    for lic in usable:
        if state_id is not None and lic.state_id == state_id:
            return LicenseReason(lic.state_code or "", False, lic.expires)
    if state_code in COMPACT_STATES and profession in COMPACT_PROFESSIONS:
        for lic in usable:
            if lic.state_id in compact_ids:
                return LicenseReason(lic.state_code or "", True, lic.expires)
    return None


# ----------------------------------------------------------- jobs for a candidate
@dataclass(slots=True)
class _CandidateFacts:
    model_name: str
    professions: dict[int, str]
    licenses: list[_License]
    certifications: set[str]
    specialties: set[int]
    vectors: list[tuple[str, str]] = field(default_factory=list)
    """(part, vector in pgvector's text form) of the candidate's resume vectors."""
    compact_ids: list[int] = field(default_factory=list)
    jobs: float = 1.0
    """Rows of ``jobs`` as the planner's statistics know them."""
    certified_share: float = 1.0
    """Share of jobs requiring no certification the candidate lacks, from a sample."""


# One round trip: the settings, everything the search needs to know of the candidate,
# and the share of jobs whose required certifications the candidate holds, measured on
# the first _JOB_CERTIFICATION_SAMPLE jobs in id order (random ids: a random sample).
_CANDIDATE_FACTS_SQL = text(
    f"""
SELECT {_SETTINGS}, m.model_name, c.primary_specialty_id,
       (SELECT json_agg(json_build_array(p.id, p.name)) FROM candidate_professions cp
        JOIN professions p ON p.id = cp.profession_id
        WHERE cp.candidate_id = c.id) AS professions,
       ARRAY(SELECT cs.specialty_id FROM candidate_specialties cs
             WHERE cs.candidate_id = c.id) AS specialties,
       {_LICENSES_JSON} AS licenses, h.certifications,
       (SELECT json_agg(json_build_array(r.part, CAST(r.embedding AS text)) ORDER BY r.part)
        FROM resume_embeddings r
        WHERE r.candidate_id = c.id AND r.model_name = m.model_name) AS vectors,
       ARRAY(SELECT id FROM states WHERE code = ANY(:compact_codes)) AS compact_ids,
       (SELECT reltuples FROM pg_class WHERE oid = 'jobs'::regclass) AS jobs,
       (SELECT avg(CASE WHEN NOT EXISTS (
                   SELECT 1 FROM job_required_certifications r WHERE r.job_id = x.id
                   AND NOT (upper(btrim(r.certification)) = ANY(h.certifications))
               ) THEN 1.0 ELSE 0.0 END)
        FROM (SELECT id FROM jobs ORDER BY id LIMIT {_JOB_CERTIFICATION_SAMPLE}) x
       ) AS certified_share
FROM candidates c
CROSS JOIN LATERAL (
    SELECT model_name FROM resume_embeddings WHERE candidate_id = c.id
    ORDER BY updated_at DESC LIMIT 1
) m
CROSS JOIN LATERAL (SELECT {_certifications_held("m.model_name")} AS certifications) h
WHERE c.id = :cid
"""
)


async def _candidate_facts(
    db: Executor, candidate_id: UUID, today: datetime.date, ef_search: int
) -> _CandidateFacts | None:
    row = (
        await db.execute(
            _CANDIDATE_FACTS_SQL,
            {
                "cid": candidate_id,
                "today": today,
                "compact_codes": sorted(COMPACT_STATES),
                **_settings_params(ef_search),
            },
        )
    ).one_or_none()
    if row is None:
        return None
    professions = _json(row.professions) or []
    vectors = _json(row.vectors) or []
    return _CandidateFacts(
        model_name=row.model_name,
        professions={int(pid): name for pid, name in professions},
        licenses=_licenses_from_json(row.licenses),
        certifications=set(row.certifications or ()),
        specialties={
            int(x) for x in (row.primary_specialty_id, *(row.specialties or ())) if x is not None
        },
        vectors=[(str(part), str(vec)) for part, vec in vectors],
        compact_ids=sorted(row.compact_ids or []),
        jobs=max(float(row.jobs or 0), 1.0),
        certified_share=float(row.certified_share if row.certified_share is not None else 1.0),
    )


def _eligible_jobs_sql(facts: _CandidateFacts) -> tuple[str, dict[str, Any]] | None:
    """Conditions on ``j`` (jobs): open, of a profession the candidate has in a state
    a license of theirs covers (certifications apart); ``None`` when none can be."""
    compact_ids = facts.compact_ids
    clauses: list[str] = []
    params: dict[str, Any] = {"held": sorted(facts.certifications)}
    for i, (pid, name) in enumerate(sorted(facts.professions.items())):
        usable = [lic for lic in facts.licenses if lic.profession_id in (None, pid)]
        states = {lic.state_id for lic in usable if lic.state_id is not None}
        if name in COMPACT_PROFESSIONS and states & set(compact_ids):
            states |= set(compact_ids)
        if states:
            clauses.append(f"(j.profession_id = :p{i} AND j.client_state_id = ANY(:s{i}))")
            params[f"p{i}"] = pid
            params[f"s{i}"] = sorted(states)
    if not clauses:
        return None
    sql = f"j.display_on_external_job_board AND j.closed_at IS NULL AND ({' OR '.join(clauses)})"
    return sql, params


_JOB_CERTIFICATIONS_HELD = (
    " AND NOT EXISTS (SELECT 1 FROM job_required_certifications r WHERE r.job_id = j.id"
    " AND NOT (upper(btrim(r.certification)) = ANY(CAST(:held AS text[]))))"
)
"""The candidate holds every certification the job requires (``:held``)."""


async def jobs_for_candidate(
    db: Executor,
    candidate_id: UUID,
    *,
    limit: int = 20,
    today: datetime.date | None = None,
    exact: bool | None = None,
) -> list[JobMatch]:
    """Open jobs the candidate qualifies for, nearest to any of their resume vectors first.

    The candidate's own data: callers check that the person asking is this candidate
    (or staff). Empty when the candidate has no resume vectors or no qualifying
    profession and license.
    """
    if limit < 1:
        return []
    today = today or datetime.date.today()
    facts = await _candidate_facts(db, candidate_id, today, limit)
    if facts is None:
        return []
    eligible = _eligible_jobs_sql(facts)
    if eligible is None:
        return []
    open_jobs, params = eligible
    params |= {"cid": candidate_id, "model_name": facts.model_name, "limit": limit}
    where = open_jobs + _JOB_CERTIFICATIONS_HELD
    if exact is None:
        # The certifications from the sample: the planner's estimate of that anti-join
        # was three times too low; without them, a candidate holding few certifications
        # walked 8,000 index rows (143 ms) for a page.
        estimate = facts.certified_share * await _estimate_rows(
            db, f"SELECT j.id FROM jobs j WHERE {open_jobs}", params
        )
        exact = estimate <= max(EXACT_SCAN_MAX_JOBS, math.sqrt(_JOBS_INDEX_VS_EXACT * facts.jobs))
    rows: Sequence[Any] = []
    if not exact:
        # The filters as one subquery per index row, not a join: see _candidates_by_index.
        sql = f"""
SELECT m.job_id, min(m.distance) AS distance,
       (array_agg(r.part ORDER BY m.distance))[1] AS part
FROM resume_embeddings r
CROSS JOIN LATERAL (
    SELECT je.job_id, je.embedding <=> r.embedding AS distance
    FROM job_embeddings je
    WHERE je.model_name = :model_name
      AND (SELECT true FROM jobs j WHERE j.id = je.job_id AND {where})
    ORDER BY je.embedding <=> r.embedding
    LIMIT :limit
) m
WHERE r.candidate_id = :cid AND r.model_name = :model_name
GROUP BY m.job_id
ORDER BY distance, m.job_id
LIMIT :limit
"""
        rows = list(await db.execute(text(sql), params))
    if len(rows) < limit:
        # Exact asked for, or the index walk may have stopped early: the exact scan is
        # the truth.
        rows = await _jobs_exact(db, facts, where, params)
    return await _explain_jobs(db, facts, rows)


@dataclass(frozen=True, slots=True)
class _Ranked:
    job_id: UUID
    distance: float
    part: str


async def _jobs_exact(
    db: Executor, facts: _CandidateFacts, where: str, params: Mapping[str, Any]
) -> list[_Ranked]:
    """Every eligible job measured once against all the candidate's vectors at once.

    The vectors are bound as constants: one pass over the eligible jobs computes each
    distance once (the LATERAL form walked the eligible jobs once per vector and sorted
    each walk), and the nearest vector names the part.
    """
    if not facts.vectors:
        return []
    params = dict(params)
    distances = []
    for i, (_part, vector) in enumerate(facts.vectors):
        params[f"v{i}"] = vector
        distances.append(f"je.embedding <=> CAST(:v{i} AS vector)")
    # OFFSET 0 keeps the subquery whole, so LEAST reads the distances, not recomputes them.
    sql = f"""
SELECT job_id, d FROM (
    SELECT je.job_id, ARRAY[{", ".join(distances)}] AS d
    FROM job_embeddings je JOIN jobs j ON j.id = je.job_id
    WHERE je.model_name = :model_name AND {where}
    OFFSET 0
) scored
ORDER BY LEAST({", ".join(f"d[{i + 1}]" for i in range(len(distances)))}), job_id
LIMIT :limit
"""
    out: list[_Ranked] = []
    for job_id, d in await db.execute(text(sql), params):
        best = min(range(len(d)), key=lambda i: d[i])
        out.append(_Ranked(job_id, float(d[best]), facts.vectors[best][0]))
    return out


async def _explain_jobs(
    db: Executor, facts: _CandidateFacts, rows: Sequence[Any]
) -> list[JobMatch]:
    if not rows:
        return []
    ids = [r.job_id for r in rows]
    result = await db.execute(
        text(
            "SELECT j.id, j.profession_id, p.name, j.specialty_id, sp.name, j.client_state_id, "
            "st.code, ARRAY(SELECT DISTINCT upper(btrim(c.certification)) FROM "
            "job_required_certifications c WHERE c.job_id = j.id) "
            "FROM jobs j LEFT JOIN professions p ON p.id = j.profession_id "
            "LEFT JOIN specialties sp ON sp.id = j.specialty_id "
            "LEFT JOIN states st ON st.id = j.client_state_id WHERE j.id = ANY(:ids)"
        ),
        {"ids": ids},
    )
    jobs = {row[0]: row for row in result}
    out: list[JobMatch] = []
    for row in rows:
        _, pid, pname, sid, sname, state_id, code, certs = jobs[row.job_id]
        out.append(
            JobMatch(
                job_id=row.job_id,
                similarity=1.0 - float(row.distance),
                part=row.part,
                license=_license_reason(
                    facts.licenses, state_id, code, pid, pname, set(facts.compact_ids)
                ),
                certifications=tuple(certs or ()),
                specialty=sname if sid is not None and sid in facts.specialties else None,
            )
        )
    return out
