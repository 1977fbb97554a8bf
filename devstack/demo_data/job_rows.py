"""The rows of one demo job: ``jobs``, its certifications, bill rates and board views.

Details come from the job's second stream (``"{seed}:job-detail:{index}"``), drawn in a
fixed order: :func:`_draw_details`, the board views, the rest of the row, the rates.
Changing that order changes every later draw.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from data_layer.master import catalog as md
from data_layer.master.loader import MasterIds
from data_layer.models import DurationType, JobType
from devstack.demo_data.choices import USER_AGENTS, randint, referrer_choice
from devstack.demo_data.job_text import JOB_TYPE_WORDS, describe_job
from devstack.demo_data.jobs import JobCore, Pay, job_pay
from devstack.demo_data.keys import uid
from devstack.demo_data.people import Recruiter
from devstack.demo_data.world import JobRows, Row
from devstack.fakes import StaffMember, WeightedChoice, facility_name, pick

__all__ = ["JobContext", "add_job_rows"]

# fmt: off
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
_NURSING_CLINIC = frozenset({
    "Ambulatory", "Urgent Care", "Clinic", "Case Management", "Home Health", "Hospice",
    "School Nurse", "Telehealth", "Infusion", "Wound Care",
})
"""Specialties where nurses too work clinic hours."""
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
_VMS: tuple[tuple[tuple[int | None, str | None], float], ...] = (
    ((None, None), 40), ((1, "ShiftWise Flex"), 18), ((2, "Medefis"), 12),
    ((3, "HealthTrust Workforce Solutions"), 12), ((4, "SAP Fieldglass"), 10),
    ((5, "Qualivis"), 8),
)
_OFFERING: dict[JobType, str] = {
    JobType.TRAVEL: "Travel", JobType.LOCAL: "Local Contract",
    JobType.PER_DIEM: "Per Diem", JobType.PERM: "Permanent Placement",
}
# fmt: on
_MAX_BOARD_VIEWS = 64
"""Board views per job the primary keys leave room for (``index * 64 + view``)."""


@cache
def _shift_choice(mix: str) -> WeightedChoice[md.ShiftInfo]:
    by_code = {s.code: s for s in md.shifts()}
    return WeightedChoice.of((by_code[code], w) for code, w in _SHIFT_MIXES[mix])


@cache
def _duration_choice() -> WeightedChoice[int]:
    return WeightedChoice.of(_DURATIONS_TRAVEL)


@cache
def _vms_choice() -> WeightedChoice[tuple[int | None, str | None]]:
    return WeightedChoice.of(_VMS)


def _shift_mix(prof: md.ProfessionInfo, spec: md.SpecialtyInfo) -> str:
    """Which schedules the job's setting works: inpatient, procedural, clinic, ..."""
    if spec.name in _PROCEDURAL or prof.abbreviation in {"Surg Tech", "CVT", "IR Tech", "CRNA"}:
        return "procedural"
    if prof.abbreviation in _THERAPY:
        return "therapy"
    if spec.name in _CLINIC_LIKE and prof.abbreviation not in {"RN", "LPN/LVN", "CNA", "PCT"}:
        return "clinic"
    if spec.name in _NURSING_CLINIC:
        return "clinic"
    if spec.name == "Long-Term Care" or prof.abbreviation in {"CNA", "LPN/LVN"}:
        return "ltc"
    if prof.category in {"imaging", "laboratory", "pharmacy", "cardiology"}:
        return "diagnostic"
    return "inpatient"


@dataclass(frozen=True, slots=True)
class JobContext:
    """What the rows of every job of one seeding run are drawn against."""

    seed: int
    anchor: datetime.datetime
    ids: MasterIds
    specialists: Sequence[Recruiter]
    reps: Sequence[StaffMember]
    candidate_user_ids: Sequence[uuid.UUID]
    """Logged-in board views belong to demo candidates."""


@dataclass(frozen=True, slots=True)
class _Schedule:
    asap: bool
    start: datetime.date
    duration: int | None
    """Weeks (travel and local contracts)."""
    end: datetime.date | None
    rapid: bool
    """A short ASAP travel contract (``sub_offering`` "Rapid Response")."""


@dataclass(frozen=True, slots=True)
class _Details:
    """Everything drawn for a job before its board views."""

    shift: md.ShiftInfo
    pay: Pay
    schedule: _Schedule
    openings: int
    bonus: int | None
    client: str
    description: str
    text: str
    vms_id: int | None
    vms: str | None
    specialist: Recruiter | None
    rep: StaffMember
    hot: bool
    featured: bool
    shown: bool
    closed_at: datetime.datetime | None
    updated: datetime.datetime


def _schedule(rng: random.Random, core: JobCore, today: datetime.date) -> _Schedule:
    job_type = core.job_type
    asap = rng.random() < (0.35 if job_type in {JobType.TRAVEL, JobType.LOCAL} else 0.15)
    posted_day = core.posted.date()
    if job_type is JobType.PER_DIEM:
        start = posted_day + datetime.timedelta(days=randint(rng, 3, 30))
    elif asap:
        start = posted_day + datetime.timedelta(days=randint(rng, 7, 21))
    else:
        start = posted_day + datetime.timedelta(days=randint(rng, 14, 75))
    if core.status_code == "OPEN" and start < today:
        start = today + datetime.timedelta(days=randint(rng, 3, 14))
    duration: int | None = None
    if job_type is JobType.TRAVEL:
        duration = _duration_choice().pick(rng)
        if duration == 4 and not asap:
            duration = 13  # 4-week contracts are rapid-response (ASAP) only
    elif job_type is JobType.LOCAL:
        duration = 13 if rng.random() < 0.6 else 26
    end = start + datetime.timedelta(days=duration * 7 - 1) if duration else None
    rapid = job_type is JobType.TRAVEL and duration is not None and duration <= 8 and asap
    return _Schedule(asap, start, duration, end, rapid)


def _bonus(rng: random.Random, job_type: JobType) -> int | None:
    if job_type is JobType.PERM and rng.random() < 0.35:
        return pick(rng, (2500, 5000, 7500, 10000, 15000))
    if job_type is JobType.TRAVEL and rng.random() < 0.08:
        return pick(rng, (500, 1000, 1500))
    return None


def _draw_details(rng: random.Random, ctx: JobContext, core: JobCore) -> _Details:
    prof, spec, anchor = core.profession, core.specialty, ctx.anchor
    shift = _shift_choice(_shift_mix(prof, spec)).pick(rng)
    pay = job_pay(rng, core, shift.scheduled_hours)
    schedule = _schedule(rng, core, anchor.date())
    years = pick(rng, (1, 1, 2, 2, 2, 3)) if spec.pay_factor >= 1.05 else pick(rng, (1, 1, 2))
    openings = pick(rng, (1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5))
    bonus = _bonus(rng, core.job_type)
    client = facility_name(rng, core.city, known_share=0.8)
    description, text = describe_job(
        rng,
        core,
        client=client,
        shift=shift,
        pay=pay,
        duration=schedule.duration,
        asap=schedule.asap,
        start=schedule.start,
        openings=openings,
        years=years,
        required=spec.required_certifications,
        preferred=spec.preferred_certifications,
        bonus=bonus,
    )
    vms_id, vms = _vms_choice().pick(rng)
    specialist = pick(rng, ctx.specialists) if ctx.specialists else None
    rep = pick(rng, ctx.reps)
    hot = rng.random() < 0.10
    featured = rng.random() < 0.05
    shown = core.status_code == "OPEN" and rng.random() < 0.97
    closed_at = None
    if core.status_code in {"FILLED", "CLOSED", "CANCELLED"}:
        closed_at = min(anchor, core.posted + datetime.timedelta(hours=randint(rng, 24, 60 * 24)))
    updated = min(anchor, core.posted + datetime.timedelta(minutes=randint(rng, 0, 3 * 24 * 60)))
    return _Details(
        shift=shift,
        pay=pay,
        schedule=schedule,
        openings=openings,
        bonus=bonus,
        client=client,
        description=description,
        text=text,
        vms_id=vms_id,
        vms=vms,
        specialist=specialist,
        rep=rep,
        hot=hot,
        featured=featured,
        shown=shown,
        closed_at=closed_at,
        updated=updated,
    )


def _add_board_views(
    rng: random.Random, ctx: JobContext, core: JobCore, details: _Details, out: JobRows
) -> int:
    """Anonymous and logged-in views of the job on the board (each also a page view)."""
    is_open = core.status_code == "OPEN"
    n_views = min(40, int(rng.expovariate(1 / 1.2))) if details.shown or not is_open else 0
    until = details.closed_at or ctx.anchor
    users = ctx.candidate_user_ids
    for v in range(n_views):
        seen = core.posted + (until - core.posted) * rng.random()
        user_id = pick(rng, users) if users and rng.random() < 0.25 else None
        session_id = f"s_{rng.getrandbits(64):016x}"
        referrer = referrer_choice().pick(rng)
        out.views.append(
            {
                "id": uid(ctx.seed, "job-view", core.index * _MAX_BOARD_VIEWS + v),
                "job_id": core.id,
                "user_id": user_id,
                "session_id": session_id,
                "referrer_url": referrer,
                "referral_code": None,
                "recruiter_share_id": None,
                "created_at": seen,
            }
        )
        out.page_view_jobs.append(core.id)
        out.page_views.append(
            {
                "id": uid(ctx.seed, "job-page-view", core.index * _MAX_BOARD_VIEWS + v),
                "user_id": user_id,
                "session_id": session_id,
                "page_url": f"/jobs/{core.external_job_id}",
                "referrer_url": referrer,
                "user_agent": pick(rng, USER_AGENTS),
                "ip_address": f"203.0.113.{randint(rng, 1, 254)}",
                "created_at": seen,
            }
        )
    return n_views


def _position_type(rng: random.Random, job_type: JobType) -> str:
    if job_type is JobType.PERM:
        return "Full Time" if rng.random() < 0.85 else "Part Time"
    return "PRN" if job_type is JobType.PER_DIEM else "Contract"


def _job_row(
    rng: random.Random,
    ctx: JobContext,
    core: JobCore,
    d: _Details,
    *,
    page_views: int,
    application_count: int,
) -> Row:
    prof, spec, city, ids = core.profession, core.specialty, core.city, ctx.ids
    state = md.state_by_code(city.state_code)
    job_type, shift, pay, schedule = core.job_type, d.shift, d.pay, d.schedule
    second = shift.second
    specialist, rep = d.specialist, d.rep
    urgent = schedule.asap or d.hot
    preferred = spec.preferred_certifications
    # The literal's values are drawn in order from the job's stream: keep their order.
    return {
        "id": core.id,
        "external_job_id": core.external_job_id,
        "job_title": f"{JOB_TYPE_WORDS[job_type].title()} {prof.abbreviation} - {spec.name}",
        "posting_id": f"EMS-{core.external_job_id}",
        "display_on_external_job_board": d.shown,
        "description": d.description,
        "description_text": d.text,
        "posted_date": core.posted,
        "preferred_certifications": ", ".join(preferred) or None,
        "sign_on_bonus": None if d.bonus is None else Decimal(d.bonus),
        "no_of_openings": d.openings,
        "job_type": job_type,
        "msa": rng.random() < 0.25,
        "start_date": schedule.start,
        "end_date": schedule.end,
        "asap": schedule.asap,
        "duration": schedule.duration,
        "duration_type": DurationType.WEEKS if schedule.duration else None,
        "job_status_id": ids.job_statuses[core.status_code],
        "job_status_code": core.status_code,
        "hot_job": d.hot,
        "floating_req_units": (
            "ICU, Step-Down, Telemetry, Med-Surg" if spec.name == "Float Pool" else None
        ),
        "position_type": _position_type(rng, job_type),
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
        "offering": _OFFERING[job_type],
        "sub_offering": "Rapid Response"
        if schedule.rapid
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
        "vms_id": d.vms_id,
        "vms": d.vms,
        "client_name": d.client,
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
        "featured_job": d.featured,
        "position_urgency_id": "2" if urgent else "1",
        "position_urgency": "Urgent" if urgent else "Standard",
        "seo_title": None,
        "seo_description": None,
        "seo_keywords": None,
        "page_views": page_views,
        "application_count": application_count,
        "content_hash": None,
        "last_synced_at": None,
        "closed_at": d.closed_at,
        "created_at": core.posted,
        "updated_at": d.updated,
    }


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _add_certifications(seed: int, core: JobCore, out: JobRows) -> None:
    for c, cert in enumerate(core.specialty.required_certifications):
        out.certs.append(
            {
                "id": uid(seed, "job-cert", core.index * 32 + c),
                "job_id": core.id,
                "certification": cert,
                "for_onboarding": True,
                "for_submittal": cert in {"BLS", "ACLS", "PALS", "NRP"} or c == 0,
                "created_at": core.posted,
            }
        )


def _add_rates(rng: random.Random, seed: int, core: JobCore, d: _Details, out: JobRows) -> None:
    """Bill rates of contract jobs (permanent placements bill a fee, not hours)."""
    job_type = core.job_type
    if job_type is JobType.PERM:
        return
    markup = rng.uniform(1.32, 1.5) if job_type is JobType.TRAVEL else rng.uniform(1.25, 1.4)
    regular = d.pay.hourly * markup
    rates: list[tuple[str, str, float]] = [
        ("1", "Regular", regular),
        ("2", "Overtime", regular * 1.5),
        ("3", "Holiday", regular * 1.5),
    ]
    if d.shift.code == "D10CALL" or core.specialty.name in _PROCEDURAL:
        rates += [
            ("4", "On Call", pick(rng, (8.0, 10.0, 12.0, 15.0))),
            ("5", "Call Back", regular * 1.5),
        ]
    if job_type is JobType.TRAVEL and rng.random() < 0.3:
        rates.append(("6", "Orientation", regular))
    for r_i, (code_id, code, rate) in enumerate(rates):
        out.rates.append(
            {
                "id": uid(seed, "job-rate", core.index * 8 + r_i),
                "job_id": core.id,
                "bill_rate_code_id": code_id,
                "bill_rate_code": code,
                "rate": _money(rate),
                "created_at": core.posted,
            }
        )


def add_job_rows(
    ctx: JobContext, core: JobCore, *, application_count: int, share_views: int, out: JobRows
) -> None:
    """Append the rows of job ``core`` to ``out``.

    ``application_count`` and ``share_views`` come from the generated activity, so the
    job's counters agree with the rows that reference it.
    """
    rng = random.Random(f"{ctx.seed}:job-detail:{core.index}")
    details = _draw_details(rng, ctx, core)
    board_views = _add_board_views(rng, ctx, core, details, out)
    out.jobs.append(
        _job_row(
            rng,
            ctx,
            core,
            details,
            page_views=board_views + share_views,
            application_count=application_count,
        )
    )
    _add_certifications(ctx.seed, core, out)
    _add_rates(rng, ctx.seed, core, details, out)
