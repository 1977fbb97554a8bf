"""LaborEdge job records -> `jobs` columns: field by field, fallbacks, quarantine reasons."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from data_layer.master import catalog as md
from data_layer.models.jobs import DurationType, Job, JobType
from data_layer.sync.master import Lookups
from devstack.laboredge_simulator import (
    MALFORMED_KINDS,
    SimulatorConfig,
    SimulatorState,
    generate_job,
    malform,
    master_lists,
)
from workers.laboredge.mapped import MAPPED_COLUMNS, MappedJob, Quarantine
from workers.laboredge.mapping import content_hash, html_to_text, map_job, normalize_job_type

BASE = datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC)
SEED = 42

# Our ids are deliberately different from LaborEdge's, as they are in the database.
LOOKUPS = Lookups.build(
    professions=[(i, p.external_id) for i, p in enumerate(md.professions(), start=1)],
    specialties=[(i, s.external_id) for i, s in enumerate(md.specialties(), start=1)],
    states=[(i, s.external_id, s.code, s.name) for i, s in enumerate(md.states(), start=1)],
    job_statuses=[(i, s.external_id, s.code) for i, s in enumerate(md.job_statuses(), start=1)],
)


def _find(predicate: Callable[[dict[str, Any]], Any], limit: int = 500) -> dict[str, Any]:
    for ordinal in range(limit):
        record = generate_job(ordinal, SEED, BASE)
        if predicate(record):
            return record
    raise AssertionError("no generated record matches")


def _mapped(record: Any, lookups: Lookups = LOOKUPS) -> MappedJob:
    result = map_job(record, lookups)
    assert isinstance(result, MappedJob), getattr(result, "reasons", result)
    return result


def _quarantined(record: Any, lookups: Lookups = LOOKUPS) -> Quarantine:
    result = map_job(record, lookups)
    assert isinstance(result, Quarantine), result
    return result


def _our_id(lookup: dict[int, int] | Any, external: int) -> int:
    return int(lookup[external])


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value)).quantize(Decimal("0.01"))


# --------------------------------------------------------------------- field by field
def test_every_field_of_a_simulator_record_lands_in_its_column() -> None:
    record = _find(
        lambda r: (
            "clientCity" in r
            and r.get("shiftStartTime1")
            and r.get("description")
            and r.get("vmsId")
            and r.get("weeklyPay") is not None
            and r.get("floatingReqUnits")
            and r.get("durationType") == "WEEKS"
        )
    )
    mapped = _mapped(record)
    v = mapped.values
    assert v.external_job_id == record["jobId"]
    assert v.job_title == record["jobTitle"]
    assert v.posting_id == record["postingId"]
    assert v.display_on_external_job_board is True
    assert v.description == record["description"]
    assert v.description_text == html_to_text(record["description"])
    assert v.posted_date == datetime.datetime.fromisoformat(record["postedDate"])
    assert v.posted_date is not None and v.posted_date.tzinfo is not None
    assert v.preferred_certifications == record["preferredCertifications"]
    assert v.sign_on_bonus == _money(record["signOnBonus"])
    assert v.no_of_openings == record["noOfOpenings"]
    assert v.job_type == normalize_job_type(record["jobType"])
    assert v.msa is record["msa"]
    assert v.start_date == datetime.date.fromisoformat(record["startDate"])
    assert v.end_date == datetime.date.fromisoformat(record["endDate"])
    assert v.asap is record["asap"]
    assert v.duration == record["duration"]
    assert v.duration_type is DurationType.WEEKS
    assert v.job_status_id == _our_id(LOOKUPS.job_statuses, record["jobStatusId"])
    assert v.job_status_code == record["jobStatusCode"] == "OPEN"
    assert v.hot_job is record["hotJob"]
    assert v.floating_req_units == record["floatingReqUnits"]
    assert v.position_type == record["positionType"]
    assert v.shift_start_time1 == datetime.time.fromisoformat(record["shiftStartTime1"])
    assert v.shift_end_time1 == datetime.time.fromisoformat(record["shiftEndTime1"])
    assert v.shifts_per_week1 == record["shiftsPerWeek1"]
    assert v.scheduled_hrs1 == _money(record["scheduledHrs1"])
    start2 = record.get("shiftStartTime2")
    assert v.shift_start_time2 == (datetime.time.fromisoformat(start2) if start2 else None)
    assert v.shifts_per_week2 == record.get("shiftsPerWeek2")
    assert v.shift == record["shift"]
    assert v.title == record["title"]
    assert v.offering == record["offering"]
    assert v.sub_offering == record["subOffering"]
    assert v.profession_id == _our_id(LOOKUPS.professions, record["professionId"])
    assert v.specialty_id == _our_id(LOOKUPS.specialties, record["specialtyId"])
    assert v.profession_id != record["professionId"]  # resolved, not copied
    assert v.sales_rep_id == record["salesRepId"]
    assert v.sales_rep_first_name == record["salesRepFirstName"]
    assert v.sales_rep_last_name == record["salesRepLastName"]
    assert v.sales_rep_email == record["salesRepEmail"]
    assert v.staffing_specialist_id == record["staffingSpecialistId"]
    assert v.staffing_specialist_first_name == record["staffingSpecialistFirstName"]
    assert v.staffing_specialist_last_name == record["staffingSpecialistLastName"]
    assert v.staffing_specialist_email == record["staffingSpecialistEmail"]
    assert v.vms_id == record["vmsId"]
    assert v.vms == record["vms"]
    assert v.client_name == record["clientName"]
    assert v.client_website == record["clientWebsite"]
    assert v.client_primary_division == record["clientPrimaryDivision"]
    assert v.client_city == record["clientCity"]
    assert v.client_state == record["clientState"]
    assert v.client_state_code == record["clientStateCode"]
    assert v.client_state_id == LOOKUPS.states_by_code[record["clientStateCode"]]
    assert v.client_zip == record["clientZip"]
    assert v.client_country == record["clientCountry"]
    assert v.weekly_pay == _money(record["weeklyPay"])
    assert v.hourly_pay == _money(record["hourlyPay"])
    assert v.hourly_pay_range == record["hourlyPayRange"]
    assert v.weekly_pay_range == record["weeklyPayRange"]
    assert v.featured_job is record["featuredJob"]
    assert v.position_urgency_id == record["positionUrgencyId"]
    assert v.position_urgency == record["positionUrgency"]
    assert v.content_hash == content_hash(record)

    assert mapped.certifications == [
        {
            "certification": c["certification"],
            "for_onboarding": c["forOnboarding"],
            "for_submittal": c["forSubmittal"],
        }
        for c in record["jobRequiredCertifications"]
    ]
    assert mapped.rates == [
        {
            "bill_rate_code_id": r["billRateCodeId"],
            "bill_rate_code": r["billRateCode"],
            "rate": _money(r["rate"]),
        }
        for r in record["jobRates"]
    ]


def test_mapped_columns_are_jobs_columns_and_leave_seo_and_counters_alone() -> None:
    columns = {c.name for c in Job.__table__.columns}
    assert set(MAPPED_COLUMNS) <= columns
    untouched = columns - set(MAPPED_COLUMNS)
    assert {"seo_title", "seo_description", "seo_keywords"} <= untouched
    assert {"page_views", "application_count", "closed_at", "last_synced_at", "id"} <= untouched
    # every other spec column of `jobs` is mapped
    assert untouched - {"created_at", "updated_at", "sa_orm_sentinel"} == {
        "id",
        "seo_title",
        "seo_description",
        "seo_keywords",
        "page_views",
        "application_count",
        "closed_at",
        "last_synced_at",
    }


def test_every_generated_record_maps_with_the_master_data() -> None:
    state = SimulatorState(SimulatorConfig(jobs=600, seed=7, base_time=BASE))
    records = state.truth()["records"]
    results = [map_job(r, LOOKUPS) for r in records]
    bad = [r.reasons for r in results if isinstance(r, Quarantine)]
    assert not bad
    assert {r.values.job_type for r in results if isinstance(r, MappedJob)} == set(JobType)


# ------------------------------------------------------------------------- fallbacks
def test_city_state_state_code_fall_back_for_the_client_location() -> None:
    record = _find(lambda r: "city" in r)
    assert "clientCity" not in record
    v = _mapped(record).values
    assert v.client_city == record["city"]
    assert v.client_state == record["state"]
    assert v.client_state_code == record["stateCode"]
    assert v.client_zip == record["zip"]
    assert v.client_country == record["country"]
    assert v.client_state_id == LOOKUPS.states_by_code[record["stateCode"]]


def test_client_names_win_over_the_plain_ones() -> None:
    record = dict(_find(lambda r: "clientCity" in r), city="Elsewhere", stateCode="ZZ")
    v = _mapped(record).values
    assert v.client_city == record["clientCity"]
    assert v.client_state_code == record["clientStateCode"]


def test_state_resolves_by_name_when_the_code_is_missing() -> None:
    record = _find(lambda r: "clientCity" in r)
    record = {k: v for k, v in record.items() if k != "clientStateCode"}
    v = _mapped(record).values
    assert v.client_state_code is None
    assert v.client_state_id == LOOKUPS.states_by_name[record["clientState"].lower()]


def test_job_shift_details_list_fills_the_shift_columns() -> None:
    record = _find(lambda r: "jobShiftDetails" in r and r["jobShiftDetails"][0]["startTime"])
    assert "shiftStartTime1" not in record
    first = record["jobShiftDetails"][0]
    v = _mapped(record).values
    assert v.shift_start_time1 == datetime.time.fromisoformat(first["startTime"])
    assert v.shift_end_time1 == datetime.time.fromisoformat(first["endTime"])
    assert v.shifts_per_week1 == first["shiftsPerWeek"]
    assert v.scheduled_hrs1 == _money(first["scheduledHrs"])
    assert v.shift == first["shift"]


def test_job_shift_details_object_and_top_level_precedence() -> None:
    record = dict(_find(lambda r: "shiftStartTime1" in r and r["shiftStartTime1"]))
    record["jobShiftDetails"] = {"shiftStartTime1": "05:00", "shiftStartTime2": "17:30"}
    v = _mapped(record).values
    assert v.shift_start_time1 == datetime.time.fromisoformat(record["shiftStartTime1"])
    if record.get("shiftStartTime2") is None:
        assert v.shift_start_time2 == datetime.time(17, 30)


def test_job_description_and_missing_description() -> None:
    with_alt = _find(lambda r: "jobDescription" in r)
    v = _mapped(with_alt).values
    assert v.description == with_alt["jobDescription"]
    assert v.description_text and "<" not in v.description_text
    without = _find(lambda r: "description" not in r and "jobDescription" not in r)
    v = _mapped(without).values
    assert v.description is None and v.description_text is None


def test_missing_display_flag_means_displayed_and_booleans_are_tolerant() -> None:
    record = _find(lambda r: True)
    record = {k: v for k, v in record.items() if k != "displayOnExternalJobBoard"}
    record.update(hotJob="Y", msa="false", asap=1, featuredJob=None)
    v = _mapped(record).values
    assert v.display_on_external_job_board is True
    assert (v.hot_job, v.msa, v.asap, v.featured_job) == (True, False, True, False)


# ---------------------------------------------------------------------- normalization
@pytest.mark.parametrize(
    ("upstream", "ours"),
    [
        ("TRAVEL", JobType.TRAVEL),
        ("Travel", JobType.TRAVEL),
        ("travel contract", JobType.TRAVEL),
        ("PERM", JobType.PERM),
        ("Permanent", JobType.PERM),
        ("PER_DIEM", JobType.PER_DIEM),
        ("Per Diem", JobType.PER_DIEM),
        ("per-diem", JobType.PER_DIEM),
        ("PRN", JobType.PER_DIEM),
        ("LOCAL", JobType.LOCAL),
        ("Local Contract", JobType.LOCAL),
        ("LOCUM", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_job_type_normalization(upstream: Any, ours: JobType | None) -> None:
    assert normalize_job_type(upstream) == ours


def test_unknown_job_type_is_quarantined() -> None:
    q = _quarantined(dict(_find(lambda r: True), jobType="LOCUM"))
    assert q.reason == "unknown jobType: 'LOCUM'"
    assert not q.resolvable


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Hello&nbsp;<b>world</b></p><p>again</p>", "Hello world again"),
        ("<ul><li>BLS</li><li>ACLS</li></ul>", "BLS ACLS"),
        ("Line one<br/>Line   two\n\n", "Line one Line two"),
        ("R&amp;D &lt;unit&gt; &#39;ICU&#39; &middot; 13 weeks", "R&D <unit> 'ICU' · 13 weeks"),
        ("<style>p{color:red}</style><script>alert(1)</script><p>Safe</p>", "Safe"),
        ("<!-- note --><div>Pay: $2,400</div>", "Pay: $2,400"),
        ("a < b and c > d", "a < b and c > d"),
        ("<p> </p>", None),
        ("", None),
        (None, None),
    ],
)
def test_html_to_text(markup: str | None, text: str | None) -> None:
    assert html_to_text(markup) == text


def test_dates_times_and_numbers_in_other_spellings() -> None:
    record = dict(
        _find(lambda r: "shiftStartTime1" in r and r["shiftStartTime1"]),
        postedDate=1_730_000_000_000,  # epoch milliseconds
        startDate="2025-12-01T00:00:00.000+0000",
        endDate="03/01/2026",
        shiftStartTime1="7:00 PM",
        shiftEndTime1="07:30:00.000",
        weeklyPay="$2,345.675",
        hourlyPay=" 61 ",
        noOfOpenings="3",
        duration=13.0,
        durationType="Weeks",
    )
    v = _mapped(record).values
    assert v.posted_date == datetime.datetime(2024, 10, 27, 3, 33, 20, tzinfo=datetime.UTC)
    assert v.start_date == datetime.date(2025, 12, 1)
    assert v.end_date == datetime.date(2026, 3, 1)
    assert v.shift_start_time1 == datetime.time(19, 0)
    assert v.shift_end_time1 == datetime.time(7, 30)
    assert v.weekly_pay == Decimal("2345.68")
    assert v.hourly_pay == Decimal("61.00")
    assert v.no_of_openings == 3
    assert v.duration == 13
    assert v.duration_type is DurationType.WEEKS


def test_nul_characters_are_removed() -> None:
    record = dict(_find(lambda r: True), jobTitle="ICU\x00 RN", description="<p>a\x00b</p>")
    v = _mapped(record).values
    assert v.job_title == "ICU RN"
    assert v.description == "<p>ab</p>"


# -------------------------------------------------------------------------- quarantine
@pytest.mark.parametrize(
    ("kind", "reason", "resolvable"),
    [
        ("missing_job_id", "missing jobId", False),
        ("non_numeric_pay", "non-numeric weeklyPay: 'call for rate'", False),
        ("bad_date", "unparseable date startDate: '31/31/2025'", False),
        ("unknown_profession", "unknown professionId 99999999", True),
    ],
)
def test_malformed_simulator_records_are_quarantined_with_the_reason(
    kind: str, reason: str, resolvable: bool
) -> None:
    record = _find(lambda r: True)
    q = _quarantined(malform(record, kind))
    assert q.reasons[0] == reason
    assert q.resolvable is resolvable
    assert q.raw["postingId"] == record["postingId"]
    if kind == "missing_job_id":
        assert q.external_job_id is None
    else:
        assert q.external_job_id == record["jobId"]
    if kind == "non_numeric_pay":
        assert "non-numeric hourlyPay: 'TBD'" in q.reasons
    if kind == "unknown_profession":
        (ref,) = q.unresolved
        assert (ref.kind, ref.external_id) == ("profession", 99_999_999)
    assert set(MALFORMED_KINDS) >= {kind}


def test_unknown_master_references_are_reported_for_creation() -> None:
    record = dict(_find(lambda r: "clientStateCode" in r), jobStatusId=9, jobStatusCode="NEW")
    empty = Lookups()
    q = _quarantined(record, empty)
    assert q.resolvable
    kinds = {ref.kind: ref for ref in q.unresolved}
    assert set(kinds) == {"profession", "specialty", "state", "job_status"}
    assert kinds["profession"].external_id == record["professionId"]
    assert kinds["profession"].name == record["profession"]
    assert kinds["specialty"].parent_external_id == record["professionId"]
    assert kinds["state"].code == record["clientStateCode"]
    assert (kinds["job_status"].external_id, kinds["job_status"].code) == (9, "NEW")
    assert f"unknown professionId {record['professionId']}" in q.reason


def test_job_status_resolves_by_code_when_the_id_is_unknown() -> None:
    record = dict(_find(lambda r: True), jobStatusId=777)
    assert _mapped(record).values.job_status_id == LOOKUPS.job_statuses_by_code["OPEN"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"jobId": "abc"}, "non-integer jobId: 'abc'"),
        ({"jobId": -5}, "non-positive jobId: -5"),
        ({"hourlyPay": "NaN"}, "non-numeric hourlyPay: 'NaN'"),
        ({"weeklyPay": -10}, "negative weeklyPay: -10"),
        ({"postedDate": "yesterday"}, "unparseable date postedDate: 'yesterday'"),
        ({"noOfOpenings": 2.5}, "non-integer noOfOpenings: 2.5"),
        ({"hotJob": "maybe"}, "non-boolean hotJob: 'maybe'"),
        ({"durationType": "FORTNIGHTS"}, "unknown durationType: 'FORTNIGHTS'"),
        ({"professionId": "RN"}, "non-integer professionId: 'RN'"),
        ({"jobTitle": "x" * 501}, "jobTitle too long (501 > 500 characters)"),
        ({"clientName": {"name": "x"}}, "unexpected dict in clientName"),
        ({"jobRates": "none"}, "jobRates is not a list"),
        ({"jobRequiredCertifications": [{"forSubmittal": True}]}, None),
        ({"vmsId": 2**40}, f"vmsId out of range: {2**40}"),
    ],
)
def test_invalid_fields_are_quarantined_with_a_clear_reason(
    change: dict[str, Any], reason: str | None
) -> None:
    q = _quarantined(dict(_find(lambda r: True), **change))
    if reason is None:
        assert q.reasons == ("jobRequiredCertifications[0] has no certification",)
    else:
        assert q.reasons == (reason,)
    assert not q.resolvable


def test_several_problems_are_all_reported() -> None:
    record = dict(_find(lambda r: True), weeklyPay="n/a", startDate="soon")
    del record["jobId"]
    q = _quarantined(record)
    assert set(q.reasons) == {
        "missing jobId",
        "non-numeric weeklyPay: 'n/a'",
        "unparseable date startDate: 'soon'",
    }


@pytest.mark.parametrize("record", [None, 42, "job", ["jobId", 1]])
def test_a_record_that_is_not_an_object_is_quarantined(record: Any) -> None:
    q = _quarantined(record)
    assert q.reason.startswith("record is not an object")
    assert q.raw == record


# ------------------------------------------------------------------------ content hash
def test_content_hash_is_stable_and_sensitive() -> None:
    record = _find(lambda r: True)
    shuffled = dict(reversed(list(record.items())))
    assert content_hash(record) == content_hash(shuffled)
    assert content_hash(record) != content_hash(dict(record, hotJob=not record["hotJob"]))
    changed_child = dict(record, jobRates=[*record["jobRates"], {"billRateCodeId": "9"}])
    assert content_hash(record) != content_hash(changed_child)
    assert len(content_hash(record)) == 64
    assert _mapped(record).content_hash == content_hash(record)


# --------------------------------------------------------------- simulator determinism
def test_generation_is_deterministic_and_prefix_stable() -> None:
    small = SimulatorState(SimulatorConfig(jobs=50, seed=3, base_time=BASE)).truth()["records"]
    large = SimulatorState(SimulatorConfig(jobs=80, seed=3, base_time=BASE)).truth()["records"]
    assert small == large[:50]
    other = SimulatorState(SimulatorConfig(jobs=50, seed=4, base_time=BASE)).truth()["records"]
    assert small != other


def test_generated_locations_and_pay_are_realistic() -> None:
    cities = {(c.name, c.state_code) for c in md.cities()}
    for ordinal in range(300):
        record = generate_job(ordinal, SEED, BASE)
        city = record.get("clientCity") or record.get("city")
        code = record.get("clientStateCode") or record.get("stateCode")
        assert (city, code) in cities
        job_type = normalize_job_type(record["jobType"])
        hourly = record["hourlyPay"]
        assert 10 < hourly < 300, record
        if job_type is JobType.TRAVEL:
            assert 800 <= record["weeklyPay"] <= 8000
            assert record["durationType"] == "WEEKS"
        if job_type is JobType.PER_DIEM:
            assert record["weeklyPay"] is None
        assert record["startDate"] >= BASE.date().isoformat()
        assert record["postedDate"] <= BASE.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def test_master_lists_use_the_master_data_external_ids() -> None:
    lists = master_lists()
    assert {p["id"] for p in lists["professions"]} == {p.external_id for p in md.professions()}
    assert {s["id"] for s in lists["specialties"]} == {s.external_id for s in md.specialties()}
    assert {s["code"] for s in lists["states"]} == {s.code for s in md.states()}
    assert len(lists) == 10
    assert all(lists.values())
