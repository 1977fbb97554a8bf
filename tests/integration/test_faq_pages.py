"""The public FAQ pages: ``/faq/{slug}`` prints the approved article with an id on each
question (the anchors the chat links, the same as its passages'), its translations linked
both ways, Spanish pages in Spanish (lang="es"), FAQPage data whose every question and
answer is on the page, hostile Markdown sanitised; ``/faq`` lists the live articles per
language; drafts are never served; unpublished articles are gone from pages and sitemap."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import extruct
import pytest
from litestar.testing import AsyncTestClient
from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from assistant.app import create_app
from config.settings import Settings
from data_layer.content import review
from data_layer.content.kinds import ContentType
from data_layer.models import FaqPassage
from tests.integration.public_content_helpers import SITE, site_database

EDITOR = "7d1c2f2e-0000-4000-8000-0000000000fb"
FAQ = ContentType.FAQ_ARTICLE

PAY_EN = """\
Every offer shows its pay package line by line.

## What is in a travel pay package?

A **taxable hourly base rate** plus tax-free stipends for housing & meals (M&IE).

## How is overtime paid?

Hours over 40 in a week are paid at 1.5 times the base rate.

- Holidays worked: 1.5 times the base rate.
- Stipends do not change with overtime.
"""
PAY_ES = """\
Cada oferta muestra su paquete de pago línea por línea.

## ¿Qué incluye un paquete de pago de viaje?

Una **tarifa base por hora** con impuestos más viáticos libres de impuestos para vivienda y
comidas.
"""
HOSTILE = """\
Our referral program in short.

## How much is the referral bonus?

$500 per friend. <script>alert(1)</script><img src=x onerror="alert(2)">
<h2 id="evil" onclick="alert(3)">Injected heading</h2>

[elsewhere](https://evil.example.net/x) and [our jobs](/jobs).
"""


@dataclass
class FaqSite:
    client: AsyncTestClient
    db: AsyncDatabase
    factory: async_sessionmaker
    refs: dict[str, str]


def _fields(title: str, slug: str) -> dict[str, str]:
    return {
        "title": title,
        "slug": slug,
        "seo_title": f"{title} | Excel Medical Staffing",
        "seo_description": f"{title}: what every traveler should know before signing an offer.",
        "excerpt": f"{title} in short.",
    }


@pytest.fixture(scope="module")
async def site(
    stack_settings: Settings, admin_pg_url: str, migrated_template: str
) -> AsyncIterator[FaqSite]:
    async with site_database(stack_settings, admin_pg_url, migrated_template) as base:
        db, factory = base.mongo, base.factory
        refs: dict[str, str] = {}
        for name, language, key, markdown, fields in (
            ("pay_en", "en", "pay-packages", PAY_EN, _fields("How pay works", "pay-packages")),
            (
                "pay_es",
                "es",
                "pay-packages",
                PAY_ES,
                _fields("Cómo funciona el pago", "como-funciona-el-pago"),
            ),
            ("referral", "en", "referral-bonus", HOSTILE, _fields("Referral bonus", "referrals")),
        ):
            doc = await review.create_faq_article(
                db,
                factory,
                language=language,
                article_key=key,
                markdown=markdown,
                page_fields=fields,
                editor_id=EDITOR,
            )
            refs[name] = doc["reference_id"]
            await review.approve(
                db,
                factory,
                FAQ,
                doc["reference_id"],
                1,
                reviewer_id=EDITOR,
                override_note="hostile markup on purpose" if name == "referral" else None,
            )
        async with AsyncTestClient(create_app(base.settings)) as client:
            yield FaqSite(client, db, factory, refs)


def _ld(page: str, url: str) -> dict[str, Any]:
    data = extruct.extract(page, base_url=url, syntaxes=["json-ld"])
    return {item["@type"]: item for item in data["json-ld"]}


def _prose(page: str) -> str:
    """The article's stored HTML as printed (the sanitiser allows no <div> inside)."""
    return page.split('<div class="prose">')[1].split("</div>")[0]


def _visible(page: str) -> str:
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


async def test_an_article_has_an_anchor_per_question_matching_its_passages_and_faq_data(
    site: FaqSite,
) -> None:
    response = await site.client.get("/faq/pay-packages")
    assert response.status_code == 200
    page = response.text
    assert page.startswith('<!doctype html>\n<html lang="en">')
    assert f'<link rel="canonical" href="{SITE}/faq/pay-packages">' in page
    assert "<title>How pay works | Excel Medical Staffing</title>" in page
    ids = re.findall(r'<h2 id="([a-z0-9-]+)">', _prose(page))
    assert ids == ["what-is-in-a-travel-pay-package", "how-is-overtime-paid"]
    async with site.factory() as session:
        anchors = (
            await session.scalars(
                select(FaqPassage.anchor)
                .where(FaqPassage.article_id == uuid.UUID(site.refs["pay_en"]))
                .order_by(FaqPassage.position)
            )
        ).all()
    assert [a for a in anchors if a] == ids  # /faq/pay-packages#<anchor> lands on the answer
    # A list of the page's questions links to the anchors.
    for anchor in ids:
        assert f'<a href="#{anchor}">' in page
    # The translation is linked both ways (visible link and hreflang alternates).
    assert f'hreflang="es" href="{SITE}/faq/como-funciona-el-pago"' in page
    assert 'href="https://careers.example.com/faq/como-funciona-el-pago" hreflang="es"' in page

    data = _ld(page, f"{SITE}/faq/pay-packages")
    faq = data["FAQPage"]
    assert faq["url"] == f"{SITE}/faq/pay-packages" and faq["inLanguage"] == "en"
    questions = faq["mainEntity"]
    assert [q["name"] for q in questions] == [
        "What is in a travel pay package?",
        "How is overtime paid?",
    ]
    visible = _visible(page)
    for q in questions:  # Google's rule: every marked-up question and answer is on the page
        assert q["@type"] == "Question" and q["name"] in visible
        assert q["acceptedAnswer"]["text"] in visible
    assert "1.5 times the base rate. Holidays worked" in questions[1]["acceptedAnswer"]["text"]
    crumbs = [i["name"] for i in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "FAQ", "How pay works"]


async def test_a_spanish_article_is_served_in_spanish_and_links_its_english_original(
    site: FaqSite,
) -> None:
    response = await site.client.get("/faq/como-funciona-el-pago")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="es">' in page
    assert '<meta property="og:locale" content="es_US">' in page
    assert '<h2 id="que-incluye-un-paquete-de-pago-de-viaje">' in page
    assert "Preguntas en esta página" in page and "Pregunta a nuestro asistente" in page
    assert f'<a href="{SITE}/faq/pay-packages" hreflang="en" lang="en">' in page
    crumbs = _ld(page, SITE)["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == [
        "Inicio",
        "Preguntas frecuentes",
        "Cómo funciona el pago",
    ]


async def test_hostile_markdown_is_sanitised_and_only_slug_ids_are_added(site: FaqSite) -> None:
    page = (await site.client.get("/faq/referrals")).text
    body = _prose(page)
    for hostile in ("<script", "onerror", "onclick", "evil.example.net", 'id="evil"', "<img"):
        assert hostile not in body, hostile
    assert '<a href="/jobs">our jobs</a>' in body
    assert re.findall(r"<h2[^>]*>", body) == [
        '<h2 id="how-much-is-the-referral-bonus">',
        '<h2 id="injected-heading">',
    ]


async def test_the_hub_lists_live_articles_per_language(site: FaqSite) -> None:
    response = await site.client.get("/faq")
    assert response.status_code == 200
    page = response.text
    english = page.split('<section lang="en"')[1].split("</section>")[0]
    spanish = page.split('<section lang="es"')[1].split("</section>")[0]
    assert re.findall(r'href="(/faq/[^"]+)"', english) == ["/faq/pay-packages", "/faq/referrals"]
    assert re.findall(r'href="(/faq/[^"]+)"', spanish) == ["/faq/como-funciona-el-pago"]
    assert "En español" in spanish
    assert _ld(page, f"{SITE}/faq")["CollectionPage"]["url"] == f"{SITE}/faq"


async def test_drafts_are_never_served_and_unpublished_articles_disappear(site: FaqSite) -> None:
    for path in ("/faq/no-such-article", "/faq/Bad_Slug!", "/faq/" + "a" * 300):
        assert (await site.client.get(path)).status_code == 404, path
    moved = await site.client.get("/faq/PAY-PACKAGES", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/faq/pay-packages"

    before = (await site.client.get("/faq/referrals")).content
    await review.edit(
        site.db,
        FAQ,
        site.refs["referral"],
        base_version=1,
        markdown="## NEWER DRAFT\n\nNot approved.\n",
        page_fields={"title": "NEWER TITLE"},
        editor_id=EDITOR,
    )
    assert (await site.client.get("/faq/referrals")).content == before

    await review.unpublish(site.db, site.factory, FAQ, site.refs["referral"], reviewer_id=EDITOR)
    assert (await site.client.get("/faq/referrals")).status_code == 404
    assert "/faq/referrals" not in (await site.client.get("/faq")).text
    listed = (await site.client.get("/sitemaps/faq-1.xml")).text
    assert f"{SITE}/faq/pay-packages" in listed and f"{SITE}/faq/como-funciona-el-pago" in listed
    assert "/faq/referrals" not in listed
    assert f"{SITE}/faq</loc>" in (await site.client.get("/sitemaps/pages-1.xml")).text
