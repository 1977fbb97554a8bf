"""``GET /ops/sync``: the LaborEdge sync as an operator sees it.

The latest runs (newest first, with their counters and errors), how many
quarantined records wait for a look, and whether a sync holds the lock now.
Operators and monitoring call it with ``Authorization: Bearer <OPS_TOKEN>``;
without a configured token the endpoints do not exist (404).
"""

from __future__ import annotations

import datetime
import hmac
import logging
from typing import Any

import msgspec
from litestar import Controller, get
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth.current import bearer_token
from assistant.dependencies import app_resources
from assistant.errors import error_responses
from data_layer.models.operations import SyncQuarantine
from data_layer.sync.locks import sync_lock_held
from data_layer.sync.runs import SyncRunInfo, latest_runs

log = logging.getLogger(__name__)

__all__ = ["OpsController", "SyncRunView", "SyncStatus", "has_ops_token", "ops_token_guard"]


class SyncRunView(msgspec.Struct):
    id: str
    kind: str
    status: str
    started_at: datetime.datetime
    finished_at: datetime.datetime | None
    duration_s: float | None
    pages: int
    fetched: int
    inserted: int
    updated: int
    unchanged: int
    closed: int
    reopened: int
    quarantined: int
    errors: int
    error_message: str | None
    details: dict[str, Any] | None


class SyncStatus(msgspec.Struct):
    lock_held: bool
    """A sync (or refresh) is running now."""
    quarantine_open: int
    """Quarantined records not resolved yet."""
    runs: list[SyncRunView]


def run_view(info: SyncRunInfo) -> SyncRunView:
    return SyncRunView(
        id=str(info.id),
        kind=info.kind.value,
        status=info.status.value,
        started_at=info.started_at,
        finished_at=info.finished_at,
        duration_s=info.duration_s,
        pages=info.pages,
        fetched=info.fetched,
        inserted=info.inserted,
        updated=info.updated,
        unchanged=info.unchanged,
        closed=info.closed,
        reopened=info.reopened,
        quarantined=info.quarantined,
        errors=info.errors,
        error_message=info.error_message,
        details=info.details,
    )


def _configured_ops_token(connection: ASGIConnection) -> str:
    # Read from the settings on each call: guards run before dependencies are resolved.
    return app_resources(connection.app.state).settings.ops_token.get_secret_value()


def has_ops_token(connection: ASGIConnection) -> bool:
    """The request carries ``Authorization: Bearer <OPS_TOKEN>`` and a token is configured.

    Never true without a configured token. Also used by ``GET /health`` to decide
    whether to show per-dependency details.
    """
    expected = _configured_ops_token(connection)
    if not expected:
        return False
    given = bearer_token(connection) or ""
    return hmac.compare_digest(given.encode(), expected.encode())


def ops_token_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if not _configured_ops_token(connection):
        raise NotFoundException()
    if not has_ops_token(connection):
        given = bearer_token(connection)
        client = connection.client.host if connection.client else None
        log.warning("ops request refused: %s token from %s", "wrong" if given else "no", client)
        raise NotAuthorizedException("send Authorization: Bearer <OPS_TOKEN>")


class OpsController(Controller):
    path = "/ops"
    tags = ["operations"]
    guards = [ops_token_guard]

    @get(
        "/sync",
        summary="LaborEdge sync: latest runs, open quarantine, lock",
        responses=error_responses(400, 401, 404, 422),
    )
    async def sync_status(self, db_session: AsyncSession, limit: int = 20) -> SyncStatus:
        limit = max(1, min(limit, 200))
        runs = await latest_runs(db_session, limit)
        open_quarantine = await db_session.scalar(
            select(func.count()).select_from(SyncQuarantine).where(~SyncQuarantine.resolved)
        )
        held = await sync_lock_held(db_session)
        return SyncStatus(
            lock_held=held,
            quarantine_open=int(open_quarantine or 0),
            runs=[run_view(info) for info in runs],
        )
