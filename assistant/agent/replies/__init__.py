"""The offline engine's replies: natural, plain text with light Markdown (``**bold**``, ``- ``).

Every function returns finished text for the visitor (never debug output: no ``None``, no raw
dicts). Wording varies between a few phrasings, chosen deterministically from the content and
an optional ``seed`` (pass the conversation or message id), so the same turn always reads the
same and tests are stable.

Inputs are the tools' typed results (:mod:`tools.job_results`, :mod:`tools.application_results`,
:mod:`tools.referrals`) and the search filters, read as they are. One module per kind of reply;
this package is their one entry point.

Every reply takes the conversation's language (``lang="en"`` or ``"es"``); the texts live in
the message catalogue (:mod:`assistant.agent.replies.catalog`: ``say(key, lang, **facts)``),
where other reply modules register theirs the same way.
"""

from assistant.agent.replies.applying import (
    application_held,
    applied,
    apply_cancelled,
    ask_for,
    confirm_apply,
    confirmation_mail_limit,
    confirmation_sent,
    invalid,
    login_required,
    signups_paused,
)
from assistant.agent.replies.catalog import LANGUAGES, Lang, language, register, say
from assistant.agent.replies.conversation import (
    did_not_understand,
    greeting,
    handoff,
    help,
    need_search_first,
    reference_not_found,
    smalltalk,
)
from assistant.agent.replies.faq import faq_answer, faq_unknown, recruiter_offer_declined
from assistant.agent.replies.job_details import job_details
from assistant.agent.replies.language import conversation_language
from assistant.agent.replies.referrals import referral_created, referrals_summary
from assistant.agent.replies.search import (
    Relaxation,
    describe_search,
    job_line,
    no_results,
    search_results,
)
from assistant.agent.replies.wording import money

__all__ = [
    "LANGUAGES",
    "Lang",
    "Relaxation",
    "application_held",
    "applied",
    "apply_cancelled",
    "ask_for",
    "confirm_apply",
    "confirmation_mail_limit",
    "confirmation_sent",
    "conversation_language",
    "describe_search",
    "did_not_understand",
    "faq_answer",
    "faq_unknown",
    "greeting",
    "handoff",
    "help",
    "invalid",
    "job_details",
    "job_line",
    "language",
    "login_required",
    "money",
    "need_search_first",
    "no_results",
    "recruiter_offer_declined",
    "reference_not_found",
    "referral_created",
    "referrals_summary",
    "register",
    "say",
    "search_results",
    "signups_paused",
    "smalltalk",
]
