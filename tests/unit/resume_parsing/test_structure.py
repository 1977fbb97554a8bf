"""ParsedResume's two views, and the evidence check that drops unsupported values."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from data_layer.resumes.structure import (
    Certification,
    ContactInfo,
    Evidenced,
    Experience,
    License,
    ParsedResume,
    drop_unsupported,
    evidence_supported,
)

TEXT = """Jane Doe
jane@example.com | (713) 555-0142
LICENSES
RN License - Texas #884471 (Compact) exp. 05/31/2027
CERTIFICATIONS
BLS - AHA - exp 03/2026
EXPERIENCE
Staff RN - ICU, Memorial Hermann Hospital, Houston, TX, Jan 2018 - Present
"""


def _e(value: object, evidence: str, confidence: float = 0.9) -> Evidenced[object]:
    return Evidenced(value, confidence, evidence)


def _parsed() -> ParsedResume:
    return ParsedResume(
        contact_info=ContactInfo(
            name=_e("Jane Doe", "Jane Doe"), email=_e("jane@example.com", "jane@example.com")
        ),  # type: ignore[arg-type]
        licenses=(
            License(
                type=_e("RN", "RN"),  # type: ignore[arg-type]
                state=_e("TX", "Texas"),  # type: ignore[arg-type]
                number=_e("884471", "#884471"),  # type: ignore[arg-type]
                expiration_date=_e(datetime.date(2027, 5, 31), "exp. 05/31/2027"),  # type: ignore[arg-type]
                compact=_e(True, "Compact"),  # type: ignore[arg-type]
            ),
        ),
        certifications=(
            Certification(
                name=_e("BLS", "BLS"),  # type: ignore[arg-type]
                issuer=_e("AHA", "AHA"),  # type: ignore[arg-type]
                expiration_date=_e(datetime.date(2026, 3, 31), "exp 03/2026"),  # type: ignore[arg-type]
            ),
        ),
        experience=(
            Experience(
                company=_e("Memorial Hermann Hospital", "Memorial Hermann Hospital"),  # type: ignore[arg-type]
                start_date=_e(datetime.date(2018, 1, 1), "Jan 2018"),  # type: ignore[arg-type]
                specialty=_e("ICU", "ICU"),  # type: ignore[arg-type]
                current=_e(True, "Present"),  # type: ignore[arg-type]
            ),
        ),
    )


def test_structured_data_has_exactly_the_schema_shape() -> None:
    data = _parsed().structured_data()
    assert data == {
        "contact_info": {
            "name": "Jane Doe",
            "email": "jane@example.com",
            "phone": None,
            "address": None,
        },
        "education": [],
        "experience": [
            {
                "company": "Memorial Hermann Hospital",
                "title": None,
                "location": None,
                "start_date": "2018-01-01",
                "end_date": None,
                "description": None,
            }
        ],
        "skills": [],
        "certifications": [
            {"name": "BLS", "issuer": "AHA", "date": None, "expiration_date": "2026-03-31"}
        ],
        "licenses": [
            {"type": "RN", "state": "TX", "number": "884471", "expiration_date": "2027-05-31"}
        ],
    }


def test_details_are_parallel_lists() -> None:
    details = _parsed().details()
    assert details["licenses"] == [
        {
            "compact": True,
            "fields": {
                "type": {"confidence": 0.9, "evidence": "RN"},
                "state": {"confidence": 0.9, "evidence": "Texas"},
                "number": {"confidence": 0.9, "evidence": "#884471"},
                "expiration_date": {"confidence": 0.9, "evidence": "exp. 05/31/2027"},
            },
        }
    ]
    assert details["experience"][0]["specialty"] == "ICU"
    assert details["experience"][0]["current"] is True
    assert set(details) == {
        "contact_info",
        "licenses",
        "certifications",
        "experience",
        "education",
        "skills",
    }


def test_a_fully_supported_resume_is_kept_whole() -> None:
    assert drop_unsupported(_parsed(), TEXT) == _parsed()


def test_a_value_not_in_the_text_is_dropped() -> None:
    parsed = _parsed()
    invented = dataclasses.replace(
        parsed.licenses[0],
        number=_e("123456", "#123456"),  # type: ignore[arg-type]
        state=_e("CA", "Texas"),  # evidence in the text, but it does not say CA
    )
    other = License(type=_e("LPN", "LPN"), state=_e("OH", "Ohio"))  # type: ignore[arg-type]
    parsed = dataclasses.replace(
        parsed,
        licenses=(invented, other),
        contact_info=dataclasses.replace(
            parsed.contact_info, phone=_e("(555) 123-4567", "(555) 123-4567")
        ),  # type: ignore[arg-type]
    )
    kept = drop_unsupported(parsed, TEXT)
    assert kept.structured_data()["licenses"] == [
        {"type": "RN", "state": None, "number": None, "expiration_date": "2027-05-31"}
    ]
    assert kept.contact_info.phone is None
    assert kept.contact_info.name is not None


@pytest.mark.parametrize(
    ("field", "value", "evidence"),
    [
        ("expiration_date", datetime.date(2027, 5, 1), "exp. 05/31/2027"),  # a date it does not say
        ("number", "884471", "RN License"),  # evidence in the text without the value
        ("compact", True, "RN License"),  # compact not said
    ],
)
def test_evidence_must_say_the_value(field: str, value: object, evidence: str) -> None:
    lic = dataclasses.replace(_parsed().licenses[0], **{field: _e(value, evidence)})
    kept = drop_unsupported(dataclasses.replace(_parsed(), licenses=(lic,)), TEXT)
    assert getattr(kept.licenses[0], field) is None


def test_a_certification_whose_name_is_unsupported_goes_whole() -> None:
    cert = dataclasses.replace(_parsed().certifications[0], name=_e("ACLS", "BLS"))  # type: ignore[arg-type]
    kept = drop_unsupported(dataclasses.replace(_parsed(), certifications=(cert,)), TEXT)
    assert kept.certifications == ()


def test_an_experience_specialty_and_current_need_their_words() -> None:
    job = dataclasses.replace(
        _parsed().experience[0],
        specialty=_e("NICU", "ICU"),  # type: ignore[arg-type]
        current=_e(True, "Jan 2018"),  # type: ignore[arg-type]
    )
    kept = drop_unsupported(dataclasses.replace(_parsed(), experience=(job,)), TEXT)
    assert kept.experience[0].specialty is None and kept.experience[0].current is None
    assert kept.details()["experience"][0]["current"] is False


@pytest.mark.parametrize(
    ("snippet", "supported"),
    [
        ("RN License - Texas #884471", True),
        ("rn license   -  texas  #884471", True),
        ("RN License – Texas #884471", True),  # an en dash for the hyphen
        ("Memorial Hermann Hospital, Houston, TX", True),
        ("BLS - AHA - exp 03/2026\nEXPERIENCE", True),
        ("RN License - Texas #884472", False),
        ("Methodist Hospital", False),
        ("", False),
        ("   ", False),
    ],
)
def test_evidence_supported(snippet: str, supported: bool) -> None:
    assert evidence_supported(snippet, TEXT) is supported
