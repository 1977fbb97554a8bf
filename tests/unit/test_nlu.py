"""The offline engine's language understanding: intents, filters, references and contacts.

Every case is one visitor phrasing with the exact result expected. Dates are computed from a
fixed ``today`` so the expectations never drift.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from typing import Any

import pytest

from assistant.agent.nlu import (
    FILTER_FIELDS,
    ContactInfo,
    FieldError,
    Intent,
    JobReference,
    SearchFilters,
    understand,
    warm_up,
)

TODAY = dt.date(2026, 11, 26)
RN = "Registered Nurse"
ALL_FIELDS = frozenset(FILTER_FIELDS)


def _understand(text: str, expecting: str | None = None) -> Any:
    return understand(text, expecting=expecting, today=TODAY)


# ---------------------------------------------------------------------------- new searches

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


# ---------------------------------------------------------------------------- refinements

REFINEMENTS: list[tuple[str, dict[str, Any], set[str]]] = [
    ("only nights", {"shift": "Nights"}, {"shift"}),
    ("nights", {"shift": "Nights"}, {"shift"}),
    ("night shift", {"shift": "Nights"}, {"shift"}),
    ("noc", {"shift": "Nights"}, {"shift"}),
    ("evenings only", {"shift": "Evenings"}, {"shift"}),
    ("12s", {"shift_hours": 12}, {"shift_hours"}),
    ("3x12 nights", {"shift": "Nights", "shift_hours": 12}, {"shift", "shift_hours"}),
    ("8 hour shifts", {"shift_hours": 8}, {"shift_hours"}),
    ("weekends", {"shift": "Weekends"}, {"shift"}),
    ("what about Arizona instead?", {"state": "AZ"}, {"state", "city"}),
    ("in Dallas", {"city": "Dallas", "state": "TX"}, {"city", "state"}),
    ("in tx", {"state": "TX"}, {"state", "city"}),
    ("jobs in OR", {"state": "OR"}, {"state", "city"}),
    ("Portland, OR", {"city": "Portland", "state": "OR"}, {"city", "state"}),
    ("Hartford CT", {"city": "Hartford", "state": "CT"}, {"city", "state"}),
    ("jobs in IN", {"state": "IN"}, {"state", "city"}),
    ("St. Louis", {"city": "St. Louis", "state": "MO"}, {"city", "state"}),
    ("saint louis", {"city": "St. Louis", "state": "MO"}, {"city", "state"}),
    ("Springfield", {"city": "Springfield"}, {"city"}),
    ("Springfield, MO", {"city": "Springfield", "state": "MO"}, {"city", "state"}),
    ("Washington", {"state": "WA"}, {"state", "city"}),
    ("Washington DC", {"state": "DC"}, {"state", "city"}),
    ("travel only", {"job_type": "Travel"}, {"job_type"}),
    ("traveler", {"job_type": "Travel"}, {"job_type"}),
    ("contract", {"job_type": "Travel"}, {"job_type"}),
    ("perm jobs", {"job_type": "Perm"}, {"job_type"}),
    ("permanent position", {"job_type": "Perm"}, {"job_type"}),
    ("staff", {"job_type": "Perm"}, {"job_type"}),
    ("per diem", {"job_type": "Per Diem"}, {"job_type"}),
    ("PRN", {"job_type": "Per Diem"}, {"job_type"}),
    ("local contract", {"job_type": "Local"}, {"job_type"}),
    ("over 3k", {"min_weekly_pay": 3000.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("over 2.5k a week", {"min_weekly_pay": 2500.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("at least $3,000/week", {"min_weekly_pay": 3000.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("3000+ weekly", {"min_weekly_pay": 3000.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("$60/hr", {"min_hourly_pay": 60.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("60 an hour", {"min_hourly_pay": 60.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("more than 55 per hour", {"min_hourly_pay": 55.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("$70 hourly", {"min_hourly_pay": 70.0}, {"min_weekly_pay", "min_hourly_pay"}),
    ("ASAP", {"start": "asap"}, {"start", "start_from", "start_to"}),
    ("immediately", {"start": "asap"}, {"start", "start_from", "start_to"}),
    (
        "next month",
        {"start_from": "2026-12-01", "start_to": "2026-12-31"},
        {"start", "start_from", "start_to"},
    ),
    (
        "in March",
        {"start_from": "2027-03-01", "start_to": "2027-03-31"},
        {"start", "start_from", "start_to"},
    ),
    ("starting 3/15", {"start": "2027-03-15"}, {"start", "start_from", "start_to"}),
    ("starting March 15", {"start": "2027-03-15"}, {"start", "start_from", "start_to"}),
    ("after January", {"start": "2027-02-01"}, {"start", "start_from", "start_to"}),
    ("before February", {"start_to": "2027-01-31"}, {"start", "start_from", "start_to"}),
    (
        "this summer",
        {"start_from": "2027-06-01", "start_to": "2027-08-31"},
        {"start", "start_from", "start_to"},
    ),
    (
        "early April",
        {"start_from": "2027-04-01", "start_to": "2027-04-10"},
        {"start", "start_from", "start_to"},
    ),
    ("in two weeks", {"start": "2026-12-10"}, {"start", "start_from", "start_to"}),
    ("hot jobs", {"hot_only": True}, {"hot_only"}),
    ("urgent", {"hot_only": True}, {"hot_only"}),
    ("what about ER instead", {"specialty": "ER"}, {"specialty"}),
    ("NICU", {"specialty": "NICU"}, {"specialty"}),
    # clearing a filter
    ("anywhere", {}, {"state", "city"}),
    ("any shift", {}, {"shift", "shift_hours"}),
    ("any pay", {}, {"min_weekly_pay", "min_hourly_pay"}),
    ("not just hot jobs", {}, {"hot_only"}),
    ("days or nights", {}, {"shift"}),
    ("travel or perm", {}, {"job_type"}),
    # negations drop the filter rather than set it
    ("no nights", {}, {"shift", "shift_hours"}),
    ("I don't want nights", {}, {"shift", "shift_hours"}),
    ("not travel", {}, {"job_type"}),
    ("no, nights", {"shift": "Nights"}, {"shift"}),
]


@pytest.mark.parametrize(
    ("text", "expected", "replaced"), REFINEMENTS, ids=[c[0] for c in REFINEMENTS]
)
def test_refinements(text: str, expected: dict[str, Any], replaced: set[str]) -> None:
    u = _understand(text)
    assert u.intent is Intent.SEARCH
    assert u.filters.as_dict() == expected
    assert u.refinement is True
    assert u.replace_fields == frozenset(replaced)


# ---------------------------------------------------------------------------- ambiguity


@pytest.mark.parametrize(
    ("text", "not_state"),
    [
        ("days or nights", None),  # "or" is the conjunction, not Oregon
        ("ICU or ER jobs", None),
        ("hi", None),  # a greeting, not Hawaii
        ("HI", None),
        ("ok", None),  # not Oklahoma
        ("in Indiana", "IN"),  # the state name counts, the preposition does not
        ("show me jobs near me", None),  # not Maine
        ("is this ok", None),
        ("PA jobs", None),  # Physician Assistant, not Pennsylvania
        ("MA jobs", None),  # Medical Assistant
        ("OR nurse jobs", None),  # the operating room
        ("CT jobs", None),  # computed tomography
        ("co workers and me", None),
    ],
)
def test_two_letter_words_are_states_only_in_context(text: str, not_state: str | None) -> None:
    assert _understand(text).filters.state == not_state


@pytest.mark.parametrize(
    "text",
    ["days or nights", "ICU or ER jobs", "nights or days in TX", "ICU OR ER"],
)
def test_conjunction_or_is_never_the_operating_room(text: str) -> None:
    u = _understand(text)
    assert u.filters.specialty != "OR"
    assert u.filters.state in (None, "TX")


def test_or_operating_room_vs_oregon() -> None:
    assert _understand("OR jobs in TX").filters.as_dict() == {
        "profession": RN,
        "specialty": "OR",
        "state": "TX",
    }
    assert _understand("ICU jobs in OR").filters.state == "OR"
    assert _understand("Portland OR").filters.state == "OR"


def test_cities_that_are_words_need_a_location_context() -> None:
    assert _understand("I need it on my mobile phone").intent is Intent.UNKNOWN
    assert _understand("jobs in Mobile, AL").filters.as_dict() == {
        "city": "Mobile",
        "state": "AL",
    }
    assert _understand("Tyler TX").filters.city == "Tyler"


def test_counts_are_not_shifts_or_pay() -> None:
    assert _understand("3 days a week").filters.shift is None
    assert _understand("13 week contracts").filters.as_dict() == {"job_type": "Travel"}
    assert _understand("12 hour nights").filters.as_dict() == {
        "shift": "Nights",
        "shift_hours": 12,
    }
    assert _understand("under $2000 a week").filters.min_weekly_pay is None
    assert _understand("100k a year perm").filters.as_dict() == {"job_type": "Perm"}


# ---------------------------------------------------------------------------- other intents

INTENTS: list[tuple[str, Intent]] = [
    ("yes", Intent.CONFIRM),
    ("yep, submit it", Intent.CONFIRM),
    ("sounds good", Intent.CONFIRM),
    ("confirm", Intent.CONFIRM),
    ("no", Intent.CANCEL),
    ("cancel", Intent.CANCEL),
    ("never mind", Intent.CANCEL),
    ("stop", Intent.CANCEL),
    ("don't apply", Intent.CANCEL),
    ("did my friend sign up?", Intent.REFERRAL_STATUS),
    ("did Sarah sign up", Intent.REFERRAL_STATUS),
    ("when is my referral bonus paid?", Intent.REFERRAL_STATUS),
    ("my referrals", Intent.REFERRAL_STATUS),
    ("I want to refer someone", Intent.REFER_FRIEND),
    ("how does the referral program work", Intent.REFER_FRIEND),
    ("talk to a recruiter", Intent.HUMAN),
    ("can I speak to a real person", Intent.HUMAN),
    ("call me", Intent.HUMAN),
    ("I need a human", Intent.HUMAN),
    ("agent please", Intent.HUMAN),
    ("connect me with a recruiter", Intent.HUMAN),
    ("What's your phone number?", Intent.HUMAN),
    ("hello", Intent.GREETING),
    ("hi there!", Intent.GREETING),
    ("good morning", Intent.GREETING),
    ("I have an account", Intent.LOGIN),
    ("log in", Intent.LOGIN),
    ("show more", Intent.MORE_RESULTS),
    ("next page", Intent.MORE_RESULTS),
    ("more results", Intent.MORE_RESULTS),
    ("any others?", Intent.MORE_RESULTS),
    ("help", Intent.HELP),
    ("what can you do", Intent.HELP),
    ("asdfgh", Intent.UNKNOWN),
    ("May", Intent.UNKNOWN),
    ("apply", Intent.APPLY),
    ("I'd like to apply", Intent.APPLY),
    ("I'm interested", Intent.APPLY),
    ("tell me more", Intent.JOB_DETAILS),
    ("what does it pay?", Intent.JOB_DETAILS),
    ("I need a job", Intent.SEARCH),
    ("new search", Intent.SEARCH),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS, ids=[c[0] for c in INTENTS])
def test_intents(text: str, intent: Intent) -> None:
    u = _understand(text)
    assert u.intent is intent
    if intent is not Intent.SEARCH:
        assert u.filters.is_empty()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thanks!", "thanks"),
        ("thank you so much", "thanks"),
        ("how are you?", "how_are_you"),
        ("who are you", "who_are_you"),
        ("are you a bot?", "who_are_you"),
        ("are you a real person?", "who_are_you"),
        ("bye", "bye"),
        ("ok", "ack"),
    ],
)
def test_smalltalk(text: str, kind: str) -> None:
    u = _understand(text)
    assert u.intent is Intent.SMALLTALK
    assert u.smalltalk == kind


def test_refer_a_friend_by_email() -> None:
    u = _understand("refer my friend jane@x.com")
    assert u.intent is Intent.REFER_FRIEND
    assert u.referral_email == "jane@x.com"
    assert u.contact is None


def test_new_search_after_reset_replaces_everything() -> None:
    u = _understand("start over")
    assert u.intent is Intent.SEARCH
    assert u.filters.is_empty()
    assert u.refinement is False
    assert u.replace_fields == ALL_FIELDS


# ---------------------------------------------------------------------------- references

REFERENCES: list[tuple[str, Intent, JobReference, str | None]] = [
    ("the second one", Intent.JOB_DETAILS, JobReference(ordinal=2), None),
    ("second", Intent.JOB_DETAILS, JobReference(ordinal=2), None),
    ("tell me more about the first one", Intent.JOB_DETAILS, JobReference(ordinal=1), None),
    ("#3", Intent.JOB_DETAILS, JobReference(ordinal=3), None),
    ("number 3", Intent.JOB_DETAILS, JobReference(ordinal=3), None),
    ("3", Intent.JOB_DETAILS, JobReference(ordinal=3), None),
    ("the last one", Intent.JOB_DETAILS, JobReference(ordinal=-1), None),
    ("that Dallas job", Intent.JOB_DETAILS, JobReference(city="Dallas"), None),
    ("the ICU one", Intent.JOB_DETAILS, JobReference(text="ICU"), None),
    ("the ICU one in Houston", Intent.JOB_DETAILS, JobReference(city="Houston", text="ICU"), None),
    ("the Methodist one", Intent.JOB_DETAILS, JobReference(text="methodist"), None),
    ("Does the first one offer housing?", Intent.JOB_DETAILS, JobReference(ordinal=1), None),
    ("what about the one in Dallas?", Intent.JOB_DETAILS, JobReference(city="Dallas"), None),
    ("what's the pay on the second one?", Intent.JOB_DETAILS, JobReference(ordinal=2), "pay"),
    (
        "what certs do I need for the 2nd job",
        Intent.JOB_DETAILS,
        JobReference(ordinal=2),
        "certifications",
    ),
    ("what shift is the third one", Intent.JOB_DETAILS, JobReference(ordinal=3), "shift"),
    ("is the 3rd one nights?", Intent.JOB_DETAILS, JobReference(ordinal=3), "shift"),
    (
        "what's the start date for the Dallas one",
        Intent.JOB_DETAILS,
        JobReference(city="Dallas"),
        "dates",
    ),
    ("I want to apply to the second one", Intent.APPLY, JobReference(ordinal=2), None),
    ("apply for the Dallas job", Intent.APPLY, JobReference(city="Dallas"), None),
    ("apply to job 4", Intent.APPLY, JobReference(ordinal=4), None),
    ("sign me up for that one", Intent.APPLY, JobReference(), None),
    (
        "tell me about 7d5b7e2c-8a8f-4c55-9b0f-0a3e2f1c9d11",
        Intent.JOB_DETAILS,
        JobReference(job_id="7d5b7e2c-8a8f-4c55-9b0f-0a3e2f1c9d11"),
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "intent", "reference", "topic"), REFERENCES, ids=[c[0] for c in REFERENCES]
)
def test_references_to_earlier_results(
    text: str, intent: Intent, reference: JobReference, topic: str | None
) -> None:
    u = _understand(text)
    assert u.intent is intent
    assert u.job_reference == reference
    assert u.detail_topic == topic
    assert u.filters.is_empty()


def test_ordinal_words_that_are_not_references() -> None:
    assert _understand("first shift jobs").filters.as_dict() == {"shift": "Days"}
    assert _understand("my first travel job").job_reference is None
    assert _understand("apply").job_reference is None


# ---------------------------------------------------------------------------- contacts

CONTACTS: list[tuple[str, str | None, Intent, ContactInfo]] = [
    ("I'm Jane Doe", None, Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    ("my name is jane doe", None, Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    (
        "Jane Doe, jane@x.com, 555-123-4567",
        None,
        Intent.PROVIDE_INFO,
        ContactInfo("Jane", "Doe", "jane@x.com", "+15551234567"),
    ),
    ("jane@x.com", None, Intent.PROVIDE_INFO, ContactInfo(email="jane@x.com")),
    ("555 123 4567", None, Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    ("Jane", "first_name", Intent.PROVIDE_INFO, ContactInfo("Jane")),
    ("Jane Doe", "first_name", Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    ("it's Tyler", "first_name", Intent.PROVIDE_INFO, ContactInfo("Tyler")),
    ("Doe", "last_name", Intent.PROVIDE_INFO, ContactInfo(last_name="Doe")),
    ("van der berg", "last_name", Intent.PROVIDE_INFO, ContactInfo(last_name="Van Der Berg")),
    ("Will Smith", "name", Intent.PROVIDE_INFO, ContactInfo("Will", "Smith")),
    ("Georgia", "first_name", Intent.PROVIDE_INFO, ContactInfo("Georgia")),
    ("my name is Jane", "first_name", Intent.PROVIDE_INFO, ContactInfo("Jane")),
    (
        "Jane Doe, jane@x.com",
        "name",
        Intent.PROVIDE_INFO,
        ContactInfo("Jane", "Doe", "jane@x.com"),
    ),
    (
        "sure, it's jane.doe@gmail.com",
        "email",
        Intent.PROVIDE_INFO,
        ContactInfo(email="jane.doe@gmail.com"),
    ),
    ("mary-jane o'brien", "name", Intent.PROVIDE_INFO, ContactInfo("Mary-Jane", "O'Brien")),
    ("jane doe", "name", Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    ("Jane@X.com", "email", Intent.PROVIDE_INFO, ContactInfo(email="jane@x.com")),
    ("jane at gmail dot com", "email", Intent.PROVIDE_INFO, ContactInfo(email="jane@gmail.com")),
    (
        "jane@x",
        "email",
        Intent.PROVIDE_INFO,
        ContactInfo(errors=[FieldError("email", "email_format")]),
    ),
    ("555 123 4567", "phone", Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    ("(555) 123-4567", "phone", Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    ("+1 555.123.4567", "phone", Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    (
        "555-1234",
        "phone",
        Intent.PROVIDE_INFO,
        ContactInfo(errors=[FieldError("phone", "phone_digits")]),
    ),
    (
        "J4ne",
        "first_name",
        Intent.PROVIDE_INFO,
        ContactInfo(errors=[FieldError("first_name", "name_format")]),
    ),
]


@pytest.mark.parametrize(
    ("text", "expecting", "intent", "contact"),
    CONTACTS,
    ids=[f"{c[0]} [{c[1]}]" for c in CONTACTS],
)
def test_contact_details(
    text: str, expecting: str | None, intent: Intent, contact: ContactInfo
) -> None:
    u = _understand(text, expecting)
    assert u.intent is intent
    assert u.contact == contact


@pytest.mark.parametrize(
    ("text", "expecting", "intent"),
    [
        ("yes", "confirm_apply", Intent.CONFIRM),
        ("ok", "confirm_apply", Intent.CONFIRM),
        ("submit", "confirm_apply", Intent.CONFIRM),
        ("no thanks", "confirm_apply", Intent.CANCEL),
        ("don't submit", "confirm_apply", Intent.CANCEL),
        ("cancel", "email", Intent.CANCEL),
        ("never mind", "first_name", Intent.CANCEL),
        ("talk to a recruiter", "phone", Intent.HUMAN),
        ("I already have an account", "email", Intent.LOGIN),
        ("actually show me ICU jobs in Texas", "email", Intent.SEARCH),
        ("ICU jobs in Texas", "first_name", Intent.SEARCH),
        ("no", "phone", Intent.CANCEL),
        ("what about the second one?", "confirm_apply", Intent.JOB_DETAILS),
    ],
)
def test_expecting_context(text: str, expecting: str, intent: Intent) -> None:
    assert _understand(text, expecting).intent is intent


def test_referral_email_when_expected() -> None:
    u = _understand("jane@x.com", "referral_email")
    assert u.intent is Intent.REFER_FRIEND
    assert u.referral_email == "jane@x.com"
    bad = _understand("jane@", "referral_email")
    assert bad.intent is Intent.REFER_FRIEND
    assert bad.referral_email is None
    assert bad.contact == ContactInfo(errors=[FieldError("referral_email", "email_format")])


def test_search_words_are_not_names() -> None:
    u = _understand("I'm looking for ICU jobs in Texas")
    assert u.intent is Intent.SEARCH
    assert u.contact is None
    assert _understand("I'm a nurse").contact is None


# ---------------------------------------------------------------------------- merging


def _conversation(*messages: str) -> SearchFilters:
    current = SearchFilters()
    for message in messages:
        u = _understand(message)
        assert u.intent is Intent.SEARCH, message
        current = current.merge(u.filters, replace=u.replace_fields)
    return current


def test_refinements_merge_into_the_previous_search() -> None:
    assert _conversation(
        "ICU RN jobs in Dallas, TX", "what about Arizona instead?", "only nights", "over 3k"
    ).as_dict() == {
        "profession": RN,
        "specialty": "ICU",
        "state": "AZ",
        "shift": "Nights",
        "min_weekly_pay": 3000.0,
    }
    assert _conversation("ICU jobs in Texas", "in Dallas").as_dict() == {
        "profession": RN,
        "specialty": "ICU",
        "state": "TX",
        "city": "Dallas",
    }


def test_merge_keeps_the_named_profession_and_re_resolves_the_specialty() -> None:
    assert _conversation("PT jobs in Texas", "outpatient").as_dict() == {
        "profession": "Physical Therapist",
        "specialty": "Outpatient",
        "state": "TX",
    }
    assert _conversation("PT jobs in Texas", "outpatient", "what about ICU?").as_dict() == {
        "profession": RN,
        "specialty": "ICU",
        "state": "TX",
    }
    # A specialty the new profession does not have is dropped.
    assert _conversation("ICU RN jobs", "LPN instead").as_dict() == {
        "profession": "Licensed Practical Nurse"
    }


def test_merge_keeps_city_and_state_coherent() -> None:
    assert _conversation("ER jobs in Texas", "in Portland").as_dict() == {
        "specialty": "ER",
        "city": "Portland",
    }
    assert _conversation("travel ICU jobs in Portland Oregon", "Portland Maine").as_dict() == {
        "profession": RN,
        "specialty": "ICU",
        "state": "ME",
        "city": "Portland",
        "job_type": "Travel",
    }
    assert _conversation("ICU jobs in Dallas", "anywhere").as_dict() == {
        "profession": RN,
        "specialty": "ICU",
    }


def test_new_search_replaces_the_previous_one() -> None:
    assert _conversation("ICU jobs in Texas 3x12 nights", "ER jobs").as_dict() == {
        "specialty": "ER"
    }


def test_filters_round_trip_through_dicts() -> None:
    f = _understand("ICU RN travel jobs in Dallas, TX over $2,500/week 3x12 nights ASAP").filters
    assert SearchFilters.from_dict(f.as_dict()) == f
    assert SearchFilters.from_dict({"state": "texas", "job_type": "travel", "x": 1}).as_dict() == {
        "state": "TX",
        "job_type": "Travel",
    }


# ---------------------------------------------------------------------------- speed


def test_understanding_is_fast_after_warm_up() -> None:
    warm_up()
    messages = [c[0] for c in NEW_SEARCHES] + [c[0] for c in REFINEMENTS] + [c[0] for c in INTENTS]
    timings: list[float] = []
    for message in messages * 3:
        start = time.perf_counter()
        understand(message, today=TODAY)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.001
    assert statistics.mean(timings) < 0.001


def test_long_or_hostile_input_stays_bounded() -> None:
    for text in ("1 " * 2000, "." * 4000, "a@" * 2000, "did my friend " * 280, "x" * 10_000):
        start = time.perf_counter()
        understand(text, today=TODAY)
        assert time.perf_counter() - start < 0.25


def test_a_named_job_is_not_a_bare_yes_while_confirming() -> None:
    """While confirming, "apply to job <other id>" must not submit the pending job."""
    other = "3f1c2a4e-1111-4222-8333-444455556666"
    meaning = understand(f"Apply to job {other}", expecting="confirm_apply")
    assert meaning.intent is Intent.APPLY
    assert meaning.job_reference is not None and meaning.job_reference.job_id == other
    assert understand("yes", expecting="confirm_apply").intent is Intent.CONFIRM
