"""Every HTTP request counted, timed and (with tracing on) traced, by its route template.

An ASGI middleware registered first on the app, so it sees each request that reached a
route, refusals by the request guards included. Litestar runs app middleware after
routing, so ``scope["path_template"]`` is the route as declared
(``/api/chat/sessions/{session_id}/messages``): ids never become label values.
The time runs until the last byte of the body is sent, so a streamed chat reply counts
whole. A request to no route at all (a 404 from the router) never reaches a route's
middleware and is not counted here.
"""

from __future__ import annotations

import time
from typing import Any

from litestar.enums import ScopeType
from litestar.middleware import AbstractMiddleware
from litestar.types import Message, Receive, Scope, Send
from opentelemetry.trace import SpanKind, Status, StatusCode

from config.metrics import HTTP_DURATION, HTTP_IN_FLIGHT, HTTP_REQUESTS, status_class
from config.tracing import extract_context, tracing_enabled
from config.tracing import span as start_span

__all__ = ["RequestMetrics", "route_of"]


def route_of(scope: Scope) -> str:
    template = scope.get("path_template")
    return str(template) if template else "unmatched"


def _headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1"): value.decode("latin-1")
        for name, value in scope.get("headers", ())
        if name in (b"traceparent", b"tracestate")
    }


class RequestMetrics(AbstractMiddleware):
    scopes = {ScopeType.HTTP}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = str(scope.get("method", "GET"))
        route = route_of(scope)
        status = 500  # unless a response starts: an exception that escaped everything

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        started = time.perf_counter()
        HTTP_IN_FLIGHT.inc()
        try:
            if tracing_enabled():
                await self._traced(scope, receive, send_wrapper, method, route, lambda: status)
            else:
                await self.app(scope, receive, send_wrapper)
        finally:
            HTTP_IN_FLIGHT.dec()
            labels = (method, route, status_class(status))
            HTTP_REQUESTS.labels(*labels).inc()
            HTTP_DURATION.labels(*labels).observe(time.perf_counter() - started)

    async def _traced(
        self, scope: Scope, receive: Receive, send: Send, method: str, route: str, status: Any
    ) -> None:
        from opentelemetry import context as otel_context

        # A caller's traceparent (the proxy, another service) makes this span its child.
        token = otel_context.attach(extract_context(_headers(scope)))
        try:
            with start_span(
                f"{method} {route}",
                kind=SpanKind.SERVER,
                attributes={"http.request.method": method, "http.route": route},
            ) as server_span:
                await self.app(scope, receive, send)
                code = int(status())
                server_span.set_attribute("http.response.status_code", code)
                if code >= 500:
                    server_span.set_status(Status(StatusCode.ERROR))
        finally:
            otel_context.detach(token)
