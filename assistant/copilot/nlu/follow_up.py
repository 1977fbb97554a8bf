"""Follow-up questions: the last query, changed by what the new question says.

"and last month?" changes the period, "only ICU" / "what about Texas" a filter, "by state"
the breakdown, "what about placements?" the metric (filters and period kept), "show me
those candidates" turns the number into its rows, "all time" / "any specialty" / "no
breakdown" clear what they name.
"""

from __future__ import annotations

import re
from typing import Any, Final

import msgspec

from assistant.copilot.nlu.grounding import Grounding
from assistant.copilot.nlu.narrowing import Pay, filter_fields
from assistant.copilot.nlu.periods import Period
from assistant.copilot.nlu.shape import Shape
from assistant.copilot.nlu.topics import NON_LISTABLE_METRICS, Topic
from data_layer.recruiting.metrics.query import MetricFilters, MetricQuery

__all__ = ["FOLLOW_UP_RX", "apply_follow_up", "period_fields"]

FOLLOW_UP_RX: Final = re.compile(
    r"^(?:and|but|also|ok(?:ay)?|so|now|then|what about|how about|hows about|same|same for|"
    r"same thing|same but|and what about|and how about|and for|and in|and by|only|just|except|"
    r"excluding|without|what if|ok and|ok what about|and now|now do|do the same|repeat|again|"
    r"same question|compare(?:d)? (?:to|with)|vs|versus|instead|rather|make it|change it to|"
    r"switch to|now show|now for|for)\b"
)
"""Words that open a follow-up ("and last month?", "what about placements?")."""


def period_fields(period: Period | None) -> dict[str, Any]:
    """The MetricFilters fields a period sets (all three, so a new period replaces)."""
    if period is None or period.all_time:
        return {"period_start": None, "period_end": None, "within_days": None}
    return {
        "period_start": period.start,
        "period_end": period.end,
        "within_days": period.within_days,
    }


def trend_grain(filters: MetricFilters) -> str:
    """ "Over time": weeks for a period up to about three months, else months."""
    if filters.period_start and filters.period_end:
        days = (filters.period_end - filters.period_start).days
        if days <= 31:
            return "day" if days <= 14 else "week"
        return "week" if days <= 100 else "month"
    return "month"


def _group_by(last: list[str], shape: Shape, filters: MetricFilters) -> list[str]:
    if shape.total_only or shape.wants_list:
        return []
    dims = list(shape.dims)
    if shape.trend:
        dims.append(trend_grain(filters))
    if not dims:
        return list(last)
    if shape.also:
        merged = list(last)
        for dim in dims:
            if dim not in merged:
                merged.append(dim)
        return merged[-2:]
    return dims[:2]


def apply_follow_up(
    last: MetricQuery,
    *,
    topic: Topic,
    period: Period | None,
    grounding: Grounding,
    shape: Shape,
    recruiter_id: Any = None,
    job_id: Any = None,
    pay: Pay | None = None,
    norm: str = "",
) -> MetricQuery:
    """``last`` changed by the follow-up's words."""
    metric = topic.metric or last.metric
    changes: dict[str, Any] = {}
    if period is not None:
        changes.update(period_fields(period))
    named = {
        "specialty": grounding.specialty,
        "profession": grounding.profession,
        "state_code": grounding.state_code,
        "job_type": grounding.job_type,
    }
    for name, value in named.items():
        if value is not None:
            changes[name] = value
    if grounding.hot or topic.hot:
        changes["hot"] = True
    if topic.featured:
        changes["featured"] = True
    clears = grounding.clears
    if "specialty" in clears:
        changes["specialty"] = None
    if "state" in clears:
        changes["state_code"] = None
    if "job_type" in clears:
        changes["job_type"] = None
    if "hot_only" in clears:
        changes["hot"] = None
    if topic.statuses:
        changes["statuses"] = list(topic.statuses)
    elif metric != last.metric:
        changes["statuses"] = []  # statuses belong to the metric they were said of
    if recruiter_id is not None:
        changes["recruiter_id"] = recruiter_id
    if job_id is not None:
        changes["job_id"] = job_id
    # "only night shift", "and with BLS?", "paying over $3k": each narrows the last query
    # (a filter the metric has not is said so by the caller's notes, never widened).
    said, _ = filter_fields(metric, grounding, pay or Pay(), norm)
    changes.update(said)
    filters = msgspec.structs.replace(last.filters, **changes)

    group_by = _group_by(last.group_by, shape, filters)
    if not (shape.dims or shape.trend or shape.total_only) and metric != last.metric:
        # the status of applications is no breakdown of placements; time and place are
        group_by = list(topic.group_hint) or [d for d in group_by if d != "status"]
    list_rows = last.list_rows
    if shape.wants_list:
        list_rows = True
    elif shape.wants_count or shape.dims or shape.total_only or shape.trend:
        list_rows = False
    if metric in NON_LISTABLE_METRICS:
        list_rows = False
    if list_rows:
        group_by = []
    order = shape.order or last.order
    limit = shape.limit if shape.limit is not None else (last.limit if not shape.dims else None)
    if shape.total_only:
        limit = None
    return MetricQuery(
        metric=metric,
        group_by=group_by,
        filters=filters,
        order=order,
        limit=limit,
        list_rows=list_rows,
    )
