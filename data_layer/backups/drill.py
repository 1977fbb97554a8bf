"""``python -m assistant backup drill``: prove the latest backup restores.

The drill restores the backup into scratch databases (``<db>_drill_<time>``, dropped
afterwards) and compares with the manifest: every file's size and SHA-256, every
table's rows and content digest, the Alembic revision, every collection's documents,
digest and index names; a base backup is checked by ``pg_verifybackup``. The result is
recorded (``backup_runs`` in MongoDB, read by ``/health``; a JSON report in the backup
location's ``drills/``), and a failure is logged at ERROR with the backup and the
problems, for alerting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

import msgspec
from pymongo.errors import PyMongoError

from config.settings import Settings
from data_layer.backups.backup import Progress, _record, mongo_client
from data_layer.backups.errors import BackupError
from data_layer.backups.manifest import Manifest
from data_layer.backups.mongo import collection_digest, index_names, restore_mongo
from data_layer.backups.pgtools import pg_conn
from data_layer.backups.postgres import drop_database, restore_dump, restored_digests
from data_layer.backups.targets import target_for_source
from data_layer.backups.verify import check_files, verify_base_backup

log = logging.getLogger(__name__)

__all__ = ["DrillReport", "compare_postgres", "run_drill"]


@dataclass
class DrillReport:
    backup_id: str | None
    ok: bool
    problems: list[str]
    started_at: dt.datetime
    seconds: float = 0.0
    checked: dict[str, int] = field(default_factory=dict)
    """files, tables, rows, collections, documents: how much was compared."""
    report_path: str | None = None


def compare_postgres(manifest: Manifest, tables: dict, revision: str | None) -> list[str]:
    problems = []
    for name, expected in manifest.postgres.tables.items():
        got = tables.get(name)
        if got is None:
            problems.append(f"table {name} is missing from the restored database")
        elif got.rows != expected.rows:
            problems.append(
                f"table {name}: {got.rows} rows restored, the manifest has {expected.rows}"
            )
        elif got.digest != expected.digest:
            problems.append(f"table {name}: its content differs from the manifest's digest")
    for name in sorted(set(tables) - set(manifest.postgres.tables)):
        problems.append(f"table {name} was restored but is not in the manifest")
    if revision != manifest.postgres.schema_revision:
        problems.append(
            f"schema revision {revision} restored, the manifest has "
            f"{manifest.postgres.schema_revision}"
        )
    return problems


async def run_drill(
    settings: Settings, source: str = "latest", *, progress: Progress | None = None
) -> DrillReport:
    """Restore ``source`` into scratch databases, compare, record; never raises for a bad
    backup (that is the drill's finding), only for a drill that cannot run at all."""
    step = progress or (lambda name, done, total: None)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    report = DrillReport(None, False, [], started)
    client = mongo_client(settings)
    location = "(unknown)"
    try:
        try:
            target, wanted = target_for_source(settings, source)
            location = target.name
            if wanted == "latest":
                ids = await target.list_ids()
                if not ids:
                    raise BackupError(f"no backups in {target.name}")
                wanted = ids[-1]
            report.backup_id = wanted
            manifest = await target.read_manifest(wanted)
            await _drill(settings, target, manifest, client, report, step)
        except BackupError as exc:
            report.problems.append(str(exc))
        report.ok = not report.problems
        report.seconds = time.perf_counter() - clock
        await _keep(settings, client, report, location)
    finally:
        await client.close()
    return report


async def _drill(settings, target, manifest: Manifest, client, report: DrillReport, step) -> None:  # type: ignore[no-untyped-def]
    live = pg_conn(settings.effective_database_url)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    scratch_pg = f"{live.database}_drill_{stamp}"
    scratch_mongo = f"{settings.mongodb_db}_drill_{stamp}"
    total = 4
    files = manifest.files()
    step(f"fetching backup {manifest.id}", 0, total)
    async with target.local_files(manifest.id, files) as folder:
        step("checking files against the manifest", 1, total)
        report.problems += await check_files(folder, files)
        report.checked["files"] = len(files)
        if manifest.base_backup is not None:
            base_folder = folder / manifest.base_backup.files[0].path.rsplit("/", 1)[0]
            report.problems += await verify_base_backup(settings, base_folder)
        step(f"PostgreSQL: restoring into {scratch_pg}", 2, total)
        try:
            await restore_dump(settings, live, folder / manifest.postgres.dump.path, scratch_pg)
            tables, revision = await restored_digests(live, scratch_pg)
            report.problems += compare_postgres(manifest, tables, revision)
            report.checked["tables"] = len(tables)
            report.checked["rows"] = sum(t.rows for t in tables.values())
        except BackupError as exc:
            report.problems.append(f"PostgreSQL restore failed: {exc}")
        finally:
            with contextlib.suppress(BackupError):
                await drop_database(live, scratch_pg)
        step(f"MongoDB: restoring into {scratch_mongo}", 3, total)
        if manifest.mongo is not None:
            try:
                await restore_mongo(
                    client,
                    folder / "mongo" / manifest.mongo.database,
                    manifest.mongo,
                    scratch_mongo,
                )
                documents = 0
                for name, part in manifest.mongo.collections.items():
                    collection = client[scratch_mongo][name]
                    count, digest = await collection_digest(collection)
                    documents += count
                    if count != part.documents:
                        report.problems.append(
                            f"collection {name}: {count} documents restored, the manifest has "
                            f"{part.documents}"
                        )
                    elif digest != part.digest:
                        report.problems.append(
                            f"collection {name}: its content differs from the manifest's digest"
                        )
                    if await index_names(collection) != part.indexes:
                        report.problems.append(
                            f"collection {name}: its indexes differ from the manifest's"
                        )
                report.checked["collections"] = len(manifest.mongo.collections)
                report.checked["documents"] = documents
            except (BackupError, PyMongoError) as exc:
                report.problems.append(f"MongoDB restore failed: {exc}")
            finally:
                with contextlib.suppress(PyMongoError):
                    await client.drop_database(scratch_mongo)
    step("done", total, total)


async def _keep(settings: Settings, client, report: DrillReport, location: str) -> None:  # type: ignore[no-untyped-def]
    """Record the outcome everywhere it is looked for, and alert on failure."""
    document = {
        "backup_id": report.backup_id,
        "ok": report.ok,
        "problems": report.problems,
        "started_at": report.started_at,
        "seconds": round(report.seconds, 2),
        "checked": report.checked,
    }
    if report.backup_id is not None or report.problems:
        with contextlib.suppress(BackupError, OSError):
            target, _ = target_for_source(settings, "latest")
            name = f"{report.started_at:%Y%m%dT%H%M%SZ}-{report.backup_id or 'none'}.json"
            report.report_path = await target.write_report(
                name, msgspec.json.format(msgspec.json.encode(document), indent=2)
            )
    await _record(
        client,
        settings,
        "drill",
        report.backup_id,
        report.started_at,
        report.ok,
        report.problems,
        location,
        {**report.checked, "seconds": round(report.seconds, 2)},
    )
    if not report.ok:
        log.error(
            "backup drill failed: backup %s in %s: %s",
            report.backup_id,
            location,
            "; ".join(report.problems[:5]),
            extra={"backup_id": report.backup_id, "problems": report.problems[:20]},
        )
    else:
        log.info("backup drill passed: backup %s (%s)", report.backup_id, report.checked)
