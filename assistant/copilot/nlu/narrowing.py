"""The narrowing filters beyond place and specialty: pay ("paying over $2,500 a week",
"under $60/hr"), shift ("night shift", "nocs"), a certification held ("with ACLS") and a
source ("from referrals", "sourced from the website").

Pay is read here, before periods: "$2000 a week" is an amount, not the year 2000. Each
filter found becomes a field of :class:`~data_layer.recruiting.metrics.query.MetricFilters`
when the metric allows it; one it does not allow is dropped with a note (never silently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from assistant.copilot.nlu.grounding import Grounding
from assistant.copilot.nlu.sources import find_source
from data_layer.recruiting.semantic import METRICS

__all__ = ["Pay", "filter_fields", "read_pay"]

_AMOUNT: Final = r"\$?\s?(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?P<k>k\b)?"
_PER: Final = (
    r"\s*(?:/|a|an|per|each|every)?\s*(?P<per>weeks?|wk|wkly|weekly|hours?|hrs?|hourly|hr)\b"
)
_ABOVE: Final = (
    r"(?:over|above|more than|greater than|at least|min(?:imum)?(?: of)?|from|starting at|"
    r"paying|pays|pay|>=?|\+)"
)
_BELOW: Final = r"(?:under|below|less than|lower than|at most|max(?:imum)?(?: of)?|up to|<=?)"
_PAY_RX: Final = re.compile(
    rf"\b(?:(?P<dir>{_ABOVE}|{_BELOW})\s+)?(?:paying\s+|pays\s+)?{_AMOUNT}(?P<plus>\+)?{_PER}",
    re.IGNORECASE,
)
_BELOW_RX: Final = re.compile(rf"^{_BELOW}$", re.IGNORECASE)


_SHIFT_SAID_RX: Final = re.compile(
    r"\b(?:shifts?|nights?|nites?|nocs?|overnights?|graveyard|evenings?|pms|mids|swing|"
    r"rotating|weekends?|(?:days?|7a|8a) (?:jobs?|positions?|openings?|only|roles?|gigs?))\b"
)
"""A shift said as one: "in days" (a unit of time) or "10 days" is no day shift."""


@dataclass(frozen=True, slots=True)
class Pay:
    min_weekly_pay: float | None = None
    max_weekly_pay: float | None = None
    min_hourly_pay: float | None = None
    max_hourly_pay: float | None = None
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.spans)

    def fields(self) -> dict[str, float]:
        names = ("min_weekly_pay", "max_weekly_pay", "min_hourly_pay", "max_hourly_pay")
        return {n: v for n in names if (v := getattr(self, n)) is not None}


def read_pay(low: str) -> Pay:
    """Pay bounds said in ``low`` (the lower-cased question) and where they were said."""
    found: dict[str, float] = {}
    spans: list[tuple[int, int]] = []
    for m in _PAY_RX.finditer(low):
        said = m.group("dir")
        if said is None and not re.search(r"\$", m.group(0)) and not m.group("plus"):
            continue  # "3 weeks", "12 hours": a length, not pay
        amount = float(m.group("n").replace(",", "")) * (1000 if m.group("k") else 1)
        hourly = m.group("per").startswith(("h", "hr"))
        below = bool(said and _BELOW_RX.match(said.strip()))
        key = f"{'max' if below else 'min'}_{'hourly' if hourly else 'weekly'}_pay"
        found[key] = amount
        spans.append((m.start(), m.end()))
    return Pay(**found, spans=tuple(spans))


def filter_fields(
    metric: str, grounding: Grounding, pay: Pay, norm_rest: str
) -> tuple[dict[str, Any], list[str]]:
    """The new filters the question names that ``metric`` allows, and notes on the rest."""
    allowed = METRICS[metric].filters if metric in METRICS else ()
    fields: dict[str, Any] = {}
    dropped: list[str] = []
    if grounding.shift and _SHIFT_SAID_RX.search(norm_rest):
        if "shift" in allowed:
            fields["shift"] = grounding.shift
        else:
            dropped.append(f"the shift ({grounding.shift.lower()})")
    pay_fields = pay.fields()
    if not pay.given and grounding.min_weekly_pay is not None:
        pay_fields = {"min_weekly_pay": grounding.min_weekly_pay}
    elif not pay.given and grounding.min_hourly_pay is not None:
        pay_fields = {"min_hourly_pay": grounding.min_hourly_pay}
    if pay_fields:
        if "pay" in allowed:
            fields.update(pay_fields)
        else:
            dropped.append("pay")
    if grounding.certifications:
        if "certification" in allowed and len(grounding.certifications) == 1:
            fields["certification"] = grounding.certifications[0]
        elif grounding.certifications:
            dropped.append(", ".join(grounding.certifications))
    source = find_source(norm_rest, metric)
    if source is not None:
        dim, labels, _ = source
        if dim in allowed:
            fields[dim] = labels[0]
    return fields, dropped
