"""``POST /webhooks/laboredge/jobs``: LaborEdge tells us jobs changed; a worker re-reads them.

The body is ``{"jobIds": [int, ...]}`` (1 to 500 positive ids). It must carry
``X-LaborEdge-Timestamp: <Unix seconds>`` and ``X-LaborEdge-Signature:
sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`` made with the webhook
secret (:func:`webhook_secret`). The signature is checked (in constant time)
before the body is even parsed; a missing or wrong one is a 401 with nothing
enqueued. The timestamp is inside the signature, so a captured call cannot be
re-dated: one more than ``LABOREDGE_WEBHOOK_WINDOW_S`` from now is refused, and
within the window each signature is accepted once (remembered in Redis until
the window closes), so a replay is refused too. A valid call sends the Celery
task ``workers.sync.refresh_jobs`` and answers 202 ``{"enqueued": n, "task_id":
...}``. Errors have the API's one shape (:mod:`assistant.errors`) with a
machine-readable ``extra.code``: ``invalid_signature``, ``stale_timestamp``,
``replayed`` (401), ``invalid_body`` (422), ``queue_unavailable`` (503).

There is no known default secret: in development an empty
``LABOREDGE_WEBHOOK_SECRET`` means one made up once per install and kept in
``DATA_DIR``; in production (``APP_ENV=production``) the app refuses to start
without a configured one of at least :data:`MIN_SECRET_CHARS` characters
(:func:`check_webhook_secret`).

The API process does not import the workers: it publishes the task by name
through a broker-only Celery client (no result backend), the ``task_queue``
dependency, made on the first call and kept for the app's life; publishing runs
in a thread so the event loop never waits on Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any, Final

import msgspec
from celery import Celery
from litestar import Controller, Request, Response, post
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException
from redis.exceptions import RedisError

from assistant.dependencies import AppResources
from assistant.errors import InvalidInput, error_responses
from config.settings import Settings

__all__ = [
    "DEV_SECRET_FILE",
    "MAX_JOB_IDS",
    "MIN_SECRET_CHARS",
    "REFRESH_TASK",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "LaborEdgeWebhookController",
    "WebhookSecretError",
    "check_webhook_secret",
    "sign",
    "signed_headers",
    "verify_signature",
    "webhook_secret",
]

log = logging.getLogger(__name__)

SIGNATURE_HEADER: Final = "X-LaborEdge-Signature"
TIMESTAMP_HEADER: Final = "X-LaborEdge-Timestamp"
REFRESH_TASK: Final = "workers.sync.refresh_jobs"
MAX_JOB_IDS: Final = 500
MIN_SECRET_CHARS: Final = 32
DEV_SECRET_FILE: Final = "laboredge-webhook-secret"
"""The development secret's file in ``DATA_DIR``."""
_SEEN_PREFIX: Final = "laboredge:webhook:seen:"
_INT4_MAX: Final = 2**31 - 1


class WebhookAccepted(msgspec.Struct):
    enqueued: int
    task_id: str


class WebhookSecretError(RuntimeError):
    """Production without a usable webhook secret: the API does not start."""


# ------------------------------------------------------------------ the secret
def _dev_secret(data_dir: Path) -> str:
    """The install's own development secret: made once, then read from ``DATA_DIR``."""
    path = Path(data_dir) / DEV_SECRET_FILE
    with contextlib.suppress(FileNotFoundError):
        existing = path.read_text().strip()
        if existing:
            return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    made = secrets.token_urlsafe(32)
    try:
        # O_EXCL: of two processes starting at once, one writes and both use its secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the other process is writing it right now
            existing = path.read_text().strip()
            if existing:
                return existing
            time.sleep(0.01)
        raise WebhookSecretError(f"{path} is empty: delete it to make a new one") from None
    with os.fdopen(fd, "w") as file:
        file.write(made + "\n")
    log.info("made a development webhook secret in %s", path)
    return made


def webhook_secret(settings: Settings) -> str:
    """The secret webhooks are signed with: the configured one, or in development the install's.

    In production an empty result means "none": nothing is accepted (and
    :func:`check_webhook_secret` has stopped the app from starting anyway).
    """
    configured = settings.laboredge_webhook_secret.get_secret_value()
    if configured or settings.app_env == "production":
        return configured
    return _dev_secret(settings.data_dir)


def check_webhook_secret(settings: Settings) -> None:
    """Refuse to run in production without a configured secret of ``MIN_SECRET_CHARS``+."""
    if settings.app_env != "production":
        return
    configured = settings.laboredge_webhook_secret.get_secret_value()
    if len(configured) < MIN_SECRET_CHARS:
        reason = "is not set" if not configured else f"has only {len(configured)} characters"
        raise WebhookSecretError(
            f"APP_ENV=production but LABOREDGE_WEBHOOK_SECRET {reason}: "
            f"set it to the secret shared with LaborEdge ({MIN_SECRET_CHARS}+ characters)"
        )


# ------------------------------------------------------------------ signatures
def _digest(body: bytes, secret: str, timestamp: str) -> str:
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(body: bytes, secret: str, timestamp: int | str) -> str:
    """The signature header value for ``body`` sent at ``timestamp``: ``sha256=<hex>``."""
    return "sha256=" + _digest(body, secret, str(timestamp))


def signed_headers(body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Both headers a sender puts on ``body`` (now, unless ``timestamp`` is given)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: sign(body, secret, stamp)}


def verify_signature(body: bytes, header: str | None, secret: str, timestamp: str | None) -> bool:
    """Whether ``header`` is the HMAC-SHA256 of ``timestamp.body`` under ``secret``.

    Compared in constant time; no secret, header or timestamp: never.
    """
    if not secret or not header or not timestamp:
        return False
    scheme, _, given = header.strip().partition("=")
    if scheme.strip().lower() != "sha256" or not given:
        return False
    expected = _digest(body, secret, timestamp.strip())
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode())


def _unix_seconds(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 12 else None


def _refused(detail: str, code: str) -> NotAuthorizedException:
    return NotAuthorizedException(detail=detail, extra={"code": code})


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
        summary="LaborEdge job change notification (HMAC-signed, timestamped, accepted once)",
        responses=error_responses(401, 422, 503),
    )
    async def jobs(
        self,
        request: Request[Any, Any, Any],
        settings: Settings,
        resources: AppResources,
        task_queue: Celery,
    ) -> Response[WebhookAccepted]:
        raw = await request.body()
        context = {"client": request.client.host if request.client else None, "bytes": len(raw)}
        secret = await asyncio.to_thread(webhook_secret, settings)
        if not secret:
            log.error("laboredge webhook refused: LABOREDGE_WEBHOOK_SECRET is not set")
        stamp = request.headers.get(TIMESTAMP_HEADER)
        signature = request.headers.get(SIGNATURE_HEADER)
        if not verify_signature(raw, signature, secret, stamp):
            log.warning(
                "laboredge webhook refused: %s",
                "missing signature or timestamp"
                if not (signature and stamp)
                else "invalid signature",
                extra=context,
            )
            raise _refused(
                f"missing or invalid {SIGNATURE_HEADER} (or {TIMESTAMP_HEADER})",
                "invalid_signature",
            )
        sent_at = _unix_seconds(stamp)
        window = settings.laboredge_webhook_window_s
        now = int(time.time())
        if sent_at is None or abs(now - sent_at) > window:
            log.warning(
                "laboredge webhook refused: timestamp %s is %s s from now",
                stamp,
                "?" if sent_at is None else now - sent_at,
                extra=context,
            )
            raise _refused(
                f"{TIMESTAMP_HEADER} must be the Unix time within {window} s of now",
                "stale_timestamp",
            )
        # Remembered until the window closes for this timestamp: then it is stale anyway.
        seen_key = _SEEN_PREFIX + (signature or "").strip().lower().removeprefix("sha256=")
        try:
            first = await resources.redis.set(seen_key, 1, nx=True, ex=sent_at + window - now + 1)
        except RedisError as exc:
            log.error("laboredge webhook: replay check failed: %s", type(exc).__name__)
            raise ServiceUnavailableException(
                detail="could not check the call against replays; try again",
                extra={"code": "queue_unavailable"},
            ) from None
        if not first:
            log.warning("laboredge webhook refused: replayed call", extra=context)
            raise _refused("this signed call was already received (replay)", "replayed")
        try:
            job_ids = parse_job_ids(raw)
        except InvalidInput as exc:
            log.warning("laboredge webhook: bad body: %s", exc.detail, extra=context)
            raise
        try:
            task_id = await asyncio.to_thread(_publish, task_queue, job_ids)
        except Exception as exc:  # the broker is down: LaborEdge will deliver again
            log.exception("laboredge webhook: could not enqueue the refresh")
            # Forgotten again, so LaborEdge's retry of this very call is not taken for a replay.
            with contextlib.suppress(RedisError):
                await resources.redis.delete(seen_key)
            raise ServiceUnavailableException(
                detail=f"could not enqueue: {type(exc).__name__}",
                extra={"code": "queue_unavailable"},
            ) from None
        log.info(
            "laboredge webhook: refresh of %d job(s) enqueued (task %s)",
            len(job_ids),
            task_id,
            extra={**context, "job_ids": job_ids[:20], "task_id": task_id},
        )
        return Response(WebhookAccepted(len(job_ids), task_id), status_code=202)
