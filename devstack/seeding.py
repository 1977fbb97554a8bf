"""First-run data for a development database: the master catalog, the demo data and the
demo FAQ articles (approved through the editors' review, see :mod:`devstack.faq_seed`).

Shared by ``python -m assistant seed`` and ``make run`` (which seeds an empty database).
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from config.settings import Settings
from data_layer.content.runtime import content_stores
from data_layer.db.engine import create_engine
from data_layer.master.loader import load_master_data
from devstack.demo_data import seed_demo
from devstack.faq_seed import seed_faq

__all__ = ["database_is_empty", "seed", "seed_faq_only"]

console = Console(stderr=True)


async def seed(
    settings: Settings,
    *,
    jobs: int,
    candidates: int,
    random_seed: int,
    show_progress: bool = True,
) -> dict[str, int]:
    """Load the master catalog, the demo data and the demo FAQ; rows inserted per table.

    Master tables are reported as ``master.<table>``, the FAQ as ``faq.<outcome>``
    (re-seeding leaves published, unchanged articles alone); ``show_progress`` draws one
    progress bar per stage on stderr.
    """
    engine = create_engine(settings)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with factory() as session:
            master = await load_master_data(session)
            await session.commit()
        with Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show_progress,
            transient=False,
        ) as progress:
            tasks: dict[str, int] = {}

            def on_progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=total)
                progress.update(tasks[stage], completed=done, total=total)

            demo = await seed_demo(
                factory, jobs=jobs, candidates=candidates, seed=random_seed, progress=on_progress
            )
    finally:
        await engine.dispose()
    faq = await seed_faq_only(settings)
    return {**{f"master.{k}": v for k, v in master.items()}, **demo, **faq}


async def seed_faq_only(settings: Settings) -> dict[str, int]:
    """The demo FAQ articles alone (``seed --faq-only``: a database seeded before they
    existed gets them without more demo data)."""
    async with content_stores(settings) as (mongo, session_factory):
        return await seed_faq(mongo, session_factory)


async def database_is_empty(settings: Settings) -> bool:
    """True when no job was ever stored (a fresh database that ``make run`` seeds)."""
    engine = create_engine(settings)
    try:
        async with engine.connect() as conn:
            return not (await conn.execute(text("SELECT EXISTS (SELECT 1 FROM jobs)"))).scalar()
    finally:
        await engine.dispose()
