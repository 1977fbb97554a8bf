"""`python -m assistant backup` / `restore` / `backup drill` against the session's real
PostgreSQL and MongoDB: the manifest tells the truth, a restore goes only into new
databases, a damaged backup fails its drill loudly, MongoDB collections and indexes come
back as they were, retention keeps what it should, /health shows a failed drill, and
the Celery tasks and their beat entries. One backup is shared by the module (``source``).
(Point-in-time recovery: test_backup_pitr.py; the S3 target: test_backup_s3.py; the
command line: test_backup_cli.py.)
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from bson import json_util
from bson.codec_options import CodecOptions
from bson.raw_bson import RawBSONDocument
from celery.schedules import crontab
from litestar.testing import AsyncTestClient
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from assistant.app import create_app
from config.settings import Settings, get_settings
from data_layer.backups import (
    BackupReport,
    RestoreRefused,
    backups_health,
    prune,
    run_backup,
    run_drill,
    run_restore,
)
from data_layer.backups.manifest import backup_time, new_backup_id, sha256_file
from data_layer.backups.targets import LocalTarget
from data_layer.db.migrations import MIGRATIONS_DIR
from tests.conftest import _drop_database, database_copy
from tests.integration.backup_helpers import backup_settings, fill, plain

RAW = CodecOptions(document_class=RawBSONDocument)
OPS_TOKEN = "backup-test-ops-token"


@dataclass
class Source:
    settings: Settings
    backup: BackupReport
    folder: Path


@pytest.fixture(scope="module")
async def source(
    admin_pg_url: str,
    migrated_template: str,
    stack_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Source]:
    """A migrated database and a Mongo database with data, and one backup of them."""
    folder = tmp_path_factory.mktemp("backup")
    async with database_copy(admin_pg_url, migrated_template) as url:
        settings = backup_settings(stack_settings, url, folder)
        await fill(settings)
        report = await run_backup(settings)
        client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url)
        try:
            yield Source(settings, report, folder / "backups" / report.manifest.id)
        finally:
            await client.drop_database(settings.mongodb_db)
            for name in await client.list_database_names():
                if name.startswith(f"{settings.mongodb_db}_"):
                    await client.drop_database(name)
            await client.close()


@pytest.fixture
async def cleanup(admin_pg_url: str, stack_settings: Settings) -> AsyncIterator[list[str]]:
    """Names of databases (PostgreSQL and MongoDB) a test restored into: dropped after it."""
    names: list[str] = []
    yield names
    client: AsyncMongoClient = AsyncMongoClient(stack_settings.effective_mongodb_url)
    try:
        for name in names:
            await _drop_database(admin_pg_url, name)
            await client.drop_database(name)
    finally:
        await client.close()


def _head_revision() -> str:
    revisions = []
    for path in MIGRATIONS_DIR.glob("versions/*.py"):
        for line in path.read_text().splitlines():
            if line.startswith("revision"):
                revisions.append(line.split("=")[-1].strip().strip("\"'"))
    return max(revisions)


async def test_manifest_holds_sizes_checksums_counts_and_schema_revision(source: Source) -> None:
    manifest = source.backup.manifest
    assert (source.folder / "manifest.json").is_file()
    for entry in manifest.files():
        path = source.folder / entry.path
        assert path.stat().st_size == entry.size
        assert sha256_file(path) == entry.sha256
    # Counts are those of the database itself (nothing wrote since the backup).
    conn = await asyncpg.connect(plain(source.settings.effective_database_url))
    try:
        for table in ("public.jobs", "public.candidates", "public.specialties"):
            expected = await conn.fetchval(f"SELECT count(*) FROM {table}")
            assert manifest.postgres.tables[table].rows == expected > 0
        assert manifest.postgres.schema_revision == await conn.fetchval(
            "SELECT version_num FROM alembic_version"
        )
    finally:
        await conn.close()
    assert manifest.postgres.schema_revision == _head_revision()
    assert manifest.postgres.dump.path == f"postgres/{manifest.postgres.database}.dump"
    assert manifest.postgres.dump.size > 10_000
    # MongoDB in mongodump's layout: <db>/<collection>.bson + .metadata.json.
    assert manifest.mongo is not None
    assert manifest.mongo.collections["chat_conversations"].documents == 25
    assert manifest.mongo.collections["mixed"].documents == 30
    mongo_dir = source.folder / "mongo" / source.settings.mongodb_db
    metadata = json_util.loads((mongo_dir / "mixed.metadata.json").read_text())
    assert metadata["collectionName"] == "mixed"
    assert "_id_" in {spec["name"] for spec in metadata["indexes"]}
    assert manifest.base_backup is None  # BACKUP_BASE_BACKUP=never here
    assert backup_time(manifest.id) <= manifest.finished_at


async def test_restore_goes_into_new_databases_and_reports_counts(
    source: Source, cleanup: list[str]
) -> None:
    report = await run_restore(source.settings, "latest")
    cleanup += [report.database, report.mongo_database or ""]
    manifest = source.backup.manifest
    assert report.backup_id == manifest.id
    assert report.database != manifest.postgres.database
    assert report.tables == {name: t.rows for name, t in manifest.postgres.tables.items()}
    assert report.schema_revision == manifest.postgres.schema_revision
    assert report.collections["mixed"] == 30
    assert not report.problems
    admin = source.settings.effective_database_url.rsplit("/", 1)[0]
    assert await _rows(f"{admin}/{report.database}", "public.jobs") == (
        manifest.postgres.tables["public.jobs"].rows
    )


def _json(path: str) -> dict:
    return json.loads(Path(path).read_text())


async def _rows(url: str, table: str) -> int:
    conn = await asyncpg.connect(plain(url))
    try:
        return int(await conn.fetchval(f"SELECT count(*) FROM {table}"))
    finally:
        await conn.close()


async def test_restore_into_an_existing_database_is_refused(
    source: Source, admin_pg_url: str, cleanup: list[str]
) -> None:
    existing = f"t_exists_{uuid.uuid4().hex[:8]}"
    cleanup.append(existing)
    conn = await asyncpg.connect(plain(admin_pg_url))
    try:
        await conn.execute(f'CREATE DATABASE "{existing}"')
    finally:
        await conn.close()
    with pytest.raises(RestoreRefused, match="already exists"):
        await run_restore(source.settings, "latest", into=existing)
    admin = admin_pg_url.rsplit("/", 1)[0]
    conn = await asyncpg.connect(plain(f"{admin}/{existing}"))
    try:  # left as it was: empty
        assert await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname='public'") == 0
    finally:
        await conn.close()
    live = source.settings.effective_database_url.rsplit("/", 1)[1]
    with pytest.raises(RestoreRefused, match="live database"):
        await run_restore(source.settings, "latest", into=live)
    with pytest.raises(RestoreRefused, match="live MongoDB"):
        await run_restore(source.settings, "latest", mongo_into=source.settings.mongodb_db)
    # An existing MongoDB database is refused the same way, before PostgreSQL is touched.
    taken = f"t_taken_{uuid.uuid4().hex[:8]}"
    cleanup.append(taken)
    client: AsyncMongoClient = AsyncMongoClient(source.settings.effective_mongodb_url)
    try:
        await client[taken].things.insert_one({"a": 1})
        fresh = f"t_fresh_{uuid.uuid4().hex[:8]}"
        cleanup.append(fresh)
        with pytest.raises(RestoreRefused, match="already has collections"):
            await run_restore(source.settings, "latest", into=fresh, mongo_into=taken)
        assert await client[taken].things.count_documents({}) == 1
    finally:
        await client.close()
    conn = await asyncpg.connect(plain(admin_pg_url))
    try:
        assert not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", fresh)
    finally:
        await conn.close()


async def test_mongo_collections_and_indexes_round_trip(source: Source, cleanup: list[str]) -> None:
    target_db = f"t_rt_{uuid.uuid4().hex[:8]}"
    pg_db = f"t_rt_{uuid.uuid4().hex[:8]}"
    cleanup += [target_db, pg_db]
    await run_restore(source.settings, "latest", into=pg_db, mongo_into=target_db)
    client: AsyncMongoClient = AsyncMongoClient(source.settings.effective_mongodb_url)
    try:
        before, after = client[source.settings.mongodb_db], client[target_db]
        # Every collection there was when the backup ran (its own run record came after).
        names = sorted(source.backup.manifest.mongo.collections)  # type: ignore[union-attr]
        assert "mixed" in names and "chat_conversations" in names
        assert sorted(await after.list_collection_names()) == names
        for name in names:
            old = [d.raw async for d in before.get_collection(name, codec_options=RAW).find()]
            new = [d.raw async for d in after.get_collection(name, codec_options=RAW).find()]
            assert sorted(new) == sorted(old), name  # every document, byte for byte
            old_ix = [dict(i) async for i in await before[name].list_indexes()]
            new_ix = [dict(i) async for i in await after[name].list_indexes()]
            key = lambda spec: spec["name"]  # noqa: E731
            assert sorted(new_ix, key=key) == sorted(old_ix, key=key), name
        mixed = {i["name"]: i async for i in await after.mixed.list_indexes()}
        assert any(spec.get("unique") for spec in mixed.values())
        assert any(spec.get("expireAfterSeconds") for spec in mixed.values())
    finally:
        await client.close()


async def test_drill_passes_and_is_recorded_for_health(source: Source) -> None:
    report = await run_drill(source.settings)
    assert report.ok, report.problems
    assert report.backup_id == source.backup.manifest.id
    assert report.checked["tables"] == len(source.backup.manifest.postgres.tables)
    assert report.checked["rows"] == source.backup.manifest.rows
    assert report.checked["documents"] == source.backup.manifest.documents
    assert report.report_path
    assert _json(report.report_path)["ok"] is True
    client: AsyncMongoClient = AsyncMongoClient(source.settings.effective_mongodb_url)
    try:
        db = client[source.settings.mongodb_db]
        health = await backups_health(db, source.settings)
        assert health.status == "ok", health
        assert health.last_drill_ok is True
        assert health.last_backup_id == source.backup.manifest.id
        # The scratch databases are gone.
        assert not [n for n in await client.list_database_names() if "_drill_" in n]
    finally:
        await client.close()


async def test_corrupted_backup_fails_its_drill_loudly(
    source: Source, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copy = tmp_path / "copied" / source.backup.manifest.id
    shutil.copytree(source.folder, copy)
    dump = copy / source.backup.manifest.postgres.dump.path
    data = bytearray(dump.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    dump.write_bytes(bytes(data))
    with caplog.at_level(logging.ERROR, logger="data_layer.backups.drill"):
        report = await run_drill(source.settings, str(copy))
    assert not report.ok
    assert any("corrupt" in p and "SHA-256" in p for p in report.problems), report.problems
    assert any("PostgreSQL restore failed" in p for p in report.problems), report.problems
    alerts = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert alerts and source.backup.manifest.id in alerts[0].getMessage()
    assert "corrupt" in alerts[0].getMessage()
    client: AsyncMongoClient = AsyncMongoClient(source.settings.effective_mongodb_url)
    try:
        health = await backups_health(client[source.settings.mongodb_db], source.settings)
    finally:
        await client.close()
    assert health.status == "failing"
    assert health.last_drill_ok is False
    assert any("corrupt" in p for p in health.problems)
    # Operators see it in /health (with the ops token); the service itself stays up.
    ops = source.settings.model_copy(
        update={"ops_token": SecretStr(OPS_TOKEN), "warm_embeddings": False}
    )
    async with AsyncTestClient(create_app(ops)) as http:
        response = await http.get("/health", headers={"Authorization": f"Bearer {OPS_TOKEN}"})
        public = await http.get("/health")
    assert response.status_code == 200
    backups = response.json()["backups"]
    assert backups["status"] == "failing" and backups["last_drill_ok"] is False
    assert any("corrupt" in p for p in backups["problems"])
    assert "backups" not in public.json()
    # A changed MongoDB dump is caught by its checksum too (the drill reads every file).
    mongo_file = copy / source.backup.manifest.mongo.collections["mixed"].data.path  # type: ignore[union-attr]
    with mongo_file.open("r+b") as handle:
        handle.seek(40)
        handle.write(b"\x00\x01\x02")
    report = await run_drill(source.settings, str(copy))
    assert any("mixed.bson is corrupt" in p for p in report.problems), report.problems


async def test_retention_keeps_the_newest_and_drops_old_backups_and_wal(
    source: Source, tmp_path: Path
) -> None:
    root = tmp_path / "backups"
    wal = tmp_path / "wal"
    wal.mkdir()
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    ages = [90, 60, 45, 40, 2, 1]  # days
    ids = [new_backup_id(now - dt.timedelta(days=days)) for days in ages]
    for backup_id in ids:
        shutil.copytree(source.folder, root / backup_id)
    shutil.copytree(source.folder, root / f"{new_backup_id(now)}.partial")  # a crashed one
    old_wal = wal / "000000010000000000000003"
    old_wal.write_bytes(b"old")
    new_wal = wal / "000000010000000000000009"
    new_wal.write_bytes(b"new")
    stamp = (now - dt.timedelta(days=100)).timestamp()
    os.utime(old_wal, (stamp, stamp))
    settings = source.settings.model_copy(
        update={
            "backup_dir": str(root),
            "wal_archive_dir": str(wal),
            "backup_retention_days": 30,
            "backup_keep_last": 3,
        }
    )
    target = LocalTarget(root, wal)
    removed, wal_removed = await prune(settings, target)
    # Older than 30 days goes, except the newest three (40 days old is the third newest).
    assert removed == ids[:3]
    assert await target.list_ids() == ids[3:]
    assert not list(root.glob("*.partial"))
    # No kept backup has a base backup: WAL from before the oldest kept one serves nothing.
    assert wal_removed == 1 and not old_wal.exists() and new_wal.exists()
    # BACKUP_RETENTION_DAYS=0 keeps everything by age.
    keep_all = settings.model_copy(update={"backup_retention_days": 0, "backup_keep_last": 1})
    assert (await prune(keep_all, target))[0] == []


async def test_the_celery_task_backs_up_with_the_settings_of_its_environment(
    source: Source, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workers.ops.tasks import backup

    settings = source.settings
    # A worker reads its settings from the environment; so does this eager run of the task.
    environment = {
        "DATABASE_URL": settings.effective_database_url,
        "MONGODB_URL": settings.effective_mongodb_url,
        "MONGODB_DB": settings.mongodb_db,
        "REDIS_URL": settings.effective_redis_url,
        "DATA_DIR": str(tmp_path),
        "BACKUP_TARGET": "local",
        "BACKUP_DIR": str(tmp_path / "scheduled"),
        "WAL_ARCHIVE_DIR": str(tmp_path / "wal"),
        "BACKUP_BASE_BACKUP": "never",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()  # as in a worker started with that environment
    try:
        result = (await asyncio.to_thread(backup.apply)).get()
    finally:
        get_settings.cache_clear()
    assert result["ok"] is True, result
    folder = tmp_path / "scheduled" / result["backup_id"]
    assert (folder / "manifest.json").is_file()
    assert result["location"] == str(folder)
    # The same data as the module's backup (nothing wrote to PostgreSQL since).
    assert result["rows"] == source.backup.manifest.rows
    manifest = await LocalTarget(tmp_path / "scheduled", tmp_path / "wal").read_manifest(
        result["backup_id"]
    )
    assert manifest.postgres.tables == source.backup.manifest.postgres.tables
    client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url)
    try:
        health = await backups_health(client[settings.mongodb_db], settings)
    finally:
        await client.close()
    assert health.last_backup_id == result["backup_id"] and health.last_backup_ok


def test_beat_runs_the_backup_daily_and_the_drill_weekly_from_settings() -> None:
    from workers.celery_app import backups_schedule, create_celery

    settings = Settings(BACKUP_CRON="5 2 * * *", BACKUP_DRILL_CRON="30 6 * * 3")  # type: ignore[call-arg]
    schedule = create_celery(settings).conf.beat_schedule
    daily, weekly = schedule["backup"], schedule["backup-drill"]
    assert daily["task"] == "workers.ops.backup"
    assert weekly["task"] == "workers.ops.backup_drill"
    assert daily["schedule"] == crontab(minute="5", hour="2")
    assert weekly["schedule"] == crontab(minute="30", hour="6", day_of_week="3")
    # The defaults: every day, and once a week on Sunday, after it.
    defaults = backups_schedule(Settings())  # type: ignore[call-arg]
    assert defaults["backup"]["schedule"] == crontab(minute="15", hour="3")
    assert defaults["backup-drill"]["schedule"] == crontab(minute="45", hour="4", day_of_week="0")
    off = Settings(BACKUP_SCHEDULE_ENABLED=False)  # type: ignore[call-arg]
    assert backups_schedule(off) == {}
    assert "backup" not in create_celery(off).conf.beat_schedule
    # The worker loads the tasks the schedule names.
    assert "workers.ops.tasks" in create_celery(settings).conf.include
