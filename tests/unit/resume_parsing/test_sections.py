"""Section headings in their many spellings."""

from __future__ import annotations

import pytest

from data_layer.resumes.parsing.sections import heading_kinds, split_sections
from data_layer.resumes.parsing.text import lines_of


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        ("LICENSES", {"licenses"}),
        ("Licensure:", {"licenses"}),
        ("Professional Licenses", {"licenses"}),
        ("Licenses & Certifications", {"licenses", "certifications"}),
        ("LICENSURE AND CERTIFICATIONS", {"licenses", "certifications"}),
        ("Certifications", {"certifications"}),
        ("== Credentials ==", {"certifications"}),
        ("PROFESSIONAL EXPERIENCE", {"experience"}),
        ("Work History", {"experience"}),
        ("Employment History:", {"experience"}),
        ("Travel Assignments", {"experience"}),
        ("Clinical Experience", {"experience"}),
        ("Education", {"education"}),
        ("EDUCATION & TRAINING", {"education"}),
        ("Skills", {"skills"}),
        ("Core Competencies", {"skills"}),
        ("Clinical Skills & Equipment", {"skills"}),
        ("Professional Summary", {"summary"}),
        ("Objective", {"summary"}),
        ("Contact Information", {"contact"}),
        ("References", {"other"}),
        ("Clinical Rotations", {"other"}),
        ("### Volunteer Experience ###", {"other", "experience"}),
    ],
)
def test_headings(line: str, kinds: set[str]) -> None:
    assert heading_kinds(line) == kinds


@pytest.mark.parametrize(
    "line",
    [
        "Registered Nurse License",
        "Staff Nurse, ICU",
        "Managed care for 5 patients",
        "Jane Doe",
        "Texas Board of Nursing",
        "Experience with Epic and Cerner across 3 hospitals",
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert heading_kinds(line) == frozenset()


def test_inline_heading_keeps_its_first_line() -> None:
    sections = split_sections(lines_of("Jane Doe\nSkills: Epic, Cerner\nTelemetry"))
    assert [sorted(s.kinds) for s in sections] == [["top"], ["skills"]]
    assert [line.text for line in sections[1].lines] == ["Epic, Cerner", "Telemetry"]


def test_a_bullet_is_never_a_heading() -> None:
    sections = split_sections(lines_of("EXPERIENCE\n- Education\n• Skills"))
    assert len(sections) == 2
