"""Celery tasks of the resume pipeline: thin wrappers over :mod:`.pipeline`.

``workers.resumes.parse_resume`` is what the API enqueues after an upload's commit;
``workers.resumes.parse_pending`` (beat, every minute) picks up any upload whose task
was lost (a broker hiccup at upload time, a worker killed mid-parse).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from config.settings import get_settings
from data_layer.db.engine import create_engine
from data_layer.models import CandidateResume, ResumeStatus
from data_layer.models.base import utcnow
from workers.celery_app import celery_app
from workers.resumes.pipeline import process_resume

PENDING_AFTER = dt.timedelta(minutes=2)


@celery_app.task(name="workers.resumes.parse_resume")
def parse_resume(resume_id: str) -> str:
    outcome = asyncio.run(process_resume(get_settings(), UUID(resume_id)))
    return outcome.status.value if outcome.status else "deleted"


async def _pending() -> list[UUID]:
    engine = create_engine(get_settings())
    try:
        async with async_sessionmaker(engine)() as db:
            rows = await db.scalars(
                select(CandidateResume.id)
                .where(~CandidateResume.parsed)
                .where(CandidateResume.status == ResumeStatus.PROCESSING.value)
                .where(CandidateResume.updated_at < utcnow() - PENDING_AFTER)
                .order_by(CandidateResume.created_at)
                .limit(50)
            )
            return list(rows)
    finally:
        await engine.dispose()


@celery_app.task(name="workers.resumes.parse_pending")
def parse_pending() -> int:
    ids = asyncio.run(_pending())
    for resume_id in ids:
        parse_resume.delay(str(resume_id))
    return len(ids)
