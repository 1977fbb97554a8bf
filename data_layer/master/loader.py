"""Load the bundled master data (``master_data``) into PostgreSQL, idempotently.

Every table is upserted by its LaborEdge id (``INSERT ... ON CONFLICT (external_id) DO
UPDATE``), certifications by their unique ``name``. Running it again updates names and
descriptions in place and never duplicates a row; rows that are not in the bundled data
(e.g. mirrored from LaborEdge) are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.master import catalog as md
from data_layer.models import (
    CandidateStatus,
    CandidateType,
    Certification,
    Country,
    JobStatus,
    Profession,
    ReferralSource,
    Specialty,
    State,
)

__all__ = ["MasterIds", "load_master_data", "master_ids"]


async def _upsert(
    session: AsyncSession,
    model: Any,
    rows: Sequence[Mapping[str, Any]],
    *,
    key: str = "external_id",
) -> dict[Any, int]:
    """Upsert ``rows`` on the unique column ``key``; returns ``{key value: id}``.

    When ``key`` is not ``external_id``, an ``external_id`` already set on the row (e.g. by
    the LaborEdge sync) is kept.
    """
    if not rows:
        return {}
    table = model.__table__
    base = insert(table)
    updates: dict[str, Any] = {c: base.excluded[c] for c in rows[0] if c != key}
    if key != "external_id" and "external_id" in updates:
        updates["external_id"] = func.coalesce(table.c.external_id, base.excluded.external_id)
    stmt = base.on_conflict_do_update(index_elements=[key], set_=updates).returning(
        table.c[key], table.c.id
    )
    result = await session.execute(stmt, list(rows))
    return {row[0]: row[1] for row in result.all()}


async def load_master_data(session: AsyncSession) -> dict[str, int]:
    """Upsert all bundled master data; returns the number of rows per table.

    The counts are those of the bundled data, so a second run returns the same numbers.
    The caller owns the transaction (this function flushes but does not commit).
    """
    professions = await _upsert(
        session,
        Profession,
        [
            {
                "external_id": p.external_id,
                "name": p.name,
                "description": p.description,
                "active": True,
            }
            for p in md.professions()
        ],
    )
    specialties = await _upsert(
        session,
        Specialty,
        [
            {
                "external_id": s.external_id,
                "profession_id": professions[s.profession_external_id],
                "name": s.name,
                "description": s.description,
                "active": True,
            }
            for s in md.specialties()
        ],
    )
    countries = await _upsert(
        session,
        Country,
        [
            {"external_id": c.external_id, "name": c.name, "code": c.code, "active": True}
            for c in md.countries()
        ],
        key="code",  # codes are UNIQUE; a country mirrored from LaborEdge keeps its id
    )
    states = await _upsert(
        session,
        State,
        [
            {
                "external_id": s.external_id,
                "name": s.name,
                "code": s.code,
                "country_id": countries[s.country_code],
                "active": True,
            }
            for s in md.states()
        ],
        key="code",
    )
    job_statuses = await _upsert(
        session,
        JobStatus,
        [
            {
                "external_id": s.external_id,
                "name": s.name,
                "code": s.code,
                "description": s.description,
                "active": s.active,
            }
            for s in md.job_statuses()
        ],
    )
    lookups: dict[str, dict[Any, int]] = {}
    for name, model, items in (
        ("candidate_statuses", CandidateStatus, md.candidate_statuses()),
        ("candidate_types", CandidateType, md.candidate_types()),
        ("referral_sources", ReferralSource, md.referral_sources()),
    ):
        lookups[name] = await _upsert(
            session,
            model,
            [
                {
                    "external_id": i.external_id,
                    "name": i.name,
                    "description": i.description,
                    "active": i.active,
                }
                for i in items
            ],
        )
    certifications = await _upsert(
        session,
        Certification,
        [
            {"name": c.name, "description": c.description, "active": True}
            for c in md.certifications()
        ],
        key="name",
    )
    return {
        "professions": len(professions),
        "specialties": len(specialties),
        "countries": len(countries),
        "states": len(states),
        "job_statuses": len(job_statuses),
        **{name: len(ids) for name, ids in lookups.items()},
        "certifications": len(certifications),
    }


class MasterIds:
    """Database ids of master rows, keyed the way ``master_data`` keys them."""

    def __init__(
        self,
        *,
        professions: Mapping[int, int],
        specialties: Mapping[int, int],
        states: Mapping[str, int],
        countries: Mapping[str, int],
        job_statuses: Mapping[str, int],
        candidate_statuses: Mapping[int, int],
        referral_sources: Mapping[int, int],
    ) -> None:
        self.professions = dict(professions)
        """profession external_id -> id"""
        self.specialties = dict(specialties)
        """specialty external_id -> id"""
        self.states = dict(states)
        """USPS code -> id"""
        self.countries = dict(countries)
        """ISO alpha-3 code -> id"""
        self.job_statuses = dict(job_statuses)
        """job status code -> id"""
        self.candidate_statuses = dict(candidate_statuses)
        """candidate status external_id -> id"""
        self.referral_sources = dict(referral_sources)
        """referral source external_id -> id"""


async def master_ids(session: AsyncSession) -> MasterIds:
    """Read the ids of the bundled master rows (after :func:`load_master_data`)."""

    async def pairs(key: Any, id_col: Any) -> dict[Any, int]:
        result = await session.execute(select(key, id_col).where(key.is_not(None)))
        return {k: v for k, v in result.tuples().all()}

    return MasterIds(
        professions=await pairs(Profession.external_id, Profession.id),
        specialties=await pairs(Specialty.external_id, Specialty.id),
        states=await pairs(State.code, State.id),
        countries=await pairs(Country.code, Country.id),
        job_statuses=await pairs(JobStatus.code, JobStatus.id),
        candidate_statuses=await pairs(CandidateStatus.external_id, CandidateStatus.id),
        referral_sources=await pairs(ReferralSource.external_id, ReferralSource.id),
    )
