"""``python -m assistant restore --from BACKUP [--to-time T]``: a backup into NEW databases.

PostgreSQL goes into a new database on the configured server (``<db>_restored_<time>``
unless named), MongoDB into a new database on the configured MongoDB; an existing name is
refused. Every file used is checked against the manifest first. With ``to_time`` the
PostgreSQL data is the server's state at that moment: the newest base backup finished
before it, replayed with the archived WAL in a scratch server (``data_layer.backups.pitr``);
MongoDB, which has no WAL of ours, comes from that same backup.

``over_live`` (the CLI asks for it twice) replaces the live data: a fresh backup of the
live state is made first; the restore goes into new databases and is checked; then the
live PostgreSQL database is renamed aside (``<db>_before_restore_<time>``) and the
restored one takes its name, and the live MongoDB collections are replaced.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pymongo import AsyncMongoClient

from config.settings import Settings
from data_layer.backups.backup import Progress, mongo_client, run_backup
from data_layer.backups.errors import BackupError, RestoreRefused
from data_layer.backups.manifest import FileEntry, Manifest
from data_layer.backups.mongo import collection_digest, database_has_data, restore_mongo
from data_layer.backups.pgtools import pg_conn
from data_layer.backups.pitr import finish_current_wal, recovered_dump, remove_work
from data_layer.backups.postgres import (
    database_exists,
    restore_dump,
    restored_digests,
    swap_databases,
)
from data_layer.backups.targets import BackupTarget, target_for_source
from data_layer.backups.verify import check_files

log = logging.getLogger(__name__)

__all__ = ["RestoreReport", "choose_backup", "run_restore"]


@dataclass
class RestoreReport:
    backup_id: str
    database: str
    mongo_database: str | None
    tables: dict[str, int]
    collections: dict[str, int]
    schema_revision: str | None
    to_time: dt.datetime | None = None
    recovery: str | None = None
    """Where point-in-time recovery stopped (PostgreSQL's own words)."""
    previous_database: str | None = None
    safety_backup: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def documents(self) -> int:
        return sum(self.collections.values())


async def choose_backup(target: BackupTarget, wanted: str, to_time: dt.datetime | None) -> Manifest:
    """The manifest ``wanted`` names (``latest``: the newest; with ``to_time``: the newest
    whose base backup finished before that moment)."""
    if wanted != "latest":
        manifest = await target.read_manifest(wanted)
        if to_time is not None:
            base = manifest.base_backup
            if base is None:
                raise BackupError(
                    f"backup {wanted} has no base backup, so no point-in-time restore from it"
                )
            if base.finished_at > to_time:
                raise BackupError(
                    f"backup {wanted} finished at {base.finished_at:%Y-%m-%d %H:%M:%S} UTC, "
                    "after --to-time; pick an earlier backup or a later time"
                )
        return manifest
    ids = await target.list_ids()
    if not ids:
        raise BackupError(f"no backups in {target.name}")
    if to_time is None:
        return await target.read_manifest(ids[-1])
    earliest: dt.datetime | None = None
    for backup_id in reversed(ids):
        manifest = await target.read_manifest(backup_id)
        base = manifest.base_backup
        if base is None:
            continue
        if base.finished_at <= to_time:
            return manifest
        earliest = base.finished_at
    if earliest is None:
        raise BackupError(
            f"no backup in {target.name} has a base backup: point-in-time restore needs one "
            "(BACKUP_BASE_BACKUP, and a server that archives WAL)"
        )
    raise BackupError(
        f"--to-time is before the oldest base backup; the earliest moment is "
        f"{earliest:%Y-%m-%d %H:%M:%S} UTC"
    )


def _files(manifest: Manifest, with_base: bool) -> list[FileEntry]:
    files = [manifest.postgres.dump]
    if manifest.mongo is not None:
        for part in manifest.mongo.collections.values():
            files += [part.data, part.metadata]
    if with_base and manifest.base_backup is not None:
        files += manifest.base_backup.files
    return files


async def run_restore(
    settings: Settings,
    source: str,
    *,
    to_time: dt.datetime | None = None,
    into: str | None = None,
    mongo_into: str | None = None,
    over_live: bool = False,
    progress: Progress | None = None,
) -> RestoreReport:
    step = progress or (lambda name, done, total: None)
    now = dt.datetime.now(dt.UTC)
    if to_time is not None:
        to_time = to_time if to_time.tzinfo else to_time.replace(tzinfo=dt.UTC)
        if to_time > now:
            raise BackupError("--to-time is in the future")
    live = pg_conn(settings.effective_database_url)
    stamp = now.strftime("%Y%m%d%H%M%S")
    if over_live:
        database = f"{live.database}_restoring_{stamp}"
        mongo_database = f"{settings.mongodb_db}_restoring_{stamp}"
    else:
        database = into or f"{live.database}_restored_{stamp}"
        mongo_database = mongo_into or f"{settings.mongodb_db}_restored_{stamp}"
        if database == live.database:
            raise RestoreRefused(
                f"{database} is the live database; a restore goes into a new one "
                "(replacing the live data needs --over-live --yes-really)"
            )
        if mongo_database == settings.mongodb_db:
            raise RestoreRefused(
                f"{mongo_database} is the live MongoDB database; a restore goes into a new one "
                "(replacing the live data needs --over-live --yes-really)"
            )
    target, wanted = target_for_source(settings, source)
    manifest = await choose_backup(target, wanted, to_time)
    client = mongo_client(settings)
    try:
        # Refused before anything is read or written.
        if await database_exists(live, database):
            raise RestoreRefused(
                f"database {database} already exists on {live.host}:{live.port}; a restore only "
                "goes into a new database (choose another name; nothing was changed)"
            )
        if manifest.mongo is not None and await database_has_data(client, mongo_database):
            raise RestoreRefused(
                f"MongoDB database {mongo_database} already has collections; a restore only "
                "goes into a new database (choose another name; nothing was changed)"
            )
        safety = None
        if over_live:
            step("backup of the live data first", 0, 1)
            safety = (await run_backup(settings)).manifest.id
        report = await _restore(
            settings, target, manifest, client, database, mongo_database, to_time, step
        )
        report.safety_backup = safety
        if over_live:
            await _replace_live(settings, client, report, manifest, target, stamp)
        return report
    finally:
        await client.close()


async def _restore(
    settings: Settings,
    target: BackupTarget,
    manifest: Manifest,
    client: AsyncMongoClient,
    database: str,
    mongo_database: str,
    to_time: dt.datetime | None,
    step: Progress,
) -> RestoreReport:
    live = pg_conn(settings.effective_database_url)
    total = 4 + (2 if to_time else 0)
    done = 0

    def advance(name: str) -> None:
        nonlocal done
        step(name, done, total)
        done += 1

    advance(f"fetching backup {manifest.id}")
    files = _files(manifest, with_base=to_time is not None)
    async with target.local_files(manifest.id, files) as folder:
        advance("checking files against the manifest")
        problems = await check_files(folder, files)
        if problems:
            raise BackupError(f"backup {manifest.id}: {problems[0]}; nothing was restored")
        recovery = None
        work: Path | None = None
        try:
            if to_time is not None and manifest.base_backup is not None:
                advance("asking the live server to archive its current WAL")
                archived = await finish_current_wal(live, settings.backup_wal_wait_s)
                if archived:
                    log.info("before recovery: %s", archived)
                advance(f"replaying WAL to {to_time:%Y-%m-%d %H:%M:%S} UTC")
                work = Path(tempfile.mkdtemp(prefix="esa-pitr-"))
                dump, recovery = await recovered_dump(
                    settings,
                    target,
                    manifest.id,
                    manifest.base_backup,
                    folder / Path(manifest.base_backup.files[0].path).parent,
                    manifest.postgres.database,
                    live.user,
                    to_time,
                    work,
                )
            else:
                dump = folder / manifest.postgres.dump.path
            advance(f"PostgreSQL: pg_restore into {database}")
            await restore_dump(settings, live, dump, database)
        finally:
            if work is not None:
                await asyncio.to_thread(remove_work, work)
        tables, revision = await restored_digests(live, database)
        report = RestoreReport(
            backup_id=manifest.id,
            database=database,
            mongo_database=None,
            tables={name: table.rows for name, table in tables.items()},
            collections={},
            schema_revision=revision,
            to_time=to_time,
            recovery=recovery,
        )
        if to_time is None:
            for name, expected in manifest.postgres.tables.items():
                got = tables.get(name)
                if got is None or got.rows != expected.rows:
                    rows = "missing" if got is None else f"{got.rows} rows"
                    report.problems.append(
                        f"table {name}: {rows}, the manifest has {expected.rows}"
                    )
        advance(f"MongoDB: into {mongo_database}")
        if manifest.mongo is not None:
            mongo_folder = folder / "mongo" / manifest.mongo.database
            await restore_mongo(client, mongo_folder, manifest.mongo, mongo_database)
            report.mongo_database = mongo_database
            for name, part in manifest.mongo.collections.items():
                count, _ = await collection_digest(client[mongo_database][name])
                report.collections[name] = count
                if count != part.documents:
                    report.problems.append(
                        f"collection {name}: {count} documents, the manifest has {part.documents}"
                    )
    step("done", total, total)
    return report


async def _replace_live(
    settings: Settings,
    client: AsyncMongoClient,
    report: RestoreReport,
    manifest: Manifest,
    target: BackupTarget,
    stamp: str,
) -> None:
    if report.problems:
        raise BackupError(
            f"the restored copy differs from backup {manifest.id} ({report.problems[0]}); "
            f"the live data was not replaced (the copy is in {report.database})"
        )
    live = pg_conn(settings.effective_database_url)
    previous = f"{live.database}_before_restore_{stamp}"
    await swap_databases(live, live.database, report.database, previous)
    report.previous_database = previous
    report.database = live.database
    log.warning(
        "live PostgreSQL database replaced by backup %s; the previous one is %s",
        manifest.id,
        previous,
    )
    if manifest.mongo is None or report.mongo_database is None:
        return
    # MongoDB cannot rename a database: the live collections are dropped and restored
    # from the (already checked) dump; the safety backup holds what they were.
    live_db = client[settings.mongodb_db]
    for name in await live_db.list_collection_names():
        if not name.startswith("system."):
            await live_db.drop_collection(name)
    files = _files(manifest, with_base=False)
    async with target.local_files(manifest.id, files) as folder:
        await restore_mongo(
            client, folder / "mongo" / manifest.mongo.database, manifest.mongo, settings.mongodb_db
        )
    await client.drop_database(report.mongo_database)
    report.mongo_database = settings.mongodb_db
