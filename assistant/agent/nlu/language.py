"""Which language a message is written in: English or Spanish, deterministically.

A vote of function words and everyday words, plus the marks only Spanish uses (accents,
"ñ", "¿", "¡"). It works on the short messages a chat is made of ("hola", "sí",
"busco trabajo", "solo de noche") and ignores the Spanish of US place names ("Los Angeles",
"El Paso", "San Antonio"), which English speakers type all day. Job words ("ICU", "travel
nurse") vote for neither: Spanish speakers use them too. A message with no vote either way
("ok", "ICU", "Texas") is ``default`` (the conversation's language so far, else English).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from assistant.agent.nlu.text import words
from assistant.agent.nlu.understanding import Language

__all__ = ["detect_language", "spanish_score"]

_PLACES_RX: Final = re.compile(
    r"\b(?:los\s+(?:angeles|alamos|gatos|banos)|las\s+(?:vegas|cruces)|el\s+(?:paso|centro|cajon"
    r"|segundo|monte)|la\s+(?:jolla|mesa|crosse|porte|grange|quinta|habra|puente|verne)"
    r"|(?:san|santa|san\s+luis)\s+[a-z]+|del\s+(?:rio|mar)|de\s+(?:moines|kalb|soto|pere|land))\b"
)
"""US places named in Spanish (or French): not a vote for Spanish."""

_STRONG_ES: Final = words(
    """
    hola buenas buenos gracias adios adiós busco buscando buscar quiero quisiera necesito
    puedo puede pueden tengo tiene tienen estoy estaba soy somos hay trabajo trabajos empleo
    empleos enfermera enfermero enfermeras enfermeros enfermeria enfermería turno turnos
    noche noches tarde tardes dia día dias días semana semanal semanales mensual pago pagan
    paga sueldo salario cuanto cuánto cuanta cuánta cuantos cuántos donde dónde cuando cuándo
    como cómo que qué cual cuál cuales cuáles porque por para con una unos unas los las del
    mis tus sus esta está este esto eso esa estas estos también tambien pero muy bien
    hablar llamar reclutador reclutadora reclutadores persona amiga amigo amigas amigos
    referir recomendar aplicar postular postularme aplicación aplicacion solicitud solicitudes
    postulación postulacion estado retirar cancelar disponible disponibilidad licencia
    certificación certificacion vivienda alojamiento seguro seguros beneficios ayuda viaje
    viajes viajera viajero ahora mismo solo sólo más menos otro otra otros otras favor
    claro vale dale listo gracias nada algo alguna alguno ningun ningún ninguna usted ustedes
    yo nosotros mañana manana sábado domingo lunes martes miércoles jueves viernes enero
    febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    desde hasta sobre entre hospitales ciudad estado estados y o en de el la al se
    lo le les nos mi tu su si sí un es ser mas cuidados intensivos urgencias emergencias
    quirofano quirófano pediatria pediatría partos renové renove renovada renovado vence
    vencimiento expira agregar añadir anadir retira retirar retiren quieren aplique apliqué
    interesa interesan ver muéstrame muestrame mostrar dime decir sabes saber pagos
    """
)
"""Spanish words; an English message rarely holds any of them (places aside)."""

_WEAK_ES: Final = frozenset({"y", "o", "de", "el", "la", "al", "se", "lo", "le", "un", "es"})
"""Short words an English message can hold as codes or names (DE, LA, "Y", "o'clock"); written
in capitals in a message that is not all capitals they are codes ("Baton Rouge, LA") and
vote for neither. ("en" is no English word: a full vote.)"""

_ENGLISH: Final = words(
    """
    the i im am i'm is are was and in to of for with my you your what whats how where when
    can could do does did want wanted need looking look find show any there jobs job please
    thanks thank hi hello hey yes yeah yep ok okay sure apply this that it on at about have
    has got get only just work working shift night nights day days pay paid week weekly an
    be will would like from available application applications status withdraw refer friend
    talk recruiter someone person near open opening openings who which why some
    more other another also but not dont don't cant can't its it's one ones them they we our
    if or by than then want wants give tell know much many per hour hours start starting
    license housing stipend benefits insurance as so up out into let lets
    """
)
"""English function words and chat words (not the job words Spanish speakers use as they
are: "travel nurse", "contract")."""

MAX_DETECT_CHARS: Final = 4000
"""Only the start of a message is read (as the NLU reads no more than that)."""

_SPANISH_MARKS_RX: Final = re.compile(r"[ñ¿¡áéíóú]")


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def spanish_score(text: str) -> int:
    """Votes for Spanish minus votes for English (positive: Spanish)."""
    low = text.lower()
    score = 2 * len(_SPANISH_MARKS_RX.findall(low))
    low = _PLACES_RX.sub(" ", low)
    capitals = set() if text.isupper() else set(re.findall(r"\b[A-Z]{2}\b", text))
    for word in re.findall(r"[^\W\d_]+(?:'[a-z]+)?", low):
        if word in _WEAK_ES:
            score += 0 if word.upper() in capitals else 1
        elif word in _STRONG_ES or _plain(word) in _STRONG_ES:
            score += 2
        elif word in _ENGLISH:
            score -= 2
    return score


def detect_language(text: str, *, default: Language = "en") -> Language:
    """``"es"`` when ``text`` reads as Spanish, ``"en"`` when English, else ``default``."""
    score = spanish_score(text[:MAX_DETECT_CHARS])
    if score > 0:
        return "es"
    if score < 0:
        return "en"
    return default
