"""Certifications under the catalog's names, with issuer and dates as written."""

from __future__ import annotations

import datetime

import pytest

from data_layer.resumes.parsing.certifications import parse_certification_lines
from data_layer.resumes.parsing.engine import parse_resume_text
from data_layer.resumes.parsing.text import lines_of
from data_layer.resumes.structure import evidence_supported

TODAY = datetime.date(2025, 6, 1)


def _rows(text: str) -> list[dict[str, object]]:
    return [c.row() for c in parse_certification_lines(lines_of(text), TODAY)]


def _cert(
    name: str, issuer: str | None = None, date: str | None = None, exp: str | None = None
) -> dict[str, object]:
    return {"name": name, "issuer": issuer, "date": date, "expiration_date": exp}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "BLS/ACLS/PALS - AHA - exp 03/2026",
            [
                _cert("BLS", "AHA", None, "2026-03-31"),
                _cert("ACLS", "AHA", None, "2026-03-31"),
                _cert("PALS", "AHA", None, "2026-03-31"),
            ],
        ),
        (
            "ACLS (American Heart Association), expires March 2026",
            [_cert("ACLS", "American Heart Association", None, "2026-03-31")],
        ),
        ("TNCC - ENA - 2025-2029", [_cert("TNCC", "ENA", "2025-01-01", "2029-12-31")]),
        (
            "BLS exp 03/2026, ACLS exp 04/2026",
            [_cert("BLS", None, None, "2026-03-31"), _cert("ACLS", None, None, "2026-04-30")],
        ),
        ("CCRN (AACN), certified 2021", [_cert("CCRN", "AACN", "2021-01-01", None)]),
        ("Basic Life Support (BLS)", [_cert("BLS")]),
        (
            "Advanced Cardiovascular Life Support, Red Cross, valid through 09/30/2026",
            [_cert("ACLS", "Red Cross", None, "2026-09-30")],
        ),
        ("NIH Stroke Scale, 2024", [_cert("NIHSS", None, "2024-01-01", None)]),
        (
            "Neonatal Resuscitation Program (NRP) - exp. 11/2025",
            [_cert("NRP", None, None, "2025-11-30")],
        ),
        (
            "PALS, ENPC (exp 2027)",
            [_cert("PALS", None, None, "2027-12-31"), _cert("ENPC", None, None, "2027-12-31")],
        ),
        (
            "Basic Life Support\n  American Heart Association\n  Expires: 03/2026",
            [_cert("BLS", "American Heart Association", None, "2026-03-31")],
        ),
        ("RRT - NBRC - 2017", [_cert("NBRC RRT", "NBRC", "2017-01-01", None)]),
        ("RNC-OB, NCC, issued 06/2022", [_cert("RNC-OB", "NCC", "2022-06-01", None)]),
        (
            "Fetal Heart Monitoring (AWHONN), Advanced, 2023",
            [_cert("AWHONN Fetal Heart Monitoring", "AWHONN", "2023-01-01", None)],
        ),
        ("BLS - AHA - 10/2026", [_cert("BLS", "AHA", None, "2026-10-31")]),
        ("• ACLS — AHA — Exp. 01/31/2027", [_cert("ACLS", "AHA", None, "2027-01-31")]),
        (
            "IV Therapy Certificate, 2019",
            [_cert("IV Therapy Certificate", None, "2019-01-01", None)],
        ),
        ("All certifications kept current.", []),
    ],
)
def test_certification_forms(text: str, expected: list[dict[str, object]]) -> None:
    assert _rows(text) == expected


def test_license_lines_are_skipped() -> None:
    lines = lines_of("RRT, Texas, #12345\nBLS - AHA")
    assert [c.row()["name"] for c in parse_certification_lines(lines, TODAY, skip={0})] == ["BLS"]


def test_evidence_of_a_shared_expiry_is_the_written_phrase() -> None:
    certs = parse_certification_lines(lines_of("BLS/ACLS - AHA - exp 03/2026"), TODAY)
    assert [c.name.evidence for c in certs if c.name] == ["BLS", "ACLS"]
    assert {c.expiration_date.evidence for c in certs if c.expiration_date} == {"exp 03/2026"}


def test_a_registry_credential_with_its_modality_spelt_out() -> None:
    text = (
        "ARRT Computed Tomography (CT), expires 2027-06\n"
        "ARRT Radiography (R) - ARRT - exp 01/31/2028\n"
    )
    assert _rows(text) == [
        _cert("ARRT (CT)", None, None, "2027-06-30"),
        _cert("ARRT (R)", "ARRT", None, "2028-01-31"),
    ]


def test_job_lines_and_dates_are_not_certifications() -> None:
    # Two columns read side by side can put a job's header and dates in this section.
    text = "Mercy Health Partners | Toledo, OH | 03/2019 - 11/2022\nNovember 2025\nBLS - AHA"
    assert _rows(text) == [_cert("BLS", "AHA")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A narrow sidebar wraps a card's line: the expiry's year, the month and year, the
        # issuer's name, or the bracketed code go onto the next line.
        (
            "Basic Life Support (Red Cross), Exp: October\n2027",
            [_cert("BLS", "Red Cross", None, "2027-10-31")],
        ),
        (
            "Pediatric Advanced Life Support (PALS), Exp:\nAug 2026",
            [_cert("PALS", None, None, "2026-08-31")],
        ),
        (
            "Basic Life Support (BLS) | American Heart\nAssociation (valid through 2026-09)",
            [_cert("BLS", "American Heart Association", None, "2026-09-30")],
        ),
        (
            "Basic Life Support (BLS) (American Heart\nAssociation), expires 9/2028",
            [_cert("BLS", "American Heart Association", None, "2028-09-30")],
        ),
        (
            "ASCP Medical Laboratory Scientist\n(MLS) (ASCP), expires November 2028",
            [_cert("ASCP (MLS)", "ASCP", None, "2028-11-30")],
        ),
    ],
)
def test_a_wrapped_certification_line_is_read_whole(
    text: str, expected: list[dict[str, object]]
) -> None:
    assert _rows(text) == expected
    for cert in parse_certification_lines(lines_of(text), TODAY):
        for value in (cert.name, cert.issuer, cert.expiration_date):
            assert value is None or evidence_supported(value.evidence, text)


def test_an_expiry_on_its_own_line_under_a_card_is_the_cards_not_a_licenses() -> None:
    # The license reader saw a date and no card on the second line, made no license of it,
    # and still kept the line from the certifications: BLS and ACLS lost their expiry.
    text = (
        "Licenses & Certifications\nRN, MI, #4704-900871, exp July 2028\n"
        "BLS, ACLS - American Heart Association\n- exp May 2028\nOCN, expires Sep 2026"
    )
    parsed = parse_resume_text(text, today=TODAY).structured_data()

    assert [(c["name"], c["expiration_date"]) for c in parsed["certifications"]] == [
        ("BLS", "2028-05-31"),
        ("ACLS", "2028-05-31"),
        ("OCN", "2026-09-30"),
    ]
    assert [(lic["number"], lic["expiration_date"]) for lic in parsed["licenses"]] == [
        ("4704-900871", "2028-07-31")
    ]
