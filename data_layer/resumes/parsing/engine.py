"""The deterministic engine: :func:`parse_resume_text`, a resume's text to a ParsedResume."""

from __future__ import annotations

import datetime

from data_layer.resumes.parsing.certifications import parse_certification_lines
from data_layer.resumes.parsing.contact import parse_contact
from data_layer.resumes.parsing.education import parse_education_lines
from data_layer.resumes.parsing.experience import parse_experience_lines
from data_layer.resumes.parsing.licenses import parse_license_lines
from data_layer.resumes.parsing.model import Certification, License, ParsedResume
from data_layer.resumes.parsing.sections import Section, split_sections
from data_layer.resumes.parsing.skills import parse_skill_lines
from data_layer.resumes.parsing.text import lines_of

__all__ = ["parse_resume_text"]

_CREDENTIALS = ("licenses", "certifications")


def _credentials(
    sections: list[Section], today: datetime.date
) -> tuple[list[License], list[Certification]]:
    licenses: list[License] = []
    certifications: list[Certification] = []
    for section in sections:
        if any(section.has(k) for k in _CREDENTIALS):
            found, used = parse_license_lines(section.lines, today, heading=section.heading)
            licenses.extend(found)
            certifications.extend(parse_certification_lines(section.lines, today, skip=used))
    if not licenses:
        # No licenses section: only a line that says "license" with a number counts.
        for section in sections:
            if not section.has("experience") and not any(section.has(k) for k in _CREDENTIALS):
                found, _ = parse_license_lines(section.lines, today, in_section=False)
                licenses.extend(found)
    return _unique_licenses(licenses), _unique_certifications(certifications)


def _unique_licenses(licenses: list[License]) -> list[License]:
    seen: set[tuple[str | None, ...]] = set()
    kept: list[License] = []
    for lic in licenses:
        key = tuple(None if v is None else str(v.value) for v in (lic.type, lic.state, lic.number))
        if key not in seen:
            seen.add(key)
            kept.append(lic)
    return kept


def _unique_certifications(certifications: list[Certification]) -> list[Certification]:
    seen: set[str] = set()
    kept: list[Certification] = []
    for cert in certifications:
        key = cert.name.value if cert.name is not None else ""
        if key not in seen:
            seen.add(key)
            kept.append(cert)
    return kept


def parse_resume_text(text: str, *, today: datetime.date) -> ParsedResume:
    """The resume in ``text`` as values with evidence; ``today`` reads two-digit years and
    tells a past date from an expiry. Deterministic, no model, a few milliseconds."""
    lines = lines_of(text)
    sections = split_sections(lines)
    licenses, certifications = _credentials(sections, today)
    experience = [
        job
        for section in sections
        if section.has("experience")
        for job in parse_experience_lines(section.lines, text, today)
    ]
    education = [
        school
        for section in sections
        if section.has("education")
        for school in parse_education_lines(section.lines, today)
    ]
    skills = [
        skill
        for section in sections
        if section.has("skills")
        for skill in parse_skill_lines(section.lines)
    ]
    return ParsedResume(
        contact_info=parse_contact(text, sections),
        education=tuple(education),
        experience=tuple(experience),
        skills=tuple(skills),
        certifications=tuple(certifications),
        licenses=tuple(licenses),
    )
