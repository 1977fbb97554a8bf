"""Refinements of the previous search, and how :func:`refine` applies them."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.agent.nlu import FilterProvenance, Intent, read_filters, refine
from data_layer.jobs.filters import JobSearchFilters
from tests.unit.nlu.helpers import RN
from tests.unit.nlu.helpers import understand_today as _understand

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


# ---------------------------------------------------------------------------- merging


def _conversation(*messages: str) -> JobSearchFilters:
    current, provenance = JobSearchFilters(), FilterProvenance()
    for message in messages:
        u = _understand(message)
        assert u.intent is Intent.SEARCH, message
        current, provenance = refine(
            current,
            u.filters,
            replace=u.replace_fields,
            previous_provenance=provenance,
            newer_provenance=u.provenance,
        )
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
    assert read_filters(f.as_dict()) == f
    assert read_filters({"state": "texas", "job_type": "travel", "x": 1}).as_dict() == {
        "state": "TX",
        "job_type": "Travel",
    }
