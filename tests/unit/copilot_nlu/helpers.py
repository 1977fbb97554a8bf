"""Shared by the copilot NLU tests: a fixed today (a Saturday), askers and a reader."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec

from assistant.copilot.answer import CopilotState
from assistant.copilot.nlu.grounding import RecruiterName
from assistant.copilot.nlu.reading import Ask, Reading
from assistant.copilot.nlu.understand import Asker, read_question

TODAY = dt.date(2026, 11, 28)
RN = "Registered Nurse"
ME = uuid.UUID(int=1)
SARAH = RecruiterName(uuid.UUID(int=2), "Sarah Lee")
MARCUS = RecruiterName(uuid.UUID(int=3), "Marcus Brown")
RECRUITER = Asker(is_admin=False, recruiter_id=ME)
ADMIN = Asker(is_admin=True, recruiter_id=None)
ADMIN_WITH_DESK = Asker(is_admin=True, recruiter_id=uuid.UUID(int=9))


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def read(text: str, state: CopilotState | None = None, asker: Asker = RECRUITER) -> Reading:
    return read_question(text, state=state, today=TODAY, asker=asker, recruiters=(SARAH, MARCUS))


def ask(text: str, state: CopilotState | None = None, asker: Asker = RECRUITER) -> Ask:
    reading = read(text, state, asker)
    assert isinstance(reading, Ask), f"{text!r} was read as {reading!r}"
    return reading


def filters_of(reading: Ask) -> dict[str, Any]:
    """The filters set (empty ones left out), as plain values."""
    raw = msgspec.structs.asdict(reading.query.filters)
    return {k: v for k, v in raw.items() if v not in (None, [])}
