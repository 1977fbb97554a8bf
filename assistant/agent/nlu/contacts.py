"""Email addresses and US phone numbers in a message.

Emails are found from each ``@`` outwards with bounded patterns (linear on any input) and
validated apart, so a mistyped address is still recognised as one ("jane@x" is an email
with a format error, not a name). Phones are ten digits, with an optional leading 1.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.agent.nlu.text import blank

__all__ = [
    "FoundEmails",
    "FoundPhones",
    "blank_contacts",
    "find_emails",
    "find_phones",
    "spelled_email",
]

_EMAIL_LOCAL_RX = re.compile(r"[^\s@<>()\[\],;:\"]{0,63}[^\s@<>()\[\],;:\".!?]$")
_EMAIL_DOMAIN_RX = re.compile(r"[^\s@<>()\[\],;:\"]{0,253}")
_EMAIL_OK_RX = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~\-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$"
)
_SPELLED_EMAIL_RX = re.compile(
    r"\b([a-z0-9._%+\-]+)\s*(?:\s+at\s+|\[at\]|\(at\))\s*([a-z0-9\-]+)\s*"
    r"(?:\s+dot\s+|\[dot\]|\(dot\)|\.)\s*([a-z]{2,6})\b"
)
_PHONE_RX = re.compile(
    r"(?<![\w$.#])(?:\+?1[\s.\-]*)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.\-]*\d{3}[\s.\-]*\d{4}(?![\w])"
)


class FoundEmails(NamedTuple):
    valid: list[str]
    """Lowercased."""
    invalid: list[str]
    spans: list[tuple[int, int]]


class FoundPhones(NamedTuple):
    numbers: list[str]
    """E.164, US: ``+1XXXXXXXXXX``."""
    spans: list[tuple[int, int]]


def _email_spans(text: str) -> list[tuple[int, int]]:
    """Spans of email-looking words (anything around an ``@``; validated separately)."""
    spans: list[tuple[int, int]] = []
    at = text.find("@")
    while at >= 0:
        left = _EMAIL_LOCAL_RX.search(text, max(0, at - 64), at)
        if left is not None and (not spans or left.start() >= spans[-1][1]):
            right = _EMAIL_DOMAIN_RX.match(text, at + 1)
            end = right.end() if right is not None else at + 1
            spans.append((left.start(), end))
            at = text.find("@", end)
        else:
            at = text.find("@", at + 1)
    return spans


def _valid_email(candidate: str) -> bool:
    return len(candidate) <= 254 and bool(_EMAIL_OK_RX.match(candidate))


def find_emails(text: str) -> FoundEmails:
    found = FoundEmails([], [], [])
    for span in _email_spans(text):
        candidate = text[span[0] : span[1]].rstrip(".!?,;'\"").lower()
        (found.valid if _valid_email(candidate) else found.invalid).append(candidate)
        found.spans.append(span)
    return found


def find_phones(text: str) -> FoundPhones:
    found = FoundPhones([], [])
    for m in _PHONE_RX.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) == 10:
            found.numbers.append("+1" + digits)
            found.spans.append(m.span())
    return found


def blank_contacts(text: str) -> str:
    """``text`` without its emails and phone numbers."""
    return _PHONE_RX.sub(" ", blank(text, _email_spans(text)))


def spelled_email(text: str) -> str | None:
    """An address spelled out to dodge spam filters: "jane at gmail dot com"."""
    m = _SPELLED_EMAIL_RX.search(text.lower())
    if not m:
        return None
    candidate = f"{m.group(1)}@{m.group(2)}.{m.group(3)}"
    return candidate if _valid_email(candidate) else None
