"""The person's own consent to a consequential action, read from their message by the server.

Submitting an application, inviting a friend or handing the chat to a recruiter happens
only when the person's message of this turn says so: an explicit yes, read exactly as the
offline engine reads the answer to its own "shall I submit it?" question, the friend's
address typed by the person, or a request for a person. Withdrawing an application needs
the same yes; a profile change or a new license or certification is what the message
itself states (read here with the NLU), never what a model passes. Both
engines get this verdict from the server (:class:`~tools.context.UserConfirmation`), so a
model talked into acting by text it read (a job description, a name, a filter value) has
nothing to act with.
"""

from __future__ import annotations

import datetime as dt

from assistant.agent.nlu.contacts import spelled_email
from assistant.agent.nlu.live import current_lexicon
from assistant.agent.nlu.message import parse_message
from assistant.agent.nlu.understand import understand
from assistant.agent.nlu.understanding import CredentialMention, Intent, ProfileUpdate
from data_layer.candidates.preferences import ProfileChange
from data_layer.resumes.stated_facts import StatedCredential
from tools.context import UserConfirmation

__all__ = ["asks_for_a_person", "emails_typed", "is_explicit_confirmation", "user_confirmation"]


def is_explicit_confirmation(text: str) -> bool:
    """``text`` is a yes ("yes", "go ahead", the widget's "Yes, submit my application")."""
    return understand(text, expecting="confirm_apply").intent is Intent.CONFIRM


def emails_typed(text: str) -> frozenset[str]:
    """The e-mail addresses in ``text`` (lower case), spelled-out ones included."""
    msg = parse_message(text, dt.date.today(), current_lexicon())
    spelled = spelled_email(msg.text)
    return frozenset([*msg.emails, *([spelled] if spelled else [])])


def user_confirmation(text: str) -> UserConfirmation:
    """What the person's message of this turn allows the tools to do."""
    meaning = understand(text)
    return UserConfirmation(
        yes=is_explicit_confirmation(text),
        emails=emails_typed(text),
        wants_recruiter=meaning.intent is Intent.HUMAN,
        message=text,
        profile_change=_profile_change(meaning.profile_update),
        credential=_stated(meaning.credential),
    )


def _profile_change(said: ProfileUpdate | None) -> ProfileChange | None:
    """The profile change the message states: all the profile tool may save."""
    if said is None or said.is_empty():
        return None
    return ProfileChange(
        available_from=said.available_from,
        preferred_states=tuple(said.preferred_states),
        job_types=tuple(said.job_types),
        shift=said.shift,
    )


def _stated(said: CredentialMention | None) -> StatedCredential | None:
    """The license or certification the message states: all the credential tool may add."""
    if said is None:
        return None
    return StatedCredential(
        kind=said.kind,
        name=said.name,
        state=said.state,
        expires_on=said.expires_on,
        number=said.number,
    )


def asks_for_a_person(text: str) -> bool:
    """``text`` asks for a human ("talk to a recruiter", "can a real person call me?")."""
    return understand(text).intent is Intent.HUMAN
