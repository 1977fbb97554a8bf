"""What every tool hands back: a typed result with its status, its JSON for the model and
the events the person's screen shows.

Each tool module defines its own result types; they share this shape so an engine can
treat any of them alike. Nothing secret goes into a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

import msgspec


@dataclass(frozen=True, slots=True)
class ClientEvent:
    """Something shown besides the reply's text: job cards (``jobs``) or an ``action``."""

    kind: Literal["jobs", "action"]
    data: dict[str, Any]
    """The event's JSON payload exactly as the chat API sends it."""


class ToolResult(Protocol):
    @property
    def status(self) -> str:
        """``ok`` or a reason the caller reacts to (``login_required``, ``not_found`` ...)."""
        ...

    def for_model(self) -> str:
        """The result as JSON for the language model."""
        ...

    def client_events(self) -> tuple[ClientEvent, ...]:
        """What the person's screen shows because of this result."""
        ...


def model_json(status: str, note: str | None = None, **facts: Any) -> str:
    """``{"status": ..., <facts>, "note": ...}``; ``note`` says what to tell the person."""
    payload: dict[str, Any] = {"status": status, **facts}
    if note:
        payload["note"] = note
    return msgspec.json.encode(payload).decode()


def action(kind: str, **facts: Any) -> ClientEvent:
    return ClientEvent("action", {"type": kind, **facts})


def mask_email(email: str | None) -> str | None:
    """``j***@x.com``: enough for its owner to recognise, not enough to harvest.

    Anything that is not an email address comes back as it is.
    """
    if not email or "@" not in email:
        return email
    local, _, domain = email.strip().partition("@")
    return f"{local[:1]}***@{domain}"
