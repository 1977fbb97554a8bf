"""Which pages to (re)draft, decided from the data.

- a city guide for each city with at least ``CONTENT_MIN_JOBS_CITY`` open jobs;
- a specialty page for each specialty with ``CONTENT_MIN_JOBS_SPECIALTY``;
- a city x specialty page only where the pair has ``CONTENT_MIN_JOBS_CITY_SPECIALTY``
  (a page about two jobs is the thin, scaled content search engines penalise);
- a job description for each open job whose upstream description is shorter than
  ``CONTENT_THIN_DESCRIPTION_CHARS``;
- a few data-driven blog posts a month (see :data:`snapshots.BLOG_TOPICS`).

A page is (re)drafted when it has no version yet, or when its facts changed materially
(the snapshot's material hash differs from the latest version's) and no version of it is
waiting for review or scheduled. A page an editor took down (unpublished) is left alone.
Biggest markets first, so a limited run drafts the pages that matter most.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Settings
from data_layer.content.kinds import DRAFTED_TYPES, ContentType, DraftStatus, slug
from data_layer.content.snapshots import (
    TOPIC_TOP_PAYING,
    TOPIC_WHERE_NEEDED,
    build_snapshot,
    material_hash,
    open_job_conditions,
)
from data_layer.content.store import collection
from data_layer.content.targets import Target
from data_layer.master.lookup import master_snapshot
from data_layer.models import Job, JobType

WHERE_NEEDED_SPECIALTIES = 2
"""Blog: "where X travel nurses are needed" for this many of the largest specialties."""
BLOCKING = frozenset(
    {
        DraftStatus.DRAFT.value,
        DraftStatus.CHANGES_REQUESTED.value,
        DraftStatus.REVIEWED.value,
        DraftStatus.UNPUBLISHED.value,
    }
)
"""Latest-version statuses that stop a redraft: someone has it, or took the page down."""


@dataclass
class Candidate:
    target: Target
    open_jobs: int


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    considered: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


async def _cities(session: AsyncSession, minimum: int) -> list[Candidate]:
    rows = await session.execute(
        select(Job.client_state_code, func.min(Job.client_city), func.count())
        .where(*open_job_conditions(), Job.client_city.is_not(None))
        .group_by(Job.client_state_code, func.lower(Job.client_city))
        .having(func.count() >= minimum)
    )
    return [
        Candidate(Target.city_guide(code, city), int(n)) for code, city, n in rows if code and city
    ]


async def _specialty_counts(
    session: AsyncSession, by_city: bool
) -> dict[tuple[str | None, str | None, str], int]:
    """Open jobs per specialty NAME (rows of all professions together), optionally per city."""
    master = await master_snapshot(session)
    columns: list[Any] = [Job.specialty_id]
    if by_city:
        columns = [Job.client_state_code, func.min(Job.client_city), Job.specialty_id]
    group: list[Any] = [Job.specialty_id]
    if by_city:
        group = [Job.client_state_code, func.lower(Job.client_city), Job.specialty_id]
    rows = await session.execute(
        select(*columns, func.count())
        .where(*open_job_conditions(), Job.specialty_id.is_not(None))
        .group_by(*group)
    )
    counts: dict[tuple[str | None, str | None, str], int] = {}
    for row in rows:
        *place, specialty_id, n = row if by_city else (None, None, *row)
        name = master.specialty_names.get(specialty_id)
        if not name or (by_city and not all(place)):
            continue
        key = (place[0], place[1], name)
        counts[key] = counts.get(key, 0) + int(n)
    return counts


async def _specialties(session: AsyncSession, minimum: int) -> list[Candidate]:
    counts = await _specialty_counts(session, by_city=False)
    return [
        Candidate(Target.specialty_page(name), n)
        for (_, _, name), n in counts.items()
        if n >= minimum
    ]


async def _city_specialties(session: AsyncSession, minimum: int) -> list[Candidate]:
    counts = await _specialty_counts(session, by_city=True)
    return [
        Candidate(Target.city_specialty_page(str(code), str(city), name), n)
        for (code, city, name), n in counts.items()
        if n >= minimum
    ]


async def _thin_jobs(session: AsyncSession, chars: int, limit: int) -> list[Candidate]:
    rows = await session.scalars(
        select(Job.id)
        .where(
            *open_job_conditions(),
            func.length(func.coalesce(Job.description_text, "")) < chars,
        )
        .order_by(Job.posted_date.desc().nulls_last(), Job.id)
        .limit(limit)
    )
    return [Candidate(Target.job_description(str(job_id)), 1) for job_id in rows]


async def _blog_posts(session: AsyncSession, now: dt.datetime) -> list[Candidate]:
    month, words = f"{now:%Y-%m}", f"{now:%B-%Y}".lower()
    candidates = [
        Candidate(
            Target.blog_post(
                TOPIC_TOP_PAYING, f"highest-paying-travel-nursing-specialties-{words}", month
            ),
            0,
        )
    ]
    master = await master_snapshot(session)
    rows = await session.execute(
        select(Job.specialty_id, func.count())
        .where(*open_job_conditions(), Job.job_type == JobType.TRAVEL)
        .group_by(Job.specialty_id)
    )
    by_name: dict[str, int] = {}
    for specialty_id, n in rows:
        name = master.specialty_names.get(specialty_id)
        if name:
            by_name[name] = by_name.get(name, 0) + int(n)
    largest = sorted(by_name.items(), key=lambda kv: (-kv[1], kv[0]))[:WHERE_NEEDED_SPECIALTIES]
    for name, n in largest:
        post = f"where-{slug(name)}-travel-nurses-are-needed-{words}"
        candidates.append(
            Candidate(Target.blog_post(TOPIC_WHERE_NEEDED, post, month, specialty=name), n)
        )
    return candidates


async def candidates(
    session: AsyncSession,
    settings: Settings,
    content_types: Collection[ContentType],
    *,
    now: dt.datetime,
    job_limit: int,
) -> list[Candidate]:
    """Every page the data supports now, largest first within each type."""
    found: list[Candidate] = []
    if ContentType.CITY_GUIDE in content_types:
        found += await _cities(session, settings.content_min_jobs_city)
    if ContentType.SPECIALTY_PAGE in content_types:
        found += await _specialties(session, settings.content_min_jobs_specialty)
    if ContentType.CITY_SPECIALTY_PAGE in content_types:
        found += await _city_specialties(session, settings.content_min_jobs_city_specialty)
    if ContentType.BLOG_POST in content_types:
        found += await _blog_posts(session, now)
    if ContentType.JOB_DESCRIPTION in content_types:
        found += await _thin_jobs(session, settings.content_thin_description_chars, job_limit)
    found.sort(key=lambda c: (-c.open_jobs, c.target.content_type.value, c.target.key))
    return found


async def latest_versions(
    db: AsyncDatabase, reference_ids: list[str]
) -> dict[tuple[str, str], dict[str, Any]]:
    """(content_type, reference_id) -> the latest version's status and material hash."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for start in range(0, len(reference_ids), 500):
        cursor = collection(db).find(
            {"reference_id": {"$in": reference_ids[start : start + 500]}},
            projection={
                "content_type": 1,
                "reference_id": 1,
                "version": 1,
                "status": 1,
                "snapshot_hash": 1,
            },
        )
        async for doc in cursor:
            key = (doc["content_type"], doc["reference_id"])
            if key not in latest or doc["version"] > latest[key]["version"]:
                latest[key] = doc
    return latest


async def plan_drafts(
    session: AsyncSession,
    db: AsyncDatabase,
    settings: Settings,
    *,
    content_types: Collection[ContentType] | None = None,
    limit: int,
    now: dt.datetime | None = None,
    only: Collection[str] | None = None,
) -> Plan:
    """The targets to draft now (at most ``limit``), with why the others were skipped.

    ``only``: just these reference ids (the pages job events marked for re-planning,
    :mod:`data_layer.events.content`), each still held to the rules above.
    """
    now = now or dt.datetime.now(dt.UTC)
    types = set(content_types or DRAFTED_TYPES) & DRAFTED_TYPES
    plan = Plan()
    if limit <= 0:
        return plan
    found = await candidates(session, settings, types, now=now, job_limit=max(limit * 4, 200))
    if only is not None:
        found = [c for c in found if c.target.reference_id in only]
    plan.considered = len(found)
    latest = await latest_versions(db, sorted({c.target.reference_id for c in found}))
    for candidate in found:
        if len(plan.targets) >= limit:
            plan.skip("over_limit")
            continue
        target = candidate.target
        existing = latest.get((target.content_type.value, target.reference_id))
        if existing is None:
            plan.targets.append(target)
            continue
        if existing["status"] in BLOCKING:
            plan.skip(f"latest_{existing['status']}")
            continue
        snapshot = await build_snapshot(session, target, now=now)
        if snapshot is None:
            plan.skip("no_facts")
        elif material_hash(snapshot) == existing.get("snapshot_hash"):
            plan.skip("unchanged")
        else:
            plan.targets.append(target)
    return plan
