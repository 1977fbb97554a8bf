"""Dates as resumes write them: what each means as a start, an end and an expiry."""

from __future__ import annotations

import datetime

import pytest

from data_layer.resumes.parsing.dates import find_dates, find_ranges, keyword_before

TODAY = datetime.date(2025, 6, 1)
D = datetime.date


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("03/2026", D(2026, 3, 1), D(2026, 3, 31)),
        ("3/26", D(2026, 3, 1), D(2026, 3, 31)),
        ("Mar 2026", D(2026, 3, 1), D(2026, 3, 31)),
        ("March 2026", D(2026, 3, 1), D(2026, 3, 31)),
        ("Mar. 2026", D(2026, 3, 1), D(2026, 3, 31)),
        ("March, 2026", D(2026, 3, 1), D(2026, 3, 31)),
        ("2026-03", D(2026, 3, 1), D(2026, 3, 31)),
        ("03-2026", D(2026, 3, 1), D(2026, 3, 31)),
        ("2026/03", D(2026, 3, 1), D(2026, 3, 31)),
        ("Feb 2028", D(2028, 2, 1), D(2028, 2, 29)),
        ("Jun '19", D(2019, 6, 1), D(2019, 6, 30)),
        ("Sept 2019", D(2019, 9, 1), D(2019, 9, 30)),
        ("05/31/2027", D(2027, 5, 31), D(2027, 5, 31)),
        ("5/31/27", D(2027, 5, 31), D(2027, 5, 31)),
        ("2026-01-31", D(2026, 1, 31), D(2026, 1, 31)),
        ("March 31, 2026", D(2026, 3, 31), D(2026, 3, 31)),
        ("31 March 2026", D(2026, 3, 31), D(2026, 3, 31)),
        ("2019", D(2019, 1, 1), D(2019, 12, 31)),
        ("Fall 2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("1/99", D(1999, 1, 1), D(1999, 1, 31)),
    ],
)
def test_one_date_read_as_start_and_as_end(written: str, first: D, last: D) -> None:
    (mention,) = find_dates(f"  {written}  ", TODAY)
    assert mention.text == written
    assert mention.first_day() == first
    assert mention.last_day() == last


@pytest.mark.parametrize(
    "text",
    [
        "12-14 patients per shift",
        "a 24-bed unit",
        "13/2020",
        "license 884471",
        "RN9312345",
        "02/30/2026",
        "PN.123456",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, TODAY) == []


@pytest.mark.parametrize(
    ("text", "start", "end", "present"),
    [
        ("06/2021 - 12/2021", D(2021, 6, 1), D(2021, 12, 31), False),
        ("06/2021-12/2021", D(2021, 6, 1), D(2021, 12, 31), False),
        ("2019 - Present", D(2019, 1, 1), None, True),
        ("Jun '19 – Current", D(2019, 6, 1), None, True),
        ("Jan 2018 to date", D(2018, 1, 1), None, True),
        ("March 2015 through May 2017", D(2015, 3, 1), D(2017, 5, 31), False),
        ("2025-2029", D(2025, 1, 1), D(2029, 12, 31), False),
        ("2019 — 2021", D(2019, 1, 1), D(2021, 12, 31), False),
        ("2016-03 to 2018-11", D(2016, 3, 1), D(2018, 11, 30), False),
    ],
)
def test_ranges(text: str, start: D, end: D | None, present: bool) -> None:
    (span,) = find_ranges(text, TODAY)
    assert span.start.first_day() == start
    assert span.end is not None
    assert span.end.present is present
    assert (None if span.end.present else span.end.last_day()) == end
    assert span.text == text


def test_since_is_an_open_range() -> None:
    (span,) = find_ranges("Staff RN since 2019", TODAY)
    assert span.since and span.end is None and span.text == "since 2019"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("BLS exp. 03/2026", "expiry"),
        ("BLS exp 03/2026", "expiry"),
        ("ACLS, expires March 2026", "expiry"),
        ("Expiration: 05/2027", "expiry"),
        ("Expiration Date 05/2027", "expiry"),
        ("valid through 09/2026", "expiry"),
        ("Valid thru 09/2026", "expiry"),
        ("CCRN (AACN), certified 2021", "issued"),
        ("Issued 01/2024", "issued"),
        ("obtained 2020", "issued"),
        ("BLS - AHA - 03/2026", None),
    ],
)
def test_keywords_say_what_a_date_is(text: str, role: str | None) -> None:
    mention = find_dates(text, TODAY)[-1]
    said = keyword_before(text, mention.start)
    assert (said[0] if said else None) == role


@pytest.mark.parametrize(
    ("text", "written", "day"),
    [
        # No space after the comma, and a date glued to "exp." (typed so, or read so by OCR).
        ("Expires April 30,2027", "April 30,2027", D(2027, 4, 30)),
        ("RN, OR, #201222303, exp.03/13/2026", "03/13/2026", D(2026, 3, 13)),
    ],
)
def test_dates_written_tight(text: str, written: str, day: D) -> None:
    (mention,) = find_dates(text, TODAY)
    assert (mention.text, mention.last_day()) == (written, day)
