"""Point-in-time recovery: a scratch PostgreSQL started from a base backup replays the
archived WAL up to ``recovery_target_time``, promotes, and its database is dumped.

The scratch server lives in a private temporary folder, listens on a Unix socket there
only (no TCP port), never archives, and is stopped and deleted afterwards; the live
server is never touched except to ask it to finish its current WAL segment, so that the
moments just before now can be reached too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import pwd
import re
import shutil
import subprocess
import tarfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from config.settings import Settings
from data_layer.backups.errors import BackupError
from data_layer.backups.manifest import BaseBackupPart
from data_layer.backups.pgtools import PgConn, pg_binary, run_tool
from data_layer.backups.targets import WAL_FILE, BackupTarget

log = logging.getLogger(__name__)

__all__ = ["finish_current_wal", "recovered_dump", "wal_needed"]

_SOCKET_PORT = 5432
"""The scratch server's socket is named after a port; with no TCP listener any will do."""


async def finish_current_wal(live: PgConn, wait_s: float) -> str | None:
    """Ask the live server to close its current WAL segment and wait until it is archived,
    so a recovery can reach the latest commits. What happened, for the report; ``None``
    when the server archives nothing or cannot be asked (a restore after a disaster goes
    on with what the archive holds)."""
    try:
        db = await live.connect()
    except BackupError as exc:
        log.warning("live server not reachable; recovering from the archive as it is: %s", exc)
        return None
    try:
        if await db.fetchval("SHOW archive_mode") not in ("on", "always"):
            return None
        try:
            segment = await db.fetchval("SELECT pg_walfile_name(pg_switch_wal())")
        except asyncpg.InsufficientPrivilegeError:
            log.warning("may not call pg_switch_wal(); the newest WAL may be missing")
            return None
        deadline = time.monotonic() + wait_s
        while True:
            archived = await db.fetchval("SELECT last_archived_wal FROM pg_stat_archiver")
            if archived and str(archived)[:24] >= segment:
                return f"WAL archived up to {segment}"
            if time.monotonic() >= deadline:
                log.warning("WAL segment %s not archived within %.0f s", segment, wait_s)
                return f"WAL segment {segment} was not archived within {wait_s:.0f} s"
            await asyncio.sleep(0.1)  # polling the archiver's progress, not test isolation
    finally:
        await db.close()


def wal_needed(available: dict[str, dt.datetime], base: BaseBackupPart) -> list[str]:
    """Archived files a recovery from ``base`` may ask for: its segments and later ones,
    and every timeline history."""
    names = []
    for name in available:
        if not WAL_FILE.match(name) or name.endswith((".partial", ".backup")):
            continue
        if name.endswith(".history") or name[8:24] >= base.start_wal[8:24]:
            names.append(name)
    return sorted(names)


def _scratch_user(settings: Settings) -> str | None:
    if os.geteuid() != 0:
        return None
    user = settings.pg_scratch_os_user
    try:
        pwd.getpwnam(user)
    except KeyError:
        raise BackupError(
            f"PostgreSQL refuses to run as root and the system user {user} "
            "(PG_SCRATCH_OS_USER) does not exist; create it or run the restore as another user"
        ) from None
    return user


def _give_to(user: str | None, folder: Path) -> None:
    if user is None:
        return
    entry = pwd.getpwnam(user)
    chown = shutil.which("chown")
    if chown:  # one C walk instead of a Python call per file of a whole cluster
        subprocess.run([chown, "-R", f"{entry.pw_uid}:{entry.pw_gid}", str(folder)], check=True)
        return
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    for path in folder.rglob("*"):
        os.lchown(path, entry.pw_uid, entry.pw_gid)


def _extract(archive: Path, dest: Path) -> None:
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    tar = shutil.which("tar")
    if tar:  # the system's tar unpacks a cluster about ten times faster than tarfile
        subprocess.run(
            [tar, "-xzf", str(archive), "-C", str(dest), "--no-same-owner"],
            check=True,
            capture_output=True,
        )
        return
    with tarfile.open(archive, "r:gz") as archive_file:
        archive_file.extractall(dest, filter="data")


def _conf_value(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _prepare(data: Path, wal: Path, socket_dir: Path, to_time: dt.datetime) -> None:
    for leftover in ("postmaster.pid", "postmaster.opts", "standby.signal"):
        (data / leftover).unlink(missing_ok=True)
    data.chmod(0o700)
    settings = {
        "restore_command": f'cp "{wal}/%f" "%p"',
        "recovery_target_time": to_time.astimezone(dt.UTC).isoformat(sep=" "),
        "recovery_target_action": "promote",
        "recovery_target_timeline": "latest",
        "archive_mode": "off",
        # No hot standby: no read-only phase, and no check that max_connections and the
        # like match the original server's.
        "hot_standby": "off",
        "listen_addresses": "",
        "unix_socket_directories": str(socket_dir),
        "port": str(_SOCKET_PORT),
        "logging_collector": "off",
        "shared_buffers": "64MB",
        # A throwaway server: its files are dumped and deleted, never trusted after a crash.
        "fsync": "off",
        "full_page_writes": "off",
        "synchronous_commit": "off",
    }
    with (data / "postgresql.auto.conf").open("a") as conf:
        conf.write("\n# point-in-time restore (data_layer/backups/pitr.py)\n")
        for name, value in settings.items():
            conf.write(f"{name} = {_conf_value(value)}\n")
    # Only this process's own socket reaches the scratch server: trust on it alone.
    (data / "pg_hba.conf").write_text("local all all trust\n")
    (data / "recovery.signal").touch()


def _log_lines(path: Path, pattern: str) -> list[str]:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines() if re.search(pattern, line)]


def _server_alive(data: Path) -> bool:
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return False
    return True


def _failure(log_path: Path) -> BackupError:
    failures = _log_lines(log_path, r"FATAL|PANIC")
    reason = failures[-1] if failures else "the server stopped; see its log"
    reason = re.sub(r"^.*?(FATAL|PANIC):\s*", "", reason)
    return BackupError(f"point-in-time recovery failed: {reason}")


async def _until_promoted(scratch: PgConn, data: Path, log_path: Path) -> None:
    """Wait while the scratch server replays WAL (it refuses connections until it has
    reached the target and promoted); a server that stops has failed (its log says why)."""
    while True:
        try:
            db = await asyncpg.connect(
                host=scratch.host, port=scratch.port, user=scratch.user, database="postgres"
            )
        except asyncpg.CannotConnectNowError:
            pass
        except (OSError, asyncpg.PostgresError):
            if not await asyncio.to_thread(_server_alive, data):
                raise _failure(log_path) from None
        else:
            try:
                if not await db.fetchval("SELECT pg_is_in_recovery()"):
                    return
            finally:
                await db.close()
        if not await asyncio.to_thread(_server_alive, data):
            raise _failure(log_path)
        await asyncio.sleep(0.1)  # polling the replay's progress, not test isolation


@asynccontextmanager
async def _scratch_server(
    settings: Settings, data: Path, log_path: Path, user: str | None
) -> AsyncIterator[None]:
    pg_ctl = pg_binary(settings, "pg_ctl")
    try:
        await run_tool(
            pg_ctl,
            ["--pgdata", str(data), "--log", str(log_path), "--wait", "--timeout=3600", "start"],
            what="recovery",
            user=user,
        )
    except BackupError:
        raise _failure(log_path) from None
    try:
        yield
    finally:
        with contextlib.suppress(BackupError, OSError):
            await run_tool(
                pg_ctl,
                ["--pgdata", str(data), "--mode=fast", "--wait", "stop"],
                what="pg_ctl stop",
                user=user,
            )


async def recovered_dump(
    settings: Settings,
    target: BackupTarget,
    backup_id: str,
    base: BaseBackupPart,
    base_folder: Path,
    database: str,
    user_name: str,
    to_time: dt.datetime,
    work: Path,
) -> tuple[Path, str]:
    """Recover the server of ``base`` to ``to_time`` in ``work`` and dump ``database``
    from it; the dump and the line where recovery stopped."""
    user = _scratch_user(settings)
    data, wal, socket_dir = work / "pgdata", work / "wal", work / "socket"
    wal.mkdir(parents=True)
    socket_dir.mkdir()
    base_tar = base_folder / "base.tar.gz"
    wal_tar = base_folder / "pg_wal.tar.gz"
    if not base_tar.is_file():
        raise BackupError(f"backup {backup_id} has no base.tar.gz in its base backup")
    await asyncio.to_thread(_extract, base_tar, data)
    if wal_tar.is_file():
        await asyncio.to_thread(_extract, wal_tar, data / "pg_wal")
    needed = wal_needed(await target.available_wal(), base)
    await target.fetch_wal(needed, wal)
    await asyncio.to_thread(_prepare, data, wal, socket_dir, to_time)
    await asyncio.to_thread(_give_to, user, work)
    log_path = work / "recovery.log"
    dump = work / f"{database}.dump"
    async with _scratch_server(settings, data, log_path, user):
        scratch = PgConn(str(socket_dir), _SOCKET_PORT, user_name, None, database)
        await _until_promoted(scratch, data, log_path)
        stops = _log_lines(log_path, r"recovery stopping|last completed transaction")
        # The dump file is written by this process (root or not), into its own folder.
        await run_tool(
            pg_binary(settings, "pg_dump"),
            ["--format=custom", "--no-password", f"--file={dump}"],
            env=scratch.env(),
            what="pg_dump of the recovered database",
        )
    stopped = re.sub(r"^.*?LOG:\s*", "", stops[0]) if stops else "recovery replayed all WAL"
    return dump, stopped


def remove_work(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
