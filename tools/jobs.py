"""Tools: search jobs and show one job's details."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from data_layer.analytics import service as analytics
from data_layer.jobs.search import JobHit, JobSearchFilters
from data_layer.jobs.search import get_job_details as load_job_details
from data_layer.jobs.search import search_jobs as run_search
from tools.context import ToolContext
from tools.results import ToolResult

PAGE_SIZE = 5


def job_card(ctx: ToolContext, hit: JobHit) -> dict[str, Any]:
    """The job card of the chat API (and the widget)."""
    duration = None
    if hit.duration:
        unit = (hit.duration_type or "weeks").lower()
        duration = f"{hit.duration} {unit[:-1] if hit.duration == 1 else unit}"
    return {
        "id": str(hit.id),
        "title": hit.title,
        "profession": hit.profession,
        "specialty": hit.specialty,
        "city": hit.city,
        "state": hit.state,
        "job_type": hit.job_type,
        "shift": hit.shift,
        "weekly_pay": hit.weekly_pay,
        "hourly_pay": hit.hourly_pay,
        "start_date": "ASAP"
        if hit.asap
        else (hit.start_date.isoformat() if hit.start_date else None),
        "duration": duration,
        "hot_job": hit.hot_job,
        "url": ctx.job_url(hit.id),
        "why": hit.why,
    }


async def search_jobs(
    ctx: ToolContext,
    filters: dict[str, Any] | JobSearchFilters,
    query: str | None = None,
    page: int = 1,
) -> ToolResult:
    """Open jobs matching the filters, ranked by the free-text query when given."""
    parsed = (
        filters if isinstance(filters, JobSearchFilters) else JobSearchFilters.from_mapping(filters)
    )
    query = (query or "").strip()[:300] or None
    vector = await ctx.embed_query(query) if (query and ctx.embed_query) else None
    result = await run_search(
        ctx.db, parsed, query=query, query_vector=vector, page=page, page_size=PAGE_SIZE
    )
    cards = [job_card(ctx, hit) for hit in result.jobs]
    search_id = await analytics.record_search(
        ctx.db,
        user_id=ctx.actor.user_id,
        session_id=str(ctx.actor.chat_session_id),
        search_query=query,
        filters={**parsed.as_dict(), "page": page},
        results_count=result.total,
    )
    ctx.remember("job_searches", search_id)
    ctx.state["filters"] = parsed.as_dict()
    ctx.state["query"] = query
    ctx.state["page"] = page
    ctx.state["results"] = [
        {"id": c["id"], "title": c["title"], "city": c["city"], "specialty": c["specialty"]}
        for c in cards
    ]
    ctx.emit(
        "jobs",
        {
            "filters": {**parsed.as_dict(), **({"query": query} if query else {})},
            "total": result.total,
            "page": page,
            "jobs": cards,
        },
    )
    return ToolResult(
        "ok",
        {
            "total": result.total,
            "total_is_capped": result.total_capped,
            "page": page,
            "jobs": cards,
            "unknown_filters": result.unknown,
        },
    )


def _job_id(value: str | UUID) -> UUID | None:
    try:
        return value if isinstance(value, UUID) else UUID(str(value).strip())
    except ValueError:
        return None


async def get_job_details(ctx: ToolContext, job_id: str | UUID) -> ToolResult:
    """Everything about one job a candidate may see; records the view."""
    parsed = _job_id(job_id)
    details = await load_job_details(ctx.db, parsed) if parsed else None
    if details is None:
        return ToolResult("not_found", message="No job with that id; search again.")
    actor = ctx.actor
    await analytics.record_job_view(
        ctx.db,
        job_id=details.card.id,
        user_id=actor.user_id,
        session_id=str(actor.chat_session_id),
        referrer_url=actor.page_url,
        referral_code=actor.referral_code if actor.referral_id else None,
        recruiter_share_id=actor.recruiter_share_id,
        share_job_id=actor.share_job_id,
    )
    ctx.remember("job_views", details.card.id)
    ctx.state["focus_job"] = {
        "id": str(details.card.id),
        "title": details.card.title,
        "city": details.card.city,
        "state": details.card.state,
    }
    card = job_card(ctx, details.card)
    return ToolResult(
        "ok" if details.is_open else "closed",
        {
            "job": {
                **card,
                "description": (details.description_text or "")[:1500],
                "end_date": details.end_date,
                "shift_start_time": details.shift_start_time,
                "shift_end_time": details.shift_end_time,
                "shifts_per_week": details.shifts_per_week,
                "hours_per_shift": details.scheduled_hours,
                "weekly_pay_range": details.weekly_pay_range,
                "hourly_pay_range": details.hourly_pay_range,
                "sign_on_bonus": details.sign_on_bonus,
                "openings": details.no_of_openings,
                "certifications_required": details.certifications,
                "preferred_certifications": details.preferred_certifications,
                "is_open": details.is_open,
            }
        },
        None if details.is_open else "This job is no longer open for applications.",
    )
