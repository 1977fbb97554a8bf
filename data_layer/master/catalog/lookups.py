"""Resolving what people say to master-data records: term indexes and ``find_*``.

Every lookup goes through :func:`~.terms.normalize_term`. Indexes are built on first use
and raise when one term would name two records of a vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TypeVar

from data_layer.master.catalog.records import (
    CertificationInfo,
    CityInfo,
    CountryInfo,
    ProfessionInfo,
    ShiftInfo,
    ShiftTerm,
    SpecialtyInfo,
    StateInfo,
    certifications,
    cities,
    countries,
    professions,
    shift_terms,
    shifts,
    specialties_by_profession,
    states,
    states_by_code,
)
from data_layer.master.catalog.terms import city_term, normalize_term

__all__ = [
    "ambiguous_terms",
    "cities_in_state",
    "cities_named",
    "find_certification",
    "find_city",
    "find_country",
    "find_profession",
    "find_shift",
    "find_shift_term",
    "find_specialties",
    "find_specialty",
    "find_state",
    "match_shifts",
]

_T = TypeVar("_T")


# ---------------------------------------------------------------------------- indexes


def _unique_index(items: Iterable[tuple[str, _T]], what: str) -> dict[str, _T]:
    index: dict[str, _T] = {}
    for term, item in items:
        known = index.get(term)
        if known is not None and known != item:
            msg = f"{what} term {term!r} names two records: {known!r} and {item!r}"
            raise ValueError(msg)
        index[term] = item
    return index


@cache
def _profession_terms() -> dict[str, ProfessionInfo]:
    return _unique_index(((t, p) for p in professions() for t in p.terms), "profession")


@cache
def _specialty_terms() -> dict[int, dict[str, SpecialtyInfo]]:
    return {
        prof: _unique_index(
            ((t, s) for s in specs for t in s.terms), f"specialty (profession {prof})"
        )
        for prof, specs in specialties_by_profession().items()
    }


@cache
def _state_terms() -> dict[str, StateInfo]:
    return _unique_index(((t, s) for s in states() for t in s.terms), "state")


@cache
def _country_terms() -> dict[str, CountryInfo]:
    return _unique_index(((t, c) for c in countries() for t in c.terms), "country")


@cache
def _certification_terms() -> dict[str, CertificationInfo]:
    return _unique_index(((t, c) for c in certifications() for t in c.terms), "certification")


@cache
def _shift_terms_index() -> dict[str, ShiftInfo]:
    return _unique_index(((t, s) for s in shifts() for t in s.terms), "shift")


@cache
def _shift_facets() -> dict[str, ShiftTerm]:
    return _unique_index(((t.term, t) for t in shift_terms()), "shift term")


@cache
def _cities_by_state() -> dict[str, tuple[CityInfo, ...]]:
    grouped: dict[str, list[CityInfo]] = {}
    for city in cities():
        grouped.setdefault(city.state_code, []).append(city)
    return {k: tuple(v) for k, v in grouped.items()}


@cache
def _cities_by_name() -> dict[str, tuple[CityInfo, ...]]:
    grouped: dict[str, list[CityInfo]] = {}
    for city in cities():
        grouped.setdefault(city_term(city.name), []).append(city)
    return {k: tuple(v) for k, v in grouped.items()}


# ---------------------------------------------------------------------------- lookups


def find_profession(text: str) -> ProfessionInfo | None:
    """The profession named by ``text`` (name, abbreviation or synonym), else ``None``."""
    return _profession_terms().get(normalize_term(text))


def find_specialty(text: str, profession_external_id: int | None = None) -> SpecialtyInfo | None:
    """The specialty named by ``text``.

    With a profession, only its specialties are searched. Without one, the match of the
    Registered Nurse profession wins (the agency's main line), then the lowest profession id.
    """
    term = normalize_term(text)
    index = _specialty_terms()
    if profession_external_id is not None:
        return index.get(profession_external_id, {}).get(term)
    found = find_specialties(text)
    return found[0] if found else None


def find_specialties(text: str) -> tuple[SpecialtyInfo, ...]:
    """Every specialty named by ``text``, across professions (RN first, then by id)."""
    term = normalize_term(text)
    rn = _profession_terms()["rn"].external_id
    matches = [specs[term] for specs in _specialty_terms().values() if term in specs]
    return tuple(
        sorted(matches, key=lambda s: (s.profession_external_id != rn, s.profession_external_id))
    )


def find_state(text: str) -> StateInfo | None:
    """The state named by ``text``: its name, a synonym, or its USPS code."""
    term = normalize_term(text)
    found = _state_terms().get(term)
    if found is None and len(term) == 2:
        found = states_by_code().get(term.upper())
    return found


def find_country(text: str) -> CountryInfo | None:
    return _country_terms().get(normalize_term(text))


def find_certification(text: str) -> CertificationInfo | None:
    return _certification_terms().get(normalize_term(text))


def cities_in_state(state_code: str) -> tuple[CityInfo, ...]:
    return _cities_by_state().get(state_code.upper(), ())


def cities_named(name: str) -> tuple[CityInfo, ...]:
    """Every known city with this name (``"Springfield"`` is in IL, MA and MO)."""
    return _cities_by_name().get(city_term(name), ())


def find_city(name: str, state_code: str | None = None) -> CityInfo | None:
    """The city ``name`` in ``state_code``; without a state, the largest city of that name."""
    found = cities_named(name)
    if state_code is not None:
        code = state_code.upper()
        found = tuple(c for c in found if c.state_code == code)
    if not found:
        return None
    order: dict[str, int] = {"major": 0, "large": 1, "mid": 2, "small": 3}
    return min(found, key=lambda c: order[c.size])


def find_shift(text: str) -> ShiftInfo | None:
    """The concrete shift named by ``text`` (``"7p-7a"``, ``"nights 3x12"``, ``"rotating"``)."""
    return _shift_terms_index().get(normalize_term(text))


def find_shift_term(text: str) -> ShiftTerm | None:
    """The shift facet named by ``text`` (``"nights"``, ``"noc"``, ``"12s"``, ``"3x12"``)."""
    return _shift_facets().get(normalize_term(text))


def match_shifts(
    *,
    time_of_day: str | None = None,
    hours_per_shift: float | None = None,
    shifts_per_week: int | None = None,
    weekly_hours: float | None = None,
) -> tuple[ShiftInfo, ...]:
    """The shifts compatible with the given facets (e.g. from several :class:`ShiftTerm`)."""
    return tuple(
        s
        for s in shifts()
        if (time_of_day is None or s.time_of_day == time_of_day)
        and (hours_per_shift is None or s.hours_per_shift == hours_per_shift)
        and (shifts_per_week is None or s.shifts_per_week == shifts_per_week)
        and (weekly_hours is None or s.scheduled_hours == weekly_hours)
    )


@cache
def ambiguous_terms() -> dict[str, tuple[str, ...]]:
    """Terms that name records in more than one vocabulary, with those vocabularies.

    E.g. ``"or"`` is the OR specialty and Oregon's code, ``"pa"`` the Physician Assistant
    profession and Pennsylvania's code, ``"ct"`` the CT Technologist and Connecticut.
    A parser should resolve these from context.
    """
    vocabularies: dict[str, set[str]] = {
        "profession": set(_profession_terms()),
        "specialty": {t for specs in _specialty_terms().values() for t in specs},
        "state": set(_state_terms()) | {s.code.lower() for s in states()},
        "country": set(_country_terms()),
        "certification": set(_certification_terms()),
        "shift": set(_shift_terms_index()) | set(_shift_facets()),
    }
    seen: dict[str, list[str]] = {}
    for vocabulary, terms in vocabularies.items():
        for term in terms:
            seen.setdefault(term, []).append(vocabulary)
    return {t: tuple(v) for t, v in sorted(seen.items()) if len(v) > 1}
