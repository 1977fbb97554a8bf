"""Dates as resumes write them, and what they mean as a start, an end or an expiry.

Forms read: ``03/31/2026``, ``3/31/26``, ``2026-03-31``, ``03/2026``, ``3/26``, ``03-2026``,
``2026-03``, ``2026/03``, ``Mar 2026``, ``March 2026``, ``Mar. 2026``, ``March, 2026``,
``Jun '19``, ``March 31, 2026``, ``31 March 2026``, ``2026``, seasons (``Fall 2019``: the
year only, the season says no month), and the open ends ``Present``, ``Current``,
``to date``, ``now``, ``ongoing``. Ranges join two of them with ``-``, ``to``,
``through``, ``until``. Keywords before a date say what it is: ``exp.``, ``expires``,
``expiration``, ``valid through`` ... (an expiry) and ``issued``, ``obtained``,
``certified`` ... (an issue date).

Meaning (the contract of ``structured_data``): a start is the first day of what is
written (``03/2026`` -> 2026-03-01, ``2019`` -> 2019-01-01); an end or an expiry the last
(``03/2026`` -> 2026-03-31: AHA cards expire at the end of the month; ``2019`` ->
2019-12-31); a full date is itself.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal

from data_layer.resumes.parsing.text import clean

__all__ = [
    "DateMention",
    "DateRange",
    "Role",
    "find_dates",
    "find_ranges",
    "keyword_before",
]

Role = Literal["expiry", "issued", "start"]

_MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_YEAR4 = r"(?:19[5-9]\d|20\d\d)"
_YY = r"(?:'\s?\d\d)"
_PRESENT = r"(?:present|current(?:ly)?|to\s+date|now|today|ongoing)"

# Order matters: the alternation tries the longest forms first.
_DATE = re.compile(
    rf"""(?ix)
    (?<![\w/])(?<!\d\.)        # "exp.03/2026" is a date, "1.2019" is not
    (?:
        (?P<ymd>(?P<ymd_y>{_YEAR4})[-/.](?P<ymd_m>0?[1-9]|1[0-2])[-/.](?P<ymd_d>0?[1-9]|[12]\d|3[01]))
      | (?P<mdy>(?P<mdy_m>0?[1-9]|1[0-2])[-/.](?P<mdy_d>0?[1-9]|[12]\d|3[01])[-/.]
                (?P<mdy_y>{_YEAR4}|\d\d))
      | (?P<ym>(?P<ym_y>{_YEAR4})[-/](?P<ym_m>0[1-9]|1[0-2]))(?![\d])
      | (?P<my>(?P<my_m>0?[1-9]|1[0-2])(?:[-/.](?P<my_y>{_YEAR4})|/(?P<my_yy>\d\d)))
      | (?P<nmdy>(?P<nmdy_m>{_MONTH_NAME})\.?\s+(?P<nmdy_d>0?[1-9]|[12]\d|3[01])
                (?:st|nd|rd|th)?(?:,\s*|\s+)(?P<nmdy_y>{_YEAR4}))
      | (?P<dmy>(?P<dmy_d>0?[1-9]|[12]\d|3[01])\s+(?P<dmy_m>{_MONTH_NAME})\.?,?\s+
                (?P<dmy_y>{_YEAR4}))
      | (?P<nmy>(?P<nmy_m>{_MONTH_NAME})\.?,?\s*(?:-\s*)?(?P<nmy_y>{_YEAR4}|{_YY}))
      | (?P<season>{_SEASON}\s+(?P<season_y>{_YEAR4}))
      | (?P<y>{_YEAR4})
      | (?P<present>{_PRESENT})
    )
    (?![\w/]|\.\d)
    """
)

_RANGE_JOIN = re.compile(r"(?i)^\s*(?:-{1,2}|~|to|through|thru|until|till|->)\s*$")
_SINCE = re.compile(r"(?i)\b(?:since|from)\s*$")

_EXPIRY_WORDS = re.compile(
    r"(?ix)(?:\bexp(?:ires?|ired|iring|iration|iry)?\b\.?(?:\s+date)?|\bvalid\s+(?:through|thru|until|to)"
    r"|\bgood\s+(?:through|thru|until)|\brenew(?:al)?\s+(?:due|by|date)|\bdue\s+for\s+renewal"
    r"|\bthrough|\bthru|\buntil)\s*[:\-]?\s*(?:on\s+)?$"
)
_ISSUE_WORDS = re.compile(
    r"(?ix)\b(?:issued|issue\s+date|obtained|earned|certified|completed|awarded|received"
    r"|initial(?:ly)?(?:\s+licensure)?|original(?:\s+issue)?|licensed\s+since|since|date)"
    r"\s*(?:on|in)?\s*[:\-]?\s*$"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date as written: where it is in its line and the calendar parts it names."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None = None
    day: int | None = None
    present: bool = False

    def first_day(self) -> datetime.date | None:
        """The date as a start: the first day of what is written."""
        if self.year is None:
            return None
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date | None:
        """The date as an end or expiry: the last day of what is written."""
        if self.year is None:
            return None
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)

    @property
    def has_month(self) -> bool:
        return self.month is not None


@dataclass(frozen=True, slots=True)
class DateRange:
    """``start - end`` (``end`` may be an open end such as ``Present``), or one date."""

    start: DateMention
    end: DateMention | None
    text_start: int
    text_end: int
    text: str
    since: bool = False
    """Written as "since 2019" / "from 2019": an open range that began then."""


def _year(raw: str, today: datetime.date) -> int:
    digits = raw.strip("' ")
    if len(digits) == 4:
        return int(digits)
    # Two-digit years: up to 15 years ahead is this century (expiry dates), else the last.
    value = int(digits)
    century = today.year // 100 * 100
    return century + value if century + value <= today.year + 15 else century - 100 + value


def _month(raw: str) -> int:
    key = raw.lower().rstrip(".")
    return _MONTHS.get(key[:4] if key.startswith("sept") else key[:3], 0)


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is None:
        return True
    if not 1 <= month <= 12:
        return False
    return day is None or day <= calendar.monthrange(year, month)[1]


def find_dates(text: str, today: datetime.date) -> list[DateMention]:
    """Every date in ``text`` (one line or a phrase), left to right."""
    found: list[DateMention] = []
    for match in _DATE.finditer(clean(text)):
        groups = match.groupdict()
        year: int | None
        month: int | None = None
        day: int | None = None
        present = False
        if groups["ymd"]:
            year, month, day = int(groups["ymd_y"]), int(groups["ymd_m"]), int(groups["ymd_d"])
        elif groups["mdy"]:
            year = _year(groups["mdy_y"], today)
            month, day = int(groups["mdy_m"]), int(groups["mdy_d"])
        elif groups["ym"]:
            year, month = int(groups["ym_y"]), int(groups["ym_m"])
        elif groups["my"]:
            # Two-digit years only after a slash ("3/26"): "12-14 patients" is no date.
            year = _year(groups["my_y"] or groups["my_yy"], today)
            month = int(groups["my_m"])
        elif groups["nmdy"]:
            year, month = int(groups["nmdy_y"]), _month(groups["nmdy_m"])
            day = int(groups["nmdy_d"])
        elif groups["dmy"]:
            year, month = int(groups["dmy_y"]), _month(groups["dmy_m"])
            day = int(groups["dmy_d"])
        elif groups["nmy"]:
            year, month = _year(groups["nmy_y"], today), _month(groups["nmy_m"])
        elif groups["season"]:
            year = int(groups["season_y"])
        elif groups["y"]:
            year = int(groups["y"])
        else:
            year, present = None, True
        if year is not None and not _valid(year, month, day):
            continue
        found.append(
            DateMention(
                start=match.start(),
                end=match.end(),
                text=text[match.start() : match.end()],
                year=year,
                month=month,
                day=day,
                present=present,
            )
        )
    return found


def find_ranges(text: str, today: datetime.date) -> list[DateRange]:
    """The dates of ``text`` paired into ranges where a joiner stands between two of them.

    ``"06/2021 - 12/2021"``, ``"2019 to Present"`` and ``"2025-2029"`` are ranges; a date
    on its own is a range without an end; an open end with no start is dropped.
    """
    mentions = find_dates(text, today)
    cleaned = clean(text)
    ranges: list[DateRange] = []
    i = 0
    while i < len(mentions):
        first = mentions[i]
        if first.present:
            i += 1
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        joined = (
            nxt is not None
            and (
                _RANGE_JOIN.match(cleaned[first.end : nxt.start]) is not None
                # "Jan 2018 to date": the open end carries its own "to".
                or (
                    nxt.present
                    and nxt.text.lower().startswith("to")
                    and not cleaned[first.end : nxt.start].strip()
                )
            )
        )
        if nxt is not None and joined:
            ranges.append(
                DateRange(
                    start=first,
                    end=nxt,
                    text_start=first.start,
                    text_end=nxt.end,
                    text=text[first.start : nxt.end],
                )
            )
            i += 2
            continue
        # "2019 -" at the end of a line, or "2019 - " before nothing: an open end unsaid.
        since = _SINCE.search(cleaned[: first.start]) is not None
        start = first.start
        if since:
            start = _SINCE.search(cleaned[: first.start]).start()  # type: ignore[union-attr]
        ranges.append(
            DateRange(
                start=first,
                end=None,
                text_start=start,
                text_end=first.end,
                text=text[start : first.end],
                since=since,
            )
        )
        i += 1
    return ranges


def keyword_before(text: str, position: int, *, reach: int = 40) -> tuple[Role, int] | None:
    """What the words just before ``position`` say the date there is, and where they start.

    ``"exp. 05/2027"`` -> expiry, ``"Issued 2019"`` -> issued; ``None`` when nothing says.
    """
    window_start = max(0, position - reach)
    window = clean(text[window_start:position])
    # Only the words since the previous separator speak for this date.
    cut = max(window.rfind("|"), window.rfind(";"), window.rfind(","), window.rfind("("))
    tail, offset = (
        (window[cut + 1 :], window_start + cut + 1) if cut >= 0 else (window, window_start)
    )
    for role, pattern in (("expiry", _EXPIRY_WORDS), ("issued", _ISSUE_WORDS)):
        match = pattern.search(tail)
        if match:
            return role, offset + match.start()  # type: ignore[return-value]
    return None
