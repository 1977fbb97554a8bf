"""HTML responses of the public pages: the site's CSP, revalidation by ETag.

Shared by the content pages (:mod:`assistant.web.content_pages`) and the FAQ pages
(:mod:`assistant.web.faq_pages`).
"""

from __future__ import annotations

import hashlib

from litestar import Request, Response

from assistant.web.templates import content_security_policy
from config.settings import Settings

__all__ = ["html_response", "origin", "site_url"]

_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def site_url(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/")


def etag_matches(request: Request, etag: str) -> bool:
    wanted = request.headers.get("if-none-match", "")
    return wanted.strip() == "*" or etag in (tag.strip() for tag in wanted.split(","))


def html_response(request: Request, html: str, status_code: int = 200) -> Response[bytes]:
    """The page with the site's CSP; 200s with an ETag of their bytes (304 when it matches)."""
    body = html.encode()
    headers = {
        **_HEADERS,
        "Content-Security-Policy": content_security_policy(origin(request)),
        "Cache-Control": "public, no-cache" if status_code == 200 else "no-store",
    }
    if status_code == 200:
        headers["ETag"] = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        if etag_matches(request, headers["ETag"]):
            return Response(b"", status_code=304, headers=headers)
    return Response(
        body, status_code=status_code, media_type="text/html; charset=utf-8", headers=headers
    )
