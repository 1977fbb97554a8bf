"""Replies while applying: asking for details, refusing a bad value, confirming, submitted."""

from __future__ import annotations

import re

from assistant.agent.replies.catalog import register, say
from assistant.agent.replies.wording import bold, job_title, location, masked
from tools.application_results import ApplicationJob

_ASKED = ("first_name", "last_name", "name", "email", "phone", "referral_email", "job")
_LABELLED = ("first_name", "last_name", "name", "email", "phone", "referral_email")

register(
    {
        "ask.first_name": {"en": "What's your first name?", "es": "¿Cuál es tu nombre?"},
        "ask.last_name": {"en": "And your last name?", "es": "¿Y tu apellido?"},
        "ask.name": {"en": "What's your full name?", "es": "¿Cuál es tu nombre completo?"},
        "ask.email": {
            "en": "What's the best email address to reach you?",
            "es": "¿A qué correo electrónico te podemos escribir?",
        },
        "ask.phone": {
            "en": "And a phone number where a recruiter can reach you (a 10-digit US number)?",
            "es": "¿Y un número de teléfono donde un reclutador pueda llamarte (un número de "
            "EE. UU. de 10 dígitos)?",
        },
        "ask.referral_email": {
            "en": "Happy to help you refer a friend! What's their email address? I'll send "
            "them an invite with your referral code.",
            "es": "¡Con gusto te ayudo a referir a alguien! ¿Cuál es su correo electrónico? "
            "Le enviaré una invitación con tu código de referido.",
        },
        "ask.job": {
            "en": 'Which job do you mean? You can say "the first one", "#2" or "the Dallas job".',
            "es": '¿A qué trabajo te refieres? Puedes decir "el primero", "el #2" o "el de '
            'Dallas".',
        },
        "ask.confirm_apply": {
            "en": "Reply yes to confirm or no to cancel.",
            "es": "Responde sí para confirmar o no para cancelar.",
        },
        "ask.other": {
            "en": "Could you tell me your {label}?",
            "es": "¿Me dices tu {label}?",
        },
        "ask.start": {
            "en": "Great, let's get your application started. {question}",
            "es": "Perfecto, empecemos tu solicitud. {question}",
        },
        "ask.thanks": {"en": "Thanks, {name}! {question}", "es": "¡Gracias, {name}! {question}"},
        "label.first_name": {"en": "first name", "es": "nombre"},
        "label.last_name": {"en": "last name", "es": "apellido"},
        "label.name": {"en": "name", "es": "nombre"},
        "label.email": {"en": "email address", "es": "correo electrónico"},
        "label.phone": {"en": "phone number", "es": "número de teléfono"},
        "label.referral_email": {"en": "email address", "es": "correo electrónico"},
        "invalid.email_format": {
            "en": "Hmm, that {label} doesn't look quite right. Could you type it again? "
            "(something like jane@example.com)",
            "es": "Mmm, ese {label} no parece correcto. ¿Puedes escribirlo de nuevo? "
            "(algo como jane@example.com)",
        },
        "invalid.phone_digits": {
            "en": "I need a 10-digit US phone number, like 555-123-4567. Could you try again?",
            "es": "Necesito un número de teléfono de EE. UU. de 10 dígitos, como "
            "555-123-4567. ¿Puedes intentarlo de nuevo?",
        },
        "invalid.name_format": {
            "en": "Could you type your {label} using letters only?",
            "es": "¿Puedes escribir tu {label} solo con letras?",
        },
        "invalid.missing": {
            "en": "I didn't catch your {label}. Could you type it?",
            "es": "No entendí tu {label}. ¿Puedes escribirlo?",
        },
        "invalid.self_referral": {
            "en": "That {label} didn't work: you cannot refer yourself. Could you try again?",
            "es": "Ese {label} no funcionó: no puedes referirte a ti mismo. ¿Puedes "
            "intentarlo con otro?",
        },
        "invalid.detail": {
            "en": "That {label} didn't work: {detail}. Could you try again?",
            "es": "Ese {label} no funcionó ({detail}). ¿Puedes intentarlo de nuevo?",
        },
        "invalid.other": {
            "en": "That {label} didn't work. Could you try again?",
            "es": "Ese {label} no funcionó. ¿Puedes intentarlo de nuevo?",
        },
        "apply.job_in": {"en": "{title} in {where}", "es": "{title} en {where}"},
        "apply.confirm": {
            "en": "Ready to submit your application for {job}? Reply yes to confirm or no to "
            "cancel.",
            "es": "¿Envío ya tu solicitud para {job}? Responde sí para confirmar o no para "
            "cancelar.",
        },
        "apply.already": {
            "en": "Good news: you've already applied to {job}, so there's nothing more to do. "
            "A recruiter will be in touch. Anything else I can help with?",
            "es": "Buenas noticias: ya te postulaste a {job}, así que no hay nada más que "
            "hacer. Un reclutador se pondrá en contacto contigo. ¿Te ayudo con algo más?",
        },
        "apply.done": {
            "en": "You're all set! Your application for {job} has been submitted. A recruiter "
            "will reach out soon about next steps. Want me to look for similar jobs in the "
            "meantime?",
            "es": "¡Listo! Tu solicitud para {job} fue enviada. Un reclutador se pondrá en "
            "contacto contigo pronto para los siguientes pasos. ¿Quieres que busque trabajos "
            "parecidos mientras tanto?",
        },
        "apply.cancelled": {
            "en": "No problem, I haven't submitted anything. Want to keep looking? Tell me "
            'what to change, e.g. "only nights" or "what about Arizona instead?"',
            "es": "Sin problema, no envié nada. ¿Quieres seguir buscando? Dime qué cambiar, "
            'por ejemplo "solo de noche" o "¿y en Arizona?"',
        },
        "apply.login_required": {
            "en": "It looks like {who} already has an account with us. Please log in and I'll "
            "pick up right where we left off; your application will only take a moment after "
            "that.",
            "es": "Parece que {who} ya tiene una cuenta con nosotros. Inicia sesión y "
            "seguiremos justo donde nos quedamos; tu solicitud tomará solo un momento "
            "después.",
        },
        "apply.that_email": {"en": "that email address", "es": "ese correo electrónico"},
        "apply.your_email": {"en": "your email address", "es": "tu correo electrónico"},
        "apply.signups_paused": {
            "en": "I can't create a new profile from your network right now: there have been a "
            "lot of sign-ups from it recently. Please try again in {minutes} minute{plural}, "
            'or say "talk to a recruiter" and a person will help.',
            "es": "Ahora mismo no puedo crear un perfil nuevo desde tu red: ha habido muchos "
            "registros desde ella hace poco. Vuelve a intentarlo en {minutes} minuto{plural}, "
            'o di "hablar con un reclutador" y una persona te ayudará.',
        },
        "apply.thanks_named": {"en": "Thanks, {name}!", "es": "¡Gracias, {name}!"},
        "apply.thanks": {"en": "Thanks!", "es": "¡Gracias!"},
        "apply.confirmation_sent": {
            "en": "{thanks} I've emailed a confirmation link to {address}. Shall I submit your "
            "application for {job}? Reply yes: it goes to our recruiters as soon as you open "
            "that link.",
            "es": "{thanks} Te envié un enlace de confirmación a {address}. ¿Envío tu "
            "solicitud para {job}? Responde sí: llegará a nuestros reclutadores en cuanto "
            "abras ese enlace.",
        },
        "apply.held": {
            "en": "Saved! Your application for {job} will be sent the moment you confirm your "
            "email: open the link I sent to {address} (check spam if it's not there). Want "
            "to keep looking while you wait?",
            "es": "¡Guardado! Tu solicitud para {job} se enviará en cuanto confirmes tu "
            "correo: abre el enlace que te envié a {address} (revisa la carpeta de spam si "
            "no aparece). ¿Quieres seguir buscando mientras tanto?",
        },
        "apply.mail_limit": {
            "en": "I've already sent several confirmation emails to {address} in the last "
            "hour. Please open the most recent one (check your spam folder too), or try again "
            "later.",
            "es": "Ya envié varios correos de confirmación a {address} en la última hora. "
            "Abre el más reciente (revisa también tu carpeta de spam) o vuelve a intentarlo "
            "más tarde.",
        },
    }
)


def _label(field: str, lang: str) -> str:
    if field in _LABELLED:
        return say(f"label.{field}", lang)
    return field.replace("_", " ")


def ask_for(field: str, name: str | None = None, lang: str = "en") -> str:
    """Ask for one thing; ``name`` (the visitor's first name) makes it friendlier."""
    if field in _ASKED or field == "confirm_apply":
        question = say(f"ask.{field}", lang)
    else:
        question = say("ask.other", lang, label=_label(field, lang))
    if field == "first_name":
        return say("ask.start", lang, question=question)
    if name and field in ("last_name", "email", "phone"):
        return say("ask.thanks", lang, name=name, question=question)
    return question


def _reason_of(detail: str) -> str | None:
    """A refusal's reason code from the account service's English message (for the
    languages that must not quote it)."""
    lowered = detail.lower()
    if "valid email" in lowered:
        return "email_format"
    if "phone" in lowered and "digit" in lowered:
        return "phone_digits"
    if "does not look like" in lowered:
        return "name_format"
    if "refer yourself" in lowered:
        return "self_referral"
    return None


def invalid(field: str, reason: str, lang: str = "en") -> str:
    """A value was refused; ``reason`` is an ``nlu.ErrorReason`` code or a short explanation."""
    label = _label(field, lang)
    if reason in ("email_format", "phone_digits", "name_format", "missing"):
        return say(f"invalid.{reason}", lang, label=label)
    detail = re.sub(r"[{}<>]", "", reason or "").strip().rstrip(".")
    if lang != "en":
        # The tools explain a refusal in English: say it in the visitor's language instead.
        code = _reason_of(detail)
        if code is not None:
            return say(f"invalid.{code}", lang, label=label)
        return say("invalid.other", lang, label=label)
    if detail and detail.lower() not in ("none", "null", "error"):
        return say("invalid.detail", lang, label=label, detail=detail)
    return say("invalid.other", lang, label=label)


def job_phrase(job: ApplicationJob, lang: str = "en") -> str:
    """``**ICU RN – Travel** in Dallas, TX``: the job an application is for."""
    title = bold(job_title(job.title, job_type=job.job_type, lang=lang))
    where = location(job.city, job.state)
    return say("apply.job_in", lang, title=title, where=where) if where else title


def confirm_apply(job: ApplicationJob, lang: str = "en") -> str:
    return say("apply.confirm", lang, job=job_phrase(job, lang))


def applied(job: ApplicationJob, already: bool = False, lang: str = "en") -> str:
    key = "apply.already" if already else "apply.done"
    return say(key, lang, job=job_phrase(job, lang))


def apply_cancelled(lang: str = "en") -> str:
    return say("apply.cancelled", lang)


def login_required(email: str | None, lang: str = "en") -> str:
    who = masked(email, lang) if email and "@" in email else say("apply.that_email", lang)
    return say("apply.login_required", lang, who=who)


def signups_paused(retry_after_s: int, lang: str = "en") -> str:
    minutes = max(1, -(-retry_after_s // 60))
    plural = "s" if minutes != 1 else ""
    return say("apply.signups_paused", lang, minutes=minutes, plural=plural)


def _address(email: str | None, lang: str) -> str:
    return masked(email, lang) if email and "@" in email else say("apply.your_email", lang)


def confirmation_sent(
    first_name: str | None, email: str | None, job: ApplicationJob, lang: str = "en"
) -> str:
    thanks = (
        say("apply.thanks_named", lang, name=first_name)
        if first_name
        else say("apply.thanks", lang)
    )
    return say(
        "apply.confirmation_sent",
        lang,
        thanks=thanks,
        address=_address(email, lang),
        job=job_phrase(job, lang),
    )


def application_held(job: ApplicationJob, email: str | None, lang: str = "en") -> str:
    return say("apply.held", lang, job=job_phrase(job, lang), address=_address(email, lang))


def confirmation_mail_limit(email: str | None, lang: str = "en") -> str:
    return say("apply.mail_limit", lang, address=_address(email, lang))
