"""data_layer/embeddings/ with the real model (bundled, offline) and real pgvector."""

from __future__ import annotations

import datetime
import time
import uuid
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from data_layer.embeddings.jobs import (
    DESCRIPTION_CHARS,
    JobEmbeddingRow,
    count_jobs_needing_embeddings,
    embed_pending_jobs,
    job_embedding_text,
    jobs_needing_embeddings,
    upsert_job_embeddings,
)
from data_layer.embeddings.model import (
    DEFAULT_MODEL_NAME,
    EmbeddingModel,
    get_embedding_model,
    text_hash,
)
from data_layer.embeddings.resumes import upsert_resume_embedding
from data_layer.embeddings.search import nearest_candidates, nearest_jobs
from data_layer.models import (
    EMBEDDING_DIM,
    Candidate,
    CandidateResume,
    Job,
    JobEmbedding,
    JobType,
    ResumeEmbedding,
    User,
)
from data_layer.sync.closing import close_jobs
from data_layer.sync.jobs import JobRow, upsert_jobs

UTC = datetime.UTC


def _job(
    external_id: int,
    title: str,
    description: str,
    *,
    version: str = "a",
    job_type: JobType = JobType.TRAVEL,
    certifications: tuple[str, ...] = (),
    posted_day: int = 1,
) -> JobRow:
    return JobRow(
        values={
            "external_job_id": external_id,
            "job_title": title,
            "display_on_external_job_board": True,
            "description_text": description,
            "job_type": job_type,
            "client_city": "Austin",
            "client_state_code": "TX",
            "posted_date": datetime.datetime(2026, 11, posted_day, tzinfo=UTC),
            "content_hash": f"{version}{external_id:063d}",
        },
        certifications=[
            {"certification": c, "for_onboarding": True, "for_submittal": True}
            for c in certifications
        ],
    )


JOBS = {
    1: _job(
        1,
        "Travel RN - ICU",
        "Intensive care unit registered nurse for a 13-week travel assignment, "
        "critically ill adult patients, ventilators and drips.",
        certifications=("BLS", "ACLS", "CCRN"),
        posted_day=3,
    ),
    2: _job(
        2,
        "Pharmacy Technician",
        "Retail pharmacy technician to fill prescriptions, count pills and run the register.",
        job_type=JobType.LOCAL,
        certifications=("PTCB",),
        posted_day=2,
    ),
    3: _job(
        3,
        "Physical Therapist - Outpatient Ortho",
        "Outpatient orthopedic physical therapist, sports injuries and post-surgical rehab.",
        job_type=JobType.PERM,
        posted_day=1,
    ),
}

ICU_QUERY = "ICU travel nurse"


async def _store_jobs(
    factory: async_sessionmaker[AsyncSession], jobs: list[JobRow], synced_at: Any = None
) -> None:
    async with factory() as session:
        await upsert_jobs(session, jobs, synced_at or datetime.datetime.now(UTC))
        await session.commit()


async def _job_ids(session: AsyncSession) -> dict[int, uuid.UUID]:
    rows = await session.execute(select(Job.external_job_id, Job.id))
    return {ext: job_id for ext, job_id in rows if ext is not None}


# ------------------------------------------------------------------- the model


def test_encode_is_normalised_384_float32(embedding_model: EmbeddingModel) -> None:
    vectors = embedding_model.encode(["ICU nurse", "pharmacy technician", ""])
    assert vectors.shape == (3, EMBEDDING_DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedding_model.encode([]).shape == (0, EMBEDDING_DIM)
    assert embedding_model.name == DEFAULT_MODEL_NAME
    assert get_embedding_model() is get_embedding_model()


def test_icu_query_is_nearer_to_the_icu_job(embedding_model: EmbeddingModel) -> None:
    texts = [
        job_embedding_text(
            title="Travel RN - ICU",
            profession="Registered Nurse",
            specialty="ICU",
            city="Austin",
            state="TX",
            job_type=JobType.TRAVEL,
            shift="3x12 Nights",
            certifications=["BLS", "ACLS"],
            description=JOBS[1].values["description_text"],
        ),
        job_embedding_text(
            title="Pharmacy Technician",
            profession="Pharmacy",
            specialty="Retail",
            city="Austin",
            state="TX",
            job_type="Local",
            description=JOBS[2].values["description_text"],
        ),
    ]
    query, icu, pharmacy = embedding_model.encode([ICU_QUERY, *texts])
    assert float(query @ icu) > float(query @ pharmacy) + 0.1


def test_job_embedding_text_layout() -> None:
    long_description = "word " * 400
    text_ = job_embedding_text(
        title="Travel RN - ICU",
        profession="Registered Nurse",
        specialty="ICU",
        city="Austin",
        state="TX",
        job_type=JobType.PER_DIEM,
        shift="Nights",
        certifications=["BLS", " ", "ACLS"],
        description=long_description,
    )
    lines = text_.split("\n")
    assert lines[:5] == [
        "Travel RN - ICU",
        "Registered Nurse - ICU",
        "Austin, TX",
        "Per Diem - Nights",
        "Certifications: BLS, ACLS",
    ]
    assert len(lines[5]) <= DESCRIPTION_CHARS and lines[5].endswith("word")
    assert job_embedding_text(title="Only a title", certifications="BLS") == (
        "Only a title\nCertifications: BLS"
    )


# --------------------------------------------------------- backfill and search


async def test_backfill_embeds_only_new_and_changed_jobs(
    db_session_factory: async_sessionmaker[AsyncSession], embedding_model: EmbeddingModel
) -> None:
    await _store_jobs(db_session_factory, list(JOBS.values()))
    progress: list[tuple[int, int]] = []
    started = time.perf_counter()
    embedded = await embed_pending_jobs(
        db_session_factory, embedding_model, batch=2, progress=lambda d, t: progress.append((d, t))
    )
    elapsed = time.perf_counter() - started
    print(f"\nembed_pending_jobs: {embedded} jobs in {elapsed * 1000:.0f} ms")
    assert embedded == 3
    assert progress == [(2, 3), (3, 3)]
    assert await embed_pending_jobs(db_session_factory, embedding_model) == 0

    async with db_session_factory() as session:
        stored = (await session.execute(select(JobEmbedding))).scalars().all()
        assert len(stored) == 3
        assert {row.model_name for row in stored} == {embedding_model.name}
        keys_before = {row.job_id: (row.content_hash, row.updated_at) for row in stored}

    # One job changes upstream, one is new, one is the same: two to embed.
    changed = _job(2, "Pharmacy Technician II", "Hospital pharmacy technician.", version="b")
    new = _job(4, "Travel RN - Emergency Room", "ER nurse, level 1 trauma center.")
    await _store_jobs(db_session_factory, [JOBS[1], changed, new])
    async with db_session_factory() as session:
        pending = await jobs_needing_embeddings(session, embedding_model.name, 10)
        ids = await _job_ids(session)
        assert {p.job_id for p in pending} == {ids[2], ids[4]}
        assert await count_jobs_needing_embeddings(session, embedding_model.name) == 2
        assert "Pharmacy Technician II" in next(p.text for p in pending if p.job_id == ids[2])
        # Another model has embedded nothing yet.
        assert len(await jobs_needing_embeddings(session, "other/model", 10)) == 4
    assert await embed_pending_jobs(db_session_factory, embedding_model) == 2
    assert await embed_pending_jobs(db_session_factory, embedding_model) == 0

    async with db_session_factory() as session:
        rows = (await session.execute(select(JobEmbedding))).scalars().all()
        after = {row.job_id: (row.content_hash, row.updated_at) for row in rows}
        assert after[ids[1]] == keys_before[ids[1]]  # untouched
        assert after[ids[3]] == keys_before[ids[3]]
        assert after[ids[2]][0] != keys_before[ids[2]][0]


async def test_pending_jobs_come_open_first(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _store_jobs(db_session_factory, list(JOBS.values()))
    async with db_session_factory() as session:
        ids = await _job_ids(session)
        await close_jobs(session, [1])  # the newest job is closed: it comes last
        await session.commit()
        pending = await jobs_needing_embeddings(session, "m", 10)
        assert [p.job_id for p in pending] == [ids[2], ids[3], ids[1]]
        job_id, text_, key = pending[0]
        assert job_id == ids[2]
        assert text_.startswith("Pharmacy Technician\n") and len(key) == 32


async def test_nearest_jobs_orders_by_cosine_distance_through_the_hnsw_index(
    db_session_factory: async_sessionmaker[AsyncSession], embedding_model: EmbeddingModel
) -> None:
    await _store_jobs(db_session_factory, list(JOBS.values()))
    assert await embed_pending_jobs(db_session_factory, embedding_model) == 3
    query = embedding_model.encode([ICU_QUERY])[0]

    async with db_session_factory() as session:
        ids = await _job_ids(session)
        matches = await nearest_jobs(session, query, limit=3)
        assert matches[0].job_id == ids[1]
        assert {m.job_id for m in matches} == {ids[1], ids[2], ids[3]}
        distances = [m.distance for m in matches]
        assert distances == sorted(distances) and 0 <= distances[0] < distances[-1] <= 2

        # The same order as the database computes it, column by column.
        expected = (
            (
                await session.execute(
                    select(JobEmbedding.job_id).order_by(
                        JobEmbedding.embedding.cosine_distance(query), JobEmbedding.job_id
                    )
                )
            )
            .scalars()
            .all()
        )
        assert [m.job_id for m in matches] == list(expected)

        assert [m.job_id for m in await nearest_jobs(session, query, limit=1)] == [ids[1]]
        filtered = await nearest_jobs(session, query, job_type=JobType.PERM)
        assert [m.job_id for m in filtered] == [ids[3]]
        excluded = await nearest_jobs(session, query, exclude_job_ids=[ids[1]])
        assert ids[1] not in {m.job_id for m in excluded}
        assert await nearest_jobs(session, query, model_name="other/model") == []
        close = await nearest_jobs(session, query, max_distance=distances[0] + 1e-6)
        assert [m.job_id for m in close] == [ids[1]]

        await close_jobs(session, [1])
        await session.commit()
        open_jobs = await nearest_jobs(session, query)
        assert ids[1] not in {m.job_id for m in open_jobs}
        everything = await nearest_jobs(session, query, open_only=False)
        assert everything[0].job_id == ids[1]

        # The query shape uses the HNSW index (seq scans off: the table is tiny).
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        await session.execute(text("SET LOCAL enable_sort = off"))
        plan = "\n".join(
            (
                await session.execute(
                    text(
                        "EXPLAIN SELECT e.job_id FROM job_embeddings e "
                        "JOIN jobs j ON j.id = e.job_id WHERE j.closed_at IS NULL "
                        "ORDER BY e.embedding <=> CAST(:q AS vector) LIMIT 5"
                    ),
                    {"q": "[" + ",".join(str(float(x)) for x in query) + "]"},
                )
            ).scalars()
        )
        assert "ix_job_embeddings_embedding_hnsw" in plan, plan


async def test_resume_embeddings_and_nearest_candidates(
    db_session_factory: async_sessionmaker[AsyncSession], embedding_model: EmbeddingModel
) -> None:
    resumes = {
        "icu": "Registered nurse, 6 years ICU and CVICU, CCRN, travel experience.",
        "icu_old": "Nursing student, clinical rotations.",
        "pharmacy": "Certified pharmacy technician, retail and compounding.",
    }
    vectors = dict(zip(resumes, embedding_model.encode(list(resumes.values())), strict=True))
    async with db_session_factory() as session:
        candidates: dict[str, Candidate] = {}
        for name in ("nurse", "tech"):
            user = User(email=f"{name}-{uuid.uuid4().hex[:6]}@example.com")
            session.add(user)
            await session.flush()
            candidates[name] = Candidate(user_id=user.id)
            session.add(candidates[name])
        await session.flush()
        nurse, tech = candidates["nurse"].id, candidates["tech"].id
        old_resume = CandidateResume(
            candidate_id=nurse, file_name="old.pdf", file_path="/r/old.pdf"
        )
        new_resume = CandidateResume(
            candidate_id=nurse, file_name="new.pdf", file_path="/r/new.pdf"
        )
        session.add_all([old_resume, new_resume])
        await session.flush()

        model = embedding_model.name
        first = await upsert_resume_embedding(
            session,
            candidate_id=nurse,
            resume_id=new_resume.id,
            embedding=vectors["pharmacy"],  # replaced below
            model_name=model,
            content_hash=text_hash("wrong"),
        )
        second = await upsert_resume_embedding(
            session,
            candidate_id=nurse,
            resume_id=new_resume.id,
            embedding=vectors["icu"],
            model_name=model,
            content_hash=text_hash(resumes["icu"]),
        )
        assert first != second
        await upsert_resume_embedding(
            session,
            candidate_id=nurse,
            resume_id=old_resume.id,
            embedding=vectors["icu_old"],
            model_name=model,
            content_hash=text_hash(resumes["icu_old"]),
        )
        await upsert_resume_embedding(
            session,
            candidate_id=tech,
            embedding=vectors["pharmacy"],
            model_name=model,
            content_hash=text_hash(resumes["pharmacy"]),
        )
        await session.commit()
        assert await session.scalar(select(func.count()).select_from(ResumeEmbedding)) == 3

        query = embedding_model.encode([ICU_QUERY])[0]
        matches = await nearest_candidates(session, query, limit=5, model_name=model)
        assert [m.candidate_id for m in matches] == [nurse, tech]  # one row per candidate
        assert matches[0].resume_id == new_resume.id  # the candidate's best resume
        assert matches[0].distance < matches[1].distance
        assert [m.candidate_id for m in await nearest_candidates(session, query, 1)] == [nurse]
        others = await nearest_candidates(session, query, exclude_candidate_ids=[nurse])
        assert [m.candidate_id for m in others] == [tech]


async def test_upsert_job_embeddings_validates_and_replaces(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _store_jobs(db_session_factory, [JOBS[1]])
    async with db_session_factory() as session:
        job_id = (await _job_ids(session))[1]
        with pytest.raises(ValueError, match="384"):
            await upsert_job_embeddings(session, [(job_id, [1.0, 0.0], "k")], model_name="m")
        unit = np.zeros(EMBEDDING_DIM, dtype=np.float32)
        unit[0] = 1.0
        assert await upsert_job_embeddings(session, [(job_id, unit, "k1")], model_name="m") == 1
        unit[0], unit[1] = 0.0, 1.0
        await upsert_job_embeddings(session, [JobEmbeddingRow(job_id, unit, "k2")], model_name="m2")
        await session.commit()
        row = await session.scalar(select(JobEmbedding).where(JobEmbedding.job_id == job_id))
        assert row is not None
        assert (row.model_name, row.content_hash) == ("m2", "k2")
        assert row.embedding[1] == pytest.approx(1.0)
