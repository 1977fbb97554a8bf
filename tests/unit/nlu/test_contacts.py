"""Contact details: names, emails and phones, volunteered or asked for."""

from __future__ import annotations

import pytest

from assistant.agent.nlu import ContactInfo, FieldError, Intent
from tests.unit.nlu.helpers import understand_today as _understand

CONTACTS: list[tuple[str, str | None, Intent, ContactInfo]] = [
    ("I'm Jane Doe", None, Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    ("my name is jane doe", None, Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    (
        "Jane Doe, jane@x.com, 555-123-4567",
        None,
        Intent.PROVIDE_INFO,
        ContactInfo("Jane", "Doe", "jane@x.com", "+15551234567"),
    ),
    ("jane@x.com", None, Intent.PROVIDE_INFO, ContactInfo(email="jane@x.com")),
    ("555 123 4567", None, Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    ("Jane", "first_name", Intent.PROVIDE_INFO, ContactInfo("Jane")),
    ("Jane Doe", "first_name", Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    ("it's Tyler", "first_name", Intent.PROVIDE_INFO, ContactInfo("Tyler")),
    ("Doe", "last_name", Intent.PROVIDE_INFO, ContactInfo(last_name="Doe")),
    ("van der berg", "last_name", Intent.PROVIDE_INFO, ContactInfo(last_name="Van Der Berg")),
    ("Will Smith", "name", Intent.PROVIDE_INFO, ContactInfo("Will", "Smith")),
    ("Georgia", "first_name", Intent.PROVIDE_INFO, ContactInfo("Georgia")),
    ("my name is Jane", "first_name", Intent.PROVIDE_INFO, ContactInfo("Jane")),
    (
        "Jane Doe, jane@x.com",
        "name",
        Intent.PROVIDE_INFO,
        ContactInfo("Jane", "Doe", "jane@x.com"),
    ),
    (
        "sure, it's jane.doe@gmail.com",
        "email",
        Intent.PROVIDE_INFO,
        ContactInfo(email="jane.doe@gmail.com"),
    ),
    ("mary-jane o'brien", "name", Intent.PROVIDE_INFO, ContactInfo("Mary-Jane", "O'Brien")),
    ("jane doe", "name", Intent.PROVIDE_INFO, ContactInfo("Jane", "Doe")),
    ("Jane@X.com", "email", Intent.PROVIDE_INFO, ContactInfo(email="jane@x.com")),
    ("jane at gmail dot com", "email", Intent.PROVIDE_INFO, ContactInfo(email="jane@gmail.com")),
    (
        "jane@x",
        "email",
        Intent.PROVIDE_INFO,
        ContactInfo(errors=[FieldError("email", "email_format")]),
    ),
    ("555 123 4567", "phone", Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    ("(555) 123-4567", "phone", Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    ("+1 555.123.4567", "phone", Intent.PROVIDE_INFO, ContactInfo(phone="+15551234567")),
    (
        "555-1234",
        "phone",
        Intent.PROVIDE_INFO,
        ContactInfo(errors=[FieldError("phone", "phone_digits")]),
    ),
    (
        "J4ne",
        "first_name",
        Intent.PROVIDE_INFO,
        ContactInfo(errors=[FieldError("first_name", "name_format")]),
    ),
]


@pytest.mark.parametrize(
    ("text", "expecting", "intent", "contact"),
    CONTACTS,
    ids=[f"{c[0]} [{c[1]}]" for c in CONTACTS],
)
def test_contact_details(
    text: str, expecting: str | None, intent: Intent, contact: ContactInfo
) -> None:
    u = _understand(text, expecting)
    assert u.intent is intent
    assert u.contact == contact


def test_search_words_are_not_names() -> None:
    u = _understand("I'm looking for ICU jobs in Texas")
    assert u.intent is Intent.SEARCH
    assert u.contact is None
    assert _understand("I'm a nurse").contact is None
