"""The embedded services as an operator meets them through `python -m assistant services`."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import Settings
from devstack.services import MARKER_NAME, DevStack, DevStackError
from tests.conftest import _free_port


def _settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "DATA_DIR": data_dir,
        "PG_PORT": _free_port(),
        "MONGO_PORT": _free_port(),
        "REDIS_PORT": _free_port(),
        "DATABASE_URL": "",
        "MONGODB_URL": "",
        "REDIS_URL": "",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def own_stack(tmp_path: Path) -> Iterator[DevStack]:
    stack = DevStack(_settings(tmp_path / "data"))
    try:
        yield stack
    finally:
        stack.stop()


def _psql(stack: DevStack, sql: str) -> str:
    psql = stack._pg_bin("psql")
    out = subprocess.run(
        [
            str(psql),
            "-h",
            "127.0.0.1",
            "-p",
            str(stack.settings.pg_port),
            "-U",
            "postgres",
            "-d",
            stack.settings.pg_database,
            "-tAc",
            sql,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_start_is_idempotent_and_data_survives_stop_start(own_stack: DevStack) -> None:
    first = own_stack.start()
    assert [s.name for s in first] == ["postgresql", "mongodb", "redis"]
    assert all(s.answering and s.embedded for s in first)
    assert all(s.answering for s in own_stack.start())  # already running = fine

    _psql(own_stack, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')")
    own_stack.stop()
    assert not any(s.answering for s in own_stack.status())

    own_stack.start()
    assert _psql(own_stack, "SELECT v FROM kept") == "still here"
    assert (own_stack.root / MARKER_NAME).exists()


def test_busy_port_names_the_port_and_the_setting(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        stack = DevStack(_settings(tmp_path / "data", PG_PORT=port))
        try:
            with pytest.raises(DevStackError) as error:
                stack.start()
        finally:
            stack.stop()
    message = str(error.value)
    assert str(port) in message and "PG_PORT" in message
    assert "\n" not in message


def test_foreign_data_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    foreign = tmp_path / "someone-elses"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("precious")
    with pytest.raises(DevStackError, match="not created by this project"):
        DevStack(_settings(foreign)).start()
    assert (foreign / "thesis.docx").read_text() == "precious"
    assert not (foreign / MARKER_NAME).exists()


def test_corrupt_postgres_folder_is_reported_not_deleted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "postgres").mkdir(parents=True)
    (data / MARKER_NAME).write_text("ours")
    (data / "postgres" / "base").write_text("half a cluster")
    stack = DevStack(_settings(data))
    try:
        with pytest.raises(DevStackError, match="corrupt"):
            stack.start()
    finally:
        stack.stop()
    assert (data / "postgres" / "base").read_text() == "half a cluster"


def test_external_urls_start_nothing_embedded(tmp_path: Path, stack_settings: Settings) -> None:
    settings = _settings(
        tmp_path / "unused",
        DATABASE_URL=stack_settings.effective_database_url,
        MONGODB_URL=stack_settings.effective_mongodb_url,
        REDIS_URL=stack_settings.effective_redis_url,
    )
    statuses = DevStack(settings).start()
    assert all(s.answering and not s.embedded for s in statuses)
    assert not (tmp_path / "unused").exists()


def test_cli_status_reports_each_service(stack_settings: Settings) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATA_DIR": str(stack_settings.data_dir),
        "PG_PORT": str(stack_settings.pg_port),
        "MONGO_PORT": str(stack_settings.mongo_port),
        "REDIS_PORT": str(stack_settings.redis_port),
        "COLUMNS": "200",
    }
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "services", "status"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name, port in (
        ("postgresql", stack_settings.pg_port),
        ("mongodb", stack_settings.mongo_port),
        ("redis", stack_settings.redis_port),
    ):
        line = next(row for row in result.stdout.splitlines() if name in row)
        assert str(port) in line and "yes" in line


def test_cli_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        env = {
            "PATH": "/usr/bin:/bin",
            "DATA_DIR": str(tmp_path / "data"),
            "REDIS_PORT": str(port),
            "PG_PORT": str(_free_port()),
            "MONGO_PORT": str(_free_port()),
        }
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "services", "start"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"Port {port}" in result.stderr and "REDIS_PORT" in result.stderr
