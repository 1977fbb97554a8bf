"""Follow-ups and clarifying questions: a conversation carries its last query, and a short
next question changes it instead of starting over."""

from __future__ import annotations

from assistant.copilot.answer import Clarification, CopilotState
from assistant.copilot.nlu.reading import Ask, Clarify, ForJob
from tests.unit.copilot_nlu.helpers import ask, d, filters_of, read

OCT = {"period_start": d(10, 1), "period_end": d(10, 31)}


def after(*texts: str) -> Ask:
    """The reading of the last text, each earlier one answered in the same conversation."""
    state: CopilotState | None = None
    reading: Ask | None = None
    for text in texts:
        reading = ask(text, state)
        state = CopilotState(last_query=reading.query)
    assert reading is not None
    return reading


def test_and_last_month_changes_only_the_period() -> None:
    reading = after("how many ICU apps did we get this month?", "and last month?")
    assert reading.follow_up and reading.query.metric == "applications"
    assert filters_of(reading) == {"specialty": "ICU", **OCT}


def test_what_about_placements_keeps_filters_and_period() -> None:
    reading = after("applications in texas last month", "what about placements?")
    assert reading.query.metric == "placements"
    assert filters_of(reading) == {"state_code": "TX", **OCT}


def test_only_a_specialty_narrows_and_another_state_replaces() -> None:
    assert filters_of(after("open jobs in texas", "only ICU")) == {
        "state_code": "TX",
        "specialty": "ICU",
    }
    assert filters_of(after("open jobs in texas", "only ICU", "what about california?")) == {
        "state_code": "CA",
        "specialty": "ICU",
    }
    assert filters_of(after("open ICU jobs in texas", "any specialty")) == {"state_code": "TX"}


def test_a_breakdown_follow_up_and_its_removal() -> None:
    by_state = after("placements this year", "by state")
    assert by_state.query.group_by == ["state"]
    also = after("placements this year", "by state", "also by month")
    assert also.query.group_by == ["state", "month"]
    total = after("placements this year", "by state", "no breakdown")
    assert total.query.group_by == [] and not total.query.list_rows


def test_show_me_those_candidates_lists_the_rows_counted() -> None:
    reading = after("how many licenses expire in the next 30 days", "show me those candidates")
    assert reading.query.metric == "licenses_expiring"
    assert reading.query.list_rows and reading.people
    assert filters_of(reading) == {"within_days": 30}
    grouped = after("applications by status last month", "who are they")
    assert grouped.query.list_rows and grouped.query.group_by == []


def test_all_time_clears_the_period() -> None:
    assert filters_of(after("placements in october", "all time")) == {}


def test_a_question_with_its_own_metric_starts_over() -> None:
    reading = after("how many ICU apps last month", "how many placements this year")
    assert not reading.follow_up
    assert filters_of(reading) == {"period_start": d(1, 1), "period_end": d(11, 28)}


def test_a_short_question_without_a_metric_word_follows_up() -> None:
    reading = after("open jobs in texas", "how many are hot")
    assert reading.query.metric == "open_jobs"
    assert filters_of(reading) == {"state_code": "TX", "hot": True}


def test_top_n_follow_up_ranks_the_breakdown() -> None:
    reading = after("placements by recruiter this year", "top 3")
    assert reading.query.group_by == ["recruiter"] and reading.query.limit == 3


def test_how_are_we_doing_asks_which_and_a_number_picks() -> None:
    reading = read("how are we doing?")
    assert isinstance(reading, Clarify) and len(reading.choices) >= 3
    state = CopilotState(pending=Clarification(choices=list(reading.choices)))
    picked = ask("2", state)
    assert picked.query.metric == "placements"
    assert filters_of(picked) == {"period_start": d(11, 1), "period_end": d(11, 28)}
    by_word = ask("placements", state)
    assert by_word.query.metric == "placements"


def test_vague_asks_get_choices_with_their_period() -> None:
    for text in ("stats pls", "give me a summary", "how's business", "numbers for last week"):
        assert isinstance(read(text), Clarify), text
    reading = read("numbers for last week")
    assert isinstance(reading, Clarify) and "last week" in reading.choices[0]


def test_filters_without_a_metric_ask_what_to_count() -> None:
    reading = read("ICU in Texas")
    assert isinstance(reading, Clarify)
    assert reading.choices[0] == "How many open ICU jobs in Texas?"
    assert ask(reading.choices[0]).query.metric == "open_jobs"
    picked = ask("1", CopilotState(pending=Clarification(choices=list(reading.choices))))
    assert filters_of(picked) == {"specialty": "ICU", "state_code": "TX"}


def test_share_links_without_a_measure_ask_which() -> None:
    reading = read("how are my links doing")
    assert isinstance(reading, Clarify) and len(reading.choices) == 4


def test_candidates_for_a_job_and_for_this_job_again() -> None:
    for text in (
        "candidates for job 1000234",
        "who's a good fit for job #1000234",
        "top 5 matches for job 1000234",
    ):
        reading = read(text)
        assert isinstance(reading, ForJob) and reading.job_reference == "1000234", text
    assert read("top 5 matches for job 1000234") == ForJob("1000234", limit=5)
    again = read("best candidates for this job", CopilotState(job_id="1000234"))
    assert isinstance(again, ForJob) and again.job_reference == "1000234"
