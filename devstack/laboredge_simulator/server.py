"""The simulator as an ASGI app with request-level faults, served in the foreground or
in a background thread.
"""

from __future__ import annotations

import datetime
import logging
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

import msgspec
from litestar import Litestar
from litestar.datastructures import State

from devstack.laboredge_simulator.admin import ADMIN_HANDLERS, ADMIN_PREFIX
from devstack.laboredge_simulator.api import API_HANDLERS
from devstack.laboredge_simulator.config import FaultConfig, SimulatorConfig
from devstack.laboredge_simulator.state import SimulatorState

__all__ = [
    "SimulatedConnectionDrop",
    "SimulatorApp",
    "SimulatorServer",
    "create_simulator_app",
    "run_simulator",
]

log = logging.getLogger(__name__)

_ENCODER = msgspec.json.Encoder()

Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


class SimulatedConnectionDrop(Exception):
    """Raised after a partial response so the server aborts the connection."""


async def _send_json(
    send: Send, status: int, body: Any, extra_headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    content = _ENCODER.encode(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(content)).encode()),
                *extra_headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": content})


def _retry_after(faults: FaultConfig) -> str:
    if faults.retry_after_http_date:
        when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
            seconds=faults.retry_after_s
        )
        return when.strftime("%a, %d %b %Y %H:%M:%S GMT")
    if float(faults.retry_after_s).is_integer():
        return str(int(faults.retry_after_s))
    return str(faults.retry_after_s)


class _FaultMiddleware:
    """Injects the request-level faults (drop, 429, 5xx) in front of the API routes."""

    def __init__(self, app: ASGIApp, sim: SimulatorState) -> None:
        self.app = app
        self.sim = sim

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        sim = self.sim
        faults = sim.faults
        sim.request_no += 1
        n = sim.request_no
        if faults.drop_every > 0 and n % faults.drop_every == 0:
            sim.count("fault.dropped")
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"4096"),
                    ],
                }
            )
            await send(
                {"type": "http.response.body", "body": b'{"records":[{"jobId', "more_body": True}
            )
            raise SimulatedConnectionDrop(f"simulated connection drop on request {n}")
        if faults.rate_limit_every > 0 and n % faults.rate_limit_every == 0:
            sim.count("fault.rate_limited")
            await _send_json(
                send,
                429,
                {"error": "too_many_requests", "message": "rate limit exceeded"},
                [(b"retry-after", _retry_after(faults).encode())],
            )
            return
        erroring = faults.error_every > 0 and n % faults.error_every == 0
        if not erroring and faults.error_rate > 0:
            erroring = sim.fault_rng.random() < faults.error_rate
        if erroring:
            sim.count(f"fault.http_{faults.error_status}")
            await _send_json(
                send, faults.error_status, {"error": "server_error", "message": "simulated failure"}
            )
            return
        await self.app(scope, receive, send)


class SimulatorApp:
    """The ASGI app of :func:`create_simulator_app`; ``.state`` is the simulator's state."""

    def __init__(self, config: SimulatorConfig) -> None:
        self.state = SimulatorState(config)
        self.litestar = Litestar(
            route_handlers=[*API_HANDLERS, *ADMIN_HANDLERS],
            state=State({"sim": self.state}),
            openapi_config=None,
            debug=False,
        )
        self._app = _FaultMiddleware(self.litestar, self.state)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


def create_simulator_app(config: SimulatorConfig | None = None) -> SimulatorApp:
    """The simulator as an ASGI app (state built now: ``config.jobs`` records generated)."""
    return SimulatorApp(config or SimulatorConfig())


# ------------------------------------------------------------------------- running
class _DropFilter(logging.Filter):
    """Keeps the server's log free of the tracebacks of simulated connection drops."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, SimulatedConnectionDrop)


def _quiet_drops() -> None:
    error_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropFilter) for f in error_log.filters):
        error_log.addFilter(_DropFilter())


def run_simulator(
    port: int = 8900,
    jobs: int = 1000,
    seed: int = 42,
    *,
    host: str = "127.0.0.1",
    faults: FaultConfig | None = None,
    log_level: str = "info",
) -> None:
    """Serve the simulator in the foreground with uvicorn (blocks until stopped)."""
    import uvicorn

    started = time.perf_counter()
    app = create_simulator_app(
        SimulatorConfig(jobs=jobs, seed=seed, faults=faults or FaultConfig())
    )
    log.info(
        "laboredge simulator: %d jobs generated in %.1fs; serving http://%s:%d",
        jobs,
        time.perf_counter() - started,
        host,
        port,
    )
    _quiet_drops()
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False, lifespan="off")


class SimulatorServer:
    """The simulator under uvicorn in a background thread, for tests and embedding.

    >>> with SimulatorServer(SimulatorConfig(jobs=100)) as sim:
    ...     sim.base_url  # http://127.0.0.1:<free port>
    """

    def __init__(
        self, config: SimulatorConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.app = create_simulator_app(config)
        self.host = host
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.port: int = self._sock.getsockname()[1]
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def state(self) -> SimulatorState:
        return self.app.state

    def start(self, timeout_s: float = 20.0) -> str:
        import uvicorn

        _quiet_drops()
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=30
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name=f"laboredge-sim-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the LaborEdge simulator did not start")
            time.sleep(0.01)
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._sock.close()

    def __enter__(self) -> SimulatorServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
