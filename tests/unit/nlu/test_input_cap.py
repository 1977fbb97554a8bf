"""Understanding is bounded whatever the input: a message is read only up to
``MAX_LENGTH`` characters, so a megabyte of text costs what its first 4,000 do.

(How fast understanding is, is measured by bench/nlu.py, not asserted here.)
"""

from __future__ import annotations

import pytest

from assistant.agent.nlu import understand
from assistant.agent.nlu.message import MAX_LENGTH
from assistant.agent.nlu.understanding import Intent
from tests.unit.nlu.helpers import TODAY

HOSTILE = ("1 " * 20_000, "." * 40_000, "a@" * 20_000, "did my friend " * 2_800, "x" * 100_000)


@pytest.mark.parametrize("text", HOSTILE, ids=["digits", "dots", "ats", "phrase", "one-word"])
def test_a_message_is_read_only_up_to_its_cap(text: str) -> None:
    assert understand(text, today=TODAY) == understand(text[:MAX_LENGTH], today=TODAY)


def test_icu_jobs_in_texas_past_the_cap_is_not_read() -> None:
    padding = "please " * (MAX_LENGTH // 7 + 1)
    read = understand("ICU jobs in Texas", today=TODAY)
    assert read.intent == Intent.SEARCH and read.filters.state == "TX"
    assert not understand(padding + "ICU jobs in Texas", today=TODAY).filters.state
