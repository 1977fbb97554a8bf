"""A candidate's corrections to their parsed resume, in their own words (issue 12, part 3).

Each phrasing is applied to one parse; the test checks the value it changes, its details
(the candidate's words as evidence, confidence 1.0, ``corrected``), that nothing else
changed, and that what cannot be applied is reported with why.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from assistant.agent.nlu.resumes import is_resume_correction
from data_layer.resumes.corrections import (
    ISSUE_DATE,
    UNCLEAR,
    WHICH_ONE,
    Corrected,
    apply_correction,
    read_correction,
    reapply_corrections,
)
from data_layer.resumes.describe import describe_resume

TODAY = dt.date(2026, 11, 28)

STRUCTURED: dict[str, Any] = {
    "contact_info": {"name": "Dana Okafor", "email": None, "phone": None, "address": None},
    "education": [
        {
            "institution": "Texas Woman's University",
            "degree": "BSN",
            "field": None,
            "start_date": None,
            "end_date": "2018-05-31",
        }
    ],
    "experience": [
        {
            "company": "Memorial Hermann",
            "title": "Staff RN",
            "location": None,
            "start_date": "2019-07-01",
            "end_date": None,
            "description": None,
        }
    ],
    "skills": ["Epic"],
    "certifications": [
        {"name": "BLS", "issuer": "AHA", "date": None, "expiration_date": "2027-03-31"},
        {"name": "ACLS", "issuer": "AHA", "date": None, "expiration_date": "2027-04-30"},
        {"name": "PALS", "issuer": None, "date": None, "expiration_date": None},
    ],
    "licenses": [
        {"type": "RN", "state": "TX", "number": "884471", "expiration_date": "2027-05-31"},
        {"type": "RN", "state": "CA", "number": "95123456", "expiration_date": "2026-08-31"},
        {"type": "RN", "state": "FL", "number": "RN9312345", "expiration_date": None},
    ],
}


def _field(evidence: str, confidence: float = 0.95) -> dict[str, Any]:
    return {"confidence": confidence, "evidence": evidence}


DETAILS: dict[str, Any] = {
    "contact_info": {"name": _field("Dana Okafor")},
    "licenses": [
        {
            "compact": True,
            "fields": {
                "state": _field("Texas"),
                "expiration_date": _field("exp. 05/31/2027"),
            },
        },
        {"compact": None, "fields": {"state": _field("California")}},
        {"compact": None, "fields": {"state": _field("Florida")}},
    ],
    "certifications": [
        {"fields": {"name": _field("BLS")}},
        {"fields": {"name": _field("ACLS")}},
        {"fields": {"name": _field("PALS")}},
    ],
    "experience": [{"specialty": "ICU", "current": True, "fields": {}}],
    "education": [{"fields": {}}],
    "skills": [_field("Epic", 0.9)],
}
PARTS = ("contact_info", "education", "experience", "skills", "certifications", "licenses")


def corrected(text: str, structured: dict[str, Any] = STRUCTURED) -> Corrected:
    before = copy.deepcopy((structured, DETAILS))
    result = apply_correction(structured, DETAILS, text, today=TODAY)
    assert (structured, DETAILS) == before, "the inputs were changed"
    assert len(result.details["licenses"]) == len(result.structured["licenses"])
    assert len(result.details["certifications"]) == len(result.structured["certifications"])
    return result


def _license(result: Corrected, state: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for row, detail in zip(result.structured["licenses"], result.details["licenses"], strict=True):
        if row["state"] == state:
            return row, detail
    raise AssertionError(f"no {state} license in {result.structured['licenses']}")


def _cert(result: Corrected, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    pairs = zip(result.structured["certifications"], result.details["certifications"], strict=True)
    for row, detail in pairs:
        if row["name"] == name:
            return row, detail
    raise AssertionError(f"no {name} in {result.structured['certifications']}")


def _only_changed(result: Corrected, kind: str, changed: set[int]) -> None:
    """Every part but ``kind``, and every row of ``kind`` but ``changed``, is as parsed."""
    for part in PARTS:
        if part != kind:
            assert result.structured[part] == STRUCTURED[part], part
            assert result.details.get(part) == DETAILS.get(part), part
    for i, row in enumerate(result.structured[kind]):
        if i not in changed:
            assert row == STRUCTURED[kind][i], (kind, i)
            assert result.details[kind][i] == DETAILS[kind][i], (kind, i)


def _said(detail: dict[str, Any], name: str, text: str) -> None:
    field = detail["fields"][name]
    assert field["confidence"] == 1.0 and field["corrected"] is True
    assert field["evidence"] and field["evidence"] in text
    assert detail["corrected"] is True


def _unchanged(result: Corrected) -> None:
    assert not result.changed
    assert result.structured == STRUCTURED
    assert result.details == DETAILS


# ------------------------------------------------------------------ licenses: expiry
@pytest.mark.parametrize(
    ("text", "state", "expires"),
    [
        ("my Texas license expires June 2028", "TX", "2028-06-30"),
        ("the TX one is good till 05/31/2028", "TX", "2028-05-31"),
        ("CA license expires 2027-01-31 not 2026", "CA", "2027-01-31"),
        ("No, my Texas license expires June 2028", "TX", "2028-06-30"),
        ("no my Texas license expires June 2028", "TX", "2028-06-30"),
        ("My TX license expires on 6/30/2028", "TX", "2028-06-30"),
        ("TX exp. 06/2028", "TX", "2028-06-30"),
        ("my Texas license expires March 31, 2028", "TX", "2028-03-31"),
        ("my California RN license is valid through 12/2027", "CA", "2027-12-31"),
        ("change the Texas one from 05/2027 to 05/2029", "TX", "2029-05-31"),
        ("It says 2026 for California but it's 02/29/2028", "CA", "2028-02-29"),
        ("Actually, the Florida license expires in January 2029.", "FL", "2029-01-31"),
        ("the TX license expires 2028, not the CA one", "TX", "2028-12-31"),
        ("OK, my Texas license expires 2029", "TX", "2029-12-31"),
        ("my texas license expires 2028-06-30", "TX", "2028-06-30"),
    ],
)
def test_a_license_expiry(text: str, state: str, expires: str) -> None:
    result = corrected(text)
    row, detail = _license(result, state)
    assert row["expiration_date"] == expires
    _said(detail, "expiration_date", text)
    index = result.structured["licenses"].index(row)
    _only_changed(result, "licenses", {index})
    assert [c.action for c in result.changes] == ["expiry"]
    assert result.not_applied == ()
    assert expires in result.changes[0].describe()


def test_one_message_can_say_two_expiries() -> None:
    text = "the Texas one expires 2028 and the Florida one expires 2029"
    result = corrected(text)
    assert _license(result, "TX")[0]["expiration_date"] == "2028-12-31"
    assert _license(result, "FL")[0]["expiration_date"] == "2029-12-31"
    _only_changed(result, "licenses", {0, 2})


# ------------------------------------------------------------------ licenses: compact
@pytest.mark.parametrize(
    ("text", "state", "compact"),
    [
        ("my Florida license is compact", "FL", True),
        ("FL is a multistate license", "FL", True),
        ("the Florida one is multi-state, not single state", "FL", True),
        ("the Florida one isn't multistate", "FL", False),
        ("the Texas one isn't multistate", "TX", False),
        ("Texas is single-state", "TX", False),
        ("my Texas license is not part of the compact", "TX", False),
        ("my Texas license is non-compact", "TX", False),
        ("my Texas license is no longer multistate", "TX", False),
    ],
)
def test_a_license_compact_or_not(text: str, state: str, compact: bool) -> None:
    result = corrected(text)
    row, detail = _license(result, state)
    assert detail["compact"] is compact
    _said(detail, "compact", text)
    _only_changed(result, "licenses", {result.structured["licenses"].index(row)})
    assert row == next(r for r in STRUCTURED["licenses"] if r["state"] == state)
    assert [c.action for c in result.changes] == ["compact"]
    summary = describe_resume(result.structured, result.details, today=TODAY)
    assert (f"in {state} (compact)" in summary) is compact


def test_a_license_of_a_state_outside_the_compact_is_never_made_compact() -> None:
    result = corrected("my California license is compact")
    _unchanged(result)
    [skipped] = result.not_applied
    assert "California is not in the Nurse Licensure Compact" in skipped.reason


def test_saying_what_is_already_there_changes_nothing_and_says_so() -> None:
    result = corrected("I have a compact license in Texas")
    _unchanged(result)
    assert "already marked compact" in result.not_applied[0].reason
    result = corrected("my Texas license expires 05/31/2027")
    _unchanged(result)
    assert "already expires 2027-05-31" in result.not_applied[0].reason


# ------------------------------------------------------------------ removing
@pytest.mark.parametrize(
    ("text", "licenses", "certifications"),
    [
        ("I don't have a California license", ["TX", "FL"], ["BLS", "ACLS", "PALS"]),
        ("delete the California license", ["TX", "FL"], ["BLS", "ACLS", "PALS"]),
        ("the CA license isn't mine", ["TX", "FL"], ["BLS", "ACLS", "PALS"]),
        ("remove ACLS", ["TX", "CA", "FL"], ["BLS", "PALS"]),
        ("no PALS, that expired", ["TX", "CA", "FL"], ["BLS", "ACLS"]),
        ("No. ACLS expired last year", ["TX", "CA", "FL"], ["BLS", "PALS"]),
        ("I no longer have ACLS", ["TX", "CA", "FL"], ["BLS", "PALS"]),
        ("I don't have PALS anymore", ["TX", "CA", "FL"], ["BLS", "ACLS"]),
        ("ACLS is expired", ["TX", "CA", "FL"], ["BLS", "PALS"]),
        ("remove ACLS and PALS", ["TX", "CA", "FL"], ["BLS"]),
        ("remove ACLS and the California license", ["TX", "FL"], ["BLS", "PALS"]),
    ],
)
def test_removing(text: str, licenses: list[str], certifications: list[str]) -> None:
    result = corrected(text)
    assert [r["state"] for r in result.structured["licenses"]] == licenses
    assert [c["name"] for c in result.structured["certifications"]] == certifications
    # The details stay parallel: each remaining row keeps its own.
    for kind, key in (("licenses", "state"), ("certifications", "name")):
        for row, detail in zip(result.structured[kind], result.details[kind], strict=True):
            original = next(i for i, r in enumerate(STRUCTURED[kind]) if r[key] == row[key])
            assert row == STRUCTURED[kind][original]
            assert detail == DETAILS[kind][original]
    for part in ("contact_info", "education", "experience", "skills"):
        assert result.structured[part] == STRUCTURED[part]
    assert {c.action for c in result.changes} == {"removed"}
    assert result.not_applied == ()


def test_removing_what_was_not_read_says_so() -> None:
    result = corrected("remove NRP")
    _unchanged(result)
    assert "no NRP in what I read" in result.not_applied[0].reason
    result = corrected("I don't have a Nevada license")
    _unchanged(result)
    assert "no NV license" in result.not_applied[0].reason


# ------------------------------------------------------------------ adding
def test_adding_a_license_with_its_type_and_expiry() -> None:
    text = "I also have a Georgia RN license exp 03/2027"
    result = corrected(text)
    assert result.structured["licenses"][:3] == STRUCTURED["licenses"]
    assert result.structured["licenses"][3] == {
        "type": "RN",
        "state": "GA",
        "number": None,
        "expiration_date": "2027-03-31",
    }
    detail = result.details["licenses"][3]
    assert detail["compact"] is None
    for name in ("type", "state", "expiration_date"):
        _said(detail, name, text)
    assert "number" not in detail["fields"]
    _only_changed(result, "licenses", {3})
    assert [c.describe() for c in result.changes] == [
        "added your GA RN license (expires 2027-03-31)"
    ]


def test_adding_a_license_with_its_number_and_compact_flag() -> None:
    text = "please add my Ohio LPN license #LPN123456 expires 01/31/2027, it's compact"
    result = corrected(text)
    row, detail = _license(result, "OH")
    assert row == {
        "type": "LPN",
        "state": "OH",
        "number": "LPN123456",
        "expiration_date": "2027-01-31",
    }
    assert detail["compact"] is True
    _only_changed(result, "licenses", {3})


def test_a_license_is_added_only_with_its_state_and_without_a_guessed_type() -> None:
    result = corrected("I'm licensed in Arizona too")
    assert result.structured["licenses"][3] == {
        "type": None,
        "state": "AZ",
        "number": None,
        "expiration_date": None,
    }
    result = corrected("I also have an LPN license")
    _unchanged(result)
    assert "state" in result.not_applied[0].reason


@pytest.mark.parametrize(
    ("text", "name", "expires"),
    [
        ("add PALS exp 2027", "PALS", "2027-12-31"),
        ("add NRP exp 2027", "NRP", "2027-12-31"),
        ("I also have TNCC", "TNCC", None),
        ("you missed my NIHSS, expires 10/2027", "NIHSS", "2027-10-31"),
    ],
)
def test_adding_a_certification(text: str, name: str, expires: str | None) -> None:
    base = copy.deepcopy(STRUCTURED)
    base["certifications"] = [c for c in base["certifications"] if c["name"] != "PALS"]
    details = copy.deepcopy(DETAILS)
    details["certifications"] = details["certifications"][:2]
    result = apply_correction(base, details, text, today=TODAY)
    assert result.structured["certifications"][:2] == base["certifications"]
    row, detail = result.structured["certifications"][2], result.details["certifications"][2]
    assert row == {"name": name, "issuer": None, "date": None, "expiration_date": expires}
    _said(detail, "name", text)
    assert result.structured["licenses"] == base["licenses"]
    assert result.details["certifications"][:2] == details["certifications"]


def test_adding_what_is_there_already_says_so() -> None:
    result = corrected("I also have BLS")
    _unchanged(result)
    assert "BLS is already on the list" in result.not_applied[0].reason


# ------------------------------------------------------------------ certifications: expiry
@pytest.mark.parametrize(
    ("text", "expiries"),
    [
        ("BLS expires 04/2027", {"BLS": "2027-04-30"}),
        ("my BLS and ACLS both expire in April 2028", {"BLS": "2028-04-30", "ACLS": "2028-04-30"}),
        ("BLS expires 04/2028 and ACLS too", {"BLS": "2028-04-30", "ACLS": "2028-04-30"}),
        ("CPR card expires 2028", {"BLS": "2028-12-31"}),
        ("PALS exp 5/27", {"PALS": "2027-05-31"}),
        ("ACLS expires 2028 not 2026", {"ACLS": "2028-12-31"}),
        (
            "BLS/ACLS/PALS all good through 06/2028",
            dict.fromkeys(("BLS", "ACLS", "PALS"), "2028-06-30"),
        ),
    ],
)
def test_a_certification_expiry(text: str, expiries: dict[str, str]) -> None:
    result = corrected(text)
    changed = set()
    for name, expires in expiries.items():
        row, detail = _cert(result, name)
        assert row["expiration_date"] == expires
        _said(detail, "expiration_date", text)
        changed.add(result.structured["certifications"].index(row))
    _only_changed(result, "certifications", changed)


# ------------------------------------------------------------------ number, state, type
def test_a_license_number() -> None:
    result = corrected("my TX license number is RN884472")
    row, detail = _license(result, "TX")
    assert row["number"] == "RN884472"
    _said(detail, "number", "my TX license number is RN884472")
    _only_changed(result, "licenses", {0})
    # The chat shows the last four characters only.
    assert "RN884472" not in result.changes[0].describe()
    assert "4472" in result.changes[0].describe()


def test_a_license_of_another_state() -> None:
    result = corrected("it's a Georgia license, not California")
    row, detail = result.structured["licenses"][1], result.details["licenses"][1]
    assert row == {**STRUCTURED["licenses"][1], "state": "GA"}
    _said(detail, "state", "it's a Georgia license, not California")
    _only_changed(result, "licenses", {1})


def test_a_certification_under_another_name() -> None:
    result = corrected("it's NRP, not PALS")
    assert result.structured["certifications"][2]["name"] == "NRP"
    _only_changed(result, "certifications", {2})


# ------------------------------------------------------------------ several at once
def test_several_corrections_in_one_message() -> None:
    text = (
        "Actually my Texas license expires June 2028 and the Florida one is compact. "
        "Also remove ACLS, and BLS expires 04/2028."
    )
    result = corrected(text)
    assert _license(result, "TX")[0]["expiration_date"] == "2028-06-30"
    assert _license(result, "FL")[1]["compact"] is True
    assert [c["name"] for c in result.structured["certifications"]] == ["BLS", "PALS"]
    assert _cert(result, "BLS")[0]["expiration_date"] == "2028-04-30"
    assert len(result.changes) == 4 and result.not_applied == ()
    assert result.structured["licenses"][1] == STRUCTURED["licenses"][1]
    for part in ("contact_info", "education", "experience", "skills"):
        assert result.structured[part] == STRUCTURED[part]


def test_what_can_be_applied_is_and_the_rest_is_reported() -> None:
    result = corrected("remove ACLS, and I have 10 years of experience")
    assert [c["name"] for c in result.structured["certifications"]] == ["BLS", "PALS"]
    [skipped] = result.not_applied
    assert skipped.said == "I have 10 years of experience"
    assert "years of experience" in skipped.reason
    assert result.structured["experience"] == STRUCTURED["experience"]


# ------------------------------------------------------------------ not applied
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I have 10 years of experience", "years of experience come from the dates"),
        ("I worked at St. David's, not Memorial Hermann", "work history"),
        ("my title was Charge Nurse", "work history"),
        ("my name is Maria Lopez", "contact details"),
        ("I graduated from UT Austin in 2016", "education"),
        ("my skills include Cerner", "skills"),
        ("my license expires 2028", "more than one that fits"),
        ("expires 2028", WHICH_ONE),
        ("I renewed BLS in March 2025", ISSUE_DATE),
        ("my Nevada license expires 2028", "no NV license in what I read"),
        ("BLS expires 03/2027, not 04/2027", "already expires"),
        ("NRP expires 2028", 'to add it, say "add NRP"'),
        ("ACLS doesn't expire in 2027", "tell me when it expires"),
        ("BLS expires 03/2028 or 04/2028", "which of those dates"),
        ("is my California license compact?", UNCLEAR),
        ("yes", UNCLEAR),
        ("No, something's wrong", UNCLEAR),
        ("the Texas one", UNCLEAR),
    ],
)
def test_what_cannot_be_applied_changes_nothing_and_says_why(text: str, reason: str) -> None:
    result = corrected(text)
    _unchanged(result)
    assert result.not_applied, text
    assert any(reason in n.reason for n in result.not_applied), result.not_applied


def test_an_empty_message_changes_nothing() -> None:
    result = corrected("   ")
    _unchanged(result)
    assert result.not_applied == ()


def test_a_parse_without_details_is_corrected_with_details_made_for_it() -> None:
    result = apply_correction(STRUCTURED, None, "remove ACLS and BLS expires 04/2028", today=TODAY)
    assert [c["name"] for c in result.structured["certifications"]] == ["BLS", "PALS"]
    assert result.details["certifications"][0]["fields"]["expiration_date"]["corrected"] is True
    assert len(result.details["certifications"]) == 2


# ------------------------------------------------------------------ log and replay
def test_the_log_replays_on_a_new_parse_of_the_same_resume() -> None:
    at = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.UTC)
    first = corrected("my Texas license expires June 2028")
    second = apply_correction(first.structured, first.details, "remove ACLS", today=TODAY)
    log = [
        first.log_entry("my Texas license expires June 2028", at),
        second.log_entry("remove ACLS", at),
    ]
    assert log[0]["changes"] == [
        {
            "kind": "licenses",
            "action": "expiry",
            "label": "TX RN license",
            "value": "2028-06-30",
            "said": "my Texas license expires June 2028",
        }
    ]
    assert log[0]["at"] == at and log[0]["not_applied"] == []
    structured, details = reapply_corrections(STRUCTURED, DETAILS, log)
    assert (structured, details) == (second.structured, second.details)


# ------------------------------------------------------------------ telling a correction
@pytest.mark.parametrize(
    "text",
    [
        "my Texas license expires June 2028",
        "the TX one is good till 05/31/2028",
        "CA license expires 2027-01-31 not 2026",
        "no, my Texas license expires June 2028",
        "the Florida one isn't multistate",
        "I don't have a California license",
        "remove ACLS",
        "remove ACLS from my resume",
        "no PALS, that expired",
        "I also have a Florida RN license exp 03/2027",
        "add PALS exp 2027",
        "BLS expires 04/2027",
        "yes, but my Texas license is compact",
    ],
)
def test_a_correction_is_told_from_a_plain_answer(text: str) -> None:
    assert read_correction(text, today=TODAY).facts
    assert is_resume_correction(text, said_yes=text.startswith("yes"))


@pytest.mark.parametrize(
    ("text", "said_yes", "correction"),
    [
        ("yes", True, False),
        ("Yes, that's right", True, False),
        ("No, something's wrong", False, False),
        ("no", False, False),
        ("find jobs that match my resume", False, False),
        ("find ICU jobs in Texas for compact license holders", False, False),
        ("delete my resume", False, False),
        ("talk to a recruiter", False, False),
        ("is my California license compact?", False, False),
        ("No, I have 10 years of experience", False, True),
        ("I worked at Memorial Hermann, not Houston Methodist", False, True),
        ("yes, and I have 10 years of experience", True, False),
    ],
)
def test_plain_answers_and_other_requests_are_no_correction(
    text: str, said_yes: bool, correction: bool
) -> None:
    assert is_resume_correction(text, said_yes=said_yes) is correction
