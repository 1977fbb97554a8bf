"""Replies that keep the conversation going: greetings, small talk, help, a recruiter, and
what to say when a message was not understood or needs a search first."""

from __future__ import annotations

from assistant.agent.replies.catalog import register, say

register(
    {
        "handoff.limit": {
            "en": "I can't bring in another recruiter from this chat right now, sorry: we've had "
            "as many requests from here as we can take for now. You can still apply to any "
            "job with me and a recruiter will follow up, or try again tomorrow.",
            "es": "Lo siento, ahora mismo no puedo llamar a otro reclutador desde este chat: "
            "ya recibimos desde aquí todas las solicitudes que podemos atender por ahora. "
            "Todavía puedes postularte a cualquier trabajo conmigo y un reclutador te "
            "contactará, o vuelve a intentarlo mañana.",
        },
        "handoff.reach": {
            "en": " You can also e-mail them at {email}.",
            "es": " También puedes escribirle a {email}.",
        },
        "handoff.already": {
            "en": "{person} already has your conversation and will reply right here "
            "soon.{reach} Anything I can help with in the meantime?",
            "es": "{person} ya tiene tu conversación y te responderá aquí mismo muy "
            "pronto.{reach} ¿Te ayudo con algo mientras tanto?",
        },
        "handoff.already_anyone": {"en": "A recruiter", "es": "Alguien de nuestro equipo"},
        "handoff.asked": {
            "en": "I've asked {person} to join. They'll reply right here in this chat.{reach} "
            "In the meantime, feel free to keep browsing jobs with me.",
            "es": "Le pedí a {person} que se una. Te responderá aquí mismo, en este "
            "chat.{reach} Mientras tanto, puedes seguir viendo trabajos conmigo.",
        },
        "handoff.asked_named": {
            "en": "{name}, one of our recruiters,",
            "es": "{name}, de nuestro equipo de reclutamiento,",
        },
        "handoff.asked_anyone": {
            "en": "one of our recruiters",
            "es": "alguien de nuestro equipo de reclutamiento",
        },
        "greeting.opening": {
            "en": (
                "Hi! I'm the Excel Medical Staffing assistant.",
                "Hello and welcome to Excel Medical Staffing!",
                "Hi there! Welcome to Excel Medical Staffing.",
            ),
            "es": (
                "¡Hola! Soy el asistente de Excel Medical Staffing.",
                "¡Hola! Te damos la bienvenida a Excel Medical Staffing.",
                "¡Hola! Qué gusto saludarte desde Excel Medical Staffing.",
            ),
        },
        "greeting": {
            "en": "{opening} I can find travel, local, per diem and permanent healthcare jobs, "
            "help you apply, check on your referrals, or connect you with a recruiter. What "
            'are you looking for? For example: "ICU travel jobs in Texas".',
            "es": "{opening} Puedo buscar trabajos de salud de viaje, locales, per diem y "
            "permanentes, ayudarte a postularte, revisar tus referidos o ponerte en contacto "
            "con un reclutador. ¿Qué estás buscando? Por ejemplo: "
            '"trabajos de UCI de viaje en Texas".',
        },
        "smalltalk.thanks": {
            "en": (
                "You're welcome! Anything else I can help with: more jobs, an application, or a "
                "recruiter?",
                "Happy to help! Let me know if you'd like to see more jobs or apply to one.",
            ),
            "es": (
                "¡De nada! ¿Te ayudo con algo más: más trabajos, una solicitud o un reclutador?",
                "¡Con gusto! Avísame si quieres ver más trabajos o postularte a alguno.",
            ),
        },
        "smalltalk.how_are_you": {
            "en": "I'm doing great, thanks for asking! Ready to help you find your next job. "
            "What are you looking for?",
            "es": "¡Muy bien, gracias por preguntar! Listo para ayudarte a encontrar tu "
            "próximo trabajo. ¿Qué estás buscando?",
        },
        "smalltalk.who_are_you": {
            "en": "I'm Excel Medical Staffing's virtual assistant, an automated helper rather "
            "than a person. I can search jobs, help you apply, check your referrals, and "
            "connect you with a recruiter whenever you'd like.",
            "es": "Soy el asistente virtual de Excel Medical Staffing, un programa automático, "
            "no una persona. Puedo buscar trabajos, ayudarte a postularte, revisar tus "
            "referidos y ponerte en contacto con un reclutador cuando quieras.",
        },
        "smalltalk.bye": {
            "en": (
                "Thanks for stopping by, and good luck with your search! I'm here whenever you "
                "need me.",
                "Take care! Come back anytime; new jobs are posted every day.",
            ),
            "es": (
                "¡Gracias por visitarnos y mucha suerte en tu búsqueda! Aquí estaré cuando me "
                "necesites.",
                "¡Cuídate! Vuelve cuando quieras: todos los días publicamos trabajos nuevos.",
            ),
        },
        "smalltalk.ack": {
            "en": 'Great! What would you like to do next? You can search ("nights only"), ask '
            'about a job ("tell me about the first one"), or apply.',
            "es": "¡Perfecto! ¿Qué quieres hacer ahora? Puedes buscar "
            '("solo de noche"), preguntar por un trabajo ("cuéntame más del primero") o '
            "postularte.",
        },
        "help": {
            "en": "Here's what I can do:\n"
            '- **Find jobs**: "travel ICU RN jobs in Texas", "nights only", "over $2,500 a '
            'week", "starting in March"\n'
            '- **Job details**: "tell me about the second one", "what does the Dallas job '
            'pay?"\n'
            '- **Apply**: "apply to the first one"; I\'ll ask for anything I need\n'
            '- **Referrals**: "refer my friend jane@example.com", "did my friend sign up?"\n'
            '- **Talk to a person**: "connect me with a recruiter"',
            "es": "Esto es lo que puedo hacer:\n"
            '- **Buscar trabajos**: "trabajos de enfermera de viaje en UCI en Texas", '
            '"solo de noche", "que paguen más de 2500 a la semana", "que empiecen en marzo"\n'
            '- **Detalles de un trabajo**: "cuéntame más del segundo", "¿cuánto paga el de '
            'Dallas?"\n'
            '- **Postularte**: "quiero aplicar al primero"; te pediré lo que haga falta\n'
            '- **Referidos**: "referir a mi amiga jane@example.com", '
            '"¿ya se registró mi amiga?"\n'
            '- **Hablar con una persona**: "hablar con un reclutador"',
        },
        "not_understood.opening": {
            "en": (
                "Sorry, I didn't quite get that.",
                "Hmm, I'm not sure I understood.",
                "I didn't catch that, sorry.",
            ),
            "es": (
                "Perdón, no entendí bien.",
                "Mmm, no estoy seguro de haber entendido.",
                "No te entendí, perdón.",
            ),
        },
        "not_understood": {
            "en": '{opening} I can find jobs (try "ICU travel jobs in Texas" or "CNA nights in '
            'Ohio"), tell you more about a job, help you apply, check your referrals, or '
            "connect you with a recruiter. What would you like to do?",
            "es": '{opening} Puedo buscar trabajos (prueba "trabajos de UCI de viaje en Texas" '
            'o "CNA de noche en Ohio"), darte más detalles de un trabajo, ayudarte a '
            "postularte, revisar tus referidos o ponerte en contacto con un reclutador. "
            "¿Qué te gustaría hacer?",
        },
        "need_search_first": {
            "en": "Let's find you a job first! Tell me what you're looking for, for example "
            '"travel RN jobs in Florida" or "night shift CNA jobs near Dallas".',
            "es": "¡Primero busquemos un trabajo! Dime qué estás buscando, por ejemplo "
            '"trabajos de RN de viaje en Florida" o "trabajos de CNA de noche cerca de Dallas".',
        },
        "reference_not_found": {
            "en": 'I\'m not sure which job you mean. Try "the first one", "#2" or "the Dallas '
            'job", or tell me what to search for.',
            "es": 'No estoy seguro de a qué trabajo te refieres. Prueba con "el primero", '
            '"el #2" o "el de Dallas", o dime qué buscar.',
        },
        # The offline engine's own short answers (assistant/agent/offline.py).
        "engine.nothing_to_confirm": {
            "en": "There's nothing waiting for a yes right now. Want me to find jobs, or apply "
            "to one of the jobs I showed you?",
            "es": "Ahora mismo no hay nada esperando un sí. ¿Quieres que busque trabajos, o "
            "postularte a uno de los trabajos que te mostré?",
        },
        "engine.login_prompt": {
            "en": "For that I need to know it's you: please log in (use the Log in button in "
            "this chat) and ask me again.",
            "es": "Para eso necesito saber que eres tú: inicia sesión (usa el botón Iniciar "
            "sesión de este chat) y vuelve a preguntarme.",
        },
        "engine.no_more_results": {
            "en": "That's all the jobs matching this search. Want me to widen it, for example "
            "a nearby state or any shift?",
            "es": "Esos son todos los trabajos de esta búsqueda. ¿Quieres que la amplíe, por "
            "ejemplo a un estado cercano o a cualquier turno?",
        },
        "engine.referral_email_not_typed": {
            "en": "Please type your friend's email address and I'll send the invitation.",
            "es": "Escribe el correo electrónico de la persona que quieres referir y le "
            "enviaré la invitación.",
        },
        "engine.referral_limit": {
            "en": "You've invited as many friends as one day allows. You can invite more "
            "tomorrow, thank you for spreading the word!",
            "es": "Ya invitaste a todas las personas que se permiten en un día. Mañana podrás "
            "invitar a más. ¡Gracias por correr la voz!",
        },
        "engine.job_closed": {
            "en": "That job is no longer open for applications, sorry. Want me to find "
            "similar open jobs?",
            "es": "Lo siento, ese trabajo ya no acepta solicitudes. ¿Quieres que busque "
            "trabajos parecidos que sigan abiertos?",
        },
    }
)


def handoff(
    recruiter_name: str | None,
    already: bool = False,
    *,
    email: str | None = None,
    limit_reached: bool = False,
    lang: str = "en",
) -> str:
    """``recruiter_name`` and ``email`` are what this person may see (a first name only
    while they are anonymous); ``limit_reached``: a cap refused the handoff."""
    if limit_reached:
        return say("handoff.limit", lang)
    who = recruiter_name.strip() if recruiter_name and recruiter_name.strip() else None
    reach = say("handoff.reach", lang, email=email) if who and email else ""
    if already:
        person = who or say("handoff.already_anyone", lang)
        return say("handoff.already", lang, person=person, reach=reach)
    person = (
        say("handoff.asked_named", lang, name=who) if who else say("handoff.asked_anyone", lang)
    )
    return say("handoff.asked", lang, person=person, reach=reach)


def greeting(seed: str = "", lang: str = "en") -> str:
    opening = say("greeting.opening", lang, seed=(seed,))
    return say("greeting", lang, opening=opening)


SMALLTALK_KINDS = ("thanks", "how_are_you", "who_are_you", "bye", "ack")


def smalltalk(kind: str | None, seed: str = "", lang: str = "en") -> str:
    key = f"smalltalk.{kind}" if kind in SMALLTALK_KINDS else "smalltalk.ack"
    return say(key, lang, seed=(kind, seed))


def help(lang: str = "en") -> str:
    """What the assistant can do, with example phrasings."""
    return say("help", lang)


def did_not_understand(text: str = "", lang: str = "en") -> str:
    """A helpful answer when the message was not understood (the text is never echoed)."""
    opening = say("not_understood.opening", lang, seed=(text,))
    return say("not_understood", lang, opening=opening)


def need_search_first(lang: str = "en") -> str:
    return say("need_search_first", lang)


def reference_not_found(lang: str = "en") -> str:
    return say("reference_not_found", lang)
