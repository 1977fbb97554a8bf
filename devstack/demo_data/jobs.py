"""What defines a demo job (profession, specialty, city, type, status, posting time) and
its pay.

Each job draws its core from its own stream (``"{seed}:job:{index}"``), so applications
and shares can be generated against jobs whose rows are written much later.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass
from functools import cache

from data_layer.master import catalog as md
from data_layer.models import JobType
from devstack.demo_data.choices import city_choice, profession_choice, randint, specialty_choice
from devstack.demo_data.keys import demo_external_job_id, uid
from devstack.fakes import WeightedChoice

__all__ = ["JobCore", "Pay", "job_core", "job_pay"]

# fmt: off
_JOB_TYPE_WEIGHTS: tuple[tuple[JobType, float], ...] = (
    (JobType.TRAVEL, 62), (JobType.PER_DIEM, 13), (JobType.LOCAL, 13), (JobType.PERM, 12),
)
_STATUS_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("OPEN", 88), ("FILLED", 5), ("CLOSED", 4), ("HOLD", 2), ("CANCELLED", 1),
)
_COST_SHIFT: dict[str, float] = {"low": -0.15, "moderate": 0.0, "high": 0.12, "very_high": 0.22}
# fmt: on


@cache
def _job_type_choice() -> WeightedChoice[JobType]:
    return WeightedChoice.of(_JOB_TYPE_WEIGHTS)


@cache
def _status_choice() -> WeightedChoice[str]:
    return WeightedChoice.of(_STATUS_WEIGHTS)


@dataclass(frozen=True, slots=True)
class JobCore:
    """What other entities need to know about a job (drawn first from the job's stream)."""

    index: int
    id: uuid.UUID
    external_job_id: int
    profession: md.ProfessionInfo
    specialty: md.SpecialtyInfo
    city: md.CityInfo
    job_type: JobType
    status_code: str
    posted: datetime.datetime


def job_core(seed: int, index: int, anchor: datetime.datetime) -> JobCore:
    """What defines job ``index``, from its own random stream (details use another one)."""
    rng = random.Random(f"{seed}:job:{index}")
    prof = profession_choice().pick(rng)
    spec = specialty_choice(prof.external_id).pick(rng)
    city = city_choice().pick(rng)
    job_type = _job_type_choice().pick(rng)
    status = _status_choice().pick(rng)
    age_minutes = randint(rng, 30, (75 if status == "OPEN" else 150) * 24 * 60)
    return JobCore(
        index=index,
        id=uid(seed, "job", index),
        external_job_id=demo_external_job_id(seed, index),
        profession=prof,
        specialty=spec,
        city=city,
        job_type=job_type,
        status_code=status,
        posted=anchor - datetime.timedelta(minutes=age_minutes),
    )


@dataclass(frozen=True, slots=True)
class Pay:
    weekly: float
    hourly: float
    weekly_range: str
    hourly_range: str
    annual: float | None
    """The salary of permanent jobs (None for the others)."""


def _lerp(lo_hi: tuple[float, float], r: float) -> float:
    lo, hi = lo_hi
    return lo + (hi - lo) * r


def _clamp(value: float, lo: float, hi: float) -> float:
    return lo if value < lo else hi if value > hi else value


def job_pay(rng: random.Random, core: JobCore, hours: float) -> Pay:
    """Pay that fits the job type, the profession's bands, the specialty and the city."""
    bands = core.profession.pay
    factor = core.specialty.pay_factor
    r = _clamp(rng.betavariate(2.5, 2.5) + _COST_SHIFT[core.city.cost_tier], 0.0, 1.0)
    annual: float | None = None
    weekly: float
    hourly: float
    if core.job_type is JobType.TRAVEL:
        weekly = round(_lerp(bands.travel_weekly, r) * factor)
        hourly = weekly / hours
    elif core.job_type is JobType.PERM:
        annual = round(_lerp(bands.perm_annual, r) * factor, -2)
        hourly = annual / 2080
        weekly = annual / 52
    else:
        band = bands.per_diem_hourly if core.job_type is JobType.PER_DIEM else bands.local_hourly
        lo, hi = band
        hourly = _clamp(_lerp(band, r) * factor, lo * 0.9, hi * 1.15)
        weekly = hourly * hours
    hourly = round(hourly, 2)
    weekly = round(weekly, 2)
    w_lo = int(weekly * rng.uniform(0.9, 0.96) // 10 * 10)
    h_lo = hourly * rng.uniform(0.9, 0.96)
    return Pay(
        weekly=weekly,
        hourly=hourly,
        weekly_range=f"${w_lo:,} - ${weekly:,.0f}",
        hourly_range=f"${h_lo:,.2f} - ${hourly:,.2f}",
        annual=annual,
    )
