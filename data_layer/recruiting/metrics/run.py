"""Run a :class:`MetricQuery`: compile it over the copilot views, read in the asker's scope."""

from __future__ import annotations

import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from data_layer.recruiting.metrics.query import MetricQuery, MetricResult
from data_layer.recruiting.scope import RecruiterScope

__all__ = ["MetricRejected", "run_metric"]


class MetricRejected(ValueError):
    """The query names an unknown metric, a dimension or filter the metric does not allow."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def run_metric(
    engine: AsyncEngine,
    scope: RecruiterScope,
    query: MetricQuery,
    *,
    max_rows: int,
    timeout_ms: int,
    today: datetime.date,
) -> MetricResult:
    """The metric's number (or table) as the asker may see it.

    Raises :class:`MetricRejected` for a query the semantic layer does not allow.
    """
    raise NotImplementedError("being written (issue 13, H-METRICS)")
