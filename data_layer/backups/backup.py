"""``python -m assistant backup``: one consistent full backup, then retention.

PostgreSQL: ``pg_dump --format=custom`` in one exported snapshot, with every table's
rows and content digest of that snapshot; and, when the server archives WAL, a
``pg_basebackup`` for point-in-time recovery. MongoDB: every collection with its indexes
in mongodump's layout. A manifest with sizes, SHA-256 checksums, counts, digests and the
Alembic revision is written last (``data_layer.backups.manifest``). One backup at a time
per database (an advisory lock); each run is recorded (``data_layer.backups.runs``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.metadata import version

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from config.settings import Settings
from data_layer.backups.basebackup import base_backup_wanted, take_base_backup
from data_layer.backups.errors import BackupError
from data_layer.backups.manifest import (
    MANIFEST_NAME,
    Manifest,
    PostgresPart,
    backup_time,
    encode_manifest,
    file_entry,
    new_backup_id,
)
from data_layer.backups.mongo import dump_mongo
from data_layer.backups.pgtools import PgConn, pg_binary, pg_conn, run_tool
from data_layer.backups.postgres import dump_database
from data_layer.backups.runs import record_run
from data_layer.backups.targets import BackupTarget, backup_target

log = logging.getLogger(__name__)

__all__ = ["BackupReport", "Progress", "mongo_client", "prune", "run_backup"]

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as each step starts (the CLI's bar)."""

_LOCK_KEY = 0x4553_4142_4B55_5000  # 'ESABKUP', any constant no other lock of ours uses


@dataclass
class BackupReport:
    manifest: Manifest
    location: str
    seconds: float
    base_backup_note: str
    wal_uploaded: int = 0
    pruned: list[str] = field(default_factory=list)
    wal_pruned: int = 0


def mongo_client(settings: Settings) -> AsyncMongoClient:
    return AsyncMongoClient(
        settings.effective_mongodb_url, tz_aware=True, serverSelectionTimeoutMS=15000
    )


def _nothing(step: str, done: int, total: int) -> None:
    return None


@asynccontextmanager
async def _one_at_a_time(conn: PgConn) -> AsyncIterator[None]:
    db = await conn.connect()
    try:
        if not await db.fetchval("SELECT pg_try_advisory_lock($1)", _LOCK_KEY):
            raise BackupError(f"another backup of {conn.where} is running; try again later")
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                await db.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
    finally:
        await db.close()


async def _tool_versions(settings: Settings) -> dict[str, str]:
    versions = {"pymongo": version("pymongo")}
    with contextlib.suppress(BackupError, OSError):
        out = await run_tool(pg_binary(settings, "pg_dump"), ["--version"])
        versions["pg_dump"] = out.strip()
    return versions


async def run_backup(settings: Settings, *, progress: Progress | None = None) -> BackupReport:
    """Make one full backup into the configured target and apply retention."""
    step = progress or _nothing
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    target = backup_target(settings)
    conn = pg_conn(settings.effective_database_url)
    backup_id = new_backup_id(started)
    client = mongo_client(settings)
    try:
        try:
            report = await _backup(settings, target, conn, client, backup_id, started, step)
        except BackupError as exc:
            log.error(
                "backup failed",
                extra={"backup_id": backup_id, "location": target.name, "reason": str(exc)},
            )
            await _record(
                client, settings, "backup", backup_id, started, False, [str(exc)], target.name
            )
            raise
        report.seconds = time.perf_counter() - clock
        summary = {
            "tables": len(report.manifest.postgres.tables),
            "rows": report.manifest.rows,
            "collections": len(report.manifest.mongo.collections) if report.manifest.mongo else 0,
            "documents": report.manifest.documents,
            "bytes": report.manifest.size,
            "base_backup": report.manifest.base_backup is not None,
            "seconds": round(report.seconds, 2),
        }
        await _record(
            client, settings, "backup", report.manifest.id, started, True, [], target.name, summary
        )
        return report
    finally:
        await client.close()


async def _record(
    client: AsyncMongoClient,
    settings: Settings,
    kind: str,
    backup_id: str | None,
    started: dt.datetime,
    ok: bool,
    problems: list[str],
    location: str,
    summary: dict | None = None,
) -> None:
    try:
        await record_run(
            client[settings.mongodb_db],
            kind,  # type: ignore[arg-type]
            backup_id=backup_id,
            ok=ok,
            started_at=started,
            problems=problems,
            location=location,
            summary=summary,
        )
    except PyMongoError as exc:
        # The run's outcome is in the log line and (for drills) the report file.
        log.warning("could not record the %s run: %s", kind, type(exc).__name__)


async def _backup(
    settings: Settings,
    target: BackupTarget,
    conn: PgConn,
    client: AsyncMongoClient,
    backup_id: str,
    started: dt.datetime,
    step: Progress,
) -> BackupReport:
    async with _one_at_a_time(conn):
        # Ids are UTC seconds: a second backup within the same second takes the next one.
        taken = set(await target.list_ids())
        while backup_id in taken:
            started += dt.timedelta(seconds=1)
            backup_id = new_backup_id(started)
        with_base, base_note = await base_backup_wanted(settings, conn)
        total = 6 + int(with_base)
        done = 0

        def advance(name: str) -> None:
            nonlocal done
            step(name, done, total)
            done += 1

        async with target.staging(backup_id) as folder:
            advance("PostgreSQL: pg_dump")
            dump_path = folder / "postgres" / f"{conn.database}.dump"
            dump_path.parent.mkdir(parents=True)
            tables, revision, server_version = await dump_database(settings, conn, dump_path)
            postgres = PostgresPart(
                database=conn.database,
                dump=await asyncio.to_thread(file_entry, folder, dump_path),
                server_version=server_version,
                schema_revision=revision,
                tables=tables,
            )
            base = None
            if with_base:
                advance("PostgreSQL: pg_basebackup")
                base = await take_base_backup(
                    settings, conn, folder, folder / "postgres" / "base", f"esa {backup_id}"
                )
            advance("MongoDB: collections and indexes")
            mongo = await dump_mongo(
                client, settings.mongodb_db, folder, folder / "mongo" / settings.mongodb_db
            )
            advance("manifest")
            manifest = Manifest(
                id=backup_id,
                created_at=started,
                finished_at=dt.datetime.now(dt.UTC),
                postgres=postgres,
                mongo=mongo,
                base_backup=base,
                tools=await _tool_versions(settings),
            )
            (folder / MANIFEST_NAME).write_bytes(encode_manifest(manifest))
            advance(f"storing in {target.name}")
            await target.publish(backup_id, folder)
        advance("WAL archive")
        uploaded = await target.push_wal()
        advance("retention")
        pruned, wal_pruned = await prune(settings, target, keep=backup_id)
        step("done", total, total)
    return BackupReport(
        manifest=manifest,
        location=f"{target.name}/{backup_id}",
        seconds=0.0,
        base_backup_note=base_note,
        wal_uploaded=uploaded,
        pruned=pruned,
        wal_pruned=wal_pruned,
    )


async def prune(
    settings: Settings, target: BackupTarget, *, keep: str | None = None
) -> tuple[list[str], int]:
    """Delete backups past retention (older than BACKUP_RETENTION_DAYS, except the newest
    BACKUP_KEEP_LAST), backups left incomplete, and archived WAL older than the oldest kept
    base backup needs. The ids deleted and the number of WAL files deleted."""
    ids = await target.list_ids()
    newest = set(ids[-settings.backup_keep_last :])
    removed: list[str] = []
    if settings.backup_retention_days > 0:
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.backup_retention_days)
        removed = [i for i in ids if i not in newest and i != keep and backup_time(i) < cutoff]
    for backup_id in removed:
        await target.delete(backup_id)
    incomplete = await target.delete_incomplete(keep=keep)
    if incomplete:
        log.info("removed incomplete backups: %s", ", ".join(incomplete))
    kept = [i for i in ids if i not in removed]
    if not kept:
        return removed, 0
    oldest_start: str | None = None
    for backup_id in kept:
        base = (await target.read_manifest(backup_id)).base_backup
        if base is not None:
            oldest_start = base.start_wal
            break
    wal = await target.wal_segments()
    if oldest_start is not None:
        old = [n for n in wal if not n.endswith(".history") and n[8:24] < oldest_start[8:24]]
    else:
        # No kept backup can replay WAL: what was archived before the oldest one serves
        # nothing (later segments may still serve a base backup taken next).
        first = backup_time(kept[0])
        old = [n for n, at in wal.items() if not n.endswith(".history") and at < first]
    if old:
        await target.delete_wal(sorted(old))
    return removed, len(old)
