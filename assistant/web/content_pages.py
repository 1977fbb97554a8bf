"""The public content pages of the career site: guides, specialty pages and the blog.

Routes (URL scheme in :mod:`assistant.web.content_urls`):
``/travel-nursing``, ``/travel-nursing/{state}/{city}``,
``/travel-nursing/{state}/{city}/{specialty}``, ``/specialties``,
``/specialties/{specialty}``, ``/blog``, ``/blog/{slug}``; the FAQ pages ``/faq`` and
``/faq/{slug}`` are :mod:`assistant.web.faq_pages`.

What a page prints comes only from the published PostgreSQL rows
(:mod:`data_layer.content.public`), never from a draft, plus the live jobs it is about
(the board's own search rules, :func:`data_layer.jobs.search.search_jobs`, remembered
a few seconds: :mod:`assistant.web.jobs_cache`). Unknown or
unpublished pages are 404. Responses carry an ETag of their bytes and
``Cache-Control: public, no-cache``: anyone may keep a copy, but must revalidate it
(a cheap 304), so a page taken down stops being served at once.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, Request, Response
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.web import content_templates as tpl
from assistant.web import content_urls as urls
from assistant.web.content_templates import ContentView, HubItem, HubView, JobsBlock
from assistant.web.faq_pages import FaqPagesController
from assistant.web.format import place
from assistant.web.jobs_cache import jobs_cache
from assistant.web.page_responses import html_response, origin, site_url
from assistant.web.page_route import page
from assistant.web.sitemap import SitemapController
from assistant.web.structured_data import Crumb
from config.settings import Settings
from data_layer.content.kinds import ContentType, reference_id_for
from data_layer.content.public import (
    PageKind,
    PageLink,
    PublishedPage,
    blog_post_by_slug,
    count_pages,
    list_pages,
    page_by_id,
)
from data_layer.jobs.filters import JobSearchFilters
from data_layer.master.lookup import master_snapshot

JOBS_SHOWN = 6
"""Job cards beside a page: enough to act on, few enough to stay one small query."""
RELATED_SHOWN = 20
HUB_PAGE_SIZE = 50
BLOG_PAGE_SIZE = 10
MAX_HUB_PAGE = 1000

_origin = origin
_site = site_url


def _not_found(request: Request) -> Response[bytes]:
    return html_response(request, tpl.not_found(api_origin=_origin(request)), 404)


def _page_id(content_type: ContentType, key: str) -> UUID:
    return UUID(str(reference_id_for(content_type, key)))


def _page_number(request: Request) -> int | None:
    """``?page=N`` (1 when absent); None for a value no pager makes (404, not a copy of page 1)."""
    raw = request.query_params.get("page")
    if raw is None:
        return 1
    if not raw.isdigit() or raw.startswith("0") or int(raw) > MAX_HUB_PAGE:
        return None
    return int(raw)


def _description(found: PublishedPage, fallback: str) -> str:
    text = found.seo_description or found.excerpt or fallback
    return " ".join(text.split())[:300]


async def _jobs(
    request: Request,
    session: AsyncSession,
    filters: JobSearchFilters,
    *,
    heading: str,
    all_url: str,
    all_label: str,
    ask: str,
) -> JobsBlock:
    result = await jobs_cache(request.app.state).search(session, filters, JOBS_SHOWN)
    return JobsBlock(
        heading=heading,
        hits=result.jobs,
        total=result.total,
        capped=result.total_capped,
        all_url=all_url,
        all_label=all_label,
        ask=ask,
    )


def _lower_redirect(request: Request) -> Response[bytes] | Redirect | None:
    """A URL typed with capitals goes to its one canonical, lower-case spelling."""
    path = request.url.path
    if path != path.lower():
        return Redirect(path.lower(), status_code=301)
    return None


def _city_specialty_links(links: list[PageLink]) -> list[tuple[str, str]]:
    return [
        (link.title, urls.city_specialty_path(link.state_code, link.city, link.specialty_name))
        for link in links
        if link.state_code and link.city and link.specialty_name
    ]


class ContentPagesController(Controller):
    include_in_schema = False

    @page(f"{urls.CITY_HUB}/{{state_code:str}}/{{city:str}}", name="content:city-guide")
    async def city_guide(
        self,
        request: Request,
        db_session: AsyncSession,
        settings: Settings,
        state_code: str,
        city: str,
    ) -> Response[bytes] | Redirect:
        if (moved := _lower_redirect(request)) is not None:
            return moved
        if not (urls.STATE.match(state_code) and urls.SLUG.match(city)):
            return _not_found(request)
        page_id = _page_id(ContentType.CITY_GUIDE, f"{state_code}/{city}")
        found = await page_by_id(db_session, PageKind.CITY_GUIDE, page_id)
        if found is None or not found.state_code or not found.city:
            return _not_found(request)
        site = _site(settings)
        where = place(found.city, found.state_code) or found.city
        state_label = found.state_name or found.state_code
        jobs = await _jobs(
            request,
            db_session,
            JobSearchFilters(state=found.state_code, city=found.city),
            heading=f"Open jobs in {where}",
            all_url="/jobs?" + urlencode({"state": found.state_code}),
            all_label=f"See all open jobs in {state_label}",
            ask=f"Find jobs in {where}",
        )
        related = await list_pages(
            db_session,
            PageKind.CITY_SPECIALTY_PAGE,
            state_id=found.state_id,
            city=found.city,
            limit=RELATED_SHOWN,
        )
        url = site + urls.city_guide_path(found.state_code, found.city)
        view = ContentView(
            title=found.title,
            seo_title=found.seo_title,
            description=_description(found, f"Travel nursing in {where}: open jobs and pay."),
            keywords=found.seo_keywords,
            body_html=found.content,
            url=url,
            site_url=site,
            crumbs=[
                Crumb("Home", f"{site}/"),
                Crumb("Travel nursing", site + urls.CITY_HUB),
                Crumb(where, url),
            ],
            created_at=found.created_at,
            updated_at=found.updated_at,
            image=found.featured_image,
            jobs=jobs,
            related_heading=f"Specialties in {found.city}",
            related=_city_specialty_links(related),
        )
        return html_response(request, tpl.content_page(view, api_origin=_origin(request)))

    @page(
        f"{urls.CITY_HUB}/{{state_code:str}}/{{city:str}}/{{specialty:str}}",
        name="content:city-specialty",
    )
    async def city_specialty(
        self,
        request: Request,
        db_session: AsyncSession,
        settings: Settings,
        state_code: str,
        city: str,
        specialty: str,
    ) -> Response[bytes] | Redirect:
        if (moved := _lower_redirect(request)) is not None:
            return moved
        if not (
            urls.STATE.match(state_code) and urls.SLUG.match(city) and urls.SLUG.match(specialty)
        ):
            return _not_found(request)
        page_id = _page_id(ContentType.CITY_SPECIALTY_PAGE, f"{state_code}/{city}/{specialty}")
        found = await page_by_id(db_session, PageKind.CITY_SPECIALTY_PAGE, page_id)
        if found is None or not found.state_code or not found.city or not found.specialty_name:
            return _not_found(request)
        site = _site(settings)
        where = place(found.city, found.state_code) or found.city
        name = found.specialty_name
        city_url = (
            site + urls.city_guide_path(found.state_code, found.city)
            if found.has_city_guide
            else f"{site}/jobs?" + urlencode({"state": found.state_code})
        )
        jobs = await _jobs(
            request,
            db_session,
            JobSearchFilters(state=found.state_code, city=found.city, specialty=name),
            heading=f"Open {name} jobs in {where}",
            all_url="/jobs?" + urlencode({"state": found.state_code, "specialty": name}),
            all_label=f"See all open {name} jobs in {found.state_name or found.state_code}",
            ask=f"Find {name} jobs in {where}",
        )
        related: list[tuple[str, str]] = []
        if found.has_city_guide:
            related.append(
                (f"Travel nursing in {where}", urls.city_guide_path(found.state_code, found.city))
            )
        if found.has_specialty_page:
            related.append((f"{name} travel nursing", urls.specialty_path(name)))
        url = site + urls.city_specialty_path(found.state_code, found.city, name)
        view = ContentView(
            title=found.title,
            seo_title=found.seo_title,
            description=_description(found, f"{name} travel nursing jobs in {where}."),
            keywords=found.seo_keywords,
            body_html=found.content,
            url=url,
            site_url=site,
            crumbs=[
                Crumb("Home", f"{site}/"),
                Crumb("Travel nursing", site + urls.CITY_HUB),
                Crumb(where, city_url),
                Crumb(name, url),
            ],
            created_at=found.created_at,
            updated_at=found.updated_at,
            image=found.featured_image,
            jobs=jobs,
            related_heading="Related guides",
            related=related,
        )
        return html_response(request, tpl.content_page(view, api_origin=_origin(request)))

    @page(f"{urls.SPECIALTY_HUB}/{{specialty:str}}", name="content:specialty")
    async def specialty(
        self, request: Request, db_session: AsyncSession, settings: Settings, specialty: str
    ) -> Response[bytes] | Redirect:
        if (moved := _lower_redirect(request)) is not None:
            return moved
        if not urls.SLUG.match(specialty):
            return _not_found(request)
        page_id = _page_id(ContentType.SPECIALTY_PAGE, specialty)
        found = await page_by_id(db_session, PageKind.SPECIALTY_PAGE, page_id)
        if found is None or not found.specialty_name:
            return _not_found(request)
        site = _site(settings)
        name = found.specialty_name
        jobs = await _jobs(
            request,
            db_session,
            JobSearchFilters(specialty=name),
            heading=f"Open {name} jobs",
            all_url="/jobs?" + urlencode({"specialty": name}),
            all_label=f"See all open {name} jobs",
            ask=f"Find {name} jobs",
        )
        master = await master_snapshot(db_session)
        cities = await list_pages(
            db_session,
            PageKind.CITY_SPECIALTY_PAGE,
            specialty_ids=master.specialty_ids_for(name, None) or (found.specialty_id or 0,),
            limit=RELATED_SHOWN,
        )
        url = site + urls.specialty_path(name)
        view = ContentView(
            title=found.title,
            seo_title=found.seo_title,
            description=_description(found, f"{name} travel nursing: open jobs, pay and shifts."),
            keywords=found.seo_keywords,
            body_html=found.content,
            url=url,
            site_url=site,
            crumbs=[
                Crumb("Home", f"{site}/"),
                Crumb("Specialties", site + urls.SPECIALTY_HUB),
                Crumb(name, url),
            ],
            created_at=found.created_at,
            updated_at=found.updated_at,
            image=found.featured_image,
            jobs=jobs,
            related_heading=f"{name} jobs by city",
            related=_city_specialty_links(cities),
        )
        return html_response(request, tpl.content_page(view, api_origin=_origin(request)))

    @page(f"{urls.BLOG_HUB}/{{slug:str}}", name="content:blog-post")
    async def blog_post(
        self, request: Request, db_session: AsyncSession, settings: Settings, slug: str
    ) -> Response[bytes]:
        if len(slug) > 255:
            return _not_found(request)
        found = await blog_post_by_slug(db_session, slug)
        if found is None:
            return _not_found(request)
        site = _site(settings)
        recent = await list_pages(db_session, PageKind.BLOG_POST, limit=4)
        url = site + urls.blog_path(found.slug)
        view = ContentView(
            title=found.title,
            seo_title=found.seo_title,
            description=_description(found, found.title),
            keywords=found.seo_keywords,
            body_html=found.content,
            url=url,
            site_url=site,
            crumbs=[
                Crumb("Home", f"{site}/"),
                Crumb("Blog", site + urls.BLOG_HUB),
                Crumb(found.title, url),
            ],
            created_at=found.created_at,
            updated_at=found.updated_at,
            published_at=found.published_at or found.created_at,
            image=found.featured_image,
            is_article=True,
            related_heading="More from our blog",
            related=[(p.title, urls.blog_path(p.slug)) for p in recent if p.slug != found.slug][:3],
        )
        return html_response(request, tpl.content_page(view, api_origin=_origin(request)))

    @page(urls.BLOG_HUB, name="content:blog")
    async def blog(
        self, request: Request, db_session: AsyncSession, settings: Settings
    ) -> Response[bytes]:
        return await _hub(
            request,
            db_session,
            settings,
            PageKind.BLOG_POST,
            size=BLOG_PAGE_SIZE,
            title="Blog",
            intro="Advice, pay insights and stories for travel nurses and allied professionals.",
            empty="No posts yet. Check back soon.",
        )

    @page(urls.CITY_HUB, name="content:city-hub")
    async def city_hub(
        self, request: Request, db_session: AsyncSession, settings: Settings
    ) -> Response[bytes]:
        return await _hub(
            request,
            db_session,
            settings,
            PageKind.CITY_GUIDE,
            size=HUB_PAGE_SIZE,
            title="Travel nursing",
            intro="City guides for travel nurses: open jobs, pay and what each city is like.",
            empty="No city guides yet. Browse open jobs meanwhile.",
        )

    @page(urls.SPECIALTY_HUB, name="content:specialty-hub")
    async def specialty_hub(
        self, request: Request, db_session: AsyncSession, settings: Settings
    ) -> Response[bytes]:
        return await _hub(
            request,
            db_session,
            settings,
            PageKind.SPECIALTY_PAGE,
            size=HUB_PAGE_SIZE,
            title="Specialties",
            intro="Travel nursing and allied specialties: open jobs, pay and certifications.",
            empty="No specialty pages yet. Browse open jobs meanwhile.",
        )


def _hub_path(link: PageLink) -> str | None:
    if link.kind is PageKind.BLOG_POST:
        return urls.blog_path(link.slug)
    if link.kind is PageKind.SPECIALTY_PAGE:
        return urls.specialty_path(link.specialty_name) if link.specialty_name else None
    if link.state_code and link.city:
        return urls.city_guide_path(link.state_code, link.city)
    return None


async def _hub(
    request: Request,
    session: AsyncSession,
    settings: Settings,
    kind: PageKind,
    *,
    size: int,
    title: str,
    intro: str,
    empty: str,
) -> Response[bytes]:
    number = _page_number(request)
    if number is None:
        return _not_found(request)
    total = await count_pages(session, kind)
    pages = max(1, math.ceil(total / size))
    if number > pages:
        return _not_found(request)
    links = await list_pages(session, kind, limit=size, offset=(number - 1) * size)
    site = _site(settings)
    base = {
        PageKind.BLOG_POST: urls.BLOG_HUB,
        PageKind.CITY_GUIDE: urls.CITY_HUB,
        PageKind.SPECIALTY_PAGE: urls.SPECIALTY_HUB,
    }[kind]
    url = site + base + (f"?page={number}" if number > 1 else "")
    items = [
        HubItem(link.title, path, link.summary, link.published_at)
        for link in links
        if (path := _hub_path(link)) is not None
    ]
    view = HubView(
        title=title,
        intro=intro,
        url=url,
        site_url=site,
        crumbs=[Crumb("Home", f"{site}/"), Crumb(title, site + base)],
        items=items,
        page_number=number,
        pages=pages,
        base_path=base,
        empty=empty,
    )
    return html_response(request, tpl.hub_page(view, api_origin=_origin(request)))


PUBLIC_CONTENT_ROUTES = (ContentPagesController, FaqPagesController, SitemapController)
"""Everything this module family serves, registered on the app in one line."""
