"""Master data of a US healthcare staffing agency, read from the JSON files in ``data/``.

Pure Python, no database: the offline NLU, the LaborEdge simulator, the demo seeder and
the master-data loader all read the same typed, cached records from here.

Vocabularies and how terms resolve (every lookup goes through :func:`normalize_term`):

* professions - name, abbreviation and synonyms, unique across professions
  (``"lvn"`` -> Licensed Practical Nurse, ``"resp therapist"`` -> Respiratory Therapist);
* specialties - belong to exactly one profession; names and synonyms are unique *within*
  a profession (``"critical care"`` -> RN ICU) and may repeat across professions
  (``"home health"`` exists for RN, LPN, PT...): pass the profession to disambiguate;
* states (name, synonyms, or the USPS code), countries, certifications;
* cities, keyed by (name, state code) since names repeat across states;
* shifts (concrete schedules such as ``"7p-7a"``) and shift terms (facets such as
  ``"nights"``, ``"12s"``, ``"3x12"`` that narrow the set of shifts).

External ids are LaborEdge-style integers (the ``external_id`` columns).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

__all__ = [
    "DATA_DIR",
    "CertificationInfo",
    "CityInfo",
    "CountryInfo",
    "JobStatusInfo",
    "LookupInfo",
    "PayBands",
    "ProfessionInfo",
    "ShiftBlock",
    "ShiftInfo",
    "ShiftTerm",
    "SpecialtyInfo",
    "StateInfo",
    "ambiguous_terms",
    "candidate_statuses",
    "candidate_types",
    "certifications",
    "cities",
    "cities_in_state",
    "cities_named",
    "countries",
    "find_certification",
    "find_city",
    "find_country",
    "find_profession",
    "find_shift",
    "find_shift_term",
    "find_specialties",
    "find_specialty",
    "find_state",
    "job_status_by_code",
    "job_statuses",
    "match_shifts",
    "normalize_term",
    "profession_by_external_id",
    "professions",
    "referral_sources",
    "shift_terms",
    "shifts",
    "specialties",
    "specialties_for",
    "specialty_by_external_id",
    "state_by_code",
    "states",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

CitySize = Literal["major", "large", "mid", "small"]
CostTier = Literal["low", "moderate", "high", "very_high"]
TimeOfDay = Literal["day", "night", "evening", "mid", "rotating", "weekend", "variable"]

_T = TypeVar("_T")

_COST_INDEX: dict[str, float] = {"low": 88.0, "moderate": 100.0, "high": 122.0, "very_high": 155.0}
_SEPARATORS = re.compile(r"[\s\-_/.,:;()+]+")
_APOSTROPHES = re.compile(r"['’`]")


def normalize_term(text: str) -> str:
    """The canonical form of a term: lowercase, ``&`` spelled ``and``, punctuation as spaces.

    ``"L&D"``, ``"l & d"`` and ``"L and D"`` all become ``"l and d"``; ``"Med/Surg"`` and
    ``"med-surg"`` become ``"med surg"``; ``"Coeur d'Alene"`` becomes ``"coeur dalene"``.
    """
    text = _APOSTROPHES.sub("", text.lower()).replace("&", " and ")
    return _SEPARATORS.sub(" ", text).strip()


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class PayBands:
    """Typical pay of a profession before specialty and location adjustments."""

    travel_weekly: tuple[float, float]
    """Gross weekly travel pay (taxable + stipends), USD."""
    local_hourly: tuple[float, float]
    per_diem_hourly: tuple[float, float]
    perm_annual: tuple[float, float]


@dataclass(frozen=True, slots=True)
class ProfessionInfo:
    external_id: int
    name: str
    abbreviation: str
    category: str
    description: str
    department: str
    synonyms: tuple[str, ...]
    pay: PayBands

    @property
    def terms(self) -> frozenset[str]:
        """Every normalized term naming this profession."""
        return _terms(self.name, self.abbreviation, *self.synonyms)

    @property
    def is_nursing(self) -> bool:
        """Nursing line of business (nurses, nursing support, APRNs) rather than allied."""
        return self.category in {"nursing", "nursing support", "advanced practice"}


@dataclass(frozen=True, slots=True)
class SpecialtyInfo:
    external_id: int
    profession_external_id: int
    name: str
    description: str
    department: str
    pay_factor: float
    """Multiplier on the profession's pay bands (ICU > 1, long-term care < 1)."""
    required_certifications: tuple[str, ...]
    preferred_certifications: tuple[str, ...]
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> frozenset[str]:
        return _terms(self.name, *self.synonyms)

    @property
    def profession(self) -> ProfessionInfo:
        return profession_by_external_id(self.profession_external_id)


@dataclass(frozen=True, slots=True)
class StateInfo:
    external_id: int
    name: str
    code: str
    """USPS code, e.g. ``"TX"``."""
    country_code: str
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> frozenset[str]:
        """Name and synonyms; the USPS code is matched separately (``"or"``, ``"hi"``...)."""
        return _terms(self.name, *self.synonyms)


@dataclass(frozen=True, slots=True)
class CountryInfo:
    external_id: int
    name: str
    code: str
    """ISO 3166 alpha-3 (LaborEdge spells countries this way: ``"CAN"``)."""
    iso2: str
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> frozenset[str]:
        return _terms(self.name, self.code, *self.synonyms)


@dataclass(frozen=True, slots=True)
class JobStatusInfo:
    external_id: int
    name: str
    code: str
    description: str
    board_visible: bool
    """Jobs in this status are shown on the public job board."""
    active: bool = True


@dataclass(frozen=True, slots=True)
class LookupInfo:
    """A plain master-data row: candidate statuses, candidate types, referral sources."""

    external_id: int
    name: str
    description: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class CertificationInfo:
    name: str
    description: str
    category: str
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> frozenset[str]:
        return _terms(self.name, *self.synonyms)


@dataclass(frozen=True, slots=True)
class CityInfo:
    name: str
    state_code: str
    latitude: float
    longitude: float
    size: CitySize
    cost_tier: CostTier
    zip: str
    """A representative ZIP code of the city (near its main hospital district)."""
    facilities: tuple[str, ...]
    """Real hospitals / health systems in the city (may be empty for small cities)."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.state_code)

    @property
    def cost_index(self) -> float:
        """Approximate cost-of-living index (US average = 100), from the cost tier."""
        return _COST_INDEX[self.cost_tier]

    @property
    def state(self) -> StateInfo:
        return state_by_code(self.state_code)


@dataclass(frozen=True, slots=True)
class ShiftBlock:
    start: datetime.time | None
    end: datetime.time | None
    shifts_per_week: int
    hours_per_shift: float

    @property
    def scheduled_hours(self) -> float:
        """Hours per week of this block."""
        return self.shifts_per_week * self.hours_per_shift


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    code: str
    label: str
    """Display label, used as ``jobs.shift``."""
    time_of_day: TimeOfDay
    first: ShiftBlock
    second: ShiftBlock | None
    """The alternate block of rotating schedules (``shift_start_time2`` etc.)."""
    synonyms: tuple[str, ...]

    @property
    def terms(self) -> frozenset[str]:
        return _terms(self.label, *self.synonyms)

    @property
    def start(self) -> datetime.time | None:
        return self.first.start

    @property
    def end(self) -> datetime.time | None:
        return self.first.end

    @property
    def shifts_per_week(self) -> int:
        return self.first.shifts_per_week

    @property
    def hours_per_shift(self) -> float:
        return self.first.hours_per_shift

    @property
    def scheduled_hours(self) -> float:
        """Weekly hours (of the first block; rotating blocks alternate weeks)."""
        return self.first.scheduled_hours


@dataclass(frozen=True, slots=True)
class ShiftTerm:
    """A shift facet a person says on its own: ``"nights"``, ``"12s"``, ``"3x12"``."""

    term: str
    time_of_day: TimeOfDay | None = None
    hours_per_shift: float | None = None
    shifts_per_week: int | None = None
    weekly_hours: float | None = None


# ---------------------------------------------------------------------------- loading


def _read(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _terms(*names: str) -> frozenset[str]:
    return frozenset(t for t in (normalize_term(n) for n in names) if t)


def _pair(values: Iterable[float]) -> tuple[float, float]:
    lo, hi = values
    return (float(lo), float(hi))


def _time(value: str | None) -> datetime.time | None:
    return None if value is None else datetime.time.fromisoformat(value)


@cache
def professions() -> tuple[ProfessionInfo, ...]:
    return tuple(
        ProfessionInfo(
            external_id=int(row["external_id"]),
            name=row["name"],
            abbreviation=row["abbreviation"],
            category=row["category"],
            description=row["description"],
            department=row["department"],
            synonyms=tuple(row["synonyms"]),
            pay=PayBands(
                travel_weekly=_pair(row["pay"]["travel_weekly"]),
                local_hourly=_pair(row["pay"]["local_hourly"]),
                per_diem_hourly=_pair(row["pay"]["per_diem_hourly"]),
                perm_annual=_pair(row["pay"]["perm_annual"]),
            ),
        )
        for row in _read("professions.json")
    )


@cache
def specialties() -> tuple[SpecialtyInfo, ...]:
    return tuple(
        SpecialtyInfo(
            external_id=int(row["external_id"]),
            profession_external_id=int(row["profession_external_id"]),
            name=row["name"],
            description=row["description"],
            department=row["department"],
            pay_factor=float(row["pay_factor"]),
            required_certifications=tuple(row["required_certifications"]),
            preferred_certifications=tuple(row["preferred_certifications"]),
            synonyms=tuple(row["synonyms"]),
        )
        for row in _read("specialties.json")
    )


@cache
def states() -> tuple[StateInfo, ...]:
    """The 50 states and DC."""
    return tuple(
        StateInfo(
            external_id=int(row["external_id"]),
            name=row["name"],
            code=row["code"],
            country_code=row["country_code"],
            synonyms=tuple(row["synonyms"]),
        )
        for row in _read("states.json")
    )


@cache
def countries() -> tuple[CountryInfo, ...]:
    return tuple(
        CountryInfo(
            external_id=int(row["external_id"]),
            name=row["name"],
            code=row["code"],
            iso2=row["iso2"],
            synonyms=tuple(row["synonyms"]),
        )
        for row in _read("countries.json")
    )


@cache
def job_statuses() -> tuple[JobStatusInfo, ...]:
    return tuple(
        JobStatusInfo(
            external_id=int(row["external_id"]),
            name=row["name"],
            code=row["code"],
            description=row["description"],
            board_visible=bool(row["board_visible"]),
            active=bool(row.get("active", True)),
        )
        for row in _read("job_statuses.json")
    )


def _lookups(name: str) -> tuple[LookupInfo, ...]:
    return tuple(
        LookupInfo(
            external_id=int(row["external_id"]),
            name=row["name"],
            description=row["description"],
            active=bool(row.get("active", True)),
        )
        for row in _read(name)
    )


@cache
def candidate_statuses() -> tuple[LookupInfo, ...]:
    return _lookups("candidate_statuses.json")


@cache
def candidate_types() -> tuple[LookupInfo, ...]:
    return _lookups("candidate_types.json")


@cache
def referral_sources() -> tuple[LookupInfo, ...]:
    return _lookups("referral_sources.json")


@cache
def certifications() -> tuple[CertificationInfo, ...]:
    return tuple(
        CertificationInfo(
            name=row["name"],
            description=row["description"],
            category=row["category"],
            synonyms=tuple(row["synonyms"]),
        )
        for row in _read("certifications.json")
    )


@cache
def cities() -> tuple[CityInfo, ...]:
    return tuple(
        CityInfo(
            name=row["name"],
            state_code=row["state_code"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            size=row["size"],
            cost_tier=row["cost_tier"],
            zip=row["zip"],
            facilities=tuple(row["facilities"]),
        )
        for row in _read("cities.json")
    )


def _block(row: Mapping[str, Any]) -> ShiftBlock:
    return ShiftBlock(
        start=_time(row["start"]),
        end=_time(row["end"]),
        shifts_per_week=int(row["shifts_per_week"]),
        hours_per_shift=float(row["hours_per_shift"]),
    )


@cache
def shifts() -> tuple[ShiftInfo, ...]:
    return tuple(
        ShiftInfo(
            code=row["code"],
            label=row["label"],
            time_of_day=row["time_of_day"],
            first=_block(row),
            second=None if row["second"] is None else _block(row["second"]),
            synonyms=tuple(row["synonyms"]),
        )
        for row in _read("shifts.json")["shifts"]
    )


@cache
def shift_terms() -> tuple[ShiftTerm, ...]:
    out = []
    for row in _read("shifts.json")["terms"]:
        hours = row.get("hours_per_shift")
        weekly = row.get("weekly_hours")
        per_week = row.get("shifts_per_week")
        out.append(
            ShiftTerm(
                term=normalize_term(row["term"]),
                time_of_day=row.get("time_of_day"),
                hours_per_shift=None if hours is None else float(hours),
                shifts_per_week=None if per_week is None else int(per_week),
                weekly_hours=None if weekly is None else float(weekly),
            )
        )
    return tuple(out)


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
def _professions_by_external_id() -> dict[int, ProfessionInfo]:
    return {p.external_id: p for p in professions()}


@cache
def _profession_terms() -> dict[str, ProfessionInfo]:
    return _unique_index(((t, p) for p in professions() for t in p.terms), "profession")


@cache
def _specialties_by_external_id() -> dict[int, SpecialtyInfo]:
    return {s.external_id: s for s in specialties()}


@cache
def _specialties_by_profession() -> dict[int, tuple[SpecialtyInfo, ...]]:
    grouped: dict[int, list[SpecialtyInfo]] = {}
    for spec in specialties():
        grouped.setdefault(spec.profession_external_id, []).append(spec)
    return {k: tuple(v) for k, v in grouped.items()}


@cache
def _specialty_terms() -> dict[int, dict[str, SpecialtyInfo]]:
    return {
        prof: _unique_index(
            ((t, s) for s in specs for t in s.terms), f"specialty (profession {prof})"
        )
        for prof, specs in _specialties_by_profession().items()
    }


@cache
def _states_by_code() -> dict[str, StateInfo]:
    return {s.code: s for s in states()}


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
        grouped.setdefault(_city_term(city.name), []).append(city)
    return {k: tuple(v) for k, v in grouped.items()}


def _city_term(name: str) -> str:
    term = normalize_term(name)
    return re.sub(r"^saint ", "st ", term)


# ---------------------------------------------------------------------------- lookups


def profession_by_external_id(external_id: int) -> ProfessionInfo:
    """The profession with this LaborEdge id; ``KeyError`` if unknown."""
    return _professions_by_external_id()[external_id]


def specialty_by_external_id(external_id: int) -> SpecialtyInfo:
    return _specialties_by_external_id()[external_id]


def specialties_for(profession_external_id: int) -> tuple[SpecialtyInfo, ...]:
    """The specialties of one profession (empty for an unknown id)."""
    return _specialties_by_profession().get(profession_external_id, ())


def state_by_code(code: str) -> StateInfo:
    """The state with this USPS code (case-insensitive); ``KeyError`` if unknown."""
    return _states_by_code()[code.upper()]


def job_status_by_code(code: str) -> JobStatusInfo:
    for status in job_statuses():
        if status.code == code.upper():
            return status
    raise KeyError(code)


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
        found = _states_by_code().get(term.upper())
    return found


def find_country(text: str) -> CountryInfo | None:
    return _country_terms().get(normalize_term(text))


def find_certification(text: str) -> CertificationInfo | None:
    return _certification_terms().get(normalize_term(text))


def cities_in_state(state_code: str) -> tuple[CityInfo, ...]:
    return _cities_by_state().get(state_code.upper(), ())


def cities_named(name: str) -> tuple[CityInfo, ...]:
    """Every known city with this name (``"Springfield"`` is in IL, MA and MO)."""
    return _cities_by_name().get(_city_term(name), ())


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
