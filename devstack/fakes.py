"""Fake people and places of the dev stand-ins (the LaborEdge simulator and the demo data).

Everything is drawn from the caller's ``random.Random``, so a seed always gives the same
people, phones, addresses and facilities. Names come from ``names.json`` next to this
module (first, last and street names, all plain ASCII letters); places are the cities
of the master-data catalog.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from data_layer.master import catalog as md

__all__ = [
    "FACILITY_SUFFIXES",
    "FakePerson",
    "StaffMember",
    "WeightedChoice",
    "distinct_people",
    "facility_name",
    "fake_person",
    "fake_phone",
    "name_lists",
    "pick",
    "street_address",
]

NAMES_FILE = Path(__file__).with_name("names.json")
FACILITY_SUFFIXES = (
    "Regional Medical Center",
    "General Hospital",
    "Community Hospital",
    "Medical Center",
)
"""How a generated facility of a city is named: ``"<City> <suffix>"``."""

_T = TypeVar("_T")


@cache
def name_lists() -> dict[str, tuple[str, ...]]:
    """``first_names``, ``last_names``, ``street_names`` and ``street_suffixes``."""
    with NAMES_FILE.open(encoding="utf-8") as fh:
        raw: dict[str, list[str]] = json.load(fh)
    return {kind: tuple(names) for kind, names in raw.items()}


def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


@dataclass(frozen=True, slots=True)
class FakePerson:
    first: str
    last: str

    def email(self, domain: str, tag: str = "") -> str:
        """``first.last[.tag]@domain`` in lowercase; a tag keeps namesakes apart (``r3``)."""
        parts = [_letters(self.first), _letters(self.last)]
        if tag:
            parts.append(tag.lower())
        return f"{'.'.join(parts)}@{domain}"


@dataclass(frozen=True, slots=True)
class StaffMember:
    """An agency employee named on job records (sales rep, staffing specialist)."""

    id: int
    person: FakePerson
    email: str


def fake_person(rng: random.Random) -> FakePerson:
    names = name_lists()
    return FakePerson(rng.choice(names["first_names"]), rng.choice(names["last_names"]))


def distinct_people(rng: random.Random, count: int) -> tuple[FakePerson, ...]:
    """``count`` people with pairwise different names (a small staff list has no namesakes)."""
    seen: set[FakePerson] = set()
    people: list[FakePerson] = []
    while len(people) < count:
        person = fake_person(rng)
        if person not in seen:
            seen.add(person)
            people.append(person)
    return tuple(people)


def fake_phone(rng: random.Random) -> str:
    # 555-01xx numbers are reserved for fiction in every area code.
    return f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}"


def street_address(rng: random.Random) -> str:
    """``"<number> <street> <suffix>"``, e.g. ``"4127 Maple Avenue"``."""
    names = name_lists()
    number = rng.randint(100, 9899)
    return f"{number} {rng.choice(names['street_names'])} {rng.choice(names['street_suffixes'])}"


def pick(rng: random.Random, items: Sequence[_T]) -> _T:
    """``rng.choice`` in one C call (the demo data picks millions of times)."""
    return items[int(rng.random() * len(items))]


def facility_name(rng: random.Random, city: md.CityInfo, *, known_share: float = 1.0) -> str:
    """A hospital in ``city``: one of its real facilities, else ``"<City> <suffix>"``.

    Cities with several known facilities always use them; a city with one uses it with
    probability ``known_share`` (the demo mixes generic names in), one with none never.
    """
    known = city.facilities
    if len(known) >= 2 or (known and (known_share >= 1.0 or rng.random() < known_share)):
        return pick(rng, known)
    return f"{city.name} {pick(rng, FACILITY_SUFFIXES)}"


@dataclass(frozen=True, slots=True)
class WeightedChoice(Generic[_T]):
    """A weighted population with precomputed cumulative weights (faster than ``choices``)."""

    items: tuple[_T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[_T, float]]) -> WeightedChoice[_T]:
        items, weights = zip(*pairs, strict=True)
        return cls(tuple(items), tuple(itertools.accumulate(weights)))

    def pick(self, rng: random.Random) -> _T:
        cumulative = self.cumulative
        return self.items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
