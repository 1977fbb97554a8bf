"""New searches: every filter a single message can express, with the exact result expected."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.agent.nlu import Intent
from tests.unit.nlu.helpers import ALL_FIELDS, RN
from tests.unit.nlu.helpers import understand_today as _understand

NEW_SEARCHES: list[tuple[str, dict[str, Any]]] = [
    # professions and their abbreviations
    ("icu nurse job in texas??", {"profession": RN, "specialty": "ICU", "state": "TX"}),
    ("RN jobs in Ohio", {"profession": RN, "state": "OH"}),
    ("registered nurse positions", {"profession": RN}),
    ("LPN jobs", {"profession": "Licensed Practical Nurse"}),
    ("LVN openings in tx", {"profession": "Licensed Practical Nurse", "state": "TX"}),
    ("CNA jobs in Ohio", {"profession": "Certified Nursing Assistant", "state": "OH"}),
    ("PT jobs", {"profession": "Physical Therapist"}),
    ("OT in ca", {"profession": "Occupational Therapist", "state": "CA"}),
    ("SLP jobs", {"profession": "Speech-Language Pathologist"}),
    ("RRT jobs", {"profession": "Respiratory Therapist"}),
    ("surg tech jobs", {"profession": "Surgical Technologist"}),
    ("rad tech positions", {"profession": "Radiologic Technologist"}),
    ("CT tech jobs", {"profession": "CT Technologist"}),
    ("cath lab tech jobs", {"profession": "Cardiovascular Technologist"}),
    ("mri tech in Denver", {"profession": "MRI Technologist", "state": "CO", "city": "Denver"}),
    ("PA jobs", {"profession": "Physician Assistant"}),
    # specialties and their synonyms; RN implied when the specialty is RN's alone
    ("critical care jobs in Arizona", {"profession": RN, "specialty": "ICU", "state": "AZ"}),
    ("tele jobs", {"profession": RN, "specialty": "Telemetry"}),
    ("L&D nurse in california", {"profession": RN, "specialty": "L&D", "state": "CA"}),
    ("labor and delivery jobs", {"specialty": "L&D"}),
    ("med surg jobs", {"specialty": "Med-Surg"}),
    ("med-surg travel jobs", {"specialty": "Med-Surg", "job_type": "Travel"}),
    ("medsurg jobs in FL", {"specialty": "Med-Surg", "state": "FL"}),
    ("ER jobs", {"specialty": "ER"}),
    ("ED nurse nights", {"profession": RN, "specialty": "ER", "shift": "Nights"}),
    (
        "emergency room jobs in houston",
        {"specialty": "ER", "state": "TX", "city": "Houston"},
    ),
    ("NICU jobs in San Antonio", {"specialty": "NICU", "state": "TX", "city": "San Antonio"}),
    ("PICU jobs", {"specialty": "PICU"}),
    ("OR nurse jobs", {"profession": RN, "specialty": "OR"}),
    ("PACU jobs in Georgia", {"profession": RN, "specialty": "PACU", "state": "GA"}),
    ("cath lab jobs", {"specialty": "Cath Lab"}),
    ("oncology nurse jobs", {"profession": RN, "specialty": "Oncology"}),
    ("dialysis jobs", {"specialty": "Dialysis"}),
    ("psych jobs", {"specialty": "Psych"}),
    ("behavioral health positions", {"specialty": "Psych"}),
    ("step down jobs in tx", {"profession": RN, "specialty": "Step-Down", "state": "TX"}),
    (
        "PT outpatient jobs in Texas",
        {"profession": "Physical Therapist", "specialty": "Outpatient", "state": "TX"},
    ),
    ("CT jobs", {"profession": "CT Technologist", "specialty": "CT"}),
    # everything at once
    (
        "ICU RN travel jobs in Dallas, TX over $2,500/week starting ASAP",
        {
            "profession": RN,
            "specialty": "ICU",
            "state": "TX",
            "city": "Dallas",
            "job_type": "Travel",
            "min_weekly_pay": 2500.0,
            "start": "asap",
        },
    ),
    (
        "ICU RN 3x12 nights in Phoenix AZ paying 2800+",
        {
            "profession": RN,
            "specialty": "ICU",
            "state": "AZ",
            "city": "Phoenix",
            "shift": "Nights",
            "shift_hours": 12,
            "min_weekly_pay": 2800.0,
        },
    ),
    (
        "hot travel nurse jobs in NYC",
        {
            "profession": RN,
            "state": "NY",
            "city": "New York",
            "job_type": "Travel",
            "hot_only": True,
        },
    ),
    (
        "ICU jobs paying $3,000 a week or more",
        {"profession": RN, "specialty": "ICU", "min_weekly_pay": 3000.0},
    ),
    (
        "ICU jobs at a level 1 trauma center in Houston",
        {
            "profession": RN,
            "specialty": "ICU",
            "state": "TX",
            "city": "Houston",
            "query": "level 1 trauma center",
        },
    ),
    ("ICU starting 2027-01-10", {"profession": RN, "specialty": "ICU", "start": "2027-01-10"}),
    # robustness: casing, punctuation, emojis, typos, markup
    ("ICU 🔥 jobs in TX 😀", {"profession": RN, "specialty": "ICU", "state": "TX"}),
    (
        "ok cool, any travel nurse jobs in califronia?",
        {"profession": RN, "state": "CA", "job_type": "Travel"},
    ),
    (
        "Telemetery jobs in Flordia",
        {"profession": RN, "specialty": "Telemetry", "state": "FL"},
    ),
    ("pediatirc nurse jobs", {"profession": RN, "specialty": "Pediatrics"}),
    ("ICU NURSE JOBS IN TEXAS", {"profession": RN, "specialty": "ICU", "state": "TX"}),
    (
        "<script>alert(1)</script> icu jobs",
        {"profession": RN, "specialty": "ICU", "query": "script alert 1 script"},
    ),
    ("hi, I'm looking for ICU jobs", {"profession": RN, "specialty": "ICU"}),
    (
        "Hi! I'm an ICU nurse looking for travel contracts in Florida or Georgia",
        {"profession": RN, "specialty": "ICU", "state": "FL", "job_type": "Travel"},
    ),
    (
        "are there any per diem ER shifts in Chicago this weekend?",
        {
            "specialty": "ER",
            "state": "IL",
            "city": "Chicago",
            "job_type": "Per Diem",
            "shift": "Weekends",
        },
    ),
    # state codes that are also other words
    ("RN jobs PA", {"profession": RN, "state": "PA"}),
    (
        "travel PA jobs in Texas",
        {"profession": "Physician Assistant", "state": "TX", "job_type": "Travel"},
    ),
    ("medical assistant jobs in MA", {"profession": "Medical Assistant", "state": "MA"}),
    ("ICU RN in MA", {"profession": RN, "specialty": "ICU", "state": "MA"}),
    (
        "night shift CNA jobs near Dallas",
        {
            "profession": "Certified Nursing Assistant",
            "state": "TX",
            "city": "Dallas",
            "shift": "Nights",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), NEW_SEARCHES, ids=[c[0] for c in NEW_SEARCHES])
def test_new_search_filters(text: str, expected: dict[str, Any]) -> None:
    u = _understand(text)
    assert u.intent is Intent.SEARCH
    assert u.filters.as_dict() == expected
    assert u.refinement is False
    assert u.replace_fields == ALL_FIELDS
    assert u.job_reference is None


def test_new_search_after_reset_replaces_everything() -> None:
    u = _understand("start over")
    assert u.intent is Intent.SEARCH
    assert u.filters.is_empty()
    assert u.refinement is False
    assert u.replace_fields == ALL_FIELDS
