"""Tesseract's misreadings of a scanned resume, righted only where the reading is certain,
and what the parser then finds in the page that it missed before."""

from __future__ import annotations

import datetime

import pytest

from data_layer.resumes.parsing.engine import parse_resume_text
from data_layer.resumes.parsing.ocr_text import tidy_ocr_text

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("ocr", "meant"),
    [
        # A number or a date has no letters: O is 0, l and I are 1.
        ("RN, GA (nlc compact), #RNO35681, exp 6/30/2027", "#RN035681"),
        ("LPN, NY, #499950, exp O5/2O28", "exp 05/2028"),
        ("Texas RN License 88447l", "License 884471"),
        # A board's prefix with its O read as a zero, and "#" read as "4".
        ("OT | PA | 0T808323L | 5/14/2026", "| OT808323L |"),
        ("LPN, FL, 4PN8960637", "LPN, FL, #PN8960637"),
        # Roman numerals of a job title.
        ("Clinical Nurse Il, Duke University Hospital", "Clinical Nurse II,"),
        ("RN Ill (CVICU)", "RN III (CVICU)"),
        ("Clinical Nurse I!!, Duke University Hospital", "Clinical Nurse III,"),
        # A state code with a zero for its O.
        ("Denver, C0 | 2019 - 2021", "Denver, CO |"),
        # An address spaced out around "@" or a dot.
        ("Kansas City, MO * mei.abernathy.rn @ protonmail. com", "mei.abernathy.rn@protonmail.com"),
        ("rbui @outlook.com | Charlotte, NC", "rbui@outlook.com |"),
        # Table rules read as braces.
        ("RN | UT {| 013155 | NLC Compact | August 2026", "RN | UT | 013155 | NLC Compact"),
    ],
)
def test_certain_misreadings_are_righted(ocr: str, meant: str) -> None:
    assert meant in tidy_ocr_text(ocr)


@pytest.mark.parametrize(
    "written",
    [
        "Chicago, Ill. 60601",  # Illinois, not a roman numeral
        "A Registered Nurse with 8 years in ICU",
        "+1 919 427 9378 - Denver, CO",
        "eClinicalWorks, Epic",
        "Oliver Olsen, RN",  # letters stay letters in words
        "Provided care for a 5-bed unit with 1:6 patient ratio",
        "Level II NICU, 2019-2021",
        "BOLD 2020",  # a word beside a year is not a number
        "Great teamwork !!",
    ],
)
def test_what_is_written_plainly_is_left_alone(written: str) -> None:
    assert tidy_ocr_text(written) == written


def test_misread_list_markers_become_bullets_and_separators() -> None:
    ocr = (
        "m@ Documented assessments and care plans in Epic\n"
        "e Maintained 98% compliance with core measures\n"
        "w Floated to neighbouring units as needed\n"
        "Airway management « Epic « ABG analysis * High-flow nasal cannula"
    )

    assert tidy_ocr_text(ocr).splitlines() == [
        "• Documented assessments and care plans in Epic",
        "• Maintained 98% compliance with core measures",
        "• Floated to neighbouring units as needed",
        "Airway management • Epic • ABG analysis • High-flow nasal cannula",
    ]


def test_specks_around_a_heading_go() -> None:
    assert tidy_ocr_text("_ EDUCATION :\nSkills” :").splitlines() == ["EDUCATION", "Skills"]


# Tesseract's reading of one scanned page (shortened), as it comes: paragraphs apart,
# bullets misread, the address spaced out, a zero for an O.
SCANNED_PAGE = """TIFFANY BAKER, RN, BSN

baker.tiffany @icloud.com | 3053690599 | Salt Lake City, UT

Professional Experience

OR Registered Nurse

St. David's Medical Center, Austin, TX

2023 - 2025

m Provided care for a 34-bed unit with 1:6 patient ratio

m™ Documented assessments and care plans in Epic

Labor and Delivery Registered Nurse

Hennepin Healthcare, Minneapolis, MN

OCT 2022 - 2023-02

w Floated to neighbouring units as needed

Licensure

RN | UT {| O13155 | NLC Compact | August 2026

Core Competencies

Insulin drip protocols ¢ Arterial line management * Meditech ¢ Epic
"""


def test_a_tidied_scan_parses_like_the_printed_page() -> None:
    raw = parse_resume_text(SCANNED_PAGE, today=TODAY).structured_data()
    text = tidy_ocr_text(SCANNED_PAGE)
    parsed = parse_resume_text(text, today=TODAY).structured_data()

    jobs = [(job["title"], job["company"]) for job in parsed["experience"]]
    assert jobs == [
        ("OR Registered Nurse", "St. David's Medical Center"),
        ("Labor and Delivery Registered Nurse", "Hennepin Healthcare"),
    ]
    assert parsed["contact_info"]["email"] == "baker.tiffany@icloud.com"
    assert [(lic["state"], lic["number"]) for lic in parsed["licenses"]] == [("UT", "013155")]
    assert parsed["skills"] == [
        "Insulin drip protocols",
        "Arterial line management",
        "Meditech",
        "Epic",
    ]
    # Before: the jobs' headers, the address and the number were not read.
    assert [job["title"] for job in raw["experience"]] != [
        job["title"] for job in parsed["experience"]
    ]
    assert raw["contact_info"]["email"] is None
