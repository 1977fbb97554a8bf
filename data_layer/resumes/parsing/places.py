"""US states as resumes name them ("Texas", "TX", "Tex.", "State of California") and
locations written "City, ST"; which states are in the Nurse Licensure Compact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from data_layer.master.catalog import states

__all__ = [
    "NON_COMPACT_STATES",
    "Location",
    "StateMention",
    "find_location",
    "find_states",
    "state_code_of",
]

NON_COMPACT_STATES = frozenset({"AK", "CA", "DC", "HI", "IL", "MI", "MN", "NV", "NY", "OR"})
"""Jurisdictions that have not joined the Nurse Licensure Compact (ncsbn.org, 2025): a
"multistate" license issued by one of them does not exist, so a resume saying so is
misread or mistaken. Kept to the clear non-members so a newly joined state is never
contradicted."""

# The Associated Press / Government Printing Office abbreviations people still write.
_TRADITIONAL: dict[str, str] = {
    "ala": "AL",
    "ariz": "AZ",
    "ark": "AR",
    "calif": "CA",
    "cal": "CA",
    "colo": "CO",
    "conn": "CT",
    "del": "DE",
    "fla": "FL",
    "ga": "GA",
    "ill": "IL",
    "ind": "IN",
    "kan": "KS",
    "kans": "KS",
    "ky": "KY",
    "la": "LA",
    "md": "MD",
    "mass": "MA",
    "mich": "MI",
    "minn": "MN",
    "miss": "MS",
    "mo": "MO",
    "mont": "MT",
    "neb": "NE",
    "nebr": "NE",
    "nev": "NV",
    "n h": "NH",
    "n j": "NJ",
    "n m": "NM",
    "n y": "NY",
    "n c": "NC",
    "n d": "ND",
    "okla": "OK",
    "ore": "OR",
    "oreg": "OR",
    "pa": "PA",
    "penn": "PA",
    "r i": "RI",
    "s c": "SC",
    "s d": "SD",
    "tenn": "TN",
    "tex": "TX",
    "vt": "VT",
    "va": "VA",
    "wash": "WA",
    "w va": "WV",
    "wis": "WI",
    "wisc": "WI",
    "wyo": "WY",
    "d c": "DC",
}

By = Literal["name", "abbreviation", "code"]


@dataclass(frozen=True, slots=True)
class StateMention:
    code: str
    start: int
    end: int
    text: str
    by: By


@cache
def _codes() -> frozenset[str]:
    return frozenset(s.code for s in states())


@cache
def _names() -> dict[str, str]:
    """Lowercase full names and the catalog's word synonyms -> USPS code."""
    names: dict[str, str] = {}
    for state in states():
        names[state.name.lower()] = state.code
        for synonym in state.synonyms:
            if len(synonym) > 3 and " " not in synonym[:2]:
                names[synonym.lower()] = state.code
    return names


@cache
def _name_pattern() -> re.Pattern[str]:
    names = sorted(_names(), key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?i)(?<![A-Za-z])(?:{body})(?![A-Za-z])")


@cache
def _abbreviation_pattern() -> re.Pattern[str]:
    # Written capitalised with a period ("Tex.", "N.Y."); "Calif"/"Penn" also without.
    parts: list[str] = []
    for key in sorted(_TRADITIONAL, key=len, reverse=True):
        if " " in key:
            letters = key.split()
            parts.append(r"\.\s?".join(c.upper() for c in letters) + r"\.")
        else:
            word = key[0].upper() + key[1:]
            parts.append(re.escape(word) + (r"\.?" if len(key) >= 4 else r"\."))
    return re.compile(rf"(?<![A-Za-z.])(?:{'|'.join(parts)})(?![A-Za-z])")


_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})(?![A-Za-z0-9])")
_DELIMITED = re.compile(r"[,|()\-/#:;]")


def _is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def _delimited(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return (not before or _DELIMITED.match(before[-1]) is not None or before.endswith(",")) or (
        not after or _DELIMITED.match(after[0]) is not None
    )


def find_states(text: str) -> list[StateMention]:
    """Every state named in ``text``, left to right, without overlaps.

    A two-letter code counts only in capitals; in an all-capitals line (where "IN", "OR",
    "ME" are words) only when a delimiter stands next to it ("TX | 884471", "(TX)").
    """
    found: list[StateMention] = []
    taken: list[tuple[int, int]] = []

    def add(code: str, start: int, end: int, by: By) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(StateMention(code=code, start=start, end=end, text=text[start:end], by=by))

    for match in _name_pattern().finditer(text):
        key = re.sub(r"\s+", " ", match.group().lower())
        add(_names()[key], match.start(), match.end(), "name")
    for match in _abbreviation_pattern().finditer(text):
        key = re.sub(r"[.\s]+", " ", match.group().lower()).strip()
        code = _TRADITIONAL.get(key)
        if code is not None:
            add(code, match.start(), match.end(), "abbreviation")
    upper = _is_upper_line(text)
    for match in _CODE.finditer(text):
        code = match.group(1)
        if code not in _codes():
            continue
        if upper and not _delimited(text, match.start(), match.end()):
            continue
        add(code, match.start(), match.end(), "code")
    return sorted(found, key=lambda m: m.start)


def state_code_of(text: str) -> str | None:
    """The state ``text`` is exactly (a name, abbreviation or code), else ``None``."""
    piece = text.strip()
    mentions = find_states(piece)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(piece):
        return mentions[0].code
    return None


_CITY = r"[A-Z][A-Za-z.'\-]*(?:\s+(?:[A-Z][A-Za-z.'\-]*|de|del|la|of|on|upon))*?"


@cache
def _location_pattern() -> re.Pattern[str]:
    names = "|".join(
        re.escape(s.name).replace(r"\ ", r"\s+")
        for s in sorted(states(), key=lambda s: -len(s.name))
    )
    codes = "|".join(sorted(_codes()))
    return re.compile(
        rf"(?<![A-Za-z])(?P<city>{_CITY}),\s*(?P<state>(?:{codes})(?![A-Za-z])|(?:{names})(?![A-Za-z]))"
        rf"(?:\s+(?P<zip>\d{{5}}(?:-\d{{4}})?))?"
    )


# Words of job titles: "Staff RN, OR" is a nurse of the operating room, not Oregon.
_NOT_CITY = frozenset(
    [
        "rn",
        "lpn",
        "lvn",
        "nurse",
        "staff",
        "charge",
        "travel",
        "tech",
        "technician",
        "technologist",
        "therapist",
        "assistant",
        "aide",
        "manager",
        "director",
        "supervisor",
        "icu",
        "unit",
        "department",
    ]
)


@dataclass(frozen=True, slots=True)
class Location:
    start: int
    end: int
    text: str
    city: str
    state: str


def find_location(text: str) -> Location | None:
    """The first "City, ST" (or "City, State", with an optional ZIP) in ``text``."""
    for match in _location_pattern().finditer(text):
        city = match.group("city")
        # "Memorial Hermann Houston, TX": only the words after the last separator.
        words = city.split()
        if len(words) > 4 or any(w.lower().strip(".") in _NOT_CITY for w in words):
            continue
        state = find_states(match.group("state"))
        if not state:
            continue
        return Location(
            start=match.start(),
            end=match.end(),
            text=match.group(),
            city=city,
            state=state[0].code,
        )
    return None
