"""Master-data loading and demo seeding against a real, migrated PostgreSQL."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from data_layer.master import catalog as md
from data_layer.master.loader import load_master_data
from data_layer.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusHistory,
    CandidateLicense,
    Certification,
    Job,
    JobType,
    JobView,
    Profession,
    RecruiterJobShare,
    Referral,
    ReferralReward,
    ReferralStatus,
    Specialty,
    State,
    User,
)
from devstack.demo_data import is_demo_external_job_id, seed_demo

TODAY = datetime.date(2026, 11, 26)
MASTER_TABLES = (
    "professions",
    "specialties",
    "countries",
    "states",
    "job_statuses",
    "candidate_statuses",
    "candidate_types",
    "referral_sources",
    "certifications",
)
DEMO_TABLES = (
    "users",
    "user_roles",
    "recruiters",
    "jobs",
    "job_required_certifications",
    "job_rates",
    "recruiter_job_shares",
    "job_views",
    "page_views",
    "candidates",
    "candidate_professions",
    "candidate_specialties",
    "candidate_job_types",
    "candidate_preferred_states",
    "candidate_licenses",
    "applications",
    "application_status_history",
    "referrals",
    "referral_rewards",
)
FLOW = [
    ApplicationStatus.APPLIED,
    ApplicationStatus.REVIEWING,
    ApplicationStatus.INTERVIEWING,
    ApplicationStatus.OFFERED,
    ApplicationStatus.PLACED,
]

Factory = async_sessionmaker[AsyncSession]


async def _table_counts(factory: Factory, tables: tuple[str, ...]) -> dict[str, int]:
    async with factory() as session:
        return {
            t: int((await session.execute(text(f'SELECT count(*) FROM "{t}"'))).scalar_one())
            for t in tables
        }


async def _digest(factory: Factory) -> str:
    digest = hashlib.sha256()
    async with factory() as session:
        for table in DEMO_TABLES:
            rows = (await session.execute(text(f'SELECT * FROM "{table}" ORDER BY id'))).all()
            digest.update(table.encode())
            digest.update(repr([tuple(r) for r in rows]).encode())
    return digest.hexdigest()


async def _truncate_demo(factory: Factory) -> None:
    async with factory() as session, session.begin():
        names = ", ".join(f'"{t}"' for t in DEMO_TABLES)
        await session.execute(text(f"TRUNCATE {names} CASCADE"))


async def test_load_master_data_is_idempotent(db_session_factory: Factory) -> None:
    async with db_session_factory() as session, session.begin():
        first = await load_master_data(session)
    async with db_session_factory() as session, session.begin():
        second = await load_master_data(session)
    assert first == second
    assert first["professions"] == len(md.professions())
    assert first["specialties"] == len(md.specialties())
    assert first["states"] == 51
    assert first["certifications"] == len(md.certifications())
    assert await _table_counts(db_session_factory, MASTER_TABLES) == first

    async with db_session_factory() as session:
        # specialties point at the right profession, states at the USA
        rows = await session.execute(
            select(Specialty.external_id, Profession.external_id).join(
                Profession, Specialty.profession_id == Profession.id
            )
        )
        for spec_ext, prof_ext in rows.tuples():
            assert spec_ext is not None
            assert md.specialty_by_external_id(spec_ext).profession_external_id == prof_ext
        usa = await session.scalar(text("SELECT id FROM countries WHERE code = 'USA'"))
        countries = set((await session.execute(select(State.country_id))).scalars())
        assert countries == {usa}
        assert await session.scalar(select(func.count()).select_from(Certification)) == len(
            md.certifications()
        )


async def test_seed_demo_is_idempotent_and_realistic(db_session_factory: Factory) -> None:
    stages: dict[str, tuple[int, int]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        assert 0 <= done <= total
        stages[stage] = (done, total)

    first = await seed_demo(
        db_session_factory, jobs=300, candidates=50, seed=7, progress=progress, today=TODAY
    )
    assert first["jobs"] == 300
    assert first["candidates"] == 50
    for table in DEMO_TABLES:
        assert first[table] > 0, table
    assert stages["jobs"] == (300, 300)
    counts = await _table_counts(db_session_factory, DEMO_TABLES)
    assert counts == {t: first[t] for t in DEMO_TABLES}

    second = await seed_demo(db_session_factory, jobs=300, candidates=50, seed=7, today=TODAY)
    assert set(second.values()) == {0}
    assert await _table_counts(db_session_factory, DEMO_TABLES) == counts

    async with db_session_factory() as session:
        await _check_jobs(session)
        await _check_applications(session)
        await _check_counters(session)
        await _check_candidates(session)


async def _check_jobs(session: AsyncSession) -> None:
    jobs = Job.__table__
    states = {s.id: s.code for s in (await session.execute(select(State))).scalars()}
    rows = (await session.execute(select(jobs))).mappings().all()
    assert len(rows) == 300
    by_type: dict[Any, int] = defaultdict(int)
    for job in rows:
        by_type[job["job_type"]] += 1
        assert is_demo_external_job_id(job["external_job_id"])
        # the city exists in that state, and the state columns agree
        code = job["client_state_code"]
        assert md.find_city(job["client_city"], code) is not None, (job["client_city"], code)
        assert states[job["client_state_id"]] == code
        assert md.state_by_code(code).name == job["client_state"]
        assert job["weekly_pay"] > 0 and job["hourly_pay"] > 0
        assert job["weekly_pay_range"].startswith("$") and job["hourly_pay_range"].startswith("$")
        assert job["description"].startswith("<p>") and job["description_text"]
        assert job["shift"] and job["shifts_per_week1"] and job["scheduled_hrs1"]
        if job["job_type"] in {JobType.TRAVEL, JobType.LOCAL}:
            assert job["duration"] and job["end_date"] > job["start_date"]
        if job["job_status_code"] != "OPEN":
            assert not job["display_on_external_job_board"]
        assert job["seo_title"] is None
    assert by_type[JobType.TRAVEL] == max(by_type.values())
    assert set(by_type) == set(JobType)
    shown = sum(1 for j in rows if j["display_on_external_job_board"])
    assert shown >= 0.75 * len(rows)

    # pay fits job type, profession and specialty
    rn = md.find_profession("rn")
    icu = md.find_specialty("icu", rn.external_id) if rn else None
    assert rn is not None and icu is not None
    pay_rows = await session.execute(
        select(jobs.c.job_type, jobs.c.weekly_pay, jobs.c.hourly_pay, Specialty.external_id)
        .join(Specialty, jobs.c.specialty_id == Specialty.id)
        .join(Profession, jobs.c.profession_id == Profession.id)
        .where(Profession.external_id == rn.external_id)
    )
    travel_icu = 0
    for job_type, weekly, hourly, spec_ext in pay_rows.tuples():
        if job_type is JobType.TRAVEL:
            assert Decimal(1700) <= weekly <= Decimal(3900), weekly
            if spec_ext == icu.external_id:
                travel_icu += 1
                assert Decimal(2300) <= weekly <= Decimal(3600), weekly
        elif job_type is JobType.PER_DIEM:
            assert Decimal(45) <= hourly <= Decimal(90), hourly
        elif job_type is JobType.PERM:
            assert Decimal(55000) <= weekly * 52 <= Decimal(140000), weekly
    assert travel_icu > 0

    # certification rows of RN ICU jobs include BLS and ACLS
    cert_rows = await session.execute(
        text(
            "SELECT j.id, array_agg(c.certification) FROM jobs j "
            "JOIN job_required_certifications c ON c.job_id = j.id "
            "JOIN specialties s ON s.id = j.specialty_id "
            "WHERE s.external_id = :icu GROUP BY j.id"
        ),
        {"icu": icu.external_id},
    )
    for _, certs in cert_rows.tuples():
        assert {"BLS", "ACLS"} <= set(certs)


async def _check_applications(session: AsyncSession) -> None:
    history: dict[Any, list[Any]] = defaultdict(list)
    rows = await session.execute(
        select(ApplicationStatusHistory).order_by(
            ApplicationStatusHistory.application_id, ApplicationStatusHistory.created_at
        )
    )
    for entry in rows.scalars():
        history[entry.application_id].append(entry)
    apps = (await session.execute(select(Application))).scalars().all()
    assert apps
    seen = set()
    for app in apps:
        assert (app.candidate_id, app.job_id) not in seen
        seen.add((app.candidate_id, app.job_id))
        steps = history[app.id]
        statuses = [h.status for h in steps]
        assert statuses[0] is ApplicationStatus.APPLIED
        assert statuses[-1] is app.status
        if app.status is ApplicationStatus.REJECTED:
            assert statuses[:-1] == FLOW[: len(statuses) - 1]
        else:
            assert statuses == FLOW[: len(statuses)]
        times = [h.created_at for h in steps]
        assert times == sorted(times) and len(set(times)) == len(times)
        assert app.created_at == times[0] and app.updated_at == times[-1]
        assert all(h.created_by is not None for h in steps)
    assert {a.status for a in apps} >= {ApplicationStatus.APPLIED, ApplicationStatus.REJECTED}

    # attribution codes point at the referral / share that brought the application
    referrals = (await session.execute(select(Referral))).scalars().all()
    referrer_of = {r.referral_code: r.referrer_id for r in referrals}
    share_codes = set((await session.execute(select(RecruiterJobShare.share_code))).scalars())
    for app in apps:
        if app.source == "referral":
            assert referrer_of[app.referral_code or ""] == app.referrer_id
        elif app.source == "recruiter_share":
            assert app.referral_code in share_codes
    rewarded = set((await session.execute(select(ReferralReward.referral_id))).scalars())
    for referral in referrals:
        assert (referral.id in rewarded) == (referral.status is ReferralStatus.PLACED)
        assert (referral.referred_user_id is None) == (referral.status is ReferralStatus.SENT)


async def _pairs(session: AsyncSession, stmt: Any) -> dict[Any, int]:
    return {key: int(value) for key, value in (await session.execute(stmt)).tuples()}


async def _check_counters(session: AsyncSession) -> None:
    app_counts = await _pairs(
        session, select(Application.job_id, func.count()).group_by(Application.job_id)
    )
    view_counts = await _pairs(
        session, select(JobView.job_id, func.count()).group_by(JobView.job_id)
    )
    for job_id, applications, views in (
        await session.execute(select(Job.id, Job.application_count, Job.page_views))
    ).tuples():
        assert applications == app_counts.get(job_id, 0)
        assert views == view_counts.get(job_id, 0)
    share_views = await _pairs(
        session,
        select(JobView.recruiter_share_id, func.count())
        .where(JobView.recruiter_share_id.is_not(None))
        .group_by(JobView.recruiter_share_id),
    )
    for share in (await session.execute(select(RecruiterJobShare))).scalars():
        assert share.views == share_views.get(share.id, 0)
        assert share.placements <= share.applications
        assert share.share_url and share.share_code in share.share_url


async def _check_candidates(session: AsyncSession) -> None:
    emails = (await session.execute(select(User.email))).scalars().all()
    assert len(emails) == len(set(emails))
    soon = TODAY + datetime.timedelta(days=30)
    expiring = await session.scalar(
        select(func.count())
        .select_from(CandidateLicense)
        .where(CandidateLicense.expiration_date.between(TODAY, soon))
    )
    assert expiring and expiring > 0
    recruiters = await session.execute(text("SELECT active FROM recruiters"))
    assert True in set(recruiters.scalars())
    # Every demo user has the role its rows imply and no password; the demo editor and
    # admin wait (pending) for their set-password links.
    roles = (
        await session.execute(
            text(
                "SELECT u.email, u.user_type::text, u.status::text, u.password_hash, "
                "array_agg(r.role ORDER BY r.role), bool_or(rc.id IS NOT NULL), "
                "bool_or(c.id IS NOT NULL) FROM users u "
                "LEFT JOIN user_roles r ON r.user_id = u.id "
                "LEFT JOIN recruiters rc ON rc.user_id = u.id "
                "LEFT JOIN candidates c ON c.user_id = u.id GROUP BY u.id"
            )
        )
    ).all()
    assert all(password_hash is None for _, _, _, password_hash, *_ in roles)
    by_role: dict[str, set[str]] = defaultdict(set)
    for email, user_type, status, _, user_roles, recruiter, candidate in roles:
        assert len(user_roles) == 1, (email, user_roles)
        by_role[user_roles[0]].add(email)
        if user_roles == ["recruiter"]:
            assert recruiter and user_type == "recruiter"
        if user_roles == ["candidate"]:
            assert candidate and user_type == "candidate"
        if user_roles[0] in {"admin", "content_editor"}:
            assert (user_type, status) == ("admin", "pending")
    assert by_role["admin"] == {"admin@example.com"}
    assert by_role["content_editor"] == {"editor@example.com"}
    assert len(by_role["candidate"]) == 50 and by_role["recruiter"]


async def test_same_seed_gives_the_same_data(db_session_factory: Factory) -> None:
    await seed_demo(db_session_factory, jobs=120, candidates=30, seed=11, today=TODAY)
    first = await _digest(db_session_factory)
    await _truncate_demo(db_session_factory)
    await seed_demo(db_session_factory, jobs=120, candidates=30, seed=11, today=TODAY)
    assert await _digest(db_session_factory) == first

    # another seed adds its own rows next to the first ones
    added = await seed_demo(db_session_factory, jobs=50, candidates=10, seed=12, today=TODAY)
    assert added["jobs"] == 50 and added["candidates"] == 10
    assert await _digest(db_session_factory) != first
    with pytest.raises(ValueError, match="external_job_id block"):
        await seed_demo(db_session_factory, jobs=5, candidates=0, seed=1011, today=TODAY)


async def test_growing_a_seed_and_foreign_emails(db_session_factory: Factory) -> None:
    small = await seed_demo(db_session_factory, jobs=40, candidates=10, seed=3, today=TODAY)
    async with db_session_factory() as session:
        taken = (
            await session.execute(
                text("SELECT email FROM users WHERE user_type = 'candidate' ORDER BY email LIMIT 1")
            )
        ).scalar_one()
    await _truncate_demo(db_session_factory)
    async with db_session_factory() as session, session.begin():
        await session.execute(
            text("INSERT INTO users (id, email, user_type, status, created_at, updated_at) "
                 "VALUES (gen_random_uuid(), :email, 'candidate', 'active', now(), now())"),
            {"email": taken},
        )  # fmt: skip
    again = await seed_demo(db_session_factory, jobs=40, candidates=10, seed=3, today=TODAY)
    assert again == small  # the clashing user was renamed, not skipped
    local, _, domain = taken.partition("@")
    async with db_session_factory() as session:
        renamed = await session.scalar(
            select(func.count()).select_from(User).where(User.email == f"{local}+s3@{domain}")
        )
    assert renamed == 1

    grown = await seed_demo(db_session_factory, jobs=60, candidates=15, seed=3, today=TODAY)
    assert grown["jobs"] == 20 and grown["candidates"] == 5
