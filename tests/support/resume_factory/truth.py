"""The ground truth of one synthetic resume, in the contract's structured_data + details shape."""

from __future__ import annotations

import datetime
from typing import Any

from tests.support.resume_factory.content import Profile
from tests.support.resume_factory.people import Person


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _fields(**evidence: str | None) -> dict[str, dict[str, Any]]:
    return {k: {"confidence": 1.0, "evidence": v} for k, v in evidence.items() if v}


def company_written(company: str, agency: str | None, form: int) -> str:
    if agency is None:
        return company
    return [
        f"{company} (via {agency})",
        f"{company} - via {agency}",
        f"{company}, through {agency}",
    ][form % 3]


def ground_truth(person: Person, profile: Profile) -> dict[str, Any]:
    """``{"structured_data": ..., "details": ..., "aliases": ...}`` for scoring.

    ``aliases`` holds other acceptable spellings where the contract leaves room
    (an employer written "Tampa General Hospital (via AMN)" may be read either whole
    or as the facility alone); the bench accepts any of them.
    """
    structured = {
        "contact_info": {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "address": person.address,
        },
        "education": [
            {
                "institution": s.institution,
                "degree": s.degree,
                "field": s.field,
                "start_date": _iso(s.start),
                "end_date": _iso(s.end),
            }
            for s in profile.schools
        ],
        "experience": [
            {
                "company": j.company,
                "title": j.title,
                "location": f"{j.city}, {j.state}",
                "start_date": _iso(j.start),
                "end_date": _iso(j.end),
                "description": "\n".join(j.duties) or None,
            }
            for j in profile.jobs
        ],
        "skills": list(profile.skills),
        "certifications": [
            {
                "name": c.name,
                "issuer": c.issuer,
                "date": None,
                "expiration_date": _iso(c.expiration),
            }
            for c in profile.certifications
        ],
        "licenses": [
            {
                "type": lic.type,
                "state": lic.state,
                "number": lic.number,
                "expiration_date": _iso(lic.expiration),
            }
            for lic in profile.licenses
        ],
    }
    details = {
        "contact_info": _fields(
            name=person.name, email=person.email, phone=person.phone, address=person.address
        ),
        "licenses": [
            {
                "compact": lic.compact,
                "fields": _fields(type=lic.line, state=lic.line, number=lic.number),
            }
            for lic in profile.licenses
        ],
        "certifications": [
            {"fields": _fields(name=c.written_name, expiration_date=c.expiry_text)}
            for c in profile.certifications
        ],
        "experience": [
            {
                "specialty": j.specialty,
                "current": j.current,
                "fields": _fields(
                    company=j.company, title=j.title, start_date=j.start_text, end_date=j.end_text
                ),
            }
            for j in profile.jobs
        ],
        "education": [
            {"fields": _fields(institution=s.institution, degree=s.degree, end_date=s.end_text)}
            for s in profile.schools
        ],
        "skills": [{"confidence": 1.0, "evidence": s} for s in profile.skills],
    }
    aliases = {
        "experience_company": [
            sorted({j.company, *(company_written(j.company, j.agency, f) for f in range(3))})
            for j in profile.jobs
        ],
        "education_degree": [s.degree_canonical for s in profile.schools],
        "profession": profile.profession.key,
    }
    return {"structured_data": structured, "details": details, "aliases": aliases}
