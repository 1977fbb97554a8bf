"""The bundled master data (data_layer/seed/data/*.json) is complete and consistent."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TypeVar

import pytest

from data_layer.master import catalog as md

T = TypeVar("T")

USPS = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip


def _must(value: T | None) -> T:
    assert value is not None
    return value


def _no_duplicates(values: list[object]) -> None:
    dupes = [v for v, n in Counter(values).items() if n > 1]
    assert not dupes, f"duplicates: {dupes}"


def test_every_state_and_dc_with_its_usps_code() -> None:
    assert {s.code: s.name for s in md.states()} == USPS
    assert len(md.states()) == 51
    assert all(s.country_code == "USA" for s in md.states())
    assert md.state_by_code("tx").name == "Texas"
    assert _must(md.find_state("New York")).code == "NY"
    assert _must(md.find_state("ca")).code == "CA"
    assert _must(md.find_state("Washington DC")).code == "DC"
    assert md.find_state("Narnia") is None


def test_countries() -> None:
    codes = {c.code for c in md.countries()}
    assert {"USA", "CAN", "MEX"} <= codes
    assert _must(md.find_country("United States")).code == "USA"
    assert _must(md.find_country("usa")).code == "USA"


def test_external_ids_are_unique_per_table() -> None:
    for table in (
        md.professions(),
        md.specialties(),
        md.states(),
        md.countries(),
        md.job_statuses(),
        md.candidate_statuses(),
        md.candidate_types(),
        md.referral_sources(),
    ):
        _no_duplicates([row.external_id for row in table])
    _no_duplicates([c.name for c in md.certifications()])
    _no_duplicates([s.code for s in md.shifts()])


def test_professions_and_their_synonyms() -> None:
    abbreviations = {p.abbreviation for p in md.professions()}
    for expected in ("RN", "LPN/LVN", "CNA", "PT", "PTA", "OT", "COTA", "SLP", "RT",
                     "Surg Tech", "Rad Tech", "CT Tech", "MRI Tech", "Sonographer", "CVT",
                     "MLS", "Pharmacist", "Pharm Tech", "Paramedic", "NP", "CRNA", "RD",
                     "Social Worker"):  # fmt: skip
        assert expected in abbreviations
    cases = {
        "registered nurse": "RN",
        "RN": "RN",
        "nurse": "RN",
        "LVN": "LPN/LVN",
        "lpn": "LPN/LVN",
        "licensed practical nurse": "LPN/LVN",
        "resp therapist": "RT",
        "RRT": "RT",
        "scrub tech": "Surg Tech",
        "x-ray tech": "Rad Tech",
        "ultrasound tech": "Sonographer",
        "cath lab tech": "CVT",
        "medical technologist": "MLS",
        "Nurse Practitioner": "NP",
    }
    for term, abbreviation in cases.items():
        found = md.find_profession(term)
        assert found is not None, term
        assert found.abbreviation == abbreviation, term
    assert md.find_profession("astronaut") is None


def test_profession_pay_bands_are_sane() -> None:
    for prof in md.professions():
        for lo, hi in (
            prof.pay.travel_weekly,
            prof.pay.local_hourly,
            prof.pay.per_diem_hourly,
            prof.pay.perm_annual,
        ):
            assert 0 < lo < hi, prof.name
    rn = md.find_profession("rn")
    assert rn is not None
    assert 2000 <= rn.pay.travel_weekly[0] < rn.pay.travel_weekly[1] <= 3400


def test_every_specialty_belongs_to_an_existing_profession() -> None:
    professions = {p.external_id for p in md.professions()}
    for spec in md.specialties():
        assert spec.profession_external_id in professions, spec
        assert 0.8 <= spec.pay_factor <= 1.2, spec
    for prof in md.professions():
        assert md.specialties_for(prof.external_id), f"{prof.name} has no specialty"
    rn = md.find_profession("rn")
    assert rn is not None
    rn_names = {s.name for s in md.specialties_for(rn.external_id)}
    for expected in ("ICU", "ER", "Med-Surg", "Telemetry", "L&D", "NICU", "PICU", "OR", "PACU",
                     "Cath Lab", "Oncology", "Dialysis", "Psych", "Step-Down", "Home Health",
                     "Hospice", "Case Management", "CVICU", "Neuro ICU", "Trauma", "Float Pool",
                     "Rehab", "Long-Term Care", "Ambulatory", "Postpartum", "Mother-Baby",
                     "Pre-Op", "IR", "Endoscopy"):  # fmt: skip
        assert expected in rn_names


@pytest.mark.parametrize(
    ("term", "name"),
    [
        ("critical care", "ICU"),
        ("ICU", "ICU"),
        ("tele", "Telemetry"),
        ("labor and delivery", "L&D"),
        ("L&D", "L&D"),
        ("l and d", "L&D"),
        ("Labor & Delivery", "L&D"),
        ("med surg", "Med-Surg"),
        ("medsurg", "Med-Surg"),
        ("Med/Surg", "Med-Surg"),
        ("medical surgical", "Med-Surg"),
        ("emergency", "ER"),
        ("ER", "ER"),
        ("ED", "ER"),
        ("behavioral health", "Psych"),
        ("step down", "Step-Down"),
        ("PCU", "Step-Down"),
        ("progressive care", "Step-Down"),
        ("cardiac cath lab", "Cath Lab"),
        ("operating room", "OR"),
        ("neonatal icu", "NICU"),
    ],
)
def test_specialty_synonyms_resolve_for_rn(term: str, name: str) -> None:
    rn = md.find_profession("rn")
    assert rn is not None
    found = md.find_specialty(term, rn.external_id)
    assert found is not None and found.name == name
    # Without a profession, RN (the agency's main line) wins.
    default = md.find_specialty(term)
    assert default is not None and default.profession_external_id == rn.external_id


def test_specialty_terms_are_unique_within_each_profession() -> None:
    for prof in md.professions():
        seen: dict[str, str] = {}
        for spec in md.specialties_for(prof.external_id):
            for term in spec.terms:
                assert seen.setdefault(term, spec.name) == spec.name, (prof.name, term)
            _no_duplicates([s.name for s in md.specialties_for(prof.external_id)])


def test_every_vocabulary_term_resolves_to_its_own_record() -> None:
    for prof in md.professions():
        for term in prof.terms:
            assert md.find_profession(term) == prof, term
    for spec in md.specialties():
        for term in spec.terms:
            assert md.find_specialty(term, spec.profession_external_id) == spec, term
    for cert in md.certifications():
        for term in cert.terms:
            assert md.find_certification(term) == cert, term
    for state in md.states():
        for term in state.terms:
            assert md.find_state(term) == state, term
    for shift in md.shifts():
        for term in shift.terms:
            assert md.find_shift(term) == shift, term


def test_specialty_names_repeat_across_professions_with_distinct_ids() -> None:
    matches = md.find_specialties("home health")
    assert len({s.profession_external_id for s in matches}) > 1
    assert len({s.external_id for s in matches}) == len(matches)


def test_certifications_referenced_by_specialties_exist() -> None:
    names = {c.name for c in md.certifications()}
    for spec in md.specialties():
        for cert in (*spec.required_certifications, *spec.preferred_certifications):
            assert cert in names, (spec.name, cert)
    for expected in ("BLS", "ACLS", "PALS", "NRP", "TNCC", "ENPC", "CCRN", "CEN", "STABLE",
                     "AWHONN Fetal Heart Monitoring", "NIHSS", "CPI",
                     "ONS Chemotherapy/Biotherapy", "ARRT (R)", "NBRC RRT", "CST"):  # fmt: skip
        assert expected in names
    assert _must(md.find_certification("cpr")).name == "BLS"
    assert _must(md.find_certification("advanced cardiac life support")).name == "ACLS"
    assert _must(md.find_certification("fetal monitoring")).name == "AWHONN Fetal Heart Monitoring"


def test_cities_are_in_existing_states_with_coordinates() -> None:
    codes = {s.code for s in md.states()}
    per_state = Counter(c.state_code for c in md.cities())
    assert len(md.cities()) >= 300
    for city in md.cities():
        assert city.state_code in codes, city
        assert 18.0 <= city.latitude <= 72.0, city
        assert -170.0 <= city.longitude <= -66.0, city
        assert city.size in {"major", "large", "mid", "small"}
        assert city.cost_tier in {"low", "moderate", "high", "very_high"}
        assert len(city.zip) == 5 and city.zip.isdigit(), city
    for code in codes - {"DC"}:
        assert per_state[code] >= 3, code
    assert per_state["DC"] >= 1
    _no_duplicates([c.key for c in md.cities()])


def test_city_lookups() -> None:
    houston = md.find_city("Houston", "TX")
    assert houston is not None and houston.facilities and houston.size == "major"
    assert {c.state_code for c in md.cities_named("Springfield")} >= {"IL", "MA", "MO"}
    assert md.find_city("Saint Louis") == md.find_city("St. Louis", "MO")
    assert md.find_city("Portland", "ME") != md.find_city("Portland", "OR")
    assert md.find_city("Houston", "CA") is None
    assert all(c.state_code == "AK" for c in md.cities_in_state("ak"))


def test_job_and_candidate_status_vocabularies() -> None:
    codes = {s.code for s in md.job_statuses()}
    assert codes == {"OPEN", "FILLED", "CLOSED", "HOLD", "CANCELLED"}
    assert md.job_status_by_code("open").board_visible
    assert not md.job_status_by_code("FILLED").board_visible
    assert md.candidate_statuses() and md.candidate_types()
    sources = {s.name for s in md.referral_sources()}
    assert {"Website", "Chat Assistant", "Employee Referral", "Indeed", "LinkedIn",
            "Job Fair", "Recruiter Share Link"} <= sources  # fmt: skip


def test_shifts_and_shift_terms() -> None:
    nights = md.find_shift("7p-7a")
    assert nights is not None
    assert nights.start == datetime.time(19, 0) and nights.end == datetime.time(7, 0)
    assert nights.shifts_per_week == 3 and nights.scheduled_hours == 36
    rotating = md.find_shift("rotating")
    assert rotating is not None and rotating.second is not None
    for term, facet in (
        ("nights", {"time_of_day": "night"}),
        ("noc", {"time_of_day": "night"}),
        ("12s", {"hours_per_shift": 12.0}),
        ("3x12", {"hours_per_shift": 12.0, "shifts_per_week": 3}),
    ):
        found = md.find_shift_term(term)
        assert found is not None, term
        for key, value in facet.items():
            assert getattr(found, key) == value, term
    picked = md.match_shifts(time_of_day="night", hours_per_shift=12, shifts_per_week=3)
    assert [s.code for s in picked] == ["N12"]
    for shift in md.shifts():
        if shift.time_of_day != "variable":
            assert shift.start is not None and shift.end is not None, shift.code


def test_normalize_term() -> None:
    assert md.normalize_term(" L&D ") == "l and d"
    assert md.normalize_term("Med/Surg") == "med surg"
    assert md.normalize_term("7p-7a") == "7p 7a"
    assert md.normalize_term("Coeur d'Alene") == "coeur dalene"


def test_ambiguous_terms_are_reported() -> None:
    ambiguous = md.ambiguous_terms()
    assert set(ambiguous["or"]) == {"specialty", "state"}
    assert "profession" in ambiguous["pa"] and "state" in ambiguous["pa"]
