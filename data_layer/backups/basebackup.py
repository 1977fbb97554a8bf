"""The base backup of point-in-time recovery: ``pg_basebackup`` of the whole server.

Archived WAL replayed over it reaches any moment after it finished. It is taken with
each backup when the server archives WAL (``BACKUP_BASE_BACKUP=auto``): managed
PostgreSQL (RDS, Cloud SQL) accepts no replication connection from us and does its own
point-in-time recovery, so there the backup holds the logical dump only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

from config.settings import Settings
from data_layer.backups.errors import BackupError
from data_layer.backups.manifest import BaseBackupPart, file_entry
from data_layer.backups.pgtools import PgConn, pg_binary, run_tool

__all__ = ["base_backup_wanted", "parse_lsn", "take_base_backup", "wal_file_name"]


def parse_lsn(text: str) -> int:
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) | int(low, 16)


def wal_file_name(timeline: int, lsn: int, segment_size: int) -> str:
    """The name of the WAL segment holding ``lsn`` (PostgreSQL's XLogFileName)."""
    per_id = 0x1_0000_0000 // segment_size
    segment = lsn // segment_size
    return f"{timeline:08X}{segment // per_id:08X}{segment % per_id:08X}"


async def base_backup_wanted(settings: Settings, conn: PgConn) -> tuple[bool, str]:
    """Whether this backup takes a base backup, and why (or why not)."""
    mode = settings.backup_base_backup
    if mode == "never":
        return False, "BACKUP_BASE_BACKUP=never"
    db = await conn.connect()
    try:
        archiving = await db.fetchval("SHOW archive_mode")
        may_replicate = await db.fetchval(
            "SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user"
        )
    finally:
        await db.close()
    if mode == "always":
        return True, "BACKUP_BASE_BACKUP=always"
    if archiving not in ("on", "always"):
        return False, "the server does not archive WAL (archive_mode=off)"
    if not may_replicate:
        return False, "the database user may not make replication connections"
    if not settings.effective_wal_archive_dir.is_dir():
        return False, f"no WAL archive folder at {settings.effective_wal_archive_dir}"
    return True, "the server archives WAL"


async def take_base_backup(
    settings: Settings, conn: PgConn, root: Path, folder: Path, label: str
) -> BaseBackupPart:
    """``pg_basebackup --format=tar --gzip`` into ``folder`` (paths relative to ``root``)."""
    db = await conn.connect()
    try:
        segment_size = int(
            await db.fetchval("SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'")
        )
    finally:
        await db.close()
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    await run_tool(
        pg_binary(settings, "pg_basebackup"),
        [
            f"--pgdata={folder}",
            "--format=tar",
            "--gzip",
            "--wal-method=stream",
            "--checkpoint=fast",
            "--no-password",
            f"--label={label}",
        ],
        env=conn.env(),
        what="pg_basebackup",
    )
    finished = dt.datetime.now(dt.UTC)
    try:
        manifest = json.loads(await asyncio.to_thread((folder / "backup_manifest").read_text))
        wal_range = manifest["WAL-Ranges"][0]
        timeline = int(wal_range["Timeline"])
        start, end = str(wal_range["Start-LSN"]), str(wal_range["End-LSN"])
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise BackupError(f"pg_basebackup wrote no readable backup_manifest: {exc}") from None

    def entries() -> list:
        return [file_entry(root, path) for path in sorted(folder.iterdir()) if path.is_file()]

    files = await asyncio.to_thread(entries)
    return BaseBackupPart(
        files=files,
        timeline=timeline,
        start_lsn=start,
        end_lsn=end,
        start_wal=wal_file_name(timeline, parse_lsn(start), segment_size),
        wal_segment_size=segment_size,
        finished_at=finished,
    )
