"""The public FAQ pages: ``/faq`` (every live article, per language) and ``/faq/{slug}``.

An article page prints the approved version's sanitised HTML as stored (publishing gave
each question heading its ``id``, the anchor the chat links: ``/faq/{slug}#{anchor}``),
a list of its questions, links to its translations (``hreflang``) and ``FAQPage``
structured data whose every question and answer is the page's own visible text. A
Spanish article is served with ``lang="es"``. Unknown or unpublished articles are 404.
"""

from __future__ import annotations

import re
from html import unescape

from litestar import Controller, Request, Response
from litestar.response import Redirect
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.web import content_templates as tpl
from assistant.web import content_urls as urls
from assistant.web.content_templates import FaqArticleView, FaqQuestion, HubItem
from assistant.web.page_responses import html_response, origin, site_url
from assistant.web.page_route import page
from assistant.web.structured_data import Crumb
from config.settings import Settings
from data_layer.faq.public import faq_article_by_slug, list_faq_articles, translations

__all__ = ["FaqPagesController", "questions_of"]

RELATED_SHOWN = 8
ANSWER_CHARS = 2000
"""Longest answer text in the structured data (the page shows it all)."""

_SECTION = re.compile(r'<h2 id="([a-z0-9-]+)">(.*?)</h2>(.*?)(?=<h2[ >]|\Z)', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", fragment)).split())


def questions_of(body_html: str) -> list[FaqQuestion]:
    """Each question heading of the stored page with its anchor and its answer's text."""
    found = []
    for anchor, heading, answer in _SECTION.findall(body_html):
        question, text = _plain(heading), _plain(answer)
        if question and text:
            found.append(FaqQuestion(anchor, question, text[:ANSWER_CHARS]))
    return found


def _not_found(request: Request) -> Response[bytes]:
    return html_response(request, tpl.not_found(api_origin=origin(request)), 404)


class FaqPagesController(Controller):
    include_in_schema = False

    @page(urls.FAQ_HUB, name="content:faq-hub")
    async def hub(
        self, request: Request, db_session: AsyncSession, settings: Settings
    ) -> Response[bytes]:
        site = site_url(settings)
        links = await list_faq_articles(db_session)
        by_language: dict[str, list[HubItem]] = {}
        for link in links:
            item = HubItem(link.title, urls.faq_path(link.slug), link.summary)
            by_language.setdefault(link.language, []).append(item)
        ordered = sorted(by_language.items(), key=lambda kv: (kv[0] != "en", kv[0]))
        url = site + urls.FAQ_HUB
        return html_response(
            request,
            tpl.faq_hub_page(
                by_language=ordered,
                url=url,
                site_url=site,
                crumbs=[Crumb("Home", f"{site}/"), Crumb("FAQ", url)],
                api_origin=origin(request),
            ),
        )

    @page(f"{urls.FAQ_HUB}/{{slug:str}}", name="content:faq-article")
    async def article(
        self, request: Request, db_session: AsyncSession, settings: Settings, slug: str
    ) -> Response[bytes] | Redirect:
        if request.url.path != request.url.path.lower():
            return Redirect(request.url.path.lower(), status_code=301)
        if len(slug) > 255 or not urls.SLUG.match(slug):
            return _not_found(request)
        found = await faq_article_by_slug(db_session, slug)
        if found is None:
            return _not_found(request)
        site = site_url(settings)
        url = site + urls.faq_path(found.slug)
        said = tpl.words(found.language)
        others = await list_faq_articles(db_session, language=found.language)
        view = FaqArticleView(
            title=found.title,
            seo_title=found.seo_title,
            description=" ".join((found.seo_description or found.summary or found.title).split())[
                :300
            ],
            keywords=found.seo_keywords,
            language=found.language,
            body_html=found.content,
            questions=questions_of(found.content),
            url=url,
            site_url=site,
            crumbs=[
                Crumb(said["home"], f"{site}/"),
                Crumb(said["faq"], site + urls.FAQ_HUB),
                Crumb(found.title, url),
            ],
            published_at=found.published_at,
            updated_at=found.updated_at,
            translations=[
                (t.language, t.title, site + urls.faq_path(t.slug))
                for t in await translations(db_session, found)
            ],
            related=[(o.title, urls.faq_path(o.slug)) for o in others if o.slug != found.slug][
                :RELATED_SHOWN
            ],
        )
        return html_response(request, tpl.faq_article_page(view, api_origin=origin(request)))
