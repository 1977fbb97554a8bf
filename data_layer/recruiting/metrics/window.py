"""The days a metric query counts: its period, ``within_days`` and the expiry default."""

from __future__ import annotations

import datetime
from typing import Final

from data_layer.recruiting.metrics.plans import Plan
from data_layer.recruiting.metrics.query import MetricQuery

__all__ = ["DEFAULT_EXPIRY_DAYS", "window_of"]

DEFAULT_EXPIRY_DAYS: Final = 30
"""Expiry metrics asked without a window look this many days ahead."""


def window_of(
    plan: Plan, query: MetricQuery, today: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last day counted, both inclusive (``None``: open on that side).

    ``within_days`` looks ahead for expiry metrics (today to today + N) and back for the
    others (the last N days, today included); with a period as well, both must hold.
    An expiry metric asked without any window looks :data:`DEFAULT_EXPIRY_DAYS` ahead:
    "licenses expiring" means soon, never "ever".
    """
    f = query.filters
    start, end = f.period_start, f.period_end
    if f.within_days is not None:
        days = datetime.timedelta(days=max(f.within_days, 1))
        if plan.expiry:
            lo, hi = today, today + days
        else:
            lo, hi = today - days + datetime.timedelta(days=1), today
        start = max(start, lo) if start else lo
        end = min(end, hi) if end else hi
    elif plan.expiry and start is None and end is None:
        start, end = today, today + datetime.timedelta(days=DEFAULT_EXPIRY_DAYS)
    return start, end
