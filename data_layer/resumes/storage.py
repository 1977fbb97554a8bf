"""Where uploaded resume files are kept: a local folder by default, any S3-compatible store
(AWS S3, MinIO, Cloudflare R2...) when ``RESUME_STORAGE=s3``.

Both sit behind :class:`ResumeStorage`. A file's key is made here (:func:`new_resume_key`:
random, never from the uploaded file's name) and checked again on every call, so no
caller can reach outside the store. ``put`` answers the path to keep in
``candidate_resumes.file_path``: the key itself for the local folder, ``s3://bucket/key``
for S3, so a row says which store holds its file.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

if TYPE_CHECKING:
    from config.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "InvalidResumePath",
    "LocalResumeStorage",
    "ResumeFileMissing",
    "ResumeStorage",
    "ResumeStorageError",
    "S3ResumeStorage",
    "new_resume_key",
    "resume_storage",
]

# Up to three folders and a file name of letters, digits, "-" and "_", one short extension.
# Nothing else gets through: no "..", no leading "/", no backslashes, no URL syntax.
_KEY = re.compile(
    r"^(?:[A-Za-z0-9][A-Za-z0-9_-]{0,63}/){0,3}[A-Za-z0-9][A-Za-z0-9_-]{0,127}"
    r"(?:\.[A-Za-z0-9]{1,8})?$"
)
_MISSING_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


class ResumeStorageError(Exception):
    """The store failed (unreachable, refused, misconfigured)."""


class ResumeFileMissing(ResumeStorageError, LookupError):
    """No file at this path (never stored, or deleted)."""


class InvalidResumePath(ResumeStorageError, ValueError):
    """A key or path that is not one this store hands out."""


class ResumeStorage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> str:
        """Store ``data`` under ``key`` (see :func:`new_resume_key`); the path to keep."""
        ...

    async def get(self, path: str) -> bytes:
        """The file at a path ``put`` returned; :class:`ResumeFileMissing` if none."""
        ...

    async def delete(self, path: str) -> None:
        """Remove the file at ``path``; nothing there is not an error."""
        ...


def new_resume_key(extension: str) -> str:
    """A fresh key, e.g. ``3f/3f2a...c1.pdf``: random (unguessable, nothing personal in it),
    fanned out over 256 folders so no folder grows huge."""
    name = uuid.uuid4().hex
    key = f"{name[:2]}/{name}.{extension.lstrip('.')}"
    return _checked_key(key)


def _checked_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise InvalidResumePath("not a resume file key")
    return key


class LocalResumeStorage:
    """Files in a folder of this machine (``DATA_DIR/resumes`` unless ``RESUME_DIR``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _file(self, key: str) -> Path:
        path = self.root / _checked_key(key)
        # The pattern already refuses "..": this also refuses a folder swapped for a symlink.
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise InvalidResumePath("resume path outside the resume folder")
        return path

    async def put(self, key: str, data: bytes, content_type: str) -> str:
        path = self._file(key)
        await asyncio.to_thread(self._write, path, data)
        return key

    async def get(self, path: str) -> bytes:
        file = self._file(path)
        try:
            return await asyncio.to_thread(file.read_bytes)
        except FileNotFoundError:
            raise ResumeFileMissing(f"no resume file {path}") from None

    async def delete(self, path: str) -> None:
        file = self._file(path)
        await asyncio.to_thread(file.unlink, missing_ok=True)

    def _write(self, path: Path, data: bytes) -> None:
        # Resumes are personal data: only the service's own user may read them.
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        # Written aside and renamed in: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class S3ResumeStorage:
    """Files in an S3 bucket, through boto3 in worker threads (boto3 is blocking; its
    clients are thread-safe)."""

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        server_side_encryption: str | None = None,
    ) -> None:
        if not bucket:
            raise ValueError("RESUME_STORAGE=s3 needs RESUME_S3_BUCKET")
        self.bucket = bucket
        self._prefix = f"s3://{bucket}/"
        self._encryption = (
            {"ServerSideEncryption": server_side_encryption} if server_side_encryption else {}
        )
        options: dict[str, Any] = {
            "connect_timeout": 5,
            "read_timeout": 30,
            "retries": {"mode": "standard", "max_attempts": 3},
        }
        if endpoint_url:
            # S3-compatible stores want path-style URLs and may not know the checksums
            # boto3 adds to every request by default.
            options["s3"] = {"addressing_style": "path"}
            options["request_checksum_calculation"] = "when_required"
            options["response_checksum_validation"] = "when_required"
        # A session of our own: boto3's default session is not thread-safe to set up.
        self._client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            config=Config(**options),
        )

    def _key(self, path: str) -> str:
        if not path.startswith(self._prefix):
            raise InvalidResumePath("resume path of another store")
        return _checked_key(path[len(self._prefix) :])

    async def put(self, key: str, data: bytes, content_type: str) -> str:
        key = _checked_key(key)
        await self._call(
            "put_object",
            Bucket=self.bucket,
            Key=key,
            Body=data,
            ContentType=content_type,
            **self._encryption,
        )
        return self._prefix + key

    async def get(self, path: str) -> bytes:
        key = self._key(path)

        def read() -> bytes:
            response = self._client.get_object(Bucket=self.bucket, Key=key)
            with response["Body"] as body:
                return bytes(body.read())

        try:
            return await asyncio.to_thread(read)
        except ClientError as error:
            if _code(error) in _MISSING_CODES:
                raise ResumeFileMissing(f"no resume file {path}") from None
            raise self._failure("get_object", error) from error
        except BotoCoreError as error:
            raise self._failure("get_object", error) from error

    async def delete(self, path: str) -> None:
        await self._call("delete_object", Bucket=self.bucket, Key=self._key(path))

    async def _call(self, operation: str, **arguments: Any) -> None:
        try:
            await asyncio.to_thread(getattr(self._client, operation), **arguments)
        except (ClientError, BotoCoreError) as error:
            raise self._failure(operation, error) from error

    def _failure(self, operation: str, error: Exception) -> ResumeStorageError:
        code = _code(error) if isinstance(error, ClientError) else type(error).__name__
        log.warning("resume store %s failed on bucket %s (%s)", operation, self.bucket, code)
        return ResumeStorageError(f"resume store {operation} failed ({code})")


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def resume_storage(settings: Settings) -> ResumeStorage:
    """The store the settings name (``RESUME_STORAGE``)."""
    if settings.resume_storage == "s3":
        return S3ResumeStorage(
            settings.resume_s3_bucket,
            endpoint_url=settings.resume_s3_endpoint_url,
            region=settings.resume_s3_region,
            access_key_id=settings.resume_s3_access_key_id,
            secret_access_key=settings.resume_s3_secret_access_key.get_secret_value(),
            server_side_encryption=settings.resume_s3_server_side_encryption,
        )
    root = Path(settings.resume_dir) if settings.resume_dir else settings.data_dir / "resumes"
    return LocalResumeStorage(root)
