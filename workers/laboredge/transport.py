"""Sending LaborEdge calls: timeouts, retries with capped backoff, one re-auth on 401/403.

Every call has a timeout. 429 waits for ``Retry-After`` (seconds or an HTTP
date, capped); 5xx, timeouts and dropped connections are retried with capped
exponential backoff and jitter, up to ``max_retries``; then
:class:`~workers.laboredge.errors.LaborEdgeError` carries the method, URL,
status and attempts. A 401/403 from an API call drops the token and retries the
call once.

Non-idempotent calls (creating a candidate) are only retried when the server
cannot have acted on them: 429, or a connection that was never established.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx
import msgspec

from workers.laboredge.config import LaborEdgeConfig
from workers.laboredge.errors import LaborEdgeError

__all__ = ["ClientStats", "SleepFn", "TokenSource", "Transport", "parse_retry_after"]

log = logging.getLogger(__name__)

SleepFn = Callable[[float], Awaitable[None]]


@dataclass(slots=True)
class ClientStats:
    """Counters of one client's life, for run records, logs and tests."""

    requests: int = 0
    """HTTP requests sent (token requests included)."""
    token_requests: int = 0
    password_grants: int = 0
    refresh_grants: int = 0
    refresh_failures: int = 0
    auth_retries: int = 0
    """API calls retried once with a new token after a 401/403."""
    retries: int = 0
    rate_limited: int = 0
    server_errors: int = 0
    transport_errors: int = 0
    slept_s: float = 0.0
    retry_reasons: dict[str, int] = field(default_factory=dict)


class TokenSource(Protocol):
    """Where an authenticated call gets its bearer token (``workers.laboredge.auth``)."""

    async def access_token(self) -> str: ...

    def invalidate_token(self, access_token: str | None = None) -> None: ...


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class Transport:
    """The HTTP side of one client: its connection pool, retry policy and counters."""

    def __init__(
        self,
        config: LaborEdgeConfig,
        stats: ClientStats,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: SleepFn | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.stats = stats
        self._transport = transport
        self._sleep: SleepFn = sleep or asyncio.sleep
        self._rng = rng or random.Random()
        self._http: httpx.AsyncClient | None = None
        self._timeout = httpx.Timeout(config.timeout_s)

    async def open(self) -> None:
        if self._http is None:
            self._http = httpx.AsyncClient(
                timeout=self._timeout,
                transport=self._transport,
                limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
                headers={"Accept": "application/json", "User-Agent": "excel-staffing-sync/1"},
                follow_redirects=False,
            )

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    @property
    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            raise RuntimeError("LaborEdgeClient is not open; use `async with LaborEdgeClient(...)`")
        return self._http

    def _backoff(self, attempt: int) -> float:
        cap = min(self.config.backoff_max_s, self.config.backoff_base_s * (2 ** (attempt - 1)))
        return cap / 2 + self._rng.uniform(0, cap / 2)

    async def _wait(self, delay: float) -> None:
        self.stats.slept_s += delay
        await self._sleep(delay)

    def _note_retry(self, reason: str) -> None:
        self.stats.retries += 1
        self.stats.retry_reasons[reason] = self.stats.retry_reasons.get(reason, 0) + 1

    async def send(
        self,
        method: str,
        url: str,
        *,
        tokens: TokenSource | None,
        idempotent: bool,
        what: str,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        basic_auth: tuple[str, str] | None = None,
    ) -> httpx.Response:
        """Send one logical call with retries and backoff; return the final response.

        With ``tokens`` the call carries a bearer token, renewed and retried once
        after a 401/403; without, it is sent as given (the token calls themselves).

        The response is a 2xx, or a 4xx other than 429 (and other than a first
        401/403), which the caller interprets. Everything else raises
        :class:`LaborEdgeError` once the retries are spent.
        """
        attempts = 0
        retries = 0
        auth_retried = False
        max_retries = self.config.max_retries
        content = msgspec.json.encode(json) if json is not None else None
        while True:
            attempts += 1
            send_headers: dict[str, str] = dict(headers or {})
            token: str | None = None
            if tokens is not None:
                token = await tokens.access_token()
                send_headers["Authorization"] = f"Bearer {token}"
            if content is not None:
                send_headers["Content-Type"] = "application/json"
            self.stats.requests += 1
            try:
                response = await self.http.request(
                    method,
                    url,
                    content=content,
                    data=data,
                    params=params,
                    headers=send_headers,
                    auth=httpx.BasicAuth(*basic_auth) if basic_auth else httpx.USE_CLIENT_DEFAULT,
                    timeout=self._timeout,
                )
            except httpx.TransportError as exc:
                self.stats.transport_errors += 1
                never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                reason = type(exc).__name__
                if retries >= max_retries or not (idempotent or never_sent):
                    raise LaborEdgeError(
                        f"{what} failed: {reason}: {exc}",
                        method=method,
                        url=url,
                        attempts=attempts,
                    ) from exc
                retries += 1
                delay = self._backoff(retries)
                self._note_retry(reason)
                log.warning(
                    "laboredge %s %s %s: %s; retry %d/%d in %.2fs",
                    what,
                    method,
                    url,
                    reason,
                    retries,
                    max_retries,
                    delay,
                )
                await self._wait(delay)
                continue

            status = response.status_code
            if status in (401, 403) and tokens is not None and not auth_retried:
                auth_retried = True
                self.stats.auth_retries += 1
                log.info(
                    "laboredge %s %s %s: %d; renewing the token and retrying once",
                    what,
                    method,
                    url,
                    status,
                )
                tokens.invalidate_token(token)
                continue
            if status == 429 or (status >= 500 and idempotent):
                kind: Literal["rate_limited", "server_error"] = (
                    "rate_limited" if status == 429 else "server_error"
                )
                if kind == "rate_limited":
                    self.stats.rate_limited += 1
                else:
                    self.stats.server_errors += 1
                if retries >= max_retries:
                    raise LaborEdgeError(
                        f"{what} failed: HTTP {status} after {retries} retries",
                        method=method,
                        url=url,
                        status=status,
                        attempts=attempts,
                        body=response.text,
                    )
                retries += 1
                delay = self._backoff(retries)
                if kind == "rate_limited":
                    after = parse_retry_after(response.headers.get("Retry-After"))
                    if after is not None:
                        delay = min(after, self.config.retry_after_max_s)
                self._note_retry(f"http_{status}")
                log.warning(
                    "laboredge %s %s %s: HTTP %d; retry %d/%d in %.2fs",
                    what,
                    method,
                    url,
                    status,
                    retries,
                    max_retries,
                    delay,
                )
                await self._wait(delay)
                continue
            if status >= 500:
                raise LaborEdgeError(
                    f"{what} failed: HTTP {status} (not retried: not idempotent)",
                    method=method,
                    url=url,
                    status=status,
                    attempts=attempts,
                    body=response.text,
                )
            return response
