"""The demo career site: ``/`` (home), ``/jobs`` (list with filters), ``/jobs/{id}`` (detail).

Server-rendered HTML from the database through :mod:`data_layer` (the same
search the chat uses), with the chat widget embedded as a customer would.
"""

from __future__ import annotations

import math
from uuid import UUID

from litestar import Controller, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.dependencies import AppResources
from assistant.web import templates
from assistant.web.page_route import page
from config.settings import Settings
from data_layer.content.public import published_job_description
from data_layer.jobs.featured import featured_jobs
from data_layer.jobs.filters import JobSearchFilters
from data_layer.jobs.search import get_job_details, search_jobs
from data_layer.master import catalog as master_data
from data_layer.master.lookup import master_snapshot

PAGE_SIZE = 20


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _html(content: str, request: Request, status_code: int = 200) -> Response[str]:
    return Response(
        content,
        status_code=status_code,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": templates.content_security_policy(_origin(request)),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
        },
    )


def _state_names() -> dict[str, str]:
    return {s.code: s.name for s in master_data.states()}


class CareerSiteController(Controller):
    include_in_schema = False

    @page("/", name="site:home")
    async def home(self, request: Request, db_session: AsyncSession) -> Response[str]:
        hot = await search_jobs(db_session, JobSearchFilters(hot_only=True), page_size=6)
        everything = await search_jobs(db_session, JobSearchFilters(), page_size=1)
        featured = await featured_jobs(db_session, 6)
        master = await master_snapshot(db_session)
        names = _state_names()
        states = sorted(
            ((code, names.get(code, code)) for code in master.state_codes.values()),
            key=lambda pair: pair[1],
        )
        return _html(
            templates.home(
                api_origin=_origin(request),
                hot=hot.jobs,
                featured=[f.card for f in featured],
                open_jobs=everything.total,
                open_capped=everything.total_capped,
                professions=sorted(master.profession_names.values()),
                states=states,
            ),
            request,
        )

    @page("/jobs", name="site:jobs")
    async def jobs(self, request: Request, db_session: AsyncSession) -> Response[str]:
        params = request.query_params
        chosen: dict[str, str] = {}
        for key in ("profession", "specialty", "state", "job_type", "shift"):
            value = (params.get(key) or "").strip()[:100]
            if value:
                chosen[key] = value
        if params.get("hot"):
            chosen["hot"] = "1"
        try:
            page_number = max(1, min(500, int(params.get("page") or 1)))
        except ValueError:
            page_number = 1
        job_type = chosen.get("job_type")
        shift = chosen.get("shift")
        filters = JobSearchFilters.from_mapping(
            {
                "profession": chosen.get("profession"),
                "specialty": chosen.get("specialty"),
                "state": chosen.get("state"),
                "job_type": job_type if job_type in templates.JOB_TYPES else None,
                "shift": shift if shift in templates.SHIFTS else None,
                "hot_only": True if chosen.get("hot") else None,
            }
        )
        result = await search_jobs(db_session, filters, page=page_number, page_size=PAGE_SIZE)
        master = await master_snapshot(db_session)
        names = _state_names()
        states = sorted(
            ((code, names.get(code, code)) for code in master.state_codes.values()),
            key=lambda pair: pair[1],
        )
        return _html(
            templates.job_list(
                api_origin=_origin(request),
                hits=result.jobs,
                total=result.total,
                capped=result.total_capped,
                page_number=page_number,
                pages=math.ceil(result.total / PAGE_SIZE),
                chosen=chosen,
                professions=sorted(master.profession_names.values()),
                specialties=sorted(set(master.specialty_names.values())),
                states=states,
            ),
            request,
        )

    @page("/jobs/{job_id:str}", name="site:job")
    async def job(
        self,
        request: Request,
        db_session: AsyncSession,
        settings: Settings,
        resources: AppResources,
        job_id: str,
    ) -> Response[str]:
        """One job. A hidden job is 404; a closed one says so and carries no ``JobPosting``
        (Google wants an expired posting's markup gone, :func:`templates.job_detail`)."""
        try:
            parsed = UUID(job_id)
        except ValueError:
            parsed = None
        details = None
        if parsed is not None:
            details = await get_job_details(db_session, parsed)
        if details is None:
            return _html(templates.not_found(api_origin=_origin(request)), request, 404)
        written = None
        upstream = (details.description_text or "").strip()
        if len(upstream) < settings.content_thin_description_chars:
            # Only thin upstream descriptions get one drafted (and approved) by our editors.
            written = await published_job_description(resources.mongo, details.card.id)
        site_url = settings.public_base_url.rstrip("/")
        return _html(
            templates.job_detail(
                api_origin=_origin(request),
                job=details,
                url=f"{site_url}/jobs/{details.card.id}",
                site_url=site_url,
                written_description=written,
            ),
            request,
        )
