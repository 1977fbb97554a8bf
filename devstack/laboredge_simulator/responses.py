"""What every simulator endpoint shares: its state, JSON bodies and error answers."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response

from devstack.laboredge_simulator.state import SimulatorState

__all__ = ["error", "json_body", "json_response", "simulator"]

_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder()


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response[bytes]:
    """``body`` as JSON; bytes are sent as they are (already encoded records)."""
    content = body if isinstance(body, bytes) else _ENCODER.encode(body)
    return Response(content, status_code=status, media_type="application/json", headers=headers)


def error(status: int, code: str, message: str) -> Response[bytes]:
    return json_response({"error": code, "message": message, "status": status}, status)


def simulator(request: Request[Any, Any, Any]) -> SimulatorState:
    """The state of the simulator serving ``request``."""
    sim: SimulatorState = request.app.state["sim"]
    return sim


async def json_body(request: Request[Any, Any, Any]) -> Any:
    """The decoded request body (``{}`` when empty); raises ``msgspec.DecodeError``."""
    raw = await request.body()
    if not raw:
        return {}
    return _DECODER.decode(raw)
