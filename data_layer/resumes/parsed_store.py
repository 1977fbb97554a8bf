"""``parsed_resumes`` in MongoDB (database-schema.md 3.1): one document per uploaded resume.

The document holds the schema's fields (``candidate_id``, ``raw_text``,
``structured_data``, ``created_at``, ``updated_at``) plus ours: ``resume_id`` (the
``candidate_resumes`` row it belongs to), ``details`` (confidence and evidence of every
value, compact flags, specialties), ``engine`` and ``document`` (how it was read).
Vectors live in pgvector (``resume_embeddings``), so ``vector_embedding`` stays empty.

``corrections`` lists what the candidate corrected in the chat (their words, what changed,
when): :func:`save_corrections` writes the corrected values with it, and a new parse of
the same file (after a visitor signs in, or a lost task run again) has them applied again,
so a correction is never silently undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final
from uuid import UUID

from bson import json_util
from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from data_layer.db.mongo import PARSED_RESUMES
from data_layer.resumes.corrections import reapply_corrections

__all__ = ["adopt_parsed", "delete_parsed", "load_parsed", "save_corrections", "save_parsed"]

MAX_CORRECTIONS: Final = 200
"""Corrections kept per resume (a conversation has at most ``CHAT_MAX_TURNS`` turns)."""
_JSON: Final = json_util.JSONOptions(tz_aware=True)


def _corrections(raw: Any) -> list[dict[str, Any]]:
    """``corrections`` as read: the embedded nx-27017 server keeps ``$push``-ed
    sub-documents as Extended JSON strings, MongoDB as documents."""
    if not isinstance(raw, list):
        return []
    return [
        json_util.loads(entry, json_options=_JSON) if isinstance(entry, str) else dict(entry)
        for entry in raw
    ]


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
    """Write (or replace, on a re-parse) the resume's document; returns its id.

    On a re-parse the candidate's corrections are applied to the new values as well.
    """
    now = dt.datetime.now(dt.UTC)
    earlier = await db[PARSED_RESUMES].find_one(
        {"resume_id": str(resume_id)}, {"_id": 0, "corrections": 1}
    )
    if earlier and earlier.get("corrections"):
        structured_data, details = reapply_corrections(
            structured_data, details, _corrections(earlier["corrections"])
        )
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


async def save_corrections(
    db: AsyncDatabase,
    resume_id: UUID,
    structured: Mapping[str, Any],
    details: Mapping[str, Any],
    corrections_log: Sequence[Mapping[str, Any]],
) -> bool:
    """Store the corrected values and append ``corrections_log`` (entries of
    :meth:`~data_layer.resumes.corrections.Corrected.log_entry`) to ``corrections``.
    False when the resume has no parsed document (deleted meanwhile)."""
    result = await db[PARSED_RESUMES].update_one(
        {"resume_id": str(resume_id)},
        {
            "$set": {
                "structured_data": dict(structured),
                "details": dict(details),
                "updated_at": dt.datetime.now(dt.UTC),
            },
            "$push": {
                "corrections": {
                    "$each": [dict(entry) for entry in corrections_log],
                    "$slice": -MAX_CORRECTIONS,
                }
            },
        },
    )
    return result.matched_count > 0


async def load_parsed(db: AsyncDatabase, resume_id: UUID) -> dict[str, Any] | None:
    doc = await db[PARSED_RESUMES].find_one({"resume_id": str(resume_id)}, {"_id": 0})
    if doc is not None and "corrections" in doc:
        doc["corrections"] = _corrections(doc["corrections"])
    return doc


async def delete_parsed(db: AsyncDatabase, resume_id: UUID) -> None:
    await db[PARSED_RESUMES].delete_many({"resume_id": str(resume_id)})


async def adopt_parsed(db: AsyncDatabase, resume_ids: list[UUID], candidate_id: UUID) -> None:
    if resume_ids:
        await db[PARSED_RESUMES].update_many(
            {"resume_id": {"$in": [str(r) for r in resume_ids]}},
            {"$set": {"candidate_id": str(candidate_id)}},
        )
