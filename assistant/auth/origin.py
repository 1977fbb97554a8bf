"""Request guards run before every route: trusted Host, same-site origin, JSON-only API bodies.

One ASGI middleware (:class:`RequestGuard`, registered by ``create_app``) checks, in order:

1. **Host** (400): the ``Host`` header must name one of ``Settings.effective_allowed_hosts``
   (the port is ignored; ``*.example.com`` allows subdomains, ``*`` anything). The host
   feeds the demo pages' CSP ``connect-src`` and the widget's ``data-api``.
2. **Origin** (403), against cross-site request forgery: a state-changing request
   (POST, PUT, PATCH, DELETE) that carries the ``esa_session`` login cookie, and every
   login, registration or account link (a forged login would sign the victim into the attacker's
   account), must come from an allowed origin: ``PUBLIC_BASE_URL``'s origin, a
   ``CORS_ORIGINS`` entry, or the request's own origin (scheme + the checked Host). The
   ``Origin`` header is read, else the ``Referer``'s origin; ``Origin: null`` is refused
   (and a ``*`` in ``CORS_ORIGINS`` does not widen this check).
   With neither header the request passes: browsers send ``Origin`` on every cross-site
   POST (fetch and forms alike), so only non-browser clients (curl, scripts, which no other
   site can drive) send neither. Requests authenticated only by a chat bearer token or the
   webhook's HMAC carry no cookie and are not checked.
3. **JSON bodies** (415): a POST, PUT, PATCH or DELETE under ``/api`` with a body must
   say ``Content-Type: application/json`` (or ``application/*+json``): form posts and
   ``text/plain`` bodies, the kinds another site can send without a CORS preflight,
   never reach a handler. An empty body needs no type. The one exception is a resume
   upload (``multipart/form-data`` to :data:`UPLOAD_PATHS`): the conversation's upload
   needs its Bearer token (a header no cross-site form can send), and ``/api/me/resumes``
   carries the login cookie, so its origin is checked as in 2.

Refusals are ``HTTPException``s, so the app's exception handlers give them the one error
shape (:class:`assistant.errors.ErrorBody`), and the CORS middleware outside still adds
its headers for allowed origins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from litestar.datastructures import Headers
from litestar.exceptions import ClientException, HTTPException, PermissionDeniedException
from litestar.types import ASGIApp, Receive, Scope, Send

from assistant.auth.current import SESSION_COOKIE
from config.settings import Settings

__all__ = ["RequestGuard", "UnsupportedMediaType", "allowed_origins"]

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ALWAYS_CHECKED_PATHS = frozenset(
    {
        "/api/auth/login",
        "/api/auth/register",
        "/api/auth/verify",
        "/api/auth/password/forgot",
        "/api/auth/password/reset",
    }
)
API_PREFIX = "/api/"
UPLOAD_PATHS = re.compile(r"^/api/(chat/sessions/[0-9a-fA-F-]{36}|me)/resumes$")


class UnsupportedMediaType(HTTPException):
    """415: the API takes JSON bodies only."""

    status_code = 415


def allowed_origins(settings: Settings) -> list[str]:
    """``PUBLIC_BASE_URL``'s origin and the ``CORS_ORIGINS`` (the CORS allow-list too)."""
    public = urlsplit(settings.public_base_url)
    return sorted({f"{public.scheme}://{public.netloc}", *settings.cors_origins})


def _origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL, lower-cased; None when it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = parts.hostname if port is None or port == default else f"{parts.hostname}:{port}"
    return f"{parts.scheme.lower()}://{netloc.lower()}"


def _host_name(host: str) -> str:
    """The Host header without its port ("[::1]:8000" -> "[::1]"), lower-cased."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _host_allowed(host: str, patterns: Iterable[str]) -> bool:
    name = _host_name(host).rstrip(".")
    if not name:
        return False
    for pattern in patterns:
        if pattern == "*" or pattern == name:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


def _has_session_cookie(headers: Headers) -> bool:
    for header in headers.getall("cookie", []):
        for pair in header.split(";"):
            name, _, value = pair.strip().partition("=")
            if name == SESSION_COOKIE and value.strip():
                return True
    return False


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _is_upload(path: str, content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "multipart/form-data" and UPLOAD_PATHS.match(path) is not None


def _has_body(headers: Headers) -> bool:
    length = headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in headers


class RequestGuard:
    """The ASGI middleware; register it as ``DefineMiddleware(RequestGuard, settings=...)``."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hosts = tuple(settings.effective_allowed_hosts)
        self.origins = frozenset(
            origin for url in allowed_origins(settings) if (origin := _origin_of(url)) is not None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.check(scope)
        await self.app(scope, receive, send)

    def check(self, scope: Scope) -> None:
        headers = Headers.from_scope(scope)
        host = headers.get("host", "")
        if not _host_allowed(host, self.hosts):
            raise ClientException(detail="This host name is not served here.")
        method = str(scope.get("method", "GET")).upper()
        if method not in STATE_CHANGING:
            return
        path = str(scope.get("path", "")).rstrip("/")
        if path in ALWAYS_CHECKED_PATHS or _has_session_cookie(headers):
            self._check_origin(headers, f"{scope.get('scheme', 'http')}://{host}")
        content_type = headers.get("content-type", "")
        json_body = _is_json(content_type)
        if _is_upload(path, content_type):
            return
        if path.startswith(API_PREFIX) and _has_body(headers) and not json_body:
            raise UnsupportedMediaType(
                detail="The request body must be JSON (Content-Type: application/json).",
                extra={"code": "json_only"},
            )

    def _check_origin(self, headers: Headers, own_url: str) -> None:
        if (origin := headers.get("origin")) is None:
            if (referer := headers.get("referer")) is None:
                return  # no browser sends neither on a cross-site POST: curl, scripts
            origin = referer
        sent = _origin_of(origin)  # "null" (sandboxed frames, data: URLs) has none
        if sent is None or (sent not in self.origins and sent != _origin_of(own_url)):
            raise PermissionDeniedException(
                detail="This request did not come from a site allowed to use your login.",
                extra={"code": "cross_site_request"},
            )
