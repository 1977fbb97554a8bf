"""One tool call as both engines make it: counted by tool and outcome, timed, traced.

The outcome is the result's ``status`` (``ok``, ``not_found``, ``login_required``...: a
small fixed set each tool declares) or ``error`` when the call raised.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from config.metrics import TOOL_CALLS, TOOL_DURATION
from config.tracing import span

__all__ = ["observed_call"]

R = TypeVar("R")


async def observed_call(name: str, call: Callable[[], Awaitable[R]]) -> R:
    started = time.perf_counter()
    with span(f"tool {name}", attributes={"tool.name": name}) as tool_span:
        try:
            result = await call()
        except Exception:
            TOOL_CALLS.labels(name, "error").inc()
            raise
        finally:
            TOOL_DURATION.labels(name).observe(time.perf_counter() - started)
        outcome = str(getattr(result, "status", None) or "ok")
        TOOL_CALLS.labels(name, outcome).inc()
        tool_span.set_attribute("tool.outcome", outcome)
        return result
