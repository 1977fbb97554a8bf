"""Replies that keep the conversation going: greetings, small talk, help, a recruiter, and
what to say when a message was not understood or needs a search first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from assistant.agent.replies.wording import pick


def handoff(
    recruiter_name: str | None,
    already: bool = False,
    *,
    email: str | None = None,
    limit_reached: bool = False,
) -> str:
    """``recruiter_name`` and ``email`` are what this person may see (a first name only
    while they are anonymous); ``limit_reached``: a cap refused the handoff."""
    if limit_reached:
        return (
            "I can't bring in another recruiter from this chat right now, sorry: we've had "
            "as many requests from here as we can take for now. You can still apply to any "
            "job with me and a recruiter will follow up, or try again tomorrow."
        )
    who = recruiter_name.strip() if recruiter_name and recruiter_name.strip() else None
    reach = f" You can also e-mail them at {email}." if who and email else ""
    if already:
        person = who or "A recruiter"
        return (
            f"{person} already has your conversation and will reply right here soon.{reach} "
            "Anything I can help with in the meantime?"
        )
    person = f"{who}, one of our recruiters," if who else "one of our recruiters"
    return (
        f"I've asked {person} to join. They'll reply right here in this chat.{reach} In the "
        "meantime, feel free to keep browsing jobs with me."
    )


def greeting(seed: str = "") -> str:
    opening = pick(
        (
            "Hi! I'm the Excel Medical Staffing assistant.",
            "Hello and welcome to Excel Medical Staffing!",
            "Hi there! Welcome to Excel Medical Staffing.",
        ),
        seed,
    )
    return (
        f"{opening} I can find travel, local, per diem and permanent healthcare jobs, help "
        "you apply, check on your referrals, or connect you with a recruiter. What are you "
        'looking for? For example: "ICU travel jobs in Texas".'
    )


_SMALLTALK: Final[Mapping[str, tuple[str, ...]]] = {
    "thanks": (
        "You're welcome! Anything else I can help with: more jobs, an application, or a recruiter?",
        "Happy to help! Let me know if you'd like to see more jobs or apply to one.",
    ),
    "how_are_you": (
        "I'm doing great, thanks for asking! Ready to help you find your next job. What are "
        "you looking for?",
    ),
    "who_are_you": (
        "I'm Excel Medical Staffing's virtual assistant, an automated helper rather than a "
        "person. I can search jobs, help you apply, check your referrals, and connect you "
        "with a recruiter whenever you'd like.",
    ),
    "bye": (
        "Thanks for stopping by, and good luck with your search! I'm here whenever you need me.",
        "Take care! Come back anytime; new jobs are posted every day.",
    ),
    "ack": (
        'Great! What would you like to do next? You can search ("nights only"), ask about a '
        'job ("tell me about the first one"), or apply.',
    ),
}


def smalltalk(kind: str | None, seed: str = "") -> str:
    options = _SMALLTALK.get(kind or "", _SMALLTALK["ack"])
    return pick(options, kind, seed)


def help() -> str:
    """What the assistant can do, with example phrasings."""
    return (
        "Here's what I can do:\n"
        '- **Find jobs**: "travel ICU RN jobs in Texas", "nights only", "over $2,500 a week", '
        '"starting in March"\n'
        '- **Job details**: "tell me about the second one", "what does the Dallas job pay?"\n'
        '- **Apply**: "apply to the first one"; I\'ll ask for anything I need\n'
        '- **Referrals**: "refer my friend jane@example.com", "did my friend sign up?"\n'
        '- **Talk to a person**: "connect me with a recruiter"'
    )


def did_not_understand(text: str = "") -> str:
    """A helpful answer when the message was not understood (the text is never echoed)."""
    opening = pick(
        (
            "Sorry, I didn't quite get that.",
            "Hmm, I'm not sure I understood.",
            "I didn't catch that, sorry.",
        ),
        text,
    )
    return (
        f'{opening} I can find jobs (try "ICU travel jobs in Texas" or "CNA nights in '
        'Ohio"), tell you more about a job, help you apply, check your referrals, or connect '
        "you with a recruiter. What would you like to do?"
    )


def need_search_first() -> str:
    return (
        "Let's find you a job first! Tell me what you're looking for, for example "
        '"travel RN jobs in Florida" or "night shift CNA jobs near Dallas".'
    )


def reference_not_found() -> str:
    return (
        'I\'m not sure which job you mean. Try "the first one", "#2" or "the Dallas job", '
        "or tell me what to search for."
    )
