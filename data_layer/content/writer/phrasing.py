"""Small, deterministic wording helpers shared by the writers.

Variety without randomness: each choice is picked by a hash of the page key and the
slot's name, so one page always reads the same (re-drafting unchanged facts gives the
same text) while a thousand city pages do not all open with the same sentence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import TypeVar
from urllib.parse import urlencode

_T = TypeVar("_T")

UNIT_WORD = {"week": "a week", "hour": "an hour"}
UNIT_SHORT = {"week": "/wk", "hour": "/hr"}


def pick(key: str, slot: str, options: Sequence[_T]) -> _T:
    digest = hashlib.blake2b(f"{key}|{slot}".encode(), digest_size=8).digest()
    return options[int.from_bytes(digest, "big") % len(options)]


def money(amount: int | float) -> str:
    return f"${amount:,.0f}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def day(iso: str | None) -> str | None:
    """``2026-12-01`` -> ``December 1, 2026`` (the form the grounding check reads back)."""
    if not iso:
        return None
    value = dt.date.fromisoformat(iso)
    return f"{value:%B} {value.day}, {value.year}"


def join(items: Sequence[str], last: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def top(counts: Mapping[str, int], n: int) -> list[tuple[str, int]]:
    return list(counts.items())[:n]


def search_url(**filters: str | None) -> str:
    """The career site's job search with these filters (what /jobs reads)."""
    query = {k: v for k, v in filters.items() if v}
    return "/jobs" + (f"?{urlencode(query)}" if query else "")


def job_url(job_id: str) -> str:
    return f"/jobs/{job_id}"


def fit(options: Sequence[str], low: int, high: int) -> str:
    """The first option whose length is within [low, high], else the one closest to it."""
    for option in options:
        if low <= len(option) <= high:
            return option
    return min(options, key=lambda o: min(abs(len(o) - low), abs(len(o) - high)))
