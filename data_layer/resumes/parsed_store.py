"""``parsed_resumes`` in MongoDB (database-schema.md 3.1): one document per uploaded resume.

The document holds the schema's fields (``candidate_id``, ``raw_text``,
``structured_data``, ``created_at``, ``updated_at``) plus ours: ``resume_id`` (the
``candidate_resumes`` row it belongs to), ``details`` (confidence and evidence of every
value, compact flags, specialties), ``engine`` and ``document`` (how it was read).
Vectors live in pgvector (``resume_embeddings``), so ``vector_embedding`` stays empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from data_layer.db.mongo import PARSED_RESUMES

__all__ = ["adopt_parsed", "delete_parsed", "load_parsed", "save_parsed"]


async def save_parsed(
    db: AsyncDatabase,
    *,
    resume_id: UUID,
    candidate_id: UUID | None,
    raw_text: str,
    structured_data: dict[str, Any],
    details: dict[str, Any],
    engine: str,
    document: dict[str, Any],
) -> str:
    """Write (or replace, on a re-parse) the resume's document; returns its id."""
    now = dt.datetime.now(dt.UTC)
    result = await db[PARSED_RESUMES].find_one_and_update(
        {"resume_id": str(resume_id)},
        {
            "$set": {
                "candidate_id": str(candidate_id) if candidate_id else None,
                "raw_text": raw_text,
                "structured_data": structured_data,
                "details": details,
                "engine": engine,
                "document": document,
                "vector_embedding": [],
                "updated_at": now,
            },
            "$setOnInsert": {"resume_id": str(resume_id), "created_at": now},
        },
        upsert=True,
        return_document=ReturnDocument.AFTER,
        projection={"_id": 1},
    )
    return str(result["_id"])


async def load_parsed(db: AsyncDatabase, resume_id: UUID) -> dict[str, Any] | None:
    return await db[PARSED_RESUMES].find_one({"resume_id": str(resume_id)}, {"_id": 0})


async def delete_parsed(db: AsyncDatabase, resume_id: UUID) -> None:
    await db[PARSED_RESUMES].delete_many({"resume_id": str(resume_id)})


async def adopt_parsed(db: AsyncDatabase, resume_ids: list[UUID], candidate_id: UUID) -> None:
    if resume_ids:
        await db[PARSED_RESUMES].update_many(
            {"resume_id": {"$in": [str(r) for r in resume_ids]}},
            {"$set": {"candidate_id": str(candidate_id)}},
        )
