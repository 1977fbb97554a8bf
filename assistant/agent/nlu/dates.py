"""Start dates: "ASAP", "next month", "this summer", "in March", "after January", "3/15".

``start`` is ``"asap"`` or the earliest ISO start date ("starting 3/15", "after January" ->
February 1st); a window ("in March", "next month", "this summer", "early April") is
``start_from``/``start_to``; "before/by X" sets ``start_to`` only. Dates without a year are
the next occurrence counted from ``today``. US holidays name their day ("after Thanksgiving",
"by Christmas"); "the holidays" are December 24th to January 1st ("after the holidays":
January 2nd).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

__all__ = ["StartFilter", "parse_start"]


@dataclass(frozen=True, slots=True)
class StartFilter:
    """The start-date fields of a search, as one message expressed them."""

    start: str | None = None
    start_from: str | None = None
    start_to: str | None = None


Found = tuple[int, StartFilter, tuple[int, int]]
"""Where an expression starts, what it means, and the span it covers."""

_ASAP_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?|available|availability)\s+)?"
    r"(?:asap|a\s?s\s?a\s?p|as soon as possible|immediately|immediate(?:\s+start)?|right away|"
    r"right now|urgent start|quick start|soonest|(?<=start )now|(?<=starting )now|"
    r"(?<=available )now|(?<=start )soon|(?<=starting )soon)\b"
)
_RELATIVE_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?|available)\s+)?"
    r"(?P<which>next|this|the following|following)\s+(?P<unit>week|month)\b"
)
_IN_WEEKS_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?|available)\s+)?(?P<rel>in|within)\s+"
    r"(?:the next\s+)?(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|a couple of|a few)\s+"
    r"(?P<unit>weeks?|months?)\b"
)
_SEASON_RX = re.compile(
    r"\b(?:(?:start(?:s|ing)?|begin(?:ning)?)\s+)?(?P<pre>this|next|in the|in|over the|for the)?"
    r"\s*(?P<season>summer|fall|autumn|winter|spring)\b"
)
_MONTHS: Final[Mapping[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PRE = (
    r"(?P<pre>(?:(?:start(?:s|ing)?|begin(?:s|ning)?|available)(?:\s+(?:date\s+)?"
    r"(?:in|on|around|after|from|by|of))?|from|after|before|by|no later than|on|in|around|"
    r"early|mid|late|end of|the end of)\s+)?"
)
_MONTH_RX = re.compile(
    r"\b" + _DATE_PRE + r"(?:the\s+)?(?P<mon>" + _MONTH_ALT + r")\b\.?"
    r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>20\d\d)\b)?"
)
_NUMERIC_DATE_RX = re.compile(
    r"(?:\b" + _DATE_PRE + r")?(?<![\d/.\-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])"
    r"(?:/(?P<y>20\d\d|\d\d))?(?![\d/])"
)
_ISO_DATE_RX = re.compile(r"(?:\b" + _DATE_PRE + r")?\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_SMALL_NUMBERS: Final[Mapping[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "a couple of": 2, "a few": 3,
}  # fmt: skip


def _next_occurrence(month: int, today: dt.date) -> int:
    return today.year if month >= today.month else today.year + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _window(start: dt.date, end: dt.date, today: dt.date) -> StartFilter:
    return StartFilter(start_from=max(start, today).isoformat(), start_to=end.isoformat())


def _with_day(pre: str, when: dt.date) -> StartFilter:
    if pre.startswith("after"):
        return StartFilter(start=(when + dt.timedelta(days=1)).isoformat())
    if pre.startswith("before"):
        return StartFilter(start_to=(when - dt.timedelta(days=1)).isoformat())
    if pre.startswith(("by", "no later")):
        return StartFilter(start_to=when.isoformat())
    return StartFilter(start=when.isoformat())


def _month_start(pre: str, year: int, month: int, today: dt.date) -> StartFilter:
    first = dt.date(year, month, 1)
    last = _month_end(year, month)
    if pre.startswith("after"):
        following = last + dt.timedelta(days=1)
        return StartFilter(start=following.isoformat())
    if pre.startswith("before"):
        return StartFilter(start_to=(first - dt.timedelta(days=1)).isoformat())
    if pre.startswith(("by", "no later")):
        return StartFilter(start_to=last.isoformat())
    if pre == "from" or pre.endswith(("from", "after")):
        return StartFilter(start=max(first, today).isoformat())
    if pre == "early":
        return _window(first, dt.date(year, month, 10), today)
    if pre == "mid":
        return _window(dt.date(year, month, 11), dt.date(year, month, 20), today)
    if pre in ("late", "end of", "the end of"):
        return _window(dt.date(year, month, 21), last, today)
    return _window(first, last, today)


_HOLIDAY_RX = re.compile(
    r"\b" + _DATE_PRE + r"(?:the\s+)?(?P<holiday>thanksgiving|christmas|xmas|new years?(?:\s+day)?"
    r"|new years eve|holidays|labor day|memorial day|independence day|(?:the\s+)?4th of july"
    r"|fourth of july|july 4th|july fourth)\b"
)


def _holiday_days(name: str, year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a holiday in ``year`` (the holidays run into the next)."""
    if name == "thanksgiving":
        first_thursday = 1 + (3 - dt.date(year, 11, 1).weekday()) % 7
        day = dt.date(year, 11, first_thursday + 21)
    elif name in ("christmas", "xmas"):
        day = dt.date(year, 12, 25)
    elif name == "new years eve":
        day = dt.date(year, 12, 31)
    elif name.startswith("new year"):
        day = dt.date(year, 1, 1)
    elif name == "holidays":
        return dt.date(year, 12, 24), dt.date(year + 1, 1, 1)
    elif name == "labor day":
        day = dt.date(year, 9, 1 + (0 - dt.date(year, 9, 1).weekday()) % 7)
    elif name == "memorial day":
        last = dt.date(year, 5, 31)
        day = last - dt.timedelta(days=last.weekday())
    else:
        day = dt.date(year, 7, 4)
    return day, day


def _holidays(low: str, today: dt.date) -> Iterator[Found]:
    for m in _HOLIDAY_RX.finditer(low):
        name, pre = m.group("holiday"), (m.group("pre") or "").strip()
        pre = pre.split()[-1] if pre.startswith(("start", "begin", "available")) else pre
        if name == "holidays" and not low[: m.start("holiday")].endswith("the "):
            continue  # "holidays off": time off, not a date
        name = re.sub(r"\s+day$", "", name) if name.startswith("new year") else name
        first, last = _holiday_days(name, today.year)
        if last < today:
            first, last = _holiday_days(name, today.year + 1)
        if pre.startswith("after"):
            result = StartFilter(start=(last + dt.timedelta(days=1)).isoformat())
        elif first == last:
            result = _with_day(pre, first)
        elif pre.startswith("before"):
            result = StartFilter(start_to=(first - dt.timedelta(days=1)).isoformat())
        elif pre.startswith(("by", "no later")):
            result = StartFilter(start_to=last.isoformat())
        else:
            result = _window(first, last, today)
        yield m.start(), result, m.span()


def _asap(low: str, today: dt.date) -> Iterator[Found]:
    for m in _ASAP_RX.finditer(low):
        yield m.start(), StartFilter(start="asap"), m.span()


def _next_week_or_month(low: str, today: dt.date) -> Iterator[Found]:
    for m in _RELATIVE_RX.finditer(low):
        which, unit = m.group("which"), m.group("unit")
        if unit == "week":
            monday = today - dt.timedelta(days=today.weekday())
            if which != "this":
                monday += dt.timedelta(days=7)
            result = _window(monday, monday + dt.timedelta(days=6), today)
        else:
            year, month = today.year, today.month
            if which != "this":
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            result = _window(dt.date(year, month, 1), _month_end(year, month), today)
        yield m.start(), result, m.span()


def _in_weeks(low: str, today: dt.date) -> Iterator[Found]:
    for m in _IN_WEEKS_RX.finditer(low):
        n = m.group("n")
        count = int(n) if n.isdigit() else _SMALL_NUMBERS.get(n, 1)
        days = count * (7 if m.group("unit").startswith("week") else 30)
        target = today + dt.timedelta(days=days)
        if m.group("rel") == "within":
            result = StartFilter(start_from=today.isoformat(), start_to=target.isoformat())
        else:
            result = StartFilter(start=target.isoformat())
        yield m.start(), result, m.span()


def _seasons(low: str, today: dt.date) -> Iterator[Found]:
    for m in _SEASON_RX.finditer(low):
        season, pre = m.group("season"), m.group("pre") or ""
        if season == "fall" and not pre:
            continue  # "fall" alone is the verb
        first_month = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}[season]
        year = today.year
        begin = dt.date(year, first_month, 1)
        last_month = first_month + 2
        end = _month_end(year + 1, 2) if first_month == 12 else _month_end(year, last_month)
        if end < today or (pre == "next" and begin <= today):
            begin = dt.date(year + 1, first_month, 1)
            end = _month_end(year + 2, 2) if first_month == 12 else _month_end(year + 1, last_month)
        yield m.start(), _window(begin, end, today), m.span()


def _named_months(low: str, today: dt.date) -> Iterator[Found]:
    for m in _MONTH_RX.finditer(low):
        mon, pre = m.group("mon"), (m.group("pre") or "").strip()
        day, year_text = m.group("day"), m.group("year")
        if (len(mon) <= 4 or mon == "may") and not (pre or day or year_text):
            continue  # "mar", "jun", "may" alone are more often words than months
        if mon == "may" and pre in ("", "on") and not (day or year_text):
            continue  # "in may" is the month; a bare "may" is a verb more often than not
        month = _MONTHS[mon]
        year = int(year_text) if year_text else _next_occurrence(month, today)
        if day:
            try:
                when = dt.date(year, month, int(day))
            except ValueError:
                continue
            if when < today and not year_text:
                when = when.replace(year=when.year + 1)
            result = _with_day(pre, when)
        else:
            result = _month_start(pre, year, month, today)
        yield m.start(), result, m.span()


def _numeric_dates(low: str, today: dt.date) -> Iterator[Found]:
    for rx in (_NUMERIC_DATE_RX, _ISO_DATE_RX):
        for m in rx.finditer(low):
            pre = (m.group("pre") or "").strip()
            y = m.group("y")
            year = (2000 + int(y) if len(y) == 2 else int(y)) if y else today.year
            try:
                when = dt.date(year, int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            if when < today and not y:
                when = when.replace(year=when.year + 1)
            yield m.start(), _with_day(pre, when), m.span()


_READERS: Final = (
    _asap,
    _next_week_or_month,
    _in_weeks,
    _seasons,
    _named_months,
    _numeric_dates,
    _holidays,
)


def parse_start(low: str, today: dt.date) -> tuple[StartFilter | None, list[tuple[int, int]]]:
    """The first start expression in ``low`` and the spans of every one (to blank them out)."""
    found = [item for read in _READERS for item in read(low, today)]
    if not found:
        return None, []
    spans = _non_overlapping([span for _, _, span in found])
    found.sort(key=lambda item: item[0])
    return found[0][1], spans


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if out and span[0] < out[-1][1]:
            if span[1] > out[-1][1]:
                out[-1] = (out[-1][0], span[1])
            continue
        out.append(span)
    return out
