"""A local S3-protocol server for tests: moto in server mode, spoken to over real HTTP by
boto3 exactly as it would speak to AWS or MinIO (no patching of boto3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from moto.server import ThreadedMotoServer


@contextmanager
def running_s3_server() -> Iterator[str]:
    """Start moto on a free 127.0.0.1 port (the OS picks it: no race); yield its endpoint."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """Endpoint URL of the session's local S3 server (import this fixture into a test module)."""
    with running_s3_server() as endpoint:
        yield endpoint
