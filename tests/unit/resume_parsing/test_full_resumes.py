"""End to end: realistic resumes parsed to exactly the expected structured_data."""

from __future__ import annotations

import datetime

import pytest

from data_layer.resumes.parsing.engine import parse_resume_text
from data_layer.resumes.structure import drop_unsupported, evidence_supported

TODAY = datetime.date(2025, 6, 1)

ICU_TRAVEL_RN = """\
JESSICA M. ALVAREZ, RN, BSN
Houston, TX 77030 | (713) 555-0142 | jessica.alvarez@example.com

PROFESSIONAL SUMMARY
ICU travel nurse with 7 years of critical care experience in Level I trauma centers.

LICENSES
RN License - Texas #884471 (Compact) exp. 05/31/2027
State of California RN License 95123456 Exp 08/2026

CERTIFICATIONS
BLS/ACLS/PALS - AHA - exp 03/2026
TNCC - ENA - 2025-2029
CCRN (AACN), certified 2021

PROFESSIONAL EXPERIENCE
Travel RN - ICU, Methodist Hospital (via AMN), Houston, TX, 06/2021 - 12/2021
• Cared for 2-3 critically ill adults per shift, including CRRT and ECMO patients
• Precepted new travelers on unit protocols

Staff Nurse, Cardiac ICU                                   Jan 2018 - Present
Memorial Hermann Hospital, Houston, TX
- Charge nurse 2 shifts per week for a 24-bed CVICU
- Titrated vasoactive drips per protocol

Registered Nurse, Medical-Surgical
St. Luke's Health | Sugar Land, TX
June 2016 - December 2017
- Managed care for 5-6 patients

EDUCATION
Bachelor of Science in Nursing (BSN), University of Texas Health Science Center, 2016

SKILLS
Epic, Cerner, Ventilator management, CRRT; Arterial lines
"""

ICU_TRAVEL_RN_EXPECTED = {
    "contact_info": {
        "name": "JESSICA M. ALVAREZ",
        "email": "jessica.alvarez@example.com",
        "phone": "(713) 555-0142",
        "address": "Houston, TX 77030",
    },
    "education": [
        {
            "institution": "University of Texas Health Science Center",
            # A BSN, not any bachelor of science: the nursing degree keeps its field.
            "degree": "Bachelor of Science in Nursing",
            "field": "Nursing",
            "start_date": None,
            "end_date": "2016-12-31",
        }
    ],
    "experience": [
        {
            "company": "Methodist Hospital",
            "title": "Travel RN - ICU",
            "location": "Houston, TX",
            "start_date": "2021-06-01",
            "end_date": "2021-12-31",
            "description": "Cared for 2-3 critically ill adults per shift, including "
            "CRRT and ECMO patients\n"
            "Precepted new travelers on unit protocols",
        },
        {
            "company": "Memorial Hermann Hospital",
            "title": "Staff Nurse, Cardiac ICU",
            "location": "Houston, TX",
            "start_date": "2018-01-01",
            "end_date": None,
            "description": "Charge nurse 2 shifts per week for a 24-bed CVICU\n"
            "Titrated vasoactive drips per protocol",
        },
        {
            "company": "St. Luke's Health",
            "title": "Registered Nurse, Medical-Surgical",
            "location": "Sugar Land, TX",
            "start_date": "2016-06-01",
            "end_date": "2017-12-31",
            "description": "Managed care for 5-6 patients",
        },
    ],
    "skills": ["Epic", "Cerner", "Ventilator management", "CRRT", "Arterial lines"],
    "certifications": [
        {"name": "BLS", "issuer": "AHA", "date": None, "expiration_date": "2026-03-31"},
        {"name": "ACLS", "issuer": "AHA", "date": None, "expiration_date": "2026-03-31"},
        {"name": "PALS", "issuer": "AHA", "date": None, "expiration_date": "2026-03-31"},
        {"name": "TNCC", "issuer": "ENA", "date": "2025-01-01", "expiration_date": "2029-12-31"},
        {"name": "CCRN", "issuer": "AACN", "date": "2021-01-01", "expiration_date": None},
    ],
    "licenses": [
        {"type": "RN", "state": "TX", "number": "884471", "expiration_date": "2027-05-31"},
        {"type": "RN", "state": "CA", "number": "95123456", "expiration_date": "2026-08-31"},
    ],
}

LPN = """\
Marcus T. Greene, LPN
4410 Maple Ave, Apt 2B
Columbus, OH 43215
Cell: 614-555-0199  |  mgreene.lpn@example.org

Objective
Dependable LPN seeking a long-term care position.

Licensure
LPN - Ohio - PN.123456 - 2026-01-31

Certifications:
CPR (American Red Cross) 2024
IV Therapy Certificate, 2019

Work History
Licensed Practical Nurse | Brookdale Senior Living | Columbus, OH | Mar 2019 – Current
* Passed medications for 28 residents on a skilled nursing unit
* Performed wound care and documented in PointClickCare

Charge Nurse (LPN) | Sunrise Manor Nursing Home | Dublin, OH | 08/2017 – 02/2019
* Supervised 4 STNAs

Education
Practical Nursing Diploma
Columbus State Community College, Columbus, OH
2016 - 2017
"""

LPN_EXPECTED = {
    "contact_info": {
        "name": "Marcus T. Greene",
        "email": "mgreene.lpn@example.org",
        "phone": "614-555-0199",
        "address": "4410 Maple Ave, Apt 2B, Columbus, OH 43215",
    },
    "education": [
        {
            "institution": "Columbus State Community College",
            "degree": "Diploma",
            "field": "Practical Nursing",
            "start_date": "2016-01-01",
            "end_date": "2017-12-31",
        }
    ],
    "experience": [
        {
            "company": "Brookdale Senior Living",
            "title": "Licensed Practical Nurse",
            "location": "Columbus, OH",
            "start_date": "2019-03-01",
            "end_date": None,
            "description": "Passed medications for 28 residents on a skilled nursing "
            "unit\n"
            "Performed wound care and documented in PointClickCare",
        },
        {
            "company": "Sunrise Manor Nursing Home",
            "title": "Charge Nurse (LPN)",
            "location": "Dublin, OH",
            "start_date": "2017-08-01",
            "end_date": "2019-02-28",
            "description": "Supervised 4 STNAs",
        },
    ],
    "skills": [],
    "certifications": [
        {
            "name": "BLS",
            "issuer": "American Red Cross",
            "date": "2024-01-01",
            "expiration_date": None,
        },
        {
            "name": "IV Therapy Certificate",
            "issuer": None,
            "date": "2019-01-01",
            "expiration_date": None,
        },
    ],
    "licenses": [
        {"type": "LPN", "state": "OH", "number": "PN.123456", "expiration_date": "2026-01-31"}
    ],
}

RESPIRATORY_THERAPIST = """\
Priya Natarajan, RRT
Phoenix, Arizona | priya.rrt@example.com | (602) 555-0117

LICENSES & CERTIFICATIONS
Respiratory Care Practitioner, Arizona, License No. 12345-RCP, expires 10/31/2026
RRT - NBRC - 2017
NRP (AAP), exp. 11/2025
ACLS (American Heart Association), expires March 2026

EXPERIENCE
Banner - University Medical Center Phoenix
Registered Respiratory Therapist, Adult Critical Care
Sept 2019 - Present
- Managed ventilators (Hamilton G5, Servo-i) for 12-bed MICU
- Performed ABGs and bronchoscopy assists

Phoenix Children's Hospital
Respiratory Therapist, NICU
Jul 2017 - Aug 2019
- Neonatal high-frequency oscillatory ventilation

EDUCATION
A.S. Respiratory Therapy - GateWay Community College, Phoenix, AZ - May 2017
"""

RESPIRATORY_THERAPIST_EXPECTED = {
    "contact_info": {
        "name": "Priya Natarajan",
        "email": "priya.rrt@example.com",
        "phone": "(602) 555-0117",
        "address": "Phoenix, Arizona",
    },
    "education": [
        {
            "institution": "GateWay Community College",
            "degree": "A.S.",
            "field": "Respiratory Therapy",
            "start_date": None,
            "end_date": "2017-05-31",
        }
    ],
    "experience": [
        {
            "company": "Banner - University Medical Center Phoenix",
            "title": "Registered Respiratory Therapist, Adult Critical Care",
            "location": None,
            "start_date": "2019-09-01",
            "end_date": None,
            "description": "Managed ventilators (Hamilton G5, Servo-i) for 12-bed MICU\n"
            "Performed ABGs and bronchoscopy assists",
        },
        {
            "company": "Phoenix Children's Hospital",
            "title": "Respiratory Therapist, NICU",
            "location": None,
            "start_date": "2017-07-01",
            "end_date": "2019-08-31",
            "description": "Neonatal high-frequency oscillatory ventilation",
        },
    ],
    "skills": [],
    "certifications": [
        {"name": "NBRC RRT", "issuer": "NBRC", "date": "2017-01-01", "expiration_date": None},
        {"name": "NRP", "issuer": "AAP", "date": None, "expiration_date": "2025-11-30"},
        {
            "name": "ACLS",
            "issuer": "American Heart Association",
            "date": None,
            "expiration_date": "2026-03-31",
        },
    ],
    "licenses": [
        {"type": "RT", "state": "AZ", "number": "12345-RCP", "expiration_date": "2026-10-31"}
    ],
}

PHYSICAL_THERAPIST = """\
DANIEL KOWALSKI, PT, DPT
Denver, CO 80203 · daniel.kowalski@example.net · 303.555.0188

LICENSE
Physical Therapist - Colorado - PTL.0012345 - Exp: 10/31/2026

EXPERIENCE
Physical Therapist — Outpatient Orthopedics        2020 - Present
Front Range Physical Therapy, Denver, CO
Evaluate and treat 12-14 patients per day.

Physical Therapist, Acute Care                     2019 - 2020
UCHealth University of Colorado Hospital, Aurora, CO

EDUCATION
Doctor of Physical Therapy (DPT), Regis University, 2019
B.S. Kinesiology, Colorado State University, 2016

SKILLS
Manual therapy; Dry needling; Vestibular rehab; Epic
"""

PHYSICAL_THERAPIST_EXPECTED = {
    "contact_info": {
        "name": "DANIEL KOWALSKI",
        "email": "daniel.kowalski@example.net",
        "phone": "303.555.0188",
        "address": "Denver, CO 80203",
    },
    "education": [
        {
            "institution": "Regis University",
            "degree": "Doctor of Physical Therapy",
            "field": None,
            "start_date": None,
            "end_date": "2019-12-31",
        },
        {
            "institution": "Colorado State University",
            "degree": "B.S.",
            "field": "Kinesiology",
            "start_date": None,
            "end_date": "2016-12-31",
        },
    ],
    "experience": [
        {
            "company": "Front Range Physical Therapy",
            "title": "Physical Therapist — Outpatient Orthopedics",
            "location": "Denver, CO",
            "start_date": "2020-01-01",
            "end_date": None,
            "description": "Evaluate and treat 12-14 patients per day.",
        },
        {
            "company": "UCHealth University of Colorado Hospital",
            "title": "Physical Therapist, Acute Care",
            "location": "Aurora, CO",
            "start_date": "2019-01-01",
            "end_date": "2020-12-31",
            "description": None,
        },
    ],
    "skills": ["Manual therapy", "Dry needling", "Vestibular rehab", "Epic"],
    "certifications": [],
    "licenses": [
        {"type": "PT", "state": "CO", "number": "PTL.0012345", "expiration_date": "2026-10-31"}
    ],
}

NEW_GRAD = """\
Emily Chen
emily.chen@example.com
(206) 555-0173
Seattle, WA

Summary
New graduate nurse (BSN, May 2025) eager to start a nurse residency in med-surg.

Education
University of Washington School of Nursing
Bachelor of Science in Nursing, Expected May 2025
GPA 3.8

Clinical Rotations
Harborview Medical Center - Medical-Surgical (120 hours), Spring 2024
Seattle Children's Hospital - Pediatrics (90 hours), Fall 2024

Certifications
BLS for Healthcare Providers - American Heart Association - valid through 09/2026

Skills
Patient education, Epic charting, Medication administration
"""

NEW_GRAD_EXPECTED = {
    "contact_info": {
        "name": "Emily Chen",
        "email": "emily.chen@example.com",
        "phone": "(206) 555-0173",
        "address": "Seattle, WA",
    },
    "education": [
        {
            "institution": "University of Washington School of Nursing",
            # A BSN, not any bachelor of science: the nursing degree keeps its field.
            "degree": "Bachelor of Science in Nursing",
            "field": "Nursing",
            "start_date": None,
            "end_date": "2025-05-31",
        }
    ],
    "experience": [],
    "skills": ["Patient education", "Epic charting", "Medication administration"],
    "certifications": [
        {
            "name": "BLS",
            "issuer": "American Heart Association",
            "date": None,
            "expiration_date": "2026-09-30",
        }
    ],
    "licenses": [],
}

CASES = [
    pytest.param(ICU_TRAVEL_RN, ICU_TRAVEL_RN_EXPECTED, id="icu-travel-rn"),
    pytest.param(LPN, LPN_EXPECTED, id="lpn"),
    pytest.param(RESPIRATORY_THERAPIST, RESPIRATORY_THERAPIST_EXPECTED, id="rrt"),
    pytest.param(PHYSICAL_THERAPIST, PHYSICAL_THERAPIST_EXPECTED, id="pt"),
    pytest.param(NEW_GRAD, NEW_GRAD_EXPECTED, id="new-grad"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_structured_data(text: str, expected: dict[str, object]) -> None:
    assert parse_resume_text(text, today=TODAY).structured_data() == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_every_value_has_its_evidence_in_the_text(text: str, expected: dict[str, object]) -> None:
    parsed = parse_resume_text(text, today=TODAY)
    details = parsed.details()
    snippets = [f["evidence"] for f in details["contact_info"].values()]
    for part in ("licenses", "certifications", "experience", "education"):
        for entry in details[part]:
            snippets.extend(f["evidence"] for f in entry["fields"].values())
            assert all(0 < f["confidence"] <= 1 for f in entry["fields"].values())
    snippets.extend(s["evidence"] for s in details["skills"])
    assert snippets and all(evidence_supported(s, text) for s in snippets)
    # The parser's own output survives the check the LLM engine's output goes through.
    assert drop_unsupported(parsed, text) == parsed


def test_details_of_the_travel_nurse() -> None:
    details = parse_resume_text(ICU_TRAVEL_RN, today=TODAY).details()
    assert [lic["compact"] for lic in details["licenses"]] == [True, None]
    assert details["licenses"][0]["fields"]["number"] == {"confidence": 0.95, "evidence": "#884471"}
    assert [(e["specialty"], e["current"]) for e in details["experience"]] == [
        ("ICU", False),
        ("CVICU", True),
        ("Med-Surg", False),
    ]
    assert "end_date" not in details["experience"][1]["fields"]
    assert details["experience"][1]["fields"]["start_date"]["evidence"] == "Jan 2018"


def test_details_of_the_therapists() -> None:
    rrt = parse_resume_text(RESPIRATORY_THERAPIST, today=TODAY).details()
    assert [(e["specialty"], e["current"]) for e in rrt["experience"]] == [
        ("Adult Critical Care", True),
        ("NICU", False),
    ]
    pt = parse_resume_text(PHYSICAL_THERAPIST, today=TODAY).details()
    assert [(e["specialty"], e["current"]) for e in pt["experience"]] == [
        ("Outpatient", True),
        ("Acute Care", False),
    ]


def test_no_license_section_means_no_licenses() -> None:
    text = (
        "Alex Rivera, RN\nalex@example.com\n\nSummary\nRN with 5 years of telemetry, Texas and"
        " compact privileges.\n\nExperience\nTelemetry RN, Baylor Scott & White, Dallas, TX,"
        " 2019 - Present\n- Cardiac monitoring for 5 patients\n"
    )
    parsed = parse_resume_text(text, today=TODAY)
    assert parsed.structured_data()["licenses"] == []
    assert parsed.details()["licenses"] == []


def test_an_empty_document_yields_nothing() -> None:
    parsed = parse_resume_text("", today=TODAY)
    assert parsed.structured_data() == {
        "contact_info": {"name": None, "email": None, "phone": None, "address": None},
        "education": [],
        "experience": [],
        "skills": [],
        "certifications": [],
        "licenses": [],
    }
