"""What the application tools hand back: where an application stands, and the outcome of
signing up from the chat."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from data_layer.chat.dialogue import JobRef
from tools.results import ClientEvent, action, model_json


class ApplicationJob(msgspec.Struct, frozen=True, kw_only=True):
    """The job an application is for, as the chat API's actions show it."""

    id: str
    title: str | None
    city: str | None
    state: str | None
    job_type: str | None

    @classmethod
    def of(cls, job: JobRef) -> ApplicationJob:
        return cls(
            id=job.id, title=job.title, city=job.city, state=job.state, job_type=job.job_type
        )

    def wire(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "title": self.title,
            "city": self.city,
            "state": self.state,
            "job_type": self.job_type,
        }


class AwaitingConfirmation(msgspec.Struct, frozen=True, kw_only=True):
    """The candidate is asked to confirm; only a yes in a later message submits."""

    job: ApplicationJob
    note: str

    @property
    def status(self) -> Literal["confirmation_required"]:
        return "confirmation_required"

    def for_model(self) -> str:
        return model_json(self.status, self.note, job=self.job)

    def client_events(self) -> tuple[ClientEvent, ...]:
        return (action("confirm_apply", job=self.job.wire()),)


class DetailsRequired(msgspec.Struct, frozen=True, kw_only=True):
    """An anonymous visitor must give their contact details (``register_candidate``) first."""

    note: str
    job: ApplicationJob | None = None
    missing: list[str] | None = None
    """The details still to ask for, in order."""

    @property
    def status(self) -> Literal["details_required"]:
        return "details_required"

    def for_model(self) -> str:
        facts: dict[str, object] = {}
        if self.job is not None:
            facts["job"] = self.job
        if self.missing is not None:
            facts["missing"] = self.missing
        return model_json(self.status, self.note, **facts)

    def client_events(self) -> tuple[ClientEvent, ...]:
        return ()


class ApplicationRefused(msgspec.Struct, frozen=True, kw_only=True):
    """Nothing to apply to: no such job, a closed job, or no application waiting."""

    status: Literal["not_found", "closed", "nothing_pending"]
    note: str

    def for_model(self) -> str:
        return model_json(self.status, self.note)

    def client_events(self) -> tuple[ClientEvent, ...]:
        return ()


class ApplicationSubmitted(msgspec.Struct, frozen=True, kw_only=True):
    """The application is in (now, or earlier: ``already_applied``)."""

    job: ApplicationJob
    application_id: UUID
    already_applied: bool
    application_status: str
    """The stored application's status (``applied``, ``screening`` ...)."""

    @property
    def status(self) -> Literal["ok"]:
        return "ok"

    def for_model(self) -> str:
        return model_json(
            self.status,
            application_id=self.application_id,
            job=self.job,
            already_applied=self.already_applied,
            application_status=self.application_status,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return (
            action(
                "applied",
                application_id=str(self.application_id),
                job=self.job.wire(),
                already_applied=self.already_applied,
                status=self.application_status,
            ),
        )


class ApplicationCancelled(msgspec.Struct, frozen=True, kw_only=True):
    """The waiting application was dropped (``job`` None: there was none)."""

    job: ApplicationJob | None

    @property
    def status(self) -> Literal["cancelled", "nothing_pending"]:
        return "nothing_pending" if self.job is None else "cancelled"

    def for_model(self) -> str:
        return model_json(self.status, job=self.job or {})

    def client_events(self) -> tuple[ClientEvent, ...]:
        return ()


class ApplicationHeld(msgspec.Struct, frozen=True, kw_only=True):
    """Confirmed by a visitor whose e-mail is not confirmed yet: kept with their sign-up and
    sent the moment they open the link mailed to ``email``."""

    job: ApplicationJob
    email: str

    @property
    def status(self) -> Literal["held_until_email_confirmed"]:
        return "held_until_email_confirmed"

    def for_model(self) -> str:
        return model_json(
            self.status,
            "Tell them it is saved and is sent as soon as they open the link we e-mailed.",
            job=self.job,
            email=self.email,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return (action("application_held", job=self.job.wire(), email=self.email),)


ApplicationResult = (
    AwaitingConfirmation
    | DetailsRequired
    | ApplicationRefused
    | ApplicationSubmitted
    | ApplicationHeld
    | ApplicationCancelled
)


RegistrationStatus = Literal[
    "already_registered",
    "throttled",
    "invalid",
    "login_required",
    "verification_sent",
    "mail_limit",
]


class RegistrationResult(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of signing up from the chat: a confirmation link mailed, or why not."""

    status: RegistrationStatus
    note: str | None = None
    first_name: str | None = None
    pending_job: ApplicationJob | None = None
    """The application now waiting for the new candidate's yes, if one is."""
    error: str | None = None
    """For ``invalid``: what is wrong, in words."""
    email: str | None = None
    """For ``login_required``: the address that already has an account; for
    ``verification_sent`` and ``mail_limit``: where the confirmation link went."""
    retry_after_s: int | None = None
    """For ``throttled``: when sign-ups from this network work again."""

    def for_model(self) -> str:
        facts: dict[str, object] = {}
        if self.status in ("verification_sent", "already_registered"):
            facts["first_name"] = self.first_name
        if self.pending_job is not None:
            facts["pending_job"] = self.pending_job
        if self.status == "invalid":
            facts["error"] = self.error
        if self.status in ("login_required", "verification_sent", "mail_limit"):
            facts["email"] = self.email
        if self.status == "throttled":
            facts["retry_after_s"] = self.retry_after_s
        return model_json(self.status, self.note, **facts)

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status == "login_required":
            return (action("login_required", email=self.email),)
        events: list[ClientEvent] = []
        if self.status == "verification_sent":
            events.append(action("verification_sent", email=self.email))
        if self.pending_job is not None:
            events.append(action("confirm_apply", job=self.pending_job.wire()))
        return tuple(events)
