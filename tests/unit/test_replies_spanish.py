"""The offline replies in Spanish: the same facts as in English, Spanish money and dates,
job data as posted, no English words around it, and suggestions the NLU understands."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.agent import replies
from assistant.agent.nlu import Intent, understand
from assistant.agent.replies import Relaxation
from data_layer.jobs.filters import JobSearchFilters
from tests.unit.test_replies import APPLYING_TO, CARDS, DETAILS, TODAY, _card, _clean, _details
from tools.application_results import ApplicationJob
from tools.referrals import Referral, Reward

ES = "es"

ENGLISH_WORDS = re.compile(
    r"\b(the|you|your|jobs?|want|say|reply|please|apply|thanks|here|there|with|and|for|"
    r"starts?|ends?|paying|bonus|recruiter|friend|email)\b",
    re.IGNORECASE,
)
"""Words an English reply is made of; a Spanish reply holds none outside the job's own data
(titles like "ICU RN – Travel", shifts like "Nights 7p-7a 3x12", descriptions, links)."""

JOB_DATA = re.compile(
    r"\*\*[^*]+\*\*|Nights 7p-7a 3x12|Days 7a-7p 3x12|https?://\S+|[\w.+-]+\*\*\*@[\w.]+|"
    r"Join a Level I.*?(?=\n\n|$)|jane@example\.com",
    re.DOTALL,
)


def _spanish(text: str) -> str:
    """``text`` checked as a clean Spanish reply; returned for more assertions."""
    # (a masked address beside a bold job title is how the English replies are too)
    _clean(re.sub(r"\w\*\*\*@[\w.]+", "EMAIL", text))
    leaked = ENGLISH_WORDS.findall(JOB_DATA.sub(" ", text))
    assert not leaked, (leaked, text)
    return text


def _filters(text: str) -> JobSearchFilters:
    u = understand(text, today=TODAY)
    assert u.intent is Intent.SEARCH
    return u.filters


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (2750, "wk", "$2,750/sem"),
        (68, "hr", "$68/h"),
        (68.5, "hr", "$68.50/h"),
        (1000, None, "$1,000"),
    ],
)  # fmt: skip
def test_money_in_spanish(amount: float, unit: str | None, text: str) -> None:
    assert replies.money(amount, unit, ES) == text


def test_dates_in_spanish() -> None:
    from assistant.agent.replies.wording import clock, day, duration

    assert day(dt.date(2027, 3, 1), lang=ES) == "1 de marzo de 2027"
    assert day(dt.date(2027, 12, 24), year=False, lang=ES) == "24 de diciembre"
    assert clock(dt.time(19, 0), ES) == "7:00 p. m." and clock(dt.time(7, 30), ES) == "7:30 a. m."
    assert duration("13 weeks", ES) == "13 semanas" and duration("1 week", ES) == "1 semana"
    assert duration("6 months", ES) == "6 meses" and duration("PRN", ES) == "PRN"


def test_search_results_in_spanish() -> None:
    filters = _filters("travel ICU RN jobs in Texas paying at least $2,500/week")
    text = _spanish(replies.search_results(filters, 37, CARDS, lang=ES))
    assert "37 trabajos de ICU RN de viaje en Texas con un pago mínimo de $2,500/sem" in text
    assert "5 mejores" in text
    lines = text.splitlines()
    assert any(
        "Dallas, TX" in ln and "$2,750/sem" in ln and "Nights 7p-7a 3x12" in ln for ln in lines
    )
    assert any("empieza el 1 de marzo de 2027" in ln for ln in lines)
    assert any("Austin, TX" in ln and "$68.50/h" in ln for ln in lines)
    assert "2 más" in text and "muéstrame más" in text


def test_search_description_in_spanish() -> None:
    text = replies.describe_search(
        _filters(
            "hot travel ICU RN jobs in Dallas, TX on 12 hour nights over $60/hr starting 3/15"
        ),
        lang=ES,
    )
    assert text == (
        "trabajos urgentes de ICU RN de viaje en Dallas, TX en turnos de noche de 12 horas con "
        "un pago mínimo de $60/h que empiezan a partir del 15 de marzo de 2027"
    )
    assert replies.describe_search(_filters("PT jobs in March"), lang=ES) == (
        "trabajos de PT que empiezan en marzo de 2027"
    )
    assert replies.describe_search(_filters("perm CNA jobs ASAP"), 1, lang=ES) == (
        "trabajo permanente de CNA que empieza lo antes posible"
    )


def test_pages_and_single_results_in_spanish() -> None:
    page = _spanish(
        replies.search_results(_filters("ICU jobs in Texas"), 37, CARDS, offset=5, lang=ES)
    )
    assert "6–10 de 37" in page and page.splitlines()[1].startswith("6. ")
    assert "número 6" in page
    one = _spanish(replies.search_results(JobSearchFilters(), 1, CARDS[:1], lang=ES))
    assert "1 trabajo" in one and "1 trabajos" not in one
    done = _spanish(
        replies.search_results(_filters("ICU jobs in Texas"), 12, [], offset=10, lang=ES)
    )
    assert "los 12 trabajos" in done


def test_no_results_in_spanish() -> None:
    filters = _filters("ICU RN jobs in Dallas over 4k a week starting in March")
    text = _spanish(replies.no_results(filters, lang=ES))
    assert "trabajos de ICU RN en Dallas, TX con un pago mínimo de $4,000/sem" in text
    assert "que empiezan en marzo de 2027" in text and '"cualquier pago"' in text
    by_city = _spanish(replies.no_results(filters, "city", lang=ES))
    assert "todo Texas" in by_city and '"en Texas"' in by_city
    counted = _spanish(replies.no_results(filters, Relaxation("min_weekly_pay", 12), lang=ES))
    assert "12 trabajos" in counted and "$4,000/sem" in counted
    _spanish(replies.no_results(JobSearchFilters(), lang=ES))


def test_job_details_in_spanish() -> None:
    text = _spanish(replies.job_details(DETAILS, lang=ES))
    assert text.startswith("**ICU RN – Travel** — Dallas, TX (trabajo urgente)")
    for fact in (
        "- Pago: $2,750/sem (rango $2,600–$2,900/sem) + bono de contratación de $1,000",
        "- Turno: Nights 7p-7a 3x12 (7:00 p. m.–7:00 a. m.)",
        "empieza el 1 de marzo de 2027 · 13 semanas · termina el 30 de mayo de 2027",
        "- Certificaciones: BLS, ACLS, NIHSS",
        "- Tipo: De viaje",
        "Level I trauma center",  # the job's own description, as posted
        "https://jobs.example/1",
    ):
        assert fact in text, fact
    certs_first = replies.job_details(DETAILS, topic="certifications", lang=ES)
    assert certs_first.splitlines()[1] == "- Certificaciones: BLS, ACLS, NIHSS"
    little = _spanish(replies.job_details(_details(_card(9, title="RN", asap=True)), lang=ES))
    assert "ninguna aparte de tu licencia" in little and "lo antes posible" in little


def test_applying_in_spanish() -> None:
    assert replies.confirm_apply(APPLYING_TO, lang=ES) == (
        "¿Envío ya tu solicitud para **ICU RN – Travel** en Dallas, TX? Responde sí para "
        "confirmar o no para cancelar."
    )
    for text in (
        replies.applied(APPLYING_TO, lang=ES),
        replies.applied(APPLYING_TO, already=True, lang=ES),
        replies.apply_cancelled(lang=ES),
        replies.confirmation_sent("Ana", "ana@x.com", APPLYING_TO, lang=ES),
        replies.application_held(APPLYING_TO, "ana@x.com", lang=ES),
        replies.confirmation_mail_limit(None, lang=ES),
        replies.login_required("ana@x.com", lang=ES),
        replies.signups_paused(61, lang=ES),
    ):
        _spanish(text)
    assert "fue enviada" in replies.applied(APPLYING_TO, lang=ES)
    assert "a***@x.com" in replies.confirmation_sent("Ana", "ana@x.com", APPLYING_TO, lang=ES)
    assert "2 minutos" in replies.signups_paused(61, lang=ES)
    anonymous = ApplicationJob(id="x", title=None, city=None, state=None, job_type=None)
    assert "**Trabajo de salud**" in replies.confirm_apply(anonymous, lang=ES)


@pytest.mark.parametrize(
    "field", ["first_name", "last_name", "name", "email", "phone", "referral_email", "job"]
)
def test_asking_in_spanish(field: str) -> None:
    text = _spanish(replies.ask_for(field, name="Ana", lang=ES))
    assert text.endswith("?") or text.endswith(".")
    if field in ("last_name", "email", "phone"):
        assert text.startswith("¡Gracias, Ana!")


@pytest.mark.parametrize(
    ("field", "reason", "fact"),
    [
        ("email", "email_format", "correo electrónico"),
        ("phone", "phone_digits", "10 dígitos"),
        ("first_name", "name_format", "nombre"),
        ("last_name", "missing", "apellido"),
        # The account service explains in English: the reply says it in Spanish instead.
        ("email", "'jane@' is not a valid email address", "no parece correcto"),
        ("phone", "a US phone number has 10 digits, like 555-123-4567", "10 dígitos"),
        ("last_name", "that does not look like a last name", "solo con letras"),
        ("referral_email", "you cannot refer yourself", "a ti mismo"),
        ("email", "something else entirely", "no funcionó"),
    ],
)
def test_invalid_in_spanish(field: str, reason: str, fact: str) -> None:
    assert fact in _spanish(replies.invalid(field, reason, lang=ES))


def test_referrals_in_spanish() -> None:
    referrals = [
        Referral(
            referred_email="jane@x.com",
            status="registered",
            created_at=dt.date(2026, 10, 3),
            rewards=[Reward(amount=500.0, status="approved", payment_date=dt.date(2026, 12, 15))],
        ),
        Referral(
            referred_email="bob@y.org",
            status="placed",
            created_at=dt.date(2026, 5, 1),
            rewards=[Reward(amount=1000.0, status="paid", payment_date=dt.date(2026, 8, 1))],
        ),
        Referral(referred_email="carol@z.com", status="sent"),
    ]
    text = _spanish(replies.referrals_summary(referrals, today=TODAY, lang=ES))
    assert "j***@x.com: se registró (invitación del 3 de octubre de 2026)" in text
    assert "bono de $500 aprobado, se pagará el 15 de diciembre de 2026" in text
    assert "bono de $1,000 pagado el 1 de agosto de 2026" in text
    assert "3 referidos" in text and "$1,000 pagados" in text
    _spanish(replies.referrals_summary([], lang=ES))
    created = _spanish(replies.referral_created("jane@x.com", "JANE500", "https://x.example/r", ES))
    assert "j***@x.com" in created and "JANE500" in created


def test_conversation_in_spanish() -> None:
    for text in (
        replies.greeting("s", lang=ES),
        replies.help(lang=ES),
        replies.did_not_understand("zz", lang=ES),
        replies.need_search_first(lang=ES),
        replies.reference_not_found(lang=ES),
        replies.handoff("María", lang=ES),
        replies.handoff(None, lang=ES),
        replies.handoff("María", already=True, email="maria@excel.example", lang=ES),
        replies.handoff(None, limit_reached=True, lang=ES),
        *(
            replies.smalltalk(k, lang=ES)
            for k in ("thanks", "how_are_you", "who_are_you", "bye", "ack")
        ),
        *(
            replies.say(f"engine.{k}", ES)
            for k in ("nothing_to_confirm", "login_prompt", "job_closed")
        ),
    ):
        _spanish(text)
    assert "automático" in replies.smalltalk("who_are_you", lang=ES)
    assert "María" in replies.handoff("María", lang=ES)


def _quoted(text: str) -> list[str]:
    return re.findall(r'"([^"]+)"', text)


SPANISH_SUGGESTIONS = sorted(
    {
        *_quoted(replies.help(lang=ES)),
        *_quoted(replies.greeting(lang=ES)),
        *_quoted(replies.did_not_understand(lang=ES)),
        *_quoted(replies.need_search_first(lang=ES)),
        *_quoted(replies.smalltalk("ack", lang=ES)),
        *_quoted(replies.apply_cancelled(lang=ES)),
        *_quoted(replies.signups_paused(60, lang=ES)),
        *_quoted(replies.referrals_summary([], lang=ES)),
        *(
            s
            for seed in "abcdef"
            for s in _quoted(replies.job_details(DETAILS, seed=seed, lang=ES))
        ),
        *(
            s
            for seed in "abcdef"
            for s in _quoted(
                replies.search_results(JobSearchFilters(), 37, CARDS, seed=seed, lang=ES)
            )
        ),
    }
    - {"el primero", "el #2", "el de Dallas"}  # answers to "which one?", not requests
)


@pytest.mark.parametrize("example", SPANISH_SUGGESTIONS)
def test_what_spanish_replies_suggest_is_understood(example: str) -> None:
    u = understand(example, today=TODAY)
    assert u.intent is not Intent.UNKNOWN, example
    assert u.language == "es" or not re.search(r"[a-z]{4,}", example), example


@pytest.mark.parametrize(
    "phrase",
    ['"en Texas"', '"cualquier pago"', '"cualquier fecha de inicio"', '"cualquier turno"'],
)
def test_spanish_relaxations_are_understood(phrase: str) -> None:
    u = understand(phrase.strip('"'), today=TODAY)
    assert u.intent is Intent.SEARCH and u.refinement, phrase
