"""Questions beyond the metrics answered by fixed SQL over the copilot views: the recipe
chosen and the conditions it puts in its SQL (never the question's raw words)."""

from __future__ import annotations

import pytest

from assistant.copilot.nlu.reading import Lookup
from tests.unit.copilot_nlu.helpers import read


def lookup(text: str) -> Lookup:
    reading = read(text)
    assert isinstance(reading, Lookup), f"{text!r} was read as {reading!r}"
    return reading


@pytest.mark.parametrize(
    ("text", "recipe", "in_sql", "rows"),
    [
        ("how many candidates have more than 10 years experience", "candidates_by_experience",
         ["c.years_experience > 10"], False),
        ("nurses with 5+ years of experience", "candidates_by_experience",
         ["c.years_experience >= 5", "c.profession = 'Registered Nurse'"], False),
        ("which of my candidates can start in the next 30 days?", "candidates_available",
         ["c.available_from <= DATE '2026-12-28'"], True),
        ("which of my candidates haven't applied to anything yet",
         "candidates_without_applications", ["NOT EXISTS"], True),
        ("how many candidates have never applied", "candidates_without_applications",
         ["NOT EXISTS"], False),
        ("how many travel nurses do i have", "travel_candidates",
         ["c.travel", "c.profession = 'Registered Nurse'"], False),
        ("how many candidates hold a california license", "license_holders",
         ["count(DISTINCT l.candidate_id)", "l.state_code = 'CA'"], False),
        ("how many licenses are still pending verification", "licenses",
         ["l.verification_status = 'pending'"], False),
        ("how many share links have i created", "share_links", ["copilot.share_links"], False),
        ("handoffs still waiting for a first reply", "handoffs_unanswered",
         ["h.first_response_at IS NULL", "h.status = 'open'"], False),
        ("how many handoffs ended with the candidate applying", "handoffs_by_outcome",
         ["h.outcome = 'applied'"], False),
        ("how many chats were handed off to me in the last 7 days", "handoffs_received",
         ["h.created_at >= DATE '2026-11-21'"], False),
        ("how many jobs were posted in the last 7 days", "jobs_posted",
         ["j.posted_at >= DATE '2026-11-21'"], False),
        ("how many open jobs start in december", "jobs_starting",
         ["j.start_date >= DATE '2026-12-01'", "j.start_date < DATE '2027-01-01'"], False),
        ("average weekly pay for open ICU travel jobs", "job_pay",
         ["round(avg(j.weekly_pay), 2)", "j.specialty = 'ICU'", "j.job_type = 'Travel'"], False),
        ("what's the highest paying open job in texas", "job_pay_extreme",
         ["max(j.weekly_pay)", "j.state_code = 'TX'"], True),
        ("how many featured jobs have no applications", "featured_jobs_without_applicants",
         ["j.is_featured", "applications_count, 0) = 0"], False),
    ],
)  # fmt: skip
def test_recipe_chosen_with_its_conditions(
    text: str, recipe: str, in_sql: list[str], rows: bool
) -> None:
    found = lookup(text).recipe
    assert found.name == recipe
    for part in in_sql:
        assert part in found.sql, (part, found.sql)
    assert found.rows is rows
    assert found.sql.lstrip().upper().startswith("SELECT") and "copilot." in found.sql


def test_a_master_name_with_an_apostrophe_is_quoted() -> None:
    from assistant.copilot.nlu.recipes import sql_text

    assert sql_text("O'Neil") == "'O''Neil'"


@pytest.mark.parametrize(
    "text",
    [
        "how many candidates have more than 10 years experience",
        "list nurses with 5+ years of experience in texas",
        "which of my candidates can start in the next 30 days?",
        "who's available now",
        "which of my candidates haven't applied to anything yet",
        "how many travel nurses do i have",
        "how many candidates hold a california license",
        "list licenses pending verification",
        "licenses on file by state",
        "how many share links have i created this month",
        "handoffs still waiting for a first reply",
        "handoff outcomes this year",
        "how many handoffs did i close last week",
        "how many jobs were posted in the last 7 days",
        "list open jobs starting next month in florida",
        "average weekly pay for open ICU travel jobs",
        "median hourly pay by specialty",
        "lowest paying open job in ohio",
        "anything paying over $2,500 a week",
        "how many featured jobs have no applications",
        "how many applications per job on average",
        "what percentage of applications get placed this year",
        "what's our interview rate",
        "who is ACLS certified",
        "candidates by certification",
        "how many candidates have no recruiter",
        "average years of experience of my candidates",
        "open jobs by job type",
        "open jobs by shift",
        "how many closed jobs",
        "how many applications does the average candidate have",
        "handoffs by reason",
    ],
)
def test_every_recipe_passes_the_sql_guard(text: str) -> None:
    from data_layer.recruiting.sql_guard import guard_sql

    guarded = guard_sql(lookup(text).recipe.sql, max_rows=500)
    assert "copilot." in guarded


@pytest.mark.parametrize(
    ("text", "recipe"),
    [
        ("who's available now", "candidates_available"),
        ("how many jobs did we post this month", "jobs_posted"),
        ("how many handoffs did i close last week", "handoffs_closed"),
        ("what percentage of applications get placed", "application_rate"),
        ("what's our interview rate this year", "application_rate"),
        ("how many applications per job on average", "applications_per_job"),
        ("who is ACLS certified", "certification_holders"),
        ("how many candidates have no recruiter", "candidates_unassigned"),
        ("average years of experience of my candidates", "candidates_experience"),
        ("open jobs by job type", "jobs_by_type"),
        ("how many closed jobs", "jobs_closed"),
        ("handoffs by reason", "handoffs_by_reason"),
    ],
)
def test_more_everyday_questions_beyond_the_metrics(text: str, recipe: str) -> None:
    assert lookup(text).recipe.name == recipe
