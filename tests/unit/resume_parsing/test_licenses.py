"""Licenses in the many ways resumes write them: each value read, none invented."""

from __future__ import annotations

import datetime

import pytest

from data_layer.resumes.parsing.licenses import parse_license_lines
from data_layer.resumes.parsing.text import lines_of
from data_layer.resumes.structure import (
    License,
    ParsedResume,
    drop_unsupported,
    evidence_supported,
)

TODAY = datetime.date(2025, 6, 1)


def _rows(text: str) -> list[dict[str, object]]:
    licenses, _ = parse_license_lines(lines_of(text), TODAY)
    return [
        {**lic.row(), "compact": lic.compact.value if lic.compact else None} for lic in licenses
    ]


def _lic(
    type_: str | None,
    state: str | None,
    number: str | None,
    expiry: str | None,
    compact: bool | None,
) -> dict[str, object]:
    return {
        "type": type_,
        "state": state,
        "number": number,
        "expiration_date": expiry,
        "compact": compact,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "RN License - Texas #884471 (Compact) exp. 05/31/2027",
            [_lic("RN", "TX", "884471", "2027-05-31", True)],
        ),
        (
            "Registered Nurse, TX, 884471, Multistate, expires 5/2027",
            [_lic("RN", "TX", "884471", "2027-05-31", True)],
        ),
        (
            "State of California RN License 95123456 Exp 08/2026",
            [_lic("RN", "CA", "95123456", "2026-08-31", None)],
        ),
        (
            "LPN - Ohio - PN.123456 - 2026-01-31",
            [_lic("LPN", "OH", "PN.123456", "2026-01-31", None)],
        ),
        (
            "Nurse Licensure Compact (multistate) license: Florida RN9312345",
            [_lic("RN", "FL", "RN9312345", None, True)],
        ),
        (
            "RN | TX | 884471 | 05/2027\nRN | CA | 95123456 | 08/2026",
            [
                _lic("RN", "TX", "884471", "2027-05-31", None),
                _lic("RN", "CA", "95123456", "2026-08-31", None),
            ],
        ),
        (
            "Type | State | Number | Expiration\nLVN | Texas | 301122 | 11/30/2026",
            [_lic("LVN", "TX", "301122", "2026-11-30", None)],
        ),
        (
            "Registered Nurse\n  Texas Board of Nursing, License #884471\n"
            "  Compact | Expires 05/31/2027\n  California #95123456",
            [
                _lic("RN", "TX", "884471", "2027-05-31", True),
                _lic("RN", "CA", "95123456", None, None),
            ],
        ),
        ("RN - Tex. - 884471 - Multistate", [_lic("RN", "TX", "884471", None, True)]),
        (
            "TX RN 884471, exp 05/2027; CA RN 95123456, exp 08/2026",
            [
                _lic("RN", "TX", "884471", "2027-05-31", None),
                _lic("RN", "CA", "95123456", "2026-08-31", None),
            ],
        ),
        (
            "Respiratory Care Practitioner, Arizona, License No. 12345-RCP, expires 10/31/2026",
            [_lic("RT", "AZ", "12345-RCP", "2026-10-31", None)],
        ),
        (
            "Physical Therapist - Colorado - PTL.0012345 - Exp: 10/31/2026",
            [_lic("PT", "CO", "PTL.0012345", "2026-10-31", None)],
        ),
        (
            "APRN-FNP, Florida, APRN11223344, valid through 07/31/2026",
            [_lic("APRN", "FL", "APRN11223344", "2026-07-31", None)],
        ),
        (
            "RN, New York, Lic. No. 712345, single-state, exp 2026-04-30",
            [_lic("RN", "NY", "712345", "2026-04-30", False)],
        ),
        (
            "Registered Nurse - North Carolina (NLC) - License Number: 298765",
            [_lic("RN", "NC", "298765", None, True)],
        ),
        (
            "Licensed in Texas (compact) and California",
            [_lic(None, "TX", None, None, True), _lic(None, "CA", None, None, None)],
        ),
        ("CNA - Ohio #CNA-445566", [_lic("CNA", "OH", "CNA-445566", None, None)]),
        # Licensed since 2012: a year long past is no expiry.
        ("RN, Georgia, RN204455, 2012", [_lic("RN", "GA", "RN204455", None, None)]),
    ],
)
def test_license_forms(text: str, expected: list[dict[str, object]]) -> None:
    assert _rows(text) == expected


def test_a_compact_license_of_a_state_outside_the_compact_is_not_believed() -> None:
    (lic,) = parse_license_lines(lines_of("California RN, Compact, #95123456"), TODAY)[0]
    assert lic.compact is None
    assert lic.state is not None and lic.state.value == "CA" and lic.state.confidence < 0.6


def test_evidence_is_the_exact_text_of_each_value() -> None:
    line = "RN License - Texas #884471 (Compact) exp. 05/31/2027"
    (lic,) = parse_license_lines(lines_of(line), TODAY)[0]
    assert isinstance(lic, License)
    for value in (lic.type, lic.state, lic.number, lic.expiration_date, lic.compact):
        assert value is not None and value.evidence in line
    assert lic.number is not None and lic.number.evidence == "#884471"
    assert lic.expiration_date is not None and lic.expiration_date.evidence == "exp. 05/31/2027"
    assert lic.compact is not None and lic.compact.evidence == "Compact"


def test_a_bare_expiry_is_less_sure_than_a_said_one() -> None:
    (said,) = parse_license_lines(lines_of("RN, TX, 884471, exp 05/2027"), TODAY)[0]
    (bare,) = parse_license_lines(lines_of("RN | TX | 884471 | 05/2027"), TODAY)[0]
    assert said.expiration_date is not None and bare.expiration_date is not None
    assert bare.expiration_date.confidence < said.expiration_date.confidence


def test_certification_lines_are_not_licenses() -> None:
    assert _rows("BLS/ACLS/PALS - AHA - exp 03/2026\nRRT - NBRC #123456 - 2017") == []


def test_outside_a_licenses_section_only_lines_saying_license_with_a_number() -> None:
    text = "Texas RN with compact privileges\nHolds Texas RN license #884471 (compact)"
    licenses, used = parse_license_lines(lines_of(text), TODAY, in_section=False)
    assert [lic.row() for lic in licenses] == [
        {"type": "RN", "state": "TX", "number": "884471", "expiration_date": None}
    ]
    assert used == {1}
    assert licenses[0].state is not None and licenses[0].state.confidence < 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # State boards license radiologic technologists and lab scientists too.
        (
            "Radiologic Technologist - Kentucky - License 3345521 - exp. 09/2027",
            [_lic("RT", "KY", "3345521", "2027-09-30", None)],
        ),
        (
            "Medical Laboratory Scientist (MLS), New York, License 00912345",
            [_lic("MLS", "NY", "00912345", None, None)],
        ),
        # Illinois numbers: the board's profession code, a dot, the number.
        (
            "RN | Illinois | 041.387766 | 06/2027",
            [_lic("RN", "IL", "041.387766", "2027-06-30", None)],
        ),
        # A board prefix other than a nurse's says no type: Florida's CRT is a
        # radiologic technologist, not a certified respiratory therapist.
        (
            "Florida license CRT4455667, expires 04/30/2027",
            [_lic(None, "FL", "CRT4455667", "2027-04-30", None)],
        ),
    ],
)
def test_license_types_and_numbers_of_allied_boards(
    text: str, expected: list[dict[str, object]]
) -> None:
    assert _rows(text) == expected


def test_a_table_read_one_cell_a_line() -> None:
    # A Word table as text: the column titles, then each row's cells, empty ones left out.
    text = (
        "License\nState\nNumber\nExpiration\nCompact\n"
        "RRT\nNew Mexico\n0987654\n09/30/2026\n"
        "Registered Respiratory Therapist\nOklahoma\n11223\n2027-01\nSingle-state\n"
    )
    assert _rows(text) == [
        _lic("RRT", "NM", "0987654", "2026-09-30", None),
        _lic("RRT", "OK", "11223", "2027-01-31", False),
    ]


def test_a_bare_credential_line_stays_a_certification() -> None:
    # "RRT" heads nothing here: the lines after it are other certifications.
    licenses, used = parse_license_lines(lines_of("RRT\nBLS - AHA - exp 03/2027"), TODAY)
    assert licenses == [] and used == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A narrow sidebar wraps license lines: a date's year, a type's second word.
        (
            "RN License - Nevada #264059 exp. March 3,\n2026",
            [_lic("RN", "NV", "264059", "2026-03-03", None)],
        ),
        (
            "Illinois Board - Speech-Language\nPathologist, License No. 062.966777,\n"
            "Expires 7/6/2028",
            [_lic("SLP", "IL", "062.966777", "2028-07-06", None)],
        ),
        (
            "Oregon Board - Registered Nurse, License No.\r\n200684028, Expires 2028-04-01",
            [_lic("RN", "OR", "200684028", "2028-04-01", None)],
        ),
    ],
)
def test_wrapped_license_lines(text: str, expected: list[dict[str, object]]) -> None:
    assert _rows(text) == expected
    licenses, _ = parse_license_lines(lines_of(text), TODAY)
    for lic in licenses:
        for value in (lic.type, lic.state, lic.number, lic.expiration_date):
            assert value is not None and value.evidence in text


def test_a_job_line_among_the_licenses_is_not_one() -> None:
    # Two columns read side by side can put a job's header inside the Licenses section.
    text = "Texas RN License: 884471 (Compact)\n2019 - 2021 LVN, Windsor Care Center, Austin, TX"
    assert _rows(text) == [_lic("RN", "TX", "884471", None, True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A Word table read one cell a line: the compact column answers "Yes" / "No".
        (
            "License\nState\nNumber\nExpires\nCompact\n"
            "RN\nTexas\n884471\n05/2027\nYes\n"
            "RN\nCalifornia\n95123456\n08/31/2026\nNo\n"
            "LPN\nOhio\nPN123456",
            [
                _lic("RN", "TX", "884471", "2027-05-31", True),
                _lic("RN", "CA", "95123456", "2026-08-31", False),
                _lic("LPN", "OH", "PN123456", None, None),
            ],
        ),
        # A PDF table, a row a line, the column in the middle and answered with a tick.
        (
            "Type | State | Multistate | Number\nRN | FL | ✓ | RN9312345\nRN | NY | N | 499950",
            [_lic("RN", "FL", "RN9312345", None, True), _lic("RN", "NY", "499950", None, False)],
        ),
        (
            "License State Number Expires Compact\nRN  GA  RN035681  06/30/2027  Y",
            [_lic("RN", "GA", "RN035681", "2027-06-30", True)],
        ),
    ],
)
def test_a_tables_compact_column_answers_the_flag(
    text: str, expected: list[dict[str, object]]
) -> None:
    assert _rows(text) == expected
    licenses, _ = parse_license_lines(lines_of(text), TODAY)
    for lic in licenses:
        if lic.compact is not None:
            # The evidence holds the question and the answer, and the check accepts it.
            assert evidence_supported(lic.compact.evidence, text)
            assert drop_unsupported(ParsedResume(licenses=(lic,)), text).licenses == (lic,)


def test_a_yes_without_a_compact_column_says_nothing() -> None:
    text = "License\nState\nNumber\nRN\nTexas\n884471\nYes"
    assert _rows(text) == [_lic("RN", "TX", "884471", None, None)]
