"""Pay: "over $2,500/wk", "3k+", "60 an hour", "at least 3000 weekly".

An amount with ``$``, ``k``, a unit ("/wk", "an hour", "weekly"), a "+" or a comparator
("over", "at least") is a *minimum*. Without a unit, "k" amounts and amounts of 250 or more
are weekly, smaller ones hourly. Maximums ("under $2k") and annual or monthly amounts are
recognized (so their numbers are not misread as something else) but are not filters.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["MinimumPay", "parse_pay"]


class MinimumPay(NamedTuple):
    weekly: float | None
    hourly: float | None
    spans: list[tuple[int, int]]
    """Every pay expression read, filters or not (to blank them out)."""


_PAY_RX = re.compile(
    r"(?P<cmp>\b(?:over|above|more than|greater than|higher than|at least|atleast|"
    r"min(?:imum)?(?: of)?|no less than|not less than|starting at|upwards of|north of|from|"
    r"paying|pays|pay(?: of)?|making|make|earn(?:ing)?|under|below|less than|up to|"
    r"max(?:imum)?(?: of)?|at most|no more than|between)\s*|[><]=?\s*)?"
    r"(?P<cur>\$\s*)?(?<![\w.,/#])(?P<n1>\d+(?:\.\d+)?)\s*(?P<k1>k\b|k(?=[+/])|grand\b|thousand\b)?"
    r"(?:\s*(?:-|–|to)\s*\$?\s*(?P<n2>\d+(?:\.\d+)?)\s*(?P<k2>k\b|k(?=[+/])|grand\b|thousand\b)?)?"
    r"(?P<plus>\s*\+|\s+(?:or more|or higher|or above|and up|plus)\b)?"
    r"(?P<unit>\s*(?P<conn>/|\bper\b|\ban?\b|\beach\b)?\s*"
    r"(?P<u>weekly|wkly|week|wk|hourly|hrly|hour|hr|h|annually|annual|yearly|year|yr|"
    r"salary|monthly|month|mo)s?\b)?"
)
_MIN_COMPARATORS = frozenset(
    {
        "over", "above", "more than", "greater than", "higher than", "at least", "atleast",
        "min", "minimum", "min of", "minimum of", "no less than", "not less than",
        "starting at", "upwards of", "north of", "from", "paying", "pays", "pay", "pay of",
        "making", "make", "earn", "earning", ">", ">=", "between",
    }
)  # fmt: skip
_MAX_COMPARATORS = frozenset(
    {
        "under", "below", "less than", "up to", "max", "maximum", "max of", "maximum of",
        "at most", "no more than", "<", "<=",
    }
)  # fmt: skip
_NON_PAY_NEXT = re.compile(
    r"^\s*(?:x\b|x\d|s\b|st\b|nd\b|rd\b|th\b|%|hours?\b|hrs?\b|weeks?\b|days?\b|months?\b|"
    r"years?\b|yrs?\b|shifts?\b|miles?\b|mi\b|beds?\b|patients?\b|am\b|pm\b|a\.m|p\.m|"
    r"jobs?\b|positions?\b|results?\b|openings?\b|of\b|level\b|trauma\b)"
)
_ORDINAL_BEFORE = re.compile(r"(?:#|\b(?:number|no|num|level|lvl|top|job|option|result)\s*)$")


def parse_pay(low: str) -> MinimumPay:
    """The first weekly and hourly minimums in ``low``."""
    weekly: float | None = None
    hourly: float | None = None
    spans: list[tuple[int, int]] = []
    for m in _PAY_RX.finditer(low):
        cmp = re.sub(r"\s+", " ", (m.group("cmp") or "").strip())
        cur, k1, k2, n2 = m.group("cur"), m.group("k1"), m.group("k2"), m.group("n2")
        unit, conn, plus = m.group("u"), m.group("conn"), m.group("plus")
        if (
            unit
            and not conn
            and unit not in ("weekly", "wkly", "hourly", "hrly")
            and not (cur or k1 or unit in ("annually", "annual", "yearly", "salary", "monthly"))
        ):
            unit = None  # "12 hour shifts", "13 weeks": a count, not a rate
        tail = low[m.start("unit") :] if m.group("unit") and unit is None else low[m.end() :]
        if unit is None and _NON_PAY_NEXT.match(tail):
            continue
        if _ORDINAL_BEFORE.search(low[max(0, m.start("n1") - 12) : m.start("n1")]):
            continue
        start = m.start("cmp") if cmp else (m.start("cur") if cur else m.start("n1"))
        if not (cur or k1 or k2 or unit or plus or cmp):
            continue
        end = m.start("unit") if unit is None and m.group("unit") else m.end()
        value = float(m.group("n1"))
        if k1 or (k2 and n2 and float(m.group("n1")) < 100):
            value *= 1000
        if cmp in _MAX_COMPARATORS:
            spans.append((start, end))
            continue
        if cmp and cmp not in _MIN_COMPARATORS and not (cur or k1 or unit or plus):
            continue
        kind: str | None
        if unit in ("weekly", "wkly", "week", "wk"):
            kind = "week"
        elif unit in ("hourly", "hrly", "hour", "hr", "h"):
            kind = "hour"
        elif unit is not None:
            kind = None  # annual / monthly: recognized, not a filter
        elif value >= 30000:
            kind = None
        elif value >= 250 or k1:
            kind = "week"
        elif value >= 10:
            kind = "hour"
        else:
            continue
        spans.append((start, end))
        if kind == "week" and weekly is None and 100 <= value <= 50000:
            weekly = value
        elif kind == "hour" and hourly is None and 5 <= value <= 1000:
            hourly = value
    return MinimumPay(weekly, hourly, spans)
