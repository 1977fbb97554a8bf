"""Periods: "this week", "last month", "in 2026", "since June", "last 30 days", "Q3",
"yesterday", "next 60 days", "from 10/1 to 10/15", read relative to a given today.

A period is a first and a last day, both inclusive (either may be open), or a window of
days ahead of today (``within_days``: "expiring in the next 30 days"). Conventions, so that
hand-written gold SQL and the engine agree:

* weeks start on Monday (PostgreSQL's ``date_trunc('week')``);
* "this week/month/quarter/year" is the whole calendar unit; "last month" the previous
  calendar month; "month to date"/"so far this month" ends today;
* "last/past N days" runs from today minus N days to today ("in the last 7 days" on Nov 28
  is Nov 21 to Nov 28: ``>= current_date - 7``); weeks, months and years likewise;
* "in the last/past week" (with "in/over/during the") is the rolling 7 days, while a bare
  "last week" is the previous calendar week;
* "next/within/in N days" is ``within_days`` = N from today (N weeks = 7N days, N months up
  to the same day N months ahead);
* a month or quarter without a year is the latest one that has begun when the question looks
  back, and the next one that has not ended when it looks ahead (expiry questions);
* "since X" runs from the first day of X to today; "before X" ends the day before X.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from assistant.agent.nlu.text import lower

__all__ = [
    "NUMBER_WORDS",
    "Period",
    "add_months",
    "describe_period",
    "find_period",
    "parse_number",
    "previous_period",
]


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date | None = None
    """First day counted (inclusive); ``None``: from the beginning."""
    end: dt.date | None = None
    """Last day counted (inclusive); ``None``: open ended."""
    within_days: int | None = None
    """From today to today + N days (expiry questions: "in the next 30 days")."""
    all_time: bool = False
    """The question said "all time"/"ever": no period (clears one on a follow-up)."""


NUMBER_WORDS: Final[Mapping[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "thirty": 30, "forty": 40, "forty five": 45, "fortyfive": 45, "fifty": 50,
    "sixty": 60, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100,
    "a hundred and twenty": 120, "one hundred twenty": 120, "a couple of": 2, "a couple": 2,
    "couple of": 2, "couple": 2, "a few": 3, "few": 3, "several": 3,
}  # fmt: skip
_NUMBER_ALT = "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True))
_NUM = rf"(?P<n>\d{{1,4}}|{_NUMBER_ALT})"


def parse_number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


_MONTHS: Final[Mapping[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS: Final[Mapping[str, int]] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_ORDINALS: Final[Mapping[str, int]] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip

_DAY = r"(?:days?|d)"
_WEEK = r"(?:weeks?|wks?|w)"
_MONTH = r"(?:months?|mos?|mths?|mnths?)"
_QUARTER = r"(?:quarters?|qtrs?)"
_YEAR = r"(?:years?|yrs?|y)"
_UNIT = rf"(?P<unit>{_DAY}|{_WEEK}|{_MONTH}|{_QUARTER}|{_YEAR})"
_BACK = r"(?:last|past|previous|prior|trailing|preceding)"
_AHEAD = r"(?:next|coming|upcoming|following)"
_YEAR_NUM = r"(?P<year>20\d\d)"


def _unit_of(word: str) -> str:
    if re.fullmatch(_DAY, word):
        return "day"
    if re.fullmatch(_WEEK, word):
        return "week"
    if re.fullmatch(_MONTH, word):
        return "month"
    if re.fullmatch(_QUARTER, word):
        return "quarter"
    return "year"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept within the target month (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    return first, add_months(first, 3) - dt.timedelta(days=1)


def _week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _unit_range(unit: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar unit (day/week/month/quarter/year) containing ``day``."""
    if unit == "day":
        return day, day
    if unit == "week":
        return _week_range(day)
    if unit == "month":
        return _month_range(day.year, day.month)
    if unit == "quarter":
        return _quarter_range(day.year, (day.month - 1) // 3 + 1)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def _shift(unit: str, day: dt.date, count: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    if unit == "month":
        return add_months(day, count)
    if unit == "quarter":
        return add_months(day, 3 * count)
    return add_months(day, 12 * count)


@dataclass(frozen=True, slots=True)
class _Found:
    period: Period
    span: tuple[int, int]


Rule = Callable[[re.Match[str], dt.date, bool], Period | None]


def _resolve_month(month: int, year: str | None, today: dt.date, future: bool) -> int:
    if year:
        return int(year)
    if future:
        return today.year if month >= today.month else today.year + 1
    return today.year if month <= today.month else today.year - 1


def _resolve_quarter(quarter: int, year: str | None, today: dt.date, future: bool) -> int:
    if year:
        return int(year)
    current = (today.month - 1) // 3 + 1
    if future:
        return today.year if quarter >= current else today.year + 1
    return today.year if quarter <= current else today.year - 1


def _resolve_half(half: int, year: str | None, today: dt.date, future: bool) -> int:
    if year:
        return int(year)
    current = 1 if today.month <= 6 else 2
    if future:
        return today.year if half >= current else today.year + 1
    return today.year if half <= current else today.year - 1


def _two_digit_year(text: str | None, today: dt.date) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


# --- points: one day, month, quarter or year named on its own ("october", "10/3", "q3")

_POINT = (
    rf"(?:(?P<mon>{_MONTH_ALT})\.?(?:\s+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
    rf"(?:,?\s+(?P<myear>20\d\d))?"
    r"|(?P<nm>1[0-2]|0?[1-9])/(?P<nd>3[01]|[12]\d|0?[1-9])(?:/(?P<ny>20\d\d|\d\d))?"
    r"|(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d)"
    r"|q(?P<q>[1-4])(?:\s*(?P<qy>20\d\d))?"
    r"|(?P<qo>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?(?:\s+(?P<qoy>20\d\d))?"
    r"|h(?P<h>[12])(?:\s*(?P<hy>20\d\d))?"
    r"|(?P<ho>first|second|1st|2nd)\s+half(?:\s+of)?(?:\s+(?:the|this)\s+year)?(?:\s+(?P<hoy>20\d\d))?"
    rf"|(?P<wd>{_WEEKDAY_ALT})"
    r"|(?P<y>20\d\d)"
    r"|(?P<rel>today|yesterday|tomorrow))"
)


def _group(m: re.Match[str], name: str, suffix: str) -> str | None:
    try:
        return m.group(name + suffix)
    except IndexError:
        return None


def _point(
    m: re.Match[str], today: dt.date, future: bool, suffix: str = ""
) -> tuple[dt.date, dt.date] | None:
    """The days a point names (a whole month for "october", one day for "oct 3")."""

    def g(name: str) -> str | None:
        return _group(m, name, suffix)

    if g("mon"):
        month = _MONTHS[g("mon") or ""]
        year = _resolve_month(month, g("myear"), today, future)
        if g("mday"):
            try:
                day = dt.date(year, month, int(g("mday") or "0"))
            except ValueError:
                return None
            return day, day
        return _month_range(year, month)
    if g("nm"):
        month, mday = int(g("nm") or "0"), int(g("nd") or "0")
        year = _two_digit_year(g("ny"), today) or _resolve_month(month, None, today, future)
        try:
            day = dt.date(year, month, mday)
        except ValueError:
            return None
        if not g("ny") and not future and day > today:
            day = day.replace(year=day.year - 1)
        return day, day
    if g("iy"):
        try:
            day = dt.date(int(g("iy") or "0"), int(g("im") or "0"), int(g("id") or "0"))
        except ValueError:
            return None
        return day, day
    if g("q") or g("qo"):
        quarter = int(g("q") or "0") or _ORDINALS[g("qo") or ""]
        year = _resolve_quarter(quarter, g("qy") or g("qoy"), today, future)
        return _quarter_range(year, quarter)
    if g("h") or g("ho"):
        half = int(g("h") or "0") or _ORDINALS[g("ho") or ""]
        year = _resolve_half(half, g("hy") or g("hoy"), today, future)
        return dt.date(year, 6 * half - 5, 1), _month_range(year, 6 * half)[1]
    if g("wd"):
        weekday = _WEEKDAYS[g("wd") or ""]
        delta = (weekday - today.weekday()) % 7 if future else -((today.weekday() - weekday) % 7)
        day = today + dt.timedelta(days=delta)
        return day, day
    if g("y"):
        year = int(g("y") or "0")
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    rel = g("rel")
    if rel:
        day = today + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[rel])
        return day, day
    return None


def _suffixed(pattern: str, suffix: str) -> str:
    return re.sub(r"\(\?P<(\w+)>", lambda g: f"(?P<{g.group(1)}{suffix}>", pattern)


_RANGE_RX = re.compile(
    r"\b(?:(?:from|between)\s+)?(?:the\s+)?"
    + _suffixed(_POINT, "1")
    + r"\s*(?:to|and|through|thru|until|till|-|–)\s*(?:the\s+)?"
    + _suffixed(_POINT, "2")
    + r"\b"
)


def _range(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    first = _point(m, today, future, "1")
    second = _point(m, today, future, "2")
    if first is None or second is None:
        return None
    start, end = first[0], second[1]
    if end < start and not any(m.group(g) for g in ("y1", "myear1", "ny1", "qy1", "qoy1")):
        # "from November to February": the months run over a new year
        if future:
            end = add_months(end, 12)
        else:
            start = add_months(start, -12)
    if end < start:
        return None
    return Period(start, end)


def _needs_context(m: re.Match[str]) -> bool:
    """A bare "may", "march", "sun"... is a word, not a date, without a date-like neighbour."""
    mon = m.groupdict().get("mon")
    wd = m.groupdict().get("wd")
    word = (mon or wd or "").lower()
    return word in {"may", "march", "mar", "sun", "sat", "wed"} and not (
        m.groupdict().get("mday") or m.groupdict().get("myear")
    )


_PREFIX_RX = (
    r"(?P<pre>(?:since|from) the (?:start|beginning) of|in|during|for|on|of|since|from|after|"
    r"before|until|till|through|thru|by|as of|starting)"
)
_POINT_RX = re.compile(rf"\b(?:{_PREFIX_RX}\s+(?:the\s+)?(?:month\s+of\s+)?)?{_POINT}\b")


def _point_rule(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    pre = m.group("pre")
    if _needs_context(m) and pre is None:
        return None
    days = _point(m, today, future)
    if days is None:
        return None
    start, end = days
    if pre is not None and pre.startswith(("since", "from", "starting", "as of")):
        return Period(start, max(today, start))
    if pre == "after":
        return Period(end + dt.timedelta(days=1), max(today, end + dt.timedelta(days=1)))
    if pre == "before":
        # an expiry "before 12/31" is one still ahead: from today, like "by"/"until"
        return Period(today if future else None, start - dt.timedelta(days=1))
    if pre in ("until", "till", "through", "thru", "by"):
        return Period(today if future else None, end)
    return Period(start, end)


_ALL_TIME_RX = re.compile(
    r"\b(?:all[\s-]time|of all time|ever|overall|in total|total ever|historically|"
    r"since (?:the beginning|forever|inception|day one)|(?<!year )(?<!month )to date|lifetime|"
    r"any time|anytime|(?:drop|remove|clear|without|no|ignore|forget|lose)(?: the| a| any)? "
    r"(?:date|dates|period|time frame|timeframe|date range|date filter|time filter)s?)\b"
)
_TO_DATE_RX = re.compile(
    r"\b(?:(?P<u1>year|month|quarter|week)[\s-]to[\s-]date|(?P<abbr>ytd|mtd|qtd|wtd)|"
    r"so far this (?P<u2>year|month|quarter|week)|this (?P<u3>year|month|quarter|week) so far|"
    r"since the (?:start|beginning) of (?:the|this) (?P<u4>year|month|quarter|week))\b"
)
_ROLLING_RX = re.compile(
    rf"\b(?:(?:in|over|during|within|for|from)\s+)?(?:the\s+)?{_BACK}\s+{_NUM}\s+{_UNIT}\b"
)
_BACK_N_RX = re.compile(rf"\b{_NUM}\s+{_UNIT}\s+back\b")
_ROLLING_ONE_RX = re.compile(
    rf"\b(?P<pre>in|over|during|within|for)\s+the\s+{_BACK}\s+(?P<unit>{_WEEK}|{_MONTH}|{_YEAR})\b"
)
_AHEAD_N_RX = re.compile(
    rf"\b(?:(?:in|within|over|during|for)\s+)?(?:the\s+)?{_AHEAD}\s+{_NUM}\s+{_UNIT}\b"
)
_WITHIN_N_RX = re.compile(rf"\b(?:in|within)\s+(?:the\s+next\s+)?{_NUM}\s+{_UNIT}\b")
_N_OUT_RX = re.compile(rf"\b{_NUM}\s+{_UNIT}\s+(?:out|from now|from today|ahead)\b")
_AHEAD_ONE_RX = re.compile(
    rf"\b(?:in|within|over|during)\s+the\s+{_AHEAD}\s+(?P<unit>{_WEEK}|{_MONTH})\b"
)
_CALENDAR_RX = re.compile(
    rf"\b(?:(?P<pre>since|from|after)\s+)?(?P<which>this|current|the current|{_BACK}|{_AHEAD})\s+"
    rf"(?:calendar\s+)?(?P<unit>{_WEEK}|{_MONTH}|{_QUARTER}|{_YEAR})\b(?!\s+(?:to|so far))"
)
_END_OF_RX = re.compile(
    r"\b(?P<pre>before|by|until|till|through|thru|to|up to|ahead of)?\s*(?:the\s+)?"
    r"(?:end of (?:the |this )?(?P<unit>year|month|quarter|week)|(?P<unit2>year|month|quarter)"
    r"[\s-]end|(?P<abbr>eoy|eom|eoq|eow))\b"
)
_N_AGO_RX = re.compile(rf"\b{_NUM}\s+{_UNIT}\s+ago\b")
_BEFORE_LAST_RX = re.compile(
    rf"\b(?:the\s+)?(?P<unit>{_WEEK}|{_MONTH}|{_QUARTER}|{_YEAR})\s+before\s+(?:the\s+)?last\b"
)
_BACK_BARE_RX = re.compile(
    r"\b(?:(?:in|over|during|for)\s+)?(?:the\s+)?(?:last|past)\s+(?P<n>\d{1,3})"
    r"(?=\s*(?:$|[?.!,;]|(?:and|by|vs|versus|for|in|per|split|broken|compared)\b))"
)
""""apps last 90": days, when nothing counted follows the number ("the last 5 placements")."""
_TO_NOW_RX = re.compile(
    r"\b(?:from|between|since)\s+(?:the\s+)?"
    + _suffixed(_POINT, "1")
    + r"\s*(?:to|and|through|thru|until|till|-|–)\s*(?:now|today|the present|present|date|"
    r"so far|this point)\b"
)
""""between 10/1 and now": from that day to today."""
_AHEAD_BARE_RX = re.compile(
    r"\b(?:(?:in|within|over|during|for)\s+)?(?:the\s+)?next\s+(?P<n>\d{1,3})\b"
)
"""Expiries "in the next 30" without a unit: days (read only when the question looks ahead)."""
_RECENT_RX = re.compile(r"\b(?:recently|lately|of late|recent)\b")
_WEEKEND_RX = re.compile(r"\b(?P<which>this|last|past|over the|during the|on the|the)\s+weekend\b")


def _to_date(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    abbr = m.group("abbr")
    unit = m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4")
    if abbr:
        unit = {"y": "year", "m": "month", "q": "quarter", "w": "week"}[abbr[0]]
    start, _ = _unit_range(unit or "year", today)
    return Period(start, today)


def _rolling(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    n = parse_number(m.group("n"))
    if not n:
        return None
    return Period(_shift(_unit_of(m.group("unit")), today, -n), today)


def _ahead_one(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    end = _shift(_unit_of(m.group("unit")), today, 1)
    return Period(within_days=(end - today).days)


def _rolling_one(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    return Period(_shift(_unit_of(m.group("unit")), today, -1), today)


def _ahead_n(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    n = parse_number(m.group("n"))
    if not n:
        return None
    end = _shift(_unit_of(m.group("unit")), today, n)
    return Period(within_days=(end - today).days)


def _calendar(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    which = m.group("which")
    unit = _unit_of(m.group("unit"))
    if which in ("this", "current", "the current"):
        offset = 0
    elif re.fullmatch(_AHEAD, which):
        offset = 1
    else:
        offset = -1
    start, end = _unit_range(unit, _shift(unit, _unit_range(unit, today)[0], offset))
    if m.group("pre") in ("since", "from"):
        return Period(start, max(today, start))
    if m.group("pre") == "after":
        return Period(end + dt.timedelta(days=1), max(today, end + dt.timedelta(days=1)))
    return Period(start, end)


def _end_of(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    unit = m.group("unit") or m.group("unit2")
    if m.group("abbr"):
        unit = {"y": "year", "m": "month", "q": "quarter", "w": "week"}[m.group("abbr")[-1]]
    _, end = _unit_range(unit or "year", today)
    return Period(today if future else None, end)


def _n_ago(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    n = parse_number(m.group("n"))
    if not n:
        return None
    unit = _unit_of(m.group("unit"))
    return Period(*_unit_range(unit, _shift(unit, today, -n)))


def _before_last(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    unit = _unit_of(m.group("unit"))
    return Period(*_unit_range(unit, _shift(unit, _unit_range(unit, today)[0], -2)))


def _back_bare(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    n = int(m.group("n"))
    return None if future or not n else Period(today - dt.timedelta(days=n), today)


def _to_now(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    first = _point(m, today, future, "1")
    return None if first is None or first[0] > today else Period(first[0], today)


def _ahead_bare(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    n = int(m.group("n"))
    return Period(within_days=n) if future and n else None


def _recent(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    return Period(today - dt.timedelta(days=30), today)


def _weekend(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    monday = _week_range(today)[0]
    which = m.group("which")
    # "over the weekend": the latest one that has begun (this one on a Saturday or Sunday)
    latest = "this" if today.weekday() >= 5 else "last"
    if (which if which in ("this", "last", "past") else latest) != "this":
        monday -= dt.timedelta(weeks=1)
    return Period(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))


def _all_time(m: re.Match[str], today: dt.date, future: bool) -> Period | None:
    return Period(all_time=True)


_RULES: Final[tuple[tuple[re.Pattern[str], Rule], ...]] = (
    (_TO_DATE_RX, _to_date),
    (_END_OF_RX, _end_of),
    (_ROLLING_RX, _rolling),
    (_BACK_N_RX, _rolling),
    (_ROLLING_ONE_RX, _rolling_one),
    (_AHEAD_N_RX, _ahead_n),
    (_WITHIN_N_RX, _ahead_n),
    (_N_OUT_RX, _ahead_n),
    (_AHEAD_ONE_RX, _ahead_one),
    (_N_AGO_RX, _n_ago),
    (_BEFORE_LAST_RX, _before_last),
    (_WEEKEND_RX, _weekend),
    (_CALENDAR_RX, _calendar),
    (_TO_NOW_RX, _to_now),
    (_RANGE_RX, _range),
    (_POINT_RX, _point_rule),
    (_AHEAD_BARE_RX, _ahead_bare),
    (_BACK_BARE_RX, _back_bare),
    (_RECENT_RX, _recent),
    (_ALL_TIME_RX, _all_time),
)
"""Tried in this order; a span taken by an earlier rule is not read again."""


def find_period(
    text: str, today: dt.date, *, future: bool = False
) -> tuple[Period | None, list[tuple[int, int]]]:
    """The period ``text`` names, and the spans of text that named it.

    ``future``: the question looks ahead (expiry), so "in January" is the next January.
    Several expressions narrow each other ("last year in October" is October of last year
    only when both agree; otherwise the first one wins).
    """
    text = lower(text)
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for rx, rule in _RULES:
        for m in rx.finditer(text):
            span = m.span()
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            period = rule(m, today, future)
            if period is None:
                continue
            found.append(_Found(period, span))
            taken.append(span)
    if not found:
        return None, []
    found.sort(key=lambda f: f.span[0])
    period = found[0].period
    for other in found[1:]:
        period = _narrow(period, other.period)
    return _clamp(period, today, future), [f.span for f in found]


def _clamp(period: Period, today: dt.date, future: bool) -> Period:
    """A period that contains today counts only the side of it the question looks at:
    "this month" is the 1st to today for applications, today to the 30th for expiries."""
    start, end = period.start, period.end
    if start is None or end is None or not start <= today <= end:
        return period
    if future:
        return Period(today, end)
    return Period(start, today)


def _narrow(a: Period, b: Period) -> Period:
    """Two expressions of one question: the days both allow ("in 2025 ... in October")."""
    if a.all_time or b.all_time or a.within_days is not None or b.within_days is not None:
        return a
    if a.start and a.end and b.start and b.end and b.start.year != a.start.year:
        # "October ... last year": the month of that year
        if (a.end - a.start).days <= 31 and (b.end - b.start).days >= 364:
            return Period(a.start.replace(year=b.start.year), a.end.replace(year=b.start.year))
        if (b.end - b.start).days <= 31 and (a.end - a.start).days >= 364:
            return Period(b.start.replace(year=a.start.year), b.end.replace(year=a.start.year))
    start = max((d for d in (a.start, b.start) if d is not None), default=None)
    end = min((d for d in (a.end, b.end) if d is not None), default=None)
    if start is not None and end is not None and end < start:
        return a
    return Period(start, end)


def previous_period(period: Period | None, unit: str | None = None) -> Period | None:
    """The calendar unit before ``period`` ("this month vs last": October for November so
    far; "and the week before?"): of ``unit`` when said, else the unit ``period`` is
    (a day, a week from Monday, a month, a quarter, a year); None when it is none of them."""
    if period is None or period.start is None or period.end is None:
        return None
    start, end = period.start, period.end
    if unit is None:
        for candidate in ("day", "week", "month", "quarter", "year"):
            first, last = _unit_range(candidate, start)
            if first == start and end <= last:
                unit = candidate
                break
    if unit is None:
        return None
    return Period(*_unit_range(unit, start - dt.timedelta(days=1)))


def _day(d: dt.date, *, year: bool = True) -> str:
    text = f"{calendar.month_abbr[d.month]} {d.day}"
    return f"{text}, {d.year}" if year else text


def _span(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return f"{_day(start, year=False)} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def describe_period(
    start: dt.date | None, end: dt.date | None, within_days: int | None, today: dt.date
) -> str:
    """The period in words, relative to today where that reads better ("last month
    (October 2026)", "in the last 30 days (Oct 29 – Nov 28, 2026)"); '' for all time."""
    if within_days is not None and start is None and end is None:
        return f"in the next {within_days} days (by {_day(today + dt.timedelta(days=within_days))})"
    if start is None and end is None:
        return ""
    if start is None and end is not None:
        return f"up to {_day(end)}"
    if start is not None and end is None:
        return f"since {_day(start)}"
    assert start is not None and end is not None
    if start == end:
        relative = {0: "today", -1: "yesterday", 1: "tomorrow"}.get((start - today).days)
        return f"{relative} ({_day(start)})" if relative else f"on {_day(start)}"
    for unit in ("week", "month", "quarter", "year"):
        first, _ = _unit_range(unit, today)
        if (start, end) == (first, today) and start != today:
            return f"this {unit} so far ({_span(start, end)})"
    for unit in ("year", "quarter", "month", "week"):  # the end of the year, rather than Q4
        if (start, end) == (today, _unit_range(unit, today)[1]):
            return f"from today to the end of the {unit} ({_span(start, end)})"
    for unit in ("week", "month", "quarter", "year"):
        if _unit_range(unit, start) == (start, end):
            return _describe_unit(unit, start, end, today)
    if end == today:
        days = (today - start).days
        # "since June" reads as since June 1st; "last 30 days" as a number of days
        if start.day != 1 and days in (7, 14, 21, 28, 30, 31, 45, 60, 90, 120, 180, 365):
            return f"in the last {days} days ({_span(start, end)})"
        return f"since {_day(start)}"
    if start.year == end.year:
        return f"from {_day(start, year=False)} to {_day(end)}"
    return f"from {_day(start)} to {_day(end)}"


def _describe_unit(unit: str, start: dt.date, end: dt.date, today: dt.date) -> str:
    current = _unit_range(unit, today)[0]
    offset = {
        current: "this",
        _unit_range(unit, _shift(unit, current, -1))[0]: "last",
        _unit_range(unit, _shift(unit, current, 1))[0]: "next",
    }.get(start)
    if unit == "week":
        name = _span(start, end)
        return f"{offset} week ({name})" if offset else f"in the week of {_day(start)}"
    if unit == "month":
        name = f"{calendar.month_name[start.month]} {start.year}"
    elif unit == "quarter":
        name = f"Q{(start.month - 1) // 3 + 1} {start.year}"
    else:
        name = str(start.year)
    return f"{offset} {unit} ({name})" if offset else f"in {name}"
