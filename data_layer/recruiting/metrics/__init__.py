"""Copilot metrics: one question type (:class:`MetricQuery`) compiled over the ``copilot.``
views of the semantic layer and run inside the asker's row-level-security scope."""

from data_layer.recruiting.metrics.candidates import find_candidates
from data_layer.recruiting.metrics.compile import MetricRejected
from data_layer.recruiting.metrics.query import (
    DIMENSIONS,
    MAX_GROUP_BY,
    Dimension,
    MetricFilters,
    MetricQuery,
    MetricResult,
)
from data_layer.recruiting.metrics.run import MetricTimedOut, run_metric

__all__ = [
    "DIMENSIONS",
    "MAX_GROUP_BY",
    "Dimension",
    "MetricFilters",
    "MetricQuery",
    "MetricRejected",
    "MetricResult",
    "MetricTimedOut",
    "find_candidates",
    "run_metric",
]
