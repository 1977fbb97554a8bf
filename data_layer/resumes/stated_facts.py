"""A license or certification the candidate states in the chat ("I got my BLS renewed, exp
03/2026", "add my Florida RN license"), written where confirmed resume facts go.

* A license becomes (or renews) a ``candidate_licenses`` row, state and profession from
  the master tables, ``active`` or ``expired`` by date (:func:`license_status`, the
  resume pipeline's rule), and its profession a ``candidate_professions`` row, as
  :mod:`~data_layer.resumes.profile_facts` writes them. The row is the candidate's own
  entry (no ``source_resume_id``): deleting a resume keeps it, and confirming a resume
  never duplicates it. Renewing a license that is already on the profile gives its rows
  the new expiry (and the number, when it had none).
* A certification has no candidate table: the resume pipeline keeps certifications on the
  resume's ``summary`` vector row, where matching reads them. So it goes in as a
  correction of the candidate's newest read resume (the correction reader's own words,
  ``add BLS exp 2026-03-31``, applied by :func:`apply_correction`): the parsed document
  and its corrections log (a re-parse keeps it) and then the summary row
  (:func:`write_certifications`). Without a read resume there is nowhere to keep it, and
  the caller says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.master.catalog import find_profession
from data_layer.master.lookup import master_snapshot
from data_layer.models import CandidateLicense, CandidateProfession, ResumeStatus
from data_layer.resumes.corrections import apply_correction
from data_layer.resumes.parsed_store import load_parsed, save_corrections
from data_layer.resumes.profile_facts import license_status, write_certifications
from data_layer.resumes.records import ResumeOwner, list_resumes

__all__ = ["CredentialWritten", "StatedCredential", "add_certification", "add_license"]

MAX_NUMBER_CHARS: Final = 100


@dataclass(frozen=True, slots=True)
class StatedCredential:
    """A license or certification as the candidate's own message states it."""

    kind: Literal["license", "certification"]
    name: str
    """Normalised: a profession for a license ("RN"), a certification ("BLS")."""
    state: str | None = None
    """USPS code (licenses)."""
    expires_on: dt.date | None = None
    number: str | None = None


WrittenStatus = Literal["added", "updated", "unchanged", "needs_state", "unknown", "no_resume"]


@dataclass(frozen=True, slots=True)
class CredentialWritten:
    status: WrittenStatus
    label: str
    """What it is, in a few words: "TX RN license", "BLS"."""
    expires_on: dt.date | None = None
    expired: bool = False
    """The expiry given is already past."""


def _same_number(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return "".join(a.split()).upper() == "".join(b.split()).upper()


async def add_license(
    db: AsyncSession,
    candidate_id: UUID,
    stated: StatedCredential,
    *,
    today: dt.date | None = None,
) -> CredentialWritten:
    """Add (or renew) one of ``candidate_id``'s licenses. Does not commit."""
    today = today or dt.date.today()
    master = await master_snapshot(db)
    info = find_profession(stated.name)
    profession_id = master.profession_id(info.name) if info is not None else None
    state_id = master.state_id(stated.state)
    label = " ".join(p for p in (stated.state, stated.name, "license") if p)
    if profession_id is None:
        return CredentialWritten("unknown", label)
    if state_id is None:
        return CredentialWritten("needs_state", label)
    expires = stated.expires_on
    expired = expires is not None and expires < today
    number = (stated.number or "").strip()[:MAX_NUMBER_CHARS] or None
    rows = [
        row
        for row in await db.execute(
            select(
                CandidateLicense.id,
                CandidateLicense.license_number,
                CandidateLicense.expiration_date,
            ).where(
                CandidateLicense.candidate_id == candidate_id,
                CandidateLicense.state_id == state_id,
                CandidateLicense.profession_id == profession_id,
            )
        )
        if _same_number(row.license_number, number)
    ]
    await db.execute(
        insert(CandidateProfession)
        .values(candidate_id=candidate_id, profession_id=profession_id)
        .on_conflict_do_nothing(index_elements=["candidate_id", "profession_id"])
    )
    if not rows:
        db.add(
            CandidateLicense(
                candidate_id=candidate_id,
                state_id=state_id,
                profession_id=profession_id,
                license_number=number,
                expiration_date=expires,
                status=license_status(expires, today),
            )
        )
        await db.flush()
        return CredentialWritten("added", label, expires, expired)
    changed = False
    for row in rows:
        values: dict[str, object] = {}
        if expires is not None and row.expiration_date != expires:
            values |= {"expiration_date": expires, "status": license_status(expires, today)}
        if number is not None and row.license_number is None:
            values["license_number"] = number
        if values:
            await db.execute(
                update(CandidateLicense).where(CandidateLicense.id == row.id).values(**values)
            )
            changed = True
    await db.flush()
    return CredentialWritten("updated" if changed else "unchanged", label, expires, expired)


async def add_certification(
    db: AsyncSession,
    mongo: AsyncDatabase,
    candidate_id: UUID,
    stated: StatedCredential,
    *,
    today: dt.date | None = None,
) -> CredentialWritten:
    """Add (or renew) a certification on ``candidate_id``'s newest read resume. Does not
    commit PostgreSQL; the parsed document in MongoDB is written at once."""
    today = today or dt.date.today()
    label = stated.name
    expires = stated.expires_on
    expired = expires is not None and expires < today
    records = await list_resumes(db, ResumeOwner(candidate_id=candidate_id))
    record = next(
        (r for r in records if r.status == ResumeStatus.PARSED.value and r.parsed_data_id), None
    )
    parsed = await load_parsed(mongo, record.id) if record is not None else None
    if record is None or parsed is None:
        return CredentialWritten("no_resume", label, expires, expired)
    # The correction reader's own phrasing: a new card is added, a known one gets the date.
    words = f"add {stated.name}" + (f" exp {expires.isoformat()}" if expires else "")
    corrected = apply_correction(
        parsed.get("structured_data") or {}, parsed.get("details") or {}, words, today=today
    )
    if not corrected.changed:
        known = any(
            "already" in n.reason for n in corrected.not_applied
        )  # "BLS is already on the list", "... already expires ..."
        return CredentialWritten("unchanged" if known else "unknown", label, expires, expired)
    now = dt.datetime.now(dt.UTC)
    saved = await save_corrections(
        mongo,
        record.id,
        corrected.structured,
        corrected.details,
        [corrected.log_entry(words, now)],
    )
    if not saved:
        return CredentialWritten("no_resume", label, expires, expired)
    await write_certifications(db, record.id, corrected.structured)
    added = any(c.action == "added" for c in corrected.changes)
    return CredentialWritten("added" if added else "updated", label, expires, expired)
