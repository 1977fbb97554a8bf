"""The simulator's own admin API under ``/__sim``: change the board, read it, inject faults.

``POST /__sim/mutate`` adds, updates, closes and reopens jobs; ``GET /__sim/jobs`` is the
current truth; ``POST /__sim/faults`` sets fault injection and ``GET /__sim/stats``
counts what happened. Admin requests are never faulted nor counted as requests.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from litestar import Request, Response, get, post

from devstack.laboredge_simulator.config import FaultConfig
from devstack.laboredge_simulator.responses import error, json_body, json_response, simulator

__all__ = ["ADMIN_HANDLERS", "ADMIN_PREFIX"]

ADMIN_PREFIX: Final = "/__sim"


@post(f"{ADMIN_PREFIX}/mutate", status_code=200)
async def admin_mutate(request: Request[Any, Any, Any]) -> Response[bytes]:
    body = await json_body(request)
    try:
        result = simulator(request).mutate(
            add=int(body.get("add", 0)),
            update=int(body.get("update", 0)),
            close=int(body.get("close", 0)),
            reopen=int(body.get("reopen", 0)),
            seed=None if body.get("seed") is None else int(body["seed"]),
        )
    except (TypeError, ValueError) as exc:
        return error(400, "bad_request", str(exc))
    return json_response(result)


@get(f"{ADMIN_PREFIX}/jobs")
async def admin_jobs(request: Request[Any, Any, Any]) -> Response[bytes]:
    return json_response(simulator(request).truth())


@post(f"{ADMIN_PREFIX}/faults", status_code=200)
async def admin_set_faults(request: Request[Any, Any, Any]) -> Response[bytes]:
    raw = await request.body()
    try:
        faults = msgspec.json.decode(raw or b"{}", type=FaultConfig)
    except msgspec.ValidationError as exc:
        return error(400, "bad_request", str(exc))
    simulator(request).set_faults(faults)
    return json_response(msgspec.structs.asdict(faults))


@get(f"{ADMIN_PREFIX}/faults")
async def admin_get_faults(request: Request[Any, Any, Any]) -> Response[bytes]:
    return json_response(msgspec.structs.asdict(simulator(request).faults))


@get(f"{ADMIN_PREFIX}/stats")
async def admin_stats(request: Request[Any, Any, Any]) -> Response[bytes]:
    sim = simulator(request)
    return json_response(
        {
            "requests": sim.request_no,
            "counters": dict(sorted(sim.stats.items())),
            "version": sim.version,
            "open_jobs": sum(1 for e in sim.entries.values() if e.open),
            "candidates": len(sim.candidates),
        }
    )


@post(f"{ADMIN_PREFIX}/stats/reset", status_code=200)
async def admin_reset_stats(request: Request[Any, Any, Any]) -> Response[bytes]:
    simulator(request).stats.clear()
    return json_response({"ok": True})


ADMIN_HANDLERS = (
    admin_mutate,
    admin_jobs,
    admin_set_faults,
    admin_get_faults,
    admin_stats,
    admin_reset_stats,
)
