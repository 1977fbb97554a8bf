"""Dates written the ways resumes write them, with the value the contract says each means.

Contract: month+year start -> first day; month+year end or expiry -> last day of the month;
year-only start -> January 1st; year-only end -> December 31st; a full date is itself.
"""

from __future__ import annotations

import calendar
import datetime
import random

MONTHS = [calendar.month_name[m] for m in range(1, 13)]
MONTHS_ABBR = [calendar.month_abbr[m] for m in range(1, 13)]


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def write_month(rng: random.Random, day: datetime.date, *, end: bool) -> tuple[str, datetime.date]:
    """A month and year in one of the common forms, and what it means (start or end)."""
    y, m = day.year, day.month
    form = rng.randrange(7)
    if form == 0:
        text = f"{m:02d}/{y}"
    elif form == 1:
        text = f"{m}/{y}"
    elif form == 2:
        text = f"{MONTHS_ABBR[m - 1]} {y}"
    elif form == 3:
        text = f"{MONTHS[m - 1]} {y}"
    elif form == 4:
        text = f"{y}-{m:02d}"
    elif form == 5:
        text = f"{MONTHS_ABBR[m - 1]}. {y}" if m != 5 else f"May {y}"
    else:
        text = f"{MONTHS_ABBR[m - 1].upper()} {y}"
    return text, (month_end(y, m) if end else datetime.date(y, m, 1))


def write_year(day: datetime.date, *, end: bool) -> tuple[str, datetime.date]:
    return str(day.year), (
        datetime.date(day.year, 12, 31) if end else datetime.date(day.year, 1, 1)
    )


def write_expiry(
    rng: random.Random, day: datetime.date, *, full: bool
) -> tuple[str, datetime.date]:
    """An expiry: a full date when ``full`` (written whole), else month and year (end of month)."""
    if full:
        form = rng.randrange(4)
        if form == 0:
            return f"{day.month:02d}/{day.day:02d}/{day.year}", day
        if form == 1:
            return day.isoformat(), day
        if form == 2:
            return f"{MONTHS[day.month - 1]} {day.day}, {day.year}", day
        return f"{day.month}/{day.day}/{day.year}", day
    y, m = day.year, day.month
    form = rng.randrange(5)
    if form == 0:
        text = f"{m:02d}/{y}"
    elif form == 1:
        text = f"{m}/{y}"
    elif form == 2:
        text = f"{MONTHS[m - 1]} {y}"
    elif form == 3:
        text = f"{MONTHS_ABBR[m - 1]} {y}"
    else:
        text = f"{y}-{m:02d}"
    return text, month_end(y, m)
