"""Job embeddings: the text embedded for a job, which jobs need (re-)embedding, storing
their vectors, and the backfill that embeds them in batches.

Staleness key. ``job_embeddings.content_hash`` holds a key of what the text is made of:
the MD5 of :data:`JOB_TEXT_VERSION`, the job's ``content_hash`` (its ``updated_at`` for
jobs without one) and its profession and specialty names, computed in SQL, so finding
stale embeddings is one anti-join that never re-reads every job. Bump
:data:`JOB_TEXT_VERSION` when :func:`job_embedding_text` changes; a different model is
caught by ``model_name``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, Final, NamedTuple
from uuid import UUID

import numpy as np
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.embeddings.model import TextEncoder
from data_layer.embeddings.vectors import Executor, as_vector
from data_layer.models import metadata
from data_layer.models.base import utcnow
from data_layer.models.jobs import JobType

__all__ = [
    "DESCRIPTION_CHARS",
    "JOB_TEXT_VERSION",
    "JobEmbeddingRow",
    "PendingJobEmbedding",
    "count_jobs_needing_embeddings",
    "embed_pending_jobs",
    "job_embedding_text",
    "jobs_needing_embeddings",
    "upsert_job_embeddings",
]

JOB_TEXT_VERSION: Final = "job-text/v1"
"""Part of every job embedding key: bump it when :func:`job_embedding_text` changes."""

DESCRIPTION_CHARS: Final = 500
"""How much of ``description_text`` goes into a job's embedding text."""

_UPSERT_CHUNK: Final = 1000
_JOB_EMBEDDINGS: Final = metadata.tables["job_embeddings"]


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
    table = _JOB_EMBEDDINGS
    latest: dict[UUID, dict[str, Any]] = {}
    for job_id, embedding, key in rows:
        latest[job_id] = {
            "job_id": job_id,
            "embedding": as_vector(embedding),
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
