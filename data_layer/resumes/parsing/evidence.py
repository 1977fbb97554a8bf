"""The evidence check: a value stays only if its snippet is in the text and says it.

Public through :mod:`data_layer.resumes.structure`; the LLM engine runs its output through
:func:`drop_unsupported`, so a value the model made up never reaches the database.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any, TypeVar

from data_layer.resumes.parsing import dates, places
from data_layer.resumes.parsing.experience import specialty_names_in
from data_layer.resumes.parsing.model import (
    Certification,
    ContactInfo,
    Education,
    Evidenced,
    Experience,
    License,
    ParsedResume,
    Part,
)
from data_layer.resumes.parsing.text import collapse, find_terms, normalize_words
from data_layer.resumes.parsing.vocab import (
    COMPACT_WORDS,
    SINGLE_STATE_WORDS,
    certification_index,
    license_type_index,
)

__all__ = ["drop_unsupported", "evidence_supported"]


_BULLETS = re.compile(r"[•·▪▫●◦○■□►▶➤✓✔]")


def _comparable(text: str) -> str:
    return collapse(_BULLETS.sub(" ", text))


def evidence_supported(value: str, text: str) -> bool:
    """Whether ``value`` (a snippet) occurs in ``text``.

    Compared without case, runs of spaces and line breaks, list bullets, or the
    typographic forms of dashes and quotes, which text extraction changes; nothing else
    is forgiven. An empty snippet supports nothing.
    """
    needle = _comparable(value)
    return bool(needle) and needle in _comparable(text)


def _says_text(value: str, evidence: str) -> bool:
    """Whether ``evidence`` holds the words of ``value`` in order (punctuation aside: an
    address may be written on two lines and given on one)."""
    said = f" {normalize_words(evidence)} "
    lines = [normalize_words(line) for line in value.splitlines()]
    return any(lines) and all(f" {line} " in said for line in lines if line)


def _says_phone(value: str, evidence: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return len(digits) >= 7 and digits in re.sub(r"\D", "", evidence)


def _says_date(value: datetime.date, evidence: str) -> bool:
    # The evidence's date, read with any two-digit year near the value's own century.
    today = datetime.date(value.year, 1, 1)
    return any(value in (m.first_day(), m.last_day()) for m in dates.find_dates(evidence, today))


def _says_state(value: str, evidence: str) -> bool:
    return any(m.code == value for m in places.find_states(evidence))


def _says_license_type(value: str, evidence: str) -> bool:
    if any(m.key == value for m in find_terms(evidence, license_type_index())):
        return True
    # "RN9312345": the number's own prefix names the type.
    return re.search(rf"(?<![A-Za-z]){re.escape(value)}\d", evidence) is not None


def _says_certification(value: str, evidence: str) -> bool:
    if any(m.key == value for m in find_terms(evidence, certification_index())):
        return True
    return _says_text(value, evidence)


# A table's compact column title and a row's answer in it: "Compact ... Yes".
_ANSWERED = re.compile(
    r"(?is)^\s*(?:compact|multi[\s-]?state|nlc)\b.*?(?<![\w])(?P<answer>yes|y|no|n|✓|✔|☑|✗|✘)\s*$"
)


def _says_flag(words: tuple[str, ...]) -> Any:
    def check(value: bool, evidence: str) -> bool:
        if answered := _ANSWERED.match(evidence):
            return value is (answered.group("answer").lower() in {"yes", "y", "✓", "✔", "☑"})
        said = normalize_words(evidence)
        wanted = words if value else SINGLE_STATE_WORDS
        return any(re.search(rf"\b{w}\b", said) for w in wanted)

    return check


def _says_current(value: bool, evidence: str) -> bool:
    said = normalize_words(evidence)
    return (
        value
        and re.search(r"\b(present|current|currently|date|now|today|ongoing|since)\b", said)
        is not None
    )


def _says_specialty(value: str, evidence: str) -> bool:
    return value in specialty_names_in(evidence)


_CHECKS: dict[str, Any] = {
    "phone": _says_phone,
    "start_date": _says_date,
    "end_date": _says_date,
    "date": _says_date,
    "expiration_date": _says_date,
    "state": _says_state,
    "compact": _says_flag(COMPACT_WORDS),
    "current": _says_current,
    "specialty": _says_specialty,
}


def _supported(part: str, name: str, found: Evidenced[Any], text: str) -> bool:
    if not evidence_supported(found.evidence, text):
        return False
    if part == "licenses" and name == "type":
        return _says_license_type(found.value, found.evidence)
    if part == "certifications" and name == "name":
        return _says_certification(found.value, found.evidence)
    check = _CHECKS.get(name, _says_text)
    return bool(check(found.value, found.evidence))


_P = TypeVar("_P", bound=Part)


def _kept(part: str, item: _P, text: str, names: tuple[str, ...]) -> _P | None:
    changes: dict[str, Any] = {}
    for name in names:
        found = getattr(item, name)
        if found is not None and not _supported(part, name, found, text):
            changes[name] = None
    if changes:
        item = dataclasses.replace(item, **changes)  # type: ignore[type-var]
    if all(getattr(item, n) is None for n in item.FIELDS):
        return None
    return item


def drop_unsupported(parsed: ParsedResume, text: str) -> ParsedResume:
    """``parsed`` without the values whose evidence is not in ``text`` or does not say them.

    Each value's evidence must occur in the text (:func:`evidence_supported`) and must
    itself say the value: a date the evidence writes, a state it names, a license type or
    certification it names, a string it contains. Entries left without any value go; a
    certification without its name goes.
    """
    contact = _kept("contact_info", parsed.contact_info, text, ContactInfo.FIELDS)
    licenses = (
        _kept("licenses", lic, text, (*License.FIELDS, "compact")) for lic in parsed.licenses
    )
    certs = (_kept("certifications", c, text, Certification.FIELDS) for c in parsed.certifications)
    experience = (
        _kept("experience", e, text, (*Experience.FIELDS, "specialty", "current"))
        for e in parsed.experience
    )
    education = (_kept("education", e, text, Education.FIELDS) for e in parsed.education)
    skills = (
        s
        for s in parsed.skills
        if evidence_supported(s.evidence, text) and _says_text(s.value, s.evidence)
    )
    return ParsedResume(
        contact_info=contact or ContactInfo(),
        licenses=tuple(lic for lic in licenses if lic is not None),
        certifications=tuple(c for c in certs if c is not None and c.name is not None),
        experience=tuple(e for e in experience if e is not None),
        education=tuple(e for e in education if e is not None),
        skills=tuple(skills),
    )
