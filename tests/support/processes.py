"""Start the service's own processes for a test: the API under uvicorn, Celery workers, the
image's entry point (``deploy/entrypoint.sh``), each in its own process group, and stop or
kill them with everything they started."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from config.settings import PROJECT_ROOT

ENTRYPOINT = PROJECT_ROOT / "deploy" / "entrypoint.sh"
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "assistant.app:create_app"]


def image_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` as the image sets it up: this venv's commands first on PATH, the source on
    PYTHONPATH (the image runs the tree in /app without installing it)."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, **env, "PATH": path, "PYTHONPATH": str(PROJECT_ROOT)}


def start(command: Sequence[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """``command`` in a new session (its own process group), output appended to ``log_path``."""
    with log_path.open("ab") as log_file:
        return subprocess.Popen(
            list(command),
            env=env,
            cwd=PROJECT_ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    """``signum`` to the process and every process it started (a container's whole tree)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def stop(process: subprocess.Popen[bytes], timeout_s: float = 20) -> None:
    if process.poll() is None:
        signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            signal_group(process, signal.SIGKILL)
            process.wait(10)
    signal_group(process, signal.SIGKILL)  # whatever of its group outlived it


def stop_all(processes: list[subprocess.Popen[bytes]], timeout_s: float = 20) -> None:
    """:func:`stop` for several at once: all are told to stop before any is waited for."""
    for process in processes:
        if process.poll() is None:
            signal_group(process, signal.SIGTERM)
    for process in processes:
        stop(process, timeout_s)


def wait_until_answering(
    process: subprocess.Popen[bytes], port: int, log_path: Path, timeout_s: float = 90
) -> None:
    """Until ``GET /health`` on ``port`` answers at all (200 or 503)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the API exited: {log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code in (200, 503):
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"the API did not start: {log_path.read_text()[-3000:]}")


@contextmanager
def api_process(
    env: dict[str, str], port: int, log_path: Path, command: Sequence[str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """The API answering on 127.0.0.1:``port`` (uvicorn, unless ``command`` says otherwise),
    killed afterwards."""
    command = command or [*UVICORN, "--host", "127.0.0.1", "--port", str(port)]
    process = start(command, env, log_path)
    try:
        wait_until_answering(process, port, log_path)
        yield process
    finally:
        if process.poll() is None:
            signal_group(process, signal.SIGKILL)
        process.wait(10)
