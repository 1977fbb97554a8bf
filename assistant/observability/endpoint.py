"""``GET /metrics``: Prometheus' text exposition, for operators only.

Behind the ops token, like ``/ops``: ``Authorization: Bearer <OPS_TOKEN>`` (Prometheus'
``authorization`` scrape setting); 401 without it or with a wrong one, 404 while no
token is configured. Each API replica answers with its own counters (scrape every
replica) plus the shared state it reads now (:mod:`assistant.observability.scrape`).
"""

from __future__ import annotations

from litestar import Controller, Response, get

from assistant.dependencies import AppResources
from assistant.errors import error_responses
from assistant.observability.scrape import read_scrape
from assistant.ops import ops_token_guard
from config.metrics import CONTENT_TYPE, exposition

__all__ = ["MetricsController"]


class MetricsController(Controller):
    path = "/metrics"
    tags = ["operations"]
    guards = [ops_token_guard]

    @get(
        "/",
        summary="Prometheus metrics (text exposition format)",
        responses=error_responses(401, 404),
        media_type=CONTENT_TYPE,
    )
    async def metrics(self, resources: AppResources) -> Response[bytes]:
        settings = resources.settings
        scrape = await read_scrape(
            resources.engine, resources.redis, settings.metrics_queues, settings.health_timeout_s
        )
        return Response(
            exposition(scrape),
            media_type=CONTENT_TYPE,
            headers={"Cache-Control": "no-store"},
        )
