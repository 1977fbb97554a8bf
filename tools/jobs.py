"""Tools: search jobs and show one job's details."""

from __future__ import annotations

from uuid import UUID

import msgspec

from data_layer.analytics import service as analytics
from data_layer.jobs.filters import JobSearchFilters
from data_layer.jobs.search import get_job_details as load_job_details
from data_layer.jobs.search import search_jobs as run_search
from tools.context import ToolContext
from tools.job_results import JobCard, JobDetails, JobNotFound, SearchResults, filters_on_the_wire

PAGE_SIZE = 5
MAX_QUERY_CHARS = 300
MAX_PAGE = 50
"""Deepest results page a search shows (250 jobs): past it, narrow the search instead."""


async def search_jobs(ctx: ToolContext, filters: JobSearchFilters, page: int = 1) -> SearchResults:
    """Open jobs matching the filters, ranked by their free-text ``query`` when there is one.

    ``page`` is held to 1..``MAX_PAGE`` (the model's arguments are refused beyond it
    before they get here; "more" past the last page shows the last one again).
    """
    query = (filters.query or "").strip()[:MAX_QUERY_CHARS] or None
    if query != filters.query:
        filters = msgspec.structs.replace(filters, query=query)
    page = min(max(1, page), MAX_PAGE)
    vector = await ctx.embed_query(query) if (query and ctx.embed_query) else None
    result = await run_search(ctx.db, filters, query_vector=vector, page=page, page_size=PAGE_SIZE)
    cards = [JobCard.from_hit(hit, ctx.job_url(hit.id)) for hit in result.jobs]
    recorded = filters_on_the_wire(filters)
    recorded.pop("query", None)  # stored on its own, as search_query
    search_id = await analytics.record_search(
        ctx.db,
        user_id=ctx.actor.user_id,
        session_id=str(ctx.actor.chat_session_id),
        search_query=query,
        filters={**recorded, "page": page},
        results_count=result.total,
    )
    ctx.remember("job_searches", search_id)
    ctx.state.filters = filters
    ctx.state.page = page
    ctx.state.results = [card.ref() for card in cards]
    return SearchResults(
        filters=filters,
        total=result.total,
        total_is_capped=result.total_capped,
        page=page,
        jobs=cards,
        unknown_filters=result.unknown,
    )


def parse_job_id(value: str | UUID) -> UUID | None:
    try:
        return value if isinstance(value, UUID) else UUID(str(value).strip())
    except ValueError:
        return None


async def get_job_details(ctx: ToolContext, job_id: str | UUID) -> JobDetails | JobNotFound:
    """Everything about one job a candidate may see; records the view."""
    parsed = parse_job_id(job_id)
    stored = await load_job_details(ctx.db, parsed) if parsed else None
    if stored is None:
        return JobNotFound("No job with that id; search again.")
    actor = ctx.actor
    await analytics.record_job_view(
        ctx.db,
        job_id=stored.card.id,
        user_id=actor.user_id,
        session_id=str(actor.chat_session_id),
        referrer_url=actor.page_url,
        referral_code=actor.referral_code if actor.referral_id else None,
        recruiter_share_id=actor.recruiter_share_id,
        share_job_id=actor.share_job_id,
    )
    ctx.remember("job_views", stored.card.id)
    details = JobDetails.from_stored(stored, ctx.job_url(stored.card.id))
    ctx.state.focus = details.card.focus()
    return details
