"""Resume uploads: in a conversation (its Bearer token) and for a signed-in candidate.

``POST .../resumes`` (multipart field ``file``) checks the file can be read at all
(PDF, DOCX or text by content, size, encryption, zip bombs: ``read_document`` without
OCR, in a worker thread), stores it, writes its row and enqueues the parse:
202 ``processing``. A file that fails the check gets a 422 saying why and nothing is
stored. ``GET .../resumes/{id}`` is the status and, once parsed, ``structured_data``
(database-schema.md 3.1); ``DELETE`` removes the file, the parsed document, its vectors
and the profile facts confirmed from it. Someone else's resume, or a wrong token: 404.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import unicodedata
import uuid
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.datastructures import CacheControlHeader, UploadFile
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth import current
from assistant.auth.throttles import chat_token_limits
from assistant.dependencies import AppResources
from assistant.errors import InvalidInput, TooManyAttempts, error_responses
from assistant.resources import Resources
from assistant.resume_tasks import enqueue_parse
from data_layer.accounts.sessions import SessionUser
from data_layer.chat.sessions import load_chat_session
from data_layer.resumes.documents import (
    MAX_RESUME_BYTES,
    TOO_LARGE,
    UnreadableDocument,
    read_document,
)
from data_layer.resumes.parsed_store import load_parsed
from data_layer.resumes.records import (
    ResumeOwner,
    ResumeRecord,
    create_resume,
    find_resume,
    list_resumes,
)
from data_layer.resumes.removal import ResumeFiles, remove_resume
from data_layer.resumes.storage import new_resume_key, resume_storage

log = logging.getLogger(__name__)

NOT_FOUND = "No such resume."
CONVERSATION_NOT_FOUND = "Conversation not found."
NO_FILE = "Attach your resume as the form field 'file'."
CANDIDATES_ONLY = "Only candidate accounts keep resumes."
# Multipart framing around a 5 MB file: boundaries, headers, the file name.
MAX_UPLOAD_BODY = MAX_RESUME_BYTES + 64 * 1024

_STORED_AS = {
    "pdf": ("pdf", "application/pdf"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "text": ("txt", "text/plain"),
}


class ResumeAccepted(msgspec.Struct):
    resume_id: UUID
    status: str


class ResumeStatusBody(msgspec.Struct):
    resume_id: UUID
    status: str
    message: str | None
    structured_data: dict[str, Any] | None
    file_name: str
    file_type: str | None
    uploaded_at: str
    is_primary: bool


class ResumeList(msgspec.Struct):
    resumes: list[ResumeStatusBody]


def _display_name(name: str | None, kind: str) -> str:
    """The file's own name for display: its last path part, printable, 120 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    return clean.strip()[:120] or f"resume.{_STORED_AS[kind][0]}"


async def _accept(
    request: Request, resources: Resources, db: AsyncSession, owner: ResumeOwner
) -> ResumeAccepted:
    address = current.client_info(request).ip_address
    identity = str(owner.candidate_id or owner.chat_session_id)
    refused = await resources.chat_limits.resume_upload(address, identity)
    if refused is not None:
        raise TooManyAttempts(
            f"That's a lot of uploads. Please wait {refused.retry_after_s} seconds and try again.",
            retry_after_s=refused.retry_after_s,
        )
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InvalidInput(NO_FILE, field="file")
    data = await upload.read()
    if len(data) > MAX_RESUME_BYTES:
        raise InvalidInput(TOO_LARGE, field="file", code="resume_too_large")
    try:
        document = await asyncio.to_thread(read_document, data, ocr=False)
    except UnreadableDocument as exc:
        log.info("resume upload refused: %s", exc)
        raise InvalidInput(str(exc), field="file", code="unreadable_resume") from None
    extension, content_type = _STORED_AS[document.kind]
    storage = resume_storage(resources.settings)
    path = await storage.put(new_resume_key(extension), data, content_type)
    try:
        async with db.begin():
            record = await create_resume(
                db,
                resume_id=uuid.uuid4(),
                owner=owner,
                file_name=_display_name(upload.filename, document.kind),
                file_path=path,
                file_type=content_type,
                file_size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
    except BaseException:
        await storage.delete(path)  # no file without its row
        raise
    await enqueue_parse(resources, record.id)
    return ResumeAccepted(resume_id=record.id, status=record.status)


async def _status(resources: Resources, record: ResumeRecord) -> ResumeStatusBody:
    structured = None
    if record.parsed_data_id is not None:
        parsed = await load_parsed(resources.mongo, record.id)
        structured = parsed.get("structured_data") if parsed else None
    return ResumeStatusBody(
        resume_id=record.id,
        status=record.status,
        message=record.status_message,
        structured_data=structured,
        file_name=record.file_name,
        file_type=record.file_type,
        uploaded_at=record.created_at.isoformat(),
        is_primary=record.is_primary,
    )


async def _remove(resources: Resources, db: AsyncSession, record: ResumeRecord) -> None:
    # The chat's delete_resume tool goes the same way.
    await remove_resume(db, ResumeFiles(resources.mongo, resources.settings), record)


async def _conversation_owner(
    request: Request, db: AsyncSession, session_id: UUID, user: SessionUser | None, r: Resources
) -> ResumeOwner:
    async with db.begin():
        chat = await load_chat_session(
            db,
            session_id,
            token=current.bearer_token(request),
            user_id=user.user_id if user else None,
            limits=chat_token_limits(r.settings),
        )
    if chat is None or chat.owned_by_someone_else:
        raise NotFoundException(detail=CONVERSATION_NOT_FOUND)
    return ResumeOwner(candidate_id=user.candidate_id if user else None, chat_session_id=chat.id)


def _candidate_owner(user: SessionUser | None) -> ResumeOwner:
    if user is None:
        raise NotAuthorizedException(detail="Log in to see this.")
    if user.candidate_id is None:
        raise PermissionDeniedException(detail=CANDIDATES_ONLY)
    return ResumeOwner(candidate_id=user.candidate_id)


async def _found(db: AsyncSession, resume_id: UUID, owner: ResumeOwner) -> ResumeRecord:
    async with db.begin():
        record = await find_resume(db, resume_id, owner)
    if record is None:
        raise NotFoundException(detail=NOT_FOUND)
    return record


class ChatResumeController(Controller):
    path = "/api/chat/sessions/{session_id:uuid}/resumes"
    tags = ["resumes"]
    cache_control = CacheControlHeader(no_store=True)

    @post(
        status_code=202,
        summary="Upload a resume in a conversation (multipart field `file`)",
        responses=error_responses(400, 404, 413, 422, 429),
        request_max_body_size=MAX_UPLOAD_BODY,
    )
    async def upload(
        self,
        request: Request,
        session_id: UUID,
        db_session: AsyncSession,
        current_user: SessionUser | None,
        resources: AppResources,
    ) -> ResumeAccepted:
        owner = await _conversation_owner(request, db_session, session_id, current_user, resources)
        return await _accept(request, resources, db_session, owner)

    @get("/{resume_id:uuid}", summary="A resume's status", responses=error_responses(400, 404))
    async def status(
        self,
        request: Request,
        session_id: UUID,
        resume_id: UUID,
        db_session: AsyncSession,
        current_user: SessionUser | None,
        resources: AppResources,
    ) -> ResumeStatusBody:
        owner = await _conversation_owner(request, db_session, session_id, current_user, resources)
        return await _status(resources, await _found(db_session, resume_id, owner))

    @delete(
        "/{resume_id:uuid}",
        status_code=204,
        summary="Delete a resume and everything read from it",
        responses=error_responses(400, 404),
    )
    async def remove(
        self,
        request: Request,
        session_id: UUID,
        resume_id: UUID,
        db_session: AsyncSession,
        current_user: SessionUser | None,
        resources: AppResources,
    ) -> None:
        owner = await _conversation_owner(request, db_session, session_id, current_user, resources)
        await _remove(resources, db_session, await _found(db_session, resume_id, owner))


class MyResumeController(Controller):
    path = "/api/me/resumes"
    tags = ["resumes"]
    cache_control = CacheControlHeader(no_store=True)

    @post(
        status_code=202,
        summary="Upload my resume (multipart field `file`)",
        responses=error_responses(400, 401, 403, 413, 422, 429),
        request_max_body_size=MAX_UPLOAD_BODY,
    )
    async def upload(
        self,
        request: Request,
        db_session: AsyncSession,
        current_user: SessionUser | None,
        resources: AppResources,
    ) -> ResumeAccepted:
        return await _accept(request, resources, db_session, _candidate_owner(current_user))

    @get(summary="My resumes", responses=error_responses(400, 401, 403))
    async def mine(
        self, db_session: AsyncSession, current_user: SessionUser | None, resources: AppResources
    ) -> ResumeList:
        owner = _candidate_owner(current_user)
        async with db_session.begin():
            records = await list_resumes(db_session, owner)
        return ResumeList([await _status(resources, r) for r in records])

    @get(
        "/{resume_id:uuid}",
        summary="One of my resumes",
        responses=error_responses(400, 401, 403, 404),
    )
    async def status(
        self,
        resume_id: UUID,
        db_session: AsyncSession,
        current_user: SessionUser | None,
        resources: AppResources,
    ) -> ResumeStatusBody:
        owner = _candidate_owner(current_user)
        return await _status(resources, await _found(db_session, resume_id, owner))

    @delete(
        "/{resume_id:uuid}",
        status_code=204,
        summary="Delete my resume and everything read from it",
        responses=error_responses(400, 401, 403, 404),
    )
    async def remove(
        self,
        resume_id: UUID,
        db_session: AsyncSession,
        current_user: SessionUser | None,
        resources: AppResources,
    ) -> None:
        owner = _candidate_owner(current_user)
        await _remove(resources, db_session, await _found(db_session, resume_id, owner))
