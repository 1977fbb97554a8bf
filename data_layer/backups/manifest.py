"""The manifest of one backup (``manifest.json``): what it holds and how to check it.

Written last, so a backup folder without one is incomplete. Every file carries its size
and SHA-256; every table and collection its row/document count and a content digest
taken in the same snapshot as the dump, which the recovery drill recomputes on the
restored copy (``data_layer.backups.digests``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import msgspec

__all__ = [
    "BACKUP_ID",
    "BaseBackupPart",
    "CollectionPart",
    "FileEntry",
    "Manifest",
    "MongoPart",
    "PostgresPart",
    "TableCount",
    "decode_manifest",
    "encode_manifest",
    "file_entry",
    "new_backup_id",
    "sha256_file",
]

FORMAT = 1
MANIFEST_NAME = "manifest.json"
BACKUP_ID = re.compile(r"^\d{8}T\d{6}Z$")
"""A backup's id is its UTC start time, e.g. 20250131T031500Z: sortable, a folder name."""


class FileEntry(msgspec.Struct, frozen=True):
    path: str
    """Relative to the backup's folder (or key prefix), '/'-separated."""
    size: int
    sha256: str


class TableCount(msgspec.Struct, frozen=True):
    rows: int
    digest: str
    """Sum of the first 64 bits of each row's md5, as text: independent of row order."""


class PostgresPart(msgspec.Struct, frozen=True):
    database: str
    dump: FileEntry
    """``pg_dump --format=custom`` of the database (``pg_restore`` reads it)."""
    server_version: str
    schema_revision: str | None
    """The Alembic revision the database was at."""
    tables: dict[str, TableCount]
    """``schema.table`` -> rows and digest, in the dump's own snapshot."""


class BaseBackupPart(msgspec.Struct, frozen=True):
    """``pg_basebackup --format=tar --gzip`` of the whole server: the starting point that
    point-in-time recovery replays archived WAL over."""

    files: list[FileEntry]
    timeline: int
    start_lsn: str
    end_lsn: str
    start_wal: str
    """The first WAL segment recovery needs; older archived segments serve no kept backup."""
    wal_segment_size: int
    finished_at: dt.datetime
    """Recovery to any time after this (and covered by archived WAL) is possible."""


class CollectionPart(msgspec.Struct, frozen=True):
    documents: int
    digest: str
    """Sum of the first 64 bits of each document's BSON SHA-256, as text."""
    indexes: list[str]
    data: FileEntry
    """``<collection>.bson``: the documents, as mongodump writes them."""
    metadata: FileEntry
    """``<collection>.metadata.json``: options and indexes (canonical Extended JSON)."""


class MongoPart(msgspec.Struct, frozen=True):
    database: str
    collections: dict[str, CollectionPart]


class Manifest(msgspec.Struct, frozen=True):
    id: str
    created_at: dt.datetime
    finished_at: dt.datetime
    postgres: PostgresPart
    mongo: MongoPart | None
    base_backup: BaseBackupPart | None
    tools: dict[str, str] = {}
    """Versions of the programs that wrote the backup (pg_dump, pymongo)."""
    format: int = FORMAT
    app: str = "excel-staffing-assistant"

    def files(self) -> list[FileEntry]:
        entries = [self.postgres.dump]
        if self.mongo is not None:
            for part in self.mongo.collections.values():
                entries += [part.data, part.metadata]
        if self.base_backup is not None:
            entries += self.base_backup.files
        return entries

    @property
    def size(self) -> int:
        return sum(entry.size for entry in self.files())

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.postgres.tables.values())

    @property
    def documents(self) -> int:
        if self.mongo is None:
            return 0
        return sum(part.documents for part in self.mongo.collections.values())


def new_backup_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_time(backup_id: str) -> dt.datetime:
    return dt.datetime.strptime(backup_id, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def encode_manifest(manifest: Manifest) -> bytes:
    return msgspec.json.format(msgspec.json.encode(manifest), indent=2) + b"\n"


def decode_manifest(data: bytes) -> Manifest:
    return msgspec.json.decode(data, type=Manifest)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def file_entry(root: Path, path: Path) -> FileEntry:
    """The entry of a file written under ``root`` (blocking: call in a thread)."""
    return FileEntry(path.relative_to(root).as_posix(), path.stat().st_size, sha256_file(path))
