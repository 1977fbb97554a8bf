"""Resume file stores (data_layer/resumes/storage.py): the local folder, and S3 over real
HTTP against a local S3-protocol server (moto in server mode)."""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from config.settings import Settings
from data_layer.resumes.storage import (
    InvalidResumePath,
    LocalResumeStorage,
    ResumeFileMissing,
    ResumeStorageError,
    S3ResumeStorage,
    new_resume_key,
    resume_storage,
)
from tests.support.s3_server import s3_endpoint

__all__ = ["s3_endpoint"]  # the session fixture, imported for this module's tests

PDF = b"%PDF-1.7\n% a resume\n"
TRAVERSALS = [
    "../outside.pdf",
    "ab/../../outside.pdf",
    "/etc/passwd",
    "ab\\..\\outside.pdf",
    "ab/./cd.pdf",
    "",
    "s3://bucket/ab/cd.pdf",
    "résumé.pdf",
    "ab/cd.pdf\x00.txt",
]


# ------------------------------------------------------------------------------ local


async def test_local_store_round_trip(tmp_path: Path) -> None:
    store = LocalResumeStorage(tmp_path / "resumes")
    key = new_resume_key("pdf")

    path = await store.put(key, PDF, "application/pdf")

    assert path == key and path.endswith(".pdf")
    assert await store.get(path) == PDF
    file = tmp_path / "resumes" / key
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    assert [p.name for p in file.parent.iterdir()] == [file.name]  # no temporary left over

    await store.delete(path)
    assert not file.exists()
    with pytest.raises(ResumeFileMissing):
        await store.get(path)
    await store.delete(path)  # deleting again is not an error


def test_new_keys_are_random_and_carry_nothing_but_an_extension() -> None:
    keys = {new_resume_key("docx") for _ in range(100)}
    assert len(keys) == 100
    for key in keys:
        folder, name = key.split("/")
        assert name.startswith(folder) and name.endswith(".docx") and len(name) == 37


@pytest.mark.parametrize("path", TRAVERSALS)
async def test_local_store_refuses_paths_outside_it(tmp_path: Path, path: str) -> None:
    store = LocalResumeStorage(tmp_path / "resumes")
    (tmp_path / "outside.pdf").write_bytes(b"secret")

    with pytest.raises(InvalidResumePath):
        await store.put(path, PDF, "application/pdf")
    with pytest.raises(InvalidResumePath):
        await store.get(path)
    with pytest.raises(InvalidResumePath):
        await store.delete(path)
    assert (tmp_path / "outside.pdf").read_bytes() == b"secret"


async def test_local_store_refuses_a_folder_swapped_for_a_symlink(tmp_path: Path) -> None:
    root = tmp_path / "resumes"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "ab").symlink_to(tmp_path / "elsewhere")

    with pytest.raises(InvalidResumePath):
        await LocalResumeStorage(root).put("ab/cd.pdf", PDF, "application/pdf")
    assert not os.listdir(tmp_path / "elsewhere")


def test_settings_choose_the_store(tmp_path: Path) -> None:
    default = resume_storage(Settings(DATA_DIR=tmp_path))
    assert isinstance(default, LocalResumeStorage) and default.root == tmp_path / "resumes"

    chosen = resume_storage(Settings(DATA_DIR=tmp_path, RESUME_DIR=str(tmp_path / "files")))
    assert isinstance(chosen, LocalResumeStorage) and chosen.root == tmp_path / "files"

    s3 = resume_storage(
        Settings(RESUME_STORAGE="s3", RESUME_S3_BUCKET="resumes", RESUME_S3_REGION="us-east-2")
    )
    assert isinstance(s3, S3ResumeStorage) and s3.bucket == "resumes"

    with pytest.raises(ValueError, match="RESUME_S3_BUCKET"):
        resume_storage(Settings(RESUME_STORAGE="s3"))


# ------------------------------------------------------------------------------ S3


@pytest.fixture
def bucket(s3_endpoint: str) -> str:
    name = f"resumes-{uuid.uuid4().hex[:12]}"
    _client(s3_endpoint).create_bucket(Bucket=name)
    return name


def _client(endpoint: str) -> Any:
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )


def _s3_store(endpoint: str, bucket: str, **options: str) -> S3ResumeStorage:
    settings = Settings(
        RESUME_STORAGE="s3",
        RESUME_S3_BUCKET=bucket,
        RESUME_S3_ENDPOINT_URL=endpoint,
        RESUME_S3_REGION="us-east-1",
        RESUME_S3_ACCESS_KEY_ID="test-key",
        RESUME_S3_SECRET_ACCESS_KEY="test-secret",
        **options,
    )
    store = resume_storage(settings)
    assert isinstance(store, S3ResumeStorage)
    return store


async def test_s3_store_round_trip_over_http(s3_endpoint: str, bucket: str) -> None:
    store = _s3_store(s3_endpoint, bucket, RESUME_S3_SERVER_SIDE_ENCRYPTION="AES256")
    key = new_resume_key("pdf")

    path = await store.put(key, PDF, "application/pdf")

    assert path == f"s3://{bucket}/{key}"
    assert await store.get(path) == PDF
    head = _client(s3_endpoint).head_object(Bucket=bucket, Key=key)
    assert head["ContentType"] == "application/pdf"
    assert head["ServerSideEncryption"] == "AES256"

    await store.delete(path)
    with pytest.raises(ResumeFileMissing):
        await store.get(path)
    await store.delete(path)  # deleting again is not an error


async def test_s3_store_reports_a_missing_file_and_refuses_foreign_paths(
    s3_endpoint: str, bucket: str
) -> None:
    store = _s3_store(s3_endpoint, bucket)

    with pytest.raises(ResumeFileMissing):
        await store.get(f"s3://{bucket}/{new_resume_key('pdf')}")
    for path in [f"s3://another-bucket/{new_resume_key('pdf')}", f"s3://{bucket}/../x.pdf"]:
        with pytest.raises(InvalidResumePath):
            await store.get(path)
    with pytest.raises(InvalidResumePath):
        await store.put("../x.pdf", PDF, "application/pdf")


async def test_s3_store_failure_is_a_storage_error(s3_endpoint: str) -> None:
    store = _s3_store(s3_endpoint, f"no-such-bucket-{uuid.uuid4().hex[:8]}")

    with pytest.raises(ResumeStorageError) as failed:
        await store.put(new_resume_key("pdf"), PDF, "application/pdf")
    assert not isinstance(failed.value, ResumeFileMissing)
    assert "NoSuchBucket" in str(failed.value)
