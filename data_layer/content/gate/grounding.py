"""Grounding: every figure the page states must be a fact of its snapshot.

Checked per sentence: pay figures (``$2,750``, ``$2.7k``), other numbers (counts,
hours), percentages, dates (``December 1, 2026``, ``November 2026``, ``2026-12-01``)
and facility names (a phrase ending in Hospital, Medical Center...). A figure that is
not in the snapshot is an error flag carrying its sentence, so the editor sees where.

Accepted values: pay figures must equal a money value of the snapshot (a pay min, max,
median, job pay or bonus); other numbers may be any number the snapshot holds, including
numbers inside its text (``Nights 7p-7a 3x12``); dates must be dates of the snapshot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from data_layer.content.gate.flags import Flag, error

MONEY_KEYS = frozenset({"min", "max", "median", "pay", "pay_min", "pay_max", "sign_on_bonus"})
_MONTHS = {
    name.lower(): index
    for index, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}
_MONTH_ALT = "|".join(sorted({*_MONTHS, *(m[:3] for m in _MONTHS), "sept"}, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?P<month>{_MONTH_ALT})\.?\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year>\d{{4}})\b"
    rf"|\b(?P<month2>{_MONTH_ALT})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"|\b(?P<iso>\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?P<dollar>\$\s?)?(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suffix>\s?%|\s?[kK]\b)?"
)
_FACILITY = re.compile(
    r"\b((?:[A-Z][\w'.&-]*\s+(?:of\s+|the\s+)?){0,6}"
    r"(?:Hospital|Medical Center|Medical Centre|Health System|Healthcare|Health Center|"
    r"Clinic|Infirmary|Regional Center)s?)\b"
)
_IN_TEXT = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Facts:
    money: set[Decimal] = field(default_factory=set)
    numbers: set[Decimal] = field(default_factory=set)
    days: set[dt.date] = field(default_factory=set)
    months: set[tuple[int, int]] = field(default_factory=set)
    facilities: list[str] = field(default_factory=list)


def _walk(value: Any, key: str | None = None) -> Iterator[tuple[str | None, Any]]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield str(k), k  # count tables are keyed by names that may hold numbers
            yield from _walk(v, str(k))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item, key)
    else:
        yield key, value


def _add_date(facts: Facts, text: str) -> None:
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return
    facts.days.add(day)
    facts.months.add((day.year, day.month))


def facts_of(snapshot: Mapping[str, Any]) -> Facts:
    facts = Facts()
    for key, value in _walk(snapshot):
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float | Decimal):
            number = Decimal(str(value))
            facts.numbers.add(number)
            if key in MONEY_KEYS:
                facts.money.add(number)
        elif isinstance(value, str):
            for found in _IN_TEXT.findall(value.replace(",", "")):
                facts.numbers.add(Decimal(found))
            if re.match(r"\d{4}-\d{2}-\d{2}", value):
                _add_date(facts, value)
            for match in _DATE.finditer(value):
                _date_value(match, facts.months, facts.days, add=True)
            if key in {"facility", "facilities"}:
                facts.facilities.append(value.lower())
    return facts


def _date_value(
    match: re.Match[str],
    months: set[tuple[int, int]],
    days: set[dt.date],
    *,
    add: bool = False,
) -> str | None:
    """Check (or with ``add``, record) one date mention; returns a problem or None."""
    if match.group("iso"):
        try:
            day = dt.date.fromisoformat(match.group("iso"))
        except ValueError:
            return f"{match.group('iso')} is not a date"
        if add:
            days.add(day)
            months.add((day.year, day.month))
            return None
        return None if day in days else f"{match.group('iso')} is not a date of the snapshot"
    month_name = (match.group("month") or match.group("month2") or "").lower().rstrip(".")
    month = _MONTHS.get(month_name) or next(
        (i for name, i in _MONTHS.items() if name.startswith(month_name[:3])), 0
    )
    year = int(match.group("year")) if match.group("year") else None
    day_text = match.group("day") or match.group("day2")
    if add:
        if year and month:
            months.add((year, month))
        return None
    if day_text:
        candidates = [d for d in days if d.month == month and d.day == int(day_text)]
        if year is not None:
            candidates = [d for d in candidates if d.year == year]
        return None if candidates else f"{match.group(0)} is not a date of the snapshot"
    if year is not None and (year, month) not in months:
        return f"{match.group(0)} is not a month of the snapshot"
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _money_ok(value: Decimal, facts: Facts) -> bool:
    # The snapshot holds whole dollars: a figure with cents must round to one of them.
    return value in facts.money or value.quantize(Decimal("1")) in facts.money


def check_sentence(sentence: str, facts: Facts) -> list[Flag]:
    flags: list[Flag] = []
    spans: list[tuple[int, int]] = []
    for match in _DATE.finditer(sentence):
        spans.append(match.span())
        problem = _date_value(match, facts.months, facts.days)
        if problem:
            flags.append(error("ungrounded_date", problem, sentence))
    for match in _NUMBER.finditer(sentence):
        start = match.start()
        if any(a <= start < b for a, b in spans):
            continue
        before = sentence[start - 1] if start else ""
        # A number glued to a word is part of a name ("ICU2"); "3x12" still reads as 3 and 12.
        if before.isalpha() and not (
            before in "xX" and start >= 2 and sentence[start - 2].isdigit()
        ):
            continue
        value = _decimal(match.group("value"))
        if value is None:
            continue
        suffix = (match.group("suffix") or "").strip().lower()
        if suffix == "k":
            value *= 1000
        shown = match.group(0).strip()
        if match.group("dollar"):
            if not _money_ok(value, facts):
                flags.append(
                    error(
                        "ungrounded_pay", f"{shown} is not a pay figure of the snapshot", sentence
                    )
                )
        elif suffix == "%":
            if value not in facts.numbers:
                flags.append(
                    error("ungrounded_percentage", f"{shown} is not in the snapshot", sentence)
                )
        elif value not in facts.numbers:
            flags.append(error("ungrounded_number", f"{shown} is not in the snapshot", sentence))
    for match in _FACILITY.finditer(sentence):
        name = match.group(1).strip().lower()
        words = name.split()
        if len(words) < 2:
            continue
        if not any(name in known or known in name for known in facts.facilities):
            flags.append(
                error(
                    "unknown_facility",
                    f"'{match.group(1).strip()}' is not a facility of the snapshot",
                    sentence,
                )
            )
    return flags


def check_grounding(
    sentence_list: list[str], snapshot: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Flag]]:
    facts = facts_of(snapshot)
    flags = [flag for sentence in sentence_list for flag in check_sentence(sentence, facts)]
    numbers = sum(len(_NUMBER.findall(s)) for s in sentence_list)
    return {"figures": numbers, "ungrounded": len(flags)}, flags
