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
Which way a search goes is decided from the planner's estimate of the pool (for
candidates: the valid licenses in the job's states, the one condition whose statistics
the planner reads well):

* a small pool is ranked by an exact scan in one pass: every vector of the pool is
  measured once and the required certifications are checked on the summary row among
  them (jobs: every eligible job measured once against all the candidate's vectors,
  bound as constants);
* a wide one by an iterative HNSW scan (``hnsw.iterative_scan = relaxed_order``, results
  re-sorted here) with the filters checked per row, and if that still finds fewer than
  ``limit``, by the exact scan. So a search never returns fewer rows than exist.

Measured at 100,000 resumes and 100,000 jobs (``bench/resume_matching.py``): the exact
scan reads every vector of the pool, about 0.1 ms per candidate, so it only wins below
about a thousand; above that the index walk costs a few dozen milliseconds whatever the
pool. Statements run with ``plan_cache_mode = force_custom_plan``: a cached generic plan
knows neither the vector nor the states and once cost 1.2 s instead of 60 ms.

Who may see: admins every candidate; recruiters the candidates assigned to them
(``candidates.recruiter_id``, the one recruiter-candidate link of the schema: there is
no agency table, the whole deployment is one agency); anyone else gets
:class:`PermissionError`.
"""

from __future__ import annotations

import datetime
import json
import logging
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

EXACT_SCAN_MAX_CANDIDATES: Final = 1000
"""At most this many valid licenses in the job's states (estimated): rank exactly.

Measured at 100,000 resumes: pools of 300-900 took 10-45 ms exact and about the same by
the index; 2,400-8,500 took 200 ms-1.8 s exact against 30-350 ms by the index."""

EXACT_SCAN_MAX_JOBS: Final = 3000
"""At most this many eligible open jobs (estimated): rank them all exactly."""

HNSW_MAX_SCAN_TUPLES: Final = 20_000
"""Index rows an iterative scan may visit before giving up (then: exact scan)."""

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


async def _set_hnsw(db: Executor, ef_search: int) -> None:
    # Per transaction (set_config(..., true)): keep walking the graph until enough
    # rows pass the filters, within max_scan_tuples. relaxed_order: rows come back
    # nearly in distance order and the callers re-sort what they keep (strict order
    # makes pgvector hold back and re-check rows, for nothing here).
    # force_custom_plan: asyncpg prepares each statement and after five runs PostgreSQL
    # may keep a generic plan that does not know the query vector or the license states;
    # one such plan walked the whole join for 1.2 s instead of the index for 60 ms.
    await db.execute(
        text(
            "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
            "set_config('hnsw.iterative_scan', 'relaxed_order', true), "
            "set_config('hnsw.ef_search', :ef, true), "
            "set_config('hnsw.max_scan_tuples', :max_tuples, true)"
        ),
        {"ef": str(min(max(40, ef_search), 1000)), "max_tuples": str(HNSW_MAX_SCAN_TUPLES)},
    )


async def _custom_plans(db: Executor) -> None:
    # See _set_hnsw: a generic plan knows neither the vectors nor the filter values.
    await db.execute(text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)"))


async def _estimate_rows(db: Executor, sql: str, params: Mapping[str, Any]) -> float:
    """The planner's row estimate for ``sql`` (no execution)."""
    result = await db.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"), dict(params))
    plan = result.scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


async def _compact_state_ids(db: Executor) -> list[int]:
    rows = await db.execute(
        text("SELECT id FROM states WHERE code = ANY(:codes)"), {"codes": sorted(COMPACT_STATES)}
    )
    return [int(r[0]) for r in rows]


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
_JOB_FACTS_SQL = text(
    """
SELECT j.id, e.model_name, j.profession_id, p.name AS profession, j.specialty_id,
       sp.name AS specialty, j.client_state_id, st.code AS state_code,
       CAST(e.embedding AS text) AS vector,
       ARRAY(SELECT DISTINCT upper(btrim(c.certification))
               FROM job_required_certifications c WHERE c.job_id = j.id) AS certifications
FROM jobs j
JOIN job_embeddings e ON e.job_id = j.id
LEFT JOIN professions p ON p.id = j.profession_id
LEFT JOIN specialties sp ON sp.id = j.specialty_id
LEFT JOIN states st ON st.id = j.client_state_id
WHERE j.id = :job_id
"""
)


async def _job_facts(db: Executor, job_id: UUID) -> _JobFacts | None:
    row = (await db.execute(_JOB_FACTS_SQL, {"job_id": job_id})).one_or_none()
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
    )


def _eligible_candidates_sql(
    job: _JobFacts,
    compact_ids: list[int],
    today: datetime.date,
    *,
    with_certifications: bool = True,
) -> tuple[str, dict[str, Any]]:
    """Conditions on ``c`` (candidates) for the job's hard filters.

    ``with_certifications=False`` leaves out the required certifications, for the exact
    scan that checks them on the summary row it reads anyway.
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
        states = sorted({job.state_id, *compact_ids}) if compact else [job.state_id]
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
    job = await _job_facts(db, job_id)
    if job is None:
        raise LookupError("No such job, or it has no embedding yet.")
    today = today or datetime.date.today()
    compact_ids = await _compact_state_ids(db)
    extra, extra_params = _filters_sql(filters)
    base = scope_params | extra_params | {"query_vector": job.vector}
    # The pool: who passes every filter but the certifications, which the exact scan
    # checks on the summary row it reads for the distances anyway.
    pool_hard, pool_params = _eligible_candidates_sql(
        job, compact_ids, today, with_certifications=False
    )
    pool = f"true{scope}{pool_hard}{extra}"
    pool_params |= base

    rows: list[Any] | None = None
    if exact is None:
        exact = await _pool_estimate(db, pool, pool_params) <= EXACT_SCAN_MAX_CANDIDATES
    if not exact:
        hard, params = _eligible_candidates_sql(job, compact_ids, today)
        rows = await _candidates_by_index(db, f"true{scope}{hard}{extra}", params | base, limit)
        if rows is None:
            log.info("candidate search: index scan short, exact scan", extra={"job_id": job_id})
    if rows is None:
        await _custom_plans(db)
        rows = await _candidates_exact(db, job, pool, pool_params, limit)
    return await _explain_candidates(db, job, rows, compact_ids, today)


async def _pool_estimate(db: Executor, pool: str, params: Mapping[str, Any]) -> float:
    """How many candidates the exact scan would read, as the planner sees it.

    The license condition alone, on its own table, when there is one: its columns have
    statistics the planner reads well, while its estimate of several semi-joins on
    ``candidates`` multiplies them as if independent and came out 10-40 times too low
    at 100,000 resumes (157 for a pool of 5,815), sending wide pools to the exact scan.
    """
    if "license_states" in params:
        sql = (
            f"SELECT l.candidate_id FROM candidate_licenses l WHERE {_VALID_LICENSE}"
            " AND l.state_id = ANY(:license_states)"
        )
        if "profession_id" in params:
            sql += " AND (l.profession_id IS NULL OR l.profession_id = :profession_id)"
        return await _estimate_rows(db, sql, params)
    return await _estimate_rows(db, f"SELECT c.id FROM candidates c WHERE {pool}", params)


async def _candidates_exact(
    db: Executor, job: _JobFacts, pool: str, params: Mapping[str, Any], limit: int
) -> list[Any]:
    """Every vector of the pool measured once; a candidate's best vector ranks them.

    One pass over ``resume_embeddings``: the distance of each row, and the required
    certifications checked on the summary row among them (no second visit per
    candidate, which at 100,000 resumes cost more than the distances).
    """
    certified = "true"
    params = dict(params)
    if job.certifications:
        held, held_params = _certifications_held_sql("e", job.certifications)
        certified = f"e.part = 'summary' AND {held}"
        params |= held_params
    # MATERIALIZED: computed once per row, not once per reference in the aggregate.
    sql = f"""
WITH pool AS MATERIALIZED (SELECT c.id FROM candidates c WHERE {pool}),
scored AS MATERIALIZED (
    SELECT e.candidate_id, e.resume_id, e.part, e.embedding <=> {_QUERY_VECTOR} AS distance,
           {certified} AS certified
    FROM pool p JOIN resume_embeddings e ON e.candidate_id = p.id
    WHERE e.model_name = :model_name
)
SELECT candidate_id, min(distance) AS distance,
       (array_agg(part ORDER BY distance))[1] AS part,
       (array_agg(resume_id ORDER BY distance))[1] AS resume_id
FROM scored
GROUP BY candidate_id
HAVING bool_or(certified)
ORDER BY distance, candidate_id
LIMIT :limit
"""
    result = await db.execute(text(sql), {**params, "limit": limit})
    return list(result)


async def _candidates_by_index(
    db: Executor, where: str, params: Mapping[str, Any], limit: int
) -> list[Any] | None:
    """Top ``limit`` by the HNSW index; ``None`` when it cannot vouch for a full page."""
    want = limit * _ROWS_PER_CANDIDATE
    for _attempt in range(2):
        await _set_hnsw(db, want)
        sql = f"""
SELECT e.candidate_id, e.resume_id, e.part, e.embedding <=> {_QUERY_VECTOR} AS distance
FROM resume_embeddings e JOIN candidates c ON c.id = e.candidate_id
WHERE e.model_name = :model_name AND {where}
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
    db: Executor,
    job: _JobFacts,
    rows: Sequence[Any],
    compact_ids: list[int],
    today: datetime.date,
) -> list[CandidateMatch]:
    if not rows:
        return []
    ids = [r.candidate_id for r in rows]
    licenses = await _valid_licenses(db, ids, today)
    certs = await _resume_certifications(db, ids, job.model_name, today)
    specialties: dict[UUID, set[int]] = {}
    if job.specialty_id is not None:
        result = await db.execute(
            text(
                "SELECT c.id, c.primary_specialty_id, cs.specialty_id FROM candidates c "
                "LEFT JOIN candidate_specialties cs ON cs.candidate_id = c.id "
                "WHERE c.id = ANY(:ids)"
            ),
            {"ids": ids},
        )
        for cid, primary, other in result:
            specialties.setdefault(cid, set()).update(x for x in (primary, other) if x)
    out: list[CandidateMatch] = []
    for row in rows:
        reason = _license_reason(
            licenses.get(row.candidate_id, []),
            job.state_id,
            job.state_code,
            job.profession_id,
            job.profession,
            set(compact_ids),
        )
        held = certs.get(row.candidate_id, set())
        out.append(
            CandidateMatch(
                candidate_id=row.candidate_id,
                resume_id=row.resume_id,
                similarity=1.0 - float(row.distance),
                part=row.part,
                license=reason,
                certifications=tuple(c for c in job.certifications if c in held),
                specialty=job.specialty
                if job.specialty_id in specialties.get(row.candidate_id, set())
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


async def _valid_licenses(
    db: Executor, candidate_ids: Sequence[UUID], today: datetime.date
) -> dict[UUID, list[_License]]:
    result = await db.execute(
        text(
            "SELECT l.candidate_id, l.state_id, s.code, l.profession_id, l.expiration_date "
            "FROM candidate_licenses l LEFT JOIN states s ON s.id = l.state_id "
            f"WHERE l.candidate_id = ANY(:ids) AND {_VALID_LICENSE} "
            "ORDER BY l.expiration_date DESC NULLS FIRST"
        ),
        {"ids": list(candidate_ids), "today": today},
    )
    out: dict[UUID, list[_License]] = {}
    for cid, state_id, code, profession_id, expires in result:
        out.setdefault(cid, []).append(_License(state_id, code, profession_id, expires))
    return out


async def _resume_certifications(
    db: Executor, candidate_ids: Sequence[UUID], model_name: str, today: datetime.date
) -> dict[UUID, set[str]]:
    """Candidate -> certification names (upper case) held and unexpired on ``today``."""
    result = await db.execute(
        text(
            "SELECT s.candidate_id, kv.key FROM resume_embeddings s "
            "CROSS JOIN LATERAL jsonb_each_text(s.certifications) AS kv(key, value) "
            "WHERE s.candidate_id = ANY(:ids) AND s.model_name = :model_name "
            "AND s.part = 'summary' AND s.certifications IS NOT NULL "
            "AND (kv.value IS NULL OR CAST(kv.value AS date) >= :today)"
        ),
        {"ids": list(candidate_ids), "model_name": model_name, "today": today},
    )
    out: dict[UUID, set[str]] = {}
    for cid, name in result:
        out.setdefault(cid, set()).add(str(name).upper())
    return out


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


async def _candidate_facts(
    db: Executor, candidate_id: UUID, today: datetime.date
) -> _CandidateFacts | None:
    model = await db.execute(
        text(
            "SELECT model_name FROM resume_embeddings WHERE candidate_id = :cid "
            "ORDER BY updated_at DESC LIMIT 1"
        ),
        {"cid": candidate_id},
    )
    model_name = model.scalar_one_or_none()
    if model_name is None:
        return None
    professions = await db.execute(
        text(
            "SELECT p.id, p.name FROM candidate_professions cp "
            "JOIN professions p ON p.id = cp.profession_id WHERE cp.candidate_id = :cid"
        ),
        {"cid": candidate_id},
    )
    specialties = await db.execute(
        text(
            "SELECT specialty_id FROM candidate_specialties WHERE candidate_id = :cid "
            "UNION SELECT primary_specialty_id FROM candidates "
            "WHERE id = :cid AND primary_specialty_id IS NOT NULL"
        ),
        {"cid": candidate_id},
    )
    licenses = await _valid_licenses(db, [candidate_id], today)
    certs = await _resume_certifications(db, [candidate_id], model_name, today)
    vectors = await db.execute(
        text(
            "SELECT part, CAST(embedding AS text) FROM resume_embeddings "
            "WHERE candidate_id = :cid AND model_name = :model_name ORDER BY part"
        ),
        {"cid": candidate_id, "model_name": model_name},
    )
    return _CandidateFacts(
        vectors=[(str(part), str(vec)) for part, vec in vectors],
        model_name=model_name,
        professions={int(pid): name for pid, name in professions},
        licenses=licenses.get(candidate_id, []),
        certifications=certs.get(candidate_id, set()),
        specialties={int(s) for (s,) in specialties},
    )


def _eligible_jobs_sql(
    facts: _CandidateFacts, compact_ids: list[int]
) -> tuple[str, dict[str, Any]] | None:
    """Conditions on ``j`` (jobs) the candidate qualifies for; ``None`` when none can."""
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
    sql = (
        "j.display_on_external_job_board AND j.closed_at IS NULL"
        f" AND ({' OR '.join(clauses)})"
        " AND NOT EXISTS (SELECT 1 FROM job_required_certifications r WHERE r.job_id = j.id"
        " AND NOT (upper(btrim(r.certification)) = ANY(CAST(:held AS text[]))))"
    )
    return sql, params


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
    facts = await _candidate_facts(db, candidate_id, today)
    if facts is None:
        return []
    compact_ids = await _compact_state_ids(db)
    eligible = _eligible_jobs_sql(facts, compact_ids)
    if eligible is None:
        return []
    where, params = eligible
    params |= {"cid": candidate_id, "model_name": facts.model_name, "limit": limit}
    if exact is None:
        estimate = await _estimate_rows(db, f"SELECT j.id FROM jobs j WHERE {where}", params)
        exact = estimate <= EXACT_SCAN_MAX_JOBS
    if exact:
        rows = await _jobs_exact(db, facts, where, params)
        return await _explain_jobs(db, facts, rows, compact_ids)
    sql = f"""
SELECT m.job_id, min(m.distance) AS distance,
       (array_agg(r.part ORDER BY m.distance))[1] AS part
FROM resume_embeddings r
CROSS JOIN LATERAL (
    SELECT je.job_id, je.embedding <=> r.embedding AS distance
    FROM job_embeddings je JOIN jobs j ON j.id = je.job_id
    WHERE je.model_name = :model_name AND {where}
    ORDER BY je.embedding <=> r.embedding
    LIMIT :limit
) m
WHERE r.candidate_id = :cid AND r.model_name = :model_name
GROUP BY m.job_id
ORDER BY distance, m.job_id
LIMIT :limit
"""
    await _set_hnsw(db, limit)
    rows = list(await db.execute(text(sql), params))
    if len(rows) < limit:
        # The index walk may have stopped early: the exact scan is the truth.
        return await jobs_for_candidate(db, candidate_id, limit=limit, today=today, exact=True)
    return await _explain_jobs(db, facts, rows, compact_ids)


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
    await _custom_plans(db)
    out: list[_Ranked] = []
    for job_id, d in await db.execute(text(sql), params):
        best = min(range(len(d)), key=lambda i: d[i])
        out.append(_Ranked(job_id, float(d[best]), facts.vectors[best][0]))
    return out


async def _explain_jobs(
    db: Executor, facts: _CandidateFacts, rows: Sequence[Any], compact_ids: list[int]
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
                    facts.licenses, state_id, code, pid, pname, set(compact_ids)
                ),
                certifications=tuple(certs or ()),
                specialty=sname if sid is not None and sid in facts.specialties else None,
            )
        )
    return out
