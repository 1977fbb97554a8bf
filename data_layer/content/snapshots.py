"""The facts a draft is written from, taken from our own data at drafting time.

Only jobs the career site shows count: open and displayed on the external board, the
rule of :mod:`data_layer.jobs.search` (its ``_open_jobs`` conditions, reused here so the
two never disagree), and for one job :func:`data_layer.jobs.search.get_job_details`.

A snapshot is plain JSON (numbers, strings, lists) stored with the draft; every number a
writer prints comes from it, and the gate checks the text against it. Pay is rounded to
whole dollars here, once, so the page, the snapshot and the check agree on every figure.
``material_hash`` fingerprints the facts that would change what a page says (a count's
order of magnitude, pay to the nearest $100, the main shifts and facilities), so a job
opening or closing does not redraft a page, but a market that moved does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.content.kinds import ContentType, slug
from data_layer.content.targets import Target
from data_layer.jobs.search import _open_jobs, get_job_details
from data_layer.master.lookup import MasterSnapshot, master_snapshot
from data_layer.models import Job, JobRequiredCertification, JobType, State

JOBS_LISTED = 25
"""Jobs a snapshot lists by name (the page links them); counts cover all of them."""
TOP = 8
WEEK, HOUR = "week", "hour"

_COLUMNS = (
    Job.id,
    Job.title,
    Job.job_title,
    Job.client_name,
    Job.client_city,
    Job.client_state_code,
    Job.shift,
    Job.job_type,
    Job.weekly_pay,
    Job.hourly_pay,
    Job.weekly_pay_range,
    Job.hourly_pay_range,
    Job.start_date,
    Job.asap,
    Job.specialty_id,
    Job.profession_id,
)
_RANGE_LOW = re.compile(r"\$?\s*([\d,]+(?:\.\d+)?)")


def open_job_conditions() -> list[ColumnElement[bool]]:
    """The career site's "this job is public" rule (one home: data_layer.jobs.search)."""
    return _open_jobs()


def _whole(value: Decimal | float | None) -> int | None:
    if value is None or value <= 0:
        return None
    return int(Decimal(str(value)).quantize(Decimal("1")))


def _unit(job_type: JobType | None) -> str:
    return HOUR if job_type in {JobType.PER_DIEM, JobType.LOCAL} else WEEK


def _range_low(text: str | None) -> int | None:
    found = _RANGE_LOW.search(text or "")
    return _whole(Decimal(found.group(1).replace(",", ""))) if found else None


def _stats(values: Iterable[int | None], unit: str) -> dict[str, Any] | None:
    present = sorted(v for v in values if v)
    if not present:
        return None
    return {
        "min": present[0],
        "max": present[-1],
        "median": round(statistics.median(present)),
        "unit": unit,
        "jobs": len(present),
    }


def _counts(values: Iterable[str | None], top: int = TOP) -> dict[str, int]:
    counted = Counter(v.strip() for v in values if v and v.strip())
    return dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def _job_entry(row: Any, master: MasterSnapshot) -> dict[str, Any]:
    unit = _unit(row.job_type)
    pay = _whole(row.weekly_pay if unit == WEEK else row.hourly_pay)
    low = _range_low(row.weekly_pay_range if unit == WEEK else row.hourly_pay_range)
    return {
        "id": str(row.id),
        "title": row.title or row.job_title or "Open position",
        "specialty": master.specialty_names.get(row.specialty_id),
        "facility": row.client_name,
        "city": row.client_city,
        "state_code": row.client_state_code,
        "shift": row.shift,
        "job_type": row.job_type.value if row.job_type is not None else None,
        "pay_min": low if low and pay and low <= pay else pay,
        "pay_max": pay,
        "pay_unit": unit,
        "start_date": row.start_date.isoformat() if row.start_date else None,
        "asap": bool(row.asap),
    }


def _ordered(statement: Select[Any]) -> Select[Any]:
    """The job board's own order: hot, featured, newest (so the page lists what it shows)."""
    return statement.order_by(
        Job.hot_job.desc(), Job.featured_job.desc(), Job.posted_date.desc().nulls_last(), Job.id
    )


async def _rows(session: AsyncSession, conditions: Sequence[ColumnElement[bool]]) -> list[Any]:
    statement = _ordered(select(*_COLUMNS).where(*open_job_conditions(), *conditions))
    return list((await session.execute(statement)).all())


async def _certifications(session: AsyncSession, job_ids: list[UUID]) -> dict[str, int]:
    if not job_ids:
        return {}
    rows = await session.execute(
        select(JobRequiredCertification.certification, func.count())
        .where(JobRequiredCertification.job_id.in_(job_ids))
        .group_by(JobRequiredCertification.certification)
    )
    counted = {name: int(n) for name, n in rows if name}
    return dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP])


def _market(rows: list[Any], master: MasterSnapshot) -> dict[str, Any]:
    """The facts every page type shares, from its open jobs."""
    travel_weekly = [_whole(r.weekly_pay) for r in rows if r.job_type is JobType.TRAVEL]
    hourly = [_whole(r.hourly_pay) for r in rows if r.job_type in {JobType.PER_DIEM, JobType.LOCAL}]
    weekly_stats, hourly_stats = _stats(travel_weekly, WEEK), _stats(hourly, HOUR)
    return {
        "open_jobs": len(rows),
        "pay": weekly_stats or hourly_stats,
        "pay_weekly": weekly_stats,
        "pay_hourly": hourly_stats,
        "shifts": _counts(r.shift for r in rows),
        "job_types": _counts(r.job_type.value if r.job_type else None for r in rows),
        "facilities": list(_counts((r.client_name for r in rows), top=TOP)),
        "facility_count": len({r.client_name for r in rows if r.client_name}),
        "specialties": _counts(master.specialty_names.get(r.specialty_id) for r in rows),
        "professions": _counts(master.profession_names.get(r.profession_id) for r in rows),
        "jobs": [_job_entry(r, master) for r in rows[:JOBS_LISTED]],
    }


def _cities(rows: list[Any]) -> list[dict[str, Any]]:
    counted = Counter(
        (r.client_city.strip(), (r.client_state_code or "").upper())
        for r in rows
        if r.client_city and r.client_city.strip()
    )
    return [
        {"city": city, "state_code": code, "open_jobs": n}
        for (city, code), n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    ]


async def _state_name(session: AsyncSession, state_code: str) -> str | None:
    return await session.scalar(select(State.name).where(State.code == state_code.upper()))


def specialty_ids(master: MasterSnapshot, name: str) -> tuple[int, ...]:
    """Every specialty row of that name (one per profession), or by slug when renamed."""
    ids = master.specialty_ids.get(name.lower(), ())
    if ids:
        return ids
    wanted = slug(name)
    return tuple(i for i, n in master.specialty_names.items() if slug(n) == wanted)


def _base(target: Target, now: dt.datetime) -> dict[str, Any]:
    return {
        "content_type": target.content_type.value,
        "key": target.key,
        "taken_at": now.isoformat(timespec="seconds"),
        "as_of": f"{now:%B %Y}",
    }


async def _place_and_specialty(
    session: AsyncSession, target: Target, master: MasterSnapshot, now: dt.datetime
) -> dict[str, Any] | None:
    conditions: list[ColumnElement[bool]] = []
    facts = _base(target, now)
    if target.city and target.state_code:
        state_id = master.state_id(target.state_code)
        conditions += [
            Job.client_state_id == state_id
            if state_id is not None
            else Job.client_state_code == target.state_code.upper(),
            func.lower(Job.client_city) == target.city.strip().lower(),
        ]
        facts |= {
            "city": target.city,
            "state_code": target.state_code.upper(),
            "state_name": await _state_name(session, target.state_code) or target.state_code,
        }
    if target.specialty:
        ids = specialty_ids(master, target.specialty)
        if not ids:
            return None
        conditions.append(Job.specialty_id.in_(ids))
        facts |= {"specialty_name": target.specialty, "specialty_slug": slug(target.specialty)}
    rows = await _rows(session, conditions)
    if not rows:
        return None
    facts |= _market(rows, master)
    if target.specialty:
        facts["certifications"] = await _certifications(session, [r.id for r in rows])
    if target.content_type is ContentType.SPECIALTY_PAGE:
        facts["cities"] = _cities(rows)
        facts["states"] = _counts(r.client_state_code for r in rows)
    return facts


async def _job_description(
    session: AsyncSession, target: Target, now: dt.datetime
) -> dict[str, Any] | None:
    details = await get_job_details(session, UUID(str(target.job_id)))
    if details is None or not details.is_open:
        return None
    card = details.card
    unit = HOUR if card.job_type in {JobType.PER_DIEM.value, JobType.LOCAL.value} else WEEK
    job = {
        "id": str(card.id),
        "title": card.title,
        "profession": card.profession,
        "specialty": card.specialty,
        "city": card.city,
        "state_code": card.state,
        "facility": None,
        "job_type": card.job_type,
        "shift": card.shift,
        "shift_start": details.shift_start_time.strftime("%-I:%M %p")
        if details.shift_start_time
        else None,
        "shift_end": details.shift_end_time.strftime("%-I:%M %p")
        if details.shift_end_time
        else None,
        "shifts_per_week": details.shifts_per_week,
        "hours_per_shift": int(details.scheduled_hours) if details.scheduled_hours else None,
        "duration": card.duration_text,
        "start_date": card.start_date.isoformat() if card.start_date else None,
        "asap": card.asap,
        "pay": _whole(card.weekly_pay if unit == WEEK else card.hourly_pay),
        "pay_min": _range_low(
            details.weekly_pay_range if unit == WEEK else details.hourly_pay_range
        ),
        "pay_unit": unit,
        "sign_on_bonus": _whole(details.sign_on_bonus),
        "openings": details.no_of_openings,
        "certifications": details.certifications,
        "description_chars": len(details.description_text or ""),
    }
    facility = await session.scalar(select(Job.client_name).where(Job.id == card.id))
    job["facility"] = facility
    state = await _state_name(session, card.state) if card.state else None
    return {
        **_base(target, now),
        "job": job,
        "state_name": state,
        "open_jobs": 1,
        "facilities": [facility] if facility else [],
    }


TOPIC_TOP_PAYING = "top_paying_specialties"
"""Blog: the travel specialties with the highest median weekly pay this month."""
TOPIC_WHERE_NEEDED = "where_needed"
"""Blog: the cities with the most open travel jobs of one specialty."""
BLOG_TOPICS = (TOPIC_TOP_PAYING, TOPIC_WHERE_NEEDED)
BLOG_ROWS = 10
BLOG_MIN_JOBS = {TOPIC_TOP_PAYING: 3, TOPIC_WHERE_NEEDED: 2}
"""Open jobs a specialty (or a city) needs to be ranked: a median of one job says little."""


async def _blog(
    session: AsyncSession, target: Target, master: MasterSnapshot, now: dt.datetime
) -> dict[str, Any] | None:
    conditions: list[ColumnElement[bool]] = [Job.job_type == JobType.TRAVEL]
    if target.topic == TOPIC_WHERE_NEEDED:
        if not target.specialty:
            return None
        ids = specialty_ids(master, target.specialty)
        if not ids:
            return None
        conditions.append(Job.specialty_id.in_(ids))
    elif target.topic != TOPIC_TOP_PAYING:
        return None
    rows = await _rows(session, conditions)
    groups: dict[Any, list[Any]] = {}
    for row in rows:
        if target.topic == TOPIC_TOP_PAYING:
            name = master.specialty_names.get(row.specialty_id)
            if name:
                groups.setdefault(name, []).append(row)
        elif row.client_city:
            groups.setdefault((row.client_city.strip(), row.client_state_code), []).append(row)
    ranked: list[dict[str, Any]] = []
    for group, members in groups.items():
        pay = _stats((_whole(r.weekly_pay) for r in members), WEEK)
        if len(members) < BLOG_MIN_JOBS[target.topic] or pay is None:
            continue
        entry = {"open_jobs": len(members), "median": pay["median"], "max": pay["max"]}
        if target.topic == TOPIC_TOP_PAYING:
            entry |= {"name": group, "slug": slug(group)}
        else:
            entry |= {"city": group[0], "state_code": (group[1] or "").upper()}
        ranked.append(entry)
    if target.topic == TOPIC_TOP_PAYING:
        ranked.sort(key=lambda e: (-e["median"], -e["open_jobs"], e["name"]))
    else:
        ranked.sort(key=lambda e: (-e["open_jobs"], -e["median"], e["city"]))
    if len(ranked) < 3:
        return None  # a ranking of one or two says nothing worth a post
    facts = _base(target, now) | _market(rows, master)
    facts |= {"topic": target.topic, "month": target.month, "rows": ranked[:BLOG_ROWS]}
    if target.specialty:
        facts |= {"specialty_name": target.specialty, "specialty_slug": slug(target.specialty)}
    return facts


async def build_snapshot(
    session: AsyncSession, target: Target, *, now: dt.datetime | None = None
) -> dict[str, Any] | None:
    """The facts for ``target``, or None when there is nothing public to write about."""
    now = now or dt.datetime.now(dt.UTC)
    master = await master_snapshot(session)
    if target.content_type is ContentType.JOB_DESCRIPTION:
        return await _job_description(session, target, now)
    if target.content_type is ContentType.BLOG_POST:
        return await _blog(session, target, master, now)
    return await _place_and_specialty(session, target, master, now)


def _bucket(count: int) -> int:
    """Orders of magnitude people notice: 5-9, 10-19, 20-49, 50-99, 100-199..."""
    for edge in (1000, 500, 200, 100, 50, 20, 10, 5):
        if count >= edge:
            return edge
    return count


def _hundreds(value: int | None) -> int | None:
    return None if value is None else round(value / 100.0) * 100


def material_facts(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What would change what the page says, coarsened (see the module doc)."""
    pay = snapshot.get("pay") or {}
    job = snapshot.get("job")
    if job:
        return {
            "job": {k: job.get(k) for k in ("title", "pay", "pay_unit", "shift", "start_date")},
            "facility": job.get("facility"),
        }
    return {
        "type": snapshot.get("content_type"),
        "topic": snapshot.get("topic"),
        "month": snapshot.get("month"),
        "open_jobs": _bucket(int(snapshot.get("open_jobs") or 0)),
        "pay": {k: _hundreds(pay.get(k)) for k in ("min", "median", "max")},
        "shifts": sorted(list(snapshot.get("shifts") or {})[:3]),
        "facilities": sorted((snapshot.get("facilities") or [])[:5]),
        "rows": [r.get("name") or r.get("city") for r in snapshot.get("rows") or []][:5],
    }


def material_hash(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(material_facts(snapshot), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
