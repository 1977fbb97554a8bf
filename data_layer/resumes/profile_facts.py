"""Facts a candidate confirmed from their resume, written to their profile tables.

Only after the candidate said the summary of the parse is right (the chat's
``confirm_resume_facts``): each license becomes a ``candidate_licenses`` row (state and
profession from the master tables, number, expiry, ``active`` or ``expired`` by date),
each license's profession a ``candidate_professions`` row and each specialty worked in a
``candidate_specialties`` row, all carrying ``source_resume_id`` so they go with the
resume when it is deleted (foreign keys ON DELETE CASCADE).

Written idempotently: confirming twice changes nothing. A fact the candidate entered
themselves (no ``source_resume_id``) is never overwritten or duplicated. Confirming again
after a correction in the chat brings this resume's own rows in line with it: a license's
new expiry is written to its row, a license taken off the resume loses its row. The
resume's certifications (name -> expiry, which matching reads from the resume's
``summary`` vector row, no candidate table holding them) are written there too. Years of
experience fill ``candidates.years_of_experience`` only when it is empty; which value
came from which resume is remembered on the resume's ``parsed_resumes`` document, since
the column has no source of its own, so deleting the resume can take it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import and_, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.db.mongo import PARSED_RESUMES
from data_layer.embeddings.resumes import SUMMARY_PART
from data_layer.master.catalog import find_profession
from data_layer.master.lookup import MasterSnapshot, master_snapshot
from data_layer.models import (
    Candidate,
    CandidateLicense,
    CandidateProfession,
    CandidateSpecialty,
    LicenseStatus,
    ResumeEmbedding,
)
from data_layer.resumes.summaries import resume_certifications

__all__ = [
    "WrittenFacts",
    "forget_years_from",
    "license_status",
    "remember_years_from",
    "write_certifications",
    "write_confirmed_facts",
    "years_of_experience",
]

_YEARS_FIELD: Final = "profile_years_of_experience"
"""On the ``parsed_resumes`` document: the years this resume wrote to the profile."""
_MAX_YEARS: Final = Decimal("99.9")


@dataclass(frozen=True, slots=True)
class WrittenFacts:
    """What one confirmation added (all zero / ``None`` the second time)."""

    licenses: int = 0
    professions: int = 0
    specialties: int = 0
    years_of_experience: Decimal | None = None
    licenses_updated: int = 0
    """This resume's license rows given the corrected expiry."""
    licenses_removed: int = 0
    """This resume's license rows of licenses corrected away."""

    @property
    def anything(self) -> bool:
        return bool(
            self.licenses
            or self.licenses_updated
            or self.licenses_removed
            or self.professions
            or self.specialties
            or self.years_of_experience is not None
        )


# ------------------------------------------------------------------- reading
def _items(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _number(value: Any) -> str | None:
    text = str(value or "").strip()
    return text[:100] or None


def _same_number(a: str | None, b: str | None) -> bool:
    """Two license numbers name the same license (one missing counts as the same)."""
    if not a or not b:
        return True
    return "".join(a.split()).upper() == "".join(b.split()).upper()


def years_of_experience(structured: Mapping[str, Any], today: dt.date) -> Decimal | None:
    """Years worked by the resume's dated jobs, overlaps counted once (one decimal)."""
    spans: list[tuple[dt.date, dt.date]] = []
    for job in _items(structured, "experience"):
        start = _date(job.get("start_date"))
        end = _date(job.get("end_date")) or today
        if start is not None and start <= end <= today + dt.timedelta(days=31):
            spans.append((start, min(end, today)))
    if not spans:
        return None
    days = 0
    current_start, current_end = None, None
    for start, end in sorted(spans):
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                days += (current_end - current_start).days + 1
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None and current_end is not None:
        days += (current_end - current_start).days + 1
    years = (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.1"))
    return min(years, _MAX_YEARS) if years > 0 else None


def _profession_of(license_type: Any, master: MasterSnapshot) -> int | None:
    info = find_profession(str(license_type or "").strip())
    return master.profession_id(info.name) if info is not None else None


# ------------------------------------------------------------------- writing
@dataclass(frozen=True, slots=True)
class _Seen:
    id: UUID | None
    state_id: int | None
    profession_id: int | None
    license_number: str | None
    source_resume_id: UUID | None
    expiration_date: dt.date | None


@dataclass(frozen=True, slots=True)
class _LicenseRows:
    written: int
    updated: int
    removed: int
    professions: list[int]


def license_status(expires: dt.date | None, today: dt.date) -> LicenseStatus:
    return (
        LicenseStatus.EXPIRED if expires is not None and expires < today else LicenseStatus.ACTIVE
    )


async def _write_licenses(
    db: AsyncSession,
    candidate_id: UUID,
    resume_id: UUID,
    licenses: Sequence[Mapping[str, Any]],
    master: MasterSnapshot,
    today: dt.date,
) -> _LicenseRows:
    existing = [
        _Seen(*row)
        for row in await db.execute(
            select(
                CandidateLicense.id,
                CandidateLicense.state_id,
                CandidateLicense.profession_id,
                CandidateLicense.license_number,
                CandidateLicense.source_resume_id,
                CandidateLicense.expiration_date,
            ).where(CandidateLicense.candidate_id == candidate_id)
        )
    ]
    written = updated = 0
    kept: set[UUID] = set()
    professions: list[int] = []
    for item in licenses:
        state_id = master.state_id(str(item.get("state") or "") or None)
        profession_id = _profession_of(item.get("type"), master)
        number = _number(item.get("number"))
        if profession_id is not None and profession_id not in professions:
            professions.append(profession_id)
        if state_id is None and number is None:
            continue  # nothing to tell this license apart by
        expires = _date(item.get("expiration_date"))
        same = [
            row
            for row in existing
            if row.state_id == state_id
            and row.profession_id == profession_id
            and _same_number(row.license_number, number)
            # The candidate's own entry, or this resume's earlier confirmation.
            and row.source_resume_id in (None, resume_id)
        ]
        if same:
            ours = [row for row in same if row.source_resume_id == resume_id and row.id]
            kept.update(row.id for row in ours if row.id is not None)
            stale = [row.id for row in ours if row.expiration_date != expires]
            if stale and expires is not None:
                # Corrected since it was first confirmed; the candidate's own rows stay theirs.
                await db.execute(
                    update(CandidateLicense)
                    .where(CandidateLicense.id.in_(stale))
                    .values(expiration_date=expires, status=license_status(expires, today))
                )
                updated += len(stale)
            continue
        db.add(
            CandidateLicense(
                candidate_id=candidate_id,
                state_id=state_id,
                profession_id=profession_id,
                license_number=number,
                expiration_date=expires,
                status=license_status(expires, today),
                source_resume_id=resume_id,
            )
        )
        existing.append(_Seen(None, state_id, profession_id, number, resume_id, expires))
        written += 1
    # This resume's rows of licenses no longer on it: the candidate took them off.
    gone = [
        row.id
        for row in existing
        if row.source_resume_id == resume_id and row.id is not None and row.id not in kept
    ]
    if gone:
        await db.execute(delete(CandidateLicense).where(CandidateLicense.id.in_(gone)))
    return _LicenseRows(written, updated, len(gone), professions)


async def write_certifications(
    db: AsyncSession, resume_id: UUID, structured: Mapping[str, Any]
) -> None:
    """The confirmed certifications on the resume's ``summary`` vector row, where matching
    reads them: the same names and expiries the parse stored there, as corrected since."""
    certs = {str(k).upper(): v for k, v in resume_certifications(structured).items()}
    await db.execute(
        update(ResumeEmbedding)
        .where(ResumeEmbedding.resume_id == resume_id, ResumeEmbedding.part == SUMMARY_PART)
        .values(certifications=certs)
    )


async def _insert_new(
    db: AsyncSession,
    table: Any,
    column: str,
    candidate_id: UUID,
    ids: Sequence[int],
    resume_id: UUID,
) -> int:
    """Rows the candidate has not got yet (theirs or another resume's stay as they are)."""
    if not ids:
        return 0
    result = await db.execute(
        insert(table)
        .values(
            [
                {"candidate_id": candidate_id, column: value, "source_resume_id": resume_id}
                for value in ids
            ]
        )
        .on_conflict_do_nothing(index_elements=["candidate_id", column])
        .returning(table.id)
    )
    return len(result.all())


def _specialty_ids(
    details: Mapping[str, Any] | None, professions: Sequence[int], master: MasterSnapshot
) -> list[int]:
    """Catalog specialties of the jobs held, under the candidate's profession; a name that
    stays ambiguous (Home Health exists for nine professions) is left out."""
    found: list[int] = []
    for item in _items(details or {}, "experience"):
        name = item.get("specialty")
        if not name:
            continue
        ids = master.specialty_ids_for(str(name), professions[0] if professions else None)
        if professions:
            ids = tuple(i for i in ids if master.specialty_profession.get(i) in professions) or ids
        if len(ids) == 1 and ids[0] not in found:
            found.append(ids[0])
    return found


async def write_confirmed_facts(
    db: AsyncSession,
    *,
    candidate_id: UUID,
    resume_id: UUID,
    structured: Mapping[str, Any],
    details: Mapping[str, Any] | None,
    today: dt.date | None = None,
) -> WrittenFacts:
    """Write what the candidate confirmed; returns what was new. Does not commit."""
    today = today or dt.date.today()
    master = await master_snapshot(db)
    rows = await _write_licenses(
        db, candidate_id, resume_id, _items(structured, "licenses"), master, today
    )
    professions = rows.professions
    await db.flush()
    await write_certifications(db, resume_id, structured)
    new_professions = await _insert_new(
        db, CandidateProfession, "profession_id", candidate_id, professions, resume_id
    )
    new_specialties = await _insert_new(
        db,
        CandidateSpecialty,
        "specialty_id",
        candidate_id,
        _specialty_ids(details, professions, master),
        resume_id,
    )
    years = years_of_experience(structured, today)
    written_years = None
    if years is not None:
        result = await db.execute(
            update(Candidate)
            .where(and_(Candidate.id == candidate_id, Candidate.years_of_experience.is_(None)))
            .values(years_of_experience=years)
        )
        written_years = years if result.rowcount else None  # type: ignore[attr-defined]
    return WrittenFacts(
        rows.written,
        new_professions,
        new_specialties,
        written_years,
        licenses_updated=rows.updated,
        licenses_removed=rows.removed,
    )


async def remember_years_from(mongo: AsyncDatabase, resume_id: UUID, years: Decimal) -> None:
    await mongo[PARSED_RESUMES].update_one(
        {"resume_id": str(resume_id)}, {"$set": {_YEARS_FIELD: str(years)}}
    )


async def forget_years_from(
    db: AsyncSession, parsed: Mapping[str, Any] | None, candidate_id: UUID | None
) -> None:
    """Empty the profile's years of experience if this resume wrote them (and they are
    unchanged since). Does not commit."""
    stored = (parsed or {}).get(_YEARS_FIELD)
    if candidate_id is None or not stored:
        return
    await db.execute(
        update(Candidate)
        .where(Candidate.id == candidate_id)
        .where(Candidate.years_of_experience == Decimal(str(stored)))
        .values(years_of_experience=None)
    )
