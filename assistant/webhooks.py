"""``POST /webhooks/laboredge/jobs``: LaborEdge tells us jobs changed; a worker re-reads them.

The body is ``{"jobIds": [int, ...]}`` (1 to 500 positive ids). It must carry
``X-LaborEdge-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` made with
``LABOREDGE_WEBHOOK_SECRET``; the signature is checked (in constant time) before
the body is even parsed, and a missing or wrong one is a 401 with nothing
enqueued. A valid call sends the Celery task ``workers.sync.refresh_jobs`` and
answers 202 ``{"enqueued": n, "task_id": ...}``. Errors have the API's one shape
(:mod:`assistant.errors`) with a machine-readable ``extra.code``:
``invalid_signature`` (401), ``invalid_body`` (422), ``queue_unavailable`` (503).

The API process does not import the workers: it publishes the task by name
through a broker-only Celery client (no result backend), the ``task_queue``
dependency, made on the first call and kept for the app's life; publishing runs
in a thread so the event loop never waits on Redis.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any, Final

import msgspec
from celery import Celery
from litestar import Controller, Request, Response, post
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException

from assistant.errors import InvalidInput, error_responses
from config.settings import Settings

__all__ = [
    "MAX_JOB_IDS",
    "REFRESH_TASK",
    "SIGNATURE_HEADER",
    "LaborEdgeWebhookController",
    "sign",
    "verify_signature",
]

log = logging.getLogger(__name__)

SIGNATURE_HEADER: Final = "X-LaborEdge-Signature"
REFRESH_TASK: Final = "workers.sync.refresh_jobs"
MAX_JOB_IDS: Final = 500
_INT4_MAX: Final = 2**31 - 1


class WebhookAccepted(msgspec.Struct):
    enqueued: int
    task_id: str


def sign(body: bytes, secret: str) -> str:
    """The header value LaborEdge sends for ``body``: ``sha256=<hex digest>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secret: str) -> bool:
    """Whether ``header`` is the HMAC-SHA256 of ``body`` under ``secret`` (constant time)."""
    if not secret or not header:
        return False
    scheme, _, given = header.strip().partition("=")
    if scheme.strip().lower() != "sha256" or not given:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode())


def parse_job_ids(body: bytes) -> list[int]:
    """The distinct job ids of a webhook body; :class:`InvalidInput` says what is wrong."""

    def invalid(detail: str, field: str | None = "jobIds") -> InvalidInput:
        return InvalidInput(detail, field=field, code="invalid_body")

    try:
        payload = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise invalid(f"body is not JSON: {exc}", field=None) from None
    if not isinstance(payload, dict) or "jobIds" not in payload:
        raise invalid('body must be an object with "jobIds": [positive integers]')
    ids = payload["jobIds"]
    if not isinstance(ids, list):
        raise invalid('"jobIds" must be a list of positive integers')
    if not 1 <= len(ids) <= MAX_JOB_IDS:
        raise invalid(f'"jobIds" must hold 1 to {MAX_JOB_IDS} ids, got {len(ids)}')
    bad = [
        value
        for value in ids
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= _INT4_MAX
    ]
    if bad:
        raise invalid(f'"jobIds" must be positive integers; invalid: {bad[:5]!r}')
    return list(dict.fromkeys(ids))


def _publish(client: Celery, job_ids: list[int]) -> str:
    # A connection of its own, closed at once: nothing lingers between webhook calls.
    with client.connection_for_write() as connection:
        result = client.send_task(REFRESH_TASK, args=[job_ids], connection=connection)
    return str(result.id)


class LaborEdgeWebhookController(Controller):
    path = "/webhooks/laboredge"
    tags = ["webhooks"]

    @post(
        "/jobs",
        status_code=202,
        summary="LaborEdge job change notification (HMAC-signed)",
        responses=error_responses(401, 422, 503),
    )
    async def jobs(
        self, request: Request[Any, Any, Any], settings: Settings, task_queue: Celery
    ) -> Response[WebhookAccepted]:
        raw = await request.body()
        client_ip = request.client.host if request.client else None
        secret = settings.laboredge_webhook_secret.get_secret_value()
        if not secret:
            log.error("laboredge webhook refused: LABOREDGE_WEBHOOK_SECRET is not set")
        if not verify_signature(raw, request.headers.get(SIGNATURE_HEADER), secret):
            log.warning(
                "laboredge webhook refused: %s signature",
                "missing" if not request.headers.get(SIGNATURE_HEADER) else "invalid",
                extra={"client": client_ip, "bytes": len(raw)},
            )
            raise NotAuthorizedException(
                detail=f"missing or invalid {SIGNATURE_HEADER}",
                extra={"code": "invalid_signature"},
            )
        try:
            job_ids = parse_job_ids(raw)
        except InvalidInput as exc:
            log.warning("laboredge webhook: bad body: %s", exc.detail, extra={"client": client_ip})
            raise
        try:
            task_id = await asyncio.to_thread(_publish, task_queue, job_ids)
        except Exception as exc:  # the broker is down: LaborEdge will deliver again
            log.exception("laboredge webhook: could not enqueue the refresh")
            raise ServiceUnavailableException(
                detail=f"could not enqueue: {type(exc).__name__}",
                extra={"code": "queue_unavailable"},
            ) from None
        log.info(
            "laboredge webhook: refresh of %d job(s) enqueued (task %s)",
            len(job_ids),
            task_id,
            extra={"client": client_ip, "job_ids": job_ids[:20], "task_id": task_id},
        )
        return Response(WebhookAccepted(len(job_ids), task_id), status_code=202)
