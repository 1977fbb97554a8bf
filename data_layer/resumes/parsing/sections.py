"""A resume cut at its section headings ("LICENSURE", "Work History:", "== Education ==").

A heading is a short line made only of heading words ("professional", "work",
"history", "experience" ...) with at least one word that says the kind; decorations
(``=``, ``#``, ``*``, dashes, a trailing colon) and case do not matter. "Licenses:
RN, TX ..." is a heading with its first line inline. The part before the first heading
is the ``top`` (name and contact lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from data_layer.resumes.parsing.text import Line, clean, is_bullet, normalize_words

__all__ = ["Kind", "Section", "heading_kinds", "split_sections"]

Kind = Literal[
    "top",
    "contact",
    "summary",
    "licenses",
    "certifications",
    "experience",
    "education",
    "skills",
    "other",
]

# Words that decide a heading's kind.
_HEAD_WORDS: dict[str, Kind] = {
    "license": "licenses",
    "licenses": "licenses",
    "licence": "licenses",
    "licences": "licenses",
    "licensure": "licenses",
    "licensures": "licenses",
    "licensing": "licenses",
    "certification": "certifications",
    "certifications": "certifications",
    "certificate": "certifications",
    "certificates": "certifications",
    "certs": "certifications",
    "credentials": "certifications",
    "experience": "experience",
    "experiences": "experience",
    "employment": "experience",
    "assignments": "experience",
    "positions": "experience",
    "education": "education",
    "academic": "education",
    "academics": "education",
    "degrees": "education",
    "schooling": "education",
    "skills": "skills",
    "competencies": "skills",
    "expertise": "skills",
    "proficiencies": "skills",
    "equipment": "skills",
    "emr": "skills",
    "ehr": "skills",
    "software": "skills",
    "technologies": "skills",
    "summary": "summary",
    "profile": "summary",
    "objective": "summary",
    "overview": "summary",
    "highlights": "summary",
    "qualifications": "summary",
    "about": "summary",
    "contact": "contact",
    "references": "other",
    "volunteer": "other",
    "volunteering": "other",
    "awards": "other",
    "honors": "other",
    "honours": "other",
    "languages": "other",
    "memberships": "other",
    "affiliations": "other",
    "associations": "other",
    "publications": "other",
    "rotations": "other",
    "activities": "other",
    "interests": "other",
    "achievements": "other",
    "accomplishments": "other",
    "projects": "other",
    "research": "other",
    "presentations": "other",
    "hobbies": "other",
    "preceptorships": "other",
    "preceptorship": "other",
    "practicum": "other",
    "externship": "other",
    "externships": "other",
}
# Words that may stand around them ("Professional Work History", "Skills & Equipment").
_MODIFIERS = frozenset(
    [
        "professional",
        "work",
        "clinical",
        "relevant",
        "nursing",
        "recent",
        "travel",
        "history",
        "career",
        "and",
        "of",
        "my",
        "key",
        "core",
        "technical",
        "active",
        "current",
        "state",
        "board",
        "related",
        "healthcare",
        "medical",
        "additional",
        "other",
        "selected",
        "select",
        "areas",
        "computer",
        "personal",
        "information",
        "info",
        "details",
        "training",
        "background",
        "educational",
        "record",
        "registrations",
        "registration",
        "systems",
        "practice",
        "hospital",
        "allied",
        "therapy",
        "summary",
        "profile",
        "job",
        "registry",
        "national",
        "certifying",
        "professionals",
        "life",
        "support",
    ]
)
# "Work History" / "Career History" / "Training" alone are experience / education.
_PHRASES: dict[str, Kind] = {
    "work history": "experience",
    "career history": "experience",
    "employment history": "experience",
    "professional history": "experience",
    "history": "experience",
    "training": "education",
    "education and training": "education",
    "contact information": "contact",
    "personal information": "contact",
    "clinical rotations": "other",
}

# Inline headings ("Skills: Epic, Cerner") only with these words: "EMR: Epic" or
# "Experience: 5 years" inside a section does not start another.
_INLINE_WORDS = frozenset(
    [
        "license",
        "licenses",
        "licensure",
        "licence",
        "licences",
        "certifications",
        "certification",
        "certs",
        "credentials",
        "skills",
        "education",
    ]
)

_DECORATION = re.compile(r"^[\s=#*_~|>•\-:]+|[\s=#*_~|<•\-:]+$")
_INLINE = re.compile(r"^\s*(?P<head>[A-Za-z][A-Za-z &/,]{2,48}?)\s*:\s*(?P<rest>\S.*)$")


@dataclass(slots=True)
class Section:
    kinds: frozenset[Kind]
    heading: Line | None
    lines: list[Line] = field(default_factory=list)
    """The body: the inline rest of the heading line (as a line of its own) and the lines
    down to the next heading."""

    @property
    def heading_text(self) -> str:
        return self.heading.text if self.heading is not None else ""

    def has(self, kind: Kind) -> bool:
        return kind in self.kinds


def heading_kinds(text: str) -> frozenset[Kind]:
    """The kinds a heading line says (``"Licenses & Certifications"`` -> both), or none."""
    bare = _DECORATION.sub("", clean(text)).strip()
    if not bare or len(bare) > 60 or any(ch.isdigit() for ch in bare):
        return frozenset()
    words = normalize_words(bare).split()
    if not words or len(words) > 6:
        return frozenset()
    phrase = " ".join(words)
    if phrase in _PHRASES:
        return frozenset({_PHRASES[phrase]})
    kinds = {_HEAD_WORDS[w] for w in words if w in _HEAD_WORDS}
    if not kinds or not all(w in _HEAD_WORDS or w in _MODIFIERS for w in words):
        return frozenset()
    return frozenset(kinds)


def _as_heading(line: Line) -> tuple[frozenset[Kind], Line | None]:
    """The kinds of a heading line, and the inline rest ("Skills: Epic, Cerner") if any."""
    if is_bullet(line.text):
        return frozenset(), None
    kinds = heading_kinds(line.text)
    if kinds:
        return kinds, None
    match = _INLINE.match(line.text)
    if match:
        kinds = heading_kinds(match.group("head"))
        if kinds and _INLINE_WORDS.intersection(normalize_words(match.group("head")).split()):
            start = match.start("rest")
            return kinds, Line(number=line.number, start=line.start + start, text=line.text[start:])
    return frozenset(), None


def split_sections(lines: list[Line]) -> list[Section]:
    """The sections of a resume in order; the first is the ``top`` (possibly empty)."""
    sections = [Section(kinds=frozenset({"top"}), heading=None)]
    for line in lines:
        kinds, inline = _as_heading(line)
        if kinds:
            section = Section(kinds=kinds, heading=line)
            if inline is not None:
                section.lines.append(inline)
            sections.append(section)
        else:
            sections[-1].lines.append(line)
    return sections
