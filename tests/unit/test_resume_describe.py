"""The plain-words summary of a parsed resume the candidate is asked to confirm."""

from __future__ import annotations

import datetime as dt

from data_layer.resumes.describe import describe_resume, has_findings

STRUCTURED = {
    "contact_info": {"name": "Jane Roe", "email": None, "phone": None, "address": None},
    "education": [],
    "experience": [
        {
            "company": "Houston Methodist Hospital",
            "title": "ICU RN",
            "location": "Houston, TX",
            "start_date": "2021-06-01",
            "end_date": None,
            "description": None,
        }
    ],
    "skills": [],
    "certifications": [
        {"name": "BLS", "issuer": "AHA", "date": None, "expiration_date": "2027-03-31"}
    ],
    "licenses": [
        {"type": "RN", "state": "TX", "number": "884471", "expiration_date": "2027-05-31"}
    ],
}
DETAILS = {"licenses": [{"compact": True}], "experience": [{"specialty": "ICU", "current": True}]}


def test_it_names_the_license_shortened_and_never_rounds_experience_up() -> None:
    text = describe_resume(STRUCTURED, DETAILS, today=dt.date(2026, 11, 28))
    assert "RN license in TX (compact) ending 4471 expires 2027-05-31" in text
    assert "884471" not in text
    # 66 months: five whole years, not six.
    assert "5 years of ICU" in text
    assert "most recently ICU RN at Houston Methodist Hospital" in text


def test_a_name_alone_is_not_a_finding() -> None:
    empty = {**STRUCTURED, "experience": [], "certifications": [], "licenses": []}
    assert has_findings(STRUCTURED) and not has_findings(empty)
    assert describe_resume(empty, {}) == ""
