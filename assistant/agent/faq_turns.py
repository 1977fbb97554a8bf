"""The offline engine's FAQ turns: a general question answered from the approved articles.

The best passage is quoted as the editors wrote it, with a link to its article; below
the floor the answer is "I don't know, a recruiter can tell you" and the offer of one,
remembered as ``expecting == "recruiter_offer"`` for exactly one message: a yes hands the
conversation to a recruiter (the person's own yes, read by the server), anything else
goes on as usual. Policy is never made up here: there is no fallback text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from assistant.agent import events, replies
from assistant.agent.nlu import Intent, Understanding
from data_layer.faq.scoring import WEIGHTS
from tools import faq

if TYPE_CHECKING:
    from assistant.agent.offline import _Turn

__all__ = ["RECRUITER_OFFER", "STRICT_MARGIN", "first", "respond"]

RECRUITER_OFFER = "recruiter_offer"

_QUESTION: Final = re.compile(
    r"\?\s*$|^\W*(?:how|what|whats|when|where|why|who|which|is|are|do|does|can|could|will|"
    r"would|should|c[oó]mo|qu[eé]|cu[aá]ndo|cu[aá]nto|cu[aá]nta|d[oó]nde|puedo|pueden|tienen|"
    r"ofrecen|pagan|hay)\b|\b(?:can|could|do|should|will) i\b|\bpuedo\b",
    re.IGNORECASE,
)
"""A message shaped as a question: one the NLU did not place may still be in the FAQ."""

STRICT_MARGIN: Final = 0.3
"""How far above its language's floor the best article must score to answer a question the
NLU read as something else (a search, a recruiter): the answerable questions of
``tests/support/faq_questions.py`` read so score 0.93-1.28 in English; a search phrased as a
question ("what's available in Dallas?") scores well below."""
_NEEDS_A_JOB: Final = frozenset({Intent.JOB_DETAILS, Intent.APPLY})


async def first(
    turn: _Turn, meaning: Understanding, expecting: str | None, text: str
) -> str | None:
    """The FAQ's answer to a general question the NLU read as another intent, else None.

    A job's details or an application with no job in the conversation could not be
    answered anyway: the FAQ is tried at its usual floor. A search, a recruiter or the
    referrals made keep their meaning unless an article answers clearly. Nothing is
    shown when it does not (no tool event): the turn goes on as if never tried.
    """
    if expecting is not None or not meaning.general_question:
        return None
    floor = WEIGHTS.floor_for(turn.lang)
    if meaning.intent in _NEEDS_A_JOB:
        if turn.state.focus is not None or turn.state.results:
            return None  # "when are timesheets due" with a job shown: about that job
    else:
        floor += STRICT_MARGIN
    ctx = turn.ctx
    result = await ctx.in_transaction(lambda: faq.answer_question(ctx, text, turn.lang))
    if not result.passages or result.passages[0].score < floor:
        return None
    turn.out.append(events.tool_started("answer_faq"))
    turn.out.extend(events.after_tool("answer_faq", result))
    return _answer(turn, result)


async def respond(
    turn: _Turn, meaning: Understanding, expecting: str | None, text: str
) -> str | None:
    """The reply when this turn is about the FAQ (or the offer it made), else None."""
    if expecting == RECRUITER_OFFER:
        if meaning.intent is Intent.CONFIRM and turn.ctx.user_confirmed.yes:
            return await turn.human(text)
        if meaning.intent is Intent.CANCEL:
            return replies.recruiter_offer_declined(lang=turn.lang)
    if meaning.intent is Intent.UNKNOWN and _QUESTION.search(text):
        # Not understood, but a question: answered if an approved article clearly does,
        # else the usual "didn't get that" (no recruiter offer for any odd question).
        result = await turn.call("answer_faq", faq.answer_question, text, turn.lang)
        return _answer(turn, result) if result.passages else None
    if meaning.intent is not Intent.FAQ:
        return None
    question = meaning.question or text
    result = await turn.call("answer_faq", faq.answer_question, question, turn.lang)
    if not result.passages:
        turn.state.expecting = RECRUITER_OFFER
        return replies.faq_unknown(lang=turn.lang)
    return _answer(turn, result)


def _answer(turn: _Turn, result: faq.FaqAnswer) -> str:
    best = result.passages[0]
    return replies.faq_answer(
        best.text,
        best.title,
        best.url,
        in_english=best.in_english,
        seed=str(turn.ctx.actor.chat_session_id),
        lang=turn.lang,
    )
