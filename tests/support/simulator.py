"""Start LaborEdge simulators for a test and stop them all afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from devstack.laboredge_simulator import SimulatorConfig, SimulatorServer

StartSim = Callable[..., SimulatorServer]


@contextmanager
def simulators(**defaults: Any) -> Iterator[StartSim]:
    """A ``start(**overrides)`` that serves a simulator over HTTP (``defaults`` + overrides)."""
    servers: list[SimulatorServer] = []

    def start(**overrides: Any) -> SimulatorServer:
        server = SimulatorServer(SimulatorConfig(**{**defaults, **overrides}))
        server.start()
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()
