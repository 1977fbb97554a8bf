"""A metric query's filters in words, for the answer's "how I got this" line."""

from __future__ import annotations

import datetime

from data_layer.recruiting.metrics.plans import Plan
from data_layer.recruiting.metrics.query import MetricQuery
from data_layer.recruiting.metrics.window import window_of

__all__ = ["day_words", "filters_text"]


def day_words(day: datetime.date) -> str:
    """``June 3, 2026``."""
    return f"{day:%B} {day.day}, {day.year}"


def _window_words(plan: Plan, query: MetricQuery, today: datetime.date) -> str | None:
    start, end = window_of(plan, query, today)
    verb = plan.time_words
    if start is None and end is None:
        return None
    if start is not None and end is not None:
        if start == end:
            return f"{verb} on {day_words(start)}"
        return f"{verb} {day_words(start)} to {day_words(end)}"
    if start is not None:
        return f"{verb} since {day_words(start)}"
    assert end is not None
    return f"{verb} up to {day_words(end)}"


def filters_text(
    query: MetricQuery, plan: Plan, today: datetime.date, names: dict[str, str]
) -> str:
    """``specialty ICU, state TX, applied June 1, 2026 to June 30, 2026``; '' when none."""
    f = query.filters
    parts: list[str] = []
    if f.specialty:
        parts.append(f"specialty {names.get(f.specialty.lower(), f.specialty)}")
    if f.profession:
        parts.append(f"profession {names.get(f.profession.lower(), f.profession)}")
    if f.state_code:
        parts.append(f"state {f.state_code.upper()}")
    if f.job_type:
        parts.append(f"job type {f.job_type}")
    if f.statuses:
        parts.append("status " + " or ".join(s.lower() for s in f.statuses))
    if f.hot is not None:
        parts.append("hot jobs" if f.hot else "jobs not marked hot")
    if f.featured is not None:
        parts.append("featured jobs" if f.featured else "jobs not featured")
    if f.source:
        parts.append(f"source {f.source}")
    if f.referral_source:
        parts.append(f"referral source {names.get(f.referral_source.lower(), f.referral_source)}")
    if f.certification:
        parts.append(f"holding {f.certification.upper()}")
    if f.shift:
        word = f.shift.strip().lower()
        parts.append(f"{word if word == 'rotating' else word.removesuffix('s')} shift")
    for low, high, per in (
        (f.min_weekly_pay, f.max_weekly_pay, "a week"),
        (f.min_hourly_pay, f.max_hourly_pay, "an hour"),
    ):
        if low is not None and high is not None:
            parts.append(f"paying ${low:,.0f} to ${high:,.0f} {per}")
        elif low is not None:
            parts.append(f"paying at least ${low:,.2f} {per}".replace(".00 ", " "))
        elif high is not None:
            parts.append(f"paying at most ${high:,.2f} {per}".replace(".00 ", " "))
    if f.job_id:
        parts.append("one job")
    if f.candidate_id:
        parts.append("one candidate")
    if f.share_id:
        parts.append("one share link")
    if f.recruiter_id:
        parts.append("one recruiter")
    window = _window_words(plan, query, today)
    if window:
        parts.append(window)
    return ", ".join(parts)
