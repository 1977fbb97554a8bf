"""The dialogue state decodes whatever an earlier version of the code stored."""

from __future__ import annotations

from typing import Any

from data_layer.chat.dialogue import (
    CONTACT_FIELDS,
    ContactDetails,
    DialogueState,
    JobRef,
    PendingApplication,
)
from data_layer.jobs.filters import JobSearchFilters

# As the chat stored it before the state was typed (data_layer's own filter dict, the
# free words apart, every key spelled out).
STORED_BEFORE: dict[str, Any] = {
    "filters": {"profession": "Registered Nurse", "job_type": "Travel", "shift_hours": 12.0},
    "query": "level 1 trauma",
    "page": 2,
    "results": [{"id": "j-1", "title": "ICU RN", "city": "Dallas", "specialty": "ICU"}],
    "focus_job": {"id": "j-1", "title": "ICU RN", "city": "Dallas", "state": "TX"},
    "pending_apply": {
        "id": "j-1",
        "title": "ICU RN",
        "city": "Dallas",
        "state": "TX",
        "job_type": "Travel",
        "turn": 3,
        "asked": False,
    },
    "expecting": "email",
    "contact": {"first_name": "Jane", "last_name": "Doe"},
    "handed_off": True,
    "first_name": "Jane",
}


def test_a_state_stored_before_decodes_whole() -> None:
    state = DialogueState.from_stored(STORED_BEFORE)
    assert state.filters == JobSearchFilters(
        profession="Registered Nurse", job_type="Travel", shift_hours=12, query="level 1 trauma"
    )
    assert state.page == 2
    assert state.results == [JobRef(id="j-1", title="ICU RN", city="Dallas", specialty="ICU")]
    assert state.focus == JobRef(id="j-1", title="ICU RN", city="Dallas", state="TX")
    assert state.pending_apply == PendingApplication(
        id="j-1", title="ICU RN", city="Dallas", state="TX", job_type="Travel", turn=3
    )
    assert state.expecting == "email"
    assert state.contact == ContactDetails(first_name="Jane", last_name="Doe")
    assert state.contact.missing() == ["email", "phone"]
    assert state.handed_off and state.first_name == "Jane"


def test_what_is_stored_reads_back_the_same_and_keeps_the_stored_names() -> None:
    state = DialogueState.from_stored(STORED_BEFORE)
    stored = state.to_stored()
    assert stored["focus_job"]["id"] == "j-1"  # rows written before and after agree
    assert "query" not in stored and stored["filters"]["query"] == "level 1 trauma"
    assert DialogueState.from_stored(stored) == state
    assert DialogueState().to_stored() == {}


def test_unreadable_parts_fall_back_to_their_defaults_and_the_rest_is_kept() -> None:
    state = DialogueState.from_stored(
        {
            **STORED_BEFORE,
            "filters": {"job_type": "travelling", "state": "TX", "shift_hours": "twelve"},
            "page": "two",
            "results": [{"title": "no id"}],
            "unknown": {"anything": 1},
        }
    )
    assert state.filters == JobSearchFilters(state="TX", query="level 1 trauma")
    assert state.page == 1 and state.results == []
    assert state.focus is not None and state.pending_apply is not None
    assert state.expecting == "email"


def test_nothing_stored_is_a_fresh_conversation() -> None:
    assert DialogueState.from_stored(None) == DialogueState.from_stored({}) == DialogueState()
    assert DialogueState().filters is None  # no search yet, unlike an empty search


def test_contact_details_are_asked_in_one_order() -> None:
    assert CONTACT_FIELDS == ("first_name", "last_name", "email", "phone")
    details = ContactDetails(first_name="Jane", last_name="Doe", email="j@x.org")
    assert details.complete() is None and details.missing() == ["phone"]
    details.phone = "+15550001111"
    assert details.complete() == ("Jane", "Doe", "j@x.org", "+15550001111")


def test_a_snapshot_is_independent_of_the_state_it_was_taken_from() -> None:
    state = DialogueState.from_stored(STORED_BEFORE)
    snapshot = state.snapshot()
    assert snapshot == state
    state.results.clear()
    assert state.pending_apply is not None and state.contact is not None
    state.pending_apply.asked = True
    state.contact.email = "jane@x.org"
    assert snapshot.results and snapshot.pending_apply is not None
    assert not snapshot.pending_apply.asked
    assert snapshot.contact is not None and snapshot.contact.email is None
