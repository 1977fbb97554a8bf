"""The reply about one job: pay, shift, dates, certifications, then an offer to apply."""

from __future__ import annotations

import re

from assistant.agent.replies.catalog import register, say
from assistant.agent.replies.search import card_title
from assistant.agent.replies.wording import (
    bold,
    clock,
    day,
    duration,
    job_type_name,
    location,
    money,
)
from tools.job_results import JobDetails

EXCERPT_CHARS = 320

register(
    {
        "details.hot": {"en": "{header} (hot job)", "es": "{header} (trabajo urgente)"},
        "details.pay": {"en": "- Pay: {pay}", "es": "- Pago: {pay}"},
        "details.pay_with_range": {"en": "{pay} (range {ranges})", "es": "{pay} (rango {ranges})"},
        "details.pay_range": {"en": "range {ranges}", "es": "rango {ranges}"},
        "details.pay_unknown": {
            "en": "- Pay: ask your recruiter for the full package",
            "es": "- Pago: pregúntale a tu reclutador por el paquete completo",
        },
        "details.bonus": {
            "en": " + {amount} sign-on bonus",
            "es": " + bono de contratación de {amount}",
        },
        "details.shift": {"en": "- Shift: {shift}", "es": "- Turno: {shift}"},
        "details.shifts_a_week": {
            "en": "{count} shifts a week",
            "es": "{count} turnos por semana",
        },
        "details.dates": {"en": "- Dates: {dates}", "es": "- Fechas: {dates}"},
        "details.asap": {"en": "starts ASAP", "es": "empieza lo antes posible"},
        "details.starts": {"en": "starts {day}", "es": "empieza el {day}"},
        "details.ends": {"en": "ends {day}", "es": "termina el {day}"},
        "details.certifications": {
            "en": "- Certifications: {names}",
            "es": "- Certificaciones: {names}",
        },
        "details.no_certifications": {
            "en": "- Certifications: none listed beyond your license",
            "es": "- Certificaciones: ninguna aparte de tu licencia",
        },
        "details.type": {"en": "- Type: {job_type}", "es": "- Tipo: {job_type}"},
        "details.closing": {
            "en": (
                'Want to apply? Just say "apply" and I\'ll take care of it.',
                'Interested? Say "apply" and I\'ll submit your application in a minute.',
                'Say "apply" if you\'d like this one, or ask me anything about it.',
            ),
            "es": (
                '¿Quieres postularte? Solo di "quiero aplicar" y yo me encargo.',
                '¿Te interesa? Di "quiero aplicar" y envío tu solicitud en un minuto.',
                'Di "quiero aplicar" si te interesa este, o pregúntame lo que quieras sobre él.',
            ),
        },
        "details.posting": {
            "en": "{closing} Full posting: {url}",
            "es": "{closing} Publicación completa: {url}",
        },
    }
)


def _range_text(raw: str | None, unit: str, lang: str = "en") -> str | None:
    """A posted pay range (``"2600-2900"``, ``"$2,600 - $2,900"``) as ``$2,600–$2,900/wk``."""
    if not raw:
        return None
    values = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", raw)]
    values = [v for v in values if v]
    if len(values) >= 2:
        return f"{money(values[0])}–{money(values[1], unit, lang)}"
    if len(values) == 1:
        return money(values[0], unit, lang)
    return None


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    clean = re.sub(r"\s+", " ", text).strip()
    if len(clean) <= limit:
        return clean
    cut = clean[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= limit // 2:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def job_details(
    job: JobDetails, *, topic: str | None = None, seed: str = "", lang: str = "en"
) -> str:
    """A job's pay package, shift, dates, certifications and place, then an offer to apply.

    ``topic`` ("pay", "certifications", "shift", "dates", "location") puts the answer to the
    question that was asked first. The job's own words (title, shift, description) are
    shown as posted, whatever the language.
    """
    card = job.card
    title = bold(card_title(card, lang))
    where = location(card.city, card.state)
    header = f"{title} — {where}" if where else title
    if card.hot_job:
        header = say("details.hot", lang, header=header)

    pay_parts: list[str] = []
    if card.weekly_pay:
        pay_parts.append(money(card.weekly_pay, "wk", lang))
    if card.hourly_pay:
        pay_parts.append(money(card.hourly_pay, "hr", lang))
    ranges = [
        r
        for r in (
            _range_text(job.weekly_pay_range, "wk", lang),
            _range_text(job.hourly_pay_range, "hr", lang),
        )
        if r
    ]
    pay = " · ".join(pay_parts)
    if ranges:
        joined = ", ".join(ranges)
        pay = (
            say("details.pay_with_range", lang, pay=pay, ranges=joined)
            if pay
            else say("details.pay_range", lang, ranges=joined)
        )
    pay_line = say("details.pay", lang, pay=pay) if pay else say("details.pay_unknown", lang)
    if job.sign_on_bonus:
        pay_line += say("details.bonus", lang, amount=money(job.sign_on_bonus))

    shift_bits: list[str] = []
    if card.shift:
        shift_bits.append(card.shift)
    if job.shift_start_time and job.shift_end_time:
        hours = f"{clock(job.shift_start_time, lang)}–{clock(job.shift_end_time, lang)}"
        shift_bits.append(f"({hours})" if card.shift else hours)
    if job.shifts_per_week and not (card.shift and f"{job.shifts_per_week}x" in card.shift):
        shift_bits.append(say("details.shifts_a_week", lang, count=job.shifts_per_week))
    shift_line = say("details.shift", lang, shift=" ".join(shift_bits)) if shift_bits else None

    date_bits: list[str] = []
    if card.asap:
        date_bits.append(say("details.asap", lang))
    elif card.start_date:
        date_bits.append(say("details.starts", lang, day=day(card.start_date, lang=lang)))
    length = duration(card.duration, lang)
    if length:
        date_bits.append(length)
    if job.end_date:
        date_bits.append(say("details.ends", lang, day=day(job.end_date, lang=lang)))
    dates_line = say("details.dates", lang, dates=" · ".join(date_bits)) if date_bits else None

    certs_line = (
        say("details.certifications", lang, names=", ".join(job.certifications_required))
        if job.certifications_required
        else say("details.no_certifications", lang)
    )
    job_type = job_type_name(card.job_type, lang)
    type_line = say("details.type", lang, job_type=job_type) if job_type else None

    by_topic = {
        "pay": pay_line,
        "shift": shift_line,
        "dates": dates_line,
        "certifications": certs_line,
    }
    lines = [line for line in (pay_line, shift_line, dates_line, certs_line, type_line) if line]
    first = by_topic.get(topic or "")
    if first:
        lines.remove(first)
        lines.insert(0, first)
    body = [header, *lines]
    if job.description:
        body.append("")
        body.append(_excerpt(job.description))
    closing = say("details.closing", lang, seed=(str(card.id), seed))
    return "\n".join(body) + "\n\n" + say("details.posting", lang, closing=closing, url=card.url)
