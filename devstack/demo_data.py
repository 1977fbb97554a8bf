"""Deterministic, realistic demo data: jobs, recruiters, candidates and their activity.

:func:`seed_demo` fills an already migrated database (master data is loaded first) with

* ``jobs`` (+ ``job_required_certifications``, ``job_rates``) in real cities of their
  states, at real or plausibly named facilities, with pay that fits the job type,
  profession, specialty and local cost of living;
* recruiters (``users`` + ``recruiters``), some inactive; each active recruiter shares a
  few jobs (``recruiter_job_shares``) whose views are ``job_views`` rows;
* candidates (``users`` + ``candidates`` + professions, specialties, job types, preferred
  states, licenses), some referred by ambassador candidates;
* ``applications`` with a ``application_status_history`` that follows the status
  progression (applied -> reviewing -> interviewing -> offered -> placed, or rejected);
* ``referrals`` and ``referral_rewards``; ``job_views`` and ``page_views``.

Determinism and idempotency: everything is drawn from ``random.Random`` streams keyed by
the seed and the entity's index, every primary key is a UUIDv5 of (seed, kind, key), and
every insert is ``ON CONFLICT DO NOTHING`` (or skips rows whose key already exists).
Running again with the same seed inserts nothing; raising ``jobs``/``candidates`` later
adds the new entities. Timestamps and dates derive from ``today``, not the clock.

Speed (>= 5,000 jobs/s with their child rows): no ORM unit of work. Rows are plain dicts
inserted in batches with Core ``INSERT ... ON CONFLICT DO NOTHING`` over parameter lists;
the jobs stage (~10x the rows of the rest) COPYs its batches on two connections while
the next batch is generated, and the cyclic GC is paused while rows are built.

Demo jobs use ``external_job_id`` values from :data:`DEMO_EXTERNAL_JOB_ID_BASE` on,
far above LaborEdge's ids, so a LaborEdge sync never touches them
(:func:`is_demo_external_job_id`).
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import collections
import contextlib
import datetime
import gc
import hashlib
import itertools
import json
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import Integer, Table, literal_column, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.dml import ReturningInsert

from data_layer.master import catalog as md
from data_layer.master.loader import MasterIds, load_master_data, master_ids
from data_layer.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusHistory,
    Candidate,
    CandidateJobType,
    CandidateJobTypeValue,
    CandidateLicense,
    CandidatePreferredState,
    CandidateProfession,
    CandidateSpecialty,
    DurationType,
    Job,
    JobRate,
    JobRequiredCertification,
    JobType,
    JobView,
    LicenseStatus,
    PageView,
    Recruiter,
    RecruiterJobShare,
    Referral,
    ReferralReward,
    ReferralStatus,
    RewardStatus,
    User,
    UserStatus,
    UserType,
    VerificationStatus,
)
from data_layer.sync.store import UPSTREAM_JOB_ID_LIMIT

__all__ = [
    "DEMO_EXTERNAL_JOB_ID_BASE",
    "DEMO_EXTERNAL_RECRUITER_ID_BASE",
    "DEMO_SITE_URL",
    "ProgressFn",
    "demo_external_job_id",
    "demo_password_hash",
    "is_demo_external_job_id",
    "seed_demo",
]

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``, called after every inserted batch."""

DEMO_EXTERNAL_JOB_ID_BASE = UPSTREAM_JOB_ID_LIMIT  # one boundary, owned by the sync
"""Demo jobs get ``external_job_id = BASE + (seed % 1000) * 1_000_000 + index``."""
DEMO_EXTERNAL_RECRUITER_ID_BASE = 800_000_000
"""Demo recruiters get ``external_recruiter_id = BASE + (seed % 1000) * 1000 + index``."""
DEMO_SITE_URL = "https://www.excelmedicalstaffing.com"
MAX_DEMO_JOBS = 1_000_000
MAX_DEMO_RECRUITERS = 1_000

_NAMESPACE = uuid.UUID("5b0f3c52-7d1e-4a36-9a51-2f0d6c9e8a41")
_T = TypeVar("_T")


def demo_external_job_id(seed: int, index: int) -> int:
    return DEMO_EXTERNAL_JOB_ID_BASE + (seed % 1000) * MAX_DEMO_JOBS + index


def is_demo_external_job_id(external_job_id: int | None) -> bool:
    """True for ``external_job_id`` values reserved for demo jobs."""
    return external_job_id is not None and external_job_id >= DEMO_EXTERNAL_JOB_ID_BASE


def demo_password_hash(password: str, seed: int) -> str:
    """A deterministic argon2id hash of ``password`` (salt derived from the seed).

    Verifiable by ``argon2.PasswordHasher().verify``; computed once per seeding run.
    """
    from argon2 import PasswordHasher
    from argon2.low_level import hash_secret

    hasher = PasswordHasher()
    salt = uuid.uuid5(_NAMESPACE, f"{seed}:password-salt").bytes
    return hash_secret(
        password.encode(),
        salt,
        time_cost=hasher.time_cost,
        memory_cost=hasher.memory_cost,
        parallelism=hasher.parallelism,
        hash_len=hasher.hash_len,
        type=hasher.type,
    ).decode()


# ------------------------------------------------------------------------------ tables
# Weighted vocabularies. Weights are relative demand at a travel-heavy agency.
# fmt: off

_PROFESSION_WEIGHTS: dict[str, float] = {
    "RN": 60, "LPN/LVN": 5, "CNA": 3, "PCT": 1, "NP": 2, "CRNA": 0.8, "PA": 0.8, "PT": 3,
    "PTA": 1.5, "OT": 2, "COTA": 1, "SLP": 2, "RT": 3, "Surg Tech": 3, "Rad Tech": 2,
    "CT Tech": 2, "MRI Tech": 1.5, "Sonographer": 1.5, "Echo Tech": 1, "CVT": 1.5,
    "Nuc Med Tech": 0.5, "Mammo Tech": 0.5, "IR Tech": 0.7, "MLS": 1.5, "MLT": 0.7,
    "Pharmacist": 0.5, "Pharm Tech": 0.5, "Paramedic": 0.5, "EMT": 0.3, "RD": 0.3,
    "Social Worker": 0.5, "SPT": 0.6, "Dialysis Tech": 0.4, "EEG Tech": 0.3, "MA": 0.3,
    "MHT": 0.4,
}
_SPECIALTY_WEIGHTS: dict[tuple[str, str], float] = {
    ("RN", "ICU"): 12, ("RN", "ER"): 12, ("RN", "Med-Surg"): 12, ("RN", "Telemetry"): 9,
    ("RN", "Step-Down"): 7, ("RN", "L&D"): 7, ("RN", "OR"): 7, ("RN", "PACU"): 4,
    ("RN", "NICU"): 4, ("RN", "PICU"): 3, ("RN", "Cath Lab"): 3, ("RN", "CVICU"): 3,
    ("RN", "Oncology"): 3, ("RN", "Psych"): 4, ("RN", "Postpartum"): 2, ("RN", "Mother-Baby"): 2,
    ("RN", "Pediatrics"): 2, ("RN", "Float Pool"): 2, ("RN", "Dialysis"): 2,
    ("RN", "Home Health"): 2, ("RN", "Case Management"): 2, ("RN", "Pre-Op"): 2,
    ("RN", "Neuro ICU"): 1.5, ("RN", "Endoscopy"): 1.5, ("RN", "IR"): 1.5,
    ("RN", "Long-Term Care"): 1.5, ("RN", "Rehab"): 1.2,
}
_JOB_TYPE_WEIGHTS: tuple[tuple[JobType, float], ...] = (
    (JobType.TRAVEL, 62), (JobType.PER_DIEM, 13), (JobType.LOCAL, 13), (JobType.PERM, 12),
)
_STATUS_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("OPEN", 88), ("FILLED", 5), ("CLOSED", 4), ("HOLD", 2), ("CANCELLED", 1),
)
_CITY_SIZE_WEIGHT: dict[str, float] = {"major": 10, "large": 5, "mid": 2.5, "small": 1}
_COST_SHIFT: dict[str, float] = {"low": -0.15, "moderate": 0.0, "high": 0.12, "very_high": 0.22}

_PROCEDURAL = frozenset({
    "OR", "CVOR", "PACU", "Pre-Op", "Cath Lab", "EP Lab", "IR", "Endoscopy",
    "Interventional Radiology", "Neuro IR", "General Surgery", "Orthopedics", "Neuro",
    "Ambulatory Surgery", "Pediatric Surgery", "General Anesthesia", "Cardiac Anesthesia",
    "OB Anesthesia", "Pediatric Anesthesia", "Surgery", "Intraoperative Neuromonitoring",
})
_CLINIC_LIKE = frozenset({
    "Ambulatory", "Urgent Care", "Clinic", "Case Management", "Home Health", "Hospice",
    "School Nurse", "School-Based", "Telehealth", "Infusion", "Wound Care", "Outpatient",
    "Family Practice", "Retail Pharmacy", "Outpatient Nutrition", "Chronic Dialysis",
    "Pulmonary Function Testing", "Mammography", "Hand Therapy", "Women's Health",
    "Medical Social Work", "Behavioral Health", "Clinical Nutrition", "Long-Term Care Pharmacy",
    "Oncology Pharmacy", "Skilled Nursing", "Inpatient Rehab", "Acute Care", "Pediatrics",
})
_THERAPY = frozenset({"PT", "PTA", "OT", "COTA", "SLP", "RD", "Social Worker", "MA"})
_SHIFT_MIXES: dict[str, tuple[tuple[str, float], ...]] = {
    "inpatient": (("D12", 38), ("N12", 38), ("ROT12", 5), ("D12x4", 2), ("N12x4", 3),
                  ("MID12", 3), ("VAR", 4), ("D8", 3), ("E8", 2), ("N8", 2)),
    "procedural": (("D10", 28), ("D10CALL", 30), ("D8", 15), ("D12", 17), ("VAR", 5),
                   ("E10", 5)),
    "clinic": (("CLINIC", 60), ("D8", 20), ("D10", 10), ("VAR", 10)),
    "therapy": (("CLINIC", 50), ("D8", 35), ("D10", 10), ("VAR", 5)),
    "ltc": (("D8", 25), ("E8", 20), ("N8", 15), ("D12", 20), ("N12", 15), ("WKND", 5)),
    "diagnostic": (("D8", 22), ("E8", 14), ("N8", 10), ("D10", 12), ("E10", 8), ("N10", 6),
                   ("D12", 12), ("N12", 10), ("VAR", 6)),
}
_DURATIONS_TRAVEL: tuple[tuple[int, float], ...] = (
    (13, 72), (8, 6), (12, 5), (26, 8), (16, 4), (4, 5),
)
_VMS: tuple[tuple[int | None, str | None, float], ...] = (
    (None, None, 40), (1, "ShiftWise Flex", 18), (2, "Medefis", 12),
    (3, "HealthTrust Workforce Solutions", 12), (4, "SAP Fieldglass", 10), (5, "Qualivis", 8),
)
_BENEFITS = (
    "Weekly direct deposit",
    "Day-one medical, dental and vision insurance",
    "401(k) with company match",
    "Tax-free housing and meals stipends (when eligible)",
    "Travel reimbursement",
    "License and certification reimbursement",
    "24/7 clinical and recruiter support",
    "Referral bonuses of up to $1,000",
    "Completion bonus",
    "Paid orientation",
    "Extension and rapid-rebook opportunities",
)
_PERM_BENEFITS = (
    "Comprehensive medical, dental and vision coverage",
    "Retirement plan with employer match",
    "Paid time off and holidays",
    "Tuition reimbursement and clinical ladder",
    "Relocation assistance",
    "Sign-on bonus for eligible candidates",
)
_BILL_CODES: tuple[tuple[str, str], ...] = (
    ("1", "Regular"), ("2", "Overtime"), ("3", "Holiday"), ("4", "On Call"),
    ("5", "Call Back"), ("6", "Orientation"),
)
_REFERRERS = (
    ("https://www.google.com/", 35), ("https://www.indeed.com/", 15),
    ("https://www.linkedin.com/", 8), ("https://www.facebook.com/", 10),
    ("https://www.instagram.com/", 4), (None, 20), ("/jobs", 8),
)
_USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1",
)
_SITE_PAGES = (
    "/", "/jobs", "/travel-nursing-jobs", "/allied-health-jobs", "/per-diem-jobs",
    "/refer-a-friend", "/benefits", "/about-us", "/apply", "/blog",
)
_RECRUITER_TITLES = (
    "Senior Recruiter", "Travel Nurse Recruiter", "Allied Recruiter", "Recruiter",
    "Lead Recruiter", "Per Diem Recruiter", "Permanent Placement Recruiter",
)
_LICENSED = frozenset({
    "RN", "LPN/LVN", "CNA", "NP", "CRNA", "PA", "PT", "PTA", "OT", "COTA", "SLP", "RT",
    "Rad Tech", "Pharmacist", "Pharm Tech", "Paramedic", "EMT", "RD", "Social Worker",
})
_APP_FLOW = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.REVIEWING,
    ApplicationStatus.INTERVIEWING,
    ApplicationStatus.OFFERED,
    ApplicationStatus.PLACED,
)
_APP_NOTES: dict[ApplicationStatus, tuple[str, ...]] = {
    ApplicationStatus.APPLIED: ("Applied online.", "Applied through the chat assistant.",
                                "Quick apply.", "Applied from a shared job link."),
    ApplicationStatus.REVIEWING: ("Profile under recruiter review.", "Checking references.",
                                  "Verifying license and certifications."),
    ApplicationStatus.INTERVIEWING: ("Submitted to the manager; interview scheduled.",
                                     "Phone interview with the unit manager.",
                                     "Interview completed, awaiting feedback."),
    ApplicationStatus.OFFERED: ("Offer extended.", "Verbal offer; contract sent.",
                                "Offer pending candidate acceptance."),
    ApplicationStatus.PLACED: ("Offer accepted; onboarding started.",
                               "Placed; credentialing complete.", "Start date confirmed."),
    ApplicationStatus.REJECTED: ("Position filled by another candidate.",
                                 "Client declined the submission.",
                                 "Candidate withdrew.", "Missing required experience."),
}
# (final status, weight): the history walks _APP_FLOW up to it; "rejected after k steps".
_APP_OUTCOMES: tuple[tuple[tuple[ApplicationStatus, int], float], ...] = (
    ((ApplicationStatus.APPLIED, 1), 33),
    ((ApplicationStatus.REVIEWING, 2), 18),
    ((ApplicationStatus.INTERVIEWING, 3), 12),
    ((ApplicationStatus.OFFERED, 4), 6),
    ((ApplicationStatus.PLACED, 5), 8),
    ((ApplicationStatus.REJECTED, 1), 9),
    ((ApplicationStatus.REJECTED, 2), 9),
    ((ApplicationStatus.REJECTED, 3), 5),
)
_APP_SOURCES = (("website", 40), ("chat_assistant", 25), ("indeed", 12), ("linkedin", 6),
                ("email_campaign", 5), ("mobile_app", 12))


# fmt: on


# ------------------------------------------------------------------------------ helpers


@dataclass(frozen=True, slots=True)
class _Choice:
    """A weighted population with precomputed cumulative weights (fast ``rng.choices``)."""

    items: tuple[Any, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[Any, float]]) -> _Choice:
        items, weights = zip(*pairs, strict=True)
        return cls(tuple(items), tuple(itertools.accumulate(weights)))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


_LOW_BITS = 48
_LOW_MASK = (1 << _LOW_BITS) - 1


@cache
def _uid_base(seed: int, kind: str) -> int:
    return uuid.uuid5(_NAMESPACE, f"{seed}:{kind}").int & ~_LOW_MASK


def _uid(seed: int, kind: str, key: int | str) -> uuid.UUID:
    """The deterministic primary key of entity ``key`` of ``kind`` in the ``seed`` dataset.

    Integer keys (the hot path: one per job row) are the low 48 bits under a UUIDv5 prefix
    of (seed, kind), which keeps the v5 version/variant bits; other keys get a full UUIDv5.
    """
    if isinstance(key, int):
        if not 0 <= key <= _LOW_MASK:
            raise ValueError(f"uuid key out of range: {key}")
        return uuid.UUID(int=_uid_base(seed, kind) | key)
    return uuid.uuid5(_NAMESPACE, f"{seed}:{kind}:{key}")


def _code(uid: uuid.UUID, length: int = 10) -> str:
    """A short lowercase base32 code derived from (a hash of) a UUID."""
    digest = hashlib.blake2b(uid.bytes, digest_size=10).digest()
    return base64.b32encode(digest).decode().lower()[:length]


def _table(model: type[Any]) -> Table:
    """The Core table of a mapped class (typed as such)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _randint(rng: random.Random, lo: int, hi: int) -> int:
    """``rng.randint`` for the hot paths (one C call instead of three Python frames)."""
    return lo + int(rng.random() * (hi - lo + 1))


def _pick(rng: random.Random, items: Sequence[_T]) -> _T:
    """``rng.choice`` for the hot paths."""
    return items[int(rng.random() * len(items))]


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _clamp(value: float, lo: float, hi: float) -> float:
    return lo if value < lo else hi if value > hi else value


def _batches(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@cache
def _names() -> dict[str, tuple[str, ...]]:
    with (md.DATA_DIR / "names.json").open(encoding="utf-8") as fh:
        raw = json.load(fh)
    return {k: tuple(v) for k, v in raw.items()}


@cache
def _profession_choice() -> _Choice:
    return _Choice.of((p, _PROFESSION_WEIGHTS.get(p.abbreviation, 0.5)) for p in md.professions())


@cache
def _specialty_choice(profession_external_id: int) -> _Choice:
    prof = md.profession_by_external_id(profession_external_id)
    return _Choice.of(
        (s, _SPECIALTY_WEIGHTS.get((prof.abbreviation, s.name), 1.0))
        for s in md.specialties_for(profession_external_id)
    )


@cache
def _city_choice() -> _Choice:
    return _Choice.of((c, _CITY_SIZE_WEIGHT[c.size]) for c in md.cities())


@cache
def _state_choice() -> _Choice:
    weights: dict[str, float] = defaultdict(float)
    for city in md.cities():
        weights[city.state_code] += _CITY_SIZE_WEIGHT[city.size]
    return _Choice.of((md.state_by_code(code), w) for code, w in weights.items())


@cache
def _shift_choice(mix: str) -> _Choice:
    by_code = {s.code: s for s in md.shifts()}
    return _Choice.of((by_code[code], w) for code, w in _SHIFT_MIXES[mix])


@cache
def _simple_choice(name: str) -> _Choice:
    table: dict[str, Iterable[tuple[Any, float]]] = {
        "job_type": _JOB_TYPE_WEIGHTS,
        "status": _STATUS_WEIGHTS,
        "duration": _DURATIONS_TRAVEL,
        "vms": (((vid, vname), w) for vid, vname, w in _VMS),
        "referrer": _REFERRERS,
        "outcome": _APP_OUTCOMES,
        "app_source": _APP_SOURCES,
    }
    return _Choice.of(table[name])


def _shift_mix(prof: md.ProfessionInfo, spec: md.SpecialtyInfo) -> str:
    if spec.name in _PROCEDURAL or prof.abbreviation in {"Surg Tech", "CVT", "IR Tech", "CRNA"}:
        return "procedural"
    if prof.abbreviation in _THERAPY:
        return "therapy"
    if spec.name in _CLINIC_LIKE and prof.abbreviation not in {"RN", "LPN/LVN", "CNA", "PCT"}:
        return "clinic"
    if spec.name in {
        "Ambulatory",
        "Urgent Care",
        "Clinic",
        "Case Management",
        "Home Health",
        "Hospice",
        "School Nurse",
        "Telehealth",
        "Infusion",
        "Wound Care",
    }:
        return "clinic"
    if spec.name == "Long-Term Care" or prof.abbreviation in {"CNA", "LPN/LVN"}:
        return "ltc"
    if prof.category in {"imaging", "laboratory", "pharmacy", "cardiology"}:
        return "diagnostic"
    return "inpatient"


# ------------------------------------------------------------------------------ people


@dataclass(frozen=True, slots=True)
class _Person:
    first: str
    last: str

    def email(self, tag: str, domain: str = "example.com") -> str:
        local = f"{self.first}.{self.last}.{tag}".lower().replace("'", "").replace(" ", "")
        return f"{local}@{domain}"


def _person(rng: random.Random) -> _Person:
    names = _names()
    return _Person(rng.choice(names["first_names"]), rng.choice(names["last_names"]))


def _phone(rng: random.Random) -> str:
    # 555-01xx numbers are reserved for fiction in every area code.
    return f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}"


@dataclass(frozen=True, slots=True)
class _Recruiter:
    index: int
    id: uuid.UUID
    user_id: uuid.UUID
    external_id: int
    person: _Person
    email: str
    active: bool


@dataclass(frozen=True, slots=True)
class _SalesRep:
    id: int
    person: _Person
    email: str


def _sales_reps(seed: int) -> tuple[_SalesRep, ...]:
    rng = random.Random(f"{seed}:sales-reps")
    reps = []
    for k in range(8):
        person = _person(rng)
        reps.append(_SalesRep(700_001 + k, person, person.email("am", "staff.example.com")))
    return tuple(reps)


# ------------------------------------------------------------------------------ jobs


@dataclass(frozen=True, slots=True)
class _JobCore:
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


def _job_core(seed: int, index: int, anchor: datetime.datetime) -> _JobCore:
    """What defines job ``index``, from its own random stream (details use another one)."""
    rng = random.Random(f"{seed}:job:{index}")
    prof: md.ProfessionInfo = _profession_choice().pick(rng)
    spec: md.SpecialtyInfo = _specialty_choice(prof.external_id).pick(rng)
    city: md.CityInfo = _city_choice().pick(rng)
    job_type: JobType = _simple_choice("job_type").pick(rng)
    status: str = _simple_choice("status").pick(rng)
    age_minutes = _randint(rng, 30, (75 if status == "OPEN" else 150) * 24 * 60)
    core = _JobCore(
        index=index,
        id=_uid(seed, "job", index),
        external_job_id=demo_external_job_id(seed, index),
        profession=prof,
        specialty=spec,
        city=city,
        job_type=job_type,
        status_code=status,
        posted=anchor - datetime.timedelta(minutes=age_minutes),
    )
    return core


@dataclass(frozen=True, slots=True)
class _Pay:
    weekly: float
    hourly: float
    weekly_range: str
    hourly_range: str


def _lerp(lo_hi: tuple[float, float], r: float) -> float:
    lo, hi = lo_hi
    return lo + (hi - lo) * r


def _job_pay(rng: random.Random, core: _JobCore, hours: float) -> tuple[_Pay, float | None]:
    """Pay for the job and (perm only) the annual salary."""
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
    return (
        _Pay(
            weekly=weekly,
            hourly=hourly,
            weekly_range=f"${w_lo:,} - ${weekly:,.0f}",
            hourly_range=f"${h_lo:,.2f} - ${hourly:,.2f}",
        ),
        annual,
    )


_JOB_TYPE_WORDS: dict[JobType, str] = {
    JobType.TRAVEL: "travel",
    JobType.LOCAL: "local contract",
    JobType.PER_DIEM: "per diem",
    JobType.PERM: "permanent",
}


def _description(
    rng: random.Random,
    core: _JobCore,
    *,
    client: str,
    shift: md.ShiftInfo,
    pay: _Pay,
    annual: float | None,
    duration: int | None,
    asap: bool,
    start: datetime.date,
    openings: int,
    years: int,
    required: Sequence[str],
    preferred: Sequence[str],
    bonus: int | None,
) -> tuple[str, str]:
    """The HTML description and its plain-text twin."""
    prof, spec, city = core.profession, core.specialty, core.city
    state = md.state_by_code(city.state_code)
    kind = _JOB_TYPE_WORDS[core.job_type]
    role = f"{spec.name} {prof.name}"
    article = "an" if kind[0] in "aeiou" else "a"
    intro = _pick(
        rng,
        (
            f"Excel Medical Staffing is hiring {article} {kind} {role} for {client} in "
            f"{city.name}, {state.name}.",
            f"{client} in {city.name}, {city.state_code} needs {article} {kind} {role}"
            f" to join its {spec.department} team.",
            f"Join {client} in {city.name}, {state.name} as {article} {kind} {role}"
            " through Excel Medical Staffing.",
        ),
    )
    if core.job_type is JobType.PERM and annual is not None:
        pay_line = f"${annual * 0.92:,.0f} - ${annual:,.0f} per year (${pay.hourly:,.2f}/hr)"
    elif core.job_type is JobType.TRAVEL:
        pay_line = f"{pay.weekly_range} per week (blended, taxable + stipends)"
    else:
        pay_line = f"{pay.hourly_range} per hour"
    details = [
        f"Shift: {shift.label}",
        f"Start: {'ASAP' if asap else start.strftime('%B %d, %Y').replace(' 0', ' ')}",
    ]
    if duration:
        details.append(f"Duration: {duration} weeks")
    details.append(f"Pay: {pay_line}")
    if bonus:
        details.append(f"Sign-on bonus: ${bonus:,}")
    if openings > 1:
        details.append(f"Openings: {openings}")
    licence = (
        f"Active {state.name} {prof.abbreviation} license"
        + (" or multistate compact license" if prof.abbreviation in {"RN", "LPN/LVN"} else "")
        if prof.abbreviation in _LICENSED
        else f"{prof.name} credential in good standing"
    )
    reqs = [
        licence,
        f"{years}+ year{'s' if years > 1 else ''} of recent {spec.name} experience "
        f"as {'an' if prof.name[0] in 'AEIOU' else 'a'} {prof.name}",
    ]
    if required:
        reqs.append("Current " + ", ".join(required))
    if preferred:
        reqs.append("Preferred: " + ", ".join(preferred))
    pool = _PERM_BENEFITS if core.job_type is JobType.PERM else _BENEFITS
    benefits = rng.sample(pool, k=min(4, len(pool)))
    about = (
        f"The {spec.department} department at {client} serves {city.name} and the surrounding "
        f"{state.name} communities. {spec.description}"
    )
    sections = (
        ("Assignment details", details),
        ("Requirements", reqs),
        ("Benefits", benefits),
    )
    html_parts = [f"<p>{_esc(intro)}</p>", f"<p>{_esc(about)}</p>"]
    text_parts = [intro, about]
    for heading, items in sections:
        html_parts.append(f"<h3>{heading}</h3>")
        html_parts.append("<ul>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>")
        text_parts.append(heading)
        text_parts.extend(f"- {i}" for i in items)
    return "".join(html_parts), "\n".join(text_parts)


def _esc(text: str) -> str:
    if "&" not in text and "<" not in text and ">" not in text:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _client(rng: random.Random, city: md.CityInfo) -> str:
    # Cities with several known facilities always use them; others mix in generic names.
    if len(city.facilities) >= 2 or (city.facilities and rng.random() < 0.8):
        return str(_pick(rng, city.facilities))
    return _pick(
        rng,
        (
            f"{city.name} Regional Medical Center",
            f"{city.name} General Hospital",
            f"{city.name} Community Hospital",
            f"{city.name} Medical Center",
        ),
    )


@dataclass(slots=True)
class _JobRows:
    """The rows of one batch of jobs, one list per table of :data:`_JOB_STAGE_TABLES`."""

    jobs: list[dict[str, Any]] = field(default_factory=list)
    certs: list[dict[str, Any]] = field(default_factory=list)
    rates: list[dict[str, Any]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)
    page_views: list[dict[str, Any]] = field(default_factory=list)
    page_view_jobs: list[uuid.UUID] = field(default_factory=list)
    """The job of each row of ``page_views`` (page views have no job column)."""

    def tables(self) -> tuple[tuple[Table, list[dict[str, Any]]], ...]:
        return tuple(
            zip(
                _JOB_STAGE_TABLES,
                (self.jobs, self.certs, self.rates, self.views, self.page_views),
                strict=True,
            )
        )

    def only_jobs(self, keep: set[uuid.UUID]) -> _JobRows:
        """The rows of the jobs in ``keep`` (and of nothing else)."""
        pv = [
            (r, j) for r, j in zip(self.page_views, self.page_view_jobs, strict=True) if j in keep
        ]
        return _JobRows(
            jobs=[r for r in self.jobs if r["id"] in keep],
            certs=[r for r in self.certs if r["job_id"] in keep],
            rates=[r for r in self.rates if r["job_id"] in keep],
            views=[r for r in self.views if r["job_id"] in keep],
            page_views=[r for r, _ in pv],
            page_view_jobs=[j for _, j in pv],
        )


def _job_rows(
    seed: int,
    core: _JobCore,
    anchor: datetime.datetime,
    ids: MasterIds,
    recruiters: Sequence[_Recruiter],
    reps: Sequence[_SalesRep],
    *,
    application_count: int,
    share_views: int,
    candidate_user_ids: Sequence[uuid.UUID],
    out: _JobRows,
) -> None:
    rng = random.Random(f"{seed}:job-detail:{core.index}")
    index = core.index
    prof, spec, city = core.profession, core.specialty, core.city
    state = md.state_by_code(city.state_code)
    today = anchor.date()
    job_type = core.job_type
    shift: md.ShiftInfo = _shift_choice(_shift_mix(prof, spec)).pick(rng)
    hours = shift.scheduled_hours
    pay, annual = _job_pay(rng, core, hours)

    is_open = core.status_code == "OPEN"
    asap = rng.random() < (0.35 if job_type in {JobType.TRAVEL, JobType.LOCAL} else 0.15)
    posted_day = core.posted.date()
    if job_type is JobType.PER_DIEM:
        start = posted_day + datetime.timedelta(days=_randint(rng, 3, 30))
    elif asap:
        start = posted_day + datetime.timedelta(days=_randint(rng, 7, 21))
    else:
        start = posted_day + datetime.timedelta(days=_randint(rng, 14, 75))
    if is_open and start < today:
        start = today + datetime.timedelta(days=_randint(rng, 3, 14))
    duration: int | None = None
    end: datetime.date | None = None
    if job_type is JobType.TRAVEL:
        duration = _simple_choice("duration").pick(rng)
        if duration == 4 and not asap:
            duration = 13  # 4-week contracts are rapid-response (ASAP) only
    elif job_type is JobType.LOCAL:
        duration = 13 if rng.random() < 0.6 else 26
    if duration:
        end = start + datetime.timedelta(days=duration * 7 - 1)
    rapid = job_type is JobType.TRAVEL and duration is not None and duration <= 8 and asap

    years = _pick(rng, (1, 1, 2, 2, 2, 3)) if spec.pay_factor >= 1.05 else _pick(rng, (1, 1, 2))
    openings = _pick(rng, (1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5))
    bonus: int | None = None
    if job_type is JobType.PERM and rng.random() < 0.35:
        bonus = _pick(rng, (2500, 5000, 7500, 10000, 15000))
    elif job_type is JobType.TRAVEL and rng.random() < 0.08:
        bonus = _pick(rng, (500, 1000, 1500))
    client = _client(rng, city)
    required = spec.required_certifications
    preferred = spec.preferred_certifications
    description, text = _description(
        rng,
        core,
        client=client,
        shift=shift,
        pay=pay,
        annual=annual,
        duration=duration,
        asap=asap,
        start=start,
        openings=openings,
        years=years,
        required=required,
        preferred=preferred,
        bonus=bonus,
    )
    vms_id, vms = _simple_choice("vms").pick(rng)
    specialist = _pick(rng, recruiters) if recruiters else None
    rep = _pick(rng, reps)
    hot = rng.random() < 0.10
    featured = rng.random() < 0.05
    shown = is_open and rng.random() < 0.97
    urgent = asap or hot
    closed_at = None
    if core.status_code in {"FILLED", "CLOSED", "CANCELLED"}:
        closed_at = min(anchor, core.posted + datetime.timedelta(hours=_randint(rng, 24, 60 * 24)))
    kind = _JOB_TYPE_WORDS[job_type].title()
    job_title = f"{kind} {prof.abbreviation} - {spec.name}"
    second = shift.second
    updated = min(anchor, core.posted + datetime.timedelta(minutes=_randint(rng, 0, 3 * 24 * 60)))
    job_id = core.id

    # Anonymous / logged-in board views; share views are added by the caller's counter.
    n_views = min(40, int(rng.expovariate(1 / 1.2))) if shown or not is_open else 0
    until = closed_at or anchor
    for v in range(n_views):
        seen = core.posted + (until - core.posted) * rng.random()
        user_id = (
            _pick(rng, candidate_user_ids) if candidate_user_ids and rng.random() < 0.25 else None
        )
        session_id = f"s_{rng.getrandbits(64):016x}"
        referrer = _simple_choice("referrer").pick(rng)
        out.views.append(
            {
                "id": _uid(seed, "job-view", index * 64 + v),
                "job_id": job_id,
                "user_id": user_id,
                "session_id": session_id,
                "referrer_url": referrer,
                "referral_code": None,
                "recruiter_share_id": None,
                "created_at": seen,
            }
        )
        out.page_view_jobs.append(job_id)
        out.page_views.append(
            {
                "id": _uid(seed, "job-page-view", index * 64 + v),
                "user_id": user_id,
                "session_id": session_id,
                "page_url": f"/jobs/{core.external_job_id}",
                "referrer_url": referrer,
                "user_agent": _pick(rng, _USER_AGENTS),
                "ip_address": f"203.0.113.{_randint(rng, 1, 254)}",
                "created_at": seen,
            }
        )

    out.jobs.append(
        {
            "id": job_id,
            "external_job_id": core.external_job_id,
            "job_title": job_title,
            "posting_id": f"EMS-{core.external_job_id}",
            "display_on_external_job_board": shown,
            "description": description,
            "description_text": text,
            "posted_date": core.posted,
            "preferred_certifications": ", ".join(preferred) or None,
            "sign_on_bonus": None if bonus is None else Decimal(bonus),
            "no_of_openings": openings,
            "job_type": job_type,
            "msa": rng.random() < 0.25,
            "start_date": start,
            "end_date": end,
            "asap": asap,
            "duration": duration,
            "duration_type": DurationType.WEEKS if duration else None,
            "job_status_id": ids.job_statuses[core.status_code],
            "job_status_code": core.status_code,
            "hot_job": hot,
            "floating_req_units": (
                "ICU, Step-Down, Telemetry, Med-Surg" if spec.name == "Float Pool" else None
            ),
            "position_type": (
                ("Full Time" if rng.random() < 0.85 else "Part Time")
                if job_type is JobType.PERM
                else "PRN"
                if job_type is JobType.PER_DIEM
                else "Contract"
            ),
            "shift_start_time1": shift.first.start,
            "shift_end_time1": shift.first.end,
            "shift_start_time2": second.start if second else None,
            "shift_end_time2": second.end if second else None,
            "shifts_per_week1": shift.first.shifts_per_week,
            "scheduled_hrs1": Decimal(f"{shift.first.scheduled_hours:g}"),
            "shifts_per_week2": second.shifts_per_week if second else None,
            "scheduled_hrs2": Decimal(f"{second.scheduled_hours:g}") if second else None,
            "shift": shift.label,
            "title": f"{spec.name} {prof.name}",
            "offering": {
                JobType.TRAVEL: "Travel",
                JobType.LOCAL: "Local Contract",
                JobType.PER_DIEM: "Per Diem",
                JobType.PERM: "Permanent Placement",
            }[job_type],
            "sub_offering": "Rapid Response"
            if rapid
            else ("Nursing" if prof.is_nursing else "Allied Health"),
            "profession_id": ids.professions[prof.external_id],
            "specialty_id": ids.specialties[spec.external_id],
            "sales_rep_id": rep.id,
            "sales_rep_first_name": rep.person.first,
            "sales_rep_last_name": rep.person.last,
            "sales_rep_email": rep.email,
            "staffing_specialist_id": specialist.external_id if specialist else None,
            "staffing_specialist_first_name": specialist.person.first if specialist else None,
            "staffing_specialist_last_name": specialist.person.last if specialist else None,
            "staffing_specialist_email": specialist.email if specialist else None,
            "vms_id": vms_id,
            "vms": vms,
            "client_name": client,
            "client_website": None,
            "client_primary_division": spec.department,
            "client_city": city.name,
            "client_state_id": ids.states[state.code],
            "client_state": state.name,
            "client_state_code": state.code,
            "client_zip": city.zip,
            "client_country": "USA",
            "weekly_pay": _money(pay.weekly),
            "hourly_pay": _money(pay.hourly),
            "hourly_pay_range": pay.hourly_range,
            "weekly_pay_range": pay.weekly_range,
            "featured_job": featured,
            "position_urgency_id": "2" if urgent else "1",
            "position_urgency": "Urgent" if urgent else "Standard",
            "seo_title": None,
            "seo_description": None,
            "seo_keywords": None,
            "page_views": n_views + share_views,
            "application_count": application_count,
            "content_hash": None,
            "last_synced_at": None,
            "closed_at": closed_at,
            "created_at": core.posted,
            "updated_at": updated,
        }
    )
    for c, cert in enumerate(required):
        out.certs.append(
            {
                "id": _uid(seed, "job-cert", index * 32 + c),
                "job_id": job_id,
                "certification": cert,
                "for_onboarding": True,
                "for_submittal": cert in {"BLS", "ACLS", "PALS", "NRP"} or c == 0,
                "created_at": core.posted,
            }
        )
    if job_type is not JobType.PERM:
        markup = rng.uniform(1.32, 1.5) if job_type is JobType.TRAVEL else rng.uniform(1.25, 1.4)
        regular = pay.hourly * markup
        rates = [
            ("1", "Regular", regular),
            ("2", "Overtime", regular * 1.5),
            ("3", "Holiday", regular * 1.5),
        ]
        if shift.code == "D10CALL" or spec.name in _PROCEDURAL:
            rates += [
                ("4", "On Call", _pick(rng, (8.0, 10.0, 12.0, 15.0))),
                ("5", "Call Back", regular * 1.5),
            ]
        if job_type is JobType.TRAVEL and rng.random() < 0.3:
            rates.append(("6", "Orientation", regular))
        for r_i, (code_id, code, rate) in enumerate(rates):
            out.rates.append(
                {
                    "id": _uid(seed, "job-rate", index * 8 + r_i),
                    "job_id": job_id,
                    "bill_rate_code_id": code_id,
                    "bill_rate_code": code,
                    "rate": _money(rate),
                    "created_at": core.posted,
                }
            )


# ------------------------------------------------------------------------------ people rows


@dataclass(slots=True)
class _World:
    """Every non-job row, generated in memory before anything is inserted."""

    users: list[dict[str, Any]] = field(default_factory=list)
    recruiters: list[dict[str, Any]] = field(default_factory=list)
    shares: list[dict[str, Any]] = field(default_factory=list)
    share_views: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    candidate_children: dict[Table, list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    """Rows of candidate_professions, _specialties, _job_types, _preferred_states, _licenses."""
    applications: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    rewards: list[dict[str, Any]] = field(default_factory=list)
    site_page_views: list[dict[str, Any]] = field(default_factory=list)
    applications_per_job: Counter[int] = field(default_factory=Counter)
    """job index -> applications (``jobs.application_count``)"""
    share_views_per_job: Counter[int] = field(default_factory=Counter)
    """job index -> views through recruiter shares (part of ``jobs.page_views``)"""
    candidate_user_ids: list[uuid.UUID] = field(default_factory=list)


def _recruiters(seed: int, count: int, anchor: datetime.datetime) -> list[_Recruiter]:
    out = []
    for i in range(count):
        rng = random.Random(f"{seed}:recruiter:{i}")
        person = _person(rng)
        out.append(
            _Recruiter(
                index=i,
                id=_uid(seed, "recruiter", i),
                user_id=_uid(seed, "recruiter-user", i),
                external_id=DEMO_EXTERNAL_RECRUITER_ID_BASE
                + (seed % 1000) * MAX_DEMO_RECRUITERS
                + i,
                person=person,
                email=person.email(f"r{i + 1}"),
                active=i < 3 or rng.random() < 0.85,
            )
        )
    return out


def _build_world(
    seed: int,
    *,
    candidates: int,
    anchor: datetime.datetime,
    ids: MasterIds,
    recruiters: Sequence[_Recruiter],
    cores: Sequence[_JobCore],
    password_hash: str | None,
    site_url: str,
) -> _World:
    today = anchor.date()
    w = _World()
    children = w.candidate_children
    t_prof = _table(CandidateProfession)
    t_spec = _table(CandidateSpecialty)
    t_type = _table(CandidateJobType)
    t_state = _table(CandidatePreferredState)
    t_lic = _table(CandidateLicense)

    # --- recruiters
    for rec in recruiters:
        rng = random.Random(f"{seed}:recruiter-detail:{rec.index}")
        created = anchor - datetime.timedelta(days=rng.randint(200, 2000))
        phone = _phone(rng)
        w.users.append(
            {
                "id": rec.user_id,
                "email": rec.email,
                "password_hash": password_hash,
                "first_name": rec.person.first,
                "last_name": rec.person.last,
                "phone": phone,
                "user_type": UserType.RECRUITER,
                "status": UserStatus.ACTIVE if rec.active else UserStatus.INACTIVE,
                "last_login": (
                    anchor - datetime.timedelta(minutes=rng.randint(5, 7 * 24 * 60))
                    if rec.active
                    else None
                ),
                "created_at": created,
                "updated_at": created,
            }
        )
        title = rng.choice(_RECRUITER_TITLES)
        w.recruiters.append(
            {
                "id": rec.id,
                "user_id": rec.user_id,
                "external_recruiter_id": rec.external_id,
                "title": title,
                "bio": (
                    f"{rec.person.first} is a {title.lower()} at Excel Medical Staffing with "
                    f"{rng.randint(2, 15)} years of healthcare staffing experience, helping "
                    "clinicians find assignments that fit their goals."
                ),
                "photo_url": None,
                "phone": phone,
                "email": rec.email,
                "active": rec.active,
                "created_at": created,
                "updated_at": created,
            }
        )

    open_jobs = [c for c in cores if c.status_code == "OPEN"]
    jobs_by_profession: dict[int, list[_JobCore]] = defaultdict(list)
    jobs_by_specialty: dict[int, list[_JobCore]] = defaultdict(list)
    for core in cores:
        jobs_by_profession[core.profession.external_id].append(core)
        jobs_by_specialty[core.specialty.external_id].append(core)

    # --- recruiter job shares (+ their views)
    shares_by_job: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for rec in recruiters:
        if not rec.active or not open_jobs:
            continue
        rng = random.Random(f"{seed}:shares:{rec.index}")
        picks = rng.sample(range(len(open_jobs)), k=min(len(open_jobs), rng.randint(3, 12)))
        for s_i, j in enumerate(picks):
            core = open_jobs[j]
            share_id = _uid(seed, "share", f"{rec.index}:{s_i}")
            code = _code(share_id)
            created = core.posted + (anchor - core.posted) * rng.random() * 0.5
            share: dict[str, Any] = {
                "id": share_id,
                "recruiter_id": rec.id,
                "job_id": core.id,
                "share_code": code,
                "share_url": f"{site_url}/jobs/{core.external_job_id}?share={code}",
                "created_at": created,
                "views": 0,
                "applications": 0,
                "placements": 0,
            }
            n_views = rng.randint(0, 30)
            for v in range(n_views):
                w.share_views.append(
                    {
                        "id": _uid(seed, "share-view", f"{rec.index}:{s_i}:{v}"),
                        "job_id": core.id,
                        "user_id": None,
                        "session_id": f"s_{rng.getrandbits(64):016x}",
                        "referrer_url": rng.choice(
                            (
                                "https://www.facebook.com/",
                                "https://www.linkedin.com/",
                                "https://mail.google.com/",
                                None,
                            )
                        ),
                        "referral_code": code,
                        "recruiter_share_id": share_id,
                        "created_at": created + (anchor - created) * rng.random(),
                    }
                )
            share["views"] = n_views
            w.share_views_per_job[core.index] += n_views
            shares_by_job[core.index].append(share)
            w.shares.append(share)

    # --- candidates
    active_recruiters = [r for r in recruiters if r.active] or list(recruiters)
    names = _names()
    source_weights = {
        "Website": 30,
        "Chat Assistant": 14,
        "Employee Referral": 5,
        "Indeed": 12,
        "LinkedIn": 6,
        "Facebook": 6,
        "Instagram": 3,
        "Google Search": 8,
        "Vivian Health": 4,
        "ZipRecruiter": 3,
        "Glassdoor": 2,
        "Job Fair": 3,
        "Email Campaign": 3,
        "Text Campaign": 2,
        "Call In": 2,
        "Other": 1,
    }
    sources = _Choice.of(
        (s, source_weights[s.name]) for s in md.referral_sources() if s.name in source_weights
    )
    user_status_choice = _Choice.of(
        ((UserStatus.ACTIVE, 85), (UserStatus.PENDING, 10), (UserStatus.INACTIVE, 5))
    )
    verification_choice = _Choice.of(
        (
            (VerificationStatus.VERIFIED, 80),
            (VerificationStatus.PENDING, 15),
            (VerificationStatus.FAILED, 5),
        )
    )
    referral_source_by_name = {s.name: s for s in md.referral_sources()}
    status_by_name = {s.name: s for s in md.candidate_statuses()}
    status_choice = _Choice.of(
        (status_by_name[n], wt)
        for n, wt in (
            ("New Lead", 20),
            ("Applicant", 20),
            ("In Screening", 12),
            ("Active", 25),
            ("Available", 10),
            ("Inactive", 10),
            ("Do Not Use", 1),
        )
    )
    ambassadors: list[tuple[int, uuid.UUID]] = []  # (candidate index, user id)
    for i in range(candidates):
        rng = random.Random(f"{seed}:candidate:{i}")
        person = _person(rng)
        user_id = _uid(seed, "candidate-user", i)
        cand_id = _uid(seed, "candidate", i)
        email = person.email(str(i + 1))
        w.candidate_user_ids.append(user_id)
        created = anchor - datetime.timedelta(minutes=rng.randint(60, 540 * 24 * 60))
        prof: md.ProfessionInfo = _profession_choice().pick(rng)
        primary: md.SpecialtyInfo = _specialty_choice(prof.external_id).pick(rng)
        specs = {primary.external_id: primary}
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            extra: md.SpecialtyInfo = _specialty_choice(prof.external_id).pick(rng)
            specs.setdefault(extra.external_id, extra)
        home: md.CityInfo = _city_choice().pick(rng)
        travel = rng.random() < 0.7
        recruiter = (
            active_recruiters[rng.randrange(len(active_recruiters))]
            if active_recruiters and rng.random() < 0.85
            else None
        )
        ambassador = rng.random() < 0.06
        referred_by: tuple[int, uuid.UUID] | None = None
        if ambassadors and rng.random() < 0.12:
            referred_by = ambassadors[rng.randrange(len(ambassadors))]
        referral_id = _uid(seed, "referral", f"cand:{i}")
        referral_code_of_candidate = _code(referral_id, 12)
        source = referral_source_by_name["Candidate Referral"] if referred_by else sources.pick(rng)
        user_status: UserStatus = user_status_choice.pick(rng)
        cand_code = _code(_uid(seed, "candidate-code", i))
        if ambassador:
            ambassadors.append((i, user_id))
        phone = _phone(rng)
        w.users.append(
            {
                "id": user_id,
                "email": email,
                "password_hash": password_hash,
                "first_name": person.first,
                "last_name": person.last,
                "phone": phone,
                "user_type": UserType.CANDIDATE,
                "status": user_status,
                "last_login": (
                    None
                    if user_status is UserStatus.PENDING
                    else created + (anchor - created) * rng.random()
                ),
                "created_at": created,
                "updated_at": created,
            }
        )

        # job-type preferences
        job_types = [CandidateJobTypeValue.TRAVEL] if travel else []
        for value, p in (
            (CandidateJobTypeValue.LOCAL, 0.35),
            (CandidateJobTypeValue.PERDIEM, 0.3),
            (CandidateJobTypeValue.PERM, 0.2),
        ):
            if rng.random() < p:
                job_types.append(value)
        if not job_types:
            job_types.append(CandidateJobTypeValue.LOCAL)
        # preferred states
        preferred: dict[str, md.StateInfo] = {}
        if rng.random() < 0.6 or not travel:
            preferred[home.state_code] = md.state_by_code(home.state_code)
        for _ in range(rng.randint(1 if travel else 0, 4 if travel else 1)):
            st: md.StateInfo = _state_choice().pick(rng)
            preferred.setdefault(st.code, st)
        if not preferred:
            preferred[home.state_code] = md.state_by_code(home.state_code)

        # applications
        apps_here: list[tuple[_JobCore, ApplicationStatus]] = []
        pool = jobs_by_profession.get(prof.external_id, [])
        n_apps = rng.choices((0, 1, 2, 3, 4, 5, 6), weights=(25, 25, 20, 15, 8, 5, 2))[0]
        chosen: set[int] = set()
        same_spec = [c for ext in specs for c in jobs_by_specialty.get(ext, ())]
        for _ in range(n_apps if pool else 0):
            candidates_pool = same_spec if same_spec and rng.random() < 0.7 else pool
            core = candidates_pool[rng.randrange(len(candidates_pool))]
            if core.index in chosen:
                continue
            chosen.add(core.index)
            app_id = _uid(seed, "application", f"{i}:{core.index}")
            final, steps = _simple_choice("outcome").pick(rng)
            flow = list(_APP_FLOW[:steps])
            if final is ApplicationStatus.REJECTED:
                flow.append(ApplicationStatus.REJECTED)
            first_seen = max(core.posted, created)
            t = first_seen + (anchor - first_seen) * rng.random() * 0.7
            owner = recruiter or (
                active_recruiters[core.index % len(active_recruiters)]
                if active_recruiters
                else None
            )
            referrer_id = None
            referral_code = None
            app_source = _simple_choice("app_source").pick(rng)
            if referred_by is not None and not apps_here:
                referrer_id, app_source = referred_by[1], "referral"
                referral_code = referral_code_of_candidate
            elif shares_by_job.get(core.index) and rng.random() < 0.5:
                share = rng.choice(shares_by_job[core.index])
                referral_code, app_source = share["share_code"], "recruiter_share"
                share["applications"] += 1
                if flow[-1] is ApplicationStatus.PLACED:
                    share["placements"] += 1
            created_app = t
            for step, status in enumerate(flow):
                if step:
                    remaining = max((anchor - t).total_seconds(), 0.0)
                    t = t + datetime.timedelta(
                        seconds=max(
                            60.0,
                            min(3 * 86400.0, remaining / (len(flow) - step + 1)) * rng.random(),
                        )
                    )
                w.history.append(
                    {
                        "id": _uid(seed, "app-history", f"{app_id}:{step}"),
                        "application_id": app_id,
                        "status": status,
                        "notes": rng.choice(_APP_NOTES[status]),
                        "created_by": user_id if step == 0 or owner is None else owner.user_id,
                        "created_at": t,
                    }
                )
            w.applications.append(
                {
                    "id": app_id,
                    "candidate_id": cand_id,
                    "job_id": core.id,
                    "status": flow[-1],
                    "recruiter_id": owner.id if owner else None,
                    "referrer_id": referrer_id,
                    "referral_code": referral_code,
                    "source": app_source,
                    "notes": None,
                    "created_at": created_app,
                    "updated_at": t,
                }
            )
            w.applications_per_job[core.index] += 1
            apps_here.append((core, flow[-1]))

        statuses = {s for _, s in apps_here}
        if ApplicationStatus.PLACED in statuses:
            cand_status = status_by_name["On Assignment"]
        elif statuses & {ApplicationStatus.INTERVIEWING, ApplicationStatus.OFFERED}:
            cand_status = status_by_name["Submitted"]
        elif apps_here:
            cand_status = status_by_name["Applicant"]
        else:
            cand_status = status_choice.pick(rng)

        street = f"{rng.randint(100, 9899)} {rng.choice(names['street_names'])} " + rng.choice(
            names["street_suffixes"]
        )
        handle = f"{person.first}{person.last}{i + 1}".lower()
        w.candidates.append(
            {
                "id": cand_id,
                "user_id": user_id,
                "status_id": ids.candidate_statuses[cand_status.external_id],
                "referral_source_id": ids.referral_sources[source.external_id],
                "referring_user_id": referred_by[1] if referred_by else None,
                "primary_specialty_id": ids.specialties[primary.external_id],
                "years_of_experience": Decimal(rng.randint(1, 50)) / 2,
                "available_from": today + datetime.timedelta(days=rng.randint(-10, 90)),
                "travel_status": travel,
                "address_line1": street,
                "address_line2": f"Apt {rng.randint(1, 40)}" if rng.random() < 0.2 else None,
                "city": home.name,
                "state_id": ids.states[home.state_code],
                "zip": home.zip,
                "country_id": ids.countries["USA"],
                "cell_phone": phone,
                "home_phone": _phone(rng) if rng.random() < 0.1 else None,
                "send_mass_emails": rng.random() < 0.8,
                "send_mass_sms": rng.random() < 0.6,
                "recruiter_id": recruiter.id if recruiter else None,
                "ambassador": ambassador,
                "ambassador_url": f"{site_url}/refer/{cand_code}" if ambassador else None,
                "facebook": None,
                "instagram": f"https://www.instagram.com/{handle}" if rng.random() < 0.1 else None,
                "linkedin": f"https://www.linkedin.com/in/{handle}" if rng.random() < 0.2 else None,
                "other_social": None,
                "external_candidate_id": None,
                "created_at": created,
                "updated_at": created,
            }
        )
        children[t_prof].append(
            {
                "id": _uid(seed, "cand-prof", i),
                "candidate_id": cand_id,
                "profession_id": ids.professions[prof.external_id],
                "created_at": created,
            }
        )
        for ext in specs:
            children[t_spec].append(
                {
                    "id": _uid(seed, "cand-spec", f"{i}:{ext}"),
                    "candidate_id": cand_id,
                    "specialty_id": ids.specialties[ext],
                    "created_at": created,
                }
            )
        for jt in job_types:
            children[t_type].append(
                {
                    "id": _uid(seed, "cand-type", f"{i}:{jt.value}"),
                    "candidate_id": cand_id,
                    "job_type": jt,
                    "created_at": created,
                }
            )
        for code in preferred:
            children[t_state].append(
                {
                    "id": _uid(seed, "cand-state", f"{i}:{code}"),
                    "candidate_id": cand_id,
                    "state_id": ids.states[code],
                    "created_at": created,
                }
            )
        if prof.abbreviation in _LICENSED:
            others = [c for c in preferred if c != home.state_code]
            lic_states = [home.state_code, *others[: rng.randint(0, 2)]]
            for code in lic_states:
                roll = rng.random()
                if roll < 0.10:
                    expires = today + datetime.timedelta(days=rng.randint(1, 29))
                    lic_status = LicenseStatus.ACTIVE
                elif roll < 0.15:
                    expires = today - datetime.timedelta(days=rng.randint(1, 200))
                    lic_status = LicenseStatus.EXPIRED
                elif roll < 0.22:
                    expires = today + datetime.timedelta(days=rng.randint(300, 730))
                    lic_status = LicenseStatus.PENDING
                else:
                    expires = today + datetime.timedelta(days=rng.randint(31, 730))
                    lic_status = LicenseStatus.ACTIVE
                verification = (
                    VerificationStatus.PENDING
                    if lic_status is LicenseStatus.PENDING
                    else verification_choice.pick(rng)
                )
                abbr = prof.abbreviation.split("/")[0].replace(" ", "").upper()[:4]
                children[t_lic].append(
                    {
                        "id": _uid(seed, "cand-license", f"{i}:{code}"),
                        "candidate_id": cand_id,
                        "state_id": ids.states[code],
                        "profession_id": ids.professions[prof.external_id],
                        "license_number": f"{code}-{abbr}{rng.randint(100000, 999999)}",
                        "expiration_date": expires,
                        "status": lic_status,
                        "verification_status": verification,
                        "created_at": created,
                        "updated_at": created,
                    }
                )

        # site page views of this candidate's visits
        for p in range(rng.randint(1, 6)):
            seen = created + (anchor - created) * rng.random()
            w.site_page_views.append(
                {
                    "id": _uid(seed, "page-view", f"cand:{i}:{p}"),
                    "user_id": user_id if rng.random() < 0.6 else None,
                    "session_id": f"s_{rng.getrandbits(64):016x}",
                    "page_url": rng.choice(_SITE_PAGES),
                    "referrer_url": _simple_choice("referrer").pick(rng),
                    "user_agent": rng.choice(_USER_AGENTS),
                    "ip_address": f"198.51.100.{rng.randint(1, 254)}",
                    "created_at": seen,
                }
            )

        # the referral that brought this candidate in
        if referred_by is not None:
            ref_id = referral_id
            if ApplicationStatus.PLACED in statuses:
                ref_status = ReferralStatus.PLACED
            elif apps_here:
                ref_status = ReferralStatus.APPLIED
            else:
                ref_status = ReferralStatus.REGISTERED
            sent = created - datetime.timedelta(days=rng.randint(1, 20))
            w.referrals.append(
                {
                    "id": ref_id,
                    "referrer_id": referred_by[1],
                    "referred_email": email,
                    "referred_user_id": user_id,
                    "referral_code": referral_code_of_candidate,
                    "status": ref_status,
                    "job_id": apps_here[0][0].id if apps_here else None,
                    "created_at": sent,
                    "updated_at": w.applications[-len(apps_here)]["created_at"]
                    if apps_here
                    else created,
                }
            )
            if ref_status is ReferralStatus.PLACED:
                _reward(rng, seed, ref_id, anchor, created, w.rewards)

    # referrals sent by ambassadors that nobody acted on yet
    for a_index, a_user in ambassadors:
        rng = random.Random(f"{seed}:ambassador:{a_index}")
        for k in range(rng.randint(1, 4)):
            ref_id = _uid(seed, "referral", f"sent:{a_index}:{k}")
            friend = _person(rng)
            sent = anchor - datetime.timedelta(minutes=rng.randint(60, 120 * 24 * 60))
            job = (
                open_jobs[rng.randrange(len(open_jobs))]
                if open_jobs and rng.random() < 0.5
                else None
            )
            w.referrals.append(
                {
                    "id": ref_id,
                    "referrer_id": a_user,
                    "referred_email": friend.email(f"ref{a_index}x{k}", "example.net"),
                    "referred_user_id": None,
                    "referral_code": _code(ref_id, 12),
                    "status": ReferralStatus.SENT,
                    "job_id": job.id if job else None,
                    "created_at": sent,
                    "updated_at": sent,
                }
            )
    return w


def _reward(
    rng: random.Random,
    seed: int,
    referral_id: uuid.UUID,
    anchor: datetime.datetime,
    since: datetime.datetime,
    out: list[dict[str, Any]],
) -> None:
    status = _Choice.of(
        (
            (RewardStatus.PAID, 50),
            (RewardStatus.APPROVED, 25),
            (RewardStatus.PENDING, 20),
            (RewardStatus.REJECTED, 5),
        )
    ).pick(rng)
    created = since + (anchor - since) * rng.random()
    paid = status is RewardStatus.PAID
    method = rng.choice(("ACH", "Check", "Payroll")) if paid else None
    reward_id = _uid(seed, "reward", str(referral_id))
    out.append(
        {
            "id": reward_id,
            "referral_id": referral_id,
            "amount": Decimal(rng.choice((500, 750, 1000, 1500, 2000))),
            "status": status,
            "payment_date": (
                (created + datetime.timedelta(days=rng.randint(7, 45))).date() if paid else None
            ),
            "payment_method": method,
            "payment_reference": f"{method}-{_code(reward_id, 8).upper()}" if paid else None,
            "created_at": created,
            "updated_at": created,
        }
    )


# ------------------------------------------------------------------------------ inserts


async def _insert(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """``INSERT ... ON CONFLICT DO NOTHING`` of ``rows``; returns how many were inserted."""
    if not rows:
        return 0
    # RETURNING a constant: counts the inserted rows without converting ids back.
    stmt: ReturningInsert[tuple[int]] = (
        insert(table).on_conflict_do_nothing().returning(literal_column("1", Integer))
    )
    result = await session.execute(stmt, list(rows))
    return len(result.all())


_JOB_STAGE_TABLES: tuple[Table, ...] = (
    _table(Job),
    _table(JobRequiredCertification),
    _table(JobRate),
    _table(JobView),
    _table(PageView),
)


async def _copy(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """COPY ``rows`` into ``table`` (asyncpg binary COPY, inside the session's transaction)."""
    if not rows:
        return 0
    columns = list(rows[0])
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(
        table.name, records=list(map(itemgetter(*columns), rows)), columns=columns
    )
    return len(rows)


async def _insert_job_batch(session: AsyncSession, out: _JobRows) -> Counter[str]:
    """Insert one batch of jobs with their child rows, in one transaction.

    Jobs that already exist (same id: a previous run) are skipped with all their child
    rows, which were committed together with them. The rest is COPYed: the jobs stage has
    ~10x the rows of every other stage and COPY needs no per-parameter work on the
    client. Should a COPY still hit a unique constraint (e.g. the ``external_job_id`` of
    a seed sharing this seed's id block, or a concurrent run) the batch falls back to
    ``INSERT ... ON CONFLICT DO NOTHING`` and keeps only the child rows of inserted jobs.
    """
    counts: Counter[str] = Counter()
    jobs_table = _table(Job)
    async with session.begin():
        # Demo rows: a crash may lose the last batches, which the next run re-inserts.
        await session.execute(text("SET LOCAL synchronous_commit = off"))
        ids = [row["id"] for row in out.jobs]
        found = await session.execute(select(jobs_table.c.id).where(jobs_table.c.id.in_(ids)))
        existing = set(found.scalars())
        if existing:
            out = out.only_jobs(set(ids) - existing)
        if not out.jobs:
            return counts
        try:
            async with session.begin_nested():
                for table, rows in out.tables():
                    counts[table.name] += await _copy(session, table, rows)
        except (IntegrityError, asyncpg.IntegrityConstraintViolationError):
            counts.clear()
            result = await session.execute(
                insert(jobs_table).on_conflict_do_nothing().returning(jobs_table.c.id),
                out.jobs,
            )
            inserted = set(result.scalars())
            out = out.only_jobs(inserted)
            counts[jobs_table.name] = len(inserted)
            for table, rows in out.tables()[1:]:
                counts[table.name] += await _insert(session, table, rows)
    return counts


async def _insert_jobs(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    seed: int,
    jobs: int,
    batch_size: int,
    anchor: datetime.datetime,
    ids: MasterIds,
    specialists: Sequence[_Recruiter],
    reps: Sequence[_SalesRep],
    world: _World,
    report: ProgressFn,
    cores: Sequence[_JobCore],
    parallel: int = 2,
) -> Counter[str]:
    """The jobs stage: jobs with their certifications, rates and views, batch by batch.

    Each batch is one transaction. Batches are generated while up to ``parallel`` earlier
    batches are being inserted on their own connections (the generator yields to the
    event loop every few jobs so those inserts progress).
    """
    counts: Counter[str] = Counter({t.name: 0 for t in _JOB_STAGE_TABLES})
    async with contextlib.AsyncExitStack() as stack:
        sessions = [await stack.enter_async_context(session_factory()) for _ in range(parallel)]
        in_flight: collections.deque[tuple[asyncio.Task[Counter[str]], int]] = collections.deque()
        try:
            for k, start in enumerate(range(0, jobs, batch_size)):
                end = min(jobs, start + batch_size)
                out = _JobRows()
                for i in range(start, end):
                    if in_flight and i % 25 == 0:
                        await asyncio.sleep(0)
                    _job_rows(
                        seed,
                        cores[i],
                        anchor,
                        ids,
                        specialists,
                        reps,
                        application_count=world.applications_per_job[i],
                        share_views=world.share_views_per_job[i],
                        candidate_user_ids=world.candidate_user_ids,
                        out=out,
                    )
                if len(in_flight) == parallel:
                    task, upto = in_flight.popleft()
                    counts.update(await task)
                    report("jobs", upto, jobs)
                # The oldest batch (the one that used this session) has finished.
                session = sessions[k % parallel]
                in_flight.append((asyncio.create_task(_insert_job_batch(session, out)), end))
            while in_flight:
                task, upto = in_flight.popleft()
                counts.update(await task)
                report("jobs", upto, jobs)
        finally:
            for task, _ in in_flight:
                task.cancel()
            await asyncio.gather(*(task for task, _ in in_flight), return_exceptions=True)
    return counts


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def _deconflict_emails(
    session: AsyncSession, users: list[dict[str, Any]], seed: int, batch_size: int
) -> None:
    """Rename demo users whose email belongs to another user (e.g. a different seed)."""
    table = _table(User)
    for batch in _batches(users, batch_size):
        emails = [u["email"] for u in batch]
        result = await session.execute(
            select(table.c.email, table.c.id).where(table.c.email.in_(emails))
        )
        owners = dict(result.tuples().all())
        for user in batch:
            owner = owners.get(user["email"])
            if owner is not None and owner != user["id"]:
                local, _, domain = user["email"].partition("@")
                user["email"] = f"{local}+s{seed}@{domain}"


async def seed_demo(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    jobs: int,
    candidates: int,
    seed: int,
    progress: ProgressFn | None = None,
    batch_size: int = 1000,
    today: datetime.date | None = None,
    demo_password: str | None = None,
    site_url: str = DEMO_SITE_URL,
) -> dict[str, int]:
    """Insert demo data; returns the number of rows inserted per table.

    ``today`` anchors every date (default: today in UTC); timestamps lie before it.
    ``demo_password``: when given, every demo user gets a (deterministic) argon2 hash of
    it; by default ``password_hash`` is NULL so demo users cannot log in.
    Master data is loaded (idempotently) first. Each batch commits on its own, so an
    interrupted run is completed by running again.
    """
    if not 0 <= jobs <= MAX_DEMO_JOBS:
        raise ValueError(f"jobs must be between 0 and {MAX_DEMO_JOBS}")
    if candidates < 0:
        raise ValueError("candidates must be >= 0")
    day = today or datetime.datetime.now(datetime.UTC).date()
    anchor = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=datetime.UTC)
    report = progress or (lambda _stage, _done, _total: None)

    async with session_factory() as session, session.begin():
        await load_master_data(session)
    async with session_factory() as session:
        ids = await master_ids(session)
        if jobs:
            owner = await session.scalar(
                select(_table(Job).c.id).where(
                    _table(Job).c.external_job_id == demo_external_job_id(seed, 0)
                )
            )
            if owner is not None and owner != _uid(seed, "job", 0):
                raise ValueError(
                    f"demo seed {seed} shares its external_job_id block with a seed already in "
                    "the database (seeds that are equal modulo 1000 do); use another seed"
                )

    # Millions of short-lived dicts: the cyclic GC would rescan them over and over
    # (~30% of the generation time) and they hold no cycles.
    with _gc_paused():
        n_recruiters = min(MAX_DEMO_RECRUITERS, max(5, 5 + candidates // 20 + jobs // 1000))
        recruiters = _recruiters(seed, n_recruiters, anchor)
        reps = _sales_reps(seed)
        cores = [_job_core(seed, i, anchor) for i in range(jobs)]
        password_hash = None if demo_password is None else demo_password_hash(demo_password, seed)
        world = _build_world(
            seed,
            candidates=candidates,
            anchor=anchor,
            ids=ids,
            recruiters=recruiters,
            cores=cores,
            password_hash=password_hash,
            site_url=site_url,
        )

        counts: Counter[str] = Counter()

        async def run(stage: str, table: Table, rows: Sequence[dict[str, Any]]) -> None:
            done = 0
            for batch in _batches(rows, batch_size):
                async with session_factory() as session, session.begin():
                    counts[table.name] += await _insert(session, table, batch)
                done += len(batch)
                report(stage, done, len(rows))
            counts.setdefault(table.name, 0)

        async with session_factory() as session:
            await _deconflict_emails(session, world.users, seed, batch_size)
        await run("users", _table(User), world.users)
        await run("recruiters", _table(Recruiter), world.recruiters)

        counts.update(
            await _insert_jobs(
                session_factory,
                seed=seed,
                jobs=jobs,
                batch_size=batch_size,
                anchor=anchor,
                ids=ids,
                specialists=[r for r in recruiters if r.active] or recruiters,
                reps=reps,
                world=world,
                report=report,
                cores=cores,
            )
        )
        del cores

        await run("job shares", _table(RecruiterJobShare), world.shares)
        await run("job views", _table(JobView), world.share_views)
        await run("page views", _table(PageView), world.site_page_views)
        await run("candidates", _table(Candidate), world.candidates)
        for table, rows in world.candidate_children.items():
            await run(
                f"candidate {table.name.removeprefix('candidate_').replace('_', ' ')}", table, rows
            )
        await run("applications", _table(Application), world.applications)
        await run("application history", _table(ApplicationStatusHistory), world.history)
        await run("referrals", _table(Referral), world.referrals)
        await run("referral rewards", _table(ReferralReward), world.rewards)
    return dict(sorted(counts.items()))
