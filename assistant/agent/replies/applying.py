"""Replies while applying: asking for details, refusing a bad value, confirming, submitted."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from assistant.agent.replies.wording import bold, job_title, location, masked
from tools.application_results import ApplicationJob

_ASK: Final[Mapping[str, str]] = {
    "first_name": "What's your first name?",
    "last_name": "And your last name?",
    "name": "What's your full name?",
    "email": "What's the best email address to reach you?",
    "phone": "And a phone number where a recruiter can reach you (a 10-digit US number)?",
    "referral_email": (
        "Happy to help you refer a friend! What's their email address? I'll send them an "
        "invite with your referral code."
    ),
    "job": 'Which job do you mean? You can say "the first one", "#2" or "the Dallas job".',
    "confirm_apply": "Reply yes to confirm or no to cancel.",
}

_FIELD_LABELS: Final[Mapping[str, str]] = {
    "first_name": "first name",
    "last_name": "last name",
    "name": "name",
    "email": "email address",
    "phone": "phone number",
    "referral_email": "email address",
}


def ask_for(field: str, name: str | None = None) -> str:
    """Ask for one thing; ``name`` (the visitor's first name) makes it friendlier."""
    question = _ASK.get(field) or f"Could you tell me your {field.replace('_', ' ')}?"
    if field == "first_name":
        return "Great, let's get your application started. " + question
    if name and field in ("last_name", "email", "phone"):
        return f"Thanks, {name}! " + question
    return question


def invalid(field: str, reason: str) -> str:
    """A value was refused; ``reason`` is an ``nlu.ErrorReason`` code or a short explanation."""
    label = _FIELD_LABELS.get(field, field.replace("_", " "))
    if reason == "email_format":
        return (
            f"Hmm, that {label} doesn't look quite right. Could you type it again? "
            "(something like jane@example.com)"
        )
    if reason == "phone_digits":
        return "I need a 10-digit US phone number, like 555-123-4567. Could you try again?"
    if reason == "name_format":
        return f"Could you type your {label} using letters only?"
    if reason == "missing":
        return f"I didn't catch your {label}. Could you type it?"
    detail = re.sub(r"[{}<>]", "", reason or "").strip().rstrip(".")
    if detail and detail.lower() not in ("none", "null", "error"):
        return f"That {label} didn't work: {detail}. Could you try again?"
    return f"That {label} didn't work. Could you try again?"


def _job_phrase(job: ApplicationJob) -> str:
    title = bold(job_title(job.title, job_type=job.job_type))
    where = location(job.city, job.state)
    return f"{title} in {where}" if where else title


def confirm_apply(job: ApplicationJob) -> str:
    return (
        f"Ready to submit your application for {_job_phrase(job)}? "
        "Reply yes to confirm or no to cancel."
    )


def applied(job: ApplicationJob, already: bool = False) -> str:
    if already:
        return (
            f"Good news: you've already applied to {_job_phrase(job)}, so there's nothing "
            "more to do. A recruiter will be in touch. Anything else I can help with?"
        )
    return (
        f"You're all set! Your application for {_job_phrase(job)} has been submitted. A "
        "recruiter will reach out soon about next steps. Want me to look for similar jobs "
        "in the meantime?"
    )


def apply_cancelled() -> str:
    return (
        "No problem, I haven't submitted anything. Want to keep looking? Tell me what to "
        'change, e.g. "only nights" or "what about Arizona instead?"'
    )


def login_required(email: str | None) -> str:
    who = masked(email) if email and "@" in email else "that email address"
    return (
        f"It looks like {who} already has an account with us. Please log in and I'll pick "
        "up right where we left off; your application will only take a moment after that."
    )


def signups_paused(retry_after_s: int) -> str:
    minutes = max(1, -(-retry_after_s // 60))
    return (
        "I can't create a new profile from your network right now: there have been a lot of "
        f"sign-ups from it recently. Please try again in {minutes} minute"
        f'{"s" if minutes != 1 else ""}, or say "talk to a recruiter" and a person will help.'
    )


def _address(email: str | None) -> str:
    return masked(email) if email and "@" in email else "your email address"


def confirmation_sent(first_name: str | None, email: str | None, job: ApplicationJob) -> str:
    thanks = f"Thanks, {first_name}!" if first_name else "Thanks!"
    return (
        f"{thanks} I've emailed a confirmation link to {_address(email)}. Shall I submit your "
        f"application for {_job_phrase(job)}? Reply yes: it goes to our recruiters as soon as "
        "you open that link."
    )


def application_held(job: ApplicationJob, email: str | None) -> str:
    return (
        f"Saved! Your application for {_job_phrase(job)} will be sent the moment you confirm "
        f"your email: open the link I sent to {_address(email)} (check spam if it's not "
        "there). Want to keep looking while you wait?"
    )


def confirmation_mail_limit(email: str | None) -> str:
    return (
        f"I've already sent several confirmation emails to {_address(email)} in the last hour. "
        "Please open the most recent one (check your spam folder too), or try again later."
    )
