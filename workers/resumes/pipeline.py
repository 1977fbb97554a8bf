"""Parse one uploaded resume: read the stored file, parse it, keep the result, embed it.

Runs in a Celery worker (``workers.resumes.parse_resume``). The file is read again with
OCR allowed (the upload only checked it can be read at all), parsed by the LLM engine
when a model is configured (falling back to the deterministic engine on any model
failure) or by the deterministic engine, and written to ``parsed_resumes``; the row's
status says what came of it. A resume with nothing a recruiter could use is
``needs_review``, never ``parsed`` with empty fields. Vectors are made once the resume
has a candidate (a visitor's upload is embedded when they sign in).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from pymongo import AsyncMongoClient
from sqlalchemy.ext.asyncio import async_sessionmaker

from config.settings import Settings
from data_layer.db.engine import create_engine
from data_layer.embeddings.model import get_embedding_model
from data_layer.embeddings.resumes import embed_resume
from data_layer.models import ResumeStatus
from data_layer.resumes.describe import describe_resume, has_findings
from data_layer.resumes.documents import Document, UnreadableDocument, read_document
from data_layer.resumes.parsed_store import delete_parsed, save_parsed
from data_layer.resumes.records import ResumeRecord, lock_resume, record_parse, resume_by_id
from data_layer.resumes.storage import ResumeFileMissing, resume_storage
from data_layer.resumes.structure import ParsedResume
from data_layer.resumes.summaries import resume_texts

log = logging.getLogger(__name__)

__all__ = ["ParseOutcome", "process_resume"]

NOTHING_FOUND = (
    "We couldn't find licenses, certifications or work history in this resume; "
    "a recruiter will review it."
)
FILE_GONE = "The file could not be found any more; please upload it again."
FAILED = "Something went wrong reading this resume; please try again or upload another copy."


@dataclass(frozen=True)
class ParseOutcome:
    status: ResumeStatus | None  # None: the resume was deleted meanwhile
    engine: str | None = None
    vectors: int = 0


async def _parse(text: str, settings: Settings, today: dt.date) -> tuple[ParsedResume, str]:
    from data_layer.resumes.parsing.engine import parse_resume_text

    if settings.llm_enabled:
        from workers.resumes.llm_engine import LLMParseFailed, parse_with_llm

        try:
            return await parse_with_llm(text, settings=settings, today=today), "llm"
        except LLMParseFailed as exc:
            log.warning("LLM resume parse failed, deterministic engine instead: %s", exc)
    parsed = await asyncio.to_thread(parse_resume_text, text, today=today)
    return parsed, "deterministic"


def _document_facts(document: Document) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "pages": document.pages,
        "ocr_used": document.ocr_used,
        "needs_review": document.needs_review,
    }


async def process_resume(settings: Settings, resume_id: UUID) -> ParseOutcome:
    engine = create_engine(settings)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    mongo: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url, tz_aware=True)
    try:
        async with sessions() as db:
            record = await resume_by_id(db, resume_id)
        if record is None:
            return ParseOutcome(None)
        return await _process(settings, sessions, mongo[settings.mongodb_db], record)
    finally:
        await mongo.close()
        await engine.dispose()


async def _finish(
    sessions: async_sessionmaker,
    record: ResumeRecord,
    status: ResumeStatus,
    message: str | None,
    parsed_id: str | None = None,
) -> bool:
    async with sessions() as db, db.begin():
        return await record_parse(
            db, record.id, status=status, message=message, parsed_data_id=parsed_id
        )


async def _process(
    settings: Settings, sessions: async_sessionmaker, mongo: Any, record: ResumeRecord
) -> ParseOutcome:
    today = dt.date.today()
    try:
        data = await resume_storage(settings).get(record.file_path)
    except ResumeFileMissing:
        log.error("resume %s: stored file missing", record.id)
        await _finish(sessions, record, ResumeStatus.FAILED, FILE_GONE)
        return ParseOutcome(ResumeStatus.FAILED)
    try:
        document = await asyncio.to_thread(read_document, data, ocr=True)
    except UnreadableDocument as exc:
        log.info("resume %s unreadable: %s", record.id, exc)
        await _finish(sessions, record, ResumeStatus.FAILED, str(exc))
        return ParseOutcome(ResumeStatus.FAILED)

    parsed: ParsedResume | None = None
    engine_name = None
    if document.text.strip():
        parsed, engine_name = await _parse(document.text, settings, today)
    structured = parsed.structured_data() if parsed else ParsedResume().structured_data()
    details = parsed.details() if parsed else {}
    if document.needs_review:
        status, message = ResumeStatus.NEEDS_REVIEW, document.needs_review
    elif not has_findings(structured):
        status, message = ResumeStatus.NEEDS_REVIEW, NOTHING_FOUND
    else:
        status = ResumeStatus.PARSED
        message = describe_resume(structured, details, today=today)
    parsed_id = await save_parsed(
        mongo,
        resume_id=record.id,
        candidate_id=record.candidate_id,
        raw_text=document.text,
        structured_data=structured,
        details=details,
        engine=engine_name or "none",
        document=_document_facts(document),
    )
    vectors = 0
    async with sessions() as db, db.begin():
        # Deleted while it was being read: keep nothing of it.
        if not await lock_resume(db, record.id):
            await delete_parsed(mongo, record.id)
            return ParseOutcome(None)
        if record.candidate_id is not None and status is ResumeStatus.PARSED:
            texts = resume_texts(structured, details, today=today)
            vectors = await embed_resume(
                db,
                get_embedding_model(),
                candidate_id=record.candidate_id,
                resume_id=record.id,
                texts=texts.parts,
                certifications=texts.certifications,
            )
        await record_parse(db, record.id, status=status, message=message, parsed_data_id=parsed_id)
    log.info(
        "resume %s %s by %s (%s, %d pages, ocr=%s, %d vectors)",
        record.id,
        status.value,
        engine_name,
        document.kind,
        document.pages,
        document.ocr_used,
        vectors,
    )
    return ParseOutcome(status, engine_name, vectors)
