"""Resume embeddings: one vector per (candidate, resume, model), replaced on change.

The caller chooses the ``content_hash``; :func:`~.model.text_hash` of the embedded text
is the usual one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from uuid import UUID

import numpy as np
from sqlalchemy import delete, insert

from data_layer.embeddings.vectors import Executor, as_vector
from data_layer.models import metadata
from data_layer.models.base import utcnow

__all__ = ["upsert_resume_embedding"]

_RESUME_EMBEDDINGS: Final = metadata.tables["resume_embeddings"]


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
    table = _RESUME_EMBEDDINGS
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
            embedding=as_vector(embedding),
            model_name=model_name,
            content_hash=content_hash,
            created_at=now,
            updated_at=now,
        )
        .returning(table.c.id)
    )
    return UUID(str(result.scalar_one()))
