"""Resume embeddings: a set of vectors per (candidate, resume, model), replaced as a whole.

A parsed resume is embedded as several texts (``data_layer/resumes/summaries.py``):
a ``summary`` and one ``experience:N`` per job held, each a row of
``resume_embeddings`` with its ``part``. The summary row also carries the resume's
certifications (name -> expiry) for the matching filters. :func:`replace_resume_embeddings`
swaps the whole set (delete + insert, no commit: the caller's one transaction), so a
re-parse never leaves vectors of the old text behind; deleting the resume deletes them
(``resume_id`` ON DELETE CASCADE).

The caller chooses the ``content_hash``; :func:`~.model.text_hash` of the embedded text
is the usual one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple
from uuid import UUID

import numpy as np
from sqlalchemy import Delete, delete, insert

from data_layer.embeddings.model import TextEncoder, text_hash
from data_layer.embeddings.vectors import Executor, as_vector
from data_layer.models import metadata
from data_layer.models.base import utcnow

__all__ = [
    "SUMMARY_PART",
    "ResumePartVector",
    "embed_resume",
    "replace_resume_embeddings",
    "upsert_resume_embedding",
]

SUMMARY_PART: Final = "summary"
_RESUME_EMBEDDINGS: Final = metadata.tables["resume_embeddings"]


class ResumePartVector(NamedTuple):
    """One vector of a resume: which text (``part``), the vector, the hash of the text."""

    part: str
    embedding: Sequence[float] | np.ndarray
    content_hash: str


def _delete_set(candidate_id: UUID, resume_id: UUID | None, model_name: str) -> Delete:
    table = _RESUME_EMBEDDINGS
    return delete(table).where(
        table.c.candidate_id == candidate_id,
        table.c.resume_id.is_not_distinct_from(resume_id),
        table.c.model_name == model_name,
    )


async def replace_resume_embeddings(
    db: Executor,
    *,
    candidate_id: UUID,
    resume_id: UUID | None,
    model_name: str,
    parts: Sequence[ResumePartVector],
    certifications: Mapping[str, str | None] | None = None,
) -> int:
    """Replace every vector of (candidate, resume, model) by ``parts``; returns rows written.

    ``certifications`` (name -> ISO expiry or ``None``) is stored on the ``summary``
    row. Parts must have distinct names. Does not commit: delete and insert land in
    the caller's transaction together.
    """
    names = [p.part for p in parts]
    if len(set(names)) != len(names):
        msg = f"duplicate resume parts: {sorted(names)}"
        raise ValueError(msg)
    await db.execute(_delete_set(candidate_id, resume_id, model_name))
    if not parts:
        return 0
    now = utcnow()
    certs = {str(k).upper(): v for k, v in (certifications or {}).items()}
    await db.execute(
        insert(_RESUME_EMBEDDINGS),
        [
            {
                "candidate_id": candidate_id,
                "resume_id": resume_id,
                "embedding": as_vector(p.embedding),
                "model_name": model_name,
                "content_hash": p.content_hash,
                "part": p.part,
                "certifications": certs if p.part == SUMMARY_PART else None,
                "created_at": now,
                "updated_at": now,
            }
            for p in parts
        ],
    )
    return len(parts)


async def embed_resume(
    db: Executor,
    model: TextEncoder,
    *,
    candidate_id: UUID,
    resume_id: UUID | None,
    texts: Mapping[str, str],
    certifications: Mapping[str, str | None] | None = None,
) -> int:
    """Encode ``texts`` (part -> text, e.g. ``resume_texts(...).parts``) and store them.

    The model runs in a worker thread (the event loop stays free); then
    :func:`replace_resume_embeddings`. Does not commit.
    """
    items = [(part, text) for part, text in texts.items() if text.strip()]
    vectors = await asyncio.to_thread(model.encode, [text for _, text in items])
    return await replace_resume_embeddings(
        db,
        candidate_id=candidate_id,
        resume_id=resume_id,
        model_name=model.name,
        parts=[
            ResumePartVector(part, vectors[i], text_hash(text))
            for i, (part, text) in enumerate(items)
        ],
        certifications=certifications,
    )


async def upsert_resume_embedding(
    db: Executor,
    *,
    candidate_id: UUID,
    embedding: Sequence[float] | np.ndarray,
    model_name: str,
    content_hash: str,
    resume_id: UUID | None = None,
) -> UUID:
    """Replace the candidate's embeddings of ``resume_id`` (or of no resume) by one vector.

    The single-vector form (a ``summary`` part): every older row for the same
    (candidate, resume, model) is deleted first. Returns the new row's id.
    Does not commit.
    """
    table = _RESUME_EMBEDDINGS
    await db.execute(_delete_set(candidate_id, resume_id, model_name))
    now = utcnow()
    result = await db.execute(
        insert(table)
        .values(
            candidate_id=candidate_id,
            resume_id=resume_id,
            embedding=as_vector(embedding),
            model_name=model_name,
            content_hash=content_hash,
            part=SUMMARY_PART,
            created_at=now,
            updated_at=now,
        )
        .returning(table.c.id)
    )
    return UUID(str(result.scalar_one()))
