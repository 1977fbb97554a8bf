"""Recruiters' questions, typed the way they type them, read into the metric query they ask.

Each case names the metric, the breakdown, whether rows are listed, and every filter the
question sets (exactly: a filter read that the question did not say is a wrong count).
Today is Saturday 2026-11-28.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.copilot.nlu.reading import Ask
from tests.unit.copilot_nlu.helpers import ADMIN, RN, SARAH, ask, d, filters_of

OCT = {"period_start": d(10, 1), "period_end": d(10, 31)}
THIS_MONTH = {"period_start": d(11, 1), "period_end": d(11, 28)}
THIS_WEEK = {"period_start": d(11, 23), "period_end": d(11, 28)}
LAST_WEEK = {"period_start": d(11, 16), "period_end": d(11, 22)}
THIS_YEAR = {"period_start": d(1, 1), "period_end": d(11, 28)}
Q3 = {"period_start": d(7, 1), "period_end": d(9, 30)}
LAST_30 = {"period_start": d(10, 29), "period_end": d(11, 28)}

Case = tuple[str, str, list[str], bool, dict[str, Any]]

CASES: list[Case] = [
    # applications: counts over periods in many forms
    ("how many applications total", "applications", [], False, {}),
    ("how many apps did we get this month?", "applications", [], False, THIS_MONTH),
    ("applications in october", "applications", [], False, OCT),
    ("# of applications in the last 30 days", "applications", [], False, LAST_30),
    ("how many applications came in yesterday", "applications", [], False,
     {"period_start": d(11, 27), "period_end": d(11, 27)}),
    ("how many applications did we get in Q3", "applications", [], False, Q3),
    ("total applications this year", "applications", [], False, THIS_YEAR),
    ("total applications ytd", "applications", [], False, THIS_YEAR),
    ("how many applications so far this week", "applications", [], False, THIS_WEEK),
    ("how many apps this wk", "applications", [], False, THIS_WEEK),
    ("apps last wk", "applications", [], False, LAST_WEEK),
    ("aplications last month", "applications", [], False, OCT),
    ("applicaitons in the past 2 weeks", "applications", [], False,
     {"period_start": d(11, 14), "period_end": d(11, 28)}),
    ("applications since 10/1", "applications", [], False,
     {"period_start": d(10, 1), "period_end": d(11, 28)}),
    ("apps since october 15th", "applications", [], False,
     {"period_start": d(10, 15), "period_end": d(11, 28)}),
    ("apps between oct 1 and oct 15", "applications", [], False,
     {"period_start": d(10, 1), "period_end": d(10, 15)}),
    ("applications from 9/1 to 9/30", "applications", [], False,
     {"period_start": d(9, 1), "period_end": d(9, 30)}),
    ("applications in 2025", "applications", [], False,
     {"period_start": d(1, 1, 2025), "period_end": d(12, 31, 2025)}),
    ("applications last year", "applications", [], False,
     {"period_start": d(1, 1, 2025), "period_end": d(12, 31, 2025)}),
    ("applications in december", "applications", [], False,
     {"period_start": d(12, 1, 2025), "period_end": d(12, 31, 2025)}),
    ("# of submittals last month", "applications", [], False, OCT),
    ("applications in the last 90 days", "applications", [], False,
     {"period_start": d(8, 30), "period_end": d(11, 28)}),
    ("applications 2 weeks ago", "applications", [], False,
     {"period_start": d(11, 9), "period_end": d(11, 15)}),
    ("applications since monday", "applications", [], False,
     {"period_start": d(11, 23), "period_end": d(11, 28)}),
    # applications: statuses, filters from the master data
    ("how many apps are still in review?", "applications", [], False,
     {"statuses": ["reviewing"]}),
    ("how many applications are at the offer stage right now", "applications", [], False,
     {"statuses": ["offered"]}),
    ("how many applications were rejected", "applications", [], False,
     {"statuses": ["rejected"]}),
    ("how many apps are in interviewing right now", "applications", [], False,
     {"statuses": ["interviewing"]}),
    ("how many active applications do i have", "applications", [], False,
     {"statuses": ["applied", "reviewing", "interviewing", "offered"]}),
    ("how many offers this month", "applications", [], False,
     {"statuses": ["offered"], **THIS_MONTH}),
    ("how many applications for jobs in texas", "applications", [], False, {"state_code": "TX"}),
    ("how many applications to ICU jobs", "applications", [], False, {"specialty": "ICU"}),
    ("applications for intensive care jobs last month", "applications", [], False,
     {"specialty": "ICU", **OCT}),
    ("critical care apps this year", "applications", [], False,
     {"specialty": "ICU", **THIS_YEAR}),
    ("how many RN apps in 2026", "applications", [], False,
     {"profession": RN, "period_start": d(1, 1), "period_end": d(11, 28)}),
    ("how many applications on hot jobs this month", "applications", [], False,
     {"hot": True, **THIS_MONTH}),
    ("apps for L&D jobs in georgia", "applications", [], False,
     {"specialty": "L&D", "state_code": "GA"}),
    ("applications to labor and delivery jobs", "applications", [], False, {"specialty": "L&D"}),
    ("applications to tele jobs in cali", "applications", [], False,
     {"specialty": "Telemetry", "state_code": "CA"}),
    ("med surg apps in NY", "applications", [], False,
     {"specialty": "Med-Surg", "state_code": "NY"}),
    ("applications for travel jobs", "applications", [], False, {"job_type": "Travel"}),
    ("applications for per diem jobs in Ohio", "applications", [], False,
     {"job_type": "Per Diem", "state_code": "OH"}),
    ("how many PACU apps in PA", "applications", [], False,
     {"specialty": "PACU", "state_code": "PA"}),
    ("ER or ICU applications", "applications", [], False, {"specialty": "ER"}),
    # applications: breakdowns
    ("applications by status", "applications", ["status"], False, {}),
    ("applicaitons by status", "applications", ["status"], False, {}),
    ("my pipeline", "applications", ["status"], False, {}),
    ("pipeline for ER nurses", "applications", ["status"], False,
     {"specialty": "ER", "profession": RN}),
    ("apps by specialty", "applications", ["specialty"], False, {}),
    ("applications broken down by specialty", "applications", ["specialty"], False, {}),
    ("applications per state", "applications", ["state"], False, {}),
    ("applications by job state", "applications", ["state"], False, {}),
    ("applications per month this year", "applications", ["month"], False, THIS_YEAR),
    ("monthly applications this year", "applications", ["month"], False, THIS_YEAR),
    ("applications by week last quarter", "applications", ["week"], False, Q3),
    ("daily applications last week", "applications", ["day"], False, LAST_WEEK),
    ("applications each week since june", "applications", ["week"], False,
     {"period_start": d(6, 1), "period_end": d(11, 28)}),
    ("applications over time this year", "applications", ["month"], False, THIS_YEAR),
    ("applications by state and specialty", "applications", ["state", "specialty"], False, {}),
    ("status breakdown of applications", "applications", ["status"], False, {}),
    ("where are applications coming from? break it down by source", "applications",
     ["source"], False, {}),
    ("top 5 jobs by applications", "applications", ["job"], False, {}),
    ("which jobs have the most applications", "applications", ["job"], False, {}),
    ("which specialties got the most applications last month", "applications",
     ["specialty"], False, OCT),
    ("applications per recruiter", "applications", ["recruiter"], False, {}),
    ("applications by share link", "share_applications", ["share_link"], False, {}),
    # placements
    ("how many placements did I make in october", "placements", [], False, OCT),
    ("placements this year", "placements", [], False, THIS_YEAR),
    ("total placements", "placements", [], False, {}),
    ("placments in the last 30 days", "placements", [], False, LAST_30),
    ("how many hires last month", "placements", [], False, OCT),
    ("how many ICU placements this year", "placements", [], False,
     {"specialty": "ICU", **THIS_YEAR}),
    ("placements for PACU in Cali", "placements", [], False,
     {"specialty": "PACU", "state_code": "CA"}),
    ("how many placements in texas in 2025", "placements", [], False,
     {"state_code": "TX", "period_start": d(1, 1, 2025), "period_end": d(12, 31, 2025)}),
    ("placements by specialty", "placements", ["specialty"], False, {}),
    ("placements per recruiter in Q3", "placements", ["recruiter"], False, Q3),
    ("top 3 specialties by placements this year", "placements", ["specialty"], False,
     THIS_YEAR),
    ("placements month over month", "placements", ["month"], False, {}),
    ("which of my candidates got placed last month?", "placements", [], True, OCT),
    ("who did I place last month", "placements", [], True, OCT),
    ("list my placements this quarter", "placements", [], True,
     {"period_start": d(10, 1), "period_end": d(11, 28)}),
    # interviews
    ("how many interviews this month", "interviews", [], False, THIS_MONTH),
    ("interviews in october?", "interviews", [], False, OCT),
    ("how many RN interviews this year", "interviews", [], False,
     {"profession": RN, **THIS_YEAR}),
    ("interviews by specialty last 30 days", "interviews", ["specialty"], False, LAST_30),
    ("how many intervews last week", "interviews", [], False, LAST_WEEK),
    # candidates
    ("how many candidates do I have", "candidates", [], False, {}),
    ("how many candidates are in the system", "candidates", [], False, {}),
    ("candidates by status", "candidates", ["status"], False, {}),
    ("how many of my candidates are on assignment", "candidates", [], False,
     {"statuses": ["On Assignment"]}),
    ("how many candidates are inactive", "candidates", [], False, {"statuses": ["Inactive"]}),
    ("how many new leads do I have", "candidates", [], False, {"statuses": ["New Lead"]}),
    ("list my ICU nurses", "candidates", [], True, {"specialty": "ICU", "profession": RN}),
    ("list my tele nurses", "candidates", [], True, {"specialty": "Telemetry", "profession": RN}),
    ("show my med surg RNs in NY", "candidates", [], True,
     {"specialty": "Med-Surg", "profession": RN, "state_code": "NY"}),
    ("candidates by specialty", "candidates", ["specialty"], False, {}),
    ("my candidates by state", "candidates", ["state"], False, {}),
    ("how many candidates in tx", "candidates", [], False, {"state_code": "TX"}),
    ("who are my candidates in california", "candidates", [], True, {"state_code": "CA"}),
    ("how many new candidates this month", "candidates", [], False, THIS_MONTH),
    ("candidates added in the last 90 days", "candidates", [], False,
     {"period_start": d(8, 30), "period_end": d(11, 28)}),
    ("candidates added by month this year", "candidates", ["month"], False, THIS_YEAR),
    ("how many RNs do we have", "candidates", [], False, {"profession": RN}),
    ("# of LPNs", "candidates", [], False, {"profession": "Licensed Practical Nurse"}),
    ("how many CNAs on my desk", "candidates", [], False,
     {"profession": "Certified Nursing Assistant"}),
    ("how many LPNs do i have in florida", "candidates", [], False,
     {"profession": "Licensed Practical Nurse", "state_code": "FL"}),
    ("how many PTs do I have", "candidates", [], False, {"profession": "Physical Therapist"}),
    ("how many SLPs in ohio", "candidates", [], False,
     {"profession": "Speech-Language Pathologist", "state_code": "OH"}),
    ("how many candidates applied to something this month", "candidates_applied", [], False,
     THIS_MONTH),
    ("how many people applied yesterday", "candidates_applied", [], False,
     {"period_start": d(11, 27), "period_end": d(11, 27)}),
    ("who applied today", "candidates_applied", [], True,
     {"period_start": d(11, 28), "period_end": d(11, 28)}),
    ("how many unique applicants last month", "candidates_applied", [], False, OCT),
    ("which referral sources bring the most candidates", "candidates", ["referral_source"],
     False, {}),
    ("candidates by referral source", "candidates", ["referral_source"], False, {}),
    # licenses and certifications (periods look ahead)
    ("how many licenses expire in the next 30 days", "licenses_expiring", [], False,
     {"within_days": 30}),
    ("licenses expiring in 60 days", "licenses_expiring", [], False, {"within_days": 60}),
    ("lic expiring within 2 weeks?", "licenses_expiring", [], False, {"within_days": 14}),
    ("list licenses expiring in the next 60 days", "licenses_expiring", [], True,
     {"within_days": 60}),
    ("who on my desk has a TX license expiring next month", "licenses_expiring", [], True,
     {"state_code": "TX", "period_start": d(12, 1), "period_end": d(12, 31)}),
    ("TX licenses expiring next 90 days", "licenses_expiring", [], False,
     {"state_code": "TX", "within_days": 90}),
    ("licenses expiring in the next 90 days by state", "licenses_expiring", ["state"], False,
     {"within_days": 90}),
    ("how many licences lapse before year end", "licenses_expiring", [], False,
     {"period_start": d(11, 28), "period_end": d(12, 31)}),
    ("how many licenses expire before the end of the year", "licenses_expiring", [], False,
     {"period_start": d(11, 28), "period_end": d(12, 31)}),
    ("whose license expires this month", "licenses_expiring", [], True,
     {"period_start": d(11, 28), "period_end": d(11, 30)}),
    ("licenses expiring in january", "licenses_expiring", [], False,
     {"period_start": d(1, 1, 2027), "period_end": d(1, 31, 2027)}),
    ("how many expired licenses are on file", "licenses_expiring", [], False,
     {"period_end": d(11, 27)}),
    ("how many certs expire in the next 60 days", "certifications_expiring", [], False,
     {"within_days": 60}),
    ("certifications expiring soon", "certifications_expiring", [], False, {}),
    ("which certifications expire next month", "certifications_expiring", [], True,
     {"period_start": d(12, 1), "period_end": d(12, 31)}),
    ("how many certifications have already expired", "certifications_expiring", [], False,
     {"period_end": d(11, 27)}),
    # jobs
    ("how many open jobs are there", "open_jobs", [], False, {}),
    ("how many open jobs in texas", "open_jobs", [], False, {"state_code": "TX"}),
    ("how many open ICU jobs in TX", "open_jobs", [], False,
     {"specialty": "ICU", "state_code": "TX"}),
    ("how many hot jobs are open right now", "open_jobs", [], False, {"hot": True}),
    ("how many open travel jobs in california", "open_jobs", [], False,
     {"job_type": "Travel", "state_code": "CA"}),
    ("how many per diem jobs are open", "open_jobs", [], False, {"job_type": "Per Diem"}),
    ("open jobs by state", "open_jobs", ["state"], False, {}),
    ("open RN jobs by specialty", "open_jobs", ["specialty"], False, {"profession": RN}),
    ("how many med surg jobs are open in florida", "open_jobs", [], False,
     {"specialty": "Med-Surg", "state_code": "FL"}),
    ("open jobs in the ED", "open_jobs", [], False, {"specialty": "ER"}),
    ("how many L&D jobs are open in GA", "open_jobs", [], False,
     {"specialty": "L&D", "state_code": "GA"}),
    ("open OR jobs in oregon", "open_jobs", [], False, {"specialty": "OR", "state_code": "OR"}),
    ("how many travel OT jobs", "open_jobs", [], False,
     {"profession": "Occupational Therapist", "job_type": "Travel"}),
    ("open PT jobs by state", "open_jobs", ["state"], False,
     {"profession": "Physical Therapist"}),
    ("which states have the most hot jobs", "open_jobs", ["state"], False, {"hot": True}),
    ("show me open ICU jobs in Texas", "open_jobs", [], True,
     {"specialty": "ICU", "state_code": "TX"}),
    ("hot jobs with no applicants", "hot_jobs_without_applicants", [], False, {"hot": True}),
    ("how many hot jobs have zero applicants", "hot_jobs_without_applicants", [], False,
     {"hot": True}),
    ("hot jobs w/o applicants in Florida", "hot_jobs_without_applicants", [], False,
     {"hot": True, "state_code": "FL"}),
    ("urgent jobs nobody applied to", "hot_jobs_without_applicants", [], False, {"hot": True}),
    ("which hot jobs have no applicants", "hot_jobs_without_applicants", [], True,
     {"hot": True}),
    ("what's the median time to first application, in days", "time_to_first_application",
     [], False, {}),
    ("time to first application for ICU jobs", "time_to_first_application", [], False,
     {"specialty": "ICU"}),
    ("how long does it take to get a first application", "time_to_first_application", [],
     False, {}),
    # share links, referrals, handoffs
    ("how many views did my share links get", "share_views", [], False, {}),
    ("share link views in the last 30 days", "share_views", [], False, LAST_30),
    ("how many people clicked my links", "share_views", [], False, {}),
    ("views per share link", "share_views", ["share_link"], False, {}),
    ("share link views by recruiter", "share_views", ["recruiter"], False, {}),
    ("how many applications came through my share links", "share_applications", [], False,
     {}),
    ("any placements from my shared links?", "share_placements", [], False, {}),
    ("share link conversion rate", "share_link_conversion", [], False, {}),
    ("conversion rate of my links last month", "share_link_conversion", [], False, OCT),
    ("how many referrals do we have", "referrals", [], False, {}),
    ("referrals by status", "referrals", ["status"], False, {}),
    ("how many referrals turned into placements", "referrals", [], False,
     {"statuses": ["placed"]}),
    ("how many referrals got placed", "referrals", [], False, {"statuses": ["placed"]}),
    ("referrals this month", "referrals", [], False, THIS_MONTH),
    ("referral outcomes this year", "referrals", ["status"], False, THIS_YEAR),
    ("how many open handoffs do I have", "handoffs_open", [], False, {}),
    ("how many handoffs are open", "handoffs_open", [], False, {}),
    ("what's in my inbox", "handoffs_open", [], False, {}),
    ("who is waiting on me", "handoffs_open", [], True, {}),
    ("open handoffs by recruiter", "handoffs_open", ["recruiter"], False, {}),
    ("what's my median response time on handoffs", "handoff_response_time", [], False, {}),
    ("median handoff response time in minutes", "handoff_response_time", [], False, {}),
    ("how fast am I replying to handoffs", "handoff_response_time", [], False, {}),
    ("average response time last week", "handoff_response_time", [], False, LAST_WEEK),
]  # fmt: skip


@pytest.mark.parametrize(("text", "metric", "dims", "listed", "filters"), CASES)
def test_question_is_read_as_its_metric_query(
    text: str, metric: str, dims: list[str], listed: bool, filters: dict[str, Any]
) -> None:
    reading = ask(text)
    assert reading.query.metric == metric
    assert reading.query.group_by == dims
    assert reading.query.list_rows is listed
    assert filters_of(reading) == filters


def test_a_ranking_for_one_winner_keeps_the_top_row_only() -> None:
    reading = ask("which state has the most open jobs")
    assert (reading.query.group_by, reading.query.order, reading.query.limit) == (
        ["state"],
        "desc",
        1,
    )
    fewest = ask("which specialty had the fewest placements this year")
    assert (fewest.query.order, fewest.query.limit) == ("asc", 1)
    assert ask("top 3 specialties by placements this year").query.limit == 3


def test_a_source_named_is_a_filter_of_the_metric() -> None:
    indeed = ask("how many applications came from indeed")
    assert indeed.query.group_by == [] and indeed.pick is None
    assert filters_of(indeed) == {"source": "indeed"}
    chat = ask("apps from the chat assistant this month")
    assert filters_of(chat) == {**THIS_MONTH, "source": "chat_assistant"}
    facebook = ask("candidates from facebook")
    assert filters_of(facebook) == {"referral_source": "Facebook"}
    employees = ask("how many candidates came from employee referrals this year")
    assert employees.query.metric == "candidates"
    assert filters_of(employees)["referral_source"] == "Employee Referral"


def test_a_certification_named_narrows_certifications_by_their_name() -> None:
    acls = ask("ACLS certifications expiring this year")
    assert filters_of(acls) == {
        "period_start": d(11, 28),
        "period_end": d(12, 31),
        "certification": "ACLS",
    }
    bls = ask("who has BLS expiring in the next 90 days")
    assert bls.query.list_rows and bls.people and filters_of(bls)["certification"] == "BLS"


def test_a_recruiter_named_narrows_to_their_desk() -> None:
    assert filters_of(ask("Sarah's placements this year", asker=ADMIN))["recruiter_id"] == (
        SARAH.recruiter_id
    )
    assert filters_of(ask("how many candidates does Sarah Lee have", asker=ADMIN)) == {
        "recruiter_id": SARAH.recruiter_id
    }
    # A recruiter may name another desk too: the database then finds nothing in scope.
    assert filters_of(ask("how many placements did Marcus make this year"))["recruiter_id"]


def test_my_means_the_admins_own_desk_and_our_means_everyone() -> None:
    from tests.unit.copilot_nlu.helpers import ADMIN_WITH_DESK

    mine = ask("how many placements did I make in october", asker=ADMIN_WITH_DESK)
    assert filters_of(mine)["recruiter_id"] == ADMIN_WITH_DESK.recruiter_id
    ours = ask(
        "how many placements did we make in october across all recruiters", asker=ADMIN_WITH_DESK
    )
    assert "recruiter_id" not in filters_of(ours)
    # A recruiter's "my" needs no filter: the database scope is theirs already.
    assert "recruiter_id" not in filters_of(ask("how many placements did I make in october"))


def test_a_recruiter_asking_about_the_team_is_told_the_count_is_theirs() -> None:
    reading = ask("how many placements did the whole team make this year")
    assert any("only your own" in note for note in reading.notes)


def test_a_candidate_named_is_looked_up_not_guessed() -> None:
    reading = ask("how many jobs has Brandi Bennett applied to")
    assert reading.query.metric == "applications"
    assert reading.candidate_name == ("brandi", "bennett")
    assert not reading.notes


def test_a_job_number_is_looked_up() -> None:
    reading = ask("how many applications does job 1011000054 have?")
    assert reading.query.metric == "applications" and reading.job_reference == "1011000054"


def test_a_city_counts_its_state_and_says_so() -> None:
    reading = ask("open ICU jobs in Dallas")
    assert filters_of(reading) == {"specialty": "ICU", "state_code": "TX"}
    assert reading.uncertain and "Dallas" in reading.notes[0]


def test_two_professions_count_the_first_and_say_so() -> None:
    reading = ask("how many LPN and CNA candidates")
    assert filters_of(reading) == {"profession": "Licensed Practical Nurse"}
    assert reading.uncertain and "Certified Nursing Assistant" in reading.notes[0]


def test_who_did_the_most_ranks_recruiters_or_candidates() -> None:
    placed = ask("who placed the most last quarter")
    assert (placed.query.group_by, placed.query.limit, placed.query.list_rows) == (
        ["recruiter"],
        1,
        False,
    )
    assert ask("who applied the most this year").query.group_by == ["candidate"]


def test_two_periods_compared_ask_the_same_question_of_each() -> None:
    reading = ask("placements YTD vs last year")
    assert isinstance(reading, Ask) and reading.compare is not None
    assert filters_of(reading) == {"period_start": d(1, 1), "period_end": d(11, 28)}
    assert reading.compare.metric == reading.query.metric
    second = reading.compare.filters
    assert (second.period_start, second.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert not reading.uncertain


def test_two_periods_of_a_breakdown_answer_the_first_and_say_so() -> None:
    reading = ask("placements by specialty this month vs last month")
    assert isinstance(reading, Ask) and reading.compare is None
    assert reading.uncertain and "two periods only as two numbers" in " ".join(reading.notes)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("how many chats are waiting", "handoffs_open"),
        ("How many interviews do I have scheduled?", "interviews"),
        ("any offers out right now?", "applications"),
        ("how many nurses came from indeed", "candidates"),
        ("whose BLS is expiring", "certifications_expiring"),
        ("expired certs", "certifications_expiring"),
        ("What's the breakdown of my pipeline?", "applications"),
        ("link views by week", "share_views"),
    ],
)
def test_more_phrasings_without_caveats(text: str, metric: str) -> None:
    reading = ask(text)
    assert reading.query.metric == metric and not reading.uncertain, reading


def test_a_shift_or_pay_is_a_filter_where_the_metric_has_it_and_said_where_not() -> None:
    nights = ask("open night shift ICU jobs in texas")
    assert not nights.uncertain
    assert filters_of(nights) == {"specialty": "ICU", "state_code": "TX", "shift": "Nights"}
    pay = ask("applications for jobs paying over $3000")
    assert not pay.uncertain and filters_of(pay) == {"min_weekly_pay": 3000.0}
    handoffs = ask("open handoffs on night shift jobs")
    assert handoffs.uncertain and "shift" in handoffs.notes[0]
    assert "shift" not in filters_of(handoffs)
