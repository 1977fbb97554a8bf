"""Answers to the engine's own questions: "Jane", "jane@x.com", "555 123 4567", "yes".

``expecting`` is what the engine just asked for. A bare "yes"/"ok" answers
``confirm_apply``; "Jane", "jane@x.com", "555 123 4567" answer the contact fields (validated,
errors in :attr:`ContactInfo.errors`). Anything clearly else ("cancel", "talk to a person", a
search) is left to the intent rules (``None``), and an answer that turns out to be nothing
at all is read by :func:`unreadable_answer` as a format error, so the engine asks again.
"""

from __future__ import annotations

import re

from assistant.agent.nlu.contacts import blank_contacts, spelled_email
from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.message import Message
from assistant.agent.nlu.names import ANSWER_PREFIX_RX, name_words
from assistant.agent.nlu.patterns import (
    ACK_CONFIRM_RX,
    CANCEL_RX,
    CONFIRM_RX,
    HUMAN_RX,
    LOGIN_RX,
    NEGATED_APPLY_RX,
    QUESTION_RX,
)
from assistant.agent.nlu.understanding import (
    NAME_FIELDS,
    ContactInfo,
    ErrorReason,
    FieldError,
    Intent,
    Understanding,
)

__all__ = ["answer_to_confirmation", "answer_to_contact_question", "unreadable_answer"]


def answer_to_confirmation(msg: Message) -> Understanding | None:
    """A yes or no to "shall I submit your application?" (``None``: something else)."""
    if NEGATED_APPLY_RX.search(msg.norm) or (CANCEL_RX.search(msg.norm) and msg.is_short(8)):
        return Understanding(Intent.CANCEL)
    if (CONFIRM_RX.search(msg.norm) or ACK_CONFIRM_RX.search(msg.norm)) and msg.is_short(8):
        return Understanding(Intent.CONFIRM)
    return None


def _answer_with_referral_email(msg: Message) -> Understanding | None:
    email = msg.emails[0] if msg.emails else spelled_email(msg.text)
    if email:
        return Understanding(Intent.REFER_FRIEND, referral_email=email)
    if msg.bad_emails or (msg.is_short(4) and not QUESTION_RX.search(msg.norm)):
        return Understanding(
            Intent.REFER_FRIEND,
            contact=ContactInfo(errors=[FieldError("referral_email", "email_format")]),
        )
    return None


def _answer_with_name(
    msg: Message, expecting: str, contact: ContactInfo, lex: Lexicon
) -> Understanding | None:
    # With an email, the name is what precedes it ("Jane Doe, jane@x.com").
    body = ANSWER_PREFIX_RX.sub("", msg.text, count=1) if not msg.emails else msg.name_prefix
    body = ANSWER_PREFIX_RX.sub("", body, count=1) if msg.emails else body
    if msg.emails or msg.phones:
        body = blank_contacts(body)
    names, other = name_words(body, lex)
    if names and not other and len(names) <= 4:
        if expecting == "last_name":
            contact.last_name = " ".join(names)
        else:
            contact.first_name = names[0]
            contact.last_name = " ".join(names[1:]) or None
        return Understanding(Intent.PROVIDE_INFO, contact=contact)
    if not contact.is_empty():
        return Understanding(Intent.PROVIDE_INFO, contact=contact)
    return None  # something else; if it is nothing else either, the caller re-asks


def answer_to_contact_question(msg: Message, expecting: str, lex: Lexicon) -> Understanding | None:
    """A bare answer to the engine's question, or ``None`` if the message is something else."""
    norm = msg.norm
    if CANCEL_RX.search(norm) and msg.is_short() and not msg.emails and not msg.phones:
        return Understanding(Intent.CANCEL)
    if HUMAN_RX.search(norm):
        return Understanding(Intent.HUMAN)
    if LOGIN_RX.search(norm):
        email = msg.emails[0] if msg.emails else None
        return Understanding(Intent.LOGIN, contact=ContactInfo(email=email) if email else None)
    if expecting == "referral_email":
        return _answer_with_referral_email(msg)

    contact = ContactInfo(
        email=msg.emails[0] if msg.emails else None,
        phone=msg.phones[0] if msg.phones else None,
    )
    if expecting == "email" and contact.email is None:
        contact.email = spelled_email(msg.text)
    if msg.bad_emails and contact.email is None:
        contact.errors.append(FieldError("email", "email_format"))
    if expecting in NAME_FIELDS:
        return _answer_with_name(msg, expecting, contact, lex)

    if expecting == "phone" and contact.phone is None:
        digits = re.sub(r"\D", "", msg.text)
        mostly_digits = len(digits) >= max(3, len(re.sub(r"[\s().+\-]", "", msg.text)) // 2)
        if digits and mostly_digits:
            contact.errors.append(FieldError("phone", "phone_digits"))
            return Understanding(Intent.PROVIDE_INFO, contact=contact)
    if (
        expecting == "email"
        and contact.email is None
        and not contact.errors
        and msg.is_short(4)
        and not QUESTION_RX.search(norm)
        and not CONFIRM_RX.search(norm)
    ):
        contact.errors.append(FieldError("email", "email_format"))
    if contact.email or contact.phone or contact.errors:
        return Understanding(Intent.PROVIDE_INFO, contact=contact)
    return None


def unreadable_answer(expecting: str) -> Understanding | None:
    """What a message that means nothing says while a contact field is asked: a format error."""
    reason: ErrorReason
    if expecting in NAME_FIELDS:
        reason = "name_format"
    elif expecting == "email":
        reason = "email_format"
    elif expecting == "phone":
        reason = "phone_digits"
    else:
        return None
    return Understanding(
        Intent.PROVIDE_INFO, contact=ContactInfo(errors=[FieldError(expecting, reason)])
    )
