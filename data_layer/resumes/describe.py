"""What a parsed resume says, in a few plain words for the candidate to confirm.

"RN license in Texas (compact) ending 4471, expires 2027-05-31; BLS and ACLS; 4 years
of ICU at Methodist Hospital". Only values the parser found are named; a license
number is shown by its last four characters (the chat is not the place for the whole).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["describe_resume", "has_findings"]


def _items(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _detail(details: Mapping[str, Any] | None, key: str, index: int) -> Mapping[str, Any]:
    items = (details or {}).get(key)
    if isinstance(items, list) and index < len(items) and isinstance(items[index], Mapping):
        return items[index]
    return {}


def has_findings(structured: Mapping[str, Any]) -> bool:
    """Whether the parse found anything a recruiter would use (not just a name)."""
    return bool(
        _items(structured, "licenses")
        or _items(structured, "certifications")
        or _items(structured, "experience")
        or _items(structured, "education")
    )


def _license(item: Mapping[str, Any], detail: Mapping[str, Any]) -> str:
    words = [str(item.get("type") or "Nursing")]
    words.append("license")
    if item.get("state"):
        words.append(f"in {item['state']}")
    if detail.get("compact") is True:
        words.append("(compact)")
    number = str(item.get("number") or "")
    if len(number) > 4:
        words.append(f"ending {number[-4:]}")
    elif number:
        words.append(number)
    if item.get("expiration_date"):
        words.append(f"expires {item['expiration_date']}")
    return " ".join(words)


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _months(start: str | None, end: str | None, today: dt.date) -> int:
    try:
        first = dt.date.fromisoformat(start) if start else None
        last = dt.date.fromisoformat(end) if end else today
    except ValueError:
        return 0
    if first is None or last < first:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _span(months: int) -> str:
    # Whole years, rounded down: a summary never claims more experience than was written.
    if months >= 24:
        return f"{months // 12} years"
    return "1 year" if months >= 12 else "under a year"


def _experience(
    structured: Mapping[str, Any], details: Mapping[str, Any] | None, today: dt.date
) -> list[str]:
    jobs = _items(structured, "experience")
    by_specialty: dict[str, int] = {}
    for i, job in enumerate(jobs):
        specialty = _detail(details, "experience", i).get("specialty")
        months = _months(job.get("start_date"), job.get("end_date"), today)
        if specialty and months:
            by_specialty[str(specialty)] = by_specialty.get(str(specialty), 0) + months
    parts = []
    for specialty, months in sorted(by_specialty.items(), key=lambda kv: -kv[1])[:3]:
        parts.append(f"{_span(months)} of {specialty}")
    latest = jobs[0] if jobs else None
    if latest and (latest.get("title") or latest.get("company")):
        at = " at ".join(str(v) for v in (latest.get("title"), latest.get("company")) if v)
        parts.append(f"most recently {at}")
    return parts


def describe_resume(
    structured: Mapping[str, Any],
    details: Mapping[str, Any] | None = None,
    *,
    today: dt.date | None = None,
) -> str:
    """One or two sentences naming what was found; empty when nothing was."""
    today = today or dt.date.today()
    pieces = [
        _license(item, _detail(details, "licenses", i))
        for i, item in enumerate(_items(structured, "licenses"))
    ]
    certs = [str(c["name"]) for c in _items(structured, "certifications") if c.get("name")]
    if certs:
        pieces.append(_join(list(dict.fromkeys(certs))))
    pieces.extend(_experience(structured, details, today))
    schools = _items(structured, "education")
    if schools and (schools[0].get("degree") or schools[0].get("institution")):
        first = schools[0]
        pieces.append(
            " from ".join(str(v) for v in (first.get("degree"), first.get("institution")) if v)
        )
    return "; ".join(pieces)
