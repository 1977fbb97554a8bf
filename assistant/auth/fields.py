"""Checks of what people type into the account forms, with the message each mistake gets."""

from __future__ import annotations

from assistant.auth.strength import password_problem
from assistant.errors import InvalidInput
from config.settings import Settings
from data_layer.accounts import service as accounts

MAX_PASSWORD_CHARS = 256


def email_field(value: str) -> str:
    if not value.strip():
        raise InvalidInput("Enter your email address.", field="email")
    try:
        return accounts.normalize_email(value)
    except accounts.InvalidContactDetails:
        raise InvalidInput(
            "Enter a valid email address, like name@example.com.", field="email"
        ) from None


def new_password_field(
    settings: Settings, password: str, *, user_inputs: list[str], field: str = "password"
) -> str:
    """A password someone chooses: long enough, not guessable (zxcvbn), not their own name."""
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput(
            f"Passwords are limited to {MAX_PASSWORD_CHARS} characters.", field=field
        )
    problem = password_problem(
        password, min_length=settings.password_min_length, user_inputs=user_inputs
    )
    if problem:
        raise InvalidInput(problem, field=field)
    return password


def name_field(value: str, field: str, label: str) -> str:
    if not value.strip():
        raise InvalidInput(f"Enter your {label}.", field=field)
    try:
        return accounts.normalize_name(value, label)
    except accounts.InvalidContactDetails:
        raise InvalidInput(f"That does not look like a {label}.", field=field) from None


def phone_field(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return accounts.normalize_phone(value)
    except accounts.InvalidContactDetails as exc:
        raise InvalidInput(f"Phone: {exc}.", field="phone") from None
