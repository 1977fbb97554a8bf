"""Replies to a search: what was searched, the top jobs, and how to refine or widen it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from assistant.agent.replies.catalog import register, say
from assistant.agent.replies.wording import (
    bold,
    day,
    iso_day,
    job_title,
    location,
    money,
    month,
    profession_label,
    state_name,
)
from data_layer.jobs.filters import JobSearchFilters
from tools.job_results import JobCard

RELAX_ORDER: Final[tuple[str, ...]] = (
    "min_weekly_pay",
    "min_hourly_pay",
    "shift_hours",
    "shift",
    "start",
    "start_from",
    "start_to",
    "city",
    "hot_only",
    "job_type",
    "specialty",
    "state",
)
"""Filters in the order a search without results suggests dropping them: the most
restrictive kinds (pay, shift, start date) before the ones that define the search."""

LINES_SPELLED_OUT = 3
"""Jobs a search reply lists in its text; the cards show the whole page."""

_JOB_TYPE_WORDS: Final[dict[str, str]] = {
    "Travel": "travel",
    "Perm": "permanent",
    "Per Diem": "per diem",
    "Local": "local",
}
_SHIFT_PHRASES: Final[dict[str, str]] = {
    "Days": "days",
    "Nights": "nights",
    "Evenings": "evenings",
    "Mids": "mid shifts",
    "Rotating": "rotating shifts",
    "Weekends": "weekends",
}


_SHIFT_PHRASES_ES: Final[dict[str, str]] = {
    "Days": "de día",
    "Nights": "de noche",
    "Evenings": "de tarde",
    "Mids": "intermedios",
    "Rotating": "rotativos",
    "Weekends": "de fin de semana",
}
_JOB_TYPE_ADJECTIVES_ES: Final[dict[str, tuple[str, str]]] = {
    "Perm": ("permanente", "permanentes"),
    "Local": ("local", "locales"),
}
"""Spanish job types said as an adjective of "trabajo(s)"; the others follow the specialty
("trabajos de ICU RN de viaje")."""
_JOB_TYPE_COMPLEMENTS_ES: Final[dict[str, str]] = {"Travel": "de viaje", "Per Diem": "per diem"}

register(
    {
        "search.all_shown": {
            "en": "That's everything: I've shown all {total} {what}. {hint}",
            "es": "Eso es todo: ya te mostré los {total} {what}. {hint}",
        },
        "search.more": {
            "en": "Here are more {what} ({first}–{last} of {total}):",
            "es": "Aquí tienes más {what} ({first}–{last} de {total}):",
        },
        "search.one": {
            "en": ("I found 1 {what}:", "There's 1 {what} right now:"),
            "es": ("Encontré 1 {what}:", "Ahora mismo hay 1 {what}:"),
        },
        "search.top": {"en": "Here are the top {count}:", "es": "Estos son los {count} mejores:"},
        "search.best": {"en": "Here's the best match:", "es": "Este es el que mejor coincide:"},
        "search.many": {
            "en": (
                "I found {total} {what}. {top}",
                "Good news: there are {total} {what}. {top}",
                "There are {total} {what} right now. {top}",
            ),
            "es": (
                "Encontré {total} {what}. {top}",
                "Buenas noticias: hay {total} {what}. {top}",
                "Ahora mismo hay {total} {what}. {top}",
            ),
        },
        "search.rest": {
            "en": "…plus {rest} more in the list.",
            "es": "…y {rest} más en la lista.",
        },
        "search.example_first": {"en": "the first one", "es": "primero"},
        "search.example_number": {"en": "number {number}", "es": "número {number}"},
        "search.tip": {
            "en": (
                'Say "tell me about {example}" for details or "apply to {example}" to apply.',
                'Want details? Say "tell me about {example}" — or "apply to {example}".',
            ),
            "es": (
                'Di "cuéntame más del {example}" para ver los detalles o "quiero aplicar al '
                '{example}" para postularte.',
                '¿Quieres detalles? Di "cuéntame más del {example}", o "quiero aplicar al '
                '{example}".',
            ),
        },
        "search.show_more": {
            "en": 'Say "show more" to see more.',
            "es": 'Di "muéstrame más" para ver otros.',
        },
        "search.refine": {
            "en": (
                "You can narrow it down too, e.g. {ideas}.",
                "To refine, just say something like {ideas}.",
            ),
            "es": (
                "También puedes afinar la búsqueda, por ejemplo {ideas}.",
                "Para afinarla, solo di algo como {ideas}.",
            ),
        },
        "search.or": {"en": " or ", "es": " o "},
        "search.idea.nights": {"en": '"only nights"', "es": '"solo de noche"'},
        "search.idea.pay": {
            "en": '"over $2,500 a week"',
            "es": '"que paguen más de 2500 a la semana"',
        },
        "search.idea.state": {"en": '"in Texas"', "es": '"en Texas"'},
        "search.idea.start": {
            "en": '"starting next month"',
            "es": '"que empiecen el próximo mes"',
        },
        "search.idea.travel": {"en": '"travel only"', "es": '"solo trabajos de viaje"'},
        "search.idea.elsewhere": {
            "en": '"what about Arizona instead?"',
            "es": '"¿y en Arizona?"',
        },
        "search.line.starts": {"en": "starts {day}", "es": "empieza el {day}"},
        "search.line.hot": {"en": "hot job", "es": "trabajo urgente"},
        "search.none": {
            "en": (
                "I couldn't find any {what} right now.",
                "There aren't any {what} open at the moment.",
            ),
            "es": ("Por ahora no encontré {what}.", "En este momento no hay {what}."),
        },
        "search.jobs_one": {"en": "{count} job", "es": "{count} trabajo"},
        "search.jobs_many": {"en": "{count} jobs", "es": "{count} trabajos"},
        "search.relax_counted": {
            "en": "{opening} If we {action}, there are {count}. Just say {phrase} to see them.",
            "es": "{opening} Al {action}, hay {count}. Solo di {phrase} para verlos.",
        },
        "search.relax": {
            "en": "{opening} Want to {action}? Just say {phrase}.",
            "es": "{opening} ¿Quieres {action}? Solo di {phrase}.",
        },
        "search.nothing_to_relax": {
            "en": "{opening} New jobs come in every day — try a different specialty or "
            'location, e.g. "travel RN jobs in Florida", or ask me to connect you with a '
            "recruiter.",
            "es": "{opening} Todos los días llegan trabajos nuevos: prueba con otra "
            'especialidad u otro lugar, por ejemplo "trabajos de RN de viaje en Florida", o '
            "pídeme que te ponga en contacto con un reclutador.",
        },
        "relax.city_state": {
            "en": "look across all of {state} instead of just {city}",
            "es": "buscar en todo {state} en lugar de solo en {city}",
        },
        "relax.city_state.say": {"en": '"in {state}"', "es": '"en {state}"'},
        "relax.city": {"en": "look beyond {city}", "es": "buscar más allá de {city}"},
        "relax.anywhere.say": {"en": '"anywhere"', "es": '"en cualquier lugar"'},
        "relax.pay": {
            "en": "drop the {amount} minimum",
            "es": "quitar el mínimo de {amount}",
        },
        "relax.pay.say": {"en": '"any pay"', "es": '"cualquier pago"'},
        "relax.start": {
            "en": "be flexible on the start date",
            "es": "tener flexibilidad con la fecha de inicio",
        },
        "relax.start.say": {"en": '"any start date"', "es": '"cualquier fecha de inicio"'},
        "relax.shift": {"en": "include every shift", "es": "incluir todos los turnos"},
        "relax.shift.say": {"en": '"any shift"', "es": '"cualquier turno"'},
        "relax.hot": {
            "en": "include jobs that aren't flagged hot",
            "es": "incluir trabajos que no están marcados como urgentes",
        },
        "relax.hot.say": {"en": '"not just hot jobs"', "es": '"no solo urgentes"'},
        "relax.specialty": {
            "en": "look at {scope}, not just {specialty}",
            "es": "ver {scope}, no solo {specialty}",
        },
        "relax.specialty.scope_of": {
            "en": "all {label} specialties",
            "es": "todas las especialidades de {label}",
        },
        "relax.specialty.scope": {"en": "all specialties", "es": "todas las especialidades"},
        "relax.specialty.say": {"en": '"any specialty"', "es": '"cualquier especialidad"'},
        "relax.job_type": {
            "en": "include other job types (travel, local, per diem, permanent)",
            "es": "incluir otros tipos de trabajo (de viaje, local, per diem, permanente)",
        },
        "relax.job_type.say": {"en": '"any job type"', "es": '"cualquier tipo de trabajo"'},
        "relax.state": {"en": "search every state", "es": "buscar en todos los estados"},
    }
)


@dataclass(frozen=True, slots=True)
class Relaxation:
    """A filter whose removal would give results, and how many (if the engine counted)."""

    field: str
    total: int | None = None


def card_title(card: JobCard, lang: str = "en") -> str:
    return job_title(
        card.title,
        specialty=card.specialty,
        profession=card.profession,
        job_type=card.job_type,
        lang=lang,
    )


def _start_phrase(f: JobSearchFilters) -> str:
    if f.start == "asap":
        return "starting ASAP"
    start, start_from, start_to = iso_day(f.start), iso_day(f.start_from), iso_day(f.start_to)
    if start_from and start_to:
        month_end = (start_to + dt.timedelta(days=1)).day == 1
        if (start_from.year, start_from.month) == (start_to.year, start_to.month) and month_end:
            return f"starting in {start_to:%B} {start_to.year}"
        return f"starting between {day(start_from, year=False)} and {day(start_to)}"
    if start and start_to:
        return f"starting between {day(start, year=False)} and {day(start_to)}"
    if start:
        return f"starting on or after {day(start)}"
    if start_from:
        return f"starting on or after {day(start_from)}"
    if start_to:
        return f"starting by {day(start_to)}"
    return ""


def _start_phrase_es(f: JobSearchFilters, one: bool) -> str:
    verb = "empieza" if one else "empiezan"
    if f.start == "asap":
        return f"que {verb} lo antes posible"
    start, start_from, start_to = iso_day(f.start), iso_day(f.start_from), iso_day(f.start_to)
    begin = start_from or start
    if begin and start_to:
        month_end = (start_to + dt.timedelta(days=1)).day == 1
        if (
            start_from
            and (begin.year, begin.month) == (start_to.year, start_to.month)
            and (month_end)
        ):
            return f"que {verb} en {month(start_to, 'es')}"
        first = day(begin, year=begin.year != start_to.year, lang="es")
        return f"que {verb} entre el {first} y el {day(start_to, lang='es')}"
    if begin:
        return f"que {verb} a partir del {day(begin, lang='es')}"
    if start_to:
        return f"que {verb} a más tardar el {day(start_to, lang='es')}"
    return ""


def describe_search(f: JobSearchFilters, total: int | None = None, lang: str = "en") -> str:
    """``travel ICU RN jobs in Dallas, TX on nights paying at least $2,500/wk``.

    Spanish: ``trabajos de ICU RN de viaje en Dallas, TX en turnos de noche con un pago
    mínimo de $2,500/sem``. The free words of ``query`` are left out: they rank the jobs,
    they do not narrow them.
    """
    if lang == "es":
        return _describe_es(f, total)
    words: list[str] = []
    if f.hot_only:
        words.append("hot")
    if f.job_type:
        words.append(_JOB_TYPE_WORDS.get(f.job_type, f.job_type.lower()))
    if f.specialty:
        words.append(f.specialty)
    label = profession_label(f.profession)
    if label:
        words.append(label)
    words.append("job" if total == 1 else "jobs")
    text = " ".join(words)
    where = location(f.city, f.state)
    if where:
        text += f" in {where}"
    shift = _SHIFT_PHRASES.get(f.shift or "", (f.shift or "").lower())
    if f.shift_hours and shift:
        text += f" on {f.shift_hours}-hour {shift}"
    elif shift:
        text += f" on {shift}"
    elif f.shift_hours:
        text += f" with {f.shift_hours}-hour shifts"
    pay = [p for p in (money(f.min_weekly_pay, "wk"), money(f.min_hourly_pay, "hr")) if p]
    if pay:
        text += " paying at least " + " or ".join(pay)
    start = _start_phrase(f)
    if start:
        text += " " + start
    return text


def _describe_es(f: JobSearchFilters, total: int | None) -> str:
    one = total == 1
    words = ["trabajo" if one else "trabajos"]
    if f.hot_only:
        words.append("urgente" if one else "urgentes")
    adjective = _JOB_TYPE_ADJECTIVES_ES.get(f.job_type or "")
    if adjective:
        words.append(adjective[0] if one else adjective[1])
    what = " ".join(p for p in (f.specialty, profession_label(f.profession)) if p)
    if what:
        words.append(f"de {what}")
    if f.job_type and not adjective:
        words.append(_JOB_TYPE_COMPLEMENTS_ES.get(f.job_type, f.job_type.lower()))
    text = " ".join(words)
    where = location(f.city, f.state)
    if where:
        text += f" en {where}"
    shift = _SHIFT_PHRASES_ES.get(f.shift or "", (f.shift or "").lower())
    if f.shift_hours and shift:
        text += f" en turnos {shift} de {f.shift_hours} horas"
    elif shift:
        text += f" en turnos {shift}"
    elif f.shift_hours:
        text += f" con turnos de {f.shift_hours} horas"
    pay = [
        p for p in (money(f.min_weekly_pay, "wk", "es"), money(f.min_hourly_pay, "hr", "es")) if p
    ]
    if pay:
        text += " con un pago mínimo de " + " o ".join(pay)
    start = _start_phrase_es(f, one)
    if start:
        text += " " + start
    return text


def job_line(card: JobCard, position: int | None = None, lang: str = "en") -> str:
    """One line of a results list: title, place, pay, shift, start."""
    parts = [bold(card_title(card, lang))]
    where = location(card.city, card.state)
    if where:
        parts.append(where)
    pay = money(card.weekly_pay, "wk", lang) or money(card.hourly_pay, "hr", lang)
    if pay:
        parts.append(pay)
    if card.shift:
        parts.append(card.shift)
    if card.start_date and not card.asap:  # an ASAP job's card beside the text says so
        parts.append(say("search.line.starts", lang, day=day(card.start_date, lang=lang)))
    if card.hot_job:
        parts.append(say("search.line.hot", lang))
    prefix = f"{position}. " if position is not None else "- "
    return prefix + " · ".join(parts)


def _refine_hint(f: JobSearchFilters, seed: object, lang: str = "en") -> str:
    ideas: list[str] = []
    if not f.shift:
        ideas.append("nights")
    if f.min_weekly_pay is None and f.min_hourly_pay is None:
        ideas.append("pay")
    if not f.state and not f.city:
        ideas.append("state")
    if not f.start and not f.start_from and not f.start_to:
        ideas.append("start")
    if not f.job_type:
        ideas.append("travel")
    chosen = ideas[:2] or ["elsewhere"]
    joined = say("search.or", lang).join(say(f"search.idea.{idea}", lang) for idea in chosen)
    return say("search.refine", lang, ideas=joined, seed=(seed,))


def search_results(
    f: JobSearchFilters,
    total: int,
    jobs: Sequence[JobCard],
    *,
    offset: int = 0,
    seed: str = "",
    lang: str = "en",
) -> str:
    """The reply to a search: the count, what was searched, the top 3 and how to go on.

    ``offset``: how many results earlier pages showed ("show more"), for the numbering.
    """
    if total > 0 and not jobs and offset > 0:
        return say(
            "search.all_shown",
            lang,
            total=f"{total:,}",
            what=describe_search(f, total, lang),
            hint=_refine_hint(f, seed, lang),
        )
    if total <= 0 or not jobs:
        return no_results(f, None, lang=lang)
    what = describe_search(f, total, lang)
    seeds = (describe_search(f, total), seed)  # the same variant whatever the language
    if offset > 0:
        opening = say(
            "search.more",
            lang,
            what=what,
            first=offset + 1,
            last=offset + len(jobs),
            total=f"{total:,}",
        )
    elif total == 1:
        opening = say("search.one", lang, what=what, seed=seeds)
    else:
        top = (
            say("search.top", lang, count=len(jobs)) if len(jobs) > 1 else say("search.best", lang)
        )
        opening = say("search.many", lang, total=f"{total:,}", what=what, top=top, seed=seeds)
    lines = [opening]
    shown = jobs[:LINES_SPELLED_OUT]
    lines.extend(job_line(job, offset + i + 1, lang) for i, job in enumerate(shown))
    if len(jobs) > len(shown):
        lines.append(say("search.rest", lang, rest=len(jobs) - len(shown)))
    tips: list[str] = []
    example = (
        say("search.example_first", lang)
        if offset == 0
        else say("search.example_number", lang, number=offset + 1)
    )
    tips.append(say("search.tip", lang, example=example, seed=(*seeds, "tip")))
    if total > offset + len(jobs):
        tips.append(say("search.show_more", lang))
    tips.append(_refine_hint(f, seeds[0] + seed, lang))
    return "\n".join(lines) + "\n\n" + " ".join(tips)


def _relax_text(f: JobSearchFilters, name: str, lang: str = "en") -> tuple[str, str] | None:
    """(what dropping ``name`` means, what the visitor can say to do it)."""
    if name == "city" and f.city:
        if f.state:
            state = state_name(f.state) or f.state
            return (
                say("relax.city_state", lang, state=state, city=f.city),
                say("relax.city_state.say", lang, state=state),
            )
        return say("relax.city", lang, city=f.city), say("relax.anywhere.say", lang)
    if name in ("min_weekly_pay", "min_hourly_pay") and (f.min_weekly_pay or f.min_hourly_pay):
        amount = money(f.min_weekly_pay, "wk", lang) or money(f.min_hourly_pay, "hr", lang)
        return say("relax.pay", lang, amount=amount), say("relax.pay.say", lang)
    if name in ("start", "start_from", "start_to") and (f.start or f.start_from or f.start_to):
        return say("relax.start", lang), say("relax.start.say", lang)
    if name in ("shift", "shift_hours") and (f.shift or f.shift_hours):
        return say("relax.shift", lang), say("relax.shift.say", lang)
    if name == "hot_only" and f.hot_only:
        return say("relax.hot", lang), say("relax.hot.say", lang)
    if name == "specialty" and f.specialty:
        label = profession_label(f.profession)
        scope = (
            say("relax.specialty.scope_of", lang, label=label)
            if label
            else say("relax.specialty.scope", lang)
        )
        return (
            say("relax.specialty", lang, scope=scope, specialty=f.specialty),
            say("relax.specialty.say", lang),
        )
    if name == "job_type" and f.job_type:
        return say("relax.job_type", lang), say("relax.job_type.say", lang)
    if name == "state" and f.state:
        return say("relax.state", lang), say("relax.anywhere.say", lang)
    return None


def no_results(
    f: JobSearchFilters,
    relaxed_suggestion: Relaxation | str | None = None,
    *,
    lang: str = "en",
) -> str:
    """Nothing matched: say what was searched and suggest dropping the most restrictive filter.

    ``relaxed_suggestion``: the filter to suggest dropping (a field name, or a
    :class:`Relaxation` with the number of jobs without it); by default the first filter
    of :data:`RELAX_ORDER` the search has.
    """
    what = describe_search(f, 0, lang)
    opening = say("search.none", lang, what=what, seed=(describe_search(f, 0),))
    relax = (
        relaxed_suggestion
        if isinstance(relaxed_suggestion, Relaxation)
        else Relaxation(relaxed_suggestion)
        if relaxed_suggestion
        else None
    )
    candidates = [relax.field] if relax else []
    candidates += [name for name in RELAX_ORDER if name not in candidates]
    for name in candidates:
        text = _relax_text(f, name, lang)
        if text is None:
            continue
        action, phrase = text
        if relax and relax.field == name and relax.total:
            key = "search.jobs_one" if relax.total == 1 else "search.jobs_many"
            count = say(key, lang, count=f"{relax.total:,}")
            return say(
                "search.relax_counted",
                lang,
                opening=opening,
                action=action,
                count=count,
                phrase=phrase,
            )
        return say("search.relax", lang, opening=opening, action=action, phrase=phrase)
    return say("search.nothing_to_relax", lang, opening=opening)
