"""Two-letter words that may be states, cities that may be words, numbers that are counts."""

from __future__ import annotations

import pytest

from assistant.agent.nlu import Intent
from tests.unit.nlu.helpers import RN
from tests.unit.nlu.helpers import understand_today as _understand


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
