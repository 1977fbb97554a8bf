"""Jobs in the header layouts resumes use: company, title, location, dates, specialty."""

from __future__ import annotations

import datetime

import pytest

from data_layer.resumes.parsing.experience import parse_experience_lines
from data_layer.resumes.parsing.text import lines_of

TODAY = datetime.date(2025, 6, 1)


def _jobs(text: str) -> list[tuple[object, ...]]:
    jobs = parse_experience_lines(lines_of(text), text, TODAY)
    return [
        (
            job.company.value if job.company else None,
            job.title.value if job.title else None,
            job.location.value if job.location else None,
            job.row()["start_date"],
            job.row()["end_date"],
            job.specialty.value if job.specialty else None,
            job.current is not None,
        )
        for job in jobs
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Travel RN - ICU, Methodist Hospital (via AMN), Houston, TX, 06/2021 - 12/2021",
            [
                (
                    "Methodist Hospital",
                    "Travel RN - ICU",
                    "Houston, TX",
                    "2021-06-01",
                    "2021-12-31",
                    "ICU",
                    False,
                )
            ],
        ),
        (
            "ER Registered Nurse — Tampa General Hospital — Tampa, FL — Jun '19 - Current",
            [
                (
                    "Tampa General Hospital",
                    "ER Registered Nurse",
                    "Tampa, FL",
                    "2019-06-01",
                    None,
                    "ER",
                    True,
                )
            ],
        ),
        (
            "Travel RN, Emergency Department | Grady Memorial Hospital (Aya Healthcare)"
            " | Atlanta, GA | 01/2018 - 05/2019",
            [
                (
                    "Grady Memorial Hospital",
                    "Travel RN, Emergency Department",
                    "Atlanta, GA",
                    "2018-01-01",
                    "2019-05-31",
                    "ER",
                    False,
                )
            ],
        ),
        (
            "Mercy Hospital\nStaff Nurse, Telemetry\nMarch 2015 to date\n- 5:1 ratio",
            [
                (
                    "Mercy Hospital",
                    "Staff Nurse, Telemetry",
                    None,
                    "2015-03-01",
                    None,
                    "Telemetry",
                    True,
                )
            ],
        ),
        (
            "PICU RN at Texas Children's Hospital, Houston, TX  2016-03 to 2018-11",
            [
                (
                    "Texas Children's Hospital",
                    "PICU RN",
                    "Houston, TX",
                    "2016-03-01",
                    "2018-11-30",
                    "PICU",
                    False,
                )
            ],
        ),
        (
            "Travel RN | AMN Healthcare | 2020 - 2021\n"
            "Travel ICU RN - Grady Memorial Hospital - AMN Healthcare - Atlanta, GA - 2021 - 2022",
            [
                ("AMN Healthcare", "Travel RN", None, "2020-01-01", "2021-12-31", None, False),
                (
                    "Grady Memorial Hospital",
                    "Travel ICU RN",
                    "Atlanta, GA",
                    "2021-01-01",
                    "2022-12-31",
                    "ICU",
                    False,
                ),
            ],
        ),
        # Two jobs with a gap between them; no bullets, so the header layout decides.
        (
            "Charge Nurse\nBaptist Health, Louisville, KY\n2020 - Present\n"
            "Staff Nurse, Med-Surg\nNorton Hospital\n2014 - 2017",
            [
                (
                    "Baptist Health",
                    "Charge Nurse",
                    "Louisville, KY",
                    "2020-01-01",
                    None,
                    None,
                    True,
                ),
                (
                    "Norton Hospital",
                    "Staff Nurse, Med-Surg",
                    None,
                    "2014-01-01",
                    "2017-12-31",
                    "Med-Surg",
                    False,
                ),
            ],
        ),
    ],
)
def test_job_headers(text: str, expected: list[tuple[object, ...]]) -> None:
    assert _jobs(text) == expected


def test_a_sentence_with_numbers_is_description_not_a_job() -> None:
    text = "Staff RN, Mercy Hospital, 2019 - Present\nEvaluate and treat 12-14 patients per day."
    (job,) = parse_experience_lines(lines_of(text), text, TODAY)
    assert job.description is not None
    assert job.description.value == "Evaluate and treat 12-14 patients per day."


def test_no_dates_no_jobs() -> None:
    text = "Staff RN, Mercy Hospital\n- cared for patients"
    assert parse_experience_lines(lines_of(text), text, TODAY) == []


def test_duties_without_bullets_are_description_not_headers() -> None:
    # A Word list pasted as text: the duties lost their bullets.
    text = (
        "Staff Nurse, Oncology\nSt. Luke's Hospital, Boise, ID\n01/2021 - Present\n"
        "Administered chemotherapy and monitored for adverse reactions\n"
        "Unit: Inpatient Oncology\n"
        "Charge Nurse\nSaint Alphonsus Regional Medical Center, Boise, ID\n03/2017 - 12/2020\n"
        "Supervised a team of six nurses on night shift\n"
    )
    jobs = _jobs(text)
    assert [(j[0], j[1]) for j in jobs] == [
        ("St. Luke's Hospital", "Staff Nurse, Oncology"),
        ("Saint Alphonsus Regional Medical Center", "Charge Nurse"),
    ]
    first = parse_experience_lines(lines_of(text), text, TODAY)[0]
    assert first.description is not None
    assert first.description.value.splitlines() == [
        "Administered chemotherapy and monitored for adverse reactions",
        "Unit: Inpatient Oncology",
    ]


def test_a_long_header_line_with_an_agency_and_a_location() -> None:
    text = (
        "Registered Nurse - PCU\n"
        "Sentara Norfolk General Hospital - via Cross Country Nurses, Norfolk, VA\n"
        "2022 - Present\n- Cared for 4-5 telemetry patients\n"
    )
    assert _jobs(text) == [
        (
            "Sentara Norfolk General Hospital",
            "Registered Nurse - PCU",
            "Norfolk, VA",
            "2022-01-01",
            None,
            "Step-Down",
            True,
        )
    ]


@pytest.mark.parametrize(
    ("header", "company"),
    [
        (
            "UCHealth University of Colorado Hospital - Anschutz",
            "UCHealth University of Colorado Hospital - Anschutz",
        ),
        ("ST. JOSEPH'S HOSPITAL - WEST", "ST. JOSEPH'S HOSPITAL - WEST"),
    ],
)
def test_a_campus_after_a_dash_belongs_to_the_company(header: str, company: str) -> None:
    text = f"{header} | Denver, CO | 2019 - 2021\nICU Registered Nurse\n- 2:1 ratio\n"
    assert _jobs(text)[0][:2] == (company, "ICU Registered Nurse")


@pytest.mark.parametrize(
    ("header", "company", "title"),
    [
        ("Home Health RN at Kindred at Home | 2019 - 2021", "Kindred at Home", "Home Health RN"),
        ("Kindred at Home | Home Health RN | 2019 - 2021", "Kindred at Home", "Home Health RN"),
        ("Staff RN at Mercy Hospital | 2019 - 2021", "Mercy Hospital", "Staff RN"),
    ],
)
def test_a_company_named_with_at_is_not_cut(header: str, company: str, title: str) -> None:
    assert _jobs(f"{header}\n- Visits and care plans\n")[0][:2] == (company, title)


@pytest.mark.parametrize(
    ("duties", "specialty"),
    [
        ("- Unit: 32-bed CVICU\n- Titrated drips", "CVICU"),
        ("- Department - Emergency Department\n- Triage", "ER"),
        ("- Setting: Med-Surg / Telemetry\n- 5:1 ratio", "Med-Surg"),
        ("- Cared for ICU overflow patients", None),  # a unit named in passing is not the job's
    ],
)
def test_a_labelled_unit_in_the_duties_gives_the_specialty(
    duties: str, specialty: str | None
) -> None:
    text = f"Staff Registered Nurse\nMercy Hospital | 2019 - 2021\n{duties}\n"
    assert _jobs(text)[0][5] == specialty


def test_a_unit_in_brackets_after_the_title_keeps_it_a_title() -> None:
    text = (
        "Emory University Hospital | Atlanta, GA | 2025-05 - Present\n"
        "Patient Care Assistant (Long-Term Care)\n- Precepted new aides\n"
    )
    assert _jobs(text)[0][:2] == (
        "Emory University Hospital",
        "Patient Care Assistant (Long-Term Care)",
    )
    assert _jobs(text)[0][5] == "Long-Term Care"


@pytest.mark.parametrize(
    ("header", "company"),
    [
        (
            "Oncology Registered Nurse\nBanner - University\nMedical Center Phoenix\n2019 - 2021",
            "Banner - University Medical Center Phoenix",
        ),
        (
            "Travel Med/Surg RN\nEmory University\nHospital\n2019 - 2021",
            "Emory University Hospital",
        ),
        ("Staff RN\nMercy Hospital\n2019 - 2021", "Mercy Hospital"),
        ("Staff RN\nMercy Hospital\nMedical ICU\n2019 - 2021", "Mercy Hospital"),
    ],
)
def test_a_facility_name_wrapped_in_a_narrow_column_is_one_company(
    header: str, company: str
) -> None:
    assert _jobs(f"{header}\n- Chemotherapy and biotherapy\n")[0][0] == company
