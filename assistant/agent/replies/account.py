"""Replies to account questions, in English and Spanish: applications, one application's
history, withdrawing, the profile's availability and preferences, licenses and
certifications.

Inputs are the account tools' typed results (:mod:`tools.account_results`). Job data
(titles, cities, job types, shifts) stays as it is in either language; the words around it,
statuses and dates are the visitor's language. The texts are registered in the reply
catalogue under ``account.`` (:mod:`assistant.agent.replies.catalog`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final

from assistant.agent.replies.catalog import Lang, language, register, say
from assistant.agent.replies.wording import bold, day, job_title, location
from tools.account_results import (
    ApplicationItem,
    CredentialAdded,
    OneApplication,
    PreferencesView,
    ProfileUpdated,
)

_TEXTS: Final[Mapping[str, Mapping[Lang, str]]] = {
    "login": {
        "en": "For that I need to know it's you: please log in (use the Log in button in "
        "this chat) and I'll answer right away.",
        "es": "Para eso necesito saber que eres tú: inicia sesión (con el botón Iniciar "
        "sesión de este chat) y te respondo enseguida.",
    },
    "none": {
        "en": "You haven't applied to any jobs yet. Want me to find some? Tell me what "
        'you\'re looking for, e.g. "ICU travel jobs in Texas".',
        "es": "Todavía no has enviado ninguna solicitud. ¿Busco alguno? Dime qué "
        'buscas, por ejemplo "trabajos de UCI de viaje en Texas".',
    },
    "list": {
        "en": "Your applications, newest first:\n{lines}",
        "es": "Tus solicitudes, de la más reciente a la más antigua:\n{lines}",
    },
    "list_more": {
        "en": "\n(and {n} older ones)",
        "es": "\n(y {n} más antiguas)",
    },
    "list_tail": {
        "en": '\nAsk me about any of them, e.g. "what\'s the status of the second one?"',
        "es": '\nPregúntame por cualquiera, por ejemplo "¿cómo va la segunda?"',
    },
    "line": {
        "en": "{n}. {job}: **{status}** (applied {date})",
        "es": "{n}. {job}: **{status}** (enviada el {date})",
    },
    "detail": {
        "en": "Your application for {job} (applied {date}) is **{status}**.",
        "es": "Tu solicitud para {job} (enviada el {date}) está **{status}**.",
    },
    "history": {"en": "History: {steps}.", "es": "Historial: {steps}."},
    "step": {"en": "{status} on {date}", "es": "{status} el {date}"},
    "which": {
        "en": 'Which application do you mean?\n{lines}\nYou can say "the second one" or '
        "name the city.",
        "es": '¿A qué solicitud te refieres?\n{lines}\nPuedes decir "la segunda" o '
        "nombrar la ciudad.",
    },
    "not_found": {
        "en": "I couldn't find that one among your applications. Here they are:",
        "es": "No encontré esa entre tus solicitudes. Aquí están:",
    },
    "confirm_withdraw": {
        "en": "Withdraw your application for {job}? The recruiters will stop working on it "
        "and this can't be undone. Reply yes to withdraw it or no to keep it.",
        "es": "¿Retiro tu solicitud para {job}? Los reclutadores dejarán de trabajar en ella "
        "y no se puede deshacer. Responde sí para retirarla o no para mantenerla.",
    },
    "withdrawn": {
        "en": "Done: your application for {job} is withdrawn. Anything else I can help with?",
        "es": "Listo: retiré tu solicitud para {job}. ¿Te ayudo con algo más?",
    },
    "not_allowed": {
        "en": "Your application for {job} is **{status}**, so there's nothing to withdraw. "
        'If you need to change something about it, say "talk to a recruiter".',
        "es": "Tu solicitud para {job} está **{status}**, así que no hay nada que retirar. Si "
        'necesitas cambiar algo, di "hablar con un reclutador".',
    },
    "kept": {
        "en": "Okay, I kept your application as it is.",
        "es": "De acuerdo, mantengo tu solicitud como está.",
    },
    "profile_updated": {
        "en": "Done! I updated your profile: {facts}.",
        "es": "¡Listo! Actualicé tu perfil: {facts}.",
    },
    "profile_unchanged": {
        "en": "Your profile already says that: {facts}.",
        "es": "Tu perfil ya lo dice: {facts}.",
    },
    "profile_nothing": {
        "en": 'What should I change? For example "I\'m available from March 1", "I prefer '
        'Texas and Florida", "travel jobs only" or "nights".',
        "es": '¿Qué cambio? Por ejemplo "estoy disponible desde el 1 de marzo", "prefiero '
        'Texas y Florida", "solo trabajos de viaje" o "turno de noche".',
    },
    "profile_ignored": {
        "en": " I couldn't use: {words}.",
        "es": " No pude usar: {words}.",
    },
    "available": {"en": "available from {date}", "es": "disponible desde el {date}"},
    "states": {"en": "preferred states {states}", "es": "estados preferidos {states}"},
    "job_types": {"en": "job types {types}", "es": "tipos de trabajo {types}"},
    "shift": {"en": "shift {shift}", "es": "turno {shift}"},
    "cred_added": {
        "en": "Added to your profile: {what}{until}.",
        "es": "Agregué a tu perfil: {what}{until}.",
    },
    "cred_updated": {
        "en": "Updated on your profile: {what}{until}.",
        "es": "Actualicé en tu perfil: {what}{until}.",
    },
    "cred_unchanged": {
        "en": "Your profile already has {what}{until}.",
        "es": "Tu perfil ya tiene {what}{until}.",
    },
    "cred_until": {"en": ", expiring {date}", "es": ", vence el {date}"},
    "cred_expired": {
        "en": " Note that this date has already passed: renew it to count for jobs.",
        "es": " Ten en cuenta que esa fecha ya pasó: renuévala para que cuente en los trabajos.",
    },
    "cred_state": {
        "en": "Which state issued your {what}?",
        "es": "¿Qué estado emitió tu {what}?",
    },
    "cred_unknown": {
        "en": "I don't recognise that license or certification. Could you spell it out (for "
        'example "BLS", "ACLS" or "Texas RN license")? A recruiter can also add it: just '
        'say "talk to a recruiter".',
        "es": "No reconozco esa licencia o certificación. ¿Puedes escribirla (por ejemplo "
        '"BLS", "ACLS" o "licencia de RN de Texas")? Un reclutador también puede agregarla: '
        'di "hablar con un reclutador".',
    },
    "cred_no_resume": {
        "en": "I keep certifications with your resume, and I don't have one for you yet. "
        "Attach it with the paperclip button and I'll add {what} to it, or a recruiter can "
        'add it (say "talk to a recruiter").',
        "es": "Guardo las certificaciones con tu currículum y aún no tengo uno tuyo. Adjúntalo "
        "con el botón del clip y le agrego {what}, o un reclutador puede agregarla (di "
        '"hablar con un reclutador").',
    },
    "cred_nothing": {
        "en": 'Which license or certification? For example "I renewed my BLS, exp 03/2027" '
        'or "I have a Florida RN license".',
        "es": '¿Qué licencia o certificación? Por ejemplo "renové mi BLS, vence 03/2027" o '
        '"tengo licencia de RN de Florida".',
    },
}

_STATUS: Final[Mapping[str, Mapping[Lang, str]]] = {
    "applied": {"en": "applied", "es": "enviada"},
    "reviewing": {"en": "under review", "es": "en revisión"},
    "interviewing": {"en": "interviewing", "es": "en entrevistas"},
    "offered": {"en": "offer made", "es": "con oferta"},
    "placed": {"en": "placed", "es": "contratada"},
    "rejected": {"en": "not selected", "es": "no seleccionada"},
    "withdrawn": {"en": "withdrawn", "es": "retirada"},
}
_STEP: Final[Mapping[str, Mapping[Lang, str]]] = {
    "applied": {"en": "applied", "es": "enviada"},
    "reviewing": {"en": "under review", "es": "en revisión"},
    "interviewing": {"en": "interviewing", "es": "entrevistas"},
    "offered": {"en": "offer made", "es": "oferta"},
    "placed": {"en": "placed", "es": "contratada"},
    "rejected": {"en": "not selected", "es": "no seleccionada"},
    "withdrawn": {"en": "withdrawn", "es": "retirada"},
}
register({f"account.{key}": texts for key, texts in _TEXTS.items()})


def _lang(lang: str | None) -> Lang:
    return language(lang)


def _say(key: str, lang: str | None, **facts: object) -> str:
    return say(f"account.{key}", _lang(lang), **facts)


def _date(value: dt.date | None, lang: str | None) -> str:
    return day(value, lang=_lang(lang))


def _status(
    status: str, lang: str | None, table: Mapping[str, Mapping[Lang, str]] = _STATUS
) -> str:
    return table.get(status, {}).get(_lang(lang), status)


def _job(item: ApplicationItem) -> str:
    title = bold(job_title(item.title, specialty=item.specialty, job_type=item.job_type))
    where = location(item.city, item.state)
    return f"{title} ({where})" if where else title


def _lines(items: Sequence[ApplicationItem], lang: str | None) -> str:
    return "\n".join(
        _say(
            "line",
            lang,
            n=item.n,
            job=_job(item),
            status=_status(item.status, lang),
            date=_date(item.applied_on, lang),
        )
        for item in items
    )


# ------------------------------------------------------------------ replies
def login_prompt(lang: str | None = "en") -> str:
    return _say("login", lang)


def applications(items: Sequence[ApplicationItem], total: int, lang: str | None = "en") -> str:
    if not items:
        return _say("none", lang)
    text = _say("list", lang, lines=_lines(items, lang))
    if total > len(items):
        text += _say("list_more", lang, n=total - len(items))
    return text + _say("list_tail", lang)


def no_applications(lang: str | None = "en") -> str:
    return _say("none", lang)


def application(result: OneApplication, lang: str | None = "en") -> str:
    item = result.application
    assert item is not None
    text = _say(
        "detail",
        lang,
        job=_job(item),
        date=_date(item.applied_on, lang),
        status=_status(item.status, lang),
    )
    if len(result.history) > 1:
        steps = "; ".join(
            _say("step", lang, status=_status(h.status, lang, _STEP), date=_date(h.on, lang))
            for h in result.history
        )
        text += " " + _say("history", lang, steps=steps)
    return text


def which_application(choices: Sequence[ApplicationItem], lang: str | None = "en") -> str:
    return _say("which", lang, lines=_lines(choices, lang))


def not_found(items: Sequence[ApplicationItem], total: int, lang: str | None = "en") -> str:
    if not items:
        return _say("none", lang)
    return _say("not_found", lang) + "\n" + _lines(items, lang)


def confirm_withdraw(item: ApplicationItem, lang: str | None = "en") -> str:
    return _say("confirm_withdraw", lang, job=_job(item))


def withdrawn(item: ApplicationItem, lang: str | None = "en") -> str:
    return _say("withdrawn", lang, job=_job(item))


def withdraw_not_allowed(item: ApplicationItem, lang: str | None = "en") -> str:
    return _say("not_allowed", lang, job=_job(item), status=_status(item.status, lang))


def withdraw_kept(lang: str | None = "en") -> str:
    return _say("kept", lang)


def _profile_facts(profile: PreferencesView, fields: Sequence[str], lang: str | None) -> str:
    parts: list[str] = []
    if "available_from" in fields and profile.available_from:
        parts.append(_say("available", lang, date=bold(_date(profile.available_from, lang))))
    if "preferred_states" in fields and profile.preferred_states:
        parts.append(_say("states", lang, states=bold(", ".join(profile.preferred_states))))
    if "job_types" in fields and profile.job_types:
        parts.append(_say("job_types", lang, types=bold(", ".join(profile.job_types))))
    if "shift" in fields and profile.shift:
        parts.append(_say("shift", lang, shift=bold(profile.shift)))
    return "; ".join(parts)


_ALL_FIELDS: Final = ("available_from", "preferred_states", "job_types", "shift")


def profile(result: ProfileUpdated, lang: str | None = "en") -> str:
    if result.status == "nothing_said" or result.profile is None:
        return _say("profile_nothing", lang)
    if result.status == "updated":
        text = _say(
            "profile_updated", lang, facts=_profile_facts(result.profile, result.changed, lang)
        )
    else:
        facts = _profile_facts(result.profile, _ALL_FIELDS, lang)
        text = (
            _say("profile_unchanged", lang, facts=facts) if facts else _say("profile_nothing", lang)
        )
    if result.ignored:
        text += _say("profile_ignored", lang, words=", ".join(result.ignored))
    return text


def credential(result: CredentialAdded, lang: str | None = "en") -> str:
    what = bold(result.label or "")
    until = (
        _say("cred_until", lang, date=_date(result.expires_on, lang)) if result.expires_on else ""
    )
    keys = {"added": "cred_added", "updated": "cred_updated", "unchanged": "cred_unchanged"}
    if result.status in keys:
        text = _say(keys[result.status], lang, what=what, until=until)
        return text + (_say("cred_expired", lang) if result.expired else "")
    if result.status == "needs_state":
        return _say("cred_state", lang, what=what)
    if result.status == "unknown":
        return _say("cred_unknown", lang)
    if result.status == "no_resume":
        return _say("cred_no_resume", lang, what=what)
    if result.status == "login_required":
        return _say("login", lang)
    return _say("cred_nothing", lang)
