"""The words of the account mail: confirm an address, "you already have an account", reset.

Plain text (every mail client shows it, nothing to sanitise). Each mail says what
to do if the reader did not ask for it, since anyone can type anyone's address.
"""

from __future__ import annotations

SIGNATURE = "Excel Medical Staffing"


def _hello(first_name: str | None) -> str:
    return f"Hi {first_name}," if first_name else "Hello,"


def confirm_email(
    *, first_name: str | None, link: str, from_chat: bool, hours: int
) -> tuple[str, str]:
    if from_chat:
        subject = "Confirm your email to send your application"
        why = (
            "You gave this address in the chat on our career site. Confirm it and choose "
            "a password, and any application you asked for there is sent to our recruiters."
        )
    else:
        subject = "Confirm your email for Excel Medical Staffing"
        why = "Confirm this address to finish creating your account."
    body = (
        f"{_hello(first_name)}\n\n{why}\n\n{link}\n\n"
        f"The link works once, for {hours} hours.\n\n"
        "If you did not ask for this, ignore this mail: nothing happens and no account "
        f"is created.\n\n{SIGNATURE}\n"
    )
    return subject, body


def account_exists(*, first_name: str | None, forgot_link: str) -> tuple[str, str]:
    body = (
        f"{_hello(first_name)}\n\n"
        "Someone tried to create an account with this address, but you already have one. "
        "Log in as usual; if you forgot your password, ask for a new one here:\n\n"
        f"{forgot_link}\n\n"
        f"If it was not you, ignore this mail: your account is unchanged.\n\n{SIGNATURE}\n"
    )
    return "You already have an Excel Medical Staffing account", body


def reset_password(*, first_name: str | None, link: str, minutes: int) -> tuple[str, str]:
    body = (
        f"{_hello(first_name)}\n\nChoose a new password for your account here:\n\n{link}\n\n"
        f"The link works once, for {minutes} minutes. Setting a new password signs you out "
        "everywhere else.\n\n"
        f"If you did not ask for this, ignore this mail: your password is unchanged.\n\n"
        f"{SIGNATURE}\n"
    )
    return "Reset your Excel Medical Staffing password", body
