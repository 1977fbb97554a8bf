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

from assistant.agent.replies.wording import MONTHS_ES
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


# ---------------------------------------------------------------- FAQ articles

FAQ_CSS = """<style>
.toc{border:1px solid var(--line);border-radius:10px;padding:12px 16px;margin:0 0 20px}
.toc h2{font-size:1rem;margin:0 0 6px}.toc ol{margin:0;padding-left:1.2em}
.prose h2[id]{scroll-margin-top:12px}
</style>
"""

FAQ_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "home": "Home",
        "faq": "FAQ",
        "questions": "Questions on this page",
        "updated": "Updated",
        "ask_heading": "Still have a question?",
        "ask_text": "Our assistant answers from these articles, or puts you in touch with a "
        "recruiter.",
        "ask": "Ask our assistant",
        "more": "More answers",
        "translation": "This article in English",
    },
    "es": {
        "home": "Inicio",
        "faq": "Preguntas frecuentes",
        "questions": "Preguntas en esta página",
        "updated": "Actualizado el",
        "ask_heading": "¿Tienes otra pregunta?",
        "ask_text": "Nuestro asistente responde con estos artículos o te pone en contacto con "
        "un reclutador.",
        "ask": "Pregunta a nuestro asistente",
        "more": "Más respuestas",
        "translation": "Este artículo en español",
    },
}
"""The few words the FAQ pages print around an article, in the article's language."""

LANGUAGE_NAMES = {"en": "In English", "es": "En español"}


def words(language: str) -> dict[str, str]:
    return FAQ_WORDS.get(language, FAQ_WORDS["en"])


def _faq_time(value: dt.datetime, language: str) -> str:
    iso = value.astimezone(dt.UTC).isoformat(timespec="seconds")
    shown = (
        f"{value.day} de {MONTHS_ES[value.month - 1]} de {value.year}"
        if language == "es"
        else day(value)
    )
    return f'<time datetime="{esc(iso)}">{esc(shown)}</time>'


@dataclass(frozen=True, slots=True)
class FaqQuestion:
    anchor: str
    question: str
    answer: str
    """The answer as plain text (what the page shows under the question, without markup)."""


@dataclass(frozen=True, slots=True)
class FaqArticleView:
    title: str
    seo_title: str | None
    description: str
    keywords: str | None
    language: str
    body_html: str
    questions: Sequence[FaqQuestion]
    url: str
    site_url: str
    crumbs: Sequence[Crumb]
    published_at: dt.datetime
    updated_at: dt.datetime
    translations: Sequence[tuple[str, str, str]] = field(default_factory=tuple)
    """(language, title, absolute URL) of the article's live translations."""
    related: Sequence[tuple[str, str]] = field(default_factory=tuple)
    """(title, path) of other live articles in the same language."""


def faq_article_page(view: FaqArticleView, *, api_origin: str) -> str:
    said = words(view.language)
    lang = esc(view.language)
    toc = ""
    if view.questions:
        items = "".join(
            f'<li><a href="#{esc(q.anchor)}">{esc(q.question)}</a></li>' for q in view.questions
        )
        toc = (
            f'<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">'
            f"{esc(said['questions'])}</h2><ol>{items}</ol></nav>"
        )
    other = "".join(
        f'<p><a href="{esc(url)}" hreflang="{esc(language)}" lang="{esc(language)}">'
        f"{esc(words(language)['translation'])}: {esc(title)}</a></p>"
        for language, title, url in view.translations
    )
    ask = (
        f'<section aria-labelledby="ask-title"><h2 id="ask-title">{esc(said["ask_heading"])}</h2>'
        f"<p>{esc(said['ask_text'])}</p>"
        f'<p><button class="btn" type="button" data-esa-ask="{esc(view.title)}">'
        f"{esc(said['ask'])}</button></p>{other}</section>"
    )
    side = ask + _related_html(said["more"], view.related)
    byline = f"{esc(COMPANY)} &middot; {esc(said['updated'])} " + _faq_time(
        view.updated_at, view.language
    )
    body = f"""
<div class="wrap" lang="{lang}">{_crumbs_html(view.crumbs)}
<div class="detail"><article>
<h1>{esc(view.title)}</h1>
<p class="meta">{byline}</p>
{toc}
<div class="prose">{view.body_html}</div>
</article>
<aside class="side">{side}</aside>
</div></div>"""
    alternates = ""
    if view.translations:
        links = [(view.language, view.url), *((lng, url) for lng, _, url in view.translations)]
        alternates = "".join(
            f'<link rel="alternate" hreflang="{esc(lng)}" href="{esc(url)}">' for lng, url in links
        )
    faq_ld: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": view.title,
        "description": view.description,
        "url": view.url,
        "inLanguage": view.language,
        "dateModified": view.updated_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "publisher": sd.organization(view.site_url),
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": q.answer},
            }
            for q in view.questions
        ],
    }
    og = sd.open_graph(
        og_type="article",
        title=view.seo_title or view.title,
        description=view.description,
        url=view.url,
        published=view.published_at,
        modified=view.updated_at,
        keywords=view.keywords,
    )
    if view.language == "es":
        og = og.replace('content="en_US"', 'content="es_US"')
    head = (
        CONTENT_CSS
        + FAQ_CSS
        + alternates
        + og
        + sd.ld_scripts(faq_ld, sd.breadcrumb_ld(view.crumbs))
    )
    return page(
        title=view.seo_title or f"{view.title} | {COMPANY}",
        description=view.description,
        body=body,
        api_origin=api_origin,
        canonical=view.url,
        head_extra=head,
        lang=view.language,
    )


def faq_hub_page(
    *,
    by_language: Sequence[tuple[str, Sequence[HubItem]]],
    url: str,
    site_url: str,
    crumbs: Sequence[Crumb],
    api_origin: str,
) -> str:
    """``/faq``: every live article, one list per language (Spanish marked as such)."""
    title = "Frequently asked questions"
    intro = (
        "Straight answers about pay packages, housing, benefits, licensure, credentialing "
        "and what happens after you apply."
    )
    sections = []
    for language, items in by_language:
        entries = "".join(
            f'<li><h3><a href="{esc(item.path)}">{esc(item.title)}</a></h3>'
            + (f"<p>{esc(item.summary)}</p>" if item.summary else "")
            + "</li>"
            for item in items
        )
        sections.append(
            f'<section lang="{esc(language)}" aria-labelledby="faq-{esc(language)}">'
            f'<h2 id="faq-{esc(language)}">{esc(LANGUAGE_NAMES.get(language, language))}</h2>'
            f'<ul class="hub">{entries}</ul></section>'
        )
    listing = "".join(sections) or "<p>No answers published yet. Ask our assistant meanwhile.</p>"
    body = f"""
<div class="wrap">{_crumbs_html(crumbs)}
<h1>{esc(title)}</h1>
<p class="lead">{esc(intro)}</p>
{listing}
</div>"""
    ld = sd.webpage_ld(
        kind="CollectionPage",
        name=title,
        description=intro,
        url=url,
        site_url=site_url,
        published=None,
        modified=None,
    )
    head = (
        CONTENT_CSS
        + "<style>.hub h3{margin:0;font-size:1.1rem}</style>\n"
        + sd.open_graph(og_type="website", title=title, description=intro, url=url)
        + sd.ld_scripts(ld, sd.breadcrumb_ld(crumbs))
    )
    return page(
        title=f"{title} | {COMPANY}",
        description=intro,
        body=body,
        api_origin=api_origin,
        canonical=url,
        head_extra=head,
    )
