"""The words of one resume in reading order, before any layout: header, sections, lines.

Every layout renders the same outline, so a resume's truth does not depend on its layout.
Template choices (headings, section order, how a job's header reads) are drawn once
per resume, as a real resume uses one template throughout.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from tests.support.resume_factory.content import License, Profile
from tests.support.resume_factory.people import Person
from tests.support.resume_factory.truth import company_written

Kind = Literal["title", "line", "bullet", "strong"]
SectionKey = Literal["summary", "licenses", "certifications", "experience", "education", "skills"]


@dataclass
class Line:
    kind: Kind
    text: str


@dataclass
class Section:
    key: SectionKey
    heading: str
    lines: list[Line] = field(default_factory=list)
    licenses: list[License] = field(default_factory=list)  # the DOCX layout draws them as a table
    skills: list[str] = field(default_factory=list)


@dataclass
class Outline:
    name_line: str
    contact: list[str]
    sections: list[Section]
    bullet: str
    skills_inline: bool

    def section(self, key: SectionKey) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


HEADINGS: dict[SectionKey, list[str]] = {
    "summary": ["Summary", "Professional Summary", "PROFILE", "Objective"],
    "licenses": ["Licenses", "LICENSURE", "Professional Licenses", "Licensure"],
    "certifications": [
        "Certifications",
        "CERTIFICATIONS",
        "Certifications & Training",
        "Credentials",
    ],
    "experience": [
        "Professional Experience",
        "EXPERIENCE",
        "Work History",
        "Clinical Experience",
        "Employment History",
    ],
    "education": ["Education", "EDUCATION", "Education & Training"],
    "skills": ["Skills", "Core Competencies", "Technical Skills", "Clinical Skills"],
}


def _experience_lines(rng: random.Random, profile: Profile, bullet: str) -> list[Line]:
    form = rng.randrange(4)
    dash = rng.choice([" - ", " – ", " to "])
    agency_form = rng.randrange(3)
    lines: list[Line] = []
    for job in profile.jobs:
        company = company_written(job.company, job.agency, agency_form)
        where = f"{job.city}, {job.state}"
        dates = f"{job.start_text}{dash}{job.end_text}"
        if form == 0:
            lines += [
                Line("strong", job.title),
                Line("line", f"{company}, {where}"),
                Line("line", dates),
            ]
        elif form == 1:
            lines += [Line("strong", f"{company} | {where} | {dates}"), Line("line", job.title)]
        elif form == 2:
            lines += [Line("strong", f"{dates}   {job.title}, {company}, {where}")]
        else:
            lines += [
                Line("strong", f"{company.upper()} — {where}"),
                Line("line", f"{job.title}    {dates}"),
            ]
        lines += [Line("bullet", d) for d in job.duties]
    return lines


def _education_lines(rng: random.Random, profile: Profile) -> list[Line]:
    form = rng.randrange(3)
    lines: list[Line] = []
    for s in profile.schools:
        when = f"{s.start_text} – {s.end_text}" if s.start_text else (s.end_text or "")
        if form == 0:
            lines += [
                Line("strong", s.degree),
                Line("line", f"{s.institution}, {s.city}, {s.state} — {when}"),
            ]
        elif form == 1:
            lines.append(Line("line", f"{s.institution} | {s.degree} | {when}"))
        else:
            lines.append(Line("line", f"{s.degree} — {s.institution}, {when}"))
    return lines


def build_outline(rng: random.Random, person: Person, profile: Profile) -> Outline:
    bullet = rng.choice(["•", "-", "*", "▪"])
    contact = [person.email, person.phone, person.address]
    rng.shuffle(contact)
    sections: dict[SectionKey, Section] = {}
    sections["summary"] = Section(
        "summary", rng.choice(HEADINGS["summary"]), [Line("line", profile.summary)]
    )
    if profile.licenses:
        sections["licenses"] = Section(
            "licenses",
            rng.choice(HEADINGS["licenses"]),
            [Line("line", lic.line) for lic in profile.licenses],
            licenses=list(profile.licenses),
        )
    if profile.cert_lines:
        sections["certifications"] = Section(
            "certifications",
            rng.choice(HEADINGS["certifications"]),
            [Line("line", c) for c in profile.cert_lines],
        )
    sections["experience"] = Section(
        "experience", rng.choice(HEADINGS["experience"]), _experience_lines(rng, profile, bullet)
    )
    sections["education"] = Section(
        "education", rng.choice(HEADINGS["education"]), _education_lines(rng, profile)
    )
    skills_inline = rng.random() < 0.6
    joiner = rng.choice([", ", " • ", " | ", "; "])
    sections["skills"] = Section(
        "skills",
        rng.choice(HEADINGS["skills"]),
        [Line("line", joiner.join(profile.skills))]
        if skills_inline
        else [Line("bullet", s) for s in profile.skills],
        skills=list(profile.skills),
    )
    if "licenses" in sections and "certifications" in sections and rng.random() < 0.25:
        # One combined heading, as many nursing resumes have.
        combined = sections.pop("certifications")
        lic = sections["licenses"]
        lic.heading = rng.choice(
            [
                "Licenses & Certifications",
                "LICENSES AND CERTIFICATIONS",
                "Licensure / Certifications",
            ]
        )
        lic.lines += combined.lines
    order: list[SectionKey] = ["summary"] if rng.random() < 0.8 else []
    middle: list[SectionKey] = [k for k in ("licenses", "certifications") if k in sections]
    if rng.random() < 0.5:
        order += [*middle, "experience", "education", "skills"]
    else:
        tail: list[SectionKey] = ["education", "skills", *middle]
        rng.shuffle(tail)
        order += ["experience", *tail]
    return Outline(person.name_line, contact, [sections[k] for k in order], bullet, skills_inline)
