"""Source, certification, shift and pay read as filters of the metric asked, typos and
abbreviations included, and carried by follow-ups ("only night shift", "and with BLS?")."""

from __future__ import annotations

import pytest

from assistant.copilot.answer import CopilotState
from assistant.copilot.nlu.narrowing import read_pay
from tests.unit.copilot_nlu.helpers import RN, ask, d, filters_of

THIS_MONTH = {"period_start": d(11, 1), "period_end": d(11, 28)}


@pytest.mark.parametrize(
    ("text", "metric", "filters"),
    [
        (
            "how many ICU applications from candidates with ACLS",
            "applications",
            {"specialty": "ICU", "certification": "ACLS"},
        ),
        ("how many candidates have PALS", "candidates", {"certification": "PALS"}),
        ("how many nurses with BLS", "candidates", {"profession": RN, "certification": "BLS"}),
        (
            "applications from referrals this month",
            "applications",
            {**THIS_MONTH, "source": "referral"},
        ),
        ("apps thru the website this month", "applications", {**THIS_MONTH, "source": "website"}),
        ("candidates sourced from the website", "candidates", {"referral_source": "Website"}),
        (
            "night shift jobs in Texas paying over $2,500 a week",
            "open_jobs",
            {"state_code": "TX", "shift": "Nights", "min_weekly_pay": 2500.0},
        ),
        ("how many open nite shift jobs", "open_jobs", {"shift": "Nights"}),
        ("open jobs paying under $2000 a week", "open_jobs", {"max_weekly_pay": 2000.0}),
        ("open jobs paying at least $60/hr", "open_jobs", {"min_hourly_pay": 60.0}),
        ("open evening shift jobs", "open_jobs", {"shift": "Evenings"}),
        (
            "placements on night shift jobs this year",
            "placements",
            {"period_start": d(1, 1), "period_end": d(11, 28), "shift": "Nights"},
        ),
        (
            "BLS certs expiring in the next 90 days",
            "certifications_expiring",
            {"within_days": 90, "certification": "BLS"},
        ),
    ],
)
def test_the_new_filters_are_read(text: str, metric: str, filters: dict[str, object]) -> None:
    reading = ask(text)
    assert reading.query.metric == metric
    assert filters_of(reading) == filters
    assert not reading.uncertain, reading.notes


def test_an_amount_is_not_a_year_and_a_length_is_not_pay() -> None:
    assert read_pay("open jobs paying under $2000 a week").max_weekly_pay == 2000.0
    assert read_pay("jobs paying $3k+ per week").min_weekly_pay == 3000.0
    assert not read_pay("placements in the last 3 weeks").given
    assert not read_pay("how many 12 hours shifts").given
    reading = ask("open jobs paying under $2000 a week")
    assert "period_start" not in filters_of(reading)


def test_in_days_is_no_day_shift() -> None:
    assert "shift" not in filters_of(ask("what's the median time to first application, in days"))


def test_follow_ups_narrow_by_shift_certification_and_pay() -> None:
    first = ask("how many open ICU jobs in texas")
    state = CopilotState(last_query=first.query)
    nights = ask("only night shift", state)
    assert nights.follow_up
    assert filters_of(nights) == {"specialty": "ICU", "state_code": "TX", "shift": "Nights"}
    paid = ask("and paying over $2,500 a week?", CopilotState(last_query=nights.query))
    assert filters_of(paid) == {
        "specialty": "ICU",
        "state_code": "TX",
        "shift": "Nights",
        "min_weekly_pay": 2500.0,
    }
    cands = ask("how many of my ICU candidates", None)
    with_bls = ask("and with BLS?", CopilotState(last_query=cands.query))
    assert with_bls.query.metric == "candidates"
    assert filters_of(with_bls) == {"specialty": "ICU", "certification": "BLS"}
    listed = ask("show me those candidates", CopilotState(last_query=with_bls.query))
    assert listed.query.list_rows and filters_of(listed) == filters_of(with_bls)


def test_a_filter_the_metric_has_not_is_said_not_dropped_silently() -> None:
    referrals = ask("how many referrals for night shift jobs")
    assert referrals.uncertain and "shift" in " ".join(referrals.notes)
    views = ask("how many views did my share links get for night shift jobs")
    assert views.query.metric == "share_views"
    assert views.uncertain and "shift" not in filters_of(views)


def test_the_models_metric_tool_documents_the_new_filters() -> None:
    from assistant.copilot.llm import TOOLS

    tool = next(t for t in TOOLS if t["function"]["name"] == "query_metric")
    params = tool["function"]["parameters"]
    filters = params["$defs"]["MetricFilters"]["properties"]
    for name in (
        "source",
        "referral_source",
        "certification",
        "shift",
        "min_weekly_pay",
        "max_weekly_pay",
        "min_hourly_pay",
        "max_hourly_pay",
    ):
        described = [a.get("description", "") for a in filters[name]["anyOf"]]
        assert any(described), name
