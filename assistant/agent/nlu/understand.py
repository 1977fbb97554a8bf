"""The entry point: one visitor message in, its :class:`Understanding` out."""

from __future__ import annotations

import datetime as dt

from assistant.agent.nlu.answers import (
    answer_to_confirmation,
    answer_to_contact_question,
    unreadable_answer,
)
from assistant.agent.nlu.intents import understand_freely
from assistant.agent.nlu.language import detect_language
from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.live import current_lexicon
from assistant.agent.nlu.message import parse_message
from assistant.agent.nlu.references import UUID_RX
from assistant.agent.nlu.understanding import EXPECTING, Intent, Language, Understanding

__all__ = ["understand", "warm_up"]


def understand(
    text: str,
    *,
    expecting: str | None = None,
    today: dt.date | None = None,
    lexicon: Lexicon | None = None,
    language: Language | None = None,
) -> Understanding:
    """Understand one visitor message.

    ``expecting`` is what the engine just asked for (one of :data:`Expecting`), so that bare
    answers ("Jane", "jane@x.com", "555 123 4567", "yes") are read as such; anything that is
    clearly something else (a search, "talk to a recruiter", "cancel") is understood as that.
    ``today`` anchors relative dates ("next month", "in March"); default :func:`date.today`.
    ``lexicon``: the vocabulary to read it with; default :func:`current_lexicon`.
    ``language``: the conversation's language so far, the language of a message that could
    be either ("ok", "no", "Texas"); default English.
    """
    read_in = detect_language(text or "", default=language or "en")
    meaning = _understand(text, expecting, today, lexicon, read_in)
    meaning.language = read_in
    return meaning


def _understand(
    text: str,
    expecting: str | None,
    today: dt.date | None,
    lexicon: Lexicon | None,
    language: Language,
) -> Understanding:
    lex = lexicon or current_lexicon()
    msg = parse_message(text or "", today or dt.date.today(), lex, language)
    if not msg.tokens and not msg.emails and not msg.phones:
        return Understanding(Intent.UNKNOWN)
    wanted = expecting if expecting in EXPECTING else None
    answer: Understanding | None = None
    # A message naming a job ("apply to job <id>") is about that job, not a bare yes (though
    # contact details in it still answer).
    if wanted == "confirm_apply" and not UUID_RX.search(msg.text):
        answer = answer_to_confirmation(msg)
    elif wanted is not None:
        answer = answer_to_contact_question(msg, wanted, lex)
    if answer is not None:
        return answer
    meaning = understand_freely(msg, lex)
    if meaning.intent is Intent.UNKNOWN and wanted is not None:
        return unreadable_answer(wanted) or meaning
    return meaning


def warm_up() -> None:
    """Compile the lexicon and patterns now (else on the first message)."""
    understand("ICU RN travel jobs in Dallas, TX over $2,500/week starting ASAP")
