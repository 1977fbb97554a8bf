"""The widget in Spanish, in a real browser: a Spanish search gets a Spanish reply and the
widget's own texts (buttons, placeholder, tabs, chips, cards) follow the conversation's
language as the server reports it; a Spanish browser starts in Spanish; English switches
everything back.

Served like the other widget tests: the app under uvicorn over a seeded database copy,
the demo career site embedding the widget with the customer's script tag.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Route, expect

from devstack.mailbox import LocalMailbox
from tests.e2e.accounts import STRONG_PASSWORD, confirmed_account
from tests.e2e.conftest import LiveApp
from tests.e2e.widget_driver import HOST, WidgetDriver
from tests.e2e.widget_tab import Tab, stored_session

SPANISH_SEARCH = "busco trabajo de enfermera de viaje en Texas"


async def _chrome(page: Any) -> dict[str, str]:
    """The widget's fixed texts as shown now."""
    return dict(
        await page.evaluate(
            """() => {
              const root = document.querySelector('esa-chat-widget').shadowRoot;
              const q = s => root.querySelector(s);
              return {
                lang: q('.root').getAttribute('lang'),
                placeholder: q('#esa-input').getAttribute('placeholder'),
                send: q('.send').textContent,
                attach: q('.attach').getAttribute('aria-label'),
                launcher: q('.launcher span').textContent,
                tabs: Array.from(root.querySelectorAll('.tab')).map(t => t.textContent).join('|'),
                account: q('.hbtn').textContent,
              };
            }"""
        )
    )


async def test_a_spanish_search_turns_the_widget_spanish_and_english_turns_it_back(
    live_app: LiveApp, tab: Tab, artifacts: Path
) -> None:
    page, w = tab.page, tab.widget
    await page.goto(live_app.base_url + "/")
    await w.open()
    english = await _chrome(page)
    assert english["lang"] == "en" and english["placeholder"] == "Ask about jobs…"
    assert english["send"] == "Send" and english["tabs"].startswith("Chat|My applications")

    await w.say(SPANISH_SEARCH)
    reply = await w.last_bot_text()
    assert re.search(r"\b(Encontré|hay)\b", reply) and "trabajos" in reply, reply
    assert "/sem" in reply and "/wk" not in reply
    chrome = await _chrome(page)
    assert chrome == {
        "lang": "es",
        "placeholder": "Pregunta por trabajos…",
        "send": "Enviar",
        "attach": "Adjuntar tu currículum",
        "launcher": "Chatea con nosotros",
        "tabs": "Chat|Mis solicitudes|Mis referidos|Chat nuevo",
        "account": "Iniciar sesión",
    }
    # The cards and chips of this reply speak Spanish too; the job data stays as posted.
    card = page.locator(f"{HOST} article.card").first
    await expect(card.get_by_role("button", name=re.compile("^Detalles"))).to_be_visible()
    await expect(card.get_by_role("button", name=re.compile("^Aplicar"))).to_be_visible()
    await expect(card.locator(".pay")).to_contain_text("/sem")
    await expect(page.locator(f"{HOST} .results-head").last).to_contain_text("trabajos encontrados")
    await expect(page.get_by_role("group", name="Filtros de búsqueda")).to_contain_text(
        "Tu búsqueda:"
    )
    await expect(page.get_by_role("button", name="Quitar filtro: TX")).to_be_visible()
    await expect(page.get_by_role("group", name="Filtros de búsqueda")).to_contain_text("De viaje")
    await page.screenshot(path=str(artifacts / "widget-spanish-search.png"))

    # A card's button speaks for the visitor in Spanish, so the conversation stays Spanish.
    await card.get_by_role("button", name=re.compile("^Detalles")).click()
    await w.idle()
    await expect(w.user_messages().last).to_contain_text("Cuéntame más sobre")
    details = await w.last_bot_text()
    assert "Pago:" in details and "Certificaciones:" in details, details
    assert (await stored_session(page)).get("language") == "es"

    # After a reload the widget still speaks Spanish (remembered with the conversations).
    await page.reload()
    await w.ready()
    assert (await _chrome(page))["placeholder"] == "Pregunta por trabajos…"
    await expect(page.get_by_role("dialog", name="Excel Medical Staffing")).to_be_visible()

    await w.say("show me ICU travel jobs in Texas please")
    assert "/wk" in await w.last_bot_text()
    back = await _chrome(page)
    assert back["lang"] == "en" and back["placeholder"] == "Ask about jobs…"
    assert back["send"] == "Send" and back["launcher"] == "Chat with us"
    await expect(page.get_by_role("button", name="Remove filter: TX")).to_be_visible()
    tab.assert_clean()


@pytest.fixture
async def spanish_tab(browser: Any) -> AsyncIterator[Tab]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    page = await context.new_page()
    opened = Tab(context, page, WidgetDriver(page))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    await context.close()


async def test_a_spanish_browser_starts_in_spanish(live_app: LiveApp, spanish_tab: Tab) -> None:
    page, w = spanish_tab.page, spanish_tab.widget
    await page.goto(live_app.base_url + "/")
    await w.ready()
    await page.get_by_role("button", name="Chatea con nosotros").click()
    await expect(page.get_by_role("dialog", name="Excel Medical Staffing")).to_be_visible()
    welcome = await w.last_bot_text()
    assert welcome.startswith("¡Hola! Soy el asistente de Excel Medical Staffing.")
    suggestions = page.get_by_role("group", name="Sugerencias")
    await expect(suggestions.get_by_role("button")).to_have_count(3)
    await suggestions.get_by_role("button", name="Trabajos de UCI de viaje en Texas").click()
    await w.idle()
    reply = await w.last_bot_text()
    assert "trabajo" in reply and "/sem" in reply, reply
    await expect(page.get_by_role("button", name="Quitar filtro: ICU")).to_be_visible()
    assert (await _chrome(page))["send"] == "Enviar"
    spanish_tab.assert_clean()


async def test_refusals_of_a_busy_server_are_said_in_spanish(
    live_app: LiveApp, spanish_tab: Tab
) -> None:
    """The server's 429 and 503 details are English: a Spanish widget says its own words."""
    page, w = spanish_tab.page, spanish_tab.widget
    refusals = [
        (429, "You're sending messages faster than we can answer."),
        (503, "We're answering a lot of people right now."),
    ]

    async def refuse(route: Route) -> None:
        if route.request.method == "POST" and refusals:
            status, detail = refusals.pop(0)
            await route.fulfill(
                status=status,
                headers={"content-type": "application/json", "retry-after": "1"},
                body=json.dumps({"status_code": status, "detail": detail}),
            )
            return
        await route.continue_()

    await page.goto(live_app.base_url + "/")
    await w.ready()
    await page.get_by_role("button", name="Chatea con nosotros").click()
    await page.route(re.compile(r".*/api/chat/sessions/[^/]+/messages$"), refuse)
    alerts = page.locator(f"{HOST} .notice[role=alert]")

    await w.say("hola")
    await expect(alerts.last).to_contain_text("Estás enviando mensajes más rápido")
    await w.say("hola")
    await expect(alerts.last).to_contain_text("Estamos atendiendo a mucha gente")
    await expect(alerts).to_have_count(2)
    assert "faster" not in await page.locator(HOST).inner_text()
    # The busy notice offers to send it again; now the server answers, in Spanish.
    await alerts.last.get_by_role("button", name="Reintentar").click()
    await w.idle()
    assert "Excel Medical Staffing" in await w.last_bot_text()
    spanish_tab.assert_clean()


async def test_a_spanish_candidate_logs_in_applies_lists_and_withdraws_with_the_buttons(
    live_app: LiveApp, spanish_tab: Tab, mailbox: LocalMailbox
) -> None:
    email = "lucia.ramos.es@example.com"
    await confirmed_account(live_app, mailbox, email, first_name="Lucía", last_name="Ramos")
    page, w = spanish_tab.page, spanish_tab.widget
    await page.goto(live_app.base_url + "/")
    await w.ready()
    await page.get_by_role("button", name="Chatea con nosotros").click()

    # An account question from a visitor not logged in: a Spanish login form.
    await w.say("muéstrame mis solicitudes")
    assert "inicia sesión" in (await w.last_bot_text()).lower()
    form = page.get_by_role("form", name="Iniciar sesión")
    await form.get_by_label("Correo electrónico").fill(email)
    await form.get_by_label("Contraseña").fill("wrong password!!")
    await form.get_by_role("button", name="Iniciar sesión").click()
    await expect(form.get_by_role("alert")).to_have_text("Correo o contraseña incorrectos.")
    await form.get_by_label("Contraseña").fill(STRONG_PASSWORD)
    await form.get_by_role("button", name="Iniciar sesión").click()
    await w.idle()
    # The question that needed the login is asked again: nothing applied to yet.
    await expect(page.locator(f"{HOST} .notice.ok").first).to_contain_text(
        "Iniciaste sesión como Lucía"
    )
    await expect(w.bot_messages().last).to_contain_text("solicitud")

    await w.say("trabajos de enfermera en Texas")
    card = page.locator(f"{HOST} article.card").first
    title = str(await card.locator("h3").evaluate("h => h.firstChild.textContent"))
    await card.get_by_role("button", name=re.compile("^Aplicar")).click()
    await w.idle()
    asked = await w.last_bot_text()
    assert "¿Envío ya tu solicitud" in asked, asked
    await page.get_by_role("button", name="Confirmar solicitud").last.click()
    await w.idle()
    await expect(page.locator(f"{HOST} .notice.ok").last).to_contain_text("Solicitud enviada")

    await w.say("muéstrame mis solicitudes")
    listed = await w.last_bot_text()
    assert listed.startswith("Tus solicitudes") and title in listed, listed
    await w.say("quiero retirar mi solicitud")
    question = page.get_by_role("group", name=re.compile("^¿Retirar tu solicitud"))
    await expect(question).to_contain_text(title)
    await question.get_by_role("button", name="Sí, retírala").click()
    await w.idle()
    await expect(w.user_messages().last).to_have_text("Sí")
    await expect(page.locator(f"{HOST} .notice.ok").last).to_contain_text("Solicitud retirada")
    assert (await w.last_bot_text()).startswith("Listo")
    rows = await live_app.fetch(
        """SELECT a.status::text AS status FROM applications a
           JOIN candidates c ON c.id = a.candidate_id JOIN users u ON u.id = c.user_id
           WHERE u.email = $1""",
        email,
    )
    assert [r["status"] for r in rows] == ["rejected"]  # withdrawn: closed by the candidate

    await page.get_by_role("button", name="Mis solicitudes").click()
    await expect(page.locator(f"{HOST} .pane .item")).to_have_count(1)
    await expect(page.locator(f"{HOST} .pane .state")).not_to_have_text("applied")
    spanish_tab.assert_clean()
