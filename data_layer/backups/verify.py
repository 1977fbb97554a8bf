"""Checks of a backup's files against its manifest, and of its base backup with
PostgreSQL's own ``pg_verifybackup``."""

from __future__ import annotations

import asyncio
from pathlib import Path

from config.settings import Settings
from data_layer.backups.errors import BackupError
from data_layer.backups.manifest import FileEntry, sha256_file
from data_layer.backups.pgtools import pg_binary, run_tool

__all__ = ["check_files", "verify_base_backup"]


def _check(folder: Path, entries: list[FileEntry]) -> list[str]:
    problems = []
    for entry in entries:
        path = folder / entry.path
        if not path.is_file():
            problems.append(f"file {entry.path} is missing")
            continue
        size = path.stat().st_size
        if size != entry.size:
            problems.append(f"file {entry.path} has {size} bytes, the manifest says {entry.size}")
        elif sha256_file(path) != entry.sha256:
            problems.append(f"file {entry.path} is corrupt: its SHA-256 differs from the manifest")
    return problems


async def check_files(folder: Path, entries: list[FileEntry]) -> list[str]:
    """One line per file that is missing or differs from its manifest entry."""
    return await asyncio.to_thread(_check, folder, entries)


async def verify_base_backup(settings: Settings, folder: Path) -> list[str]:
    """``pg_verifybackup`` of a tar-format base backup (every file against PostgreSQL's
    own backup_manifest); WAL is checked by replaying it, in a point-in-time restore."""
    try:
        await run_tool(
            pg_binary(settings, "pg_verifybackup"),
            ["--format=tar", "--no-parse-wal", "--quiet", str(folder)],
            what="pg_verifybackup",
        )
    except BackupError as exc:
        return [str(exc)]
    return []
