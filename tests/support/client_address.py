"""The app with each request's client address taken from its ``X-Test-Client`` header, so a
test can play visitors from many addresses (per-address throttles and limits)."""

from __future__ import annotations

from typing import Any

from litestar import Litestar


class ClientAddress:
    def __init__(self, app: Litestar) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for key, value in scope["headers"]:
                if key == b"x-test-client":
                    scope = {**scope, "client": (value.decode(), 50000)}
        await self._app(scope, receive, send)
