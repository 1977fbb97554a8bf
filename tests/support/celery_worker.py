"""Run a real `celery worker` process for a test module or session."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from celery import Celery


def wait_until_pinged(
    client: Celery,
    process: subprocess.Popen[bytes],
    name: str,
    log_path: Path,
    timeout_s: float = 90,
) -> None:
    """Until the worker called ``name`` (``--hostname``, expanded) answers a ping."""
    deadline = time.monotonic() + timeout_s
    while not any(name in reply for reply in client.control.ping([name], timeout=0.5)):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"celery worker did not start: {log_path.read_text()[-2000:]}")


@contextmanager
def running_worker(
    client: Celery, env: dict[str, str], log_path: Path, *, concurrency: int = 4
) -> Iterator[Celery]:
    """Start a worker with ``env``, wait until ``client`` can ping it, stop it afterwards."""
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workers.celery_app",
                "worker",
                "--pool",
                "threads",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--hostname",
                f"test-{uuid.uuid4().hex[:6]}@%h",
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while not client.control.ping(timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"celery worker did not start: {log_path.read_text()[-2000:]}")
        yield client
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        client.close()
