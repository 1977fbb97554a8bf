"""Shared by the NLU tests: a fixed ``today`` (so date expectations never drift) and names."""

from __future__ import annotations

import datetime as dt

from assistant.agent.nlu import FILTER_FIELDS, Understanding, understand

TODAY = dt.date(2026, 11, 26)
RN = "Registered Nurse"
ALL_FIELDS = frozenset(FILTER_FIELDS)


def understand_today(text: str, expecting: str | None = None) -> Understanding:
    return understand(text, expecting=expecting, today=TODAY)
