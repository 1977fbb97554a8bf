"""A local LaborEdge: same protocol as the real API, deterministic data, faults on demand.

``create_simulator_app(SimulatorConfig(...))`` returns an ASGI app serving

* ``POST /auth/oauth2/token`` - OAuth2 password and refresh_token grants. HTTP
  Basic client credentials, ``organizationCode`` required in the form, the
  query string AND the ``organizationCode`` header (the real server reads it
  from different places; the simulator insists on all three so a client that
  forgets one fails here, not in production). Answers ``acess_token`` (sic),
  ``refresh_token`` (single use), ``expires_in`` and a JWT-shaped token with
  ``exp``.
* ``GET /api/api-integration/v1/master/{name}`` - the ten master lists; the ids
  are the ``external_id``s of :mod:`data_layer.master.catalog`.
* ``POST /api/leap-service/v1/unsecured/jobboard/organization/{org}?offeringId=``
  - the job board search (filters + ``pagingSortingDetails``; ``{"records",
  "count"}``) and ``GET .../job/{jobId}`` (404 when unknown or closed). The
  board is unsecured: no token needed, but a token that is sent is checked.
  Beyond the documented filters it accepts ``modifiedSince`` (ISO timestamp).
* candidate search, create and update (in memory).

It changes over time and misbehaves through an admin API (``/__sim/...``):
``POST /__sim/mutate`` adds, updates, closes and reopens jobs; ``GET
/__sim/jobs`` is the current truth; ``POST /__sim/faults`` sets fault
injection (429 with Retry-After, 500s, slow pages, dropped connections,
expired tokens, malformed records), ``GET /__sim/stats`` counts what happened.

Jobs are generated from a seeded RNG per job, so ``jobs=1000`` is the first
1000 jobs of ``jobs=20000``; every record is kept JSON-encoded, and a page is
the concatenation of cached bytes, so 20,000 jobs are served fast.
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import datetime
import hashlib
import hmac
import html
import itertools
import json
import logging
import random
import re
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

import msgspec
from litestar import Litestar, Request, Response, get, patch, post
from litestar.datastructures import State

from data_layer.master import catalog as md
from data_layer.models.jobs import JobType
from workers.laboredge.config import SIMULATOR_CREDENTIALS, TOKEN_PATH, SimulatorCredentials
from workers.laboredge.mapping import normalize_job_type

__all__ = [
    "FaultConfig",
    "SimulatedConnectionDrop",
    "SimulatorConfig",
    "SimulatorServer",
    "SimulatorState",
    "create_simulator_app",
    "generate_job",
    "run_simulator",
]

log = logging.getLogger(__name__)

JOB_ID_START: Final = 300_001
JOB_ID_STEP: Final = 3
MAX_ROWS: Final = 1000
"""Largest page the simulator returns whatever ``maxRowsToFetch`` asks for."""
MALFORMED_KINDS: Final = ("missing_job_id", "non_numeric_pay", "bad_date", "unknown_profession")
UNKNOWN_PROFESSION_ID: Final = 99_999_999
EMAIL_DOMAIN: Final = "excelmedstaffing.example"
ADMIN_PREFIX: Final = "/__sim"

_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder()

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


# ---------------------------------------------------------------------- configuration
class FaultConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Deterministic fault injection. ``*_every = k`` hits every k-th request (0 = off).

    Request counters cover every non-admin request (token requests included),
    except ``expire_tokens_every`` (requests carrying a valid token) and
    ``malformed_every`` (a property of jobs: every k-th job ever created is
    served malformed, cycling through :data:`MALFORMED_KINDS`).
    """

    rate_limit_every: int = 0
    retry_after_s: float = 1.0
    """``Retry-After`` of injected 429s (whole seconds are sent as an integer)."""
    retry_after_http_date: bool = False
    """Send ``Retry-After`` as an HTTP date instead of seconds."""
    error_every: int = 0
    error_rate: float = 0.0
    """Probability of a 5xx per request (seeded by ``seed``, so reproducible)."""
    error_status: int = 500
    slow_ms: int = 0
    """Delay of every job board page and detail."""
    drop_every: int = 0
    """Close the connection mid-response (headers sent, body cut short)."""
    expire_tokens_every: int = 0
    """Revoke the access token of every k-th authenticated request and answer 401."""
    malformed_every: int = 0
    reject_refresh: bool = False
    """Refuse every refresh_token grant (the client must re-authenticate)."""
    token_ttl_s: float | None = None
    """Lifetime of tokens granted from now on (None = the simulator's default)."""
    seed: int = 0


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    jobs: int = 1000
    """Jobs on the board at start."""
    seed: int = 42
    credentials: SimulatorCredentials = SIMULATOR_CREDENTIALS
    token_ttl_s: float = 3600.0
    include_expires_in: bool = True
    """False: the token response has no ``expires_in`` (clients must read the JWT ``exp``)."""
    base_time: datetime.datetime | None = None
    """The simulator's "today" for generated dates (default: today 00:00 UTC)."""
    faults: FaultConfig = field(default_factory=FaultConfig)


class SimulatedConnectionDrop(Exception):
    """Raised after a partial response so the server aborts the connection."""


# ------------------------------------------------------------------------- the data
@dataclass(frozen=True, slots=True)
class _Person:
    id: int
    first_name: str
    last_name: str

    @property
    def email(self) -> str:
        first = re.sub(r"[^a-z]", "", self.first_name.lower())
        last = re.sub(r"[^a-z]", "", self.last_name.lower())
        return f"{first}.{last}@{EMAIL_DOMAIN}"


@cache
def _names() -> dict[str, list[str]]:
    with (md.DATA_DIR / "names.json").open(encoding="utf-8") as fh:
        data: dict[str, list[str]] = json.load(fh)
    return data


def _people(start_id: int, count: int, salt: int) -> tuple[_Person, ...]:
    rng = random.Random(salt)
    names = _names()
    seen: set[tuple[str, str]] = set()
    people: list[_Person] = []
    while len(people) < count:
        pair = (rng.choice(names["first_names"]), rng.choice(names["last_names"]))
        if pair in seen:
            continue
        seen.add(pair)
        people.append(_Person(start_id + len(people), *pair))
    return tuple(people)


@cache
def sales_reps() -> tuple[_Person, ...]:
    return _people(5001, 14, 5001)


@cache
def staffing_specialists() -> tuple[_Person, ...]:
    return _people(7001, 30, 7001)


_VMS: Final = (
    (61, "ShiftWise"),
    (62, "SAP Fieldglass"),
    (63, "Medefis"),
    (64, "Vizient"),
    (65, "Aya Connect"),
    (66, "HealthTrust Workforce Solutions"),
    (67, "b4health"),
)
_CATEGORY_WEIGHT: Final = {
    "nursing support": 1.5,
    "advanced practice": 1.5,
    "therapy": 2.0,
    "allied": 1.4,
    "imaging": 1.5,
    "cardiology": 1.2,
    "laboratory": 1.2,
    "pharmacy": 1.0,
    "emergency services": 0.8,
}
_PROFESSION_WEIGHT: Final = {10001: 55.0, 10002: 6.0}
_CITY_WEIGHT: Final = {"major": 8.0, "large": 4.0, "mid": 2.0, "small": 1.0}
_COST_FACTOR: Final = {"low": 0.95, "moderate": 1.0, "high": 1.08, "very_high": 1.18}
_TYPE_WEIGHTS: Final = {
    "nursing": (
        (JobType.TRAVEL, 55),
        (JobType.LOCAL, 15),
        (JobType.PER_DIEM, 15),
        (JobType.PERM, 15),
    ),
    "advanced practice": ((JobType.TRAVEL, 35), (JobType.LOCAL, 20), (JobType.PERM, 45)),
    "default": (
        (JobType.TRAVEL, 50),
        (JobType.LOCAL, 15),
        (JobType.PER_DIEM, 15),
        (JobType.PERM, 20),
    ),
}
_UPSTREAM_TYPE: Final = {
    JobType.TRAVEL: "TRAVEL",
    JobType.PERM: "PERM",
    JobType.PER_DIEM: "PER_DIEM",
    JobType.LOCAL: "LOCAL",
}
_UPSTREAM_TYPE_VARIANT: Final = {
    JobType.TRAVEL: "Travel",
    JobType.PERM: "Permanent",
    JobType.PER_DIEM: "Per Diem",
    JobType.LOCAL: "Local Contract",
}
_SUB_OFFERING: Final = {
    JobType.TRAVEL: "Travel Contract",
    JobType.PERM: "Permanent Placement",
    JobType.PER_DIEM: "Per Diem",
    JobType.LOCAL: "Local Contract",
}
_POSITION_TYPE: Final = {
    JobType.TRAVEL: "Contract",
    JobType.PERM: "Full Time",
    JobType.PER_DIEM: "PRN",
    JobType.LOCAL: "Contract",
}
_URGENCY: Final = (("1", "Low"), ("2", "Normal"), ("3", "High"), ("4", "Critical"))
_RATE_CODES: Final = (("101", "Regular", 1.0), ("102", "Overtime", 1.5), ("103", "Holiday", 1.5))
_FACILITY_SUFFIXES: Final = (
    "Regional Medical Center",
    "Community Hospital",
    "Memorial Hospital",
    "General Hospital",
    "Medical Center",
)
_BENEFITS: Final = (
    "Weekly pay with direct deposit",
    "Medical, dental &amp; vision from day one",
    "401(k) with company match",
    "Tax-free housing and meal stipends (when eligible)",
    "Travel reimbursement",
    "Licensure &amp; certification reimbursement",
    "24/7 clinical support",
    "Referral bonuses",
)
_INTROS: Final = (
    "{facility} in {city}, {state} is looking for an experienced {role} to join its "
    "{department} team.",
    "Excel Medical Staffing is hiring a {role} for {facility}, a respected facility "
    "serving {city}, {state} and the surrounding communities.",
    "Bring your {specialty} skills to {city}! {facility} needs a {role} who thrives in a "
    "fast-paced {department} environment.",
)


@cache
def _profession_table() -> tuple[list[md.ProfessionInfo], list[float]]:
    profs = [p for p in md.professions() if md.specialties_for(p.external_id)]
    weights: list[float] = []
    total = 0.0
    for prof in profs:
        weight = _PROFESSION_WEIGHT.get(prof.external_id) or _CATEGORY_WEIGHT.get(
            prof.category, 1.0
        )
        total += weight
        weights.append(total)
    return profs, weights


@cache
def _city_table() -> tuple[list[md.CityInfo], list[float]]:
    cities = list(md.cities())
    weights: list[float] = []
    total = 0.0
    for city in cities:
        total += _CITY_WEIGHT[city.size]
        weights.append(total)
    return cities, weights


def _weighted(rng: random.Random, items: list[Any], cumulative: list[float]) -> Any:
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower().replace("saint", "st"))


def _iso_ms(moment: datetime.datetime, *, z: bool) -> str:
    moment = moment.astimezone(datetime.UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}"
    return text + ("Z" if z else "+0000")


def _money_range(value: float, step: int) -> str:
    low = round(value * 0.95 / step) * step
    high = round(value * 1.05 / step) * step
    if step >= 1:
        return f"${low:,.0f} - ${high:,.0f}"
    return f"${low:,.2f} - ${high:,.2f}"


def _time_text(value: datetime.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M:%S")


def job_id_for(ordinal: int) -> int:
    return JOB_ID_START + ordinal * JOB_ID_STEP


def generate_job(ordinal: int, seed: int, base_time: datetime.datetime) -> dict[str, Any]:
    """The upstream record of the ``ordinal``-th job of a simulator seeded with ``seed``."""
    rng = random.Random(seed * 1_000_003 + ordinal)
    job_id = job_id_for(ordinal)
    profs, prof_weights = _profession_table()
    prof: md.ProfessionInfo = _weighted(rng, profs, prof_weights)
    specialty = rng.choice(md.specialties_for(prof.external_id))
    cities, city_weights = _city_table()
    city: md.CityInfo = _weighted(rng, cities, city_weights)
    state = md.state_by_code(city.state_code)
    type_weights = _TYPE_WEIGHTS.get(prof.category, _TYPE_WEIGHTS["default"])
    job_type = rng.choices([t for t, _ in type_weights], [w for _, w in type_weights])[0]
    shifts = md.shifts()
    if job_type is JobType.PERM:
        shift = rng.choice([s for s in shifts if s.first.hours_per_shift <= 10] or list(shifts))
    else:
        shift = rng.choice(shifts)
    hours = shift.scheduled_hours or 36.0

    factor = specialty.pay_factor * _COST_FACTOR[city.cost_tier]
    pay = prof.pay
    weekly: float | None
    if job_type is JobType.TRAVEL:
        weekly = round(rng.uniform(*pay.travel_weekly) * factor / 5) * 5.0
        hourly = round(weekly / hours, 2)
    elif job_type is JobType.LOCAL:
        hourly = round(rng.uniform(*pay.local_hourly) * factor, 2)
        weekly = round(hourly * hours, 2)
    elif job_type is JobType.PER_DIEM:
        hourly = round(rng.uniform(*pay.per_diem_hourly) * factor, 2)
        weekly = None
    else:
        annual = round(rng.uniform(*pay.perm_annual) * factor / 500) * 500
        hourly = round(annual / 2080, 2)
        weekly = round(annual / 52, 2)

    posted = base_time - datetime.timedelta(
        days=rng.randint(0, 45), hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
    )
    modified = posted + datetime.timedelta(hours=rng.randint(0, 72), seconds=rng.randint(0, 3599))
    modified = min(modified, base_time)
    asap = rng.random() < 0.2
    start = (
        base_time + datetime.timedelta(days=rng.randint(5, 14) if asap else rng.randint(14, 75))
    ).date()
    duration: int | None = None
    duration_type: str | None = None
    end: datetime.date | None = None
    if job_type in (JobType.TRAVEL, JobType.LOCAL):
        duration = rng.choices((13, 8, 12, 26), (70, 10, 12, 8))[0]
        duration_type = "WEEKS"
        end = start + datetime.timedelta(weeks=duration) - datetime.timedelta(days=1)
    elif job_type is JobType.PER_DIEM and rng.random() < 0.4:
        duration, duration_type = rng.choice(((30, "DAYS"), (3, "MONTHS"), (6, "MONTHS")))
        end = start + datetime.timedelta(
            days=duration if duration_type == "DAYS" else duration * 30
        )

    hot = rng.random() < 0.12
    featured = rng.random() < 0.08
    urgency = _URGENCY[rng.choice((2, 3)) if hot else rng.choice((0, 1, 1, 2))]
    facility = (
        rng.choice(city.facilities)
        if city.facilities
        else f"{city.name} {rng.choice(_FACILITY_SUFFIXES)}"
    )
    rep = rng.choice(sales_reps())
    specialist = rng.choice(staffing_specialists())
    vms = rng.choice(_VMS) if rng.random() < 0.6 else None
    upstream_type = (
        _UPSTREAM_TYPE_VARIANT[job_type] if rng.random() < 0.06 else _UPSTREAM_TYPE[job_type]
    )
    role = f"{specialty.name} {prof.abbreviation}"
    type_label = {JobType.PER_DIEM: "Per Diem", JobType.PERM: "Permanent"}.get(
        job_type, str(job_type.value)
    )

    certs: list[dict[str, Any]] = [
        {"certification": name, "forOnboarding": True, "forSubmittal": True}
        for name in specialty.required_certifications
    ]
    if prof.is_nursing:
        certs.append(
            {
                "certification": f"{state.code} {prof.abbreviation.split('/')[0]} License",
                "forOnboarding": True,
                "forSubmittal": rng.random() < 0.5,
            }
        )
    bill = hourly * rng.uniform(1.35, 1.6)
    rates = [
        {"billRateCodeId": code_id, "billRateCode": code, "rate": round(bill * mult, 2)}
        for code_id, code, mult in _RATE_CODES[: rng.choice((1, 2, 3, 3))]
    ]

    description: str | None = None
    if rng.random() >= 0.08:
        intro = rng.choice(_INTROS).format(
            facility=html.escape(facility),
            city=html.escape(city.name),
            state=state.name,
            role=html.escape(role),
            specialty=html.escape(specialty.name),
            department=html.escape(specialty.department),
        )
        pay_line = (
            f"${weekly:,.0f}/week"
            if weekly is not None and job_type is not JobType.PER_DIEM
            else f"${hourly:,.2f}/hour"
        )
        requirements = (
            "".join(f"<li>{html.escape(c['certification'])}</li>" for c in certs)
            + f"<li>{rng.choice((1, 1, 2, 2, 3))}+ years of recent "
            f"{html.escape(specialty.name)} experience</li>"
        )
        benefits = "".join(f"<li>{b}</li>" for b in rng.sample(_BENEFITS, 4))
        description = (
            f"<h3>{type_label} {html.escape(role)}</h3>"
            f"<p>{intro}</p>"
            f"<p><strong>Unit:</strong> {html.escape(specialty.description)}</p>"
            f"<p><strong>Schedule:</strong> {html.escape(shift.label)}"
            + (f" &middot; {duration} weeks" if duration_type == "WEEKS" else "")
            + f"</p><p><strong>Pay:</strong> {pay_line}&nbsp;(estimated gross)</p>"
            f"<h4>Requirements</h4><ul>{requirements}</ul>"
            f"<h4>Benefits</h4><ul>{benefits}</ul>"
        )

    record: dict[str, Any] = {
        "jobId": job_id,
        "postingId": f"EMS-{job_id}",
        "jobTitle": f"{type_label} {role} - {city.name}, {state.code}",
        "title": f"{prof.abbreviation} - {specialty.name}",
        "displayOnExternalJobBoard": True,
        "postedDate": _iso_ms(posted, z=False),
        "createdDate": _iso_ms(posted, z=False),
        "signOnBonus": (
            float(rng.randrange(2500, 15001, 500))
            if job_type is JobType.PERM and rng.random() < 0.4
            else (float(rng.randrange(500, 2001, 250)) if rng.random() < 0.05 else None)
        ),
        "noOfOpenings": rng.choices((1, 2, 3, 4, 5), (55, 22, 12, 6, 5))[0],
        "jobType": upstream_type,
        "msa": rng.random() < 0.3,
        "startDate": start.isoformat(),
        "endDate": end.isoformat() if end else None,
        "asap": asap,
        "duration": duration,
        "durationType": duration_type,
        "jobStatusId": 1,
        "jobStatusCode": "OPEN",
        "hotJob": hot,
        "featuredJob": featured,
        "floatingReqUnits": (
            ", ".join(rng.sample(("ICU", "PCU", "Med Surg", "Tele", "ED", "Step Down"), 2))
            if rng.random() < 0.15
            else None
        ),
        "positionType": _POSITION_TYPE[job_type],
        "offering": "Healthcare Staffing",
        "subOffering": _SUB_OFFERING[job_type] if rng.random() < 0.85 else None,
        "professionId": prof.external_id,
        "profession": prof.name,
        "specialtyId": specialty.external_id,
        "specialty": specialty.name,
        "salesRepId": rep.id,
        "salesRepFirstName": rep.first_name,
        "salesRepLastName": rep.last_name,
        "salesRepEmail": rep.email,
        "staffingSpecialistId": specialist.id,
        "staffingSpecialistFirstName": specialist.first_name,
        "staffingSpecialistLastName": specialist.last_name,
        "staffingSpecialistEmail": specialist.email,
        "vmsId": vms[0] if vms else None,
        "vms": vms[1] if vms else None,
        "clientName": facility,
        "clientWebsite": f"https://www.{_slug(facility)}.org" if rng.random() < 0.6 else None,
        "clientPrimaryDivision": specialty.department,
        "countryId": 370,
        "weeklyPay": weekly,
        "hourlyPay": hourly,
        "weeklyPayRange": _money_range(weekly, 10) if weekly is not None else None,
        "hourlyPayRange": _money_range(hourly, 1),
        "positionUrgencyId": urgency[0],
        "positionUrgency": urgency[1],
        "preferredCertifications": ", ".join(specialty.preferred_certifications) or None,
        "jobRequiredCertifications": certs,
        "jobRates": rates,
    }
    # location: most records use client*, some city/state/stateCode
    if rng.random() < 0.15:
        record.update(
            city=city.name, state=state.name, stateCode=state.code, zip=city.zip, country="USA"
        )
    else:
        record.update(
            clientCity=city.name,
            clientState=state.name,
            clientStateCode=state.code,
            clientZip=city.zip,
            clientCountry="USA",
        )
    # shifts: top-level fields, or a jobShiftDetails list
    blocks = [shift.first] + ([shift.second] if shift.second else [])
    if rng.random() < 0.15:
        record["jobShiftDetails"] = [
            {
                "startTime": None if b.start is None else b.start.strftime("%H:%M"),
                "endTime": None if b.end is None else b.end.strftime("%H:%M"),
                "shiftsPerWeek": b.shifts_per_week,
                "scheduledHrs": b.scheduled_hours,
                **({"shift": shift.label} if i == 0 else {}),
            }
            for i, b in enumerate(blocks)
        ]
    else:
        for i, b in enumerate(blocks, start=1):
            record[f"shiftStartTime{i}"] = _time_text(b.start)
            record[f"shiftEndTime{i}"] = _time_text(b.end)
            record[f"shiftsPerWeek{i}"] = b.shifts_per_week
            record[f"scheduledHrs{i}"] = b.scheduled_hours
        record["shift"] = shift.label
    # description: usually `description`, sometimes `jobDescription`, sometimes none
    if description is not None:
        record["jobDescription" if rng.random() < 0.1 else "description"] = description
    stamp = _iso_ms(modified, z=True)
    which = rng.random()
    if which < 0.8:
        record["lastModified"] = stamp
        record["updatedAt"] = stamp
    elif which < 0.9:
        record["lastModified"] = stamp
    else:
        record["updatedAt"] = stamp
    return record


def malform(record: dict[str, Any], kind: str) -> dict[str, Any]:
    """A copy of ``record`` broken the way ``kind`` (one of :data:`MALFORMED_KINDS`) says."""
    bad = dict(record)
    if kind == "missing_job_id":
        bad.pop("jobId", None)
    elif kind == "non_numeric_pay":
        bad["weeklyPay"] = "call for rate"
        bad["hourlyPay"] = "TBD"
    elif kind == "bad_date":
        bad["startDate"] = "31/31/2025"
    elif kind == "unknown_profession":
        bad["professionId"] = UNKNOWN_PROFESSION_ID
        bad["profession"] = None
    else:
        raise ValueError(f"unknown malformed kind {kind!r}")
    return bad


# ----------------------------------------------------------------------- the state
@dataclass(slots=True)
class _Entry:
    ordinal: int
    job_id: int
    data: bytes
    open: bool = True
    profession_id: int | None = None
    specialty_id: int | None = None
    state_code: str | None = None
    job_type: JobType | None = None
    hot: bool = False
    featured: bool = False
    client_name: str = ""
    posted: str = ""
    start_date: str = ""
    last_modified: str = ""
    weekly_pay: float = 0.0


def _index(entry: _Entry, record: dict[str, Any]) -> None:
    entry.profession_id = record.get("professionId")
    entry.specialty_id = record.get("specialtyId")
    entry.state_code = record.get("clientStateCode") or record.get("stateCode")
    entry.job_type = normalize_job_type(record.get("jobType"))
    entry.hot = bool(record.get("hotJob"))
    entry.featured = bool(record.get("featuredJob"))
    entry.client_name = record.get("clientName") or ""
    entry.posted = record.get("postedDate") or ""
    entry.start_date = record.get("startDate") or ""
    entry.last_modified = record.get("lastModified") or record.get("updatedAt") or ""
    pay = record.get("weeklyPay")
    entry.weekly_pay = float(pay) if isinstance(pay, int | float) else 0.0


_SORT_KEYS: Final[dict[str, Callable[[_Entry], Any]]] = {
    "jobId": lambda e: e.job_id,
    "clientName": lambda e: (e.client_name, e.job_id),
    "postedDate": lambda e: (e.posted, e.job_id),
    "startDate": lambda e: (e.start_date, e.job_id),
    "lastModified": lambda e: (e.last_modified, e.job_id),
    "weeklyPay": lambda e: (e.weekly_pay, e.job_id),
}


def _id_list(value: Any) -> set[int] | None:
    if not value:
        return None
    items = value if isinstance(value, list) else [value]
    out: set[int] = set()
    for item in items:
        try:
            out.add(int(item))
        except (TypeError, ValueError):
            continue
    return out


class SimulatorState:
    """The simulator's jobs, tokens, candidates, faults and counters (one event loop)."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self.creds = config.credentials
        base = config.base_time or datetime.datetime.now(datetime.UTC).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self.base_time = base if base.tzinfo else base.replace(tzinfo=datetime.UTC)
        self.version = 0
        self.entries: dict[int, _Entry] = {}
        self.next_ordinal = 0
        self.mutations = 0
        self._last_stamp = self.base_time
        self._views: OrderedDict[bytes, list[_Entry]] = OrderedDict()
        self._malformed_cache: dict[int, bytes] = {}
        self.faults = config.faults
        self._fault_rng = random.Random(self.faults.seed)
        self.request_no = 0
        self.auth_request_no = 0
        self.stats: dict[str, int] = {}
        self.tokens: dict[str, float] = {}
        self.refresh_tokens: set[str] = set()
        self._token_no = itertools.count(1)
        self.token_ttl_s = config.token_ttl_s
        self.candidates: dict[int, dict[str, Any]] = {}
        self._candidate_no = itertools.count(900_001)
        self.add_jobs(config.jobs, stamp=False)

    # --------------------------------------------------------------- counters
    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n

    # ------------------------------------------------------------------- jobs
    def _now_stamp(self) -> datetime.datetime:
        now = max(
            datetime.datetime.now(datetime.UTC),
            self._last_stamp + datetime.timedelta(milliseconds=1),
        )
        self._last_stamp = now
        return now

    def _store(self, entry: _Entry, record: dict[str, Any]) -> None:
        entry.data = _ENCODER.encode(record)
        _index(entry, record)
        self._malformed_cache.pop(entry.job_id, None)

    def _changed(self) -> None:
        self.version += 1
        self._views.clear()

    def add_jobs(self, n: int, *, stamp: bool = True) -> list[int]:
        added: list[int] = []
        for _ in range(n):
            ordinal = self.next_ordinal
            self.next_ordinal += 1
            record = generate_job(ordinal, self.config.seed, self.base_time)
            if stamp:
                now = self._now_stamp()
                record["postedDate"] = record["createdDate"] = _iso_ms(now, z=False)
                if "lastModified" in record:
                    record["lastModified"] = _iso_ms(now, z=True)
                if "updatedAt" in record:
                    record["updatedAt"] = _iso_ms(now, z=True)
            entry = _Entry(ordinal=ordinal, job_id=record["jobId"], data=b"")
            self._store(entry, record)
            self.entries[entry.job_id] = entry
            added.append(entry.job_id)
        if added:
            self._changed()
        return added

    def record(self, job_id: int) -> dict[str, Any]:
        data: dict[str, Any] = _DECODER.decode(self.entries[job_id].data)
        return data

    def _touch(self, record: dict[str, Any]) -> None:
        stamp = _iso_ms(self._now_stamp(), z=True)
        if "updatedAt" in record or "lastModified" not in record:
            record["updatedAt"] = stamp
        if "lastModified" in record or "updatedAt" not in record:
            record["lastModified"] = stamp

    def update_job(self, job_id: int, rng: random.Random) -> None:
        record = self.record(job_id)
        change = rng.randrange(4)
        if change == 0 or not isinstance(record.get("hourlyPay"), int | float):
            factor = rng.choice((0.94, 0.97, 1.03, 1.05, 1.08))
            for key in ("weeklyPay", "hourlyPay"):
                if isinstance(record.get(key), int | float):
                    record[key] = round(record[key] * factor, 2)
            if isinstance(record.get("weeklyPay"), int | float):
                record["weeklyPayRange"] = _money_range(record["weeklyPay"], 10)
            if isinstance(record.get("hourlyPay"), int | float):
                record["hourlyPayRange"] = _money_range(record["hourlyPay"], 1)
        elif change == 1:
            record["hotJob"] = not record.get("hotJob")
            record["noOfOpenings"] = rng.randint(1, 6)
        elif change == 2:
            key = "jobDescription" if "jobDescription" in record else "description"
            note = f"<p><em>Update:</em> start dates are flexible (rev {self.mutations}).</p>"
            record[key] = (record.get(key) or "") + note
        else:
            start = datetime.date.fromisoformat(record["startDate"]) + datetime.timedelta(
                days=rng.randint(3, 21)
            )
            record["startDate"] = start.isoformat()
            record["asap"] = False
            if record.get("endDate") and record.get("durationType") == "WEEKS":
                record["endDate"] = (
                    start + datetime.timedelta(weeks=int(record["duration"]), days=-1)
                ).isoformat()
            certs = record.get("jobRequiredCertifications") or []
            if rng.random() < 0.5 and not any(c.get("certification") == "NIHSS" for c in certs):
                certs.append(
                    {"certification": "NIHSS", "forOnboarding": True, "forSubmittal": False}
                )
                record["jobRequiredCertifications"] = certs
        self._touch(record)
        self._store(self.entries[job_id], record)

    def mutate(
        self,
        *,
        add: int = 0,
        update: int = 0,
        close: int = 0,
        reopen: int = 0,
        seed: int | None = None,
    ) -> dict[str, Any]:
        """Change the board; the same ``seed`` on the same board makes the same changes."""
        self.mutations += 1
        rng = random.Random(seed if seed is not None else self.config.seed * 7919 + self.mutations)
        open_ids = sorted(e.job_id for e in self.entries.values() if e.open)
        closed_ids = sorted(e.job_id for e in self.entries.values() if not e.open)
        to_close = rng.sample(open_ids, min(close, len(open_ids)))
        remaining = sorted(set(open_ids) - set(to_close))
        to_update = rng.sample(remaining, min(update, len(remaining)))
        to_reopen = rng.sample(closed_ids, min(reopen, len(closed_ids)))
        for job_id in sorted(to_update):
            self.update_job(job_id, rng)
        for job_id in to_close:
            self.entries[job_id].open = False
        for job_id in sorted(to_reopen):
            entry = self.entries[job_id]
            entry.open = True
            record = self.record(job_id)
            self._touch(record)
            self._store(entry, record)
        added = self.add_jobs(add)
        self._changed()
        return {
            "added": added,
            "updated": sorted(to_update),
            "closed": sorted(to_close),
            "reopened": sorted(to_reopen),
            "version": self.version,
        }

    def malformed_kind(self, entry: _Entry) -> str | None:
        every = self.faults.malformed_every
        if every <= 0 or entry.ordinal % every != every - 1:
            return None
        return MALFORMED_KINDS[(entry.ordinal // every) % len(MALFORMED_KINDS)]

    def served_bytes(self, entry: _Entry) -> bytes:
        kind = self.malformed_kind(entry)
        if kind is None:
            return entry.data
        cached = self._malformed_cache.get(entry.job_id)
        if cached is None:
            cached = _ENCODER.encode(malform(_DECODER.decode(entry.data), kind))
            self._malformed_cache[entry.job_id] = cached
        return cached

    def view(self, body: dict[str, Any]) -> list[_Entry]:
        """The open jobs matching the search filters, in the requested order (cached)."""
        paging = body.get("pagingSortingDetails") or {}
        filters = {k: v for k, v in body.items() if k != "pagingSortingDetails"}
        sort_field = paging.get("sortField") or "jobId"
        descending = paging.get("sortOrder") in (-1, "-1", "desc", "DESC")
        key = _ENCODER.encode([filters, sort_field, descending])
        cached = self._views.get(key)
        if cached is not None:
            self._views.move_to_end(key)
            return cached
        professions = _id_list(filters.get("professionIds"))
        specialties = _id_list(filters.get("specialtyIds"))
        states = {str(s).upper() for s in filters.get("stateCodes") or []} or None
        types: set[JobType] | None = None
        if filters.get("jobTypeIds"):
            types = set()
            for value in filters["jobTypeIds"]:
                normalized = normalize_job_type(value)
                if normalized is not None:
                    types.add(normalized)
        hot = filters.get("hotJob")
        featured = filters.get("featured")
        country = filters.get("countryId")
        modified_since = filters.get("modifiedSince") or ""
        start_after = filters.get("startDate") or ""
        pay = filters.get("weeklyPayRange")
        pay_min = pay.get("min") if isinstance(pay, dict) else None
        pay_max = pay.get("max") if isinstance(pay, dict) else None
        result = [
            e
            for e in self.entries.values()
            if e.open
            and (professions is None or e.profession_id in professions)
            and (specialties is None or e.specialty_id in specialties)
            and (states is None or e.state_code in states)
            and (types is None or e.job_type in types)
            and (hot is None or e.hot == bool(hot))
            and (featured is None or e.featured == bool(featured))
            and (country in (None, 370, "370"))
            and (not modified_since or e.last_modified >= modified_since)
            and (not start_after or e.start_date >= start_after)
            and (pay_min is None or e.weekly_pay >= float(pay_min))
            and (pay_max is None or e.weekly_pay <= float(pay_max))
        ]
        result.sort(key=_SORT_KEYS.get(sort_field, _SORT_KEYS["jobId"]), reverse=descending)
        self._views[key] = result
        if len(self._views) > 64:
            self._views.popitem(last=False)
        return result

    def page_bytes(self, body: dict[str, Any]) -> bytes:
        paging = body.get("pagingSortingDetails") or {}
        try:
            start = max(0, int(paging.get("start") or 0))
            rows = min(MAX_ROWS, max(0, int(paging.get("maxRowsToFetch") or 50)))
        except (TypeError, ValueError):
            start, rows = 0, 50
        matching = self.view(body)
        parts = [self.served_bytes(e) for e in matching[start : start + rows]]
        return (
            b'{"records":[' + b",".join(parts) + b'],"count":' + str(len(matching)).encode() + b"}"
        )

    def truth(self) -> dict[str, Any]:
        """The open jobs as served without faults, the closed ids, and the malformed ones."""
        open_entries = sorted((e for e in self.entries.values() if e.open), key=lambda e: e.job_id)
        malformed = {}
        for entry in open_entries:
            kind = self.malformed_kind(entry)
            if kind is not None:
                malformed[str(entry.job_id)] = kind
        return {
            "version": self.version,
            "count": len(open_entries),
            "records": [_DECODER.decode(e.data) for e in open_entries],
            "closed": sorted(e.job_id for e in self.entries.values() if not e.open),
            "malformed": malformed,
        }

    # --------------------------------------------------------------- faults
    def set_faults(self, faults: FaultConfig) -> None:
        self.faults = faults
        self._fault_rng = random.Random(faults.seed)
        self.request_no = 0
        self.auth_request_no = 0
        self._malformed_cache.clear()
        if faults.token_ttl_s is not None:
            self.token_ttl_s = faults.token_ttl_s
        else:
            self.token_ttl_s = self.config.token_ttl_s

    # --------------------------------------------------------------- tokens
    def issue_token(self) -> dict[str, Any]:
        number = next(self._token_no)
        ttl = self.token_ttl_s
        exp = time.time() + ttl
        header = _b64({"alg": "HS256", "typ": "JWT"})
        payload = _b64(
            {
                "sub": self.creds.username,
                "org": self.creds.organization_code,
                "exp": exp,
                "jti": number,
            }
        )
        signature = hmac.new(
            self.creds.client_secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256
        ).digest()
        access = f"{header}.{payload}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
        refresh = hashlib.sha256(f"refresh:{access}".encode()).hexdigest()
        self.tokens[access] = exp
        self.refresh_tokens.add(refresh)
        body: dict[str, Any] = {
            "acess_token": access,
            "token_type": "bearer",
            "refresh_token": refresh,
            "scope": "read write",
            "tokenVerifier": hashlib.sha256(f"verifier:{access}".encode()).hexdigest()[:32],
        }
        if self.config.include_expires_in:
            body["expires_in"] = int(ttl) if float(ttl).is_integer() else ttl
        return body

    def check_token(self, authorization: str | None) -> str | None:
        """None if the bearer token is valid, else the reason it is not."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return "missing bearer token"
        token = authorization[7:].strip()
        exp = self.tokens.get(token)
        if exp is None:
            return "unknown or revoked token"
        if time.time() >= exp:
            self.tokens.pop(token, None)
            return "token expired"
        every = self.faults.expire_tokens_every
        self.auth_request_no += 1
        if every > 0 and self.auth_request_no % every == 0:
            self.tokens.pop(token, None)
            self.count("fault.expired_token")
            return "token expired"
        return None


def _b64(obj: Any) -> str:
    return base64.urlsafe_b64encode(_ENCODER.encode(obj)).rstrip(b"=").decode()


# -------------------------------------------------------------------- master lists
_DOCUMENT_TYPES: Final = (
    (12, "Candidate Resume"),
    (13, "Nursing License"),
    (14, "BLS Card"),
    (15, "ACLS Card"),
    (16, "PALS Card"),
    (17, "Skills Checklist"),
    (18, "Reference"),
    (19, "Driver's License"),
    (20, "Immunization Record"),
    (21, "TB Test"),
)


@cache
def master_lists() -> dict[str, list[dict[str, Any]]]:
    """The ten master lists the simulator serves, ids = master data ``external_id``s."""
    countries = {c.code: c for c in md.countries()}
    usa = countries.get("USA")
    shifts = md.shifts()
    return {
        "professions": [
            {"id": p.external_id, "name": p.name, "active": True} for p in md.professions()
        ],
        "specialties": [
            {
                "id": s.external_id,
                "name": s.name,
                "active": True,
                "professionId": s.profession_external_id,
            }
            for s in md.specialties()
        ],
        "states": [
            {
                "id": s.external_id,
                "name": s.name,
                "code": s.code,
                "countryId": usa.external_id if usa else None,
                "active": True,
            }
            for s in md.states()
        ],
        "countries": [
            {"id": c.external_id, "name": c.name, "code": c.code} for c in md.countries()
        ],
        "referralsources": [
            {"id": r.external_id, "name": r.name, "active": r.active} for r in md.referral_sources()
        ],
        "candidatetypes": [
            {"id": r.external_id, "name": r.name, "active": r.active} for r in md.candidate_types()
        ],
        "candidatestatuses": [
            {"id": r.external_id, "name": r.name, "active": r.active}
            for r in md.candidate_statuses()
        ],
        "recruiters": [
            {
                "id": p.id,
                "firstName": p.first_name,
                "lastName": p.last_name,
                "email": p.email,
                "active": True,
            }
            for p in staffing_specialists()
        ],
        "shifts": [
            {"id": 501 + i, "name": s.label, "code": s.code, "active": True}
            for i, s in enumerate(shifts)
        ],
        "documenttypes": [{"value": v, "label": label} for v, label in _DOCUMENT_TYPES],
    }


@cache
def _master_bytes() -> dict[str, bytes]:
    return {name: _ENCODER.encode(items) for name, items in master_lists().items()}


# ----------------------------------------------------------------------- the app
def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response[bytes]:
    content = body if isinstance(body, bytes) else _ENCODER.encode(body)
    return Response(content, status_code=status, media_type="application/json", headers=headers)


def _error(status: int, error: str, message: str) -> Response[bytes]:
    return _json({"error": error, "message": message, "status": status}, status)


def _state(request: Request[Any, Any, Any]) -> SimulatorState:
    sim: SimulatorState = request.app.state["sim"]
    return sim


async def _json_body(request: Request[Any, Any, Any]) -> Any:
    raw = await request.body()
    if not raw:
        return {}
    return _DECODER.decode(raw)


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


@post(TOKEN_PATH, status_code=200)
async def token_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    sim = _state(request)
    creds = sim.creds
    form = await request.form()
    grant = form.get("grant_type")
    sim.count(f"token.{grant or 'none'}")
    client = _basic_credentials(request.headers.get("authorization"))
    if client != (creds.client_id, creds.client_secret):
        return _error(401, "invalid_client", "bad or missing HTTP Basic client credentials")
    org_places = {
        "form": form.get("organizationCode"),
        "query": request.query_params.get("organizationCode"),
        "header": request.headers.get("organizationCode"),
    }
    missing = [where for where, value in org_places.items() if value != creds.organization_code]
    if missing:
        return _error(
            401, "invalid_request", f"organizationCode missing or wrong in: {', '.join(missing)}"
        )
    if grant == "password":
        if (form.get("username"), form.get("password")) != (creds.username, creds.password):
            return _error(401, "invalid_grant", "bad username or password")
        return _json(sim.issue_token())
    if grant == "refresh_token":
        refresh = form.get("refresh_token")
        if sim.faults.reject_refresh or not refresh or refresh not in sim.refresh_tokens:
            sim.count("token.refresh_rejected")
            return _error(400, "invalid_grant", "invalid or already used refresh token")
        sim.refresh_tokens.discard(refresh)
        return _json(sim.issue_token())
    return _error(400, "unsupported_grant_type", f"unsupported grant_type {grant!r}")


def _require_token(
    request: Request[Any, Any, Any], *, optional: bool = False
) -> Response[bytes] | None:
    sim = _state(request)
    authorization = request.headers.get("authorization")
    if optional and not authorization:
        return None
    problem = sim.check_token(authorization)
    if problem is not None:
        sim.count("auth.rejected")
        return _error(401, "invalid_token", problem)
    return None


@get("/api/api-integration/v1/master/{name:str}")
async def master_endpoint(request: Request[Any, Any, Any], name: str) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    data = _master_bytes().get(name)
    if data is None:
        return _error(404, "not_found", f"unknown master list {name!r}")
    _state(request).count(f"master.{name}")
    return _json(data)


def _check_board(request: Request[Any, Any, Any], organization_id: str) -> Response[bytes] | None:
    sim = _state(request)
    if organization_id != sim.creds.organization_id:
        return _error(404, "not_found", f"unknown organization {organization_id}")
    if request.query_params.get("offeringId") != sim.creds.offering_id:
        return _error(400, "bad_request", "missing or unknown offeringId")
    return _require_token(request, optional=True)


@post("/api/leap-service/v1/unsecured/jobboard/organization/{organization_id:str}", status_code=200)
async def job_search_endpoint(
    request: Request[Any, Any, Any], organization_id: str
) -> Response[bytes]:
    problem = _check_board(request, organization_id)
    if problem is not None:
        return problem
    sim = _state(request)
    try:
        body = await _json_body(request)
    except msgspec.DecodeError:
        return _error(400, "bad_request", "body is not JSON")
    if not isinstance(body, dict):
        return _error(400, "bad_request", "body must be an object")
    sim.count("jobs.search")
    if sim.faults.slow_ms > 0:
        await asyncio.sleep(sim.faults.slow_ms / 1000)
    return _json(sim.page_bytes(body))


@get("/api/leap-service/v1/unsecured/jobboard/organization/{organization_id:str}/job/{job_id:str}")
async def job_detail_endpoint(
    request: Request[Any, Any, Any], organization_id: str, job_id: str
) -> Response[bytes]:
    problem = _check_board(request, organization_id)
    if problem is not None:
        return problem
    sim = _state(request)
    sim.count("jobs.detail")
    if sim.faults.slow_ms > 0:
        await asyncio.sleep(sim.faults.slow_ms / 1000)
    try:
        entry = sim.entries.get(int(job_id))
    except ValueError:
        entry = None
    if entry is None or not entry.open:
        return _error(404, "not_found", f"job {job_id} is not on the board")
    return _json(sim.served_bytes(entry))


def _digits(phone: Any) -> str:
    digits = re.sub(r"\D", "", str(phone or ""))
    return digits[-10:]


@post("/api/api-integration/v1/candidates/search", status_code=200)
async def candidate_search_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    sim = _state(request)
    body = await _json_body(request)
    email = str(body.get("email") or "").strip().lower()
    phone = _digits(body.get("phone"))
    if not email and not phone:
        return _error(400, "bad_request", "email or phone is required")
    found = [
        c
        for c in sim.candidates.values()
        if (email and str(c.get("email") or "").lower() == email)
        or (phone and _digits(c.get("phone") or c.get("cellPhone")) == phone)
    ]
    sim.count("candidates.search")
    return _json({"records": found, "count": len(found)})


@post("/api/api-integration/v1/candidates", status_code=201)
async def candidate_create_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    sim = _state(request)
    body = await _json_body(request)
    if not isinstance(body, dict):
        return _error(400, "bad_request", "body must be an object")
    missing = [k for k in ("firstName", "lastName") if not body.get(k)]
    if not body.get("email") and not body.get("phone"):
        missing.append("email or phone")
    if missing:
        return _error(400, "bad_request", f"missing: {', '.join(missing)}")
    email = str(body.get("email") or "").lower()
    if email and any(str(c.get("email") or "").lower() == email for c in sim.candidates.values()):
        return _error(409, "conflict", f"a candidate with email {email} exists")
    candidate_id = next(sim._candidate_no)
    record = {
        **body,
        "id": candidate_id,
        "createdDate": _iso_ms(datetime.datetime.now(datetime.UTC), z=True),
    }
    sim.candidates[candidate_id] = record
    sim.count("candidates.create")
    return _json(record, 201)


@patch("/api/api-integration/v1/candidates/{candidate_id:int}")
async def candidate_update_endpoint(
    request: Request[Any, Any, Any], candidate_id: int
) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    sim = _state(request)
    record = sim.candidates.get(candidate_id)
    if record is None:
        return _error(404, "not_found", f"candidate {candidate_id} not found")
    body = await _json_body(request)
    if not isinstance(body, dict):
        return _error(400, "bad_request", "body must be an object")
    record.update({k: v for k, v in body.items() if k != "id"})
    sim.count("candidates.update")
    return _json(record)


# ---------------------------------------------------------------------- admin API
@post(f"{ADMIN_PREFIX}/mutate", status_code=200)
async def admin_mutate(request: Request[Any, Any, Any]) -> Response[bytes]:
    body = await _json_body(request)
    try:
        result = _state(request).mutate(
            add=int(body.get("add", 0)),
            update=int(body.get("update", 0)),
            close=int(body.get("close", 0)),
            reopen=int(body.get("reopen", 0)),
            seed=None if body.get("seed") is None else int(body["seed"]),
        )
    except (TypeError, ValueError) as exc:
        return _error(400, "bad_request", str(exc))
    return _json(result)


@get(f"{ADMIN_PREFIX}/jobs")
async def admin_jobs(request: Request[Any, Any, Any]) -> Response[bytes]:
    return _json(_state(request).truth())


@post(f"{ADMIN_PREFIX}/faults", status_code=200)
async def admin_set_faults(request: Request[Any, Any, Any]) -> Response[bytes]:
    raw = await request.body()
    try:
        faults = msgspec.json.decode(raw or b"{}", type=FaultConfig)
    except msgspec.ValidationError as exc:
        return _error(400, "bad_request", str(exc))
    _state(request).set_faults(faults)
    return _json(msgspec.structs.asdict(faults))


@get(f"{ADMIN_PREFIX}/faults")
async def admin_get_faults(request: Request[Any, Any, Any]) -> Response[bytes]:
    return _json(msgspec.structs.asdict(_state(request).faults))


@get(f"{ADMIN_PREFIX}/stats")
async def admin_stats(request: Request[Any, Any, Any]) -> Response[bytes]:
    sim = _state(request)
    return _json(
        {
            "requests": sim.request_no,
            "counters": dict(sorted(sim.stats.items())),
            "version": sim.version,
            "open_jobs": sum(1 for e in sim.entries.values() if e.open),
            "candidates": len(sim.candidates),
        }
    )


@post(f"{ADMIN_PREFIX}/stats/reset", status_code=200)
async def admin_reset_stats(request: Request[Any, Any, Any]) -> Response[bytes]:
    sim = _state(request)
    sim.stats.clear()
    return _json({"ok": True})


class _FaultMiddleware:
    """Injects the request-level faults (drop, 429, 5xx) in front of the API routes."""

    def __init__(self, app: ASGIApp, sim: SimulatorState) -> None:
        self.app = app
        self.sim = sim

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        sim = self.sim
        faults = sim.faults
        sim.request_no += 1
        n = sim.request_no
        if faults.drop_every > 0 and n % faults.drop_every == 0:
            sim.count("fault.dropped")
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"4096"),
                    ],
                }
            )
            await send(
                {"type": "http.response.body", "body": b'{"records":[{"jobId', "more_body": True}
            )
            raise SimulatedConnectionDrop(f"simulated connection drop on request {n}")
        if faults.rate_limit_every > 0 and n % faults.rate_limit_every == 0:
            sim.count("fault.rate_limited")
            if faults.retry_after_http_date:
                when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
                    seconds=faults.retry_after_s
                )
                retry_after = when.strftime("%a, %d %b %Y %H:%M:%S GMT")
            elif float(faults.retry_after_s).is_integer():
                retry_after = str(int(faults.retry_after_s))
            else:
                retry_after = str(faults.retry_after_s)
            await _send_json(
                send,
                429,
                {"error": "too_many_requests", "message": "rate limit exceeded"},
                [(b"retry-after", retry_after.encode())],
            )
            return
        erroring = faults.error_every > 0 and n % faults.error_every == 0
        if not erroring and faults.error_rate > 0:
            erroring = sim._fault_rng.random() < faults.error_rate
        if erroring:
            sim.count(f"fault.http_{faults.error_status}")
            await _send_json(
                send, faults.error_status, {"error": "server_error", "message": "simulated failure"}
            )
            return
        await self.app(scope, receive, send)


async def _send_json(
    send: Callable[[Any], Awaitable[None]],
    status: int,
    body: Any,
    extra_headers: Iterable[tuple[bytes, bytes]] = (),
) -> None:
    content = _ENCODER.encode(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(content)).encode()),
                *extra_headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": content})


class SimulatorApp:
    """The ASGI app of :func:`create_simulator_app`; ``.state`` is the simulator's state."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.state = SimulatorState(config)
        self.litestar = Litestar(
            route_handlers=[
                token_endpoint,
                master_endpoint,
                job_search_endpoint,
                job_detail_endpoint,
                candidate_search_endpoint,
                candidate_create_endpoint,
                candidate_update_endpoint,
                admin_mutate,
                admin_jobs,
                admin_set_faults,
                admin_get_faults,
                admin_stats,
                admin_reset_stats,
            ],
            state=State({"sim": self.state}),
            openapi_config=None,
            debug=False,
        )
        self._app = _FaultMiddleware(self.litestar, self.state)

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        await self._app(scope, receive, send)


def create_simulator_app(config: SimulatorConfig | None = None) -> SimulatorApp:
    """The simulator as an ASGI app (state built now: ``config.jobs`` records generated)."""
    return SimulatorApp(config or SimulatorConfig())


# ------------------------------------------------------------------------- running
class _DropFilter(logging.Filter):
    """Keeps the server's log free of the tracebacks of simulated connection drops."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, SimulatedConnectionDrop)


def _quiet_drops() -> None:
    error_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropFilter) for f in error_log.filters):
        error_log.addFilter(_DropFilter())


def run_simulator(
    port: int = 8900,
    jobs: int = 1000,
    seed: int = 42,
    *,
    host: str = "127.0.0.1",
    faults: FaultConfig | None = None,
    log_level: str = "info",
) -> None:
    """Serve the simulator in the foreground with uvicorn (blocks until stopped)."""
    import uvicorn

    started = time.perf_counter()
    app = create_simulator_app(
        SimulatorConfig(jobs=jobs, seed=seed, faults=faults or FaultConfig())
    )
    log.info(
        "laboredge simulator: %d jobs generated in %.1fs; serving http://%s:%d",
        jobs,
        time.perf_counter() - started,
        host,
        port,
    )
    _quiet_drops()
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False, lifespan="off")


class SimulatorServer:
    """The simulator under uvicorn in a background thread, for tests and embedding.

    >>> with SimulatorServer(SimulatorConfig(jobs=100)) as sim:
    ...     sim.base_url  # http://127.0.0.1:<free port>
    """

    def __init__(
        self, config: SimulatorConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.app = create_simulator_app(config)
        self.host = host
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.port: int = self._sock.getsockname()[1]
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def state(self) -> SimulatorState:
        return self.app.state

    def start(self, timeout_s: float = 20.0) -> str:
        import uvicorn

        _quiet_drops()
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=30
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name=f"laboredge-sim-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the LaborEdge simulator did not start")
            time.sleep(0.01)
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._sock.close()

    def __enter__(self) -> SimulatorServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
