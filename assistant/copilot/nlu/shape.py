"""The shape of the answer a question wants: one number, a breakdown, a ranking or a list.

* Breakdowns: "by status", "per state", "broken down by specialty", "for each job", "each
  week", "weekly", "month over month", "status breakdown", "over time" (weeks for a short
  period, else months), and up to two at once ("by state and specialty").
* Rankings: "which state has the most", "top 5 jobs", "fewest", "lowest" - a breakdown
  ordered by the number, cut to the top one when a single thing is asked for.
* Lists: "who", "which candidates", "list", "show me the names", "what are" - the rows
  themselves; "how many", "number of", "count", "total" ask for the number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from assistant.copilot.nlu.periods import parse_number

__all__ = ["DIMENSION_WORDS", "Shape", "read_shape"]

DIMENSION_WORDS: Final[Mapping[str, str]] = {
    r"statuse?s?|stages?|steps?|phases?": "status",
    r"jobs?(?!\s+types?)|positions?|reqs?|postings?|openings?|job orders?|requisitions?": "job",
    r"specialt(?:y|ies)|specialit(?:y|ies)|units?|departments?|depts?": "specialty",
    r"professions?|disciplines?|license types?|occupations?|credentials?": "profession",
    r"states?|locations?|regions?|geograph(?:y|ies)|geos?|markets?": "state",
    r"referral sources?|lead sources?|candidate sources?": "referral_source",
    r"sources?|channels?|application sources?": "source",
    r"recruiters?|reps?|desks?|team members?|teammates?|people on (?:the|my|our) team": "recruiter",
    r"share links?|links?|shares|shared links?|urls?": "share_link",
    r"candidates?|nurses?|clinicians?|people|persons?|travell?ers?|applicants?": "candidate",
    r"certifications?|certs?|certificates?": "certification",
    r"days?|dates?|daily": "day",
    r"weeks?|weekly": "week",
    r"months?|monthly": "month",
}
"""Words naming a dimension of :data:`~data_layer.recruiting.metrics.DIMENSIONS`."""

_DIM_ALT = "|".join(f"(?:{p})" for p in DIMENSION_WORDS)
_DIM_RXS: Final = tuple((re.compile(rf"^(?:{p})$"), dim) for p, dim in DIMENSION_WORDS.items())

_BY = (
    r"(?:by|per|for each|for every|each|every|across|in each|split by|split out by|split up by|"
    r"grouped by|group by|group it by|broken down by|broken out by|break(?:ing)? (?:it |that |this "
    r"|them )?(?:down|out) by|breakdown by|breakdown per|breakdown of|sorted by|sort by|"
    r"according to|organized by|bucketed by)"
)
_GROUP_RX = re.compile(
    rf"\b{_BY}\s+(?:of\s+)?(?:the\s+|their\s+|its\s+|my\s+|our\s+|each\s+)?"
    rf"(?:(?:jobs?|facility|client|candidates?|home|licen[cs]e|primary)s?\s+)?(?P<d1>{_DIM_ALT})"
    rf"(?:\s*(?:,|and|then|&|plus|/|x)\s*(?:by\s+|per\s+|the\s+)?(?P<d2>{_DIM_ALT}))?\b"
)
_UNSUPPORTED_BY_RX = re.compile(
    rf"\b{_BY}\s+(?:the\s+|their\s+|its\s+|my\s+|our\s+|each\s+)?"
    r"(?P<what>job types?|types? of jobs?|contract types?|employment types?|facilit(?:y|ies)|"
    r"clients?|hospitals?|health systems?|"
    r"accounts?|cit(?:y|ies)|count(?:y|ies)|zip(?: codes?)?|shifts?|pay(?: rates?)?|"
    r"bill rates?|years? of experience|experience)\b"
)
"""A breakdown the metrics have no dimension for: said so, never another one instead."""
_DIM_BREAKDOWN_RX = re.compile(
    rf"\b(?P<d1>{_DIM_ALT})\s+(?:breakdown|split|mix|distribution|totals|counts|by count)\b"
)
_ADVERB_RX = re.compile(
    r"\b(?P<adv>daily|weekly|monthly|day by day|week by week|month by month|week over week|"
    r"month over month|day over day|wow|mom|each day|every day|each week|every week|each month|"
    r"every month)\b"
)
_TREND_RX = re.compile(r"\b(?:trend(?:s|ing|line)?|over time|time series|history|timeline)\b")
_WHICH_RX = re.compile(
    rf"\b(?:which|what|whose)\s+(?:(?:of\s+)?(?:my|our|the)\s+)?"
    rf"(?:(?P<d1>{_DIM_ALT})|\w+\s+(?P<d1b>{_DIM_ALT}))\b"
)
_TOP_N = r"(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty)"
_TOP_WORD = r"(?P<dir>top|bottom|best|worst|biggest|smallest|largest|leading)"
_TOP_DIM_RX = re.compile(
    rf"\b{_TOP_WORD}\s+(?:{_TOP_N}\s+)?(?:(?P<d1>{_DIM_ALT})|\w+\s+(?P<d1b>{_DIM_ALT}))\b"
)
_TOP_RX = re.compile(rf"\b{_TOP_WORD}\s+{_TOP_N}\b")
_DIM_WITH_MOST_RX = re.compile(
    rf"\b(?P<d1>{_DIM_ALT})\s+(?:with|that (?:has|had|have|got|gets|brought|made)|which (?:has|had|"
    r"have|got)|having|has|had|got|gets|brought|made)\s+(?:the\s+)?(?:most|highest|biggest|"
    r"largest|greatest|fewest|least|lowest|smallest)\b"
)
"""'the state with the fewest placements': a ranking of states."""
_RANK_RX = re.compile(
    rf"\b(?:rank|ranking|rank order|sort|order|compare)\s+(?:the\s+|my\s+|our\s+|all\s+)?"
    rf"(?P<d1>{_DIM_ALT})\b"
)
"""'rank specialties by interviews': a ranking of specialties, most first."""
_MOST_RX = re.compile(
    r"\b(?:the\s+)?(?P<dir>most|highest|biggest|largest|greatest|best|top|max(?:imum)?|fewest|"
    r"least|lowest|smallest|worst|min(?:imum)?|slowest|fastest|busiest|quietest)\b"
)
_COUNT_RX = re.compile(
    r"\b(?:how many|how much|number of|no of|count|counts|total|totals|tally|sum|in all|"
    r"altogether|combined|whats the number|what number|how big)\b"
)
_LIST_RX = re.compile(
    r"^(?:who|whom)\b|\bwho(?:s| is| are| has| have| had| was| were| did| do| got| gets| hasnt|"
    r" havent| still|se)\b|\blist(?:ing|s)?\b|\bnames?\b|\broster\b|\bshow\b|"
    r"\bgive me (?:the |a |all )?(?:list|names|rows|details)|"
    r"\bwhat (?:are|were) (?:my|our|the|those|they|all)\b|\b(?:pull|bring) up\b|"
    r"\bdetails\b|\bwhich (?:of (?:my|our|the|your|those|these) )?(?:\w+ ){0,2}?"
    r"(?:ones|candidates|nurses|people|clinicians|jobs|positions|"
    r"licenses|certifications|certs|handoffs|chats|conversations|referrals|applications|"
    r"placements|links|share links|travelers)\b|\bwhat (?:candidates|jobs|licenses|"
    r"certifications|handoffs|referrals|placements|applications)\b|\bsee (?:them|those|the "
    r"(?:candidates|jobs|list|rows))\b|\bthe (?:actual )?(?:candidates|people|rows)\b"
)
_TOTAL_ONLY_RX = re.compile(
    r"\b(?:no breakdown|without (?:the |a )?breakdown|just the (?:total|number|count)|"
    r"(?:the |in )?total only|only the total|overall number|grand total|all together|"
    r"not broken down|remove the breakdown|drop the breakdown|ungroup(?:ed)?)\b"
)

_DESC_WORDS: Final = frozenset(
    {"most", "highest", "biggest", "largest", "greatest", "best", "top", "max", "maximum",
     "slowest", "busiest", "leading"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Shape:
    dims: tuple[str, ...] = ()
    """Dimensions to group by, at most two, in the order named."""
    order: Literal["desc", "asc"] | None = None
    limit: int | None = None
    wants_list: bool = False
    wants_count: bool = False
    trend: bool = False
    """"Over time"/"trend": a time breakdown whose grain the period decides."""
    total_only: bool = False
    """"No breakdown", "just the total": drop the grouping of a previous question."""
    also: bool = False
    """"Also by month": add a breakdown to the previous one instead of replacing it."""
    singular_pick: bool = False
    """"Which state has the most": one winner asked for."""
    unsupported_dims: tuple[str, ...] = ()
    """Breakdowns asked for that no metric has ("by facility", "by job type")."""


def _dim(word: str) -> str | None:
    for rx, dim in _DIM_RXS:
        if rx.match(word):
            return dim
    return None


def _add(dims: list[str], dim: str | None) -> None:
    if dim is not None and dim not in dims and len(dims) < 2:
        dims.append(dim)


def _is_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("status", "ss"))


def read_shape(norm: str) -> Shape:
    """The answer's shape ``norm`` (normalized words) asks for."""
    dims: list[str] = []
    for m in _GROUP_RX.finditer(norm):
        _add(dims, _dim(m.group("d1")))
        if m.group("d2"):
            _add(dims, _dim(m.group("d2")))
    for m in _DIM_BREAKDOWN_RX.finditer(norm):
        _add(dims, _dim(m.group("d1")))
    for m in _ADVERB_RX.finditer(norm):
        adv = m.group("adv")
        unit = (
            "day"
            if "day" in adv or adv == "daily"
            else "week"
            if "week" in adv or adv == "wow"
            else "month"
        )
        _add(dims, unit)

    order: Literal["desc", "asc"] | None = None
    limit: int | None = None
    singular_pick = False
    top = _TOP_DIM_RX.search(norm) or _TOP_RX.search(norm)
    most = _MOST_RX.search(norm)
    if top:
        order = "asc" if top.group("dir") in ("bottom", "worst", "smallest") else "desc"
        if top.group("n"):
            limit = parse_number(top.group("n"))
        named = top.groupdict().get("d1") or top.groupdict().get("d1b")
        if named:
            _add(dims, _dim(named))
            # "the top recruiter": one winner; "top recruiters": the ranking
            singular_pick = limit is None and not _is_plural(named)
    elif most:
        word = most.group("dir")
        order = "desc" if word in _DESC_WORDS else "asc"
        if word == "fastest":
            order = "asc"
    with_most = _DIM_WITH_MOST_RX.search(norm)
    if with_most and order is not None and _dim(with_most.group("d1")) not in dims:
        _add(dims, _dim(with_most.group("d1")))
        singular_pick = not _is_plural(with_most.group("d1")) and limit is None
    rank = _RANK_RX.search(norm)
    if rank and _dim(rank.group("d1")) not in (None, "day", "week", "month"):
        _add(dims, _dim(rank.group("d1")))
        order = order or "desc"
    which = _WHICH_RX.search(norm)
    if which and order is not None:
        word = which.group("d1") or which.group("d1b")
        dim = _dim(word)
        if dim is not None and dim not in dims:
            _add(dims, dim)
            singular_pick = not _is_plural(word) and limit is None
    elif which and not dims:
        dim = _dim(which.group("d1") or which.group("d1b"))
        # "which states have open ICU jobs": a breakdown; "which candidates...": a list
        if dim in ("state", "specialty", "profession", "source", "referral_source", "recruiter",
                   "status", "share_link"):  # fmt: skip
            _add(dims, dim)
    if (
        order is not None
        and not dims
        and re.search(
            r"\b(?:which|what) one\b|\bwho(?:s| is)? (?:the )?(?:top|highest|most|best)\b", norm
        )
    ):
        singular_pick = True  # "which one is highest": the winner of the breakdown at hand
    if singular_pick:
        limit = 1

    wants_count = bool(_COUNT_RX.search(norm))
    wants_list = bool(_LIST_RX.search(norm)) and not wants_count
    if dims and wants_list and not re.search(r"\b(?:who|names?|list)\b", norm):
        wants_list = False  # "show me applications by status" is a breakdown
    return Shape(
        dims=tuple(dims),
        order=order,
        limit=limit,
        wants_list=wants_list,
        wants_count=wants_count,
        trend=bool(_TREND_RX.search(norm)) and not any(d in ("day", "week", "month") for d in dims),
        total_only=bool(_TOTAL_ONLY_RX.search(norm)),
        also=bool(re.search(r"\b(?:also|too|as well|additionally)\b", norm)),
        singular_pick=singular_pick,
        unsupported_dims=tuple(m.group("what") for m in _UNSUPPORTED_BY_RX.finditer(norm)),
    )
