"""Async client of the LaborEdge (Nexus) API: master lists, the job board, candidates.

:class:`LaborEdgeClient` is what the sync and the recruiting tools call. How a
call is sent (timeouts, retries, backoff) lives in :mod:`.transport`, how it is
authenticated (OAuth2 token, refresh, re-auth) in :mod:`.auth`; failures raise
:class:`~workers.laboredge.errors.LaborEdgeError`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self

import httpx
import msgspec

from workers.laboredge.auth import TokenCache
from workers.laboredge.config import LaborEdgeConfig
from workers.laboredge.errors import LaborEdgeError
from workers.laboredge.transport import ClientStats, SleepFn, Transport

__all__ = ["MASTER_LISTS", "JobPage", "LaborEdgeClient"]

log = logging.getLogger(__name__)

_JSON = msgspec.json.Decoder()

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

MASTER_PATH = "/api/api-integration/v1/master/{name}"
JOBBOARD_SEARCH_PATH = "/api/leap-service/v1/unsecured/jobboard/organization/{org}"
JOBBOARD_DETAIL_PATH = "/api/leap-service/v1/unsecured/jobboard/organization/{org}/job/{job_id}"
CANDIDATE_SEARCH_PATH = "/api/api-integration/v1/candidates/search"
CANDIDATES_PATH = "/api/api-integration/v1/candidates"
CANDIDATE_PATH = "/api/api-integration/v1/candidates/{candidate_id}"


@dataclass(slots=True)
class JobPage:
    """One page of the job board: its records and the board's total ``count``."""

    records: list[Any]
    """The raw records, as sent (normally objects; anything else is for the mapper to reject)."""
    count: int
    start: int = 0


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
        self._transport = Transport(config, self.stats, transport=transport, sleep=sleep, rng=rng)
        self._tokens = TokenCache(config, self._transport, self.stats)

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
        await self._transport.open()

    async def close(self) -> None:
        await self._transport.close()

    # ---------------------------------------------------------------------- auth
    async def access_token(self) -> str:
        """A valid access token: cached, refreshed, or newly granted."""
        return await self._tokens.access_token()

    def invalidate_token(self, access_token: str | None = None) -> None:
        """Force renewal (keeping the refresh token); only if ``access_token`` is still current."""
        self._tokens.invalidate_token(access_token)

    # ---------------------------------------------------------------------- calls
    async def _call(
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
        """One authenticated API call; its JSON body decoded (None if empty)."""
        url = self.config.api_url + path
        response = await self._transport.send(
            method,
            url,
            tokens=self._tokens,
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
        body = await self._call("GET", MASTER_PATH.format(name=name), what=f"master {name}")
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
        result = await self._call(
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
        body = await self._call(
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
        result = await self._call("POST", CANDIDATE_SEARCH_PATH, what="candidate search", json=body)
        return _records(result)

    async def create_candidate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Create one candidate; returns LaborEdge's record (with its ``id``)."""
        result = await self._call(
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
        result = await self._call("PATCH", path, what="candidate update", json=dict(fields))
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
