"""Async HTTP client of the LaborEdge (Nexus) API.

* OAuth2 password grant (``organizationCode`` in the form, the query string and
  a header; HTTP Basic client credentials), token cached until shortly before it
  expires (``expires_in`` or the JWT ``exp``), renewed with the single-use
  refresh token, re-authenticating when that fails.
* A 401/403 from an API call drops the token and retries the call once.
* Every call has a timeout. 429 waits for ``Retry-After`` (seconds or an HTTP
  date, capped); 5xx, timeouts and dropped connections are retried with capped
  exponential backoff and jitter, up to ``max_retries``; then
  :class:`LaborEdgeError` carries the method, URL, status and attempts.

Non-idempotent calls (creating a candidate) are only retried when the server
cannot have acted on them: 429, or a connection that was never established.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime
import email.utils
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final, Literal, Self

import httpx
import msgspec

from workers.laboredge.config import LaborEdgeConfig

__all__ = [
    "JOB_TYPE_IDS",
    "MASTER_LISTS",
    "ClientStats",
    "JobPage",
    "LaborEdgeAuthError",
    "LaborEdgeClient",
    "LaborEdgeError",
]

log = logging.getLogger(__name__)

MASTER_LISTS: Final = (
    "professions",
    "specialties",
    "states",
    "countries",
    "referralsources",
    "candidatetypes",
    "candidatestatuses",
    "recruiters",
    "shifts",
    "documenttypes",
)
"""The master lists served at ``/api/api-integration/v1/master/{name}``."""

JOB_TYPE_IDS: Final = ("LOCAL", "LOCUM", "PERM", "TRAVEL", "PER_DIEM")
"""Upstream job type ids accepted by the job board's ``jobTypeIds`` filter."""

MASTER_PATH = "/api/api-integration/v1/master/{name}"
JOBBOARD_SEARCH_PATH = "/api/leap-service/v1/unsecured/jobboard/organization/{org}"
JOBBOARD_DETAIL_PATH = "/api/leap-service/v1/unsecured/jobboard/organization/{org}/job/{job_id}"
CANDIDATE_SEARCH_PATH = "/api/api-integration/v1/candidates/search"
CANDIDATES_PATH = "/api/api-integration/v1/candidates"
CANDIDATE_PATH = "/api/api-integration/v1/candidates/{candidate_id}"

SleepFn = Callable[[float], Awaitable[None]]
_JSON = msgspec.json.Decoder()


class LaborEdgeError(Exception):
    """A LaborEdge call failed for good (after retries, or with a non-retryable status)."""

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        status: int | None = None,
        attempts: int = 1,
        body: str | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.attempts = attempts
        self.body = body
        detail = f"{method} {url}: {message} (attempts={attempts}"
        if status is not None:
            detail += f", status={status}"
        if body:
            detail += f", body={body[:300]!r}"
        super().__init__(detail + ")")


class LaborEdgeAuthError(LaborEdgeError):
    """The token endpoint refused our credentials (not retried)."""


@dataclass(slots=True)
class JobPage:
    """One page of the job board: its records and the board's total ``count``."""

    records: list[Any]
    """The raw records, as sent (normally objects; anything else is for the mapper to reject)."""
    count: int
    start: int = 0


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


@dataclass(slots=True)
class _Token:
    access_token: str
    refresh_token: str | None
    expires_at: float
    """``time.monotonic()`` after which the token is renewed."""


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim (Unix seconds) of a JWT, read without verifying it."""
    parts = token.split(".")
    if len(parts) < 2:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = _JSON.decode(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError, msgspec.DecodeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        return float(exp)
    return None


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


class LaborEdgeClient:
    """Async client of one LaborEdge organization. Use as ``async with LaborEdgeClient(cfg)``."""

    def __init__(
        self,
        config: LaborEdgeConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: SleepFn | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.stats = ClientStats()
        self._transport = transport
        self._sleep: SleepFn = sleep or asyncio.sleep
        self._rng = rng or random.Random()
        self._http: httpx.AsyncClient | None = None
        self._token: _Token | None = None
        self._token_lock = asyncio.Lock()
        self._timeout = httpx.Timeout(config.timeout_s)

    # ------------------------------------------------------------------ lifecycle
    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

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

    # ---------------------------------------------------------------------- auth
    async def access_token(self) -> str:
        """A valid access token: cached, refreshed, or newly granted."""
        token = self._token
        if token is not None and time.monotonic() < token.expires_at:
            return token.access_token
        async with self._token_lock:
            token = self._token
            if token is not None and time.monotonic() < token.expires_at:
                return token.access_token
            refresh = token.refresh_token if token is not None else None
            self._token = None
            new: _Token | None = None
            if refresh:
                new = await self._refresh_grant(refresh)
            if new is None:
                new = await self._password_grant()
            self._token = new
            return new.access_token

    def invalidate_token(self, access_token: str | None = None) -> None:
        """Force renewal (keeping the refresh token); only if ``access_token`` is still current."""
        token = self._token
        if token is None:
            return
        if access_token is None or token.access_token == access_token:
            token.expires_at = float("-inf")

    def _token_form(self) -> tuple[dict[str, str], dict[str, str]]:
        org = self.config.organization_code
        return {"organizationCode": org}, {"organizationCode": org}

    async def _password_grant(self) -> _Token:
        params, headers = self._token_form()
        form = {
            "grant_type": "password",
            "username": self.config.username,
            "password": self.config.password,
            "organizationCode": self.config.organization_code,
        }
        self.stats.password_grants += 1
        response = await self._token_call(form, params, headers)
        if response.status_code != 200:
            raise LaborEdgeAuthError(
                "authentication refused",
                method="POST",
                url=self.config.auth_url,
                status=response.status_code,
                body=response.text,
            )
        return self._parse_token(response)

    async def _refresh_grant(self, refresh_token: str) -> _Token | None:
        params, headers = self._token_form()
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "organizationCode": self.config.organization_code,
        }
        self.stats.refresh_grants += 1
        try:
            response = await self._token_call(form, params, headers)
            if response.status_code == 200:
                return self._parse_token(response)
        except LaborEdgeAuthError:
            pass
        except LaborEdgeError as exc:
            log.warning("laboredge token refresh failed, re-authenticating: %s", exc)
            self.stats.refresh_failures += 1
            return None
        self.stats.refresh_failures += 1
        log.info("laboredge refresh token refused; re-authenticating with the password grant")
        return None

    async def _token_call(
        self, form: dict[str, str], params: dict[str, str], headers: dict[str, str]
    ) -> httpx.Response:
        self.stats.token_requests += 1
        return await self._send(
            "POST",
            self.config.auth_url,
            authenticated=False,
            idempotent=True,
            data=form,
            params=params,
            headers=headers,
            basic_auth=(self.config.client_id, self.config.client_secret),
            what="token",
        )

    def _parse_token(self, response: httpx.Response) -> _Token:
        url = self.config.auth_url
        try:
            body = _JSON.decode(response.content)
        except msgspec.DecodeError as exc:
            raise LaborEdgeAuthError(
                "token response is not JSON", method="POST", url=url, body=response.text
            ) from exc
        if not isinstance(body, dict):
            raise LaborEdgeAuthError("token response is not an object", method="POST", url=url)
        access = body.get("acess_token") or body.get("access_token")
        if not isinstance(access, str) or not access:
            raise LaborEdgeAuthError(
                "token response has no acess_token/access_token",
                method="POST",
                url=url,
                body=response.text,
            )
        refresh = body.get("refresh_token")
        lifetime: float | None = None
        expires_in = body.get("expires_in")
        if isinstance(expires_in, int | float | str) and not isinstance(expires_in, bool):
            try:
                lifetime = float(expires_in)
            except ValueError:
                lifetime = None
        if lifetime is None:
            exp = jwt_expiry(access)
            if exp is not None:
                lifetime = exp - time.time()
        if lifetime is None:
            lifetime = self.config.default_token_ttl_s
        skew = min(self.config.token_skew_s, max(lifetime, 0.0) * 0.1)
        return _Token(
            access_token=access,
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
            expires_at=time.monotonic() + lifetime - skew,
        )

    # ------------------------------------------------------------------ transport
    def _backoff(self, attempt: int) -> float:
        cap = min(self.config.backoff_max_s, self.config.backoff_base_s * (2 ** (attempt - 1)))
        return cap / 2 + self._rng.uniform(0, cap / 2)

    async def _wait(self, delay: float) -> None:
        self.stats.slept_s += delay
        await self._sleep(delay)

    def _note_retry(self, reason: str) -> None:
        self.stats.retries += 1
        self.stats.retry_reasons[reason] = self.stats.retry_reasons.get(reason, 0) + 1

    async def _send(
        self,
        method: str,
        url: str,
        *,
        authenticated: bool,
        idempotent: bool,
        what: str,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        basic_auth: tuple[str, str] | None = None,
    ) -> httpx.Response:
        """Send one logical call with auth, retries and backoff; return the final response.

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
            if authenticated:
                token = await self.access_token()
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
            if status in (401, 403) and authenticated and not auth_retried:
                auth_retried = True
                self.stats.auth_retries += 1
                log.info(
                    "laboredge %s %s %s: %d; renewing the token and retrying once",
                    what,
                    method,
                    url,
                    status,
                )
                self.invalidate_token(token)
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

    async def _call_json(
        self,
        method: str,
        path: str,
        *,
        what: str,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        idempotent: bool = True,
        none_on_404: bool = False,
    ) -> Any:
        url = self.config.api_url + path
        response = await self._send(
            method,
            url,
            authenticated=True,
            idempotent=idempotent,
            what=what,
            json=json,
            params=params,
        )
        if response.status_code == 404 and none_on_404:
            return None
        if not response.is_success:
            raise LaborEdgeError(
                f"{what} failed: HTTP {response.status_code}",
                method=method,
                url=url,
                status=response.status_code,
                body=response.text,
            )
        if not response.content:
            return None
        try:
            return _JSON.decode(response.content)
        except msgspec.DecodeError as exc:
            raise LaborEdgeError(
                f"{what} returned invalid JSON: {exc}",
                method=method,
                url=url,
                status=response.status_code,
                body=response.text,
            ) from exc

    # --------------------------------------------------------------- master data
    async def master(self, name: str) -> list[dict[str, Any]]:
        """One master list (``professions``, ``specialties``, ... see :data:`MASTER_LISTS`)."""
        if name not in MASTER_LISTS:
            raise ValueError(f"unknown master list {name!r}; expected one of {MASTER_LISTS}")
        body = await self._call_json("GET", MASTER_PATH.format(name=name), what=f"master {name}")
        return _records(body)

    # ----------------------------------------------------------------- job board
    def _offering_params(self) -> dict[str, str]:
        return {"offeringId": self.config.offering_id}

    async def search_jobs(
        self,
        page_start: int,
        rows: int,
        filters: Mapping[str, Any] | None = None,
        *,
        sort_field: str = "jobId",
        sort_order: int = 1,
    ) -> JobPage:
        """One job board page from ``page_start``; ``filters`` overlay the default (no) filters."""
        body: dict[str, Any] = {
            "professionIds": [],
            "countryId": None,
            "specialtyIds": None,
            "stateCodes": None,
            "jobTypeIds": None,
            "startDate": None,
            "assignmentDuration": None,
            "weeklyPayRange": None,
            "featured": None,
            "hotJob": None,
        }
        if filters:
            body.update(filters)
        body["pagingSortingDetails"] = {
            "start": page_start,
            "maxRowsToFetch": rows,
            "sortField": sort_field,
            "sortOrder": sort_order,
        }
        path = JOBBOARD_SEARCH_PATH.format(org=self.config.organization_id)
        result = await self._call_json(
            "POST",
            path,
            what=f"job search (start={page_start}, rows={rows})",
            json=body,
            params=self._offering_params(),
        )
        records = _records(result, keep_all=True)
        count = result.get("count") if isinstance(result, dict) else None
        if not isinstance(count, int) or isinstance(count, bool):
            try:
                count = int(count)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                count = page_start + len(records)
        return JobPage(records=records, count=count, start=page_start)

    async def iter_job_pages(
        self,
        page_size: int | None = None,
        filters: Mapping[str, Any] | None = None,
        *,
        start: int = 0,
    ) -> AsyncIterator[JobPage]:
        """Every page of the board, from ``start`` until ``start >= count`` (or an empty page)."""
        size = page_size or self.config.page_size
        while True:
            page = await self.search_jobs(start, size, filters)
            if not page.records:
                if start < page.count:
                    log.warning(
                        "laboredge job board returned an empty page at start=%d of count=%d",
                        start,
                        page.count,
                    )
                return
            yield page
            start += len(page.records)
            if start >= page.count:
                return

    async def get_job(self, job_id: int | str) -> dict[str, Any] | None:
        """One job's detail record, or None when it is not (or no longer) on the board."""
        path = JOBBOARD_DETAIL_PATH.format(org=self.config.organization_id, job_id=job_id)
        body = await self._call_json(
            "GET",
            path,
            what=f"job detail {job_id}",
            params=self._offering_params(),
            none_on_404=True,
        )
        if body is None:
            return None
        if isinstance(body, dict) and isinstance(body.get("record"), dict):
            return body["record"]
        if not isinstance(body, dict):
            raise LaborEdgeError(
                "job detail is not an object", method="GET", url=self.config.api_url + path
            )
        return body

    # ---------------------------------------------------------------- candidates
    async def search_candidates(
        self, email: str | None = None, phone: str | None = None, *, rows: int = 50
    ) -> list[dict[str, Any]]:
        """Candidates matching ``email`` and/or ``phone``."""
        if not email and not phone:
            raise ValueError("search_candidates needs an email or a phone")
        body: dict[str, Any] = {"pagingSortingDetails": {"start": 0, "maxRowsToFetch": rows}}
        if email:
            body["email"] = email
        if phone:
            body["phone"] = phone
        result = await self._call_json(
            "POST", CANDIDATE_SEARCH_PATH, what="candidate search", json=body
        )
        return _records(result)

    async def create_candidate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Create one candidate; returns LaborEdge's record (with its ``id``)."""
        result = await self._call_json(
            "POST", CANDIDATES_PATH, what="candidate create", json=dict(payload), idempotent=False
        )
        if not isinstance(result, dict):
            raise LaborEdgeError(
                "candidate create returned no object",
                method="POST",
                url=self.config.api_url + CANDIDATES_PATH,
            )
        return result

    async def update_candidate(
        self, candidate_id: int | str, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        """PATCH fields of one candidate; returns the updated record."""
        path = CANDIDATE_PATH.format(candidate_id=candidate_id)
        result = await self._call_json("PATCH", path, what="candidate update", json=dict(fields))
        return result if isinstance(result, dict) else {}


def _records(body: Any, *, keep_all: bool = False) -> list[Any]:
    """The records of a list response: a bare array or ``{"records": [...]}``.

    Non-object items are dropped unless ``keep_all`` (job pages keep them so the
    mapper can quarantine them rather than lose them silently).
    """
    items: list[Any] = []
    if isinstance(body, list):
        items = body
    elif isinstance(body, dict):
        for key in ("records", "data", "items", "content"):
            value = body.get(key)
            if isinstance(value, list):
                items = value
                break
    return items if keep_all else [item for item in items if isinstance(item, dict)]
