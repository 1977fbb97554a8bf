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
