"""Name, email, phone and address from the top of the resume."""

from __future__ import annotations

import pytest

from data_layer.resumes.parsing.contact import parse_contact
from data_layer.resumes.parsing.sections import split_sections
from data_layer.resumes.parsing.text import lines_of


def _contact(text: str) -> dict[str, object]:
    return parse_contact(text, split_sections(lines_of(text))).row()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jane Doe, RN, BSN\nHouston, TX 77030 | (713) 555-0142 | jane.doe@example.com\n",
            {
                "name": "Jane Doe",
                "email": "jane.doe@example.com",
                "phone": "(713) 555-0142",
                "address": "Houston, TX 77030",
            },
        ),
        (
            "MARIA DE LA CRUZ\n1200 Oak Street, Apt 4, San Antonio, TX 78205\n"
            "210-555-0100\nmaria@example.org\n",
            {
                "name": "MARIA DE LA CRUZ",
                "email": "maria@example.org",
                "phone": "210-555-0100",
                "address": "1200 Oak Street, Apt 4, San Antonio, TX 78205",
            },
        ),
        (
            "Name: Robert O'Neil\nPhone: +1 312.555.0166\nEmail: roneil@example.com\n",
            {
                "name": "Robert O'Neil",
                "email": "roneil@example.com",
                "phone": "+1 312.555.0166",
                "address": None,
            },
        ),
        (
            "Curriculum Vitae\nSam Lee\n\nEXPERIENCE\nStaff RN, Mercy Hospital, 2019 - Present\n",
            {"name": "Sam Lee", "email": None, "phone": None, "address": None},
        ),
    ],
)
def test_contact_forms(text: str, expected: dict[str, object]) -> None:
    assert _contact(text) == expected


def test_a_references_phone_and_email_are_not_the_candidates() -> None:
    text = "Pat Kim\n\nREFERENCES\nDr. Lee, (555) 555-0100, lee@example.com\n"
    assert _contact(text) == {"name": "Pat Kim", "email": None, "phone": None, "address": None}


@pytest.mark.parametrize(
    ("text", "name", "phone"),
    [
        # A number typed without separators, between the other contact pieces.
        ("Ana Ruiz\n4075550123 | ana.ruiz@example.com\nOrlando, FL\n", "Ana Ruiz", "4075550123"),
        # Separators followed by a space (typed so, or read so from a scan).
        ("Ana Ruiz\nana.ruiz@example.com - 919. 282. 5345\n", "Ana Ruiz", "919. 282. 5345"),
        # Particles and "St." in surnames.
        ("Mary St. Clair, LPN\n(502) 555-0144\n", "Mary St. Clair", "(502) 555-0144"),
        ("Pieter van der Merwe, RN\n(502) 555-0144\n", "Pieter van der Merwe", "(502) 555-0144"),
    ],
)
def test_names_and_phones(text: str, name: str, phone: str) -> None:
    found = _contact(text)
    assert (found["name"], found["phone"]) == (name, phone)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A narrow sidebar wraps a long name, after a hyphenated first name or an initial.
        ("MARIA-JOSE\nVILLANUEVA, RN, BSN\n(602) 555-0188\n", "MARIA-JOSE VILLANUEVA"),
        ("KAREN J.\nO'CONNOR, LPN\n(602) 555-0188\n", "KAREN J. O'CONNOR"),
    ],
)
def test_a_name_wrapped_over_two_lines(text: str, name: str) -> None:
    parsed = parse_contact(text, split_sections(lines_of(text)))
    assert parsed.name is not None and parsed.name.value == name
    assert parsed.name.evidence in text


def test_a_sidebar_read_after_the_main_column() -> None:
    # The right-hand sidebar (name and contact) comes out after the main column's text.
    text = (
        "EXPERIENCE\nStaff RN, Mercy Hospital, 2019 - Present\n- Cared for 5 patients\n"
        "EDUCATION\nBSN, Ohio State University, 2018\n"
        "DANA WHITFIELD\ndana.w@example.com\n(614) 555-0101\nColumbus, OH\n"
    )
    found = _contact(text)
    assert (found["name"], found["email"], found["phone"]) == (
        "DANA WHITFIELD",
        "dana.w@example.com",
        "(614) 555-0101",
    )
