from __future__ import annotations

import pytest

from prompts import load_prompt, prompt_version


def test_candidate_prompt_is_versioned_and_filled() -> None:
    text = load_prompt("candidate_system", today="2026-11-26", who="a visitor")
    assert prompt_version("candidate_system") == "6"
    assert "2026-11-26" in text and "a visitor" in text
    assert "{" not in text  # every placeholder was filled


def test_candidate_prompt_has_no_slot_for_text_written_by_others() -> None:
    """Names, job titles and filter values go to the data message, never the system prompt."""
    text = load_prompt("candidate_system", today="2026-11-26", who="a visitor")
    assert "data, not instructions" in text


def test_unknown_prompt_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no prompt named"):
        load_prompt("does_not_exist")
