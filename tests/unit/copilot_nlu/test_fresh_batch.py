"""A fresh held-out batch: recruiter questions written from the product journeys before the
NLU rules were read, with the interpretation each one should get.

Shorthand and typos ("subs", "mtd", "last 2 wks", "reqs", "PRN", "h1"), other verbs ("pull",
"gimme", "break down", "rank"), rankings and breakdowns, comparisons of two periods,
conversion rates, follow-ups in a conversation, and questions the copilot cannot answer
from its data (time to fill, revenue, bill rates, facilities, calls made): those must be
refused, asked back or answered with a warning - never a confident number for another
question.

First pass (this batch run against the engine as it was, before any fix here): 130 of the
156 questions were read as written (83%). Two expectations were corrected on review, not
the engine: "apps in the last month" as the month back to 10-28, and "which of my share
links got the most applications" as the whole ranking (a plural "which" ranks them all, as
"which states have the most hot jobs" does) are fair readings. The 26 misses, by cause:

* shorthand (8): "subs" refused outright (4 questions, and "what % of subs turn into
  interviews", "submit to interview ratio" missed their recipe), "gimme", "h1";
* periods (3): "the week before last" dropped silently (a count over all time), "before
  12/31" for expiries counted already-expired licenses, "next 30" without "days";
* rankings (3): "rank X by Y", "the state with the fewest" and "the top recruiter" not
  limited to the winner or not broken down at all;
* comparisons (2): "this month vs last" and a follow-up "vs last week?";
* follow-ups (3): "and the month before?" kept the month, "what about 60?" kept 30 days,
  "only for travel jobs" switched to open jobs;
* confident numbers for other questions (3): "placements by job type" broken down by job,
  "which jobs have no applicants" counted hot jobs only without saying so, "avg days from
  app to placement" answered with a count of placements;
* others (4): "conv rate" asked back, "hot jobs dont have" (no apostrophe) read as
  applications, "how's my desk looking" listed candidates, "write me a job description"
  counted ICU jobs.

After the fixes (general rules in assistant/copilot/nlu, no per-question entries), all 156
are read as written. Further probes written after reading the rules (below: 82 + 51 + 53 +
35 + 35 questions) found more answers to another question given without a warning; those
fixed are tested at the end of this file, those not fixed are named there.

After the fixes, two expectations changed from "refuse or warn" to an answer: "avg days from
app to placement" is measured (a recipe over applied_at/placed_at) and "avg time to submit"
is read as the median time to a job's first application, with that said.

Today is Saturday 2026-11-28.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.copilot.answer import CopilotState
from assistant.copilot.nlu.reading import Ask, Clarify, Lookup, Reading, Refuse
from assistant.copilot.nlu.understand import Asker
from tests.unit.copilot_nlu.helpers import (
    ADMIN,
    MARCUS,
    RECRUITER,
    RN,
    SARAH,
    ask,
    d,
    filters_of,
    read,
)

OCT = {"period_start": d(10, 1), "period_end": d(10, 31)}
SEPT = {"period_start": d(9, 1), "period_end": d(9, 30)}
THIS_MONTH = {"period_start": d(11, 1), "period_end": d(11, 28)}
THIS_WEEK = {"period_start": d(11, 23), "period_end": d(11, 28)}
LAST_WEEK = {"period_start": d(11, 16), "period_end": d(11, 22)}
THIS_YEAR = {"period_start": d(1, 1), "period_end": d(11, 28)}
LAST_YEAR = {"period_start": d(1, 1, 2025), "period_end": d(12, 31, 2025)}
THIS_QUARTER = {"period_start": d(10, 1), "period_end": d(11, 28)}
Q2 = {"period_start": d(4, 1), "period_end": d(6, 30)}
Q3 = {"period_start": d(7, 1), "period_end": d(9, 30)}
LAST_2_WEEKS = {"period_start": d(11, 14), "period_end": d(11, 28)}
LAST_30 = {"period_start": d(10, 29), "period_end": d(11, 28)}
YESTERDAY = {"period_start": d(11, 27), "period_end": d(11, 27)}
CNA = "Certified Nursing Assistant"

Case = tuple[str, str, list[str], bool, dict[str, Any]]

CASES: list[Case] = [
    # shorthand for periods and for the things counted
    ("subs this wk", "applications", [], False, THIS_WEEK),
    ("how many subs mtd", "applications", [], False, THIS_MONTH),
    ("placements ytd", "placements", [], False, THIS_YEAR),
    ("gimme apps last 2 wks", "applications", [], False, LAST_2_WEEKS),
    ("pull placements for q3", "placements", [], False, Q3),
    ("apps since oct 1", "applications", [], False,
     {"period_start": d(10, 1), "period_end": d(11, 28)}),
    ("how many submissions in september", "applications", [], False, SEPT),
    ("apps last 14 days", "applications", [], False, LAST_2_WEEKS),
    ("how many candidates applied in the last 7 days", "candidates_applied", [], False,
     {"period_start": d(11, 21), "period_end": d(11, 28)}),
    ("pls pull # of interviews last wk", "interviews", [], False, LAST_WEEK),
    ("interviews the week before last", "interviews", [], False,
     {"period_start": d(11, 9), "period_end": d(11, 15)}),
    ("placements in h1", "placements", [], False,
     {"period_start": d(1, 1), "period_end": d(6, 30)}),
    ("apps this quarter", "applications", [], False, THIS_QUARTER),
    ("apps from 11/1-11/15", "applications", [], False,
     {"period_start": d(11, 1), "period_end": d(11, 15)}),
    ("placements since sept 1", "placements", [], False,
     {"period_start": d(9, 1), "period_end": d(11, 28)}),
    ("how many placemnts last qtr", "placements", [], False, Q3),
    ("new candidates last 2 weeks", "candidates", [], False, LAST_2_WEEKS),
    ("how many candidates did we add this week", "candidates", [], False, THIS_WEEK),
    ("how many apps in the last month", "applications", [], False,
     {"period_start": d(10, 28), "period_end": d(11, 28)}),
    # statuses
    ("rejections last month", "applications", [], False, {"statuses": ["rejected"], **OCT}),
    ("how many apps got rejected in q3", "applications", [], False,
     {"statuses": ["rejected"], **Q3}),
    ("offers out this week", "applications", [], False, {"statuses": ["offered"], **THIS_WEEK}),
    ("how many applications are in interviewing for travel jobs", "applications", [], False,
     {"statuses": ["interviewing"], "job_type": "Travel"}),
    ("how many candidates are on assignment right now", "candidates", [], False,
     {"statuses": ["On Assignment"]}),
    # filters from the master data, in shorthand
    ("how many travel placements last month", "placements", [], False,
     {"job_type": "Travel", **OCT}),
    ("placements for ER nurses in 2026", "placements", [], False,
     {"specialty": "ER", "profession": RN, **THIS_YEAR}),
    ("L&D placements last quarter", "placements", [], False, {"specialty": "L&D", **Q3}),
    ("how many OR apps in NC", "applications", [], False, {"specialty": "OR", "state_code": "NC"}),
    ("med-surg openings in ohio", "open_jobs", [], False,
     {"specialty": "Med-Surg", "state_code": "OH"}),
    ("how many reqs are open in georgia", "open_jobs", [], False, {"state_code": "GA"}),
    ("how many PRN jobs are open", "open_jobs", [], False, {"job_type": "Per Diem"}),
    ("open jobs in az", "open_jobs", [], False, {"state_code": "AZ"}),
    ("how many perm jobs are open in florida", "open_jobs", [], False,
     {"job_type": "Perm", "state_code": "FL"}),
    ("how many nurses in florida", "candidates", [], False, {"profession": RN, "state_code": "FL"}),
    ("how many night shift placements this year", "placements", [], False,
     {"shift": "Nights", **THIS_YEAR}),
    ("jobs paying more than 2500/wk in tx", "open_jobs", [], False,
     {"min_weekly_pay": 2500.0, "state_code": "TX"}),
    ("how many of my candidates have ACLS", "candidates", [], False, {"certification": "ACLS"}),
    ("how many apps came from linkedin last month", "applications", [], False,
     {"source": "linkedin", **OCT}),
    ("how many RNs applied to ICU jobs this month", "candidates_applied", [], False,
     {"profession": RN, "specialty": "ICU", **THIS_MONTH}),
    ("nicu apps this year", "applications", [], False, {"specialty": "NICU", **THIS_YEAR}),
    ("cath lab placements", "placements", [], False, {"specialty": "Cath Lab"}),
    ("peds jobs open in CO", "open_jobs", [], False,
     {"specialty": "Pediatrics", "state_code": "CO"}),
    # breakdowns
    ("break down placements by state ytd", "placements", ["state"], False, THIS_YEAR),
    ("apps by specialty last mo", "applications", ["specialty"], False, OCT),
    ("ICU apps by state", "applications", ["state"], False, {"specialty": "ICU"}),
    ("placements per specialty in 2025", "placements", ["specialty"], False, LAST_YEAR),
    ("interviews by recruiter this month", "interviews", ["recruiter"], False, THIS_MONTH),
    ("cnas by state", "candidates", ["state"], False, {"profession": CNA}),
    ("apps by source this yr", "applications", ["source"], False, THIS_YEAR),
    ("candidates by specialty in texas", "candidates", ["specialty"], False, {"state_code": "TX"}),
    ("weekly placements since sept 1", "placements", ["week"], False,
     {"period_start": d(9, 1), "period_end": d(11, 28)}),
    ("placements by month 2025", "placements", ["month"], False, LAST_YEAR),
    ("daily apps this week", "applications", ["day"], False, THIS_WEEK),
    ("placements by recruiter and month this year", "placements", ["recruiter", "month"],
     False, THIS_YEAR),
    ("apps by status for icu", "applications", ["status"], False, {"specialty": "ICU"}),
    ("open reqs by specialty", "open_jobs", ["specialty"], False, {}),
    ("apps per job for hot jobs", "applications", ["job"], False, {"hot": True}),
    ("expiring licenses by state", "licenses_expiring", ["state"], False, {}),
    ("split placements by specialty for q3", "placements", ["specialty"], False, Q3),
    # lists of people and rows
    ("list everyone i placed this yr", "placements", [], True, THIS_YEAR),
    ("show me who applied yesterday", "candidates_applied", [], True, YESTERDAY),
    ("how many ppl applied last wk", "candidates_applied", [], False, LAST_WEEK),
    ("unique candidates who applied in october", "candidates_applied", [], False, OCT),
    ("which hot jobs dont have any applicants in tx", "hot_jobs_without_applicants", [], True,
     {"hot": True, "state_code": "TX"}),
    # licenses and certifications ahead
    ("licenses expiring next 30", "licenses_expiring", [], False, {"within_days": 30}),
    ("who's got a license expiring in the next 45 days", "licenses_expiring", [], True,
     {"within_days": 45}),
    ("any certs expiring this month?", "certifications_expiring", [], False,
     {"period_start": d(11, 28), "period_end": d(11, 30)}),
    ("RN licenses expiring in 60 days", "licenses_expiring", [], False,
     {"profession": RN, "within_days": 60}),
    ("BLS expiring next month", "certifications_expiring", [], False,
     {"certification": "BLS", "period_start": d(12, 1), "period_end": d(12, 31)}),
    ("CA licenses expiring before 12/31", "licenses_expiring", [], False,
     {"state_code": "CA", "period_start": d(11, 28), "period_end": d(12, 30)}),
    # share links, referrals, handoffs
    ("how many share link views this month", "share_views", [], False, THIS_MONTH),
    ("placements from share links ytd", "share_placements", [], False, THIS_YEAR),
    ("share link conv rate last 30 days", "share_link_conversion", [], False, LAST_30),
    ("how many handoffs do i have waiting", "handoffs_open", [], False, {}),
    ("avg time to respond to handoffs this month", "handoff_response_time", [], False,
     THIS_MONTH),
    ("referrals ytd", "referrals", [], False, THIS_YEAR),
    ("how many referrals got placed this year", "referrals", [], False,
     {"statuses": ["placed"], **THIS_YEAR}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "metric", "dims", "listed", "filters"), CASES)
def test_fresh_question_is_read_as_its_metric_query(
    text: str, metric: str, dims: list[str], listed: bool, filters: dict[str, Any]
) -> None:
    reading = ask(text)
    assert reading.query.metric == metric, reading
    assert reading.query.group_by == dims, reading
    assert reading.query.list_rows is listed, reading
    assert filters_of(reading) == filters, reading


Ranked = tuple[str, str, list[str], str, int | None, dict[str, Any]]

RANKED: list[Ranked] = [
    ("top 5 recruiters by placements this quarter", "placements", ["recruiter"], "desc", 5,
     THIS_QUARTER),
    ("which recruiter had the most subs this month", "applications", ["recruiter"], "desc", 1,
     THIS_MONTH),
    ("state with the fewest placements ytd", "placements", ["state"], "asc", 1, THIS_YEAR),
    ("top 10 jobs by apps this month", "applications", ["job"], "desc", 10, THIS_MONTH),
    ("which specialty has the most open jobs", "open_jobs", ["specialty"], "desc", 1, {}),
    ("bottom 3 specialties by applications ytd", "applications", ["specialty"], "asc", 3,
     THIS_YEAR),
    ("which of my share links got the most applications", "share_applications",
     ["share_link"], "desc", None, {}),
    ("top 3 states for icu placements in 2025", "placements", ["state"], "desc", 3,
     {"specialty": "ICU", **LAST_YEAR}),
    ("who's the top recruiter by placements ytd", "placements", ["recruiter"], "desc", 1,
     THIS_YEAR),
    ("rank specialties by interviews last month", "interviews", ["specialty"], "desc", None,
     OCT),
    ("which source brings in the most apps", "applications", ["source"], "desc", 1, {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "metric", "dims", "order", "limit", "filters"), RANKED)
def test_fresh_ranking_is_read_with_its_order_and_size(
    text: str, metric: str, dims: list[str], order: str, limit: int | None, filters: dict[str, Any]
) -> None:
    reading = ask(text, asker=ADMIN)
    query = reading.query
    assert (query.metric, query.group_by, query.order, query.limit) == (
        metric,
        dims,
        order,
        limit,
    ), reading
    assert filters_of(reading) == filters, reading


@pytest.mark.parametrize(
    ("text", "metric", "first", "second"),
    [
        ("placements this month vs last", "placements", THIS_MONTH, OCT),
        ("apps this wk vs last wk", "applications", THIS_WEEK, LAST_WEEK),
        ("placements q3 vs q2", "placements", Q3, Q2),
        ("how do apps this year compare to last year", "applications", THIS_YEAR, LAST_YEAR),
        ("interviews oct vs sept", "interviews", OCT, SEPT),
    ],
)
def test_fresh_comparison_asks_the_same_question_of_both_periods(
    text: str, metric: str, first: dict[str, Any], second: dict[str, Any]
) -> None:
    reading = ask(text)
    assert reading.compare is not None, reading
    assert reading.query.metric == reading.compare.metric == metric
    assert filters_of(reading) == first
    other = reading.compare.filters
    assert {"period_start": other.period_start, "period_end": other.period_end} == second


def test_fresh_admin_questions_name_a_recruiter() -> None:
    sarah = ask("how many apps did sarah get this month", asker=ADMIN)
    assert sarah.query.metric == "applications"
    assert filters_of(sarah) == {"recruiter_id": SARAH.recruiter_id, **THIS_MONTH}
    marcus = ask("marcus placements ytd", asker=ADMIN)
    assert marcus.query.metric == "placements"
    assert filters_of(marcus) == {"recruiter_id": MARCUS.recruiter_id, **THIS_YEAR}


@pytest.mark.parametrize(
    ("text", "recipe"),
    [
        ("conversion rate from application to placement this year", "application_rate"),
        ("what % of subs turn into interviews", "application_rate"),
        ("submit to interview ratio", "application_rate"),
        ("avg weekly pay for travel icu jobs in ca", "job_pay"),
        ("how many new jobs were posted this week", "jobs_posted"),
        ("candidates with zero apps", "candidates_without_applications"),
        ("who can start next month", "candidates_available"),
        ("how many licenses still need verification", "licenses"),
        ("jobs starting in jan", "jobs_starting"),
        ("how many of my nurses hold a TX license", "license_holders"),
        ("which jobs have no applicants", "jobs_without_applicants"),
        ("avg days from app to placement", "time_to_placement"),
    ],
)
def test_fresh_question_beyond_the_metrics_uses_its_recipe(text: str, recipe: str) -> None:
    reading = read(text)
    assert isinstance(reading, Lookup), reading
    assert reading.recipe.name == recipe


def _honest(reading: Reading) -> bool:
    """Refused, asked back, or answered with a caveat said: never a plain confident number."""
    if isinstance(reading, Refuse | Clarify):
        return True
    if isinstance(reading, Ask | Lookup):
        return reading.uncertain and bool(reading.notes)
    return False


@pytest.mark.parametrize(
    "text",
    [
        # not computable from the data the copilot reads
        "what's our time to fill on travel jobs",
        "time to hire for ICU",
        "what's the fill rate for per diem jobs",
        "extension rate on my travelers",
        "how many of my placements extended",
        "how many submissions got client feedback",
        "revenue by client",
        "gross margin on my placements this year",
        "bill rate for icu travel jobs",
        "how many candidates did i call today",
        "how many emails did i send last week",
        "how many candidates speak spanish",
        "how many candidates will finish their assignment next month",
        # a dimension the metrics do not have
        "placements by facility",
        "which clients have the most open jobs",
        "top facilities by applications",
        "placements by job type this year",
        # a filter nobody knows
        "how many apps did we get from craigslist",
        "open jobs in narnia",
        "how many candidates are DNR",
        # not a pipeline question at all
        "write me a job description for an ICU nurse",
        "what's the stock price today",
        # "best" has no single measure
        "who's the best recruiter",
    ],
)
def test_fresh_question_outside_the_data_is_not_given_a_confident_number(text: str) -> None:
    reading = read(text, asker=ADMIN)
    assert _honest(reading), f"{text!r} was read as {reading!r}"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what's our time to fill for travel ICU", "unsupported"),
        ("revenue by client", "unsupported"),
        ("gross margin on my placements this year", "unsupported"),
        ("bill rate for icu travel jobs", "unsupported"),
        ("write me a job description for an ICU nurse", "unknown"),
    ],
)
def test_fresh_question_outside_the_data_is_refused_for_its_reason(text: str, kind: str) -> None:
    reading = read(text)
    assert isinstance(reading, Refuse), reading
    assert reading.kind == kind


def test_fresh_time_to_submit_says_what_it_measures() -> None:
    reading = ask("avg time to submit")
    assert reading.query.metric == "time_to_first_application"
    assert reading.uncertain and "first application" in reading.notes[-1]


@pytest.mark.parametrize("text", ["how's my desk looking", "numbers pls", "what about texas"])
def test_fresh_vague_question_is_asked_back(text: str) -> None:
    assert isinstance(read(text), Clarify), read(text)


def _after(*texts: str, asker: Asker = RECRUITER) -> Ask:
    state: CopilotState | None = None
    reading: Ask | None = None
    for text in texts:
        reading = ask(text, state, asker)
        state = CopilotState(last_query=reading.query)
    assert reading is not None
    return reading


FollowUp = tuple[tuple[str, ...], str, list[str], bool, dict[str, Any]]

FOLLOW_UPS: list[FollowUp] = [
    (("placements this month", "what about last month"), "placements", [], False, OCT),
    (("apps by state this year", "and for ICU only?"), "applications", ["state"], False,
     {"specialty": "ICU", **THIS_YEAR}),
    (("placements ytd", "split that by state"), "placements", ["state"], False, THIS_YEAR),
    (("open jobs in tx", "how about florida"), "open_jobs", [], False, {"state_code": "FL"}),
    (("apps last month", "by recruiter"), "applications", ["recruiter"], False, OCT),
    (("ICU apps this month", "same for placements"), "placements", [], False,
     {"specialty": "ICU", **THIS_MONTH}),
    (("how many subs last wk", "break it down by day"), "applications", ["day"], False,
     LAST_WEEK),
    (("open jobs by state", "just travel"), "open_jobs", ["state"], False,
     {"job_type": "Travel"}),
    (("placements in q3", "and q2?"), "placements", [], False, Q2),
    (("candidates in tx", "list them"), "candidates", [], True, {"state_code": "TX"}),
    (("hot jobs without applicants", "in CA?"), "hot_jobs_without_applicants", [], False,
     {"hot": True, "state_code": "CA"}),
    (("placements this year by recruiter", "what about just nights"), "placements",
     ["recruiter"], False, {"shift": "Nights", **THIS_YEAR}),
    (("interviews this month", "per week"), "interviews", ["week"], False, THIS_MONTH),
    (("apps in texas last month", "and the month before?"), "applications", [], False,
     {"state_code": "TX", **SEPT}),
    (("licenses expiring in the next 30 days", "what about 60?"), "licenses_expiring", [],
     False, {"within_days": 60}),
    (("placements by specialty ytd", "only for travel jobs"), "placements", ["specialty"],
     False, {"job_type": "Travel", **THIS_YEAR}),
    (("how many apps this month", "how many of those were ICU"), "applications", [], False,
     {"specialty": "ICU", **THIS_MONTH}),
    (("placements last month", "and interviews?"), "interviews", [], False, OCT),
]  # fmt: skip


@pytest.mark.parametrize(("turns", "metric", "dims", "listed", "filters"), FOLLOW_UPS)
def test_fresh_follow_up_changes_only_what_it_says(
    turns: tuple[str, ...], metric: str, dims: list[str], listed: bool, filters: dict[str, Any]
) -> None:
    reading = _after(*turns)
    assert reading.query.metric == metric, reading
    assert reading.query.group_by == dims, reading
    assert reading.query.list_rows is listed, reading
    assert filters_of(reading) == filters, reading


def test_fresh_ranking_follow_ups() -> None:
    top = _after("placements by specialty this year", "top 3")
    assert (top.query.group_by, top.query.order, top.query.limit) == (["specialty"], "desc", 3)
    bottom = _after("apps by specialty ytd", "bottom 3")
    assert (bottom.query.order, bottom.query.limit) == ("asc", 3)
    compared = _after("apps this week", "vs last week?")
    assert compared.compare is not None
    assert filters_of(compared) == THIS_WEEK
    assert compared.compare.filters.period_start == d(11, 16)


# A second probe, 82 more phrasings read after the fixes above: 19 gave a number for
# another question without a word of warning. 17 are fixed by the general rules below
# and tested here; two are not: "apps mon-fri last week" (two periods that do not meet:
# the first is kept silently) and "how many candidates declined offers" (read as
# applications rejected or offered).

SECOND_PROBE: list[Case] = [
    ("who applied over the weekend", "candidates_applied", [], True,
     {"period_start": d(11, 28), "period_end": d(11, 28)}),
    ("apps last 90", "applications", [], False,
     {"period_start": d(8, 30), "period_end": d(11, 28)}),
    ("apps between 10/1 and now", "applications", [], False,
     {"period_start": d(10, 1), "period_end": d(11, 28)}),
    ("placements since the start of q3", "placements", [], False,
     {"period_start": d(7, 1), "period_end": d(11, 28)}),
    ("how many travel rns applied this month", "candidates_applied", [], False,
     {"profession": RN, "job_type": "Travel", **THIS_MONTH}),
    ("any new apps today?", "applications", [], False,
     {"period_start": d(11, 28), "period_end": d(11, 28)}),
    ("new apps since yesterday", "applications", [], False,
     {"period_start": d(11, 27), "period_end": d(11, 28)}),
    ("offers pending", "applications", [], False, {"statuses": ["offered"]}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "metric", "dims", "listed", "filters"), SECOND_PROBE)
def test_second_probe_question_is_read_as_its_metric_query(
    text: str, metric: str, dims: list[str], listed: bool, filters: dict[str, Any]
) -> None:
    reading = ask(text)
    assert (reading.query.metric, reading.query.group_by, reading.query.list_rows) == (
        metric,
        dims,
        listed,
    ), reading
    assert filters_of(reading) == filters, reading
    assert not reading.uncertain, reading.notes


@pytest.mark.parametrize(
    ("text", "recipe", "in_sql"),
    [
        ("interview to placement conversion", "application_rate",
         ["s.status = 'interviewing'", "a.placed_at IS NOT NULL"]),
        ("placement rate for ICU jobs this year", "application_rate",
         ["j.specialty = 'ICU'", "a.applied_at >= DATE '2026-01-01'"]),
        ("what % of apps in texas get placed", "application_rate", ["j.state_code = 'TX'"]),
        ("how many candidates don't have a recruiter", "candidates_unassigned", []),
        ("candidates who haven't applied in 60 days", "candidates_without_applications",
         ["a.applied_at >= DATE '2026-09-29'"]),
        ("how long from application to placement for ICU", "time_to_placement",
         ["a.placed_at - a.applied_at", "j.specialty = 'ICU'"]),
    ],
)  # fmt: skip
def test_second_probe_rate_or_list_is_narrowed_as_asked(
    text: str, recipe: str, in_sql: list[str]
) -> None:
    reading = read(text)
    assert isinstance(reading, Lookup), reading
    assert reading.recipe.name == recipe
    for part in in_sql:
        assert part in reading.recipe.sql, (part, reading.recipe.sql)
    assert not reading.uncertain, reading.notes


@pytest.mark.parametrize(
    "text",
    [
        "sub to placement ratio by recruiter",  # one overall rate, not the breakdown asked
        "top referrers",  # nothing to rank: the total is said to be one
        "starts next week",  # placements are counted when they happen
        "how many interviews scheduled for next week",
        "the last 5 placements",  # a number nothing read
    ],
)
def test_second_probe_answer_that_cannot_carry_the_question_says_so(text: str) -> None:
    reading = read(text)
    assert _honest(reading), f"{text!r} was read as {reading!r}"


def test_a_percentage_of_a_count_metric_is_asked_back_never_counted() -> None:
    reading = read("what percentage of my candidates got placed this year")
    assert isinstance(reading, Clarify), reading
    rate = read(reading.choices[0])
    assert isinstance(rate, Lookup) and rate.recipe.name == "application_rate"
    assert "a.applied_at >= DATE '2026-01-01'" in rate.recipe.sql
    assert ask(reading.choices[1]).query.metric == "placements"
    refused = read("what share of my candidates are on assignment")
    assert isinstance(refused, Refuse) and refused.kind == "unsupported"


def test_how_long_is_not_answered_with_a_count() -> None:
    reading = read("how long do apps sit in applied")
    assert isinstance(reading, Refuse) and reading.kind == "unsupported"


# A third probe: 31 short conversations and 20 questions that leave something out. The
# conversations lost "which one is highest" (no winner picked), refused "drop the date"
# as a request to change data, refused "and linkedin?" after applications from Indeed and
# "excluding rejected". Eight of the questions leaving something out counted exactly the
# thing left out ("placements not in texas" counted Texas, "how many nurses not on
# assignment" those on assignment, "not counting rejected" the rejected ones).


@pytest.mark.parametrize(
    ("turns", "metric", "dims", "filters"),
    [
        (("apps by specialty", "which one is highest"), "applications", ["specialty"], {}),
        (("interviews this month", "drop the date"), "interviews", [], {}),
        (("how many apps from indeed", "and linkedin?"), "applications", [],
         {"source": "linkedin"}),
        (("candidates from facebook", "and indeed?"), "candidates", [],
         {"referral_source": "Indeed"}),
        (("apps this month", "excluding rejected"), "applications", [],
         {"statuses": ["applied", "reviewing", "interviewing", "offered", "placed"],
          **THIS_MONTH}),
        (("placements by state ytd", "remove the breakdown"), "placements", [], THIS_YEAR),
    ],
)  # fmt: skip
def test_third_probe_follow_up(
    turns: tuple[str, ...], metric: str, dims: list[str], filters: dict[str, Any]
) -> None:
    reading = _after(*turns)
    assert (reading.query.metric, reading.query.group_by) == (metric, dims), reading
    assert filters_of(reading) == filters, reading
    assert not reading.uncertain, reading.notes


def test_which_one_is_highest_keeps_the_winner() -> None:
    assert _after("apps by specialty", "which one is highest").query.limit == 1


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("how many apps this month not counting rejected",
         ["applied", "reviewing", "interviewing", "offered", "placed"]),
        ("applications except placed ones last month",
         ["applied", "reviewing", "interviewing", "offered", "rejected"]),
        ("how many apps are not rejected",
         ["applied", "reviewing", "interviewing", "offered", "placed"]),
        ("active apps excluding offers", ["applied", "reviewing", "interviewing"]),
    ],
)  # fmt: skip
def test_a_status_left_out_counts_the_others(text: str, statuses: list[str]) -> None:
    reading = ask(text)
    assert reading.query.metric == "applications"
    assert reading.query.filters.statuses == statuses


@pytest.mark.parametrize(
    "text",
    [
        "non icu placements",
        "placements not in texas",
        "open jobs not in tx or ca",
        "how many candidates have no license",
        "how many nurses not on assignment",
        "apps without interviews",
        "apps that never got an interview",
        "nurses without bls",
        "open jobs in texas except icu",
    ],
)
def test_a_term_left_out_is_never_counted_as_the_term_itself(text: str) -> None:
    reading = read(text)
    assert _honest(reading), f"{text!r} was read as {reading!r}"


# A fourth probe: 53 questions with typos, rankings, averages, forecasts and what the data
# does not hold, asked by an admin. Wrong numbers said without a word: "how many jobs
# have more than 10 applicants" (read as jobs paying $10 an hour), "who's waiting on a
# reply" (the median reply time), "which job has the most views" (open jobs per job, one
# each), "how many candidates have no email" (every candidate), "how many placements will
# we make this month" (this month so far, as if a forecast), "what's the oldest open
# handoff" (the count), "sarah vs marcus" (refused: Marcus read as an unknown word), and a
# recipe asked for a period it has no date for ("travel nurses I added this month": all
# time). Fixed below; "how many candidates used the chat" (every candidate) is not.


def test_fourth_probe_readings() -> None:
    jobs = ask("how many jobs have more than 10 applicants")
    assert "min_hourly_pay" not in filters_of(jobs) and jobs.uncertain
    assert filters_of(ask("open jobs paying at least $60/hr")) == {"min_hourly_pay": 60.0}
    waiting = ask("whos waiting on a reply")
    assert (waiting.query.metric, waiting.query.list_rows) == ("handoffs_open", True)
    views = read("which job has the most views")
    assert isinstance(views, Lookup) and views.recipe.name == "job_views"
    assert "ORDER BY page_views DESC" in views.recipe.sql
    licenses = ask("licsense expiring nxt 30 days")
    assert filters_of(licenses) == {"within_days": 30} and not licenses.uncertain
    went_up = ask("did placements go up this month")
    assert went_up.compare is not None and filters_of(went_up) == THIS_MONTH
    assert went_up.compare.filters.period_start == d(10, 1)


@pytest.mark.parametrize(
    "text",
    [
        "how many candidates have no email",
        "how many placements will we make this month",
        "what's the oldest open handoff",
        "how many travel nurses did i add this month",
        "how many job views this month",
    ],
)
def test_fourth_probe_answer_that_cannot_carry_the_question_says_so(text: str) -> None:
    reading = read(text)
    assert _honest(reading), f"{text!r} was read as {reading!r}"


def test_two_recruiters_named_are_compared_side_by_side() -> None:
    reading = ask("sarah vs marcus placements this year", asker=ADMIN)
    assert reading.query.group_by == ["recruiter"] and "recruiter_id" not in filters_of(reading)
    assert "Sarah Lee and Marcus Brown" in reading.notes[0]


@pytest.mark.parametrize(
    "text",
    [
        "which job has the most views",
        "how many views did my jobs get",
        "avg days from app to placement",
        "median days from application to placement for ICU",
        "interview to placement conversion",
        "which jobs have no applicants",
        "candidates who haven't applied in 60 days",
        "placement rate for ICU jobs this year",
    ],
)
def test_the_new_recipes_pass_the_sql_guard(text: str) -> None:
    from data_layer.recruiting.sql_guard import guard_sql

    reading = read(text)
    assert isinstance(reading, Lookup), reading
    assert "copilot." in guard_sql(reading.recipe.sql, max_rows=500)


@pytest.mark.parametrize(
    "text",
    [
        "how many applications per job on average",  # "per job" is the recipe, no breakdown
        "average weekly pay for open ICU jobs",  # "weekly" pay is no breakdown by week
        "median hourly pay by specialty",
        "what percentage of applications get placed this year",
        "how many share links have i created this year",
        "handoff outcomes this year",
        "list nurses with 5+ years of experience",
        "open jobs by job type",
    ],
)
def test_the_caveats_do_not_fire_on_questions_answered_as_asked(text: str) -> None:
    for asker in (RECRUITER, ADMIN):
        reading = read(text, asker=asker)
        assert isinstance(reading, Lookup | Ask) and not reading.uncertain, reading


# A fifth probe: 35 questions on share links, referrals, handoffs, candidates and places.
# The product brief's own example, "which of my share links brought placements last
# month?", was refused ("brought" unknown); "share links with no views" counted every view.


def test_which_share_links_brought_placements_is_a_breakdown_by_link() -> None:
    reading = ask("which of my share links brought placements last month?")
    assert (reading.query.metric, reading.query.group_by) == ("share_placements", ["share_link"])
    assert filters_of(reading) == OCT and not reading.uncertain
    hires = ask("which links got me hires this quarter")
    assert (hires.query.metric, hires.query.group_by) == ("share_placements", ["share_link"])


def test_share_links_with_no_views_are_not_counted_as_views() -> None:
    assert _honest(read("share links with no views"))


# A sixth probe: 35 questions phrased at length ("can you tell me", "i need the number
# of", "give me a count of"). Misread: "how many apps did each of my jobs get this month"
# (the total, not per job), "placements this calendar year" (all time, "calendar" not
# understood), "how many candidates moved to interviewing this week" (applications made
# this week now at interviewing, not those that reached it), "who got rejected this week"
# (asked back).

SIXTH_PROBE: list[Case] = [
    ("how many apps did each of my jobs get this month", "applications", ["job"], False,
     THIS_MONTH),
    ("placements this calendar year", "placements", [], False, THIS_YEAR),
    ("how many candidates moved to interviewing this week", "interviews", [], False,
     THIS_WEEK),
    ("who got rejected this week", "applications", [], True,
     {"statuses": ["rejected"], **THIS_WEEK}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "metric", "dims", "listed", "filters"), SIXTH_PROBE)
def test_sixth_probe_question_is_read_as_its_metric_query(
    text: str, metric: str, dims: list[str], listed: bool, filters: dict[str, Any]
) -> None:
    reading = ask(text)
    assert (reading.query.metric, reading.query.group_by, reading.query.list_rows) == (
        metric,
        dims,
        listed,
    ), reading
    assert filters_of(reading) == filters, reading
    assert not reading.uncertain, reading.notes
