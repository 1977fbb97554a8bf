"""The texts a parsed resume is embedded as: one structured summary and one per job held.

all-MiniLM-L6-v2 reads at most 256 word pieces and drops the rest, so a whole resume
would be embedded by its first half page (usually the contact block). Instead
:func:`resume_texts` builds, from ``parsed_resumes.structured_data`` and the parser's
``details`` (shapes in ``data_layer/resumes/structure.py``):

* ``summary`` - professions (from license types), license states and compact flag,
  specialties with years, certifications, the most recent titles, skills; kept under
  :data:`SUMMARY_MAX_CHARS` (about 200 word pieces), skills dropped first;
* ``experience:N`` - title, employer, place, dates, specialty and the start of the
  description of ``structured_data["experience"][N]``.

Pure functions: no database, no model. Only values present in the parsed data are
used; nothing is inferred beyond years counted from the entries' own dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from data_layer.master.catalog import find_certification, find_profession, find_state

__all__ = [
    "EXPERIENCE_MAX_CHARS",
    "SUMMARY_MAX_CHARS",
    "ResumeTexts",
    "experience_text",
    "resume_certifications",
    "resume_texts",
    "specialty_years",
    "summary_text",
]

SUMMARY_MAX_CHARS: Final = 900
"""English resume prose averages ~4.5 characters per word piece: 900 stays under 256."""

EXPERIENCE_MAX_CHARS: Final = 900
RECENT_TITLES: Final = 3
SUMMARY_PART: Final = "summary"


@dataclass(frozen=True, slots=True)
class ResumeTexts:
    """What to embed for one resume: ``parts`` (part name -> text) and its certifications."""

    parts: dict[str, str] = field(default_factory=dict)
    certifications: dict[str, str | None] = field(default_factory=dict)
    """Normalised certification name (upper case) -> ISO expiry date or ``None``."""


# ------------------------------------------------------------------ helpers
def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return list(value) if isinstance(value, list) else []


def _detail(details: Mapping[str, Any] | None, key: str, index: int) -> Mapping[str, Any]:
    items = _list(details or {}, key)
    item = items[index] if index < len(items) else None
    return item if isinstance(item, Mapping) else {}


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit * 0.6 else cut


def _years(months: int) -> str:
    years = round(months / 12 * 2) / 2  # half-year steps: "4.5 years"
    if years < 1:
        return "<1 year"
    return f"{years:g} year" + ("" if years == 1 else "s")


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)


# ----------------------------------------------------------- facts for summary
def _entry_end(
    entry: Mapping[str, Any], detail: Mapping[str, Any], today: datetime.date
) -> datetime.date | None:
    end = _date(entry.get("end_date"))
    if end is None and detail.get("current"):
        return today
    return end


def specialty_years(
    structured: Mapping[str, Any], details: Mapping[str, Any] | None, *, today: datetime.date
) -> dict[str, int]:
    """Specialty -> months worked in it, from experience entries with both ends known.

    Overlapping entries of one specialty count once (intervals merged); an entry
    marked current runs to ``today``; entries without a start or an end are left out
    rather than guessed.
    """
    spans: dict[str, list[tuple[datetime.date, datetime.date]]] = {}
    for i, entry in enumerate(_list(structured, "experience")):
        if not isinstance(entry, Mapping):
            continue
        detail = _detail(details, "experience", i)
        specialty = _clean(detail.get("specialty"))
        start = _date(entry.get("start_date"))
        end = _entry_end(entry, detail, today)
        if specialty and start is not None and end is not None and end >= start:
            spans.setdefault(specialty, []).append((start, end))
    months: dict[str, int] = {}
    for specialty, intervals in spans.items():
        total = 0
        current: tuple[datetime.date, datetime.date] | None = None
        for start, end in sorted(intervals):
            if current is None or start > current[1]:
                if current is not None:
                    total += _months_between(*current)
                current = (start, end)
            else:
                current = (current[0], max(current[1], end))
        if current is not None:
            total += _months_between(*current)
        months[specialty] = total
    return dict(sorted(months.items(), key=lambda item: (-item[1], item[0])))


def resume_certifications(structured: Mapping[str, Any]) -> dict[str, str | None]:
    """Certification name (master spelling, upper case) -> ISO expiry or ``None``.

    A certification listed twice keeps its latest expiry (a renewed card).
    """
    found: dict[str, str | None] = {}
    for cert in _list(structured, "certifications"):
        if not isinstance(cert, Mapping):
            continue
        raw = _clean(cert.get("name"))
        if not raw:
            continue
        info = find_certification(raw)
        name = (info.name if info is not None else raw).upper()
        expiry = _date(cert.get("expiration_date"))
        iso = expiry.isoformat() if expiry is not None else None
        if name in found:
            previous = found[name]
            # No expiry on either copy means "not known to expire": keep that.
            iso = None if previous is None or iso is None else max(previous, iso)
        found[name] = iso
    return found


def _professions(structured: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    for lic in _list(structured, "licenses"):
        if not isinstance(lic, Mapping):
            continue
        kind = _clean(lic.get("type"))
        if not kind:
            continue
        info = find_profession(kind)
        label = f"{info.name} ({kind})" if info is not None and info.name != kind else kind
        if label not in names:
            names.append(label)
    return names


def _licenses(structured: Mapping[str, Any], details: Mapping[str, Any] | None) -> list[str]:
    parts: list[str] = []
    for i, lic in enumerate(_list(structured, "licenses")):
        if not isinstance(lic, Mapping):
            continue
        kind = _clean(lic.get("type"))
        code = _clean(lic.get("state")).upper()
        state = find_state(code) if code else None
        place = state.name if state is not None else code
        compact = _detail(details, "licenses", i).get("compact") is True
        words = " ".join(w for w in (kind, "license", place) if w)
        if compact:
            words += " (multistate compact)"
        if words not in parts:
            parts.append(words)
    return parts


def _recent_titles(structured: Mapping[str, Any], details: Mapping[str, Any] | None) -> list[str]:
    dated: list[tuple[int, datetime.date, int, str]] = []
    for i, entry in enumerate(_list(structured, "experience")):
        if not isinstance(entry, Mapping):
            continue
        title = _clean(entry.get("title"))
        if not title:
            continue
        detail = _detail(details, "experience", i)
        current = 1 if detail.get("current") else 0
        when = _date(entry.get("end_date")) or _date(entry.get("start_date")) or datetime.date.min
        dated.append((current, when, -i, title))
    titles: list[str] = []
    for *_, title in sorted(dated, reverse=True):
        if title not in titles:
            titles.append(title)
        if len(titles) == RECENT_TITLES:
            break
    return titles


# ------------------------------------------------------------------ the texts
def summary_text(
    structured: Mapping[str, Any],
    details: Mapping[str, Any] | None = None,
    *,
    today: datetime.date,
    max_chars: int = SUMMARY_MAX_CHARS,
) -> str:
    """The structured summary of a resume (one fact per line, empty lines left out)."""
    lines: list[str] = []
    if professions := _professions(structured):
        lines.append("Profession: " + ", ".join(professions))
    if licenses := _licenses(structured, details):
        lines.append("Licenses: " + "; ".join(licenses))
    if months := specialty_years(structured, details, today=today):
        lines.append(
            "Specialties: " + ", ".join(f"{name} {_years(m)}" for name, m in months.items())
        )
    if certs := resume_certifications(structured):
        lines.append("Certifications: " + ", ".join(certs))
    if titles := _recent_titles(structured, details):
        lines.append("Recent titles: " + "; ".join(titles))
    head = "\n".join(lines)
    skills = [s for s in (_clean(x) for x in _list(structured, "skills")) if s]
    if skills:
        room = max_chars - len(head) - len("\nSkills: ")
        kept: list[str] = []
        for skill in skills:  # whole skills only, in the resume's order
            if len(", ".join([*kept, skill])) > room:
                break
            kept.append(skill)
        if kept:
            head = f"{head}\nSkills: {', '.join(kept)}" if head else f"Skills: {', '.join(kept)}"
    return _cut(head, max_chars)


def experience_text(
    entry: Mapping[str, Any],
    detail: Mapping[str, Any] | None = None,
    *,
    max_chars: int = EXPERIENCE_MAX_CHARS,
) -> str:
    """One experience entry: ``title at company, location (start to end)``, specialty, text."""
    detail = detail or {}
    title, company = _clean(entry.get("title")), _clean(entry.get("company"))
    head = " at ".join(part for part in (title, company) if part)
    if location := _clean(entry.get("location")):
        head = f"{head}, {location}" if head else location
    start = _clean(entry.get("start_date"))[:7]
    end = "present" if detail.get("current") else _clean(entry.get("end_date"))[:7]
    if start or end:
        head += f" ({start or '?'} to {end or '?'})"
    lines = [head.strip()] if head.strip() else []
    if specialty := _clean(detail.get("specialty")):
        lines.append(f"Specialty: {specialty}")
    if description := _clean(entry.get("description")):
        lines.append(description)
    return _cut("\n".join(lines), max_chars)


def resume_texts(
    structured: Mapping[str, Any],
    details: Mapping[str, Any] | None = None,
    *,
    today: datetime.date,
) -> ResumeTexts:
    """Every text to embed for a resume, keyed by ``part`` (``summary``, ``experience:N``).

    Empty texts are left out, so a resume with nothing readable yields no parts.
    """
    parts: dict[str, str] = {}
    if summary := summary_text(structured, details, today=today):
        parts[SUMMARY_PART] = summary
    experience: Sequence[Any] = _list(structured, "experience")
    for i, entry in enumerate(experience):
        if isinstance(entry, Mapping) and (
            text := experience_text(entry, _detail(details, "experience", i))
        ):
            parts[f"experience:{i}"] = text
    return ResumeTexts(parts=parts, certifications=resume_certifications(structured))
