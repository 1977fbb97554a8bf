"""The LaborEdge API as the simulator speaks it: OAuth2 token, master lists, job board,
candidates.

The token endpoint insists on the ``organizationCode`` in the form, the query string AND
the header (the real server reads it from different places, so a client that forgets one
fails here, not in production). The job board is unsecured: no token needed, but a token
that is sent is checked.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import re
from typing import Any

import msgspec
from litestar import Request, Response, get, patch, post

from devstack.laboredge_simulator.records import iso_ms
from devstack.laboredge_simulator.responses import error, json_body, json_response, simulator
from workers.laboredge.config import TOKEN_PATH

__all__ = ["API_HANDLERS"]

_BOARD = "/api/leap-service/v1/unsecured/jobboard/organization/{organization_id:str}"
_CANDIDATES = "/api/api-integration/v1/candidates"


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


@post(TOKEN_PATH, status_code=200)
async def token_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    sim = simulator(request)
    creds = sim.creds
    form = await request.form()
    grant = form.get("grant_type")
    sim.count(f"token.{grant or 'none'}")
    client = _basic_credentials(request.headers.get("authorization"))
    if client != (creds.client_id, creds.client_secret):
        return error(401, "invalid_client", "bad or missing HTTP Basic client credentials")
    org_places = {
        "form": form.get("organizationCode"),
        "query": request.query_params.get("organizationCode"),
        "header": request.headers.get("organizationCode"),
    }
    missing = [where for where, value in org_places.items() if value != creds.organization_code]
    if missing:
        return error(
            401, "invalid_request", f"organizationCode missing or wrong in: {', '.join(missing)}"
        )
    if grant == "password":
        if (form.get("username"), form.get("password")) != (creds.username, creds.password):
            return error(401, "invalid_grant", "bad username or password")
        return json_response(sim.issue_token())
    if grant == "refresh_token":
        refresh = form.get("refresh_token")
        if sim.faults.reject_refresh or not refresh or refresh not in sim.refresh_tokens:
            sim.count("token.refresh_rejected")
            return error(400, "invalid_grant", "invalid or already used refresh token")
        sim.refresh_tokens.discard(refresh)
        return json_response(sim.issue_token())
    return error(400, "unsupported_grant_type", f"unsupported grant_type {grant!r}")


def _require_token(
    request: Request[Any, Any, Any], *, optional: bool = False
) -> Response[bytes] | None:
    """None if the request may go on, else the 401 to answer."""
    sim = simulator(request)
    authorization = request.headers.get("authorization")
    if optional and not authorization:
        return None
    problem = sim.check_token(authorization)
    if problem is not None:
        sim.count("auth.rejected")
        return error(401, "invalid_token", problem)
    return None


@get("/api/api-integration/v1/master/{name:str}")
async def master_endpoint(request: Request[Any, Any, Any], name: str) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    sim = simulator(request)
    data = sim.master_list_bytes(name)
    if data is None:
        return error(404, "not_found", f"unknown master list {name!r}")
    sim.count(f"master.{name}")
    return json_response(data)


def _check_board(request: Request[Any, Any, Any], organization_id: str) -> Response[bytes] | None:
    sim = simulator(request)
    if organization_id != sim.creds.organization_id:
        return error(404, "not_found", f"unknown organization {organization_id}")
    if request.query_params.get("offeringId") != sim.creds.offering_id:
        return error(400, "bad_request", "missing or unknown offeringId")
    return _require_token(request, optional=True)


@post(_BOARD, status_code=200)
async def job_search_endpoint(
    request: Request[Any, Any, Any], organization_id: str
) -> Response[bytes]:
    problem = _check_board(request, organization_id)
    if problem is not None:
        return problem
    sim = simulator(request)
    try:
        body = await json_body(request)
    except msgspec.DecodeError:
        return error(400, "bad_request", "body is not JSON")
    if not isinstance(body, dict):
        return error(400, "bad_request", "body must be an object")
    sim.count("jobs.search")
    if sim.faults.slow_ms > 0:
        await asyncio.sleep(sim.faults.slow_ms / 1000)
    return json_response(sim.page_bytes(body))


@get(_BOARD + "/job/{job_id:str}")
async def job_detail_endpoint(
    request: Request[Any, Any, Any], organization_id: str, job_id: str
) -> Response[bytes]:
    problem = _check_board(request, organization_id)
    if problem is not None:
        return problem
    sim = simulator(request)
    sim.count("jobs.detail")
    if sim.faults.slow_ms > 0:
        await asyncio.sleep(sim.faults.slow_ms / 1000)
    try:
        entry = sim.entries.get(int(job_id))
    except ValueError:
        entry = None
    if entry is None or not entry.open:
        return error(404, "not_found", f"job {job_id} is not on the board")
    return json_response(sim.served_bytes(entry))


def _digits(phone: Any) -> str:
    digits = re.sub(r"\D", "", str(phone or ""))
    return digits[-10:]


@post(_CANDIDATES + "/search", status_code=200)
async def candidate_search_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    sim = simulator(request)
    body = await json_body(request)
    email = str(body.get("email") or "").strip().lower()
    phone = _digits(body.get("phone"))
    if not email and not phone:
        return error(400, "bad_request", "email or phone is required")
    found = [
        c
        for c in sim.candidates.values()
        if (email and str(c.get("email") or "").lower() == email)
        or (phone and _digits(c.get("phone") or c.get("cellPhone")) == phone)
    ]
    sim.count("candidates.search")
    return json_response({"records": found, "count": len(found)})


@post(_CANDIDATES, status_code=201)
async def candidate_create_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    sim = simulator(request)
    body = await json_body(request)
    if not isinstance(body, dict):
        return error(400, "bad_request", "body must be an object")
    missing = [k for k in ("firstName", "lastName") if not body.get(k)]
    if not body.get("email") and not body.get("phone"):
        missing.append("email or phone")
    if missing:
        return error(400, "bad_request", f"missing: {', '.join(missing)}")
    email = str(body.get("email") or "").lower()
    if email and any(str(c.get("email") or "").lower() == email for c in sim.candidates.values()):
        return error(409, "conflict", f"a candidate with email {email} exists")
    candidate_id = sim.next_candidate_id()
    record = {
        **body,
        "id": candidate_id,
        "createdDate": iso_ms(datetime.datetime.now(datetime.UTC), z=True),
    }
    sim.candidates[candidate_id] = record
    sim.count("candidates.create")
    return json_response(record, 201)


@patch(_CANDIDATES + "/{candidate_id:int}")
async def candidate_update_endpoint(
    request: Request[Any, Any, Any], candidate_id: int
) -> Response[bytes]:
    denied = _require_token(request)
    if denied is not None:
        return denied
    sim = simulator(request)
    record = sim.candidates.get(candidate_id)
    if record is None:
        return error(404, "not_found", f"candidate {candidate_id} not found")
    body = await json_body(request)
    if not isinstance(body, dict):
        return error(400, "bad_request", "body must be an object")
    record.update({k: v for k, v in body.items() if k != "id"})
    sim.count("candidates.update")
    return json_response(record)


API_HANDLERS = (
    token_endpoint,
    master_endpoint,
    job_search_endpoint,
    job_detail_endpoint,
    candidate_search_endpoint,
    candidate_create_endpoint,
    candidate_update_endpoint,
)
