"""Resume uploads end to end: the API stores and enqueues, the real Celery worker parses.

Uploads in a conversation (its token) and for a signed-in candidate; another person's
resume and a wrong token are 404; files we cannot read are refused with a reason and
nothing is stored; deleting a resume removes the file, the parsed document and its
vectors.
"""

from __future__ import annotations

import asyncio
import io
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from litestar.testing import AsyncTestClient
from PIL import Image
from pymongo import AsyncMongoClient
from sqlalchemy import func, select

from assistant.app import create_app
from config.settings import Settings
from data_layer.db.engine import create_engine
from data_layer.models import CandidateResume, ResumeEmbedding
from tests.integration.account_helpers import signed_in_candidate

RESUME = """Maria Delgado, RN
Houston, TX | (713) 555-0142 | maria.delgado@example.com

LICENSES
Registered Nurse - Texas #884471 (Compact) exp. 05/31/2027
Registered Nurse - California #95123456, expires 08/2026

CERTIFICATIONS
BLS - American Heart Association - exp 03/2026
ACLS - American Heart Association - exp 04/2026

EXPERIENCE
ICU Staff Nurse, Houston Methodist Hospital, Houston, TX
06/2021 - Present
- Cared for 2-3 critically ill adults on ventilators and drips

Med-Surg RN, St. Luke's Health, Houston, TX
01/2018 - 05/2021

EDUCATION
Bachelor of Science in Nursing, University of Houston, 2017

SKILLS
Epic, ventilator management, CRRT
"""


def _files(data: bytes, name: str = "resume.txt") -> dict[str, Any]:
    return {"file": (name, data, "application/octet-stream")}


async def _wait_parsed(client: AsyncTestClient, url: str, headers: dict[str, str]) -> Any:
    deadline = time.monotonic() + 90
    while True:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        if body["status"] != "processing":
            return body
        assert time.monotonic() < deadline, "the worker never parsed the resume"
        await asyncio.sleep(0.3)


async def _conversation(client: AsyncTestClient) -> tuple[str, dict[str, str]]:
    response = await client.post("/api/chat/sessions", json={})
    assert response.status_code == 201, response.text
    body = response.json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


async def _rows(settings: Settings, model: Any, **where: Any) -> int:
    engine = create_engine(settings)
    try:
        async with engine.connect() as conn:
            stmt = select(func.count()).select_from(model)
            for column, value in where.items():
                stmt = stmt.where(getattr(model, column) == value)
            return int(await conn.scalar(stmt) or 0)
    finally:
        await engine.dispose()


def _stored_files(settings: Settings) -> list[Path]:
    root = settings.data_dir / "resumes"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def test_a_visitor_uploads_in_the_chat_and_gets_what_was_read(
    worker_settings: Settings, celery_worker: Celery
) -> None:
    async with AsyncTestClient(create_app(worker_settings)) as client:
        session_id, headers = await _conversation(client)
        base = f"/api/chat/sessions/{session_id}/resumes"
        accepted = await client.post(base, files=_files(RESUME.encode()), headers=headers)
        assert accepted.status_code == 202, accepted.text
        assert accepted.json()["status"] == "processing"
        resume_id = accepted.json()["resume_id"]

        body = await _wait_parsed(client, f"{base}/{resume_id}", headers)
        assert body["status"] == "parsed", body
        data = body["structured_data"]
        assert set(data) == {
            "contact_info",
            "education",
            "experience",
            "skills",
            "certifications",
            "licenses",
        }
        assert set(data["contact_info"]) == {"name", "email", "phone", "address"}
        licenses = {(x["state"], x["number"], x["expiration_date"]) for x in data["licenses"]}
        assert ("TX", "884471", "2027-05-31") in licenses
        assert ("CA", "95123456", "2026-08-31") in licenses
        certs = {c["name"]: c["expiration_date"] for c in data["certifications"]}
        assert certs.get("BLS") == "2026-03-31" and certs.get("ACLS") == "2026-04-30"
        # The message says what was found, in plain words, with the number shortened.
        assert "4471" in body["message"] and "884471" not in body["message"]

        # Another conversation's token, or none: the same 404 as a missing resume.
        _, stranger = await _conversation(client)
        assert (await client.get(f"{base}/{resume_id}", headers=stranger)).status_code == 404
        assert (await client.get(f"{base}/{resume_id}")).status_code == 404
        other_id, other_headers = await _conversation(client)
        elsewhere = f"/api/chat/sessions/{other_id}/resumes/{resume_id}"
        assert (await client.get(elsewhere, headers=other_headers)).status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "resume.pdf", "PDF, Word"),
        (b"   \n\t  ", "resume.txt", "any text"),
        (b"%PDF-1.4\n%garbage that is no pdf at all", "resume.pdf", "damaged"),
    ],
)
async def test_a_file_we_cannot_read_is_refused_and_nothing_is_kept(
    worker_settings: Settings, data: bytes, name: str, says: str
) -> None:
    before_files = len(_stored_files(worker_settings))
    before_rows = await _rows(worker_settings, CandidateResume)
    async with AsyncTestClient(create_app(worker_settings)) as client:
        session_id, headers = await _conversation(client)
        response = await client.post(
            f"/api/chat/sessions/{session_id}/resumes", files=_files(data, name), headers=headers
        )
    assert response.status_code == 422, response.text
    assert says.lower() in response.json()["detail"].lower()
    assert response.json()["extra"]["field"] == "file"
    assert len(_stored_files(worker_settings)) == before_files
    assert await _rows(worker_settings, CandidateResume) == before_rows


async def test_an_image_is_not_a_resume_even_when_named_like_one(
    worker_settings: Settings,
) -> None:
    image = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(image, format="PNG")
    async with AsyncTestClient(create_app(worker_settings)) as client:
        session_id, headers = await _conversation(client)
        response = await client.post(
            f"/api/chat/sessions/{session_id}/resumes",
            files=_files(image.getvalue(), "my-resume.docx"),
            headers=headers,
        )
        missing = await client.post(
            f"/api/chat/sessions/{session_id}/resumes",
            files={"other": ("x.txt", b"hello", "text/plain")},
            headers=headers,
        )
    assert response.status_code == 422
    assert missing.status_code == 422 and missing.json()["extra"]["field"] == "file"


async def test_a_candidate_keeps_and_deletes_their_resume_and_what_came_from_it(
    worker_settings: Settings, celery_worker: Celery
) -> None:
    async with (
        AsyncTestClient(create_app(worker_settings)) as client,
        AsyncTestClient(create_app(worker_settings)) as other,
    ):
        engine = create_engine(worker_settings)
        try:
            await signed_in_candidate(client, engine, f"maria.{uuid.uuid4().hex[:6]}@example.com")
            await signed_in_candidate(other, engine, f"sam.{uuid.uuid4().hex[:6]}@example.com")
        finally:
            await engine.dispose()
        accepted = await client.post(
            "/api/me/resumes", files=_files(RESUME.encode("cp1252"), "Maria Delgado CV.txt")
        )
        assert accepted.status_code == 202, accepted.text
        resume_id = accepted.json()["resume_id"]
        body = await _wait_parsed(client, f"/api/me/resumes/{resume_id}", {})
        assert body["status"] == "parsed" and body["is_primary"] is True
        assert body["file_name"] == "Maria Delgado CV.txt"
        listed = (await client.get("/api/me/resumes")).json()["resumes"]
        assert [r["resume_id"] for r in listed] == [resume_id]
        # A candidate's resume is embedded for matching (summary + each job).
        assert await _rows(worker_settings, ResumeEmbedding, resume_id=uuid.UUID(resume_id)) >= 2

        # Another signed-in candidate: not theirs, so not found, and not deletable.
        assert (await other.get(f"/api/me/resumes/{resume_id}")).status_code == 404
        assert (await other.delete(f"/api/me/resumes/{resume_id}")).status_code == 404
        assert (await other.get("/api/me/resumes")).json()["resumes"] == []

        files_before = len(_stored_files(worker_settings))
        assert (await client.delete(f"/api/me/resumes/{resume_id}")).status_code == 204
        assert (await client.get(f"/api/me/resumes/{resume_id}")).status_code == 404
    assert len(_stored_files(worker_settings)) == files_before - 1
    assert await _rows(worker_settings, ResumeEmbedding, resume_id=uuid.UUID(resume_id)) == 0
    mongo: AsyncMongoClient = AsyncMongoClient(worker_settings.effective_mongodb_url)
    try:
        parsed = mongo[worker_settings.mongodb_db]["parsed_resumes"]
        assert await parsed.count_documents({"resume_id": resume_id}) == 0
    finally:
        await mongo.close()


async def test_multipart_bodies_reach_only_the_upload_routes(worker_settings: Settings) -> None:
    # Forms are what another site can post without a preflight: only uploads take them.
    async with AsyncTestClient(create_app(worker_settings)) as client:
        response = await client.post("/api/chat/sessions", files=_files(RESUME.encode()))
    assert response.status_code == 415


async def test_anonymous_callers_cannot_use_my_resumes(worker_settings: Settings) -> None:
    async with AsyncTestClient(create_app(worker_settings)) as client:
        assert (await client.get("/api/me/resumes")).status_code == 401
        response = await client.post("/api/me/resumes", files=_files(RESUME.encode()))
        assert response.status_code == 401


async def test_uploads_are_limited_per_conversation(worker_settings: Settings) -> None:
    settings = worker_settings.model_copy(update={"resume_uploads_per_owner": "2/hour"})
    async with AsyncTestClient(create_app(settings)) as client:
        session_id, headers = await _conversation(client)
        url = f"/api/chat/sessions/{session_id}/resumes"
        codes = [
            (await client.post(url, files=_files(RESUME.encode()), headers=headers)).status_code
            for _ in range(3)
        ]
    assert codes == [202, 202, 429]
