"""``seed_demo``: generate the demo world and write it, stage by stage."""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections import Counter
from collections.abc import Iterator, Sequence

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from data_layer.master.loader import load_master_data, master_ids
from data_layer.models import (
    Application,
    ApplicationStatusHistory,
    Candidate,
    Job,
    JobView,
    PageView,
    Recruiter,
    RecruiterJobShare,
    Referral,
    ReferralReward,
    User,
    UserRole,
)
from devstack.demo_data.build import build_world
from devstack.demo_data.job_rows import JobContext
from devstack.demo_data.jobs import job_core
from devstack.demo_data.keys import (
    MAX_DEMO_JOBS,
    MAX_DEMO_RECRUITERS,
    demo_external_job_id,
    uid,
)
from devstack.demo_data.people import recruiters, sales_reps
from devstack.demo_data.world import DemoSpec, Row, World, table_of
from devstack.demo_data.writing import (
    ProgressFn,
    batches,
    deconflict_emails,
    insert_jobs,
    insert_rows,
)

__all__ = ["DEMO_SITE_URL", "seed_demo"]

DEMO_SITE_URL = "https://www.excelmedicalstaffing.com"


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def _check_id_block(session: AsyncSession, seed: int) -> None:
    """Refuse a seed whose external job ids another seed in the database already uses."""
    jobs = table_of(Job)
    owner = await session.scalar(
        select(jobs.c.id).where(jobs.c.external_job_id == demo_external_job_id(seed, 0))
    )
    if owner is not None and owner != uid(seed, "job", 0):
        raise ValueError(
            f"demo seed {seed} shares its external_job_id block with a seed already in "
            "the database (seeds that are equal modulo 1000 do); use another seed"
        )


def _stages(world: World) -> Iterator[tuple[str, Table, Sequence[Row]]]:
    """The stages written after the jobs, in an order that satisfies the foreign keys."""
    yield "job shares", table_of(RecruiterJobShare), world.shares
    yield "job views", table_of(JobView), world.share_views
    yield "page views", table_of(PageView), world.site_page_views
    yield "candidates", table_of(Candidate), world.candidates
    for table, rows in world.candidate_children.items():
        yield f"candidate {table.name.removeprefix('candidate_').replace('_', ' ')}", table, rows
    yield "applications", table_of(Application), world.applications
    yield "application history", table_of(ApplicationStatusHistory), world.history
    yield "referrals", table_of(Referral), world.referrals
    yield "referral rewards", table_of(ReferralReward), world.rewards


async def seed_demo(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    jobs: int,
    candidates: int,
    seed: int,
    progress: ProgressFn | None = None,
    batch_size: int = 1000,
    today: datetime.date | None = None,
    site_url: str = DEMO_SITE_URL,
) -> dict[str, int]:
    """Insert demo data; returns the number of rows inserted per table.

    ``today`` anchors every date (default: today in UTC); timestamps lie before it.
    No demo user has a password (``password_hash`` is NULL): staff set theirs through a
    one-time link, so no password is known to this code or to anyone reading it.
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
            await _check_id_block(session, seed)

    counts: Counter[str] = Counter()

    async def write(stage: str, table: Table, rows: Sequence[Row]) -> None:
        done = 0
        for batch in batches(rows, batch_size):
            async with session_factory() as session, session.begin():
                counts[table.name] += await insert_rows(session, table, batch)
            done += len(batch)
            report(stage, done, len(rows))
        counts.setdefault(table.name, 0)

    # Millions of short-lived dicts: the cyclic GC would rescan them over and over
    # (~30% of the generation time) and they hold no cycles.
    with _gc_paused():
        n_recruiters = min(MAX_DEMO_RECRUITERS, max(5, 5 + candidates // 20 + jobs // 1000))
        staff = recruiters(seed, n_recruiters)
        cores = [job_core(seed, i, anchor) for i in range(jobs)]
        spec = DemoSpec(seed, anchor, ids, site_url)
        world = build_world(spec, candidates=candidates, recruiters=staff, cores=cores)

        async with session_factory() as session:
            await deconflict_emails(session, world.users, seed, batch_size)
        await write("users", table_of(User), world.users)
        await write("user roles", table_of(UserRole), world.roles)
        await write("recruiters", table_of(Recruiter), world.recruiters)
        job_context = JobContext(
            seed=seed,
            anchor=anchor,
            ids=ids,
            specialists=[r for r in staff if r.active] or staff,
            reps=sales_reps(seed),
            candidate_user_ids=world.candidate_user_ids,
        )
        counts.update(
            await insert_jobs(
                session_factory, job_context, cores, world, batch_size=batch_size, report=report
            )
        )
        del cores
        for stage, table, rows in _stages(world):
            await write(stage, table, rows)
    return dict(sorted(counts.items()))
