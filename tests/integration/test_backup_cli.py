"""``python -m assistant backup [run|drill|list]`` and ``restore`` as an operator types
them (in-process, against the session's real PostgreSQL and MongoDB): dated backups, one
summary line, refused restores and bad flags as one line (exit 2), and replacing the live
data only when asked twice."""

from __future__ import annotations

import asyncio
import io
import json
import re
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from pymongo import AsyncMongoClient

import cli.main
import config.logs
from config.settings import Settings
from data_layer.backups import run_backup
from tests.conftest import _drop_database, database_copy
from tests.integration.backup_helpers import backup_settings, plain

BACKUP_LINE = re.compile(r"^backup (\d{8}T\d{6}Z): (\d+) tables, ([\d,]+) rows; ", re.M)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
async def live(
    admin_pg_url: str,
    migrated_template: str,
    stack_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Settings]:
    """A migrated database with a few rows, a MongoDB database, and one backup of them."""
    folder = tmp_path_factory.mktemp("backup-cli")
    async with database_copy(admin_pg_url, migrated_template) as url:
        settings = backup_settings(stack_settings, url, folder)
        conn = await asyncpg.connect(plain(url))
        try:
            await conn.execute("CREATE TABLE notes (n integer PRIMARY KEY)")
            await conn.execute("INSERT INTO notes SELECT generate_series(1, 12)")
        finally:
            await conn.close()
        client: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url)
        try:
            await client[settings.mongodb_db].notes.insert_many([{"n": n} for n in range(7)])
            await run_backup(settings)
            yield settings
        finally:
            for name in await client.list_database_names():
                if name.startswith(settings.mongodb_db):
                    await client.drop_database(name)
            await client.close()
            conn = await asyncpg.connect(plain(admin_pg_url))
            try:
                live_name = url.rsplit("/", 1)[1]
                for row in await conn.fetch(
                    "SELECT datname FROM pg_database WHERE datname LIKE $1", f"{live_name}_%"
                ):
                    await _drop_database(admin_pg_url, row["datname"])
            finally:
                await conn.close()


@pytest.fixture
def run(live: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli.main, "get_settings", lambda: live)
    # The CLI points the root logger at stderr; pytest's log capture must keep its own.
    monkeypatch.setattr(config.logs, "configure_logging", lambda *a, **k: None)
    monkeypatch.setenv("COLUMNS", "250")  # rich tables: one line per row
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    async def call(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = await asyncio.to_thread(cli.main.main, list(args))
        except SystemExit as exit_:  # argparse ends the process on bad flags
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


async def _count(url: str, sql: str) -> int:
    conn = await asyncpg.connect(plain(url))
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


def _url(settings: Settings, database: str) -> str:
    return f"{settings.effective_database_url.rsplit('/', 1)[0]}/{database}"


async def test_backup_writes_a_dated_folder_lists_it_and_its_drill_passes(
    live: Settings,
    run,  # type: ignore[no-untyped-def]
) -> None:
    result = await run("backup")
    assert result.code == 0, result.err
    found = BACKUP_LINE.search(result.out)
    assert found, result.out
    backup_id = found.group(1)
    assert "no base backup" in result.out
    manifest = json.loads((Path(live.backup_dir) / backup_id / "manifest.json").read_bytes())
    assert manifest["postgres"]["tables"]["public.notes"]["rows"] == 12
    assert manifest["mongo"]["collections"]["notes"]["documents"] == 7
    listing = await run("backup", "list")
    assert listing.code == 0 and backup_id in listing.out
    assert "2 backups in" in listing.out  # the module's and this one
    drill = await run("backup", "drill")
    assert drill.code == 0, drill.out
    assert drill.out.startswith(f"drill passed: backup {backup_id}:")


async def test_restore_reports_counts_and_refuses_an_existing_database(
    live: Settings,
    run,  # type: ignore[no-untyped-def]
) -> None:
    into = f"{live.effective_database_url.rsplit('/', 1)[1]}_cli_{uuid.uuid4().hex[:6]}"
    result = await run("restore", "--from", "latest", "--into", into)
    assert result.code == 0, result.err
    found = re.search(rf"PostgreSQL {into}: \d+ tables, [\d,]+ rows; MongoDB (\w+):", result.out)
    assert found, result.out
    assert await _count(_url(live, into), "SELECT count(*) FROM notes") == 12
    client: AsyncMongoClient = AsyncMongoClient(live.effective_mongodb_url)
    try:
        assert await client[found.group(1)].notes.count_documents({}) == 7
    finally:
        await client.close()
    again = await run("restore", "--from", "latest", "--into", into)
    assert again.code == 2
    assert "already exists" in again.err and "Traceback" not in again.err
    assert len(again.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["restore"], "--from"),
        (["restore", "--from", "latest", "--to-time", "yesterday"], "ISO 8601"),
        (["restore", "--from", "latest", "--into", "no-dashes"], "database name"),
        (["restore", "--from", "latest", "--yes-really"], "--over-live, which is missing"),
        (["restore", "--from", "nowhere/at/all"], "not 'latest'"),
        (["backup", "sideways"], "invalid choice"),
    ],
)
async def test_bad_requests_get_one_line(
    run,  # type: ignore[no-untyped-def]
    args: list[str],
    says: str,
) -> None:
    result = await run(*args)
    assert result.code in (1, 2)
    assert says in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err


async def test_over_live_replaces_the_live_data_only_when_confirmed(
    live: Settings,
    run,  # type: ignore[no-untyped-def]
) -> None:
    url = live.effective_database_url
    await _count(url, "WITH added AS (INSERT INTO notes VALUES (99) RETURNING n) SELECT 1")
    client: AsyncMongoClient = AsyncMongoClient(live.effective_mongodb_url)
    notes = client[live.mongodb_db].notes
    await notes.insert_one({"n": 99})
    once = await run("restore", "--from", "latest", "--over-live")
    assert once.code == 2 and "--yes-really" in once.err
    assert await _count(url, "SELECT count(*) FROM notes") == 13  # nothing changed

    twice = await run("restore", "--from", "latest", "--over-live", "--yes-really")
    assert twice.code == 0, twice.err
    found = re.search(r"previous PostgreSQL database kept as (\w+), safety backup (\w+)", twice.out)
    assert found, twice.out
    previous, safety = found.groups()
    # The live name now holds the backup's data; what was live is kept aside and backed up.
    assert await _count(url, "SELECT count(*) FROM notes") == 12
    assert await _count(_url(live, previous), "SELECT count(*) FROM notes") == 13
    assert (Path(live.backup_dir) / safety / "manifest.json").is_file()
    try:  # MongoDB's live collections hold the backup's documents again
        assert await notes.count_documents({}) == 7
    finally:
        await client.close()
