"""Replies to a general question: the FAQ passage quoted as the editors wrote it, linked,
or "I don't know, a recruiter can tell you" with the offer of one. Never a paraphrase:
the passage is the agency's approved policy, word for word."""

from __future__ import annotations

from assistant.agent.replies.catalog import register, say

__all__ = ["faq_answer", "faq_unknown", "recruiter_offer_declined"]

register(
    {
        "faq.intro": {
            "en": (
                "Here's what our FAQ says:",
                "Good question. From our FAQ:",
                "Our FAQ answers that:",
            ),
            "es": (
                "Esto dice nuestra sección de preguntas frecuentes:",
                "Buena pregunta. Según nuestras preguntas frecuentes:",
                "Nuestras preguntas frecuentes lo explican:",
            ),
        },
        "faq.intro_in_english": {
            "en": "Our FAQ answers that (this article is in English):",
            "es": "Nuestras preguntas frecuentes lo explican, pero este artículo está solo en "
            "inglés:",
        },
        "faq.link": {
            "en": "More in **{title}**: {url}",
            "es": "Más en **{title}**: {url}",
        },
        "faq.link_in_english": {
            "en": "More in **{title}**: {url}",
            "es": "Artículo completo (en inglés), **{title}**: {url}",
        },
        "faq.unknown": {
            "en": (
                "I don't know — a recruiter can tell you. Would you like me to bring one "
                "into this chat?"
            ),
            "es": (
                "No lo sé — un reclutador te lo puede decir. ¿Quieres que traiga a uno a este chat?"
            ),
        },
        "faq.offer_declined": {
            "en": "No problem. Ask me anything else, or search for jobs whenever you like.",
            "es": "Está bien. Pregúntame otra cosa o busca empleos cuando quieras.",
        },
    }
)


def _quoted(text: str) -> str:
    """The passage as a Markdown quote, line by line (lists and paragraphs kept)."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def faq_answer(
    text: str, title: str, url: str, *, in_english: bool = False, seed: str = "", lang: str = "en"
) -> str:
    """The best passage quoted as is, with a link to its article (and, when the visitor's
    language has no version of it, a word that it is in English)."""
    if in_english:
        intro = say("faq.intro_in_english", lang)
        link = say("faq.link_in_english", lang, title=title, url=url)
    else:
        intro = say("faq.intro", lang, seed=(seed, title))
        link = say("faq.link", lang, title=title, url=url)
    return f"{intro}\n\n{_quoted(text)}\n\n{link}"


def faq_unknown(lang: str = "en") -> str:
    return say("faq.unknown", lang)


def recruiter_offer_declined(lang: str = "en") -> str:
    return say("faq.offer_declined", lang)
