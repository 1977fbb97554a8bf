"""The "open jobs right now" list every page ends with: links to live job pages."""

from __future__ import annotations

from typing import Any

from data_layer.content.writer.phrasing import UNIT_SHORT, day, job_url, money

LISTED = 10


def job_line(job: dict[str, Any], *, place: bool = True, facility: bool = True) -> str:
    parts = [f"[{job['title']}]({job_url(job['id'])})"]
    if facility and job.get("facility"):
        parts.append(str(job["facility"]))
    if place and job.get("city"):
        parts.append(f"{job['city']}, {job.get('state_code') or ''}".rstrip(", "))
    if job.get("shift"):
        parts.append(str(job["shift"]))
    if job.get("pay_max"):
        unit = UNIT_SHORT.get(job.get("pay_unit") or "week", "")
        if job.get("pay_min") and job["pay_min"] < job["pay_max"]:
            parts.append(f"{money(job['pay_min'])}-{money(job['pay_max'])}{unit}")
        else:
            parts.append(f"{money(job['pay_max'])}{unit}")
    if job.get("asap"):
        parts.append("starts ASAP")
    elif job.get("start_date"):
        parts.append(f"starts {day(job['start_date'])}")
    return "- " + " · ".join(parts)


def jobs_section(
    snapshot: dict[str, Any], heading: str, *, place: bool = True, limit: int = LISTED
) -> list[str]:
    jobs = (snapshot.get("jobs") or [])[:limit]
    if not jobs:
        return []
    return [f"## {heading}", "", *(job_line(j, place=place) for j in jobs), ""]
