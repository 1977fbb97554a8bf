"""``GET /widget.js``: the chat widget, one file, served gzipped with an ETag."""

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


@lru_cache(maxsize=1)
def widget_asset() -> WidgetAsset:
    raw = WIDGET_SOURCE.read_bytes()
    return WidgetAsset(
        raw=raw,
        gzipped=gzip.compress(raw, compresslevel=9, mtime=0),
        etag='"' + hashlib.sha256(raw).hexdigest()[:20] + '"',
    )


class WidgetController(Controller):
    include_in_schema = False

    @get("/widget.js", name="widget")
    async def widget(self, request: Request) -> Response[bytes]:
        asset = widget_asset()
        headers = {
            "Cache-Control": "public, max-age=300",
            "ETag": asset.etag,
            "Vary": "Accept-Encoding",
            "X-Content-Type-Options": "nosniff",
            "Cross-Origin-Resource-Policy": "cross-origin",
        }
        if request.headers.get("if-none-match") == asset.etag:
            return Response(b"", status_code=304, headers=headers)
        body = asset.raw
        if "gzip" in request.headers.get("accept-encoding", ""):
            body = asset.gzipped
            headers["Content-Encoding"] = "gzip"
        return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)
