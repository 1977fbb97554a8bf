"""The dialogue state of a conversation: what earlier turns established, kept on its chat session.

Both engines and the tools read and change it during a turn (the last search and
the jobs it showed, the job in focus, an application waiting for a yes, the contact
details being collected); it is saved on the ``chat_sessions`` row with the turn.

Stored as JSON. Rows written before this type existed hold the same names, so they
decode as they are; anything unknown is dropped and anything unreadable falls back
to its default, field by field: a conversation never breaks on its own state.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final, Literal

import msgspec

from data_layer.jobs.filters import JobSearchFilters

log = logging.getLogger(__name__)


class JobRef(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A job the conversation talks about, with the words a person may use to point at it."""

    id: str
    title: str | None = None
    city: str | None = None
    state: str | None = None
    specialty: str | None = None
    job_type: str | None = None


class PendingApplication(JobRef, kw_only=True, omit_defaults=True):
    """An application started but not submitted: it waits for the candidate's yes."""

    turn: int = 0
    """The turn that started it (or last asked): a yes only counts in a later turn."""
    asked: bool = False
    """Whether the candidate has been asked to confirm (anonymous visitors register first)."""


class ContactDetails(msgspec.Struct, kw_only=True, omit_defaults=True):
    """What an anonymous visitor typed so far to create their candidate profile."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None

    def missing(self) -> list[str]:
        """The fields still to ask for, in the order they are asked."""
        return [name for name in CONTACT_FIELDS if not getattr(self, name)]

    def complete(self) -> tuple[str, str, str, str] | None:
        """First name, last name, email and phone once all are given."""
        if self.first_name and self.last_name and self.email and self.phone:
            return self.first_name, self.last_name, self.email, self.phone
        return None


CONTACT_FIELDS: Final[tuple[str, ...]] = ContactDetails.__struct_fields__
"""The details a sign-up from the chat needs, in the order they are asked."""


class PendingSignup(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A sign-up from this conversation waiting for its e-mail to be confirmed: the
    applications the visitor confirms meanwhile are held with it."""

    token_id: str
    email: str
    first_name: str | None = None


class ShownApplication(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One of the candidate's applications as the chat listed it ("the second one", "the
    Dallas one"): the words a person may use to point at it."""

    id: str
    title: str | None = None
    city: str | None = None
    state: str | None = None
    specialty: str | None = None
    status: str | None = None


class PendingWithdrawal(ShownApplication, kw_only=True, omit_defaults=True):
    """An application the candidate was asked to confirm withdrawing: only a yes in the very
    next message withdraws it."""

    turn: int = 0
    """The turn that asked."""


class DialogueState(msgspec.Struct, kw_only=True, omit_defaults=True):
    filters: JobSearchFilters | None = None
    """The last search (None: nothing searched yet; empty filters: "show me jobs")."""
    page: int = 1
    """The page of the last search shown last."""
    results: list[JobRef] = []
    """The jobs the last search showed, in order ("the second one")."""
    focus: JobRef | None = msgspec.field(default=None, name="focus_job")
    """The job the conversation is about ("apply to it")."""
    pending_apply: PendingApplication | None = None
    expecting: str | None = None
    """What the offline engine just asked for (a contact field, a yes, a friend's email)."""
    contact: ContactDetails | None = None
    handed_off: bool = False
    first_name: str | None = None
    """The first name of the person who signed up in this conversation."""
    signup: PendingSignup | None = None
    applications: list[ShownApplication] = []
    """The candidate's applications as last listed, in order ("the second one")."""
    pending_withdrawal: PendingWithdrawal | None = None
    language: Literal["en", "es"] = "en"
    """The language the conversation is in (the visitor's, kept while their messages are
    neutral: see ``assistant.agent.replies.language``); both engines answer in it."""

    def for_visitor(self) -> DialogueState:
        """What someone who is not the owner may see of an owned conversation's state:
        the job search, never the owner's details, sign-up or pending application."""
        return DialogueState(
            filters=self.filters, page=self.page, results=self.results, focus=self.focus
        )

    def to_stored(self) -> dict[str, Any]:
        """JSON-ready, without the fields that hold their default."""
        stored: dict[str, Any] = msgspec.to_builtins(self)
        return stored

    def snapshot(self) -> DialogueState:
        """An independent copy, to go back to when a turn's work is rolled back."""
        return msgspec.convert(msgspec.to_builtins(self), DialogueState)

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any] | None) -> DialogueState:
        """The state saved on a chat session, whatever version of the code wrote it."""
        if not stored:
            return cls()
        values = dict(stored)
        # Before the filters held the free words, the last query was a field of its own.
        legacy_query = values.pop("query", None)
        filters = values.get("filters")
        if legacy_query and isinstance(filters, dict) and not filters.get("query"):
            values["filters"] = {**filters, "query": legacy_query}
        try:
            return msgspec.convert(values, cls, strict=False)
        except msgspec.ValidationError as exc:
            log.warning("chat state partly unreadable, keeping what is: %s", exc)
            return _salvaged(values)


_STORED_NAMES: Final[dict[str, str]] = {
    field.encode_name: field.name for field in msgspec.structs.fields(DialogueState)
}


def _salvaged(values: Mapping[str, Any]) -> DialogueState:
    """Every field that decodes on its own; unreadable ones keep their default."""
    state = DialogueState()
    for stored_name, attribute in _STORED_NAMES.items():
        value = values.get(stored_name)
        if value is None:
            continue
        if attribute == "filters" and isinstance(value, Mapping):
            state.filters = JobSearchFilters.from_mapping_lenient(value)
            continue
        try:
            decoded = msgspec.convert({stored_name: value}, DialogueState, strict=False)
        except msgspec.ValidationError:
            continue
        setattr(state, attribute, getattr(decoded, attribute))
    return state
