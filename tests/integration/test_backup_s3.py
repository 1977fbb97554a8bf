"""Backups in an S3-compatible bucket (``BACKUP_TARGET=s3``), spoken to over real HTTP
against the local S3-protocol server the resume store's tests use (moto in server mode):
the backup uploaded with its manifest last, the archived WAL copied up, a drill and a
restore reading it back, a changed object caught by the drill."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import boto3
import pytest
from pydantic import SecretStr
from pymongo import AsyncMongoClient

from config.settings import Settings
from data_layer.backups import BackupReport, run_backup, run_drill, run_restore
from tests.conftest import _drop_database, database_copy
from tests.integration.backup_helpers import backup_settings, plain
from tests.support.s3_server import s3_endpoint

__all__ = ["s3_endpoint"]  # the session fixture, imported for this module's tests

SEGMENT = "000000010000000000000001"


def _client(endpoint: str) -> Any:
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )


@dataclass
class Bucketed:
    settings: Settings
    backup: BackupReport
    bucket: str


@pytest.fixture(scope="module")
async def bucketed(
    admin_pg_url: str,
    migrated_template: str,
    stack_settings: Settings,
    s3_endpoint: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Bucketed]:
    """A database with rows, a bucket, and one backup of the database in it."""
    folder = tmp_path_factory.mktemp("backup-s3")
    bucket = f"backups-{uuid.uuid4().hex[:8]}"
    _client(s3_endpoint).create_bucket(Bucket=bucket)
    async with database_copy(admin_pg_url, migrated_template) as url:
        settings = backup_settings(
            stack_settings,
            url,
            folder,
            backup_target="s3",
            backup_s3_bucket=bucket,
            backup_s3_prefix="esa/prod",
            backup_s3_endpoint_url=s3_endpoint,
            backup_s3_region="us-east-1",
            backup_s3_access_key_id="test-key",
            backup_s3_secret_access_key=SecretStr("test-secret"),
        )
        conn = await asyncpg.connect(plain(url))
        try:
            await conn.execute("CREATE TABLE notes (n integer PRIMARY KEY)")
            await conn.execute("INSERT INTO notes SELECT generate_series(1, 20)")
        finally:
            await conn.close()
        # A segment the server archived locally: each backup copies new ones to the bucket.
        (folder / "wal").mkdir()
        (folder / "wal" / SEGMENT).write_bytes(b"wal" * 100)
        client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url)
        try:
            await client[settings.mongodb_db].notes.insert_many([{"n": n} for n in range(9)])
            report = await run_backup(settings)
            yield Bucketed(settings, report, bucket)
        finally:
            for name in await client.list_database_names():
                if name.startswith(settings.mongodb_db):
                    await client.drop_database(name)
            await client.close()


def _keys(endpoint: str, bucket: str, prefix: str) -> list[str]:
    pages = (
        _client(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    )
    return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))


def test_the_backup_is_uploaded_with_its_manifest_and_the_wal(
    bucketed: Bucketed, s3_endpoint: str
) -> None:
    manifest = bucketed.backup.manifest
    backup_id = manifest.id
    assert bucketed.backup.location == f"s3://{bucketed.bucket}/esa/prod/{backup_id}"
    keys = _keys(s3_endpoint, bucketed.bucket, f"esa/prod/{backup_id}/")
    expected = {f"esa/prod/{backup_id}/{entry.path}" for entry in manifest.files()}
    assert set(keys) == expected | {f"esa/prod/{backup_id}/manifest.json"}
    assert manifest.postgres.tables["public.notes"].rows == 20
    assert manifest.mongo is not None and manifest.mongo.collections["notes"].documents == 9
    assert bucketed.backup.wal_uploaded == 1
    assert _keys(s3_endpoint, bucketed.bucket, "esa/prod/wal/") == [f"esa/prod/wal/{SEGMENT}"]
    # Nothing was left on this machine but the WAL archive.
    assert not Path(bucketed.settings.backup_dir).exists()


async def test_drill_and_restore_read_the_bucket(
    bucketed: Bucketed, admin_pg_url: str, s3_endpoint: str
) -> None:
    drill = await run_drill(bucketed.settings)
    assert drill.ok, drill.problems
    assert drill.backup_id == bucketed.backup.manifest.id
    assert drill.report_path and drill.report_path.startswith(f"s3://{bucketed.bucket}/esa/prod/")
    into = f"t_s3_{uuid.uuid4().hex[:8]}"
    try:
        report = await run_restore(
            bucketed.settings, f"s3://{bucketed.bucket}/esa/prod/{drill.backup_id}", into=into
        )
        assert report.tables["public.notes"] == 20 and report.collections["notes"] == 9
        assert not report.problems
    finally:
        await _drop_database(admin_pg_url, into)


async def test_a_changed_object_in_the_bucket_fails_the_drill(
    bucketed: Bucketed, s3_endpoint: str
) -> None:
    manifest = bucketed.backup.manifest
    key = f"esa/prod/{manifest.id}/{manifest.postgres.dump.path}"
    s3 = _client(s3_endpoint)
    data = bytearray(s3.get_object(Bucket=bucketed.bucket, Key=key)["Body"].read())
    data[len(data) // 2] ^= 0xFF
    s3.put_object(Bucket=bucketed.bucket, Key=key, Body=bytes(data))
    drill = await run_drill(bucketed.settings)
    assert not drill.ok
    assert any("corrupt" in p for p in drill.problems), drill.problems
