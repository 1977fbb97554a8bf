"""PostgreSQL: a logical dump in one snapshot with its row counts and content digests,
and its restore into a new database.

``pg_dump`` reads the snapshot this module's own transaction exports
(``pg_export_snapshot``), so the counts and digests in the manifest describe exactly the
rows in the dump, while the application keeps writing.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import asyncpg

from config.settings import Settings
from data_layer.backups.errors import BackupError, RestoreRefused
from data_layer.backups.manifest import TableCount
from data_layer.backups.pgtools import PgConn, pg_binary, run_tool

__all__ = [
    "database_exists",
    "drop_database",
    "dump_database",
    "restore_dump",
    "restored_digests",
    "schema_revision",
    "swap_databases",
    "table_digests",
]

# Each row's text (in fixed output settings) hashed; the first 64 bits of each summed:
# the same for the same rows in any order, cheap to stream, no sort.
_DIGEST_SQL = (
    "SELECT count(*), coalesce(sum(('x' || left(md5(esa_row_::text), 16))::bit(64)::bigint),"
    " 0)::text FROM {table} AS esa_row_"
)
_TABLES_SQL = """
SELECT n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 1, 2
"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def _fixed_output(db: asyncpg.Connection) -> None:
    """Settings under which a row's text is the same on any connection and server."""
    await db.execute(
        "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'; SET IntervalStyle TO 'postgres';"
        " SET extra_float_digits TO 1; SET bytea_output TO 'hex'; SET statement_timeout TO 0;"
        " SET idle_in_transaction_session_timeout TO 0"
    )


async def table_digests(db: asyncpg.Connection) -> dict[str, TableCount]:
    """Rows and content digest of every table of the database (``schema.table``)."""
    await _fixed_output(db)
    result: dict[str, TableCount] = {}
    for schema, table in await db.fetch(_TABLES_SQL):
        qualified = f"{_ident(schema)}.{_ident(table)}"
        rows, digest = await db.fetchrow(_DIGEST_SQL.format(table=qualified))
        result[f"{schema}.{table}"] = TableCount(int(rows), str(digest))
    return result


async def schema_revision(db: asyncpg.Connection) -> str | None:
    exists = await db.fetchval("SELECT to_regclass('public.alembic_version') IS NOT NULL")
    if not exists:
        return None
    return await db.fetchval("SELECT version_num FROM public.alembic_version LIMIT 1")


async def dump_database(
    settings: Settings, conn: PgConn, out: Path
) -> tuple[dict[str, TableCount], str | None, str]:
    """``pg_dump --format=custom`` of ``conn``'s database into ``out``; the tables' counts
    and digests, the Alembic revision and the server version, all of the same snapshot."""
    pg_dump = pg_binary(settings, "pg_dump")
    db = await conn.connect()
    try:
        await _fixed_output(db)
        version = str(await db.fetchval("SHOW server_version"))
        async with db.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await db.fetchval("SELECT pg_export_snapshot()")
            dump = asyncio.create_task(
                run_tool(
                    pg_dump,
                    [
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        "--no-password",
                        "--lock-wait-timeout=60s",
                        f"--file={out}",
                    ],
                    env=conn.env(),
                    what="pg_dump",
                )
            )
            try:
                # Counted while pg_dump writes: both read the same snapshot.
                tables = await table_digests(db)
                revision = await schema_revision(db)
            except BaseException:
                dump.cancel()
                with contextlib.suppress(BaseException):
                    await dump
                raise
            await dump
    except asyncpg.PostgresError as exc:
        raise BackupError(f"reading {conn.where} failed: {type(exc).__name__}: {exc}") from None
    finally:
        await db.close()
    return tables, revision, version


async def database_exists(admin: PgConn, name: str) -> bool:
    db = await admin.connect()
    try:
        return bool(await db.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await db.close()


async def drop_database(admin: PgConn, name: str) -> None:
    if name == admin.database:
        raise BackupError(f"refusing to drop the database {name} this command is connected to")
    db = await admin.connect()
    try:
        await db.execute(f"DROP DATABASE IF EXISTS {_ident(name)} WITH (FORCE)")
    finally:
        await db.close()


async def restore_dump(settings: Settings, admin: PgConn, dump: Path, name: str) -> None:
    """Create database ``name`` (refused if it exists) and ``pg_restore`` the dump into it
    in one transaction; a failed restore leaves no database behind."""
    db = await admin.connect()
    try:
        if await db.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            raise RestoreRefused(
                f"database {name} already exists on {admin.host}:{admin.port}; a restore only "
                "goes into a new database (choose another name; nothing was changed)"
            )
        try:
            await db.execute(f"CREATE DATABASE {_ident(name)} TEMPLATE template0")
        except asyncpg.PostgresError as exc:
            raise BackupError(f"cannot create database {name}: {exc}") from None
    finally:
        await db.close()
    try:
        await run_tool(
            pg_binary(settings, "pg_restore"),
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--no-password",
                f"--dbname={name}",
                str(dump),
            ],
            env=admin.with_database(name).env(),
            what="pg_restore",
        )
    except BaseException:
        with contextlib.suppress(BackupError, OSError, asyncpg.PostgresError):
            await drop_database(admin, name)
        raise


async def restored_digests(admin: PgConn, name: str) -> tuple[dict[str, TableCount], str | None]:
    """Counts, digests and Alembic revision of a restored database."""
    db = await admin.connect(name)
    try:
        return await table_digests(db), await schema_revision(db)
    finally:
        await db.close()


async def swap_databases(admin: PgConn, live: str, restored: str, previous: str) -> None:
    """Rename ``live`` to ``previous`` and ``restored`` to ``live`` (its sessions are ended:
    the application reconnects to the restored data under the same name)."""
    maintenance = "postgres" if admin.database != "postgres" else "template1"
    db = await admin.connect(maintenance)
    try:
        if await db.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", previous):
            raise RestoreRefused(f"database {previous} exists already; nothing was changed")
        for attempt in range(5):
            # An application pool may reconnect between the two statements: end it again.
            await db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                live,
            )
            try:
                await db.execute(f"ALTER DATABASE {_ident(live)} RENAME TO {_ident(previous)}")
                break
            except asyncpg.ObjectInUseError:
                if attempt == 4:
                    raise
        await db.execute(f"ALTER DATABASE {_ident(restored)} RENAME TO {_ident(live)}")
    except asyncpg.PostgresError as exc:
        raise BackupError(f"swapping in the restored database failed: {exc}") from None
    finally:
        await db.close()
