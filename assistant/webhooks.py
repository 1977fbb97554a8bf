"""``POST /webhooks/laboredge/jobs``: LaborEdge tells us jobs changed; a worker re-reads them.

The body is ``{"jobIds": [int, ...]}`` (1 to 500 positive ids). It must carry
``X-LaborEdge-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` made with
``LABOREDGE_WEBHOOK_SECRET``; the signature is checked (in constant time) before
the body is even parsed, and a missing or wrong one is a 401 with nothing
enqueued. A valid call sends the Celery task ``workers.sync.refresh_jobs`` and
answers 202 ``{"enqueued": n, "task_id": ...}``.

The API process does not import the workers: it publishes the task by name
through a broker-only Celery client (no result backend), created on first use
and kept in the app state; publishing runs in a thread so the event loop never
waits on Redis.
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
from litestar.datastructures import State

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


class WebhookError(msgspec.Struct):
    error: str
    detail: str


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
    """The distinct job ids of a webhook body; ``ValueError`` says what is wrong."""
    try:
        payload = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise ValueError(f"body is not JSON: {exc}") from None
    if not isinstance(payload, dict) or "jobIds" not in payload:
        raise ValueError('body must be an object with "jobIds": [positive integers]')
    ids = payload["jobIds"]
    if not isinstance(ids, list):
        raise ValueError('"jobIds" must be a list of positive integers')
    if not 1 <= len(ids) <= MAX_JOB_IDS:
        raise ValueError(f'"jobIds" must hold 1 to {MAX_JOB_IDS} ids, got {len(ids)}')
    bad = [
        value
        for value in ids
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= _INT4_MAX
    ]
    if bad:
        raise ValueError(f'"jobIds" must be positive integers; invalid: {bad[:5]!r}')
    return list(dict.fromkeys(ids))


def _celery_client(state: State, settings: Settings) -> Celery:
    client: Celery | None = getattr(state, "webhook_celery", None)
    if client is None:
        client = Celery("excel_staffing_api", broker=settings.effective_redis_url)
        client.conf.update(
            task_serializer="json",
            accept_content=["json"],
            broker_connection_retry_on_startup=False,
            task_publish_retry_policy={
                "max_retries": 2,
                "interval_start": 0,
                "interval_step": 0.2,
                "interval_max": 0.5,
            },
        )
        state.webhook_celery = client
    return client


def _publish(client: Celery, job_ids: list[int]) -> str:
    # A connection of its own, closed at once: nothing lingers between webhook calls.
    with client.connection_for_write() as connection:
        result = client.send_task(REFRESH_TASK, args=[job_ids], connection=connection)
    return str(result.id)


def _error(status: int, error: str, detail: str) -> Response[WebhookError]:
    return Response(WebhookError(error, detail), status_code=status)


class LaborEdgeWebhookController(Controller):
    path = "/webhooks/laboredge"
    tags = ["webhooks"]

    @post("/jobs", status_code=202, summary="LaborEdge job change notification (HMAC-signed)")
    async def jobs(self, request: Request[Any, Any, Any], state: State) -> Response[Any]:
        settings: Settings = state.resources.settings
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
            return _error(401, "invalid_signature", f"missing or invalid {SIGNATURE_HEADER}")
        try:
            job_ids = parse_job_ids(raw)
        except ValueError as exc:
            log.warning("laboredge webhook: bad body: %s", exc, extra={"client": client_ip})
            return _error(422, "invalid_body", str(exc))
        client = _celery_client(state, settings)
        try:
            task_id = await asyncio.to_thread(_publish, client, job_ids)
        except Exception as exc:  # the broker is down: LaborEdge will deliver again
            log.exception("laboredge webhook: could not enqueue the refresh")
            return _error(503, "queue_unavailable", f"could not enqueue: {type(exc).__name__}")
        log.info(
            "laboredge webhook: refresh of %d job(s) enqueued (task %s)",
            len(job_ids),
            task_id,
            extra={"client": client_ip, "job_ids": job_ids[:20], "task_id": task_id},
        )
        return Response(WebhookAccepted(len(job_ids), task_id), status_code=202)
