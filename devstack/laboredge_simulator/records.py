"""The LaborEdge-shaped job records of the simulator, generated from a seed.

``generate_job(ordinal, seed, base_time)`` is a pure function of its arguments: the
``ordinal``-th job draws from its own ``random.Random``, so ``jobs=1000`` is the first
1000 jobs of ``jobs=20000``. The records vary the way real ones do (``client*`` or plain
location fields, shift fields or a ``jobShiftDetails`` list, ``description`` or
``jobDescription``, ``lastModified`` and/or ``updatedAt``), and :func:`malform` breaks
one the ways the sync must quarantine.
"""

from __future__ import annotations

import datetime
import html
import random
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from data_layer.master import catalog as md
from data_layer.models.jobs import JobType
from devstack.fakes import StaffMember, WeightedChoice, distinct_people, facility_name

__all__ = [
    "MALFORMED_KINDS",
    "UNKNOWN_PROFESSION_ID",
    "generate_job",
    "iso_ms",
    "job_id_for",
    "malform",
    "money_range",
    "sales_reps",
    "staffing_specialists",
]

JOB_ID_START: Final = 300_001
JOB_ID_STEP: Final = 3
MALFORMED_KINDS: Final = ("missing_job_id", "non_numeric_pay", "bad_date", "unknown_profession")
UNKNOWN_PROFESSION_ID: Final = 99_999_999
EMAIL_DOMAIN: Final = "excelmedstaffing.example"

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


# ------------------------------------------------------------------------- the staff
def _staff(first_id: int, count: int, salt: int) -> tuple[StaffMember, ...]:
    people = distinct_people(random.Random(salt), count)
    return tuple(
        StaffMember(first_id + k, person, person.email(EMAIL_DOMAIN))
        for k, person in enumerate(people)
    )


@cache
def sales_reps() -> tuple[StaffMember, ...]:
    return _staff(5001, 14, 5001)


@cache
def staffing_specialists() -> tuple[StaffMember, ...]:
    """Also served as the ``recruiters`` master list."""
    return _staff(7001, 30, 7001)


# ------------------------------------------------------------------------- formatting
def iso_ms(moment: datetime.datetime, *, z: bool) -> str:
    """LaborEdge's timestamps: UTC with milliseconds, ending in ``Z`` or ``+0000``."""
    moment = moment.astimezone(datetime.UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}"
    return text + ("Z" if z else "+0000")


def money_range(value: float, step: int) -> str:
    """``"$1,900 - $2,100"``: +-5 % of ``value`` rounded to ``step``."""
    low = round(value * 0.95 / step) * step
    high = round(value * 1.05 / step) * step
    if step >= 1:
        return f"${low:,.0f} - ${high:,.0f}"
    return f"${low:,.2f} - ${high:,.2f}"


def _time_text(value: datetime.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M:%S")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower().replace("saint", "st"))


# ------------------------------------------------------------------------- the draws
@cache
def _profession_choice() -> WeightedChoice[md.ProfessionInfo]:
    return WeightedChoice.of(
        (prof, _PROFESSION_WEIGHT.get(prof.external_id) or _CATEGORY_WEIGHT.get(prof.category, 1.0))
        for prof in md.professions()
        if md.specialties_for(prof.external_id)
    )


@cache
def _city_choice() -> WeightedChoice[md.CityInfo]:
    return WeightedChoice.of((city, _CITY_WEIGHT[city.size]) for city in md.cities())


def job_id_for(ordinal: int) -> int:
    return JOB_ID_START + ordinal * JOB_ID_STEP


@dataclass(frozen=True, slots=True)
class _Role:
    """What the job is and where: the first draws of its stream."""

    profession: md.ProfessionInfo
    specialty: md.SpecialtyInfo
    city: md.CityInfo
    state: md.StateInfo
    job_type: JobType
    shift: md.ShiftInfo


@dataclass(frozen=True, slots=True)
class _Dates:
    posted: datetime.datetime
    modified: datetime.datetime
    asap: bool
    start: datetime.date
    duration: int | None
    duration_type: str | None
    end: datetime.date | None


def _role(rng: random.Random) -> _Role:
    prof = _profession_choice().pick(rng)
    specialty = rng.choice(md.specialties_for(prof.external_id))
    city = _city_choice().pick(rng)
    type_weights = _TYPE_WEIGHTS.get(prof.category, _TYPE_WEIGHTS["default"])
    job_type = rng.choices([t for t, _ in type_weights], [w for _, w in type_weights])[0]
    shifts = md.shifts()
    if job_type is JobType.PERM:
        shift = rng.choice([s for s in shifts if s.first.hours_per_shift <= 10] or list(shifts))
    else:
        shift = rng.choice(shifts)
    return _Role(prof, specialty, city, md.state_by_code(city.state_code), job_type, shift)


def _pay(rng: random.Random, role: _Role) -> tuple[float, float | None]:
    """``(hourly, weekly)``: the profession's band for the job type, specialty and city."""
    hours = role.shift.scheduled_hours or 36.0
    factor = role.specialty.pay_factor * _COST_FACTOR[role.city.cost_tier]
    pay = role.profession.pay
    if role.job_type is JobType.TRAVEL:
        weekly = round(rng.uniform(*pay.travel_weekly) * factor / 5) * 5.0
        return round(weekly / hours, 2), weekly
    if role.job_type is JobType.LOCAL:
        hourly = round(rng.uniform(*pay.local_hourly) * factor, 2)
        return hourly, round(hourly * hours, 2)
    if role.job_type is JobType.PER_DIEM:
        return round(rng.uniform(*pay.per_diem_hourly) * factor, 2), None
    annual = round(rng.uniform(*pay.perm_annual) * factor / 500) * 500
    return round(annual / 2080, 2), round(annual / 52, 2)


def _dates(rng: random.Random, base_time: datetime.datetime, job_type: JobType) -> _Dates:
    posted = base_time - datetime.timedelta(
        days=rng.randint(0, 45), hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
    )
    modified = posted + datetime.timedelta(hours=rng.randint(0, 72), seconds=rng.randint(0, 3599))
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
    return _Dates(posted, min(modified, base_time), asap, start, duration, duration_type, end)


def _certifications(rng: random.Random, role: _Role) -> list[dict[str, Any]]:
    """The specialty's required certifications, plus the state license for nurses."""
    certs: list[dict[str, Any]] = [
        {"certification": name, "forOnboarding": True, "forSubmittal": True}
        for name in role.specialty.required_certifications
    ]
    if role.profession.is_nursing:
        certs.append(
            {
                "certification": f"{role.state.code} "
                f"{role.profession.abbreviation.split('/')[0]} License",
                "forOnboarding": True,
                "forSubmittal": rng.random() < 0.5,
            }
        )
    return certs


def _rates(rng: random.Random, hourly: float) -> list[dict[str, Any]]:
    bill = hourly * rng.uniform(1.35, 1.6)
    return [
        {"billRateCodeId": code_id, "billRateCode": code, "rate": round(bill * mult, 2)}
        for code_id, code, mult in _RATE_CODES[: rng.choice((1, 2, 3, 3))]
    ]


def _description(
    rng: random.Random,
    role: _Role,
    *,
    facility: str,
    type_label: str,
    title: str,
    hourly: float,
    weekly: float | None,
    dates: _Dates,
    certs: list[dict[str, Any]],
) -> str | None:
    """The HTML description (about one record in 12 has none)."""
    if rng.random() < 0.08:
        return None
    specialty = role.specialty
    intro = rng.choice(_INTROS).format(
        facility=html.escape(facility),
        city=html.escape(role.city.name),
        state=role.state.name,
        role=html.escape(title),
        specialty=html.escape(specialty.name),
        department=html.escape(specialty.department),
    )
    pay_line = (
        f"${weekly:,.0f}/week"
        if weekly is not None and role.job_type is not JobType.PER_DIEM
        else f"${hourly:,.2f}/hour"
    )
    requirements = (
        "".join(f"<li>{html.escape(c['certification'])}</li>" for c in certs)
        + f"<li>{rng.choice((1, 1, 2, 2, 3))}+ years of recent "
        f"{html.escape(specialty.name)} experience</li>"
    )
    benefits = "".join(f"<li>{b}</li>" for b in rng.sample(_BENEFITS, 4))
    return (
        f"<h3>{type_label} {html.escape(title)}</h3>"
        f"<p>{intro}</p>"
        f"<p><strong>Unit:</strong> {html.escape(specialty.description)}</p>"
        f"<p><strong>Schedule:</strong> {html.escape(role.shift.label)}"
        + (f" &middot; {dates.duration} weeks" if dates.duration_type == "WEEKS" else "")
        + f"</p><p><strong>Pay:</strong> {pay_line}&nbsp;(estimated gross)</p>"
        f"<h4>Requirements</h4><ul>{requirements}</ul>"
        f"<h4>Benefits</h4><ul>{benefits}</ul>"
    )


# --------------------------------------------------------- the fields that vary by record
def _add_place(rng: random.Random, record: dict[str, Any], role: _Role) -> None:
    """Most records use the ``client*`` location fields, some ``city``/``state``/``stateCode``."""
    city, state = role.city, role.state
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


def _add_shift(rng: random.Random, record: dict[str, Any], shift: md.ShiftInfo) -> None:
    """Numbered top-level shift fields, or a ``jobShiftDetails`` list."""
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


def _add_description_and_stamps(
    rng: random.Random, record: dict[str, Any], description: str | None, modified: datetime.datetime
) -> None:
    """``description`` (sometimes ``jobDescription``); ``lastModified`` and/or ``updatedAt``."""
    if description is not None:
        record["jobDescription" if rng.random() < 0.1 else "description"] = description
    stamp = iso_ms(modified, z=True)
    which = rng.random()
    if which < 0.8:
        record["lastModified"] = stamp
        record["updatedAt"] = stamp
    elif which < 0.9:
        record["lastModified"] = stamp
    else:
        record["updatedAt"] = stamp


# ------------------------------------------------------------------------- the record
def generate_job(ordinal: int, seed: int, base_time: datetime.datetime) -> dict[str, Any]:
    """The upstream record of the ``ordinal``-th job of a simulator seeded with ``seed``."""
    rng = random.Random(seed * 1_000_003 + ordinal)
    job_id = job_id_for(ordinal)
    role = _role(rng)
    prof, specialty, city, state, job_type = (
        role.profession,
        role.specialty,
        role.city,
        role.state,
        role.job_type,
    )
    hourly, weekly = _pay(rng, role)
    dates = _dates(rng, base_time, job_type)
    hot = rng.random() < 0.12
    featured = rng.random() < 0.08
    urgency = _URGENCY[rng.choice((2, 3)) if hot else rng.choice((0, 1, 1, 2))]
    facility = facility_name(rng, city)
    rep = rng.choice(sales_reps())
    specialist = rng.choice(staffing_specialists())
    vms = rng.choice(_VMS) if rng.random() < 0.6 else None
    upstream_type = (
        _UPSTREAM_TYPE_VARIANT[job_type] if rng.random() < 0.06 else _UPSTREAM_TYPE[job_type]
    )
    title = f"{specialty.name} {prof.abbreviation}"
    type_label = {JobType.PER_DIEM: "Per Diem", JobType.PERM: "Permanent"}.get(
        job_type, str(job_type.value)
    )
    certs = _certifications(rng, role)
    rates = _rates(rng, hourly)
    description = _description(
        rng,
        role,
        facility=facility,
        type_label=type_label,
        title=title,
        hourly=hourly,
        weekly=weekly,
        dates=dates,
        certs=certs,
    )
    # The literal's values are drawn in order from the job's stream: keep their order.
    record: dict[str, Any] = {
        "jobId": job_id,
        "postingId": f"EMS-{job_id}",
        "jobTitle": f"{type_label} {title} - {city.name}, {state.code}",
        "title": f"{prof.abbreviation} - {specialty.name}",
        "displayOnExternalJobBoard": True,
        "postedDate": iso_ms(dates.posted, z=False),
        "createdDate": iso_ms(dates.posted, z=False),
        "signOnBonus": (
            float(rng.randrange(2500, 15001, 500))
            if job_type is JobType.PERM and rng.random() < 0.4
            else (float(rng.randrange(500, 2001, 250)) if rng.random() < 0.05 else None)
        ),
        "noOfOpenings": rng.choices((1, 2, 3, 4, 5), (55, 22, 12, 6, 5))[0],
        "jobType": upstream_type,
        "msa": rng.random() < 0.3,
        "startDate": dates.start.isoformat(),
        "endDate": dates.end.isoformat() if dates.end else None,
        "asap": dates.asap,
        "duration": dates.duration,
        "durationType": dates.duration_type,
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
        "salesRepFirstName": rep.person.first,
        "salesRepLastName": rep.person.last,
        "salesRepEmail": rep.email,
        "staffingSpecialistId": specialist.id,
        "staffingSpecialistFirstName": specialist.person.first,
        "staffingSpecialistLastName": specialist.person.last,
        "staffingSpecialistEmail": specialist.email,
        "vmsId": vms[0] if vms else None,
        "vms": vms[1] if vms else None,
        "clientName": facility,
        "clientWebsite": f"https://www.{_slug(facility)}.org" if rng.random() < 0.6 else None,
        "clientPrimaryDivision": specialty.department,
        "countryId": 370,
        "weeklyPay": weekly,
        "hourlyPay": hourly,
        "weeklyPayRange": money_range(weekly, 10) if weekly is not None else None,
        "hourlyPayRange": money_range(hourly, 1),
        "positionUrgencyId": urgency[0],
        "positionUrgency": urgency[1],
        "preferredCertifications": ", ".join(specialty.preferred_certifications) or None,
        "jobRequiredCertifications": certs,
        "jobRates": rates,
    }
    _add_place(rng, record, role)
    _add_shift(rng, record, role.shift)
    _add_description_and_stamps(rng, record, description, dates.modified)
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
