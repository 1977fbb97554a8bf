"""Command-line errors an operator can cause end in one clear line, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import _free_port


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", **env},
        timeout=120,
        check=False,
    )


def test_unreachable_database_is_one_line_not_a_traceback() -> None:
    port = _free_port()
    result = _run(
        "seed",
        "--jobs",
        "1",
        DATABASE_URL=f"postgresql+asyncpg://nobody@127.0.0.1:{port}/none",
        MONGODB_URL=f"mongodb://127.0.0.1:{port}/",
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "seed failed" in result.stderr and "Connect" in result.stderr


def test_bad_flag_values_are_refused_with_the_reason() -> None:
    result = _run("seed", "--jobs", "-5")
    assert result.returncode == 2
    assert "expected 0 or more" in result.stderr and "Traceback" not in result.stderr
    faults = _run("laboredge-sim", "--faults", "{bad")
    assert faults.returncode == 2
    assert "--faults is not valid fault JSON" in faults.stderr


def _long_urls() -> dict[str, str]:
    port = _free_port()
    name = "a_database_name_long_enough_to_be_cut_at_eighty_columns"
    return {
        "DATABASE_URL": f"postgresql+asyncpg://nobody@127.0.0.1:{port}/{name}",
        "MONGODB_URL": f"mongodb://127.0.0.1:{port}/?appName=status-check-with-a-long-name",
        "REDIS_URL": f"redis://127.0.0.1:{port}/7",
    }


def test_services_status_json_is_one_object_with_every_service() -> None:
    urls = _long_urls()
    result = _run("services", "status", "--json", COLUMNS="40", **urls)
    assert result.returncode == 1  # nothing answers on that port
    payload = json.loads(result.stdout)
    assert payload["all_running"] is False
    assert payload["services"] == [
        {"name": "postgresql", "url": urls["DATABASE_URL"], "embedded": False, "running": False},
        {"name": "mongodb", "url": urls["MONGODB_URL"], "embedded": False, "running": False},
        {"name": "redis", "url": urls["REDIS_URL"], "embedded": False, "running": False},
    ]


def test_services_status_piped_prints_whole_urls() -> None:
    urls = _long_urls()
    result = _run("services", "status", COLUMNS="40", **urls)  # stdout is a pipe here
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["service", "url", "kind", "answers"]
    assert [line.split() for line in lines[1:]] == [
        ["postgresql", urls["DATABASE_URL"], "external", "no"],
        ["mongodb", urls["MONGODB_URL"], "external", "no"],
        ["redis", urls["REDIS_URL"], "external", "no"],
    ]
