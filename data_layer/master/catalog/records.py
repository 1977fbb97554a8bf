"""The master-data records, read once from the JSON files in ``data/`` and cached.

Each vocabulary is a tuple of frozen records in file order; the by-id lookups are here
too because records refer to each other by id (a specialty's profession, a city's state).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from data_layer.master.catalog.terms import normalize_term, term_set

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
    "candidate_statuses",
    "candidate_types",
    "certifications",
    "cities",
    "countries",
    "job_status_by_code",
    "job_statuses",
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

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

CitySize = Literal["major", "large", "mid", "small"]
CostTier = Literal["low", "moderate", "high", "very_high"]
TimeOfDay = Literal["day", "night", "evening", "mid", "rotating", "weekend", "variable"]

_COST_INDEX: dict[str, float] = {"low": 88.0, "moderate": 100.0, "high": 122.0, "very_high": 155.0}


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
        return term_set(self.name, self.abbreviation, *self.synonyms)

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
        return term_set(self.name, *self.synonyms)

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
        return term_set(self.name, *self.synonyms)


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
        return term_set(self.name, self.code, *self.synonyms)


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
        return term_set(self.name, *self.synonyms)


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
        return term_set(self.label, *self.synonyms)

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


# ---------------------------------------------------------------------------- by id


@cache
def _professions_by_external_id() -> dict[int, ProfessionInfo]:
    return {p.external_id: p for p in professions()}


@cache
def _specialties_by_external_id() -> dict[int, SpecialtyInfo]:
    return {s.external_id: s for s in specialties()}


@cache
def specialties_by_profession() -> dict[int, tuple[SpecialtyInfo, ...]]:
    """Profession external id -> its specialties, in file order."""
    grouped: dict[int, list[SpecialtyInfo]] = {}
    for spec in specialties():
        grouped.setdefault(spec.profession_external_id, []).append(spec)
    return {k: tuple(v) for k, v in grouped.items()}


@cache
def states_by_code() -> dict[str, StateInfo]:
    """USPS code (upper case) -> state."""
    return {s.code: s for s in states()}


def profession_by_external_id(external_id: int) -> ProfessionInfo:
    """The profession with this LaborEdge id; ``KeyError`` if unknown."""
    return _professions_by_external_id()[external_id]


def specialty_by_external_id(external_id: int) -> SpecialtyInfo:
    return _specialties_by_external_id()[external_id]


def specialties_for(profession_external_id: int) -> tuple[SpecialtyInfo, ...]:
    """The specialties of one profession (empty for an unknown id)."""
    return specialties_by_profession().get(profession_external_id, ())


def state_by_code(code: str) -> StateInfo:
    """The state with this USPS code (case-insensitive); ``KeyError`` if unknown."""
    return states_by_code()[code.upper()]


def job_status_by_code(code: str) -> JobStatusInfo:
    for status in job_statuses():
        if status.code == code.upper():
            return status
    raise KeyError(code)
