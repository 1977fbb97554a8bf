"""Point-in-time recovery against the session's real PostgreSQL, which archives its WAL
(devstack: ``archive_mode=on``, ``archive_command`` into WAL_ARCHIVE_DIR): a backup with a
base backup, more rows, a moment T, more rows; ``restore --to-time T`` into a new database
holds exactly the rows committed before T."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from pymongo import AsyncMongoClient

from config.settings import Settings
from data_layer.backups import BackupError, run_backup, run_restore
from tests.conftest import _drop_database, database_copy
from tests.integration.backup_helpers import backup_settings, plain


@pytest.fixture
async def live(
    admin_pg_url: str,
    migrated_template: str,
    stack_settings: Settings,
    tmp_path: Path,
) -> AsyncIterator[Settings]:
    """A migrated database, a private backup folder, and the session server's WAL archive."""
    async with database_copy(admin_pg_url, migrated_template) as url:
        settings = backup_settings(
            stack_settings,
            url,
            tmp_path,
            wal_archive_dir=str(stack_settings.effective_wal_archive_dir),
            backup_base_backup="auto",
        )
        client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url)
        try:
            await client[settings.mongodb_db].notes.insert_one({"note": "before the backup"})
            yield settings
        finally:
            for name in await client.list_database_names():
                if name.startswith(settings.mongodb_db):
                    await client.drop_database(name)
            await client.close()


async def _write(url: str, first: int, last: int) -> None:
    conn = await asyncpg.connect(plain(url))
    try:
        # One transaction per row: each commit is its own point in the WAL.
        for n in range(first, last + 1):
            await conn.execute("INSERT INTO pitr_probe (n, note) VALUES ($1, $2)", n, f"row {n}")
    finally:
        await conn.close()


async def _server_now(url: str) -> dt.datetime:
    conn = await asyncpg.connect(plain(url))
    try:
        return await conn.fetchval("SELECT clock_timestamp()")  # type: ignore[no-any-return]
    finally:
        await conn.close()


async def _rows(url: str) -> list[int]:
    conn = await asyncpg.connect(plain(url))
    try:
        return [r["n"] for r in await conn.fetch("SELECT n FROM pitr_probe ORDER BY n")]
    finally:
        await conn.close()


async def test_restore_to_a_moment_holds_exactly_the_rows_committed_before_it(
    live: Settings, admin_pg_url: str
) -> None:
    url = live.effective_database_url
    conn = await asyncpg.connect(plain(url))
    try:
        await conn.execute("CREATE TABLE pitr_probe (n integer PRIMARY KEY, note text NOT NULL)")
    finally:
        await conn.close()
    await _write(url, 1, 5)  # in the backup itself
    backup = await run_backup(live)
    base = backup.manifest.base_backup
    assert base is not None, backup.base_backup_note  # the server archives WAL: auto takes one
    await _write(url, 6, 10)  # after the backup: only in the archived WAL
    moment = await _server_now(url)
    await _write(url, 11, 15)  # after the moment
    assert await _rows(url) == list(range(1, 16))

    into = f"t_pitr_{uuid.uuid4().hex[:8]}"
    try:
        report = await run_restore(live, "latest", to_time=moment, into=into)
        admin = admin_pg_url.rsplit("/", 1)[0]
        assert await _rows(f"{admin}/{into}") == list(range(1, 11))
        assert report.backup_id == backup.manifest.id
        assert report.to_time == moment
        assert report.recovery and "recovery stopping" in report.recovery
        assert report.tables["public.pitr_probe"] == 10
        assert report.schema_revision == backup.manifest.postgres.schema_revision
        # MongoDB has no WAL of ours: it comes from the same backup, into a new database.
        assert report.mongo_database and report.mongo_database != live.mongodb_db
        assert report.collections["notes"] == 1
        # The live database is untouched.
        assert await _rows(url) == list(range(1, 16))
        # A moment before the oldest base backup cannot be reached, and says so.
        with pytest.raises(BackupError, match="before the oldest base backup"):
            await run_restore(live, "latest", to_time=base.finished_at - dt.timedelta(hours=1))
    finally:
        await _drop_database(admin_pg_url, into)
