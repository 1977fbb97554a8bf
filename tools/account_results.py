"""What the account tools hand back: the candidate's applications, one with its history, a
withdrawal, a profile change, a license or certification added.

Language-free facts: the offline replies (English or Spanish) and the model word them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

from data_layer.applications.mine import HistoryEntry, MyApplication
from data_layer.candidates.preferences import Preferences
from data_layer.chat.dialogue import ShownApplication
from tools.results import ClientEvent, action, model_json

LOGIN_NOTE = (
    "They are not signed in: ask them to log in with the Log in button in this chat; "
    "their account questions are answered after that."
)


class ApplicationItem(msgspec.Struct, frozen=True, kw_only=True):
    """One of the candidate's applications with its job, as the chat shows it."""

    n: int
    """Its position in the list shown ("the second one")."""
    application_id: str
    job_id: str
    title: str
    city: str | None
    state: str | None
    specialty: str | None
    job_type: str | None
    status: str
    """applied, reviewing, interviewing, offered, placed, rejected or withdrawn."""
    applied_on: dt.date
    job_url: str

    @classmethod
    def of(cls, n: int, app: MyApplication, job_url: str) -> ApplicationItem:
        return cls(
            n=n,
            application_id=str(app.application_id),
            job_id=str(app.job_id),
            title=app.title,
            city=app.city,
            state=app.state,
            specialty=app.specialty,
            job_type=app.job_type,
            status=app.status,
            applied_on=app.applied_at.date(),
            job_url=job_url,
        )

    def ref(self) -> ShownApplication:
        return ShownApplication(
            id=self.application_id,
            title=self.title,
            city=self.city,
            state=self.state,
            specialty=self.specialty,
            status=self.status,
        )


class HistoryItem(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    on: dt.date

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryItem:
        return cls(status=entry.status, on=entry.at.date())


class ApplicationsList(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in candidate's own applications, newest first (``login_required`` else)."""

    status: Literal["ok", "login_required"]
    applications: list[ApplicationItem] = []
    total: int = 0
    """All of their applications (``applications`` holds the newest few)."""

    def for_model(self) -> str:
        if self.status == "login_required":
            return model_json(self.status, LOGIN_NOTE)
        return model_json(
            self.status,
            None if self.applications else "They have not applied to any job yet.",
            applications=self.applications,
            total=self.total,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return _login(self.status)


def _login(status: str) -> tuple[ClientEvent, ...]:
    return (action("login_required", reason="account"),) if status == "login_required" else ()


Lookup = Literal["ok", "login_required", "not_found", "ambiguous", "no_applications"]


class OneApplication(msgspec.Struct, frozen=True, kw_only=True):
    """One application with its status history, or why none could be picked."""

    status: Lookup
    application: ApplicationItem | None = None
    history: list[HistoryItem] = []
    """Status changes, oldest first."""
    choices: list[ApplicationItem] = []
    """For ``ambiguous``: the applications the words fit (ask which one)."""

    def for_model(self) -> str:
        notes = {
            "login_required": LOGIN_NOTE,
            "not_found": "None of their applications fits that: list them (my_applications).",
            "ambiguous": "Several applications fit: ask which one (choices).",
            "no_applications": "They have not applied to any job yet.",
        }
        return model_json(
            self.status,
            notes.get(self.status),
            application=self.application,
            history=self.history,
            choices=self.choices,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return _login(self.status)


WithdrawStatus = Literal[
    "confirmation_required",
    "withdrawn",
    "not_allowed",
    "cancelled",
    "nothing_pending",
    "login_required",
    "not_found",
    "ambiguous",
    "no_applications",
]

CONFIRM_WITHDRAW_TEXT = "Yes, withdraw it"
KEEP_APPLICATION_TEXT = "No, keep it"
"""What the widget's buttons send: the first is a yes to the server."""


class Withdrawal(msgspec.Struct, frozen=True, kw_only=True):
    status: WithdrawStatus
    application: ApplicationItem | None = None
    choices: list[ApplicationItem] = []
    note: str | None = None

    def for_model(self) -> str:
        return model_json(
            self.status, self.note, application=self.application, choices=self.choices
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status == "confirmation_required" and self.application is not None:
            return (
                action(
                    "confirm_withdraw",
                    application_id=self.application.application_id,
                    title=self.application.title,
                    city=self.application.city,
                    state=self.application.state,
                    confirm_text=CONFIRM_WITHDRAW_TEXT,
                    cancel_text=KEEP_APPLICATION_TEXT,
                ),
            )
        if self.status == "withdrawn" and self.application is not None:
            return (
                action("application_withdrawn", application_id=self.application.application_id),
            )
        return _login(self.status)


class PreferencesView(msgspec.Struct, frozen=True, kw_only=True):
    available_from: dt.date | None
    preferred_states: list[str]
    job_types: list[str]
    shift: str | None

    @classmethod
    def of(cls, prefs: Preferences) -> PreferencesView:
        return cls(
            available_from=prefs.available_from,
            preferred_states=list(prefs.preferred_states),
            job_types=list(prefs.job_types),
            shift=prefs.shift,
        )


class ProfileUpdated(msgspec.Struct, frozen=True, kw_only=True):
    """What the candidate's own message changed on their profile."""

    status: Literal["updated", "unchanged", "nothing_said", "login_required"]
    changed: list[str] = []
    """available_from, preferred_states, job_types, shift."""
    profile: PreferencesView | None = None
    ignored: list[str] = []
    """Words that name nothing the profile can hold."""

    def for_model(self) -> str:
        notes = {
            "updated": "Tell them what is on their profile now (profile), for what changed.",
            "unchanged": "Their profile already said that.",
            "nothing_said": "Their message names no availability date, states, job types or "
            "shift to save: ask what to change, in their own words (e.g. 'I'm available from "
            "March 1', 'I prefer Texas and Florida', 'travel only', 'nights').",
            "login_required": LOGIN_NOTE,
        }
        return model_json(
            self.status,
            notes[self.status],
            changed=self.changed,
            profile=self.profile,
            ignored=self.ignored,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return _login(self.status)


CredentialStatus = Literal[
    "added",
    "updated",
    "unchanged",
    "needs_state",
    "unknown",
    "no_resume",
    "nothing_said",
    "login_required",
]


class CredentialAdded(msgspec.Struct, frozen=True, kw_only=True):
    """A license or certification from the candidate's own message, on their profile."""

    status: CredentialStatus
    kind: Literal["license", "certification"] | None = None
    label: str | None = None
    expires_on: dt.date | None = None
    expired: bool = False

    def for_model(self) -> str:
        notes = {
            "added": "Say it is on their profile (with the expiry, if given).",
            "updated": "Say the profile now has the new expiry.",
            "unchanged": "Their profile already had it.",
            "needs_state": "Ask which state issued the license.",
            "unknown": "That license or certification is not one we know: ask them to spell "
            "it out, or to tell a recruiter.",
            "no_resume": "Certifications are kept with their resume: ask them to attach it "
            "(paperclip button); a recruiter can also add it.",
            "nothing_said": "Their message names no license or certification: ask which, in "
            "their own words (e.g. 'I renewed my BLS, exp 03/2027').",
            "login_required": LOGIN_NOTE,
        }
        note = notes[self.status]
        if self.expired:
            note += " The expiry date given is already past: mention it."
        return model_json(
            self.status, note, kind=self.kind, label=self.label, expires_on=self.expires_on
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return _login(self.status)
