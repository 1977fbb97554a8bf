"""The parse pipeline on its own (the Celery task calls it): a stored resume becomes a
parsed document, vectors and a status; a resume deleted while it was being read keeps
nothing (no parsed document, no vectors, no row brought back)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from config.settings import Settings
from data_layer.db.engine import create_engine
from data_layer.embeddings.model import EmbeddingModel
from data_layer.models import Candidate, CandidateResume, ResumeEmbedding, ResumeStatus
from data_layer.resumes.parsed_store import load_parsed
from data_layer.resumes.records import ResumeOwner, create_resume, resume_by_id
from data_layer.resumes.removal import ResumeFiles, remove_resume
from data_layer.resumes.storage import new_resume_key, resume_storage
from workers.resumes import pipeline

RESUME = b"""Dana Whitfield, RN
Phoenix, AZ | dana.whitfield@example.com

LICENSES
Registered Nurse - Arizona #RN221907 (Compact) exp. 09/30/2027

CERTIFICATIONS
BLS - American Heart Association - exp 01/2027

EXPERIENCE
Emergency Department RN, Banner University Medical Center, Phoenix, AZ
03/2019 - Present
"""


@pytest.fixture
async def db(chat_settings: Settings) -> Any:
    engine = create_engine(chat_settings)
    try:
        yield engine
    finally:
        await engine.dispose()


async def _stored_resume(settings: Settings, engine: AsyncEngine) -> uuid.UUID:
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    async with sessions() as s, s.begin():
        candidate_id = await s.scalar(select(Candidate.id).order_by(Candidate.id).limit(1))
        assert candidate_id is not None
        path = await resume_storage(settings).put(new_resume_key("txt"), RESUME, "text/plain")
        record = await create_resume(
            s,
            resume_id=uuid.uuid4(),
            owner=ResumeOwner(candidate_id=candidate_id),
            file_name="dana.txt",
            file_path=path,
            file_type="text/plain",
            file_size=len(RESUME),
            sha256=hashlib.sha256(RESUME).hexdigest(),
        )
    return record.id


async def _vectors(engine: AsyncEngine, resume_id: uuid.UUID) -> int:
    async with engine.connect() as conn:
        return int(
            await conn.scalar(
                select(func.count())
                .select_from(ResumeEmbedding)
                .where(ResumeEmbedding.resume_id == resume_id)
            )
            or 0
        )


async def test_a_stored_resume_is_parsed_embedded_and_described(
    chat_settings: Settings, db: AsyncEngine, embedding_model: EmbeddingModel
) -> None:
    resume_id = await _stored_resume(chat_settings, db)

    outcome = await pipeline.process_resume(chat_settings, resume_id)

    assert outcome.status is ResumeStatus.PARSED
    async with async_sessionmaker(db)() as s:
        record = await resume_by_id(s, resume_id)
    assert record is not None and record.status == ResumeStatus.PARSED.value
    assert record.status_message and "AZ (compact)" in record.status_message
    assert "2027-09-30" in record.status_message
    assert await _vectors(db, resume_id) == outcome.vectors > 0
    mongo: AsyncMongoClient = AsyncMongoClient(chat_settings.effective_mongodb_url)
    try:
        parsed = await load_parsed(mongo[chat_settings.mongodb_db], resume_id)
    finally:
        await mongo.close()
    assert parsed is not None


async def test_a_resume_deleted_while_it_is_read_leaves_nothing_behind(
    chat_settings: Settings,
    db: AsyncEngine,
    embedding_model: EmbeddingModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    resume_id = await _stored_resume(chat_settings, db)
    mongo: AsyncMongoClient = AsyncMongoClient(chat_settings.effective_mongodb_url)
    files = ResumeFiles(mongo=mongo[chat_settings.mongodb_db], settings=chat_settings)
    real_parse = pipeline._parse

    async def owner_deletes_it_meanwhile(*args: Any, **kwargs: Any) -> Any:
        # The candidate presses "delete" while the worker is reading the document.
        sessions = async_sessionmaker(db, expire_on_commit=False)
        async with sessions() as s:
            record = await resume_by_id(s, resume_id)
        assert record is not None
        async with sessions() as s:
            await remove_resume(s, files, record)
        return await real_parse(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_parse", owner_deletes_it_meanwhile)
    try:
        outcome = await pipeline.process_resume(chat_settings, resume_id)

        assert outcome.status is None
        assert await load_parsed(files.mongo, resume_id) is None
        assert await _vectors(db, resume_id) == 0
        async with db.connect() as conn:
            rows = await conn.scalar(
                select(func.count())
                .select_from(CandidateResume)
                .where(CandidateResume.id == resume_id)
            )
        assert rows == 0
    finally:
        await mongo.close()
