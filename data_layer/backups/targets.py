"""Where backups live: a local folder or an S3-compatible bucket (``BACKUP_TARGET``).

Layout (the same under a folder or a key prefix)::

    <id>/manifest.json                 written last: a backup without it is incomplete
    <id>/postgres/<database>.dump      pg_dump --format=custom
    <id>/postgres/base/...             pg_basebackup --format=tar --gzip (+ backup_manifest)
    <id>/mongo/<database>/<coll>.bson  mongodump's layout: `mongorestore --dir <id>/mongo`
    wal/<segment>                      archived WAL (point-in-time recovery)
    drills/<time>-<id>.json            recovery drill reports

A local backup is built in ``<id>.partial`` and renamed into place when complete; an S3
backup is built in a temporary folder and uploaded, its manifest last. The local WAL
archive is the folder the server's ``archive_command`` writes (``WAL_ARCHIVE_DIR``);
with S3 each backup uploads the segments the bucket does not hold yet.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from config.settings import Settings
from data_layer.backups.errors import BackupError
from data_layer.backups.manifest import (
    BACKUP_ID,
    MANIFEST_NAME,
    FileEntry,
    Manifest,
    decode_manifest,
)

log = logging.getLogger(__name__)

__all__ = [
    "WAL_FILE",
    "BackupTarget",
    "LocalTarget",
    "S3Target",
    "backup_target",
    "target_for_source",
]

WAL_FILE = re.compile(
    r"^(?:[0-9A-F]{24}(?:\.partial|\.[0-9A-F]{8}\.backup)?|[0-9A-F]{8}\.history)$"
)
"""Names PostgreSQL archives: segments, partial segments, backup labels, timeline histories."""


class BackupTarget(Protocol):
    """One place backups are written to and read from."""

    @property
    def name(self) -> str:
        """Where it is, for people: a folder path or ``s3://bucket/prefix``."""
        ...

    async def list_ids(self) -> list[str]:
        """Ids of the complete backups (with a manifest), oldest first."""
        ...

    async def read_manifest(self, backup_id: str) -> Manifest: ...

    def staging(self, backup_id: str) -> Any:
        """``async with target.staging(id) as folder``: where a new backup is built."""
        ...

    async def publish(self, backup_id: str, folder: Path) -> None:
        """Make the backup built in ``folder`` (its manifest in it) complete and visible."""
        ...

    def local_files(self, backup_id: str, files: list[FileEntry]) -> Any:
        """``async with target.local_files(id, files) as folder``: the files on this machine
        (the backup's own folder, or a download of them that is removed afterwards)."""
        ...

    async def delete(self, backup_id: str) -> None: ...

    async def delete_incomplete(self, keep: str | None = None) -> list[str]:
        """Remove backups left without a manifest (a crash half-way), except ``keep``."""
        ...

    async def wal_segments(self) -> dict[str, dt.datetime]:
        """Archived WAL files the target holds, with their modification times."""
        ...

    async def available_wal(self) -> dict[str, dt.datetime]:
        """Every WAL file a point-in-time restore can use (the target's and, for S3, the
        local archive's segments not uploaded yet)."""
        ...

    async def push_wal(self) -> int:
        """Copy the local WAL archive's new files to the target; how many."""
        ...

    async def fetch_wal(self, names: list[str], dest: Path) -> None: ...

    async def delete_wal(self, names: list[str]) -> None: ...

    async def write_report(self, name: str, data: bytes) -> str:
        """Store a drill report; where it went."""
        ...


def _local_wal(folder: Path) -> dict[str, dt.datetime]:
    if not folder.is_dir():
        return {}
    found: dict[str, dt.datetime] = {}
    for entry in os.scandir(folder):
        if WAL_FILE.match(entry.name) and entry.is_file():
            found[entry.name] = dt.datetime.fromtimestamp(entry.stat().st_mtime, dt.UTC)
    return found


class LocalTarget:
    """Backups in a folder (``BACKUP_DIR``); WAL in the archive folder itself."""

    def __init__(self, root: Path, wal_dir: Path) -> None:
        self.root = root
        self.wal_dir = wal_dir

    @property
    def name(self) -> str:
        return str(self.root)

    async def list_ids(self) -> list[str]:
        def scan() -> list[str]:
            if not self.root.is_dir():
                return []
            return sorted(
                entry.name
                for entry in os.scandir(self.root)
                if BACKUP_ID.match(entry.name) and Path(entry.path, MANIFEST_NAME).is_file()
            )

        return await asyncio.to_thread(scan)

    async def read_manifest(self, backup_id: str) -> Manifest:
        path = self.root / backup_id / MANIFEST_NAME
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            raise BackupError(f"no backup {backup_id} in {self.root}") from None
        return _decoded(data, backup_id)

    @asynccontextmanager
    async def staging(self, backup_id: str) -> AsyncIterator[Path]:
        folder = self.root / f"{backup_id}.partial"
        await asyncio.to_thread(shutil.rmtree, folder, True)
        await asyncio.to_thread(folder.mkdir, 0o700, True, False)
        try:
            yield folder
        except BaseException:
            await asyncio.to_thread(shutil.rmtree, folder, True)
            raise

    async def publish(self, backup_id: str, folder: Path) -> None:
        final = self.root / backup_id
        if final.exists():
            raise BackupError(f"backup {backup_id} exists already in {self.root}")
        await asyncio.to_thread(os.rename, folder, final)

    @asynccontextmanager
    async def local_files(self, backup_id: str, files: list[FileEntry]) -> AsyncIterator[Path]:
        yield self.root / backup_id

    async def delete(self, backup_id: str) -> None:
        if not BACKUP_ID.match(backup_id):
            raise BackupError(f"not a backup id: {backup_id}")
        await asyncio.to_thread(shutil.rmtree, self.root / backup_id, True)

    async def delete_incomplete(self, keep: str | None = None) -> list[str]:
        def sweep() -> list[str]:
            removed = []
            if not self.root.is_dir():
                return removed
            for entry in os.scandir(self.root):
                name = entry.name.removesuffix(".partial")
                if not BACKUP_ID.match(name) or name == keep or not entry.is_dir():
                    continue
                if entry.name.endswith(".partial") or not Path(entry.path, MANIFEST_NAME).exists():
                    shutil.rmtree(entry.path, ignore_errors=True)
                    removed.append(name)
            return removed

        return await asyncio.to_thread(sweep)

    async def wal_segments(self) -> dict[str, dt.datetime]:
        return await asyncio.to_thread(_local_wal, self.wal_dir)

    async def available_wal(self) -> dict[str, dt.datetime]:
        return await self.wal_segments()

    async def push_wal(self) -> int:
        return 0  # the archive folder is this target's WAL store

    async def fetch_wal(self, names: list[str], dest: Path) -> None:
        def copy() -> None:
            for name in names:
                shutil.copyfile(self.wal_dir / name, dest / name)

        await asyncio.to_thread(copy)

    async def delete_wal(self, names: list[str]) -> None:
        def remove() -> None:
            for name in names:
                (self.wal_dir / name).unlink(missing_ok=True)

        await asyncio.to_thread(remove)

    async def write_report(self, name: str, data: bytes) -> str:
        path = self.root / "drills" / name

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

        await asyncio.to_thread(write)
        return str(path)


class S3Target:
    """Backups under a key prefix of an S3-compatible bucket, through boto3 in threads."""

    def __init__(self, settings: Settings, bucket: str, prefix: str) -> None:
        if not bucket:
            raise BackupError("BACKUP_TARGET=s3 needs BACKUP_S3_BUCKET")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.local_wal_dir = settings.effective_wal_archive_dir
        encryption = settings.backup_s3_server_side_encryption
        self._extra = {"ServerSideEncryption": encryption} if encryption else {}
        options: dict[str, Any] = {
            "connect_timeout": 10,
            "read_timeout": 120,
            "retries": {"mode": "standard", "max_attempts": 5},
        }
        if settings.backup_s3_endpoint_url:
            # S3-compatible stores want path-style URLs and may not know boto3's checksums.
            options["s3"] = {"addressing_style": "path"}
            options["request_checksum_calculation"] = "when_required"
            options["response_checksum_validation"] = "when_required"
        self._client = boto3.session.Session().client(
            "s3",
            endpoint_url=settings.backup_s3_endpoint_url or None,
            region_name=settings.backup_s3_region or None,
            aws_access_key_id=settings.backup_s3_access_key_id or None,
            aws_secret_access_key=settings.backup_s3_secret_access_key.get_secret_value() or None,
            config=Config(**options),
        )

    @property
    def name(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def _key(self, *parts: str) -> str:
        return "/".join(part for part in (self.prefix, *parts) if part)

    async def _call(self, operation: str, **arguments: Any) -> Any:
        try:
            return await asyncio.to_thread(getattr(self._client, operation), **arguments)
        except (ClientError, BotoCoreError) as error:
            raise self._failure(operation, error) from None

    def _failure(self, operation: str, error: Exception) -> BackupError:
        if isinstance(error, ClientError):
            code = str(error.response.get("Error", {}).get("Code", ""))
        else:
            code = type(error).__name__
        return BackupError(f"S3 {operation} on {self.name} failed ({code})")

    async def _list(self, prefix: str, delimiter: str = "") -> tuple[list[dict], list[str]]:
        def walk() -> tuple[list[dict], list[str]]:
            objects: list[dict] = []
            folders: list[str] = []
            paginator = self._client.get_paginator("list_objects_v2")
            options = {"Bucket": self.bucket, "Prefix": prefix}
            if delimiter:
                options["Delimiter"] = delimiter
            for page in paginator.paginate(**options):
                objects += page.get("Contents", [])
                folders += [p["Prefix"] for p in page.get("CommonPrefixes", [])]
            return objects, folders

        try:
            return await asyncio.to_thread(walk)
        except (ClientError, BotoCoreError) as error:
            raise self._failure("list_objects_v2", error) from None

    async def _ids(self) -> tuple[list[str], set[str]]:
        """Every backup folder, and those holding a manifest."""
        base = self._key() + "/" if self.prefix else ""
        _, folders = await self._list(base, "/")
        ids = sorted(name for f in folders if BACKUP_ID.match(name := f[len(base) :].rstrip("/")))
        complete: set[str] = set()
        for backup_id in ids:
            objects, _ = await self._list(self._key(backup_id, MANIFEST_NAME))
            if objects:
                complete.add(backup_id)
        return ids, complete

    async def list_ids(self) -> list[str]:
        ids, complete = await self._ids()
        return [backup_id for backup_id in ids if backup_id in complete]

    async def read_manifest(self, backup_id: str) -> Manifest:
        def read() -> bytes:
            response = self._client.get_object(
                Bucket=self.bucket, Key=self._key(backup_id, MANIFEST_NAME)
            )
            with response["Body"] as body:
                return bytes(body.read())

        try:
            data = await asyncio.to_thread(read)
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) in ("NoSuchKey", "404"):
                raise BackupError(f"no backup {backup_id} in {self.name}") from None
            raise self._failure("get_object", error) from None
        except BotoCoreError as error:
            raise self._failure("get_object", error) from None
        return _decoded(data, backup_id)

    @asynccontextmanager
    async def staging(self, backup_id: str) -> AsyncIterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix=f"esa-backup-{backup_id}-"))
        try:
            yield folder
        finally:
            await asyncio.to_thread(shutil.rmtree, folder, True)

    async def _upload(self, path: Path, key: str) -> None:
        try:
            await asyncio.to_thread(
                self._client.upload_file,
                str(path),
                self.bucket,
                key,
                ExtraArgs=dict(self._extra),
            )
        except (ClientError, BotoCoreError) as error:
            raise self._failure("upload", error) from None

    async def publish(self, backup_id: str, folder: Path) -> None:
        def listing() -> list[Path]:
            return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST_NAME)

        files = await asyncio.to_thread(listing)
        for path in files:
            await self._upload(path, self._key(backup_id, path.relative_to(folder).as_posix()))
        await self._upload(folder / MANIFEST_NAME, self._key(backup_id, MANIFEST_NAME))

    @asynccontextmanager
    async def local_files(self, backup_id: str, files: list[FileEntry]) -> AsyncIterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix=f"esa-restore-{backup_id}-"))
        try:
            for entry in files:
                path = folder / entry.path
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    await asyncio.to_thread(
                        self._client.download_file,
                        self.bucket,
                        self._key(backup_id, entry.path),
                        str(path),
                    )
                except (ClientError, BotoCoreError) as error:
                    raise self._failure(f"download of {entry.path}", error) from None
            yield folder
        finally:
            await asyncio.to_thread(shutil.rmtree, folder, True)

    async def _delete_keys(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = [{"Key": key} for key in keys[start : start + 1000]]
            await self._call(
                "delete_objects", Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
            )

    async def delete(self, backup_id: str) -> None:
        if not BACKUP_ID.match(backup_id):
            raise BackupError(f"not a backup id: {backup_id}")
        objects, _ = await self._list(self._key(backup_id) + "/")
        await self._delete_keys([obj["Key"] for obj in objects])

    async def delete_incomplete(self, keep: str | None = None) -> list[str]:
        ids, complete = await self._ids()
        removed = [i for i in ids if i not in complete and i != keep]
        for backup_id in removed:
            await self.delete(backup_id)
        return removed

    async def wal_segments(self) -> dict[str, dt.datetime]:
        base = self._key("wal") + "/"
        objects, _ = await self._list(base)
        return {
            name: obj["LastModified"]
            for obj in objects
            if WAL_FILE.match(name := obj["Key"][len(base) :])
        }

    async def push_wal(self) -> int:
        local = await asyncio.to_thread(_local_wal, self.local_wal_dir)
        if not local:
            return 0
        remote = await self.wal_segments()
        new = sorted(set(local) - set(remote))
        for name in new:
            await self._upload(self.local_wal_dir / name, self._key("wal", name))
        return len(new)

    async def fetch_wal(self, names: list[str], dest: Path) -> None:
        # Segments archived since the last backup are still only in the local folder.
        local = await asyncio.to_thread(_local_wal, self.local_wal_dir)
        remote = await self.wal_segments()
        for name in names:
            if name in remote:
                try:
                    await asyncio.to_thread(
                        self._client.download_file,
                        self.bucket,
                        self._key("wal", name),
                        str(dest / name),
                    )
                except (ClientError, BotoCoreError) as error:
                    raise self._failure(f"download of WAL {name}", error) from None
            elif name in local:
                await asyncio.to_thread(shutil.copyfile, self.local_wal_dir / name, dest / name)

    async def available_wal(self) -> dict[str, dt.datetime]:
        """The bucket's WAL and the local archive's newer segments together."""
        local = await asyncio.to_thread(_local_wal, self.local_wal_dir)
        return {**local, **await self.wal_segments()}

    async def delete_wal(self, names: list[str]) -> None:
        await self._delete_keys([self._key("wal", name) for name in names])

        # The local copies of segments the bucket holds go too: the bucket is the archive.
        def remove() -> None:
            for name in names:
                (self.local_wal_dir / name).unlink(missing_ok=True)

        await asyncio.to_thread(remove)

    async def write_report(self, name: str, data: bytes) -> str:
        key = self._key("drills", name)
        await self._call("put_object", Bucket=self.bucket, Key=key, Body=data, **self._extra)
        return f"s3://{self.bucket}/{key}"


def _decoded(data: bytes, backup_id: str) -> Manifest:
    import msgspec

    try:
        return decode_manifest(data)
    except msgspec.DecodeError as exc:
        raise BackupError(f"the manifest of backup {backup_id} is unreadable: {exc}") from None


def backup_target(settings: Settings) -> BackupTarget:
    """The target the settings name (``BACKUP_TARGET``)."""
    if settings.backup_target == "s3":
        return S3Target(settings, settings.backup_s3_bucket, settings.backup_s3_prefix)
    return LocalTarget(settings.effective_backup_dir, settings.effective_wal_archive_dir)


def target_for_source(settings: Settings, source: str) -> tuple[BackupTarget, str]:
    """The target and backup id a ``--from`` names: ``latest``, an id of the configured
    target, a backup folder's path, or ``s3://bucket/prefix/<id>``."""
    source = source.strip()
    if source == "latest" or BACKUP_ID.match(source):
        return backup_target(settings), source
    if source.startswith("s3://"):
        bucket, _, rest = source[len("s3://") :].partition("/")
        prefix, _, backup_id = rest.rstrip("/").rpartition("/")
        if not bucket or not BACKUP_ID.match(backup_id):
            raise BackupError(f"--from {source}: expected s3://bucket/prefix/<backup id>")
        return S3Target(settings, bucket, prefix), backup_id
    folder = Path(source).expanduser().resolve()
    if BACKUP_ID.match(folder.name) and (folder / MANIFEST_NAME).is_file():
        wal = folder.parent / "wal"
        return LocalTarget(
            folder.parent, wal if wal.is_dir() else settings.effective_wal_archive_dir
        ), folder.name
    raise BackupError(
        f"--from {source}: not 'latest', a backup id (like 20250131T031500Z), a backup "
        "folder with a manifest.json, or s3://bucket/prefix/<id>"
    )
