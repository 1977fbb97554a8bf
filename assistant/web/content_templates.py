"""HTML of the public content pages (guides, specialty pages, blog) in the career site's layout.

The page body is the stored, sanitised HTML of the approved version, printed byte for
byte; everything else (titles, names, links) goes through :func:`esc`. Structured data
comes from :mod:`assistant.web.structured_data` and every fact it marks up is printed
here too (breadcrumb trail, dates, publisher).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.web import structured_data as sd
from assistant.web.format import day, esc
from assistant.web.structured_data import Crumb
from assistant.web.templates import COMPANY, job_card, page
from data_layer.jobs.search import JobHit

CONTENT_CSS = """<style>
.prose{max-width:72ch}.prose h2{margin:1.6em 0 .4em;font-size:1.4rem}
.prose h3{margin:1.3em 0 .3em}.prose li{margin:.2em 0}
.prose table{border-collapse:collapse;margin:1em 0;width:100%}
.prose th,.prose td{border:1px solid var(--line);padding:6px 10px;text-align:left}
.prose th{background:var(--bg)}
.side h2{font-size:1.15rem;margin:0 0 10px}.side .results{margin-bottom:12px}
.side section{margin-bottom:28px}
.links{list-style:none;padding:0;margin:0}
.links li{padding:8px 0;border-bottom:1px solid var(--line)}.links li:last-child{border:0}
.links p{margin:2px 0 0;color:var(--muted);font-size:.92rem}
.hub{list-style:none;padding:0;margin:0 0 24px;display:grid;gap:14px;max-width:800px}
.hub li{border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.hub h2{margin:0;font-size:1.15rem}.hub p{margin:4px 0 0;color:var(--muted)}
</style>
"""


@dataclass(frozen=True, slots=True)
class JobsBlock:
    """The live jobs a page is about: a few cards and a link to all of them."""

    heading: str
    hits: Sequence[JobHit]
    total: int
    capped: bool
    all_url: str
    all_label: str
    ask: str
    """What the widget is asked when the reader presses the button."""


@dataclass(frozen=True, slots=True)
class ContentView:
    """Everything one content page prints; built by :mod:`assistant.web.content_pages`."""

    title: str
    seo_title: str | None
    description: str
    keywords: str | None
    body_html: str
    url: str
    site_url: str
    crumbs: Sequence[Crumb]
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None = None
    image: str | None = None
    is_article: bool = False
    jobs: JobsBlock | None = None
    related_heading: str = ""
    related: Sequence[tuple[str, str]] = field(default_factory=tuple)
    """(title, path) of the live pages this one links to."""


def _time(value: dt.datetime) -> str:
    iso = value.astimezone(dt.UTC).isoformat(timespec="seconds")
    return f'<time datetime="{esc(iso)}">{esc(day(value))}</time>'


def _crumbs_html(crumbs: Sequence[Crumb]) -> str:
    *trail, here = crumbs
    links = [f'<a href="{esc(c.url)}">{esc(c.name)}</a>' for c in trail]
    return (
        '<nav class="crumbs" aria-label="Breadcrumb">'
        + " &rsaquo; ".join([*links, f'<span aria-current="page">{esc(here.name)}</span>'])
        + "</nav>"
    )


def _jobs_html(jobs: JobsBlock) -> str:
    count = f"{jobs.total:,}{'+' if jobs.capped else ''}"
    cards = "".join(job_card(hit) for hit in jobs.hits)
    if not jobs.hits:
        cards = "<p>No open jobs right now. Ask our assistant to tell you when one opens.</p>"
    more = (
        f'<p><a class="btn secondary" href="{esc(jobs.all_url)}">{esc(jobs.all_label)}</a></p>'
        if jobs.total > len(jobs.hits)
        else ""
    )
    return f"""<section aria-labelledby="jobs-title">
<h2 id="jobs-title">{esc(jobs.heading)}</h2>
<p class="meta" role="status">{esc(count)} open now</p>
<div class="results">{cards}</div>
{more}
<p><button class="btn" type="button" data-esa-ask="{esc(jobs.ask)}">Ask our assistant</button></p>
</section>"""


def _related_html(heading: str, related: Sequence[tuple[str, str]]) -> str:
    if not related:
        return ""
    items = "".join(f'<li><a href="{esc(path)}">{esc(title)}</a></li>' for title, path in related)
    return f"""<section aria-labelledby="related-title">
<h2 id="related-title">{esc(heading)}</h2><ul class="links">{items}</ul></section>"""


def content_page(view: ContentView, *, api_origin: str) -> str:
    if view.is_article and view.published_at is not None:
        byline = f"By {esc(COMPANY)} &middot; Published {_time(view.published_at)}" + (
            f" &middot; Updated {_time(view.updated_at)}"
            if day(view.updated_at) != day(view.published_at)
            else ""
        )
        main_ld = sd.article_ld(
            headline=view.title,
            description=view.description,
            url=view.url,
            site_url=view.site_url,
            published=view.published_at,
            modified=view.updated_at,
            image=view.image,
        )
    else:
        byline = f"{esc(COMPANY)} &middot; Updated {_time(view.updated_at)}"
        main_ld = sd.webpage_ld(
            kind="WebPage",
            name=view.title,
            description=view.description,
            url=view.url,
            site_url=view.site_url,
            published=view.created_at,
            modified=view.updated_at,
        )
    side = (_jobs_html(view.jobs) if view.jobs else "") + _related_html(
        view.related_heading, view.related
    )
    body = f"""
<div class="wrap">{_crumbs_html(view.crumbs)}
<div class="detail"><article>
<h1>{esc(view.title)}</h1>
<p class="meta">{byline}</p>
<div class="prose">{view.body_html}</div>
</article>
<aside class="side" aria-label="Open jobs and related pages">{side}</aside>
</div></div>"""
    head = (
        CONTENT_CSS
        + sd.open_graph(
            og_type="article" if view.is_article else "website",
            title=view.seo_title or view.title,
            description=view.description,
            url=view.url,
            image=view.image,
            published=view.published_at,
            modified=view.updated_at,
            keywords=view.keywords,
        )
        + sd.ld_scripts(main_ld, sd.breadcrumb_ld(view.crumbs))
    )
    return page(
        title=view.seo_title or f"{view.title} | {COMPANY}",
        description=view.description,
        body=body,
        api_origin=api_origin,
        canonical=view.url,
        head_extra=head,
    )


@dataclass(frozen=True, slots=True)
class HubItem:
    title: str
    path: str
    summary: str | None
    published_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class HubView:
    """A list of live pages (``/blog``, ``/travel-nursing``, ``/specialties``), paginated."""

    title: str
    intro: str
    url: str
    """Canonical URL of this page of the list (``?page=N`` from the second page on)."""
    site_url: str
    crumbs: Sequence[Crumb]
    items: Sequence[HubItem]
    page_number: int
    pages: int
    base_path: str
    empty: str


def _pager(view: HubView) -> tuple[str, str]:
    """The visible pager and the ``rel=prev/next`` links of the head."""

    def link(number: int) -> str:
        return view.base_path if number == 1 else f"{view.base_path}?page={number}"

    visible: list[str] = []
    head: list[str] = []
    if view.page_number > 1:
        visible.append(f'<a href="{esc(link(view.page_number - 1))}" rel="prev">Previous</a>')
        head.append(f'<link rel="prev" href="{esc(view.site_url + link(view.page_number - 1))}">')
    if view.pages > 1:
        visible.append(f"<span>Page {view.page_number} of {view.pages}</span>")
    if view.page_number < view.pages:
        visible.append(f'<a href="{esc(link(view.page_number + 1))}" rel="next">Next</a>')
        head.append(f'<link rel="next" href="{esc(view.site_url + link(view.page_number + 1))}">')
    pager = f'<nav class="pager" aria-label="Pages">{"".join(visible)}</nav>' if visible else ""
    return pager, "".join(head)


def hub_page(view: HubView, *, api_origin: str) -> str:
    items = "".join(
        f'<li><h2><a href="{esc(item.path)}">{esc(item.title)}</a></h2>'
        + (f"<p>{_time(item.published_at)}</p>" if item.published_at else "")
        + (f"<p>{esc(item.summary)}</p>" if item.summary else "")
        + "</li>"
        for item in view.items
    )
    listing = f'<ul class="hub">{items}</ul>' if view.items else f"<p>{esc(view.empty)}</p>"
    pager, rel_links = _pager(view)
    body = f"""
<div class="wrap">{_crumbs_html(view.crumbs)}
<h1>{esc(view.title)}</h1>
<p class="lead">{esc(view.intro)}</p>
{listing}
{pager}
</div>"""
    title = view.title if view.page_number == 1 else f"{view.title} (page {view.page_number})"
    ld = sd.webpage_ld(
        kind="CollectionPage",
        name=title,
        description=view.intro,
        url=view.url,
        site_url=view.site_url,
        published=None,
        modified=None,
    )
    head = (
        CONTENT_CSS
        + rel_links
        + sd.open_graph(og_type="website", title=title, description=view.intro, url=view.url)
        + sd.ld_scripts(ld, sd.breadcrumb_ld(view.crumbs))
    )
    return page(
        title=f"{title} | {COMPANY}",
        description=view.intro,
        body=body,
        api_origin=api_origin,
        canonical=view.url,
        head_extra=head,
    )


def not_found(*, api_origin: str) -> str:
    body = """<div class="wrap"><h1>We couldn't find that page</h1>
<p>It may have moved or been taken down. <a href="/jobs">Browse open jobs</a>,
<a href="/blog">read our blog</a> or ask our chat assistant.</p></div>"""
    return page(
        title=f"Page not found | {COMPANY}",
        description="Page not found.",
        body=body,
        api_origin=api_origin,
        head_extra='<meta name="robots" content="noindex">',
    )
