"""Schools of the Education section: the degree as named, the school, the dates."""

from __future__ import annotations

import datetime

import pytest

from data_layer.resumes.parsing.education import parse_education_lines
from data_layer.resumes.parsing.text import lines_of

TODAY = datetime.date(2025, 6, 1)


def _schools(text: str) -> list[tuple[object, ...]]:
    return [
        (
            school.institution.value if school.institution else None,
            school.degree.value if school.degree else None,
            school.field.value if school.field else None,
            school.row()["end_date"],
        )
        for school in parse_education_lines(lines_of(text), TODAY)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Nursing degrees are named degrees (BSN, ADN, MSN, DNP): "in Nursing" stays.
        (
            "Associate Degree in Nursing – Lone Star College, 2015",
            [("Lone Star College", "Associate Degree in Nursing", "Nursing", "2015-12-31")],
        ),
        (
            "B.S. in Nursing, Ohio State University, May 2012",
            [("Ohio State University", "B.S. in Nursing", "Nursing", "2012-05-31")],
        ),
        (
            "Doctor of Nursing Practice | Rush University | 2021",
            [("Rush University", "Doctor of Nursing Practice", None, "2021-12-31")],
        ),
        # Another field stays out of the degree.
        (
            "Bachelor of Science in Health Sciences, Rutgers University, 2010",
            [("Rutgers University", "Bachelor of Science", "Health Sciences", "2010-12-31")],
        ),
    ],
)
def test_degrees(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _schools(text) == expected


def test_a_campus_after_at_is_part_of_the_school() -> None:
    text = "Master of Science in Nursing — University of Texas at Arlington, 2019"
    assert _schools(text)[0][0] == "University of Texas at Arlington"


@pytest.mark.parametrize(
    "text",
    [
        "ADN - UNLV Nevada State, 08/2016",
        "Associate of Science in Nursing\nUNLV Nevada State, Henderson, NV — 2016",
    ],
)
def test_a_school_named_without_university_or_college(text: str) -> None:
    assert _schools(text)[0][0] == "UNLV Nevada State"


def test_honours_are_not_a_school() -> None:
    assert _schools("BSN, Summa Cum Laude, 2014") == [(None, "BSN", None, "2014-12-31")]
