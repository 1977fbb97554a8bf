"""``@page(...)``: the route decorator for public pages, answering GET and HEAD.

Litestar's ``@get`` answers GET only, so crawlers and link checkers that probe a
page with HEAD got 405. One handler serving both methods keeps the status and
headers (Content-Type, Cache-Control, ETag) identical; the body of a HEAD answer
is dropped by the ASGI server (uvicorn sends none for HEAD), as HTTP requires.
"""

from __future__ import annotations

from typing import Any

from litestar import HttpMethod, route
from litestar.handlers import HTTPRouteHandler

__all__ = ("page",)


def page(path: str, **kwargs: Any) -> HTTPRouteHandler:
    """A GET route that answers HEAD too; same arguments as ``@get``."""
    return route(path, http_method=[HttpMethod.GET, HttpMethod.HEAD], **kwargs)
