"""The conversation's language: what the visitor writes, kept while their messages are neutral.

A message that reads as Spanish (:func:`~assistant.agent.nlu.language.detect_language`) makes
the conversation Spanish. From then on short answers that say nothing about a language ("sí",
"ok", an e-mail address, a phone number, "ICU", a name) keep it, and so does a lone English
word a Spanish speaker types as often as anyone ("ok", "yes", "thanks", "nurse"): only a
message that is clearly English (two English words or more, net of Spanish ones) switches
back. Both engines answer in this language; the chat API reports it with each reply.
"""

from __future__ import annotations

from typing import Final

from assistant.agent.nlu.language import detect_language, spanish_score
from assistant.agent.replies.catalog import Lang, language

SWITCH_BACK_SCORE: Final = -4
""":func:`spanish_score` at or below which a Spanish conversation turns English (each
English word votes -2)."""


def conversation_language(previous: object, text: str) -> Lang:
    """The language to answer ``text`` in, given the conversation's language so far."""
    before = language(previous)
    if before == "es":
        return "en" if spanish_score(text) <= SWITCH_BACK_SCORE else "es"
    return language(detect_language(text, default=before))
