"""Periods read relative to a fixed today (Saturday 2026-11-28), looking back for counts
of what happened and ahead for expiries, and said back in words."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.copilot.nlu.periods import Period, describe_period, find_period
from tests.unit.copilot_nlu.helpers import TODAY, d

BACK: list[tuple[str, Period]] = [
    ("today", Period(d(11, 28), d(11, 28))),
    ("yesterday", Period(d(11, 27), d(11, 27))),
    ("this week", Period(d(11, 23), d(11, 28))),
    ("last week", Period(d(11, 16), d(11, 22))),
    ("last wk", Period(d(11, 16), d(11, 22))),
    ("in the past week", Period(d(11, 21), d(11, 28))),
    ("this month", Period(d(11, 1), d(11, 28))),
    ("so far this month", Period(d(11, 1), d(11, 28))),
    ("mtd", Period(d(11, 1), d(11, 28))),
    ("last month", Period(d(10, 1), d(10, 31))),
    ("since last month", Period(d(10, 1), d(11, 28))),
    ("in october", Period(d(10, 1), d(10, 31))),
    ("in december", Period(d(12, 1, 2025), d(12, 31, 2025))),
    ("oct 2025", Period(d(10, 1, 2025), d(10, 31, 2025))),
    ("in may", Period(d(5, 1), d(5, 31))),
    ("since june", Period(d(6, 1), d(11, 28))),
    ("since 11/1/2026", Period(d(11, 1), d(11, 28))),
    ("after june", Period(d(7, 1), d(11, 28))),
    ("before june", Period(None, d(5, 31))),
    ("q3", Period(d(7, 1), d(9, 30))),
    ("Q3 2025", Period(d(7, 1, 2025), d(9, 30, 2025))),
    ("third quarter", Period(d(7, 1), d(9, 30))),
    ("last quarter", Period(d(7, 1), d(9, 30))),
    ("this quarter", Period(d(10, 1), d(11, 28))),
    ("in 2026", Period(d(1, 1), d(11, 28))),
    ("last year", Period(d(1, 1, 2025), d(12, 31, 2025))),
    ("ytd", Period(d(1, 1), d(11, 28))),
    ("since the beginning of the year", Period(d(1, 1), d(11, 28))),
    ("last 30 days", Period(d(10, 29), d(11, 28))),
    ("the last 7 days", Period(d(11, 21), d(11, 28))),
    ("past two weeks", Period(d(11, 14), d(11, 28))),
    ("last 3 months", Period(d(8, 28), d(11, 28))),
    ("2 weeks ago", Period(d(11, 9), d(11, 15))),
    ("from 10/1 to 10/15", Period(d(10, 1), d(10, 15))),
    ("between march and may", Period(d(3, 1), d(5, 31))),
    ("from november to february", Period(d(11, 1, 2025), d(2, 28))),
    ("2026-10-01 to 2026-10-31", Period(d(10, 1), d(10, 31))),
    ("on friday", Period(d(11, 27), d(11, 27))),
    ("recently", Period(d(10, 29), d(11, 28))),
    ("all time", Period(all_time=True)),
]

AHEAD: list[tuple[str, Period]] = [
    ("in the next 30 days", Period(within_days=30)),
    ("next 60 days", Period(within_days=60)),
    ("within 2 weeks", Period(within_days=14)),
    ("in 30 days", Period(within_days=30)),
    ("90 days out", Period(within_days=90)),
    ("in the next month", Period(within_days=30)),
    ("next month", Period(d(12, 1), d(12, 31))),
    ("this month", Period(d(11, 28), d(11, 30))),
    ("this year", Period(d(11, 28), d(12, 31))),
    ("before the end of the year", Period(d(11, 28), d(12, 31))),
    ("by eoy", Period(d(11, 28), d(12, 31))),
    ("in january", Period(d(1, 1, 2027), d(1, 31, 2027))),
    ("q3", Period(d(7, 1, 2027), d(9, 30, 2027))),
]


@pytest.mark.parametrize(("text", "period"), BACK)
def test_looking_back(text: str, period: Period) -> None:
    assert find_period(text, TODAY)[0] == period


@pytest.mark.parametrize(("text", "period"), AHEAD)
def test_looking_ahead(text: str, period: Period) -> None:
    assert find_period(text, TODAY, future=True)[0] == period


@pytest.mark.parametrize("text", ["how many may i see", "show me the march of the nurses", ""])
def test_words_that_only_look_like_dates_are_no_period(text: str) -> None:
    assert find_period(text, TODAY)[0] is None


def test_the_spans_cut_out_are_the_period_words() -> None:
    text = "applications last month in texas"
    _, spans = find_period(text, TODAY)
    assert [text[s:e] for s, e in spans] == ["last month"]


@pytest.mark.parametrize(
    ("start", "end", "within", "words"),
    [
        (d(10, 1), d(10, 31), None, "last month (October 2026)"),
        (d(11, 1), d(11, 28), None, "this month so far (Nov 1 – Nov 28, 2026)"),
        (d(10, 29), d(11, 28), None, "in the last 30 days (Oct 29 – Nov 28, 2026)"),
        (d(6, 1), d(11, 28), None, "since Jun 1, 2026"),
        (d(7, 1), d(9, 30), None, "last quarter (Q3 2026)"),
        (d(1, 1, 2025), d(12, 31, 2025), None, "last year (2025)"),
        (d(11, 27), d(11, 27), None, "yesterday (Nov 27, 2026)"),
        (d(11, 28), d(12, 31), None, "from today to the end of the year (Nov 28 – Dec 31, 2026)"),
        (None, None, 30, "in the next 30 days (by Dec 28, 2026)"),
        (d(10, 1), d(10, 15), None, "from Oct 1 to Oct 15, 2026"),
        (None, None, None, ""),
    ],
)
def test_periods_in_words(
    start: dt.date | None, end: dt.date | None, within: int | None, words: str
) -> None:
    assert describe_period(start, end, within, TODAY) == words
