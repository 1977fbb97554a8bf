"""Shared pieces of the benchmarks: free ports, percentiles, a throwaway service stack."""

from __future__ import annotations

import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from config.settings import Settings  # noqa: E402
from devstack.services import DevStack  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def stack_in(folder: Path) -> Iterator[Settings]:
    """Embedded PostgreSQL, MongoDB and Redis keeping their data in ``folder``, on free ports."""
    settings = Settings(
        DATA_DIR=folder / "data",
        PG_PORT=free_port(),
        MONGO_PORT=free_port(),
        REDIS_PORT=free_port(),
        DATABASE_URL="",
        MONGODB_URL="",
        REDIS_URL="",
        LOG_JSON=False,
    )
    stack = DevStack(settings)
    stack.start()
    try:
        yield settings
    finally:
        stack.stop()


@contextmanager
def throwaway_stack(prefix: str) -> Iterator[Settings]:
    """:func:`stack_in` a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp, stack_in(Path(tmp)) as settings:
        yield settings
