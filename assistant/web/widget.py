"""``GET /widget.js``: the chat widget, one file, served gzipped with an ETag.

:func:`script_asset` and :func:`script_response` serve any of the site's own
scripts the same way (``/account.js`` too, :mod:`assistant.web.account_pages`).
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from litestar import Controller, Request, Response, get

WIDGET_SOURCE = Path(__file__).with_name("widget.js")


@dataclass(frozen=True)
class WidgetAsset:
    raw: bytes
    gzipped: bytes
    etag: str


@lru_cache(maxsize=8)
def script_asset(source: Path) -> WidgetAsset:
    """A script file read once per process, with its gzipped body and ETag."""
    raw = source.read_bytes()
    return WidgetAsset(
        raw=raw,
        gzipped=gzip.compress(raw, compresslevel=9, mtime=0),
        etag='"' + hashlib.sha256(raw).hexdigest()[:20] + '"',
    )


def widget_asset() -> WidgetAsset:
    return script_asset(WIDGET_SOURCE)


def script_response(
    request: Request, asset: WidgetAsset, *, resource_policy: str = "cross-origin"
) -> Response[bytes]:
    """The script (gzipped when accepted), cached 5 minutes, 304 when the ETag matches.

    ``resource_policy`` is the ``Cross-Origin-Resource-Policy``: the widget is embedded
    by other sites (``cross-origin``); the site's own scripts are ``same-origin``.
    """
    headers = {
        "Cache-Control": "public, max-age=300",
        "ETag": asset.etag,
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": resource_policy,
    }
    if request.headers.get("if-none-match") == asset.etag:
        return Response(b"", status_code=304, headers=headers)
    body = asset.raw
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


class WidgetController(Controller):
    include_in_schema = False

    @get("/widget.js", name="widget")
    async def widget(self, request: Request) -> Response[bytes]:
        return script_response(request, widget_asset())
