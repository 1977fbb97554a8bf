"""Command-line errors an operator can cause end in one clear line, never a traceback."""

from __future__ import annotations

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
